package org.together.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.together.schemas.registry.CompatibilityLevelTest.visit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The REST client against Confluent's documented answers, served over real HTTP by {@link CannedRegistryServer}. */
class RestSchemaRegistryClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final CannedRegistryServer server = new CannedRegistryServer();
    private final RestSchemaRegistryClient client = new RestSchemaRegistryClient(server.url());
    private final Schema v1 = visit("a:string");

    @AfterEach
    void stop() {
        server.close();
    }

    private static String json(Object value) throws Exception {
        return JSON.writeValueAsString(value);
    }

    @Test
    void registerPostsTheSchemaWithConfluentsContentTypeAndReturnsTheId() throws Exception {
        server.answer("POST /subjects/visits-value/versions", 200, "{\"id\":21}");
        assertThat(client.register("visits-value", v1)).isEqualTo(21);

        CannedRegistryServer.Request request = server.requests().get(0);
        assertThat(request.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.header("Accept")).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.header("Authorization")).isNull();
        JsonNode body = JSON.readTree(request.body());
        assertThat(new Schema.Parser().parse(body.get("schema").textValue())).isEqualTo(v1);
        assertThat(body.has("schemaType")).as("Avro is the default type, left out like Confluent's client").isFalse();
    }

    @Test
    void theRegistryIsAskedOncePerSchemaAndTheRegisteredIdResolvesFromTheCache() {
        server.answer("POST /subjects/visits-value/versions", 200, "{\"id\":21}");
        for (int i = 0; i < 5; i++) {
            assertThat(client.register("visits-value", visit("a:string"))).isEqualTo(21);
        }
        assertThat(client.getSchemaById(21)).isEqualTo(v1);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aSchemaFetchedByIdIsFetchedOnce() throws Exception {
        server.answer("GET /schemas/ids/7", 200, json(Map.of("schema", v1.toString())));
        assertThat(client.getSchemaById(7)).isEqualTo(v1);
        assertThat(client.getSchemaById(7)).isEqualTo(v1);
        assertThat(server.count("GET", "/schemas/ids/7")).isEqualTo(1);
        assertThat(server.requests().get(0).header("Content-Type")).as("no body, no content type").isNull();
    }

    @Test
    void aSuccessfulLookupIsCachedAndAMissingSchemaIs40403() throws Exception {
        server.answer("POST /subjects/visits-value", 200,
                json(Map.of("subject", "visits-value", "version", 3, "id", 9, "schema", v1.toString())));
        assertThat(client.lookup("visits-value", v1)).isEqualTo(new RegisteredSchema("visits-value", 3, 9, v1));
        assertThat(client.lookup("visits-value", v1).id()).isEqualTo(9);
        assertThat(server.count("POST", "/subjects/visits-value")).isEqualTo(1);

        server.answer("POST /subjects/other-value", 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
        assertThatThrownBy(() -> client.lookup("other-value", v1))
                .isInstanceOf(SchemaRegistryException.SchemaNotFoundException.class)
                .hasMessageContaining("Schema not found")
                .hasMessageContaining("/subjects/other-value");
    }

    @Test
    void versionsAreReadFromConfluentsVersionBodies() throws Exception {
        Schema v2 = visit("a:string", "b:string:x");
        server.answer("GET /subjects/visits-value/versions/latest", 200,
                json(Map.of("subject", "visits-value", "version", 2, "id", 12, "schema", v2.toString())));
        server.answer("GET /subjects/visits-value/versions/1", 200,
                json(Map.of("subject", "visits-value", "version", 1, "id", 11, "schema", v1.toString())));
        server.answer("GET /subjects/visits-value/versions", 200, "[1,2]");
        server.answer("GET /subjects", 200, "[\"visits-value\",\"other-value\"]");

        assertThat(client.getLatestVersion("visits-value")).isEqualTo(new RegisteredSchema("visits-value", 2, 12, v2));
        assertThat(client.getVersion("visits-value", 1)).isEqualTo(new RegisteredSchema("visits-value", 1, 11, v1));
        assertThat(client.getAllVersions("visits-value")).containsExactly(1, 2);
        assertThat(client.getAllSubjects()).containsExactly("visits-value", "other-value");
    }

    @ParameterizedTest(name = "HTTP {0} error_code {1} -> {2}")
    @CsvSource({
            "404, 40401, SubjectNotFoundException",
            "404, 40402, VersionNotFoundException",
            "404, 40403, SchemaNotFoundException",
            "409, 409, IncompatibleSchemaException",
            "409, 40901, IncompatibleSchemaException",
            "422, 42201, InvalidSchemaException",
            "422, 42202, InvalidVersionException",
            "422, 42203, InvalidCompatibilityLevelException",
            "500, 50001, ServerErrorException",
            "500, 50002, ServerErrorException",
            "500, 50003, ServerErrorException",
            "401, 401, SchemaRegistryException"})
    void confluentErrorBodiesBecomeTypedExceptions(int status, int code, String type) {
        server.answer("POST /subjects/visits-value/versions", status,
                "{\"error_code\":" + code + ",\"message\":\"the registry says no\"}");
        assertThatThrownBy(() -> client.register("visits-value", v1))
                .satisfies(e -> {
                    assertThat(e.getClass().getSimpleName()).isEqualTo(type);
                    SchemaRegistryException error = (SchemaRegistryException) e;
                    assertThat(error.errorCode()).isEqualTo(code);
                    assertThat(error.httpStatus()).isEqualTo(status);
                    assertThat(error.getMessage()).contains("the registry says no").contains("error code: " + code)
                            .contains("POST " + server.url() + "/subjects/visits-value/versions");
                });
    }

    @Test
    void anAnswerThatIsNotConfluentJsonReportsTheStatusAndTheBody() {
        server.answerRaw("GET /schemas/ids/1", 502, "text/html", "<html>Bad Gateway</html>");
        assertThatThrownBy(() -> client.getSchemaById(1))
                .isInstanceOf(SchemaRegistryException.ServerErrorException.class)
                .hasMessageContaining("HTTP 502").hasMessageContaining("Bad Gateway")
                .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(502));
    }

    @Test
    void compatibilityIsTestedAgainstTheLatestVersionAndAnEmptySubjectIsCompatible() {
        server.answer("POST /compatibility/subjects/visits-value/versions/latest", 200, "{\"is_compatible\":false}");
        assertThat(client.testCompatibility("visits-value", v1)).isFalse();
        server.answer("POST /compatibility/subjects/visits-value/versions/latest", 200, "{\"is_compatible\":true}");
        assertThat(client.testCompatibility("visits-value", v1)).isTrue();
        server.answer("POST /compatibility/subjects/new-value/versions/latest", 404,
                "{\"error_code\":40401,\"message\":\"Subject 'new-value' not found.\"}");
        assertThat(client.testCompatibility("new-value", v1)).isTrue();
    }

    @Test
    void compatibilityLevelsAreReadAndWrittenWithConfluentsTwoKeyNames() throws Exception {
        server.answer("GET /config", 200, "{\"compatibilityLevel\":\"BACKWARD\"}");
        server.answer("GET /config/visits-value?defaultToGlobal=true", 200, "{\"compatibilityLevel\":\"FULL\"}");
        server.answer("GET /config/plain-value?defaultToGlobal=true", 404,
                "{\"error_code\":40408,\"message\":\"Subject 'plain-value' does not have subject-level compatibility configured\"}");
        server.answer("PUT /config/visits-value", 200, "{\"compatibility\":\"FORWARD\"}");
        server.answer("PUT /config", 200, "{\"compatibility\":\"NONE\"}");

        assertThat(client.getCompatibility(null)).isEqualTo("BACKWARD");
        assertThat(client.getCompatibility("visits-value")).isEqualTo("FULL");
        assertThat(client.getCompatibility("plain-value")).as("falls back to the global level").isEqualTo("BACKWARD");

        client.setCompatibility("visits-value", "forward");
        client.setCompatibility(null, "NONE");
        assertThat(server.requests().stream().filter(r -> r.method().equals("PUT")).map(r -> r.pathAndQuery() + " " + r.body()))
                .containsExactly("/config/visits-value {\"compatibility\":\"FORWARD\"}", "/config {\"compatibility\":\"NONE\"}");
    }

    @Test
    void anUnknownLevelIsRefusedWith42203BeforeAnyRequest() {
        assertThatThrownBy(() -> client.setCompatibility(null, "SIDEWAYS"))
                .isInstanceOf(SchemaRegistryException.InvalidCompatibilityLevelException.class)
                .hasMessageContaining("SIDEWAYS");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void subjectsAreUrlEncodedInPaths() {
        server.answer("GET /subjects/odd%20subject%2Fvalue/versions", 200, "[1]");
        assertThat(client.getAllVersions("odd subject/value")).containsExactly(1);
    }

    @Test
    void basicAuthComesFromUserInfoConfig() {
        server.answer("GET /subjects", 200, "[]");
        new RestSchemaRegistryClient(server.url(), Map.of("basic.auth.user.info", "fred:s3cret")).getAllSubjects();
        assertThat(server.requests().get(0).header("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("fred:s3cret".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void basicAuthComesFromTheUrlWhenTheSourceIsUrl() {
        server.answer("GET /subjects", 200, "[]");
        String url = server.url().replace("http://", "http://ann:pw@");
        RestSchemaRegistryClient withUrlCredentials = new RestSchemaRegistryClient(url, Map.of("basic.auth.credentials.source", "URL"));
        withUrlCredentials.getAllSubjects();
        assertThat(withUrlCredentials.baseUrls()).containsExactly(server.url());
        assertThat(server.requests().get(0).header("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("ann:pw".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anUnreachableRegistryIsReportedWithItsUrlAndTheNextUrlIsTried() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
        String dead = "http://127.0.0.1:" + deadPort;
        assertThatThrownBy(() -> new RestSchemaRegistryClient(dead).getAllSubjects())
                .isInstanceOf(SchemaRegistryException.UnreachableException.class)
                .hasMessageContaining(dead + "/subjects");

        server.answer("GET /subjects", 200, "[\"visits-value\"]");
        assertThat(new RestSchemaRegistryClient(dead + "," + server.url()).getAllSubjects()).containsExactly("visits-value");
    }

    @Test
    void errorsNameTheRegistryWithoutThePasswordGivenInItsUrl() throws Exception {
        assertThatThrownBy(() -> new RestSchemaRegistryClient("ftp://admin:SECRETPW123@registry:8081"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ftp://admin:***@registry:8081").hasMessageNotContaining("SECRETPW123");
        assertThatThrownBy(() -> new RestSchemaRegistryClient("http://admin:SECRET PW@registry:8081"))
                .as("a URL that does not parse").isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("SECRET");
        assertThatThrownBy(() -> org.together.schemas.serde.AvroSerdeConfig.client(Map.of(
                "schema.registry.url", "ftp://admin:SECRETPW123@registry:8081")))
                .isInstanceOf(org.apache.kafka.common.config.ConfigException.class).hasMessageNotContaining("SECRETPW123");

        server.answer("GET /schemas/ids/8", 404, "{\"error_code\":40403,\"message\":\"Schema 8 not found\"}");
        String withPassword = server.url().replace("http://", "http://admin:SECRETPW123@");
        assertThatThrownBy(() -> new RestSchemaRegistryClient(withPassword, Map.of("basic.auth.credentials.source", "URL"))
                .getSchemaById(8))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("Schema 8 not found (GET " + server.url() + "/schemas/ids/8)")
                .hasMessageNotContaining("SECRETPW123");
    }

    @Test
    void aNonHttpUrlIsRefusedAtConstruction() {
        assertThatThrownBy(() -> new RestSchemaRegistryClient("localhost:8081"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("localhost:8081");
        assertThatThrownBy(() -> new RestSchemaRegistryClient(server.url(), Map.of("basic.auth.user.info", "no-colon")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user:password");
    }
}
