package org.together.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.together.embedded.registry.RegistryHttp.JSON;
import static org.together.embedded.registry.RegistryHttpContractTest.field;
import static org.together.embedded.registry.RegistryHttpContractTest.record;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.together.embedded.EmbeddedStack;
import org.together.schemas.registry.RestSchemaRegistryClient;
import org.together.schemas.registry.SchemaRegistryException;

/**
 * The embedded registry refuses changes (POST, PUT, DELETE) from anywhere but loopback unless they carry the admin
 * token; reading stays open. Every request here goes over loopback: the registry under test is told that no
 * address is loopback, so each one is treated as coming from elsewhere. The registry's security test: also its
 * headers and its body limit.
 */
class RegistryWriteAccessTest {

    private static final String TOKEN = "registry-admin-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EmbeddedSchemaRegistry remoteView;
    private static EmbeddedSchemaRegistry remoteViewWithoutToken;
    /** The registry as {@code run} starts it: loopback told apart for real, the admin token configured. */
    private static EmbeddedSchemaRegistry onLoopback;

    @BeforeAll
    static void start() {
        String kafka = EmbeddedStack.sharedForTests().bootstrapServers();
        remoteView = EmbeddedSchemaRegistry.start(kafka, Map.of(), "127.0.0.1", 0, Optional.of(TOKEN),
                Duration.ofSeconds(15), address -> false);
        remoteViewWithoutToken = EmbeddedSchemaRegistry.start(kafka, Map.of(), "127.0.0.1", 0, Optional.empty(),
                Duration.ofSeconds(15), address -> false);
        onLoopback = EmbeddedSchemaRegistry.start(kafka, Map.of(), "127.0.0.1", 0, Optional.of(TOKEN));
    }

    @AfterAll
    static void stop() {
        remoteView.close();
        remoteViewWithoutToken.close();
        onLoopback.close();
    }

