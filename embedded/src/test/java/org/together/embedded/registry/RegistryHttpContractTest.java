package org.together.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.embedded.registry.RegistryHttp.JSON;
import static org.together.embedded.registry.RegistryHttp.schemaBody;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.together.embedded.EmbeddedStack;
import org.together.embedded.registry.RegistryHttp.Response;

/**
 * The Confluent REST contract, checked over plain HTTP against the registry of the shared stack.
 * Every test works in subjects of its own, so the order of tests does not matter.
 */
class RegistryHttpContractTest {
    private static final AtomicInteger SUBJECTS = new AtomicInteger();
    private static RegistryHttp http;

    @BeforeAll
    static void connect() {
        http = new RegistryHttp(EmbeddedStack.sharedForTests().registryUrl());
    }

    /** A fresh subject name, unique in this JVM. */
    private static String subject(String hint) {
        return "contract-" + hint + "-" + SUBJECTS.incrementAndGet() + "-value";
    }

    /** An Avro record schema text with the given field declarations (JSON objects). */
    static String record(String name, String... fields) {
        return "{\"type\":\"record\",\"name\":\"" + name + "\",\"namespace\":\"org.together.test\",\"fields\":["
                + String.join(",", fields) + "]}";
    }

    static String field(String name, String type) {
        return "{\"name\":\"" + name + "\",\"type\":\"" + type + "\"}";
    }

    static String field(String name, String type, String defaultJson) {
        return "{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"default\":" + defaultJson + "}";
    }

    private static String canonical(String schema) {
        return new Schema.Parser().parse(schema).toString();
    }

    @Test
    void registeringTheSameSchemaTwiceReturnsTheSameIdAndOneVersion() {
        String s = subject("same");
        String schema = record("Same", field("a", "int"));
        int first = http.register(s, schema);
        // Whitespace and field order inside the JSON object do not make it a different schema.
        int second = http.register(s, " {\"name\":\"Same\", \"namespace\":\"org.together.test\", \"type\":\"record\","
                + " \"fields\":[{\"type\":\"int\",\"name\":\"a\"}]}");
        assertThat(second).isEqualTo(first);
        assertThat(http.get("/subjects/" + s + "/versions").json()).containsExactly(JSON.getNodeFactory().numberNode(1));
    }

    @Test
    void theSameSchemaUnderAnotherSubjectGetsTheSameGlobalIdAndADifferentSchemaANewOne() {
        String schema = record("Shared", field("a", "string"));
        int inFirst = http.register(subject("shared"), schema);
        int inSecond = http.register(subject("shared"), schema);
        int other = http.register(subject("shared"), record("Shared", field("b", "string")));
        assertThat(inSecond).isEqualTo(inFirst);
        assertThat(other).isNotEqualTo(inFirst);
    }

    @Test
    void registerAnswersOnlyTheIdAsAnInteger() {
        Response r = http.post("/subjects/" + subject("answer") + "/versions", schemaBody(record("Answer", field("a", "int"))));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith(RegistryHttp.V1);
        assertThat(r.json().size()).isEqualTo(1);
        assertThat(r.json().get("id").isInt()).isTrue();
    }

