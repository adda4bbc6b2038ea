package org.together.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.ingest.IngestTestSupport.ADMIN_TOKEN;
import static org.together.http.MalformedRequests.abbreviate;
import static org.together.ingest.IngestTestSupport.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.together.http.MalformedRequests;
import org.together.http.MalformedRequests.Case;

/**
 * More than a thousand generated malformed requests, sent in one process over keep-alive: each must be
 * answered with a 4xx and a JSON error body (never a 5xx, never a dropped connection), and none may write
 * anything to any topic: events, the coordination endpoints, erasure and the meeting's targets, paths Jetty itself
 * refuses included.
 */
class MalformedRequestsFuzzTest {

    private static final Set<Integer> UNPROCESSABLE = Set.of(422, 403);
    private static final Set<Integer> ANY_4XX = Set.of(400, 401, 403, 404, 405, 413, 415, 422);

    private static int port;
    private static String territory;
    private static String token;
    private static String otherTerritory;

    @BeforeAll
    static void startService() {
        port = IngestTestSupport.port();
        String[] t = IngestTestSupport.newTerritory(port, "fuzz");
        territory = t[0];
        token = t[1];
        otherTerritory = IngestTestSupport.newTerritory(port, "fuzz-other")[0];
    }

    @Test
    void generatedMalformedRequestsAreAll4xxWithAJsonErrorAndWriteNothing() {
        List<Case> cases = generate();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(1_000);
        org.slf4j.LoggerFactory.getLogger(MalformedRequestsFuzzTest.class).info("sending {} malformed requests", cases.size());
        Map<TopicPartition, Long> before = IngestTestSupport.endOffsetsOfAllTopics();

        assertThat(requests().failures(cases)).as("requests answered wrongly").isEmpty();
        assertThat(IngestTestSupport.endOffsetsOfAllTopics()).as("topic end offsets").isEqualTo(before);
        assertThat(IngestTestSupport.get(port, "/health/ready", null).status()).isEqualTo(200);
    }

    /** Each case to the service: an error body, or a per-event answer of 422 that stored nothing. */
    private static MalformedRequests requests() {
        return new MalformedRequests(IngestTestSupport.HTTP, "http://127.0.0.1:" + port, (status, body) -> status == 422
                && body.path("results").isArray() && body.path("accepted").asInt() + body.path("duplicates").asInt() == 0);
    }

    // ---------------------------------------------------------------- generation

    private static List<Case> generate() {
        List<Case> cases = new ArrayList<>();
        List<ObjectNode> templates = templates();
        badTokens(cases, templates.get(0));
        badContentTypes(cases, templates.get(0));
        for (ObjectNode t : templates) {
            truncations(cases, t);
            wrongFieldValues(cases, t, "");
            unknownFields(cases, t);
            invalidUtf8(cases, t);
        }
        syntax(cases, templates.get(0));
        nesting(cases);
        numbers(cases, templates.get(2), templates.get(4));
        strings(cases, templates.get(0));
        nulls(cases, templates);
        otherTerritory(cases, templates);
        sizes(cases, templates.get(0));
        methods(cases, templates.get(0));
        garbage(cases);
        coordination(cases);
        erasure(cases);
        cases.addAll(targetCases());
        return cases;
    }

    private static List<ObjectNode> templates() {
        String at = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        List<ObjectNode> t = new ArrayList<>();
        ObjectNode joined = base("participant.joined", at).put("participantId", "p-fuzz-0001").put("role", "citizen")
                .put("groupId", "g-1").put("channel", "online");
        joined.putObject("source").put("app", "fuzz").put("version", "1").put("formVersion", "2");
        t.add(joined);
        t.add(base("participant.left", at).put("participantId", "p-fuzz-0001").put("reason", "moved"));
        t.add(base("tool.used", at).put("toolId", "choices-guide").put("stage", "completed").put("participantId", "p-fuzz-0001")
                .put("rating", 4).put("durationMinutes", 30));
        ObjectNode spiral = base("wellbeing.evaluated", at).put("groupId", "elders").put("participantsCount", 9)
                .put("method", "spiral-criteria");
        spiral.putArray("criteria").addObject().put("dimension", "A").put("component", "A01").put("question", "wellbeing")
                .put("count", 3);
        t.add(spiral);
        ObjectNode footprint = base("footprint.assessed", at).put("groupId", "elders").put("tonnesCo2ePerYear", 6.5);
        footprint.putObject("breakdown").put("food", 2.0).put("housing", 1.5).put("mobility", 1.0).put("goods", 1.0)
                .put("publicServices", 1.0);
        t.add(footprint);
        ObjectNode coEval = base("wellbeing.evaluated", at).put("groupId", "council").put("participantsCount", 12)
                .put("method", "co-evaluation");
        coEval.putObject("scores").put("A", 3).put("H", 5);
        t.add(coEval);
        return t;
    }

