package org.together.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.together.aggregation.query.QueryEndpoints;
import org.together.aggregation.query.QueryRouter;
import org.together.aggregation.query.Readers;
import org.together.embedded.EmbeddedStack;
import org.together.embedded.kafka.FreePorts;
import org.together.figures.disclosure.DisclosureRule;

/**
 * The reading rules of aggregation-streams, each tried from its wrong side: a token in a URL anywhere but the live
 * stream, a wrong or half token, another scheme, a case of "Bearer", the metrics without their token.
 */
class QueryApiSecurityTest {

    private static final String VIEWER = "viewer-secret-" + UUID.randomUUID();
    private static final String ADMIN = "admin-secret-" + UUID.randomUUID();
    private static final String METRICS = "metrics-secret-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The read API alone, not attached to Kafka Streams: an allowed question is 503, a refused one 400 or 401. */
    private static Javalin api;
    private static QueryEndpoints endpoints;
    private static AggregationStreamsService service;

    @BeforeAll
    static void start() throws Exception {
        endpoints = new QueryEndpoints(new QueryRouter(), new ObjectMapper(), Optional.of(VIEWER), Optional.of(ADMIN));
        api = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            endpoints.register(c.routes);
        }).start("127.0.0.1", 0);
        EmbeddedStack stack = EmbeddedStack.sharedForTests();
        service = new AggregationStreamsService(new AggregationConfig(stack.bootstrapServers(), stack.registryUrl(),
                "security-" + UUID.randomUUID(), "127.0.0.1", FreePorts.pick(), "127.0.0.1", Files.createTempDirectory("security-"),
                Optional.of(VIEWER), Optional.of(ADMIN), Map.of(), DisclosureRule.DEFAULT, Optional.of(METRICS), Optional.empty()));
        service.start();
        // a token that is not the viewer's nor the admin's is told apart from a territory's once their table is read
        Poll.until("the service reads the territories' tokens within 60 s", java.time.Duration.ofSeconds(60),
                java.time.Duration.ofMillis(200), () -> get(service.port(), "/api/v1/reader", "Bearer guess").statusCode() != 503);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.stop();
        }
        if (service != null) {
            service.close();
        }
    }

    private static HttpResponse<String> get(int port, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> api(String path, String authorization) throws Exception {
        return get(api.port(), path, authorization);
    }

    @Test
    void aTokenInTheUrlIsRefusedAnywhereButTheLiveStreamEvenAValidOne() throws Exception {
        for (String path : new String[] {"/api/v1/network/summary", "/api/v1/territories", "/api/v1/territories/lyon/growth",
                "/api/v1/snapshots?from=2021-04-01&to=2021-07-01"}) {
            HttpResponse<String> response = api(path + (path.contains("?") ? "&" : "?") + "access_token=" + VIEWER, null);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.body()).contains("\"field\":\"access_token\"").contains("/api/v1/live only");
        }
    }

    /**
     * Review 13: a target PUT on the query port (where GET /api/v1/targets lives) got a bare 404; it says where it goes.
     * Review 21: its 405 said {@code Allow: GET} on every such path, most of which have no GET here. Now the status and
     * {@code Allow} are the query API's own for the path: 405 with {@code Allow: GET} where the path is read here
     * (/api/v1/territories), 404 without {@code Allow} elsewhere; the ingest API's reads-here-never paths are no longer
     * offered as PUT or DELETE (GET of a target was 405 with {@code Allow: PUT, DELETE}).
     */
    @Test
    void aWriteOfTheIngestApiSentToTheQueryApiSaysWhereItGoesAndAllowNamesOnlyWhatThePathTakesHere() throws Exception {
        int port = service.port();
        String[][] writes = {{"POST", "/api/v1/territories"}, {"PUT", "/api/v1/targets/net-active-40"},
            {"DELETE", "/api/v1/targets/net-active-40"}, {"POST", "/api/v1/events"}, {"POST", "/api/v1/import"},
            {"PUT", "/api/v1/tools/repair-kit"}, {"PUT", "/api/v1/spiral-dimensions/D"}, {"PUT", "/api/v1/territories/lyon"},
            {"POST", "/api/v1/territories/lyon/token"}, {"DELETE", "/api/v1/territories/lyon/token"},
            {"DELETE", "/api/v1/territories/lyon/participants/p-000123"}};
        for (String[] write : writes) {
            for (String authorization : new String[] {"Bearer " + VIEWER, null}) {
                String name = write[0] + " " + write[1] + (authorization == null ? " without a token" : " with the viewer's");
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + write[1]))
                        .header("Content-Type", "application/json").method(write[0], HttpRequest.BodyPublishers.ofString("{}"));
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                boolean readHere = write[1].equals("/api/v1/territories");
                assertThat(response.statusCode()).as(name).isEqualTo(readHere ? 405 : 404);
                assertThat(response.headers().firstValue("Allow")).as(name)
                        .isEqualTo(readHere ? Optional.of("GET") : Optional.empty());
                assertThat(response.body()).as(name).contains("this is the query API, which only reads", write[0] + " /api/v1/",
                        "is on the ingest API");
            }
        }
        for (String path : new String[] {"/api/v1/targets/net-active-40", "/api/v1/events", "/api/v1/territories/lyon/token"}) {
            HttpResponse<String> read = get(port, path, "Bearer " + VIEWER);
            assertThat(read.statusCode()).as("GET " + path + ": no such read here").isEqualTo(404);
            assertThat(read.headers().firstValue("Allow")).as("GET " + path).isEmpty();
        }
        assertThat(get(port, "/api/v1/targets", "Bearer " + VIEWER).statusCode()).as("the read is here").isEqualTo(200);
    }

    /**
     * Review 21, finding 11 (as on ingest): a method a read's path does not take is 405 naming the path's methods in
     * {@code Allow}, as RFC 9110 requires, with the API's JSON error; it was a bare 404.
     */
    @Test
    void aMethodAPathDoesNotTakeIs405WithAllowNamingItsMethods() throws Exception {
        for (String[] write : new String[][] {{"POST", "/api/v1/network/summary"}, {"DELETE", "/api/v1/territories/lyon/summary"},
                {"PUT", "/api/v1/reader"}, {"PATCH", "/api/v1/snapshots"}}) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + write[1]))
                    .header("Authorization", "Bearer " + VIEWER)
                    .method(write[0], HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(write[0] + " " + write[1]).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).as(write[0] + " " + write[1]).hasValue("GET");
            assertThat(response.body()).as(write[0] + " " + write[1]).contains("\"status\":405", "\"error\":\"Method Not Allowed\"");
        }
        assertThat(get(service.port(), "/api/v1/no-such-read", null).statusCode()).as("no such path: still 404").isEqualTo(404);
    }

    /**
     * Review 14, finding 6: the answer offered "a territory's token" for a target (the admin token only) and "port 8080
     * unless set otherwise" when the launcher knows the ingest API's port.
     */
    @Test
    void theAnswerToAWriteNamesTheTokenThatWriteTakesAndTheIngestPortOnceTheLauncherToldIt() throws Exception {
        String target = write(api.port(), "PUT", "/api/v1/targets/net-active-40").body();
        assertThat(target).contains("PUT /api/v1/targets/{targetId} is on the ingest API", "with the admin token")
                .doesNotContain("territory's token");
        assertThat(target).as("no port told: the default, said as such").contains("8080 unless set otherwise");
        assertThat(write(api.port(), "POST", "/api/v1/events").body()).contains("with the territory's token")
                .doesNotContain("admin token");
        assertThat(write(api.port(), "DELETE", "/api/v1/territories/lyon/participants/p-000123").body())
                .contains("with the territory's token or the admin token");

        endpoints.ingestApiPort(49303);
        assertThat(write(api.port(), "PUT", "/api/v1/targets/net-active-40").body())
                .contains("is on the ingest API (port 49303 of this stack), with the admin token").doesNotContain("8080");
    }

    private static HttpResponse<String> write(int port, String method, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": no such path here").isEqualTo(404);
        return response;
    }

    /**
     * Review 12, finding 1: the public snapshot over HTTP covers whole quarters that have ended (a period ending on any
     * day gave each territory's figures as of that day); the viewer's token, as the admin's, asks for any period.
     */
    @Test
    void thePublicSnapshotCoversEndedQuartersOnlyAndTheViewerTokenAnyPeriod() throws Exception {
        int port = service.port();
        String days = "/api/v1/snapshots?from=2021-11-01&to=2021-12-02&format=json";
        HttpResponse<String> refused = get(port, days, null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("\"field\":\"from\"", "whole calendar quarters that have ended", "viewer or admin token");
        assertThat(get(port, days, "Bearer not-" + VIEWER).statusCode()).as("a wrong token: refused, as everywhere").isEqualTo(401);
        assertThat(get(port, "/api/v1/snapshots?from=2021-10-01&to=2022-01-01&format=json&receivedUntil=2022-01-05T00:00:00Z", null)
                .body()).contains("\"field\":\"receivedUntil\"");
        assertThat(get(port, "/api/v1/snapshots?from=2021-10-01&to=2022-01-01&format=json", null).statusCode())
                .as("an ended quarter, public").isEqualTo(200);
        assertThat(get(port, days, "Bearer " + VIEWER).statusCode()).as("viewer: any period").isEqualTo(200);
        assertThat(get(port, days + "&receivedUntil=2022-01-05T00:00:00Z", "Bearer " + ADMIN).statusCode()).as("admin").isEqualTo(200);
    }

    /**
     * A territory's own token opens the live stream (as the public), so another token is told apart from it by the
     * territories' tokens: an API that cannot read them yet says so (503, retry), never streams; one that reads them
     * refuses it (401).
     */
    @Test
    void aWrongTokenInTheLiveStreamsUrlIsRefused() throws Exception {
        HttpResponse<String> unchecked = api("/api/v1/live?access_token=guess", null);
        assertThat(unchecked.statusCode()).isEqualTo(503);
        assertThat(unchecked.body()).contains("tokens are not readable here yet");
        assertThat(unchecked.headers().firstValue("Retry-After")).isPresent();
        String live = "/api/v1/live?access_token=guess";
        Poll.until("the service reads the territories' tokens within 60 s", java.time.Duration.ofSeconds(60),
                java.time.Duration.ofMillis(200), () -> get(service.port(), live, null).statusCode() != 503);
        assertThat(get(service.port(), live, null).statusCode()).isEqualTo(401);
        assertThat(get(service.port(), "/api/v1/live", "Bearer guess").statusCode()).as("as a header").isEqualTo(401);
    }

    @Test
    void theBearerPrefixIsReadInAnyCaseAndAnotherSchemeIsRefused() throws Exception {
        assertThat(api("/api/v1/network/summary", "bearer " + VIEWER).statusCode()).isEqualTo(503);
        assertThat(api("/api/v1/network/summary", "BEARER " + ADMIN).statusCode()).isEqualTo(503);
        assertThat(api("/api/v1/network/summary", "Basic " + VIEWER).statusCode()).isEqualTo(401);
        assertThat(api("/api/v1/network/summary", "Bearer").statusCode()).isEqualTo(401);
    }

    /**
     * Jetty caches the header values of a kept-alive connection, matching them ignoring case: the service reads them
     * as sent, so a token in other case is refused even right after the valid one on the same connection (the bare
     * read API without the services' HTTP set-up accepted it).
     */
    @Test
    void aTokenInOtherCaseIsRefusedEvenRightAfterTheValidOneOnTheSameConnection() throws Exception {
        int port = service.port();
        for (String token : new String[] {VIEWER, ADMIN}) {
            String upper = "Bearer " + token.toUpperCase(java.util.Locale.ROOT);
            assertThat(get(port, "/api/v1/network/summary", "Bearer " + token).statusCode()).isIn(200, 503);
            assertThat(get(port, "/api/v1/network/summary", upper).statusCode()).as("the same connection, upper-cased").isEqualTo(401);
            assertThat(get(port, "/api/v1/territories", upper).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void onlyTheWholeTokenOpensTheInternalFigures() throws Exception {
        Readers readers = new Readers(Optional.of(VIEWER), Optional.of(ADMIN));
        assertThat(readers.ofToken(VIEWER)).isInstanceOf(Readers.Valid.class);
        assertThat(readers.ofToken(ADMIN)).isInstanceOf(Readers.Valid.class);
        assertThat(readers.ofToken(VIEWER.substring(0, VIEWER.length() - 1))).isInstanceOf(Readers.Refused.class);
        assertThat(readers.ofToken(VIEWER + "x")).isInstanceOf(Readers.Refused.class);
        assertThat(readers.ofToken("")).isInstanceOf(Readers.Refused.class);
        assertThat(new Readers(Optional.empty(), Optional.empty()).ofToken("")).isInstanceOf(Readers.Refused.class);
    }

    /**
     * Review 16: an instance started without TOGETHER_ADMIN_TOKEN refused the stack's admin token saying "the viewer or
     * admin token reads every figure". It says that it knows neither, and names the variables.
     */
    @Test
    void anInstanceWithNoAdminOrViewerTokenSaysSoWhenItRefusesOne() {
        Readers.Reader refused = new Readers(Optional.empty(), Optional.empty()).ofToken(ADMIN);
        assertThat(refused).isInstanceOf(Readers.Refused.class);
        assertThat(((Readers.Refused) refused).reason()).contains("started with no admin or viewer token")
                .contains("TOGETHER_ADMIN_TOKEN").contains("TOGETHER_VIEWER_TOKEN");
        Readers.Reader wrong = new Readers(Optional.empty(), Optional.of(ADMIN)).ofToken(VIEWER);
        assertThat(((Readers.Refused) wrong).reason()).startsWith("this token does not open these figures");
    }

    @Test
    void aTerritorysTokenOpensItsOwnTerritoryOnlyAndOnlyWhole() throws Exception {
        String lyons = "tgt_lyon-" + UUID.randomUUID();
        String hash = org.together.http.Digests.sha256Hex(lyons);
        Readers readers = new Readers(Optional.of(VIEWER), Optional.of(ADMIN),
                territory -> territory.equals("lyon") ? Optional.of(hash) : Optional.empty());
        assertThat(readers.of(Optional.of("Bearer " + lyons), Optional.of("lyon"))).isEqualTo(new Readers.OwnTerritory("lyon"));
        assertThat(Readers.audienceOf(readers.of(Optional.of("Bearer " + lyons), Optional.of("lyon"))))
                .isEqualTo(org.together.figures.disclosure.Audience.INTERNAL);
        assertThat(readers.of(Optional.of("Bearer " + lyons), Optional.of("gent"))).as("another territory").isInstanceOf(Readers.Refused.class);
        assertThat(readers.of(Optional.of("Bearer " + lyons), Optional.empty())).as("the network").isInstanceOf(Readers.Refused.class);
        assertThat(readers.of(Optional.of("Bearer " + lyons.substring(1)), Optional.of("lyon"))).isInstanceOf(Readers.Refused.class);
        assertThat(readers.of(Optional.of("Bearer " + hash), Optional.of("lyon"))).as("its stored hash is no token").isInstanceOf(Readers.Refused.class);
        assertThat(readers.of(Optional.of("Bearer " + VIEWER), Optional.of("lyon"))).isInstanceOf(Readers.Valid.class);
    }

    @Test
    void whoATokenIsIsToldWithoutTheTerritoryItIsAboutAndOnlyForALiveToken() {
        String lyons = "tgt_lyon-" + UUID.randomUUID();
        String gents = "tgt_gent-" + UUID.randomUUID();
        Map<String, String> hashes = new java.util.HashMap<>(Map.of("lyon", org.together.http.Digests.sha256Hex(lyons),
                "gent", org.together.http.Digests.sha256Hex(gents)));
        Readers readers = new Readers(Optional.of(VIEWER), Optional.of(ADMIN), new Readers.TerritoryTokens() {
            @Override
            public Optional<String> hashOf(String territoryId) {
                return Optional.ofNullable(hashes.get(territoryId));
            }

            @Override
            public Optional<String> territoryOfHash(String tokenHash) {
                // a lookup a moment behind: it still knows lyon's hash after lyon's token was replaced
                return tokenHash.equals(org.together.http.Digests.sha256Hex(lyons)) ? Optional.of("lyon")
                        : hashes.entrySet().stream().filter(e -> e.getValue().equals(tokenHash)).map(Map.Entry::getKey).findFirst();
            }
        });
        assertThat(readers.identify(Optional.empty())).isInstanceOf(Readers.Anonymous.class);
        assertThat(readers.identify(Optional.of("Bearer " + lyons))).isEqualTo(new Readers.OwnTerritory("lyon"));
        assertThat(readers.identify(Optional.of("bearer " + gents))).isEqualTo(new Readers.OwnTerritory("gent"));
        assertThat(readers.identify(Optional.of("Bearer " + VIEWER))).isInstanceOf(Readers.Valid.class);
        assertThat(readers.roleOf(Optional.of("Bearer " + VIEWER))).contains(Readers.Role.VIEWER);
        assertThat(readers.roleOf(Optional.of("Bearer " + ADMIN))).contains(Readers.Role.ADMIN);
        assertThat(readers.roleOf(Optional.of("Bearer " + lyons))).isEmpty();
        assertThat(readers.identify(Optional.of("Bearer " + lyons.substring(1)))).isInstanceOf(Readers.Refused.class);
        assertThat(readers.identify(Optional.of("Basic " + lyons))).isInstanceOf(Readers.Refused.class);
        hashes.put("lyon", org.together.http.Digests.sha256Hex("tgt_lyon-rotated"));
        assertThat(readers.identify(Optional.of("Bearer " + lyons))).as("replaced: the lookup is checked against the current token")
                .isInstanceOf(Readers.Refused.class);
        assertThat(readers.of(Optional.of("Bearer " + gents), Optional.empty())).as("identified is not opened: the network")
                .isInstanceOf(Readers.Refused.class);
    }

    @Test
    void theReaderEndpointTellsTheCoordinationTokensApartAndRefusesAWrongOne() throws Exception {
        HttpResponse<String> admin = api("/api/v1/reader", "Bearer " + ADMIN);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).isEqualTo("{\"reader\":\"admin\",\"minPublishedCount\":5}");
        assertThat(api("/api/v1/reader", "Bearer " + VIEWER).body()).isEqualTo("{\"reader\":\"viewer\",\"minPublishedCount\":5}");
        assertThat(api("/api/v1/reader", null).body()).isEqualTo("{\"reader\":\"public\",\"minPublishedCount\":5}");
        assertThat(api("/api/v1/reader", "Basic " + VIEWER).statusCode()).isEqualTo(401);
        assertThat(api("/api/v1/reader", "Bearer guess-" + UUID.randomUUID()).statusCode())
                .as("another token must be looked up among the territories', not readable before Kafka Streams runs").isEqualTo(503);
    }

    @Test
    void theResearchExportIsTheAdminsAloneAndNeverTakesATokenFromTheUrl() throws Exception {
        int port = service.port();
        String export = "/api/v1/exports/research?from=2021-01-01&to=2021-04-01";
        assertThat(get(port, export, null).statusCode()).isEqualTo(401);
        HttpResponse<String> viewer = get(port, export, "Bearer " + VIEWER);
        assertThat(viewer.statusCode()).as("the viewer reads figures, not the log: a good token, 403").isEqualTo(403);
        assertThat(viewer.body()).contains("needs the admin token");
        assertThat(get(port, export, "Bearer " + METRICS).statusCode()).isEqualTo(401);
        HttpResponse<String> inUrl = get(port, export + "&access_token=" + ADMIN, null);
        assertThat(inUrl.statusCode()).isEqualTo(400);
        assertThat(inUrl.body()).contains("\"field\":\"access_token\"");
        HttpResponse<String> badPeriod = get(port, "/api/v1/exports/research?from=2021-04-01&to=2021-01-01", "bearer " + ADMIN);
        assertThat(badPeriod.statusCode()).as("the admin token in any case of Bearer, then the period is checked").isEqualTo(400);
        assertThat(badPeriod.body()).contains("\"field\":\"to\"");
    }

    @Test
    void theMetricsNeedTheirOwnTokenWhenOneIsSet() throws Exception {
        int port = service.port();
        assertThat(get(port, "/metrics", null).statusCode()).isEqualTo(401);
        assertThat(get(port, "/metrics", "Bearer " + VIEWER).statusCode()).as("the viewer token is not the metrics token").isEqualTo(401);
        HttpResponse<String> scrape = get(port, "/metrics", "Bearer " + METRICS);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("together_live_listeners");
        assertThat(get(port, "/api/v1/network/summary", "Bearer " + METRICS).statusCode())
                .as("nor does the metrics token read the internal figures").isEqualTo(401);
    }
}