    @Test
    void looksUpASchemaByItsGlobalIdWithoutASchemaTypeForAvro() {
        String schema = record("ById", field("a", "long"));
        int id = http.register(subject("byid"), schema);
        Response r = http.get("/schemas/ids/" + id);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().fieldNames()).toIterable().containsExactly("schema");
        assertThat(r.json().get("schema").asText()).isEqualTo(canonical(schema));
        assertThat(http.get("/schemas/ids/" + id + "/schema").json()).isEqualTo(JSON.valueToTree(
                readTree(canonical(schema))));
    }

    @Test
    void listsSubjectsVersionsTheLatestAndTheVersionsOfAnId() {
        String s = subject("versions");
        String v1 = record("Versions", field("a", "int"));
        String v2 = record("Versions", field("a", "int"), field("b", "string", "\"x\""));
        int id1 = http.register(s, v1);
        int id2 = http.register(s, v2);

        assertThat(texts(http.get("/subjects").json())).contains(s);
        assertThat(http.get("/subjects/" + s + "/versions").text()).isEqualTo("[1,2]");
        JsonNode first = http.get("/subjects/" + s + "/versions/1").json();
        assertThat(first.fieldNames()).toIterable().containsExactly("subject", "version", "id", "schema");
        assertThat(first.get("subject").asText()).isEqualTo(s);
        assertThat(first.get("version").asInt()).isEqualTo(1);
        assertThat(first.get("id").asInt()).isEqualTo(id1);
        assertThat(first.get("schema").asText()).isEqualTo(canonical(v1));
        JsonNode latest = http.get("/subjects/" + s + "/versions/latest").json();
        assertThat(latest.get("version").asInt()).isEqualTo(2);
        assertThat(latest.get("id").asInt()).isEqualTo(id2);
        assertThat(http.get("/subjects/" + s + "/versions/-1").json()).isEqualTo(latest);
        assertThat(http.get("/subjects/" + s + "/versions/2/schema").json()).isEqualTo(readTree(canonical(v2)));
        assertThat(http.get("/schemas/ids/" + id2 + "/versions").json())
                .isEqualTo(readTree("[{\"subject\":\"" + s + "\",\"version\":2}]"));
    }

    @Test
    void filtersAndPagesSubjectAndVersionLists() {
        String prefix = "contract-paging-" + SUBJECTS.incrementAndGet() + "-";
        for (String name : List.of("a", "b", "c")) {
            http.register(prefix + name, record("Paging", field("a", "int")));
        }
        http.register(prefix + "c", record("Paging", field("a", "int"), field("b", "int", "0")));
        http.register(prefix + "c", record("Paging", field("a", "int"), field("b", "int", "0"), field("c", "int", "0")));
        http.delete("/subjects/" + prefix + "c/versions/1");

        assertThat(texts(http.get("/subjects?subjectPrefix=" + prefix).json()))
                .containsExactly(prefix + "a", prefix + "b", prefix + "c");
        assertThat(texts(http.get("/subjects?subjectPrefix=" + prefix + "&offset=1&limit=1").json()))
                .containsExactly(prefix + "b");
        assertThat(http.get("/subjects/" + prefix + "c/versions?deletedOnly=true").text()).isEqualTo("[1]");
        assertThat(http.get("/subjects/" + prefix + "c/versions?offset=1").text()).isEqualTo("[3]");
        assertThat(http.get("/subjects/" + prefix + "c/versions?deleted=true&limit=2").text()).isEqualTo("[1,2]");
        JsonNode latestSchemas = http.get("/schemas?latestOnly=true&subjectPrefix=" + prefix).json();
        assertThat(latestSchemas).hasSize(3);
        assertThat(latestSchemas.get(2).get("subject").asText()).isEqualTo(prefix + "c");
        assertThat(latestSchemas.get(2).get("version").asInt()).isEqualTo(3);
        assertThat(http.get("/schemas?subjectPrefix=" + prefix).json()).hasSize(4);
    }

    @Test
    void looksUpASchemaUnderASubjectWithoutRegisteringIt() {
        String s = subject("lookup");
        String schema = record("Lookup", field("a", "int"));
        int id = http.register(s, schema);

        Response found = http.post("/subjects/" + s, schemaBody(schema));
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json()).isEqualTo(readTree("{\"subject\":\"" + s + "\",\"version\":1,\"id\":" + id
                + ",\"schema\":" + JSON.valueToTree(canonical(schema)) + "}"));

        Response absent = http.post("/subjects/" + s, schemaBody(record("Lookup", field("z", "int"))));
        assertThat(absent.status()).isEqualTo(404);
        assertThat(absent.errorCode()).isEqualTo(40403);
        assertThat(http.get("/subjects/" + s + "/versions").text()).isEqualTo("[1]");

        Response noSubject = http.post("/subjects/" + subject("nobody"), schemaBody(schema));
        assertThat(noSubject.status()).isEqualTo(404);
        assertThat(noSubject.errorCode()).isEqualTo(40401);
    }

    /**
     * For each level: the history registered first, then a change the level accepts and one it refuses.
     * Transitive levels refuse a change that is fine against the latest version but not against an older one.
     */
    static Stream<Arguments> levels() {
        String v1 = record("Level", field("a", "int"));
        String addOptional = record("Level", field("a", "int"), field("b", "string", "\"none\""));
        String addRequired = record("Level", field("a", "int"), field("b", "string"));
        String replaceAByOptionalB = record("Level", field("b", "string", "\"none\""));
        String typeChange = record("Level", field("a", "string"));
        // Histories whose last step is compatible both ways while their first version is not, with some candidates.
        String intWithDefault = record("Level", field("a", "int", "0"));
        String stringWithDefault = record("Level", field("a", "string", "\"\""));
        String empty = record("Level");
        return Stream.of(
                Arguments.of("NONE", List.of(v1), typeChange, null),
                Arguments.of("BACKWARD", List.of(v1), addOptional, addRequired),
                Arguments.of("BACKWARD_TRANSITIVE", List.of(v1, empty), replaceAByOptionalB, stringWithDefault),
                Arguments.of("FORWARD", List.of(v1), addRequired, replaceAByOptionalB),
                Arguments.of("FORWARD_TRANSITIVE", List.of(stringWithDefault, empty), record("Level", field("c", "long")), v1),
                Arguments.of("FULL", List.of(v1), addOptional, addRequired),
                Arguments.of("FULL_TRANSITIVE", List.of(intWithDefault, empty), record("Level", field("c", "long", "0")),
                        stringWithDefault),
                // The non-transitive forms accept what the transitive ones refuse: only the latest version counts.
                Arguments.of("BACKWARD", List.of(v1, empty), stringWithDefault, null),
                Arguments.of("FORWARD", List.of(stringWithDefault, empty), v1, null),
                Arguments.of("FULL", List.of(intWithDefault, empty), stringWithDefault, null));
    }

    @ParameterizedTest(name = "{0} after {1}: accepts {2}, refuses {3}")
    @MethodSource("levels")
    void enforcesTheSubjectsCompatibilityLevel(String level, List<String> history, String compatible, String incompatible) {
        String s = subject(level.toLowerCase());
        assertThat(http.put("/config/" + s, JSON.createObjectNode().put("compatibility", level)).status()).isEqualTo(200);
        history.forEach(schema -> http.register(s, schema));

        if (incompatible != null) {
            Response check = http.post("/compatibility/subjects/" + s + "/versions/latest?verbose=true",
                    schemaBody(incompatible));
            Response checkAll = http.post("/compatibility/subjects/" + s + "/versions?verbose=true", schemaBody(incompatible));
            assertThat(checkAll.json().get("is_compatible").asBoolean()).isFalse();
            assertThat(checkAll.json().get("messages")).isNotEmpty();
            if (!level.endsWith("_TRANSITIVE")) {
                assertThat(check.json().get("is_compatible").asBoolean()).isFalse();
            }
            Response refused = http.post("/subjects/" + s + "/versions", schemaBody(incompatible));
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.errorCode()).isEqualTo(409);
            assertThat(refused.json().get("message").asText()).contains("incompatible").contains(s);
        }
        Response check = http.post("/compatibility/subjects/" + s + "/versions/latest", schemaBody(compatible));
        assertThat(check.json()).isEqualTo(readTree("{\"is_compatible\":true}"));
        http.register(s, compatible);
        assertThat(http.get("/subjects/" + s + "/versions").json()).hasSize(history.size() + 1);
    }

    @Test
    void aSubjectLevelOverridesTheGlobalOneUntilItIsDeleted() {
        String s = subject("config");
        http.register(s, record("Config", field("a", "int")));
        String addRequired = record("Config", field("a", "int"), field("b", "int"));
        assertThat(http.get("/config").json()).isEqualTo(readTree("{\"compatibilityLevel\":\"BACKWARD\"}"));
        assertThat(http.get("/config/" + s).json()).isEqualTo(readTree("{\"compatibilityLevel\":\"BACKWARD\"}"));

        Response set = http.put("/config/" + s, JSON.createObjectNode().put("compatibility", "forward"));
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json()).isEqualTo(readTree("{\"compatibility\":\"FORWARD\"}"));
        assertThat(http.get("/config/" + s).json()).isEqualTo(readTree("{\"compatibilityLevel\":\"FORWARD\"}"));
        assertThat(http.get("/config").json()).isEqualTo(readTree("{\"compatibilityLevel\":\"BACKWARD\"}"));

        // FORWARD accepts a new required field, which the global BACKWARD would refuse.
        assertThat(http.put("/config/" + s, JSON.createObjectNode().put("compatibilityLevel", "FORWARD")).json())
                .isEqualTo(readTree("{\"compatibility\":\"FORWARD\"}"));
        Response deleted = http.delete("/config/" + s);
        assertThat(deleted.json()).isEqualTo(readTree("{\"compatibilityLevel\":\"FORWARD\"}"));
        assertThat(http.get("/config/" + s).json()).isEqualTo(readTree("{\"compatibilityLevel\":\"BACKWARD\"}"));
        assertThat(http.post("/subjects/" + s + "/versions", schemaBody(addRequired)).status()).isEqualTo(409);
        http.put("/config/" + s, JSON.createObjectNode().put("compatibility", "FORWARD"));
        http.register(s, addRequired);
    }

    @Test
    void theGlobalLevelAppliesToSubjectsWithoutTheirOwn() {
        String plain = subject("global");
        String pinned = subject("global-pinned");
        String v1 = record("Global", field("a", "int"));
        // a field without a default: forward compatible, not backward (global NONE needs the admin token, even here)
        String newField = record("Global", field("a", "int"), field("b", "int"));
        http.register(plain, v1);
        http.register(pinned, v1);
        http.put("/config/" + pinned, JSON.createObjectNode().put("compatibility", "BACKWARD"));
        try {
            Response set = http.put("/config", JSON.createObjectNode().put("compatibility", "FORWARD"));
            assertThat(set.json()).isEqualTo(readTree("{\"compatibility\":\"FORWARD\"}"));
            assertThat(http.get("/config").json()).isEqualTo(readTree("{\"compatibilityLevel\":\"FORWARD\"}"));
            assertThat(http.post("/subjects/" + pinned + "/versions", schemaBody(newField)).status()).isEqualTo(409);
            http.register(plain, newField);
        } finally {
            http.put("/config", JSON.createObjectNode().put("compatibility", "BACKWARD"));
        }
        assertThat(http.get("/config").json()).isEqualTo(readTree("{\"compatibilityLevel\":\"BACKWARD\"}"));
    }

    @Test
    void answersEveryErrorWithItsConfluentCodeAndAMessage() {
        String s = subject("errors");
        String v1 = record("Errors", field("a", "int"));
        http.register(s, v1);

        assertError(http.get("/subjects/" + subject("missing") + "/versions"), 404, 40401, "not found");
        assertError(http.get("/subjects/" + subject("missing") + "/versions/latest"), 404, 40401, "not found");
        assertError(http.get("/subjects/" + s + "/versions/7"), 404, 40402, "Version 7 not found");
        assertError(http.get("/schemas/ids/987654"), 404, 40403, "Schema 987654 not found");
        assertError(http.post("/subjects/" + s, schemaBody(record("Errors", field("q", "int")))), 404, 40403, "Schema not found");
        assertError(http.post("/subjects/" + s + "/versions", schemaBody(record("Errors", field("a", "string")))), 409, 409,
                "incompatible");
        assertError(http.post("/subjects/" + s + "/versions", schemaBody("{\"type\":\"record\",\"name\":")), 422, 42201,
                "Invalid schema");
        assertError(http.post("/subjects/" + s + "/versions", schemaBody("{\"type\":\"recrod\",\"name\":\"X\",\"fields\":[]}")),
                422, 42201, "Invalid schema");
        assertError(http.post("/subjects/" + s + "/versions", JSON.createObjectNode()), 422, 42201, "Empty schema");
        assertError(http.post("/subjects/" + s + "/versions",
                schemaBody("syntax = \"proto3\";").put("schemaType", "PROTOBUF")), 422, 42201, "PROTOBUF");
        assertError(http.get("/subjects/" + s + "/versions/0"), 422, 42202, "'0' is not a valid version");
        assertError(http.get("/subjects/" + s + "/versions/first"), 422, 42202, "'first' is not a valid version");
        assertError(http.put("/config", JSON.createObjectNode().put("compatibility", "SIDEWAYS")), 422, 42203,
                "Invalid compatibility level");
        assertError(http.put("/config/" + s, JSON.createObjectNode().put("compatibility", "")), 422, 42203,
                "Invalid compatibility level");
        assertError(http.post("/subjects/" + s + "/versions", "schema=x", "text/plain"), 415, 415, "Unsupported Media Type");
        assertError(http.get("/no/such/endpoint"), 404, 404, "Not Found");
        // The refused requests changed nothing.
        assertThat(http.get("/subjects/" + s + "/versions").text()).isEqualTo("[1]");
        assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void aSchemaTheKafkaStoreCannotHoldIsAStoreErrorAndLeavesNothingBehind() {
        String s = subject("too-large");
        // A valid schema whose stored record exceeds the producer's 1 MiB request limit.
        String doc = "x".repeat(1_200_000);
        String huge = "{\"type\":\"record\",\"name\":\"Huge\",\"doc\":\"" + doc + "\",\"fields\":[]}";
        assertError(http.post("/subjects/" + s + "/versions", schemaBody(huge)), 500, 50001, "Error while storing");
        assertError(http.get("/subjects/" + s + "/versions"), 404, 40401, "not found");
    }

    @Test
    void acceptsEveryConfluentContentType() {
        String s = subject("types");
        String schema = record("Types", field("a", "int"));
        for (String type : List.of(RegistryHttp.V1, "application/vnd.schemaregistry+json", "application/json",
                "application/json; charset=utf-8")) {
            Response r = http.post("/subjects/" + s + "/versions", schemaBody(schema).toString(), type);
            assertThat(r.status()).as(type).isEqualTo(200);
        }
        Response avroTyped = http.post("/subjects/" + s + "/versions", schemaBody(schema).put("schemaType", "AVRO")
                .set("references", JSON.createArrayNode()));
        assertThat(avroTyped.status()).isEqualTo(200);
    }

    @Test
    void softDeletesASubjectThenDeletesItPermanentlyWithoutEverReusingItsIds() {
        String s = subject("delete");
        String v1 = record("Delete", field("a", "int"));
        String v2 = record("Delete", field("a", "int"), field("b", "int", "0"));
        int id1 = http.register(s, v1);
        int id2 = http.register(s, v2);

        http.put("/config/" + s, JSON.createObjectNode().put("compatibility", "FULL"));
        assertError(http.delete("/subjects/" + s + "?permanent=true"), 404, 40405, "was not deleted first");
        Response soft = http.delete("/subjects/" + s);
        assertThat(soft.status()).isEqualTo(200);
        assertThat(soft.text()).isEqualTo("[1,2]");
        assertThat(texts(http.get("/subjects").json())).doesNotContain(s);
        assertThat(texts(http.get("/subjects?deleted=true").json())).contains(s);
        assertThat(texts(http.get("/subjects?deletedOnly=true").json())).contains(s).doesNotContainAnyElementsOf(
                texts(http.get("/subjects").json()));
        assertThat(http.get("/config/" + s).json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        assertError(http.get("/subjects/" + s + "/versions"), 404, 40401, "not found");
        assertThat(http.get("/subjects/" + s + "/versions?deleted=true").text()).isEqualTo("[1,2]");
        assertThat(http.get("/subjects/" + s + "/versions/2?deleted=true").json().get("id").asInt()).isEqualTo(id2);
        // Soft-deleted schemas still decode old records.
        assertThat(http.get("/schemas/ids/" + id2).status()).isEqualTo(200);
        assertError(http.delete("/subjects/" + s), 404, 40404, "was soft deleted");

        Response permanent = http.delete("/subjects/" + s + "?permanent=true");
        assertThat(permanent.text()).isEqualTo("[1,2]");
        assertThat(texts(http.get("/subjects?deleted=true").json())).doesNotContain(s);
        assertError(http.get("/schemas/ids/" + id2), 404, 40403, "not found");
        assertError(http.get("/subjects/" + s + "/versions?deleted=true"), 404, 40401, "not found");

        int again = http.register(s, v2);
        assertThat(again).isNotIn(id1, id2).isGreaterThan(id2);
        assertThat(http.get("/subjects/" + s + "/versions").text()).isEqualTo("[1]");
    }

    @Test
    void softDeletesOneVersionThenDeletesItPermanently() {
        String s = subject("delete-version");
        int id1 = http.register(s, record("DeleteVersion", field("a", "int")));
        http.register(s, record("DeleteVersion", field("a", "int"), field("b", "int", "0")));
        String v3 = record("DeleteVersion", field("a", "int"), field("b", "int", "0"), field("c", "int", "0"));
        http.register(s, v3);

        assertError(http.delete("/subjects/" + s + "/versions/2?permanent=true"), 404, 40407, "was not deleted first");
        Response soft = http.delete("/subjects/" + s + "/versions/2");
        assertThat(soft.status()).isEqualTo(200);
        assertThat(soft.text()).isEqualTo("2");
        assertThat(http.get("/subjects/" + s + "/versions").text()).isEqualTo("[1,3]");
        assertThat(http.get("/subjects/" + s + "/versions?deleted=true").text()).isEqualTo("[1,2,3]");
        assertError(http.get("/subjects/" + s + "/versions/2"), 404, 40402, "Version 2 not found");
        assertError(http.delete("/subjects/" + s + "/versions/2"), 404, 40406, "was soft deleted");

        assertThat(http.delete("/subjects/" + s + "/versions/latest").text()).isEqualTo("3");
        assertThat(http.get("/subjects/" + s + "/versions/latest").json().get("id").asInt()).isEqualTo(id1);
        assertThat(http.delete("/subjects/" + s + "/versions/2?permanent=true").text()).isEqualTo("2");
        assertThat(http.get("/subjects/" + s + "/versions?deleted=true").text()).isEqualTo("[1,3]");

        // Registering v3 again after its soft delete makes a new version with the same id.
        int id3 = http.get("/subjects/" + s + "/versions/3?deleted=true").json().get("id").asInt();
        assertThat(http.register(s, v3)).isEqualTo(id3);
        assertThat(http.get("/subjects/" + s + "/versions").text()).isEqualTo("[1,4]");
    }

    private static void assertError(Response r, int status, int errorCode, String messagePart) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.contentType()).startsWith(RegistryHttp.V1);
        JsonNode body = r.json();
        assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("error_code", "message");
        assertThat(body.get("error_code").isInt()).isTrue();
        assertThat(body.get("error_code").asInt()).as(r.text()).isEqualTo(errorCode);
        assertThat(body.get("message").asText()).contains(messagePart);
    }

    private static List<String> texts(JsonNode array) {
        return Stream.iterate(0, i -> i < array.size(), i -> i + 1).map(i -> array.get(i).asText()).toList();
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
