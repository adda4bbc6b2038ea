package org.together.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.ingest.IngestTestSupport.ADMIN_TOKEN;
import static org.together.ingest.IngestTestSupport.JSON;
import static org.together.ingest.IngestTestSupport.array;
import static org.together.ingest.IngestTestSupport.endOffsetsOfAllTopics;
import static org.together.ingest.IngestTestSupport.get;
import static org.together.ingest.IngestTestSupport.joined;
import static org.together.ingest.IngestTestSupport.newTerritory;
import static org.together.ingest.IngestTestSupport.postJson;
import static org.together.ingest.IngestTestSupport.send;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.together.http.SecurityHeaders;

/**
 * The ingest API's security rules, each tried from the wrong side. Rules proved elsewhere, not repeated here:
 * <ul>
 *   <li>no, wrong or admin token on events: 401, nothing written; a token differing in letter case: 401
 *       ({@link EventsContractTest});</li>
 *   <li>an event of another territory: 403 for the whole request, nothing written ({@link EventsContractTest});</li>
 *   <li>body over 1 MiB or over 1,000 events: 413 ({@link EventsContractTest}); import with a territory token: 403
 *       ({@link EventsContractTest});</li>
 *   <li>coordination endpoints: 403 with a territory's token, 401 with none or any other; rotated and revoked tokens
 *       refused ({@link CoordinationEndpointsTest});</li>
 *   <li>erasure with no token or another territory's token: 401/403, nothing erased ({@link ErasureTest});</li>
 *   <li>over a thousand malformed requests, erasure included: 4xx with a JSON error, nothing written
 *       ({@link MalformedRequestsFuzzTest});</li>
 *   <li>the token bucket itself, on a clock the test moves ({@code limits.RateLimitTest}).</li>
 * </ul>
 */
class IngestSecurityTest {

    /** 1 event/s: a burst of 10, and the next 10 need 10 s however slow the machine. */
    private static final int LOW_RATE = 1;
    private static final String METRICS_TOKEN = "metrics-" + java.util.UUID.randomUUID();

    private static IngestService limited;
    private static int port;
    private static int limitedPort;

    @BeforeAll
    static void start() {
        port = IngestTestSupport.port();
        // the metrics token too: the rate limit's counters name territories
        limited = IngestTestSupport.start(IngestTestSupport.config(IngestTestSupport.tempDir()).withRateLimit(LOW_RATE)
                .withMetricsToken(METRICS_TOKEN));
        limitedPort = limited.port();
    }

    @AfterAll
    static void stop() {
        if (limited != null) {
            limited.close();
        }
    }

    @Test
    void overItsRateATerritoryTokenGets429WithRetryAfterAndNothingIsWritten() {
        String[] t = newTerritory(limitedPort, "limited");
        String[] other = newTerritory(limitedPort, "unlimited-neighbour");
        assertThat(postJson(limitedPort, "/api/v1/events", t[1], tenJoined(t[0])).status()).as("the burst").isEqualTo(202);
        Map<TopicPartition, Long> before = endOffsetsOfAllTopics();

        IngestTestSupport.Response over = postJson(limitedPort, "/api/v1/events", t[1], tenJoined(t[0]));

        assertThat(over.status()).isEqualTo(429);
        assertThat(Integer.parseInt(over.headers().first("Retry-After"))).isBetween(1, 10);
        assertThat(over.json().get("error").asText()).isEqualTo("Too Many Requests");
        assertThat(over.json().get("message").asText()).contains(t[0], "1 events per second", "nothing was written");
        assertThat(endOffsetsOfAllTopics()).as("no topic moved").isEqualTo(before);
        assertThat(postJson(limitedPort, "/api/v1/events", other[1], joined(other[0])).status())
                .as("another territory has its own bucket").isEqualTo(202);
        assertThat(get(limitedPort, "/metrics", METRICS_TOKEN).text())
                .contains("together_ingest_rate_limited_requests_total{territory=\"" + t[0] + "\"} 1.0")
                .contains("together_ingest_rate_limited_events_total{territory=\"" + t[0] + "\"} 10.0");
    }