    /**
     * Review 18, finding 2: one permanent delete from loopback made every figure endpoint 500 after a restart. Deleting
     * a subject of the pipeline's topics, soft (which must come first) or permanent, subject or version, needs the admin
     * token from loopback too, and is refused in Confluent's error format saying why; with the token it goes ahead.
     */
    @Test
    void deletingAPipelineSubjectNeedsTheAdminTokenEvenFromLoopback() throws Exception {
        String subject = "together.review18-" + UUID.randomUUID() + "-value";
        assertThat(send(onLoopback, "POST", "/subjects/" + subject + "/versions", schemaBody("Kept"), null).statusCode())
                .as("registering from loopback stays open").isEqualTo(200);

        for (String[] delete : new String[][] {{"/subjects/" + subject, null}, {"/subjects/" + subject + "?permanent=true", null},
                {"/subjects/" + subject + "/versions/1", null}, {"/subjects/" + subject + "/versions/latest", null},
                {"/subjects/" + subject, "Bearer " + TOKEN + "x"}, {"/subjects/" + subject, basic("someone", TOKEN)}}) {
            HttpResponse<String> refused = send(onLoopback, "DELETE", delete[0], null, delete[1]);
            assertThat(refused.statusCode()).as("DELETE %s with %s", delete[0], delete[1]).isEqualTo(401);
            assertThat(refused.headers().firstValue("Content-Type")).contains(RegistryHttp.V1);
            assertThat(JSON.readTree(refused.body()).path("error_code").asInt()).isEqualTo(401);
            assertThat(JSON.readTree(refused.body()).path("message").asText())
                    .contains("needs the admin token", "from any address", "event log holds records", subject);
        }
        assertThat(JSON.readTree(send(onLoopback, "GET", "/subjects/" + subject + "/versions", null, null).body()))
                .as("nothing deleted").hasSize(1);

        assertThat(send(onLoopback, "DELETE", "/subjects/" + subject, null, "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(send(onLoopback, "DELETE", "/subjects/" + subject + "?permanent=true", null, null).statusCode())
                .as("the permanent delete after a soft one, without the token").isEqualTo(401);
        assertThat(send(onLoopback, "GET", "/subjects?deleted=true", null, null).body()).contains(subject);
        assertThat(send(onLoopback, "DELETE", "/subjects/" + subject + "?permanent=true", null, basic("admin", TOKEN))
                .statusCode()).isEqualTo(200);
        assertThat(send(onLoopback, "GET", "/subjects?deleted=true", null, null).body()).doesNotContain(subject);
    }

    @Test
    void otherSubjectsAreStillDeletedFromLoopbackWithoutAToken() throws Exception {
        String subject = "scratch-" + UUID.randomUUID() + "-value";
        assertThat(send(onLoopback, "POST", "/subjects/" + subject + "/versions", schemaBody("Scratch"), null).statusCode()).isEqualTo(200);
        assertThat(send(onLoopback, "PUT", "/config/" + subject, "{\"compatibility\":\"NONE\"}", null).statusCode()).isEqualTo(200);
        assertThat(send(onLoopback, "DELETE", "/subjects/" + subject, null, null).statusCode()).isEqualTo(200);
        assertThat(send(onLoopback, "DELETE", "/subjects/" + subject + "?permanent=true", null, null).statusCode()).isEqualTo(200);
    }

    /** Compatibility NONE, globally or on a pipeline subject, would let a schema that cannot read the log in: the token. */
    @Test
    void compatibilityNoneGloballyOrOnAPipelineSubjectNeedsTheAdminTokenEvenFromLoopback() throws Exception {
        String subject = "together.review18-none-" + UUID.randomUUID() + "-value";
        assertThat(send(onLoopback, "POST", "/subjects/" + subject + "/versions", schemaBody("NoneLevel"), null).statusCode())
                .isEqualTo(200);
        String globalBefore = JSON.readTree(send(onLoopback, "GET", "/config", null, null).body()).path("compatibilityLevel").asText();

        for (String path : new String[] {"/config", "/config/" + subject}) {
            for (String body : new String[] {"{\"compatibility\":\"NONE\"}", "{\"compatibilityLevel\":\"none\"}"}) {
                HttpResponse<String> refused = send(onLoopback, "PUT", path, body, null);
                assertThat(refused.statusCode()).as("PUT %s %s", path, body).isEqualTo(401);
                assertThat(JSON.readTree(refused.body()).path("error_code").asInt()).isEqualTo(401);
                assertThat(JSON.readTree(refused.body()).path("message").asText())
                        .contains("compatibility NONE", "needs the admin token", "event log holds records");
            }
        }
        assertThat(JSON.readTree(send(onLoopback, "GET", "/config", null, null).body()).path("compatibilityLevel").asText())
                .isEqualTo(globalBefore);
        assertThat(JSON.readTree(send(onLoopback, "GET", "/config/" + subject, null, null).body()).path("compatibilityLevel")
                .asText()).isEqualTo(globalBefore);
        assertThat(send(onLoopback, "PUT", "/config/" + subject, "{\"compatibility\":\"FULL\"}", null).statusCode())
                .as("another level from loopback stays open").isEqualTo(200);
        assertThat(send(onLoopback, "PUT", "/config/" + subject, "{\"compatibility\":\"NONE\"}", "Bearer " + TOKEN)
                .statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(send(onLoopback, "GET", "/config/" + subject, null, null).body()).path("compatibilityLevel")
                .asText()).isEqualTo("NONE");
    }

    @Test
    void aRemoteRegistrationWithoutTheTokenIsRefusedAndRegistersNothing() throws Exception {
        String subject = "no-token-" + UUID.randomUUID() + "-value";
        HttpResponse<String> refused = send(remoteView, "POST", "/subjects/" + subject + "/versions", schemaBody("NoToken"), null);

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(refused.body()).path("error_code").asInt()).isEqualTo(401);
        assertThat(JSON.readTree(refused.body()).path("message").asText()).contains("admin token");
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(send(remoteView, "GET", "/subjects", null, null).body()).doesNotContain(subject);
    }

    @Test
    void aWrongTokenOrAnotherSchemeIsRefused() throws Exception {
        String path = "/subjects/wrong-" + UUID.randomUUID() + "-value/versions";
        for (String authorization : new String[] {"Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1), "Bearer",
                "Bearer ", TOKEN, "Token " + TOKEN, basic("admin", TOKEN + "x"), basic("someone", TOKEN), "Basic !!!"}) {
            assertThat(send(remoteView, "POST", path, schemaBody("Wrong"), authorization).statusCode())
                    .as("Authorization: %s", authorization).isEqualTo(401);
        }
    }

    @Test
    void theAdminTokenAsBearerInAnyCaseOrAsBasicPasswordLetsARemoteClientWrite() throws Exception {
        String subject = "with-token-" + UUID.randomUUID() + "-value";
        assertThat(send(remoteView, "POST", "/subjects/" + subject + "/versions", schemaBody("WithToken"), "Bearer " + TOKEN)
                .statusCode()).isEqualTo(200);
        assertThat(send(remoteView, "PUT", "/config/" + subject, "{\"compatibility\":\"FULL\"}", "bearer " + TOKEN)
                .statusCode()).isEqualTo(200);
        assertThat(send(remoteView, "DELETE", "/subjects/" + subject, null, basic("admin", TOKEN)).statusCode()).isEqualTo(200);
    }

    @Test
    void updatesAndDeletesWithoutTheTokenAreRefusedAndChangeNothing() throws Exception {
        String subject = "kept-" + UUID.randomUUID() + "-value";
        assertThat(send(remoteView, "POST", "/subjects/" + subject + "/versions", schemaBody("Kept"), "Bearer " + TOKEN)
                .statusCode()).isEqualTo(200);

        assertThat(send(remoteView, "PUT", "/config", "{\"compatibility\":\"NONE\"}", null).statusCode()).isEqualTo(401);
        assertThat(send(remoteView, "PUT", "/config/" + subject, "{\"compatibility\":\"NONE\"}", null).statusCode()).isEqualTo(401);
        assertThat(send(remoteView, "DELETE", "/subjects/" + subject, null, null).statusCode()).isEqualTo(401);
        assertThat(send(remoteView, "DELETE", "/subjects/" + subject + "/versions/1", null, null).statusCode()).isEqualTo(401);
        assertThat(send(remoteView, "DELETE", "/config/" + subject, null, null).statusCode()).isEqualTo(401);

        assertThat(send(remoteView, "GET", "/subjects", null, null).body()).contains(subject);
        assertThat(JSON.readTree(send(remoteView, "GET", "/config/" + subject, null, null).body())
                .path("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        assertThat(JSON.readTree(send(remoteView, "GET", "/config", null, null).body())
                .path("compatibilityLevel").asText()).isNotEqualTo("NONE");
    }

    @Test
    void readingNeedsNoToken() throws Exception {
        String subject = "readable-" + UUID.randomUUID() + "-value";
        int id = JSON.readTree(send(remoteView, "POST", "/subjects/" + subject + "/versions", schemaBody("Readable"),
                "Bearer " + TOKEN).body()).path("id").asInt();

        assertThat(send(remoteView, "GET", "/subjects", null, null).statusCode()).isEqualTo(200);
        assertThat(send(remoteView, "GET", "/schemas/ids/" + id, null, null).statusCode()).isEqualTo(200);
        assertThat(send(remoteView, "GET", "/subjects/" + subject + "/versions/latest", null, null).statusCode()).isEqualTo(200);
        assertThat(send(remoteView, "GET", "/config", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutAnAdminTokenConfiguredNoRemoteClientMayWrite() throws Exception {
        String path = "/subjects/tokenless-" + UUID.randomUUID() + "-value/versions";
        for (String authorization : new String[] {null, "Bearer ", "Bearer null", basic("admin", "")}) {
            assertThat(send(remoteViewWithoutToken, "POST", path, schemaBody("Tokenless"), authorization).statusCode())
                    .as("Authorization: %s", authorization).isEqualTo(401);
        }
        assertThat(send(remoteViewWithoutToken, "GET", "/subjects", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void theProjectsRegistryClientWritesWithTheCredentialsTheRegistryHandsOut() {
        Schema schema = new Schema.Parser().parse(record("ClientWrite", field("a", "int")));
        String subject = "client-" + UUID.randomUUID() + "-value";

        RestSchemaRegistryClient anonymous = new RestSchemaRegistryClient(remoteView.url());
        assertThatThrownBy(() -> anonymous.register(subject, schema)).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.httpStatus()).isEqualTo(401)).hasMessageContaining("admin token");

        RestSchemaRegistryClient admin = new RestSchemaRegistryClient(remoteView.url(), EmbeddedSchemaRegistry.clientCredentials(TOKEN));
        int id = admin.register(subject, schema);
        assertThat(anonymous.getSchemaById(id)).isEqualTo(schema);
    }

    @Test
    void onlyLoopbackAddressesCountAsLoopback() {
        for (String loopback : new String[] {"127.0.0.1", "127.8.9.10", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"}) {
            assertThat(WriteAccess.isLoopback(loopback)).as(loopback).isTrue();
        }
        for (String remote : new String[] {"10.0.0.7", "192.168.1.20", "172.17.0.1", "0.0.0.0", "::", "fe80::1",
                "::ffff:10.0.0.7", "2001:db8::1", "localhost", "example.org", "", null}) {
            assertThat(WriteAccess.isLoopback(remote)).as(String.valueOf(remote)).isFalse();
        }
    }

    private static String schemaBody(String name) {
        return RegistryHttp.schemaBody(record(name, field("a", "int"))).toString();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersAndABodyOverTheLimitRegistersNothing() throws Exception {
        String subject = "oversized-" + UUID.randomUUID() + "-value";
        String huge = "{\"schema\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}";
        HttpResponse<String> oversized = send(remoteView, "POST", "/subjects/" + subject + "/versions", huge,
                "Bearer " + TOKEN);
        assertThat(oversized.statusCode()).isEqualTo(413);
        assertThat(send(remoteView, "GET", "/subjects", null, null).body()).doesNotContain(subject);

        for (HttpResponse<String> r : java.util.List.of(oversized, send(remoteView, "GET", "/subjects", null, null),
                send(remoteView, "POST", "/subjects/" + subject + "/versions", schemaBody("Refused"), null),
                send(remoteView, "GET", "/no/such/route", null, null))) {
            org.together.http.SecurityHeaders.HEADERS.forEach((name, value) -> assertThat(r.headers().allValues(name))
                    .as(r.request().method() + " " + r.uri() + " (" + r.statusCode() + "): " + name).containsExactly(value));
        }
    }

    private static HttpResponse<String> send(EmbeddedSchemaRegistry registry, String method, String path, String body,
            String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registry.url() + path))
                .header("Accept", RegistryHttp.V1)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", RegistryHttp.V1);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