    private static ObjectNode base(String type, String at) {
        return JSON.createObjectNode().put("eventId", UUID.randomUUID().toString()).put("type", type)
                .put("territoryId", territory).put("occurredAt", at);
    }

    private static byte[] bytes(Object o) {
        return IngestTestSupport.bytes(o);
    }

    private static Case event(String name, byte[] body, Set<Integer> expected) {
        return new Case(name, "POST", "/api/v1/events", "Bearer " + token, "application/json", body, expected);
    }

    private static void badTokens(List<Case> cases, ObjectNode valid) {
        byte[] body = bytes(valid);
        List<String> headers = new ArrayList<>(List.of("", "Bearer", "Bearer ", "Bearer  ", "Basic " + token,
                "bearer" + token, "Bearer " + token + "x", "Bearer " + token.substring(0, token.length() - 1),
                "Bearer " + token.toUpperCase(), "Bearer tgt_", "Bearer " + ADMIN_TOKEN, "Bearer " + "a".repeat(4_000),
                "Bearer " + token + " " + token, "Token " + token, "Bearer null", "Bearer undefined",
                "Bearer tgt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "Bearer \t", "Bearer " + UUID.randomUUID()));
        cases.add(new Case("token header over Jetty's 8 KiB", "POST", "/api/v1/events", "Bearer " + "a".repeat(20_000),
                "application/json", body, Set.of(431)));
        for (int i = 0; i < headers.size(); i++) {
            cases.add(new Case("token #" + i, "POST", "/api/v1/events", headers.get(i).isEmpty() ? null : headers.get(i),
                    "application/json", body, Set.of(401)));
        }
        cases.add(new Case("territory token on import", "POST", "/api/v1/import", "Bearer " + token, "application/json",
                body, Set.of(403)));
        cases.add(new Case("no token on import", "POST", "/api/v1/import", null, "application/json", body, Set.of(401)));
    }

    private static void badContentTypes(List<Case> cases, ObjectNode valid) {
        byte[] body = bytes(valid);
        for (String ct : List.of("text/plain", "application/xml", "text/json", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/jsonx", "application/json-patch+json",
                "application/json; charset=iso-8859-1", "application/json; charset=utf-16", "application/octet-stream",
                "*/*", "json", "application/", ";", "application/json;charset=latin1")) {
            cases.add(new Case("content type " + ct, "POST", "/api/v1/events", "Bearer " + token, ct, body, Set.of(415)));
        }
        cases.add(new Case("no content type", "POST", "/api/v1/events", "Bearer " + token, null, body, Set.of(415)));
    }

    private static void truncations(List<Case> cases, ObjectNode template) {
        byte[] full = bytes(template);
        byte[] asArray = bytes(JSON.createArrayNode().add(template).add(template));
        int step = Math.max(1, full.length / 40);
        for (int n = 0; n < full.length; n += step) {
            cases.add(event("truncated " + template.get("type").asText() + " at " + n,
                    java.util.Arrays.copyOf(full, n), Set.of(400)));
        }
        int arrayStep = Math.max(1, asArray.length / 15);
        for (int n = 1; n < asArray.length; n += arrayStep) {
            cases.add(event("truncated array at " + n, java.util.Arrays.copyOf(asArray, n), Set.of(400)));
        }
    }

    /** Values that break every field they replace, whatever its type. */
    private static List<JsonNode> wrongValues(String field, JsonNode current) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<JsonNode> values = new ArrayList<>();
        values.add(f.booleanNode(true));
        values.add(f.arrayNode());
        values.add(f.objectNode().put("x", 1));
        values.add(f.arrayNode().add(current));
        if (!current.isObject()) {
            values.add(f.objectNode());
        }
        if (current.isTextual()) {
            values.add(f.numberNode(42));
            values.add(f.numberNode(-1.5));
            values.add(f.textNode(""));
            values.add(f.textNode(" \u0000 "));
            values.add(f.textNode("x".repeat(300)));
        } else if (current.isNumber()) {
            values.add(f.textNode(current.asText()));
            values.add(f.numberNode(-1));
            values.add(f.numberNode(1_000_000));
            if (current.isIntegralNumber()) {
                values.add(f.numberNode(current.asInt() + 0.5));
            }
        } else if (current.isObject()) {
            values.add(f.textNode("object expected"));
            values.add(f.numberNode(7));
        } else if (current.isArray()) {
            values.add(f.textNode("array expected"));
            values.add(f.arrayNode().add(1).add(2));
            values.add(f.arrayNode().add(f.nullNode()));
        }
        return values;
    }

    private static void wrongFieldValues(List<Case> cases, ObjectNode template, String label) {
        Iterator<Map.Entry<String, JsonNode>> fields = template.fields();
        List<String> names = new ArrayList<>();
        fields.forEachRemaining(e -> names.add(e.getKey()));
        for (String name : names) {
            for (JsonNode bad : wrongValues(name, template.get(name))) {
                ObjectNode e = template.deepCopy();
                e.put("eventId", UUID.randomUUID().toString());
                e.set(name, bad);
                cases.add(event(label + template.get("type").asText() + "." + name + " = " + abbreviate(bad), bytes(e),
                        UNPROCESSABLE));
            }
            JsonNode nested = template.get(name);
            if (nested.isObject()) {
                nested.fieldNames().forEachRemaining(inner -> {
                    for (JsonNode bad : wrongValues(inner, nested.get(inner))) {
                        ObjectNode e = template.deepCopy();
                        e.put("eventId", UUID.randomUUID().toString());
                        ((ObjectNode) e.get(name)).set(inner, bad);
                        cases.add(event(template.get("type").asText() + "." + name + "." + inner + " = " + abbreviate(bad),
                                bytes(e), UNPROCESSABLE));
                    }
                });
            } else if (nested.isArray() && nested.size() > 0 && nested.get(0).isObject()) {
                nested.get(0).fieldNames().forEachRemaining(inner -> {
                    for (JsonNode bad : wrongValues(inner, nested.get(0).get(inner))) {
                        ObjectNode e = template.deepCopy();
                        e.put("eventId", UUID.randomUUID().toString());
                        ((ObjectNode) e.get(name).get(0)).set(inner, bad);
                        cases.add(event(template.get("type").asText() + "." + name + "[0]." + inner + " = " + abbreviate(bad),
                                bytes(e), UNPROCESSABLE));
                    }
                });
            }
        }
        // every required field missing in turn
        for (String name : names) {
            ObjectNode e = template.deepCopy();
            e.remove(name);
            e.put("eventId", UUID.randomUUID().toString());
            if (isRequired(template.get("type").asText(), name)) {
                cases.add(event(template.get("type").asText() + " without " + name, bytes(e), UNPROCESSABLE));
            }
        }
    }

    private static boolean isRequired(String type, String field) {
        if (Set.of("eventId", "type", "territoryId", "occurredAt").contains(field)) {
            return !field.equals("eventId");
        }
        return switch (type) {
            case "participant.joined" -> Set.of("participantId", "role").contains(field);
            case "participant.left" -> field.equals("participantId");
            case "tool.used" -> Set.of("toolId", "stage").contains(field);
            case "wellbeing.evaluated" -> Set.of("groupId", "participantsCount", "method", "criteria", "scores").contains(field);
            case "footprint.assessed" -> Set.of("tonnesCo2ePerYear", "groupId").contains(field);
            default -> false;
        };
    }

    private static void unknownFields(List<Case> cases, ObjectNode template) {
        for (String extra : List.of("email", "name", "firstName", "phone", "address", "birthDate", "ip", "Participantid",
                "eventid", " eventId", "")) {
            ObjectNode e = template.deepCopy().put("eventId", UUID.randomUUID().toString());
            e.put(extra, "Jeanne Dupont");
            cases.add(event(template.get("type").asText() + " with unknown field '" + extra + "'", bytes(e), UNPROCESSABLE));
        }
        template.fields().forEachRemaining(entry -> {
            if (entry.getValue().isObject()) {
                ObjectNode e = template.deepCopy().put("eventId", UUID.randomUUID().toString());
                ((ObjectNode) e.get(entry.getKey())).put("email", "jeanne@example.org");
                cases.add(event("unknown field in " + entry.getKey(), bytes(e), UNPROCESSABLE));
            }
            if (entry.getValue().isArray()) {
                ObjectNode e = template.deepCopy().put("eventId", UUID.randomUUID().toString());
                ((ObjectNode) e.get(entry.getKey()).get(0)).put("author", "Jeanne");
                cases.add(event("unknown field in " + entry.getKey() + "[0]", bytes(e), UNPROCESSABLE));
            }
        });
    }

    private static void invalidUtf8(List<Case> cases, ObjectNode template) {
        byte[][] sequences = {
            {(byte) 0xC3, (byte) 0x28}, {(byte) 0xFF}, {(byte) 0xFE}, {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0xE2, (byte) 0x82}, {(byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};
        String json = template.toString();
        String marker = "\"" + template.get("territoryId").asText() + "\"";
        int at = json.indexOf(marker) + 2;
        for (int i = 0; i < sequences.length; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] head = json.substring(0, at).getBytes(StandardCharsets.UTF_8);
            byte[] tail = json.substring(at).getBytes(StandardCharsets.UTF_8);
            out.write(head, 0, head.length);
            out.write(sequences[i], 0, sequences[i].length);
            out.write(tail, 0, tail.length);
            cases.add(event("invalid UTF-8 #" + i + " in " + template.get("type").asText(), out.toByteArray(), Set.of(400)));
        }
        byte[] utf16 = json.getBytes(StandardCharsets.UTF_16);
        cases.add(event("UTF-16 body", utf16, Set.of(400)));
        byte[] bom = ("\uFEFF" + json).getBytes(StandardCharsets.UTF_8);
        cases.add(event("UTF-8 byte order mark", bom, Set.of(400)));
    }

    private static void syntax(List<Case> cases, ObjectNode template) {
        String json = template.toString();
        String id = template.get("eventId").asText();
        List<String> bodies = List.of(
                json + json, json + " x", json + ",", "[" + json + ",]", "[" + json + "," + "]", json.replace("\"", "'"),
                json.replace(":", "="), json.replace(",", ";"), "{" + json, json + "}", json.replaceFirst("\\{", "{/* c */"),
                json.replaceFirst("\\{", "{\"eventId\":\"" + id + "\","), "{\"eventId\":NaN}", "{\"rating\":Infinity}",
                "{\"rating\":-Infinity}", "{\"rating\":01}", "{\"rating\":+1}", "{\"rating\":.5}", "{\"rating\":1.}",
                "{\"a\":undefined}", "{a:1}", "{\"a\"}", "{\"a\":}", "{,}", "[,]", "[1,,2]", "\"unterminated",
                "{\"eventId\":\"\\x41\"}", "{\"eventId\":\"\\u00\"}", "{\"eventId\":\"tab\there\"}",
                "{\"eventId\":\"new\nline\"}", "tru", "nul", "{} {}", "[] []", "   ", "\n", "\u0000",
                "{\"eventId\":\"" + id + "\"}garbage", "<event/>", "eventId=1&type=x");
        for (int i = 0; i < bodies.size(); i++) {
            cases.add(event("syntax #" + i, bodies.get(i).getBytes(StandardCharsets.UTF_8), Set.of(400)));
        }
    }

    private static void nesting(List<Case> cases) {
        for (int depth : new int[] {33, 40, 64, 100, 500, 1_000, 10_000, 100_000, 400_000}) {
            cases.add(event("array nesting " + depth, ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8),
                    Set.of(400)));
            cases.add(event("object nesting " + depth, ("{\"a\":".repeat(depth) + "1" + "}".repeat(depth))
                    .getBytes(StandardCharsets.UTF_8), depth * 6 > 1024 * 1024 ? Set.of(413) : Set.of(400)));
            cases.add(event("unclosed nesting " + depth, "[".repeat(depth).getBytes(StandardCharsets.UTF_8), Set.of(400)));
        }
        for (int depth : new int[] {3, 5, 8, 16, 30}) {
            ObjectNode e = JSON.createObjectNode();
            ObjectNode cur = e.putObject("source");
            for (int i = 0; i < depth; i++) {
                cur = cur.putObject("app");
            }
            cases.add(event("nested source depth " + depth, bytes(e), UNPROCESSABLE));
        }
    }

    private static void numbers(List<Case> cases, ObjectNode toolUsed, ObjectNode footprint) {
        List<String> huge = List.of("1e400", "-1e400", "1e-400", "123456789012345678901234567890", "4.0000000000000001",
                "9223372036854775808", "-9223372036854775809", "1" + "0".repeat(99), "1" + "0".repeat(150), "1e99999999",
                "0.1e1", "5e0", "2147483648", "-2147483649", "1.7976931348623157e309", "4.9e-325");
        for (String n : huge) {
            String rating = toolUsed.deepCopy().put("eventId", UUID.randomUUID().toString()).toString()
                    .replace("\"rating\":4", "\"rating\":" + n);
            String duration = toolUsed.deepCopy().put("eventId", UUID.randomUUID().toString()).toString()
                    .replace("\"durationMinutes\":30", "\"durationMinutes\":" + n);
            cases.add(event("rating " + abbreviate(n), rating.getBytes(StandardCharsets.UTF_8), Set.of(400, 422)));
            if (n.equals("2147483648")) {
                String zero = toolUsed.deepCopy().put("eventId", UUID.randomUUID().toString()).toString()
                        .replace("\"rating\":4", "\"rating\":-0");
                cases.add(event("rating -0", zero.getBytes(StandardCharsets.UTF_8), Set.of(422)));
            }
            cases.add(event("durationMinutes " + abbreviate(n), duration.getBytes(StandardCharsets.UTF_8), Set.of(400, 422)));
        }
        for (String n : List.of("1e400", "-1e400", "200.0000001", "-0.0000001", "1" + "0".repeat(99), "1" + "0".repeat(150),
                "9" + "9".repeat(40))) {
            String t = footprint.deepCopy().put("eventId", UUID.randomUUID().toString()).toString()
                    .replace("\"tonnesCo2ePerYear\":6.5", "\"tonnesCo2ePerYear\":" + n);
            cases.add(event("tonnes " + abbreviate(n), t.getBytes(StandardCharsets.UTF_8), Set.of(400, 422)));
        }
    }

    private static void strings(List<Case> cases, ObjectNode joined) {
        for (int size : new int[] {65, 1_000, 100_000, 900_000}) {
            for (String field : List.of("participantId", "eventId", "territoryId", "groupId", "occurredAt", "role")) {
                ObjectNode e = joined.deepCopy().put("eventId", UUID.randomUUID().toString());
                e.put(field, "p".repeat(size));
                cases.add(event(field + " of " + size + " chars", bytes(e), UNPROCESSABLE));
            }
        }
        for (String s : List.of("\u202Ep-fuzz-0001", "p-fuzz-0001\u0000", "p fuzz 0001", "jeanne@example.org", "Jeanne Dupont",
                "p-fuzz-\uD83D\uDE00-1", "<script>alert(1)</script>", "'; DROP TABLE participants; --", "../../etc/passwd")) {
            ObjectNode e = joined.deepCopy().put("eventId", UUID.randomUUID().toString()).put("participantId", s);
            cases.add(event("participantId " + abbreviate(s), bytes(e), UNPROCESSABLE));
        }
    }

    private static void nulls(List<Case> cases, List<ObjectNode> templates) {
        for (String body : List.of("null", "[null]", "[null,null]", "{\"eventId\":null}", "[[]]", "[1,2,3]", "[\"event\"]",
                "[true]", "42", "\"participant.joined\"", "true", "false", "[{}]", "{}", "[{},{}]")) {
            cases.add(event("shape " + body, body.getBytes(StandardCharsets.UTF_8), Set.of(400, 422)));
        }
        for (ObjectNode t : templates) {
            t.fieldNames().forEachRemaining(name -> {
                if (isRequired(t.get("type").asText(), name) || name.equals("eventId")) {
                    ObjectNode e = t.deepCopy().put("eventId", UUID.randomUUID().toString());
                    e.putNull(name);
                    cases.add(event(t.get("type").asText() + "." + name + " = null", bytes(e), UNPROCESSABLE));
                }
            });
            ObjectNode allNull = JSON.createObjectNode();
            t.fieldNames().forEachRemaining(allNull::putNull);
            cases.add(event(t.get("type").asText() + " all null", bytes(allNull), UNPROCESSABLE));
        }
    }

    private static void otherTerritory(List<Case> cases, List<ObjectNode> templates) {
        for (ObjectNode t : templates) {
            ObjectNode theirs = t.deepCopy().put("eventId", UUID.randomUUID().toString()).put("territoryId", otherTerritory);
            ObjectNode mine = t.deepCopy().put("eventId", UUID.randomUUID().toString());
            cases.add(event("other territory " + t.get("type").asText(), bytes(theirs), Set.of(403)));
            cases.add(event("mine then other territory " + t.get("type").asText(),
                    bytes(JSON.createArrayNode().add(mine).add(theirs)), Set.of(403)));
            cases.add(event("unregistered territory " + t.get("type").asText(),
                    bytes(t.deepCopy().put("eventId", UUID.randomUUID().toString()).put("territoryId", "nowhere-land")), Set.of(403)));
        }
    }

    private static void sizes(List<Case> cases, ObjectNode joined) {
        ArrayNode many = JSON.createArrayNode();
        for (int i = 0; i < 1_001; i++) {
            many.add(joined.deepCopy().put("eventId", UUID.randomUUID().toString()));
        }
        cases.add(event("1,001 events", bytes(many), Set.of(413)));
        ArrayNode emptyObjects = JSON.createArrayNode();
        for (int i = 0; i < 5_000; i++) {
            emptyObjects.addObject();
        }
        cases.add(event("5,000 empty objects", bytes(emptyObjects), Set.of(413)));
        cases.add(event("1 MiB + 1 of spaces around an event",
                (" ".repeat(1024 * 1024 + 1 - joined.toString().length()) + joined).getBytes(StandardCharsets.UTF_8), Set.of(413)));
        cases.add(event("3 MiB string", ("{\"eventId\":\"" + "z".repeat(3 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8),
                Set.of(413)));
        cases.add(event("empty body", new byte[0], Set.of(400)));
    }

    private static void methods(List<Case> cases, ObjectNode joined) {
        for (String m : List.of("GET", "PUT", "DELETE", "PATCH")) {
            cases.add(new Case(m + " events", m, "/api/v1/events", "Bearer " + token, "application/json", bytes(joined),
                    Set.of(405)));
        }
        cases.add(new Case("unknown path", "POST", "/api/v1/event", "Bearer " + token, "application/json", bytes(joined),
                Set.of(404)));
        cases.add(new Case("unknown version", "POST", "/api/v2/events", "Bearer " + token, "application/json", bytes(joined),
                Set.of(404)));
    }

    private static void garbage(List<Case> cases) {
        Random random = new Random(20210710);
        for (int i = 0; i < 120; i++) {
            byte[] body = new byte[1 + random.nextInt(i < 100 ? 300 : 200_000)];
            random.nextBytes(body);
            if (i % 3 == 0) {
                body[0] = (byte) (i % 2 == 0 ? '{' : '[');
            }
            cases.add(event("random bytes #" + i, body, Set.of(400)));
        }
    }

    private static void coordination(List<Case> cases) {
        String admin = "Bearer " + ADMIN_TOKEN;
        String[] territoryBodies = {"{}", "[]", "null", "{\"id\":\"ab\",\"name\":\"x\",\"countryCode\":\"BE\",\"kind\":\"city\"}",
            "{\"id\":\"valid-id\",\"name\":\"x\",\"countryCode\":\"be\",\"kind\":\"city\"}",
            "{\"id\":\"valid-id\",\"name\":\"x\",\"countryCode\":\"BE\",\"kind\":\"metropolis\"}",
            "{\"id\":\"valid-id\",\"name\":\"x\",\"countryCode\":\"BE\",\"kind\":\"city\",\"lat\":12}",
            "{\"id\":\"valid-id\",\"name\":\"x\",\"countryCode\":\"BE\",\"kind\":\"city\",\"mayor\":\"Jean\"}",
            "{\"id\":\"valid-id\",\"name\":\"x\",\"countryCode\":\"BE\",\"kind\":\"city\",\"population\":-1}",
            "{\"id\":\"valid-id\",\"name\":\"\",\"countryCode\":\"BE\",\"kind\":\"city\"}", "{\"id\":", "\u00ff"};
        for (int i = 0; i < territoryBodies.length; i++) {
            cases.add(new Case("territory #" + i, "POST", "/api/v1/territories", admin, "application/json",
                    territoryBodies[i].getBytes(StandardCharsets.ISO_8859_1), ANY_4XX));
        }
        cases.add(new Case("territory without admin", "POST", "/api/v1/territories", "Bearer " + token, "application/json",
                territoryBodies[3].getBytes(StandardCharsets.UTF_8), Set.of(403)));
        cases.add(new Case("territory as text", "POST", "/api/v1/territories", admin, "text/plain",
                territoryBodies[3].getBytes(StandardCharsets.UTF_8), Set.of(415)));
        String[] toolBodies = {"{}", "{\"name\":1}", "{\"name\":\"x\",\"names\":[]}", "{\"name\":\"x\",\"names\":{\"EN\":\"y\"}}",
            "{\"name\":\"x\",\"names\":{\"en\":5}}", "{\"name\":\"x\",\"url\":\"http://x\"}", "[", "null"};
        for (int i = 0; i < toolBodies.length; i++) {
            cases.add(new Case("tool #" + i, "PUT", "/api/v1/tools/fuzz-tool", admin, "application/json",
                    toolBodies[i].getBytes(StandardCharsets.UTF_8), ANY_4XX));
        }
        cases.add(new Case("tool with bad id", "PUT", "/api/v1/tools/Fuzz%20Tool", admin, "application/json",
                "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8), ANY_4XX));
        cases.add(new Case("dimension K", "PUT", "/api/v1/spiral-dimensions/K", admin, "application/json",
                "{\"names\":{\"en\":\"x\"}}".getBytes(StandardCharsets.UTF_8), Set.of(400)));
        cases.add(new Case("dimension without names", "PUT", "/api/v1/spiral-dimensions/A", admin, "application/json",
                "{\"components\":[]}".getBytes(StandardCharsets.UTF_8), Set.of(422)));
        cases.add(new Case("rotate unknown", "POST", "/api/v1/territories/nowhere-land/token", admin, null, null, Set.of(404)));
        cases.add(new Case("revoke without admin", "DELETE", "/api/v1/territories/" + territory + "/token", "Bearer " + token,
                null, null, Set.of(403)));
    }

    /** Erasure requests that must erase nothing: wrong tokens, ids the contract refuses, other methods. */
    private static void erasure(List<Case> cases) {
        String admin = "Bearer " + ADMIN_TOKEN;
        String own = "Bearer " + token;
        String participant = "p-fuzz-0001";
        String path = "/api/v1/territories/" + territory + "/participants/";
        for (String t : new String[] {null, "", "Bearer", "Bearer " + token + "x", "Basic " + token, "Bearer " + ADMIN_TOKEN.toUpperCase()}) {
            cases.add(new Case("erasure with authorization " + abbreviate(t), "DELETE", path + participant, t, null, null,
                    Set.of(401)));
        }
        cases.add(new Case("erasure of another territory's participant", "DELETE",
                "/api/v1/territories/" + otherTerritory + "/participants/" + participant, own, null, null, Set.of(403)));
        cases.add(new Case("erasure in an unregistered territory", "DELETE",
                "/api/v1/territories/never-registered-" + UUID.randomUUID().toString().substring(0, 8) + "/participants/"
                        + participant, admin, null, null, Set.of(404)));
        String[] badParticipants = {"short", "p".repeat(65), "with%20space", "caf%C3%A9-0001", "..%2F..%2Fetc",
            "%2E%2E", "p-fuzz-0001%3Bx", "%3Cscript%3E1234", "p-fuzz%2A0001", "%F0%9F%98%80%F0%9F%98%80-0001", "p.fuzz.0001",
            "p-fuzz-0001%0D%0AX-Injected:%201",
            // Jetty refuses these itself, before any route (service-http's JsonErrorHandler answers): not UTF-8 once
            // decoded, a NUL (after which Jetty closes the connection, and says so), an overlong encoding of '/'
            "%FF%FE-fuzz-0001", "p-fuzz-%C3", "p-fuzz%00-0001", "%00", "p-fuzz-%C0%AF-0001"};
        for (String bad : badParticipants) {
            for (String who : new String[] {admin, own}) {
                cases.add(new Case("erasure of participant '" + bad + "' as " + (who.equals(admin) ? "admin" : "territory"),
                        "DELETE", path + bad, who, null, null, Set.of(400, 404, 422)));
            }
        }
        String[] badTerritories = {"AB", "x", "UPPER-CASE", "t".repeat(65), "under_score", "%2E%2E", "caf%C3%A9", "%FF", "t%00t"};
        for (String bad : badTerritories) {
            cases.add(new Case("erasure in territory '" + bad + "'", "DELETE",
                    "/api/v1/territories/" + bad + "/participants/" + participant, admin, null, null, Set.of(400, 404, 422)));
        }
        for (String m : List.of("GET", "POST", "PUT", "PATCH")) {
            cases.add(new Case(m + " on the erasure route", m, path + participant, admin, "application/json",
                    "{}".getBytes(StandardCharsets.UTF_8), Set.of(405)));
        }
        cases.add(new Case("erasure without a participant", "DELETE", path, admin, null, null, Set.of(404, 405)));
        cases.add(new Case("erasure with a participant path too deep", "DELETE", path + participant + "/events", admin,
                null, null, Set.of(404, 405)));
    }

    @Test
    void malformedTargetRequestsAre4xxNamingTheFieldAndWriteNothing() {
        List<Case> cases = targetCases();
        Map<TopicPartition, Long> before = IngestTestSupport.endOffsetsOfAllTopics();
        assertThat(requests().failures(cases)).as("target requests answered wrongly").isEmpty();
        assertThat(IngestTestSupport.endOffsetsOfAllTopics()).as("topic end offsets").isEqualTo(before);
    }

    /**
     * PUT and DELETE /api/v1/targets/{targetId} (admin): ids the contract refuses, bodies with one field wrong (each
     * named), bodies that are not a target at all, wrong tokens and media types, other methods. None may write.
     */
    private static List<Case> targetCases() {
        String admin = "Bearer " + ADMIN_TOKEN;
        String due = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusYears(1).toString();
        String path = "/api/v1/targets/";
        List<Case> cases = new ArrayList<>();
        java.util.function.Function<String, byte[]> utf8 = text -> text.getBytes(StandardCharsets.UTF_8);
        String valid = "{\"metric\":\"participantsActive\",\"value\":100,\"due\":\"" + due + "\"}";
        String[] badIds = {"ab", "x", "UPPER-CASE", "t".repeat(65), "under_score", "with%20space", "caf%C3%A9-target",
            "%2E%2E", "target%3Bx", "%3Cscript%3E"};
        for (String bad : badIds) {
            cases.add(new Case("PUT target '" + bad + "'", "PUT", path + bad, admin, "application/json",
                    utf8.apply(valid), Set.of(400)).naming("targetId"));
            cases.add(new Case("DELETE target '" + bad + "'", "DELETE", path + bad, admin, null, null,
                    Set.of(400)).naming("targetId"));
        }
        // one field wrong at a time, the rest valid
        String[][] oneWrong = {
            {"metric", "{\"value\":100,\"due\":\"" + due + "\"}"},
            {"metric", "{\"metric\":\"participantsLeft\",\"value\":100,\"due\":\"" + due + "\"}"},
            {"metric", "{\"metric\":7,\"value\":100,\"due\":\"" + due + "\"}"},
            {"metric", "{\"metric\":null,\"value\":100,\"due\":\"" + due + "\"}"},
            {"toolId", "{\"metric\":\"toolAdopters\",\"value\":100,\"due\":\"" + due + "\"}"},
            {"toolId", "{\"metric\":\"participantsActive\",\"toolId\":\"choices-guide\",\"value\":100,\"due\":\"" + due + "\"}"},
            {"toolId", "{\"metric\":\"toolAdopters\",\"toolId\":\"no-such-tool-anywhere\",\"value\":100,\"due\":\"" + due + "\"}"},
            {"toolId", "{\"metric\":\"toolAdopters\",\"toolId\":\"Choices Guide\",\"value\":100,\"due\":\"" + due + "\"}"},
            {"territoryId", "{\"metric\":\"participantsActive\",\"territoryId\":\"nowhere-registered\",\"value\":100,\"due\":\"" + due + "\"}"},
            {"territoryId", "{\"metric\":\"participantsActive\",\"territoryId\":\"UPPER\",\"value\":100,\"due\":\"" + due + "\"}"},
            {"territoryId", "{\"metric\":\"participantsActive\",\"territoryId\":12,\"value\":100,\"due\":\"" + due + "\"}"},
            {"value", "{\"metric\":\"participantsActive\",\"due\":\"" + due + "\"}"},
            {"value", "{\"metric\":\"participantsActive\",\"value\":0,\"due\":\"" + due + "\"}"},
            {"value", "{\"metric\":\"participantsActive\",\"value\":-5,\"due\":\"" + due + "\"}"},
            {"value", "{\"metric\":\"participantsActive\",\"value\":12.5,\"due\":\"" + due + "\"}"},
            {"value", "{\"metric\":\"participantsActive\",\"value\":\"100\",\"due\":\"" + due + "\"}"},
            {"value", "{\"metric\":\"participantsActive\",\"value\":1e400,\"due\":\"" + due + "\"}"},
            {"value", "{\"metric\":\"participantsActive\",\"value\":99999999999999999999,\"due\":\"" + due + "\"}"},
            {"value", "{\"metric\":\"participantsActive\",\"value\":true,\"due\":\"" + due + "\"}"},
            {"due", "{\"metric\":\"participantsActive\",\"value\":100}"},
            {"due", "{\"metric\":\"participantsActive\",\"value\":100,\"due\":\"2030-13-01\"}"},
            {"due", "{\"metric\":\"participantsActive\",\"value\":100,\"due\":\"31/12/2030\"}"},
            {"due", "{\"metric\":\"participantsActive\",\"value\":100,\"due\":\"2020-01-01\"}"},
            {"due", "{\"metric\":\"participantsActive\",\"value\":100,\"due\":20301231}"},
            {"due", "{\"metric\":\"participantsActive\",\"value\":100,\"due\":\"\"}"},
            {"due", "{\"metric\":\"participantsActive\",\"value\":100,\"due\":\"" + due + "T00:00:00Z\"}"},
            {"owner", "{\"metric\":\"participantsActive\",\"value\":100,\"due\":\"" + due + "\",\"owner\":\"Jean\"}"},
        };
        for (int i = 0; i < oneWrong.length; i++) {
            cases.add(new Case("target body #" + i + " (" + oneWrong[i][0] + ")", "PUT", path + "fuzz-target-" + i,
                    admin, "application/json", utf8.apply(oneWrong[i][1]), Set.of(422)).naming(oneWrong[i][0]));
        }
        // not a target at all: 400 with a message, no field to name
        for (String body : new String[] {"", "[]", "null", "\"target\"", "42", "{", "{\"metric\":", "{}}", "\u00ff"}) {
            cases.add(new Case("target body " + abbreviate(body), "PUT", path + "fuzz-target", admin,
                    "application/json", body.getBytes(StandardCharsets.ISO_8859_1), Set.of(400, 422)));
        }
        cases.add(new Case("target body over the size limit", "PUT", path + "fuzz-target", admin,
                "application/json", utf8.apply("{\"metric\":\"" + "x".repeat(2_000_000) + "\"}"), Set.of(413)));
        for (String t : new String[] {null, "", "Bearer", "Bearer " + token, "Bearer " + ADMIN_TOKEN + "x", "Basic " + ADMIN_TOKEN,
            "Bearer " + ADMIN_TOKEN.toUpperCase()}) {
            // a territory's good token is 403 (not for this endpoint), any other 401
            Set<Integer> refused = Set.of(("Bearer " + token).equals(t) ? 403 : 401);
            cases.add(new Case("PUT target with authorization " + abbreviate(t), "PUT", path + "fuzz-target", t,
                    "application/json", utf8.apply(valid), refused));
            cases.add(new Case("DELETE target with authorization " + abbreviate(t), "DELETE", path + "fuzz-target",
                    t, null, null, refused));
        }
        cases.add(new Case("target as text", "PUT", path + "fuzz-target", admin, "text/plain", utf8.apply(valid),
                Set.of(415)));
        cases.add(new Case("target as a form", "PUT", path + "fuzz-target", admin,
                "application/x-www-form-urlencoded", utf8.apply("metric=participantsActive&value=100"), Set.of(415)));
        cases.add(new Case("DELETE a target never set", "DELETE", path + "never-set-" + UUID.randomUUID(), admin,
                null, null, Set.of(404)));
        for (String m : List.of("POST", "PATCH")) {
            cases.add(new Case(m + " on a target", m, path + "fuzz-target", admin, "application/json",
                    utf8.apply(valid), Set.of(404, 405)));
        }
        cases.add(new Case("PUT without a target id", "PUT", path, admin, "application/json", utf8.apply(valid),
                Set.of(404, 405)));
        return cases;
    }
}