    /** Review 21: an app could not see its rate limit before a 429. */
    @Test
    void answersToATerritoryTokenCarryItsRateLimitInRateLimitHeaders() {
        String[] t = newTerritory(limitedPort, "paced");
        ArrayNode three = JSON.createArrayNode().add(joined(t[0])).add(joined(t[0])).add(joined(t[0]));

        IngestTestSupport.Response accepted = postJson(limitedPort, "/api/v1/events", t[1], three);
        IngestTestSupport.Response over = postJson(limitedPort, "/api/v1/events", t[1], tenJoined(t[0]));
        IngestTestSupport.Response admin = postJson(limitedPort, "/api/v1/import", ADMIN_TOKEN, joined(t[0]));

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.headers().first("RateLimit-Limit")).as("the burst, 10 s of 1 event/s").isEqualTo("10");
        // 1 event/s refills at most one while the request runs
        assertThat(Integer.parseInt(accepted.headers().first("RateLimit-Remaining"))).isBetween(7, 8);
        assertThat(Integer.parseInt(accepted.headers().first("RateLimit-Reset"))).isBetween(1, 3);
        assertThat(over.status()).isEqualTo(429);
        assertThat(over.headers().first("RateLimit-Limit")).isEqualTo("10");
        assertThat(Integer.parseInt(over.headers().first("RateLimit-Remaining"))).isBetween(7, 9);
        assertThat(admin.headers().first("RateLimit-Limit")).as("the import is not limited").isNull();
    }

    @Test
    void withAMetricsTokenSetTheMetricsNeedItAndItOpensNothingElseWithoutOneTheyAreOpen() {
        String[] t = newTerritory(limitedPort, "metrics-reader");
        for (String authorization : new String[] {null, "Bearer " + ADMIN_TOKEN, "Bearer " + t[1], "Basic " + METRICS_TOKEN,
            "Bearer " + METRICS_TOKEN + "x", "Bearer " + METRICS_TOKEN.substring(0, METRICS_TOKEN.length() - 1),
            "Bearer " + METRICS_TOKEN.toUpperCase(), "Bearer", METRICS_TOKEN}) {
            IngestTestSupport.Response refused = withAuthorization(limitedPort, "GET", "/metrics", authorization, null);
            assertThat(refused.status()).as("Authorization: %s", authorization).isEqualTo(401);
            assertThat(refused.headers().first("WWW-Authenticate")).isEqualTo("Bearer realm=\"together-metrics\"");
            assertThat(refused.json().get("message").asText()).contains("TOGETHER_METRICS_TOKEN");
            assertThat(refused.text()).doesNotContain("together_ingest");
        }
        for (String scheme : new String[] {"Bearer", "bearer", "BEARER"}) {
            IngestTestSupport.Response scrape = withAuthorization(limitedPort, "GET", "/metrics", scheme + " " + METRICS_TOKEN, null);
            assertThat(scrape.status()).as(scheme).isEqualTo(200);
            assertThat(scrape.headers().first("Content-Type")).startsWith("text/plain; version=0.0.4");
            assertThat(scrape.text()).contains("together_ingest_ready");
        }
        assertThat(get(limitedPort, "/api/v1/territories", METRICS_TOKEN).status()).as("not an admin token").isEqualTo(401);
        assertThat(postJson(limitedPort, "/api/v1/events", METRICS_TOKEN, joined(t[0])).status()).as("nor a territory's")
                .isEqualTo(401);

        IngestTestSupport.Response open = get(port, "/metrics", null);
        assertThat(open.status()).as("no metrics token configured: open, as aggregation-streams").isEqualTo(200);
        assertThat(open.text()).contains("together_ingest_ready");
    }

    /** Review 18: 300 erasures in 10 s with one territory token were all 202. */
    @Test
    void erasuresCountAgainstTheTerritoryTokensRateLimitTogetherWithItsEvents() {
        String[] t = newTerritory(limitedPort, "erasing");
        String[] other = newTerritory(limitedPort, "erasing-neighbour");
        for (int i = 0; i < 10; i++) {
            assertThat(send(limitedPort, "DELETE", "/api/v1/territories/" + t[0] + "/participants/nobody-" + i, t[1], null, null)
                    .status()).as("erasure %d of the burst", i).isEqualTo(202);
        }
        Map<TopicPartition, Long> before = endOffsetsOfAllTopics();

        IngestTestSupport.Response over = send(limitedPort, "DELETE", "/api/v1/territories/" + t[0] + "/participants/nobody-10",
                t[1], null, null);

        assertThat(over.status()).isEqualTo(429);
        assertThat(Integer.parseInt(over.headers().first("Retry-After"))).isBetween(1, 10);
        assertThat(over.headers().first("RateLimit-Remaining")).isEqualTo("0");
        assertThat(over.json().get("message").asText()).contains(t[0], "rate limit", "nothing was erased")
                .doesNotContain("nobody-10");
        assertThat(postJson(limitedPort, "/api/v1/events", t[1], joined(t[0])).status())
                .as("the same bucket as its events").isEqualTo(429);
        assertThat(endOffsetsOfAllTopics()).as("no topic moved").isEqualTo(before);
        assertThat(send(limitedPort, "DELETE", "/api/v1/territories/" + t[0] + "/participants/nobody-10", ADMIN_TOKEN, null, null)
                .status()).as("the admin is not limited").isEqualTo(202);
        assertThat(send(limitedPort, "DELETE", "/api/v1/territories/" + other[0] + "/participants/nobody-0", other[1], null, null)
                .status()).as("another territory has its own bucket").isEqualTo(202);
    }

    /** Review 18: a 404 sent a 5,000-character id back whole. */
    @Test
    void anErrorEchoesALongIdOrPathCutTo100Characters() {
        String id = "z".repeat(5_000);

        IngestTestSupport.Response rotate = postJson(port, "/api/v1/territories/" + id + "/token", ADMIN_TOKEN, "{}");
        IngestTestSupport.Response noRoute = get(port, "/api/v1/nowhere/" + id, null);

        assertThat(rotate.status()).isEqualTo(404);
        assertThat(rotate.json().get("message").asText()).contains("'" + "z".repeat(99) + "…")
                .doesNotContain("z".repeat(101)).hasSizeLessThan(300);
        assertThat(noRoute.status()).isEqualTo(404);
        assertThat(noRoute.json().get("message").asText()).contains("z…").doesNotContain("z".repeat(101))
                .hasSizeLessThan(300);
    }

    /** Review 18: HEAD on a JSON route said text/plain, and 200 where GET is refused. */
    @Test
    void headAnswersWhatGetWouldWithoutABody() {
        for (String[] c : new String[][] {{"/api/v1/tools", null}, {"/api/v1/territories", null},
            {"/api/v1/territories", ADMIN_TOKEN}, {"/health/ready", null}}) {
            IngestTestSupport.Response get = send(port, "GET", c[0], c[1], null, null);
            IngestTestSupport.Response head = send(port, "HEAD", c[0], c[1], null, null);

            assertThat(head.status()).as("HEAD %s", c[0]).isEqualTo(get.status());
            assertThat(head.headers().first("Content-Type")).as("HEAD %s", c[0]).isEqualTo("application/json")
                    .isEqualTo(get.headers().first("Content-Type"));
            assertThat(head.text()).isEmpty();
        }
    }

    @Test
    void anAdminTokenShorterThan24CharactersIsRefusedAtStartNamingTheVariable() {
        IngestConfig base = IngestTestSupport.config(IngestTestSupport.tempDir());
        IngestConfig shortToken = new IngestConfig(base.bootstrapServers(), base.schemaRegistryUrl(), base.host(), 0,
                "admin", base.pseudonymKey(), base.dataDir(), base.kafkaProperties());
        try (IngestService s = new IngestService(shortToken)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(s::start).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("TOGETHER_ADMIN_TOKEN").hasMessageContaining("24");
        }
    }

    @Test
    void theImportIsNotRateLimited() {
        String[] t = newTerritory(limitedPort, "imported");
        assertThat(postJson(limitedPort, "/api/v1/events", t[1], tenJoined(t[0])).status()).isEqualTo(202);
        assertThat(postJson(limitedPort, "/api/v1/events", t[1], joined(t[0])).status()).isEqualTo(429);

        for (int i = 0; i < 3; i++) {
            IngestTestSupport.Response imported = postJson(limitedPort, "/api/v1/import", ADMIN_TOKEN, tenJoined(t[0]));
            assertThat(imported.status()).as("import %d of the rate-limited territory", i).isEqualTo(202);
            assertThat(imported.json().get("accepted").asInt()).isEqualTo(10);
        }
    }

    @Test
    void aTokenInTheQueryStringIsNotATokenAndTheBearerSchemeIsCaseInsensitive() {
        String[] t = newTerritory(port, "query-token");
        Map<TopicPartition, Long> before = endOffsetsOfAllTopics();
        IngestTestSupport.Response inQuery = postJson(port, "/api/v1/events?access_token=" + t[1], null, joined(t[0]));
        assertThat(inQuery.status()).isEqualTo(401);
        assertThat(endOffsetsOfAllTopics()).isEqualTo(before);

        for (String scheme : new String[] {"bearer", "BEARER", "Bearer"}) {
            IngestTestSupport.Response r = sendWithAuthorization(port, scheme + " " + t[1], joined(t[0]));
            assertThat(r.status()).as(scheme).isEqualTo(202);
        }
        assertThat(sendWithAuthorization(port, "Basic " + t[1], joined(t[0])).status()).isEqualTo(401);
    }

    private static java.net.http.HttpResponse<String> postOverriddenToDelete(String path, String token) throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).header("X-HTTP-Method-Override", "DELETE")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build();
        return IngestTestSupport.HTTP.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** Review 18: Javalin took the method from X-HTTP-Method-Override, so such a POST erased and revoked. */
    @Test
    void aPostWithXHttpMethodOverrideDeleteNeitherErasesNorRevokes() throws Exception {
        String[] t = newTerritory(port, "override");
        com.fasterxml.jackson.databind.node.ObjectNode event = joined(t[0]);
        String participant = event.get("participantId").asText();
        assertThat(postJson(port, "/api/v1/events", t[1], event).status()).isEqualTo(202);

        int erase = postOverriddenToDelete("/api/v1/territories/" + t[0] + "/participants/" + participant, t[1])
                .statusCode();
        assertThat(erase).as("a POST where only DELETE is routed").isEqualTo(405);
        assertThat(PseudonymsTest.claimsInVault(t[0], participant)).as("not erased").hasSize(1);

        java.net.http.HttpResponse<String> token = postOverriddenToDelete("/api/v1/territories/" + t[0] + "/token",
                ADMIN_TOKEN);
        assertThat(token.statusCode()).as("a POST: a rotation (200 and a token), not a revocation (204)").isEqualTo(200);
        String rotated = JSON.readTree(token.body()).get("token").asText();
        assertThat(postJson(port, "/api/v1/events", rotated, joined(t[0])).status()).isEqualTo(202);
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersErrorsAndJettysOwnAnswersIncluded() throws IOException {
        assertSecurityHeaders("health", get(port, "/health/live", null));
        assertSecurityHeaders("401", postJson(port, "/api/v1/events", null, joined("mulhouse")));
        assertSecurityHeaders("unknown route", get(port, "/nowhere.html", null));
        assertSecurityHeaders("OpenAPI", get(port, "/api/v1/openapi.json", null));

        // a request line Jetty cannot parse never reaches a route: its error handler answers
        String raw = rawRequest(port, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX: " + "a".repeat(64 * 1024) + "\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 431");
        String head = raw.substring(0, raw.indexOf("\r\n\r\n")).toLowerCase();
        SecurityHeaders.HEADERS.forEach((name, value) -> assertThat(head).contains(name.toLowerCase() + ": " + value.toLowerCase()));
        assertThat(head).contains("content-type: application/json");
    }

    @Test
    void noAnswerMayBeStoredByABrowserOrProxyTheOneTimeTerritoryTokenAboveAll() throws IOException {
        String id = "no-store-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        IngestTestSupport.Response registered = postJson(port, "/api/v1/territories", ADMIN_TOKEN, JSON.createObjectNode()
                .put("id", id).put("name", "No Store").put("countryCode", "BE").put("kind", "municipality"));
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.json().get("token").asText()).isNotBlank();
        assertNoStore("registration (the token, once)", registered);
        IngestTestSupport.Response rotated = postJson(port, "/api/v1/territories/" + id + "/token", ADMIN_TOKEN, null);
        assertThat(rotated.status()).isEqualTo(200);
        assertNoStore("rotation (the new token)", rotated);
        assertNoStore("territories", get(port, "/api/v1/territories", ADMIN_TOKEN));
        assertNoStore("events, 401", postJson(port, "/api/v1/events", null, joined(id)));
        assertNoStore("events, 202", postJson(port, "/api/v1/events", rotated.json().get("token").asText(), joined(id)));
        assertNoStore("OpenAPI", get(port, "/api/v1/openapi.json", null));
        assertNoStore("no such route", get(port, "/api/v1/nowhere", ADMIN_TOKEN));
        assertNoStore("health", get(port, "/health/ready", null));
        assertNoStore("metrics", get(port, "/metrics", null));

        String raw = rawRequest(port, "GET /api/v1/territories HTTP/1.1\r\nHost: 127.0.0.1\r\nX: " + "a".repeat(64 * 1024)
                + "\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 431");
        assertThat(raw.substring(0, raw.indexOf("\r\n\r\n")).toLowerCase()).as("Jetty's own answer (its value)")
                .containsPattern("\ncache-control: [^\r\n]*no-store");
    }

    private static void assertNoStore(String what, IngestTestSupport.Response r) {
        assertThat(r.headers().headers().allValues("Cache-Control")).as(what + " (" + r.status() + ")")
                .containsExactly("no-store");
    }

    @Test
    void aPathJettyCannotDecodeIsAJson400NamingItsRuleAndAfterANulTheConnectionIsSaidToClose() throws IOException {
        String keepAlive = " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        String next = "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

        String notUtf8 = rawRequest(port, "DELETE /api/v1/territories/x/participants/%FF%FE" + keepAlive + next);
        assertThat(notUtf8).startsWith("HTTP/1.1 400");
        assertThat(jsonBodyOfFirst(notUtf8)).contains("\"status\":400", "Bad UTF-8 encoding");
        assertThat(notUtf8).as("the connection stays open: the next request is answered").contains("HTTP/1.1 200");

        String nul = rawRequest(port, "DELETE /api/v1/territories/x/participants/p%00" + keepAlive + next);
        assertThat(nul).startsWith("HTTP/1.1 400");
        String head = nul.substring(0, nul.indexOf("\r\n\r\n")).toLowerCase();
        SecurityHeaders.HEADERS.forEach((name, value) -> assertThat(head).contains(name.toLowerCase() + ": " + value.toLowerCase()));
        assertThat(head).contains("content-type: application/json", "connection: close");
        assertThat(jsonBodyOfFirst(nul)).contains("\"status\":400", "Illegal character in path");
        assertThat(nul).as("Jetty closes after a request line it could not parse").doesNotContain("HTTP/1.1 200");
    }

    private static String jsonBodyOfFirst(String raw) {
        int start = raw.indexOf("\r\n\r\n") + 4;
        int end = raw.indexOf("HTTP/1.1", start);
        return raw.substring(start, end < 0 ? raw.length() : end);
    }

    private static void assertSecurityHeaders(String what, IngestTestSupport.Response r) {
        SecurityHeaders.HEADERS.forEach((name, value) ->
                assertThat(r.headers().headers().allValues(name)).as(what + ": " + name).containsExactly(value));
    }

    private static ArrayNode tenJoined(String territory) {
        ArrayNode events = JSON.createArrayNode();
        for (int i = 0; i < 10; i++) {
            events.add(joined(territory));
        }
        return events;
    }

    private static IngestTestSupport.Response sendWithAuthorization(int port, String authorization, Object body) {
        return withAuthorization(port, "POST", "/api/v1/events", authorization, IngestTestSupport.bytes(body));
    }

    private static IngestTestSupport.Response withAuthorization(int port, String method, String path, String authorization,
                                                                byte[] body) {
        try {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                    .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                            : java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            var r = IngestTestSupport.HTTP.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return new IngestTestSupport.Response(r.statusCode(), new IngestTestSupport.HttpHeaders(r.headers()), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String rawRequest(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
