package org.together.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.together.embedded.EmbeddedStack;
import org.together.embedded.kafka.FreePorts;
import org.together.figures.disclosure.DisclosureRule;
import org.together.http.MalformedRequests;
import org.together.http.MalformedRequests.Case;
import org.together.reports.export.ExportRoutes;

/**
 * Malformed requests for the research export, sent to the real service over keep-alive: each is a 4xx with a JSON
 * error (never a 5xx, never HTML or an empty body, never a dropped request) that names the parameter at fault where
 * there is one. Tokens, periods, the token in the URL, other paths and methods, and paths Jetty refuses itself.
 * No case is a valid admin request for a valid period: none may start a replay of the log.
 */
class ExportRequestsFuzzTest {

    private static final String ADMIN = "admin-" + UUID.randomUUID();
    private static final String VIEWER = "viewer-" + UUID.randomUUID();
    private static final String METRICS = "metrics-" + UUID.randomUUID();
    private static final String PERIOD = "?from=2021-01-01&to=2021-04-01";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static AggregationStreamsService service;

    @BeforeAll
    static void serve() throws Exception {
        EmbeddedStack stack = EmbeddedStack.sharedForTests();
        // every request here is answered before the event log would be read; Kafka Streams runs so that a token that
        // is not the viewer's nor the admin's is told apart from a territory's (401 or 403, not 503 meanwhile)
        service = new AggregationStreamsService(new AggregationConfig(stack.bootstrapServers(), stack.registryUrl(),
                "export-fuzz-" + UUID.randomUUID(), "127.0.0.1", FreePorts.pick(), "127.0.0.1",
                Files.createTempDirectory("export-fuzz-"), Optional.of(VIEWER), Optional.of(ADMIN), Map.of(),
                DisclosureRule.DEFAULT, Optional.of(METRICS), Optional.empty()));
        service.start();
        Poll.until("the service reads the territories' tokens within 60 s", java.time.Duration.ofSeconds(60),
                java.time.Duration.ofMillis(200), () -> HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + service.port() + "/api/v1/reader")).header("Authorization", "Bearer guess").build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() != 503);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void malformedExportRequestsAreAll4xxWithAJsonErrorNamingTheField() {
        List<Case> cases = generate();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(150);
        assertThat(new MalformedRequests(HTTP, "http://127.0.0.1:" + service.port()).failures(cases))
                .as("requests answered wrongly").isEmpty();
    }

    // ---------------------------------------------------------------- generation

    private static List<Case> generate() {
        List<Case> cases = new ArrayList<>();
        tokens(cases);
        tokenInTheUrl(cases);
        periods(cases);
        paths(cases);
        return cases;
    }

    private static Case export(String name, String query, String authorization, Set<Integer> expected, String field) {
        return new Case(name, "GET", ExportRoutes.PATH + query, authorization, expected, field);
    }

    private static void tokens(List<Case> cases) {
        List<String> wrong = List.of("", "Bearer", "Bearer ", "Bearer  ", "Basic " + ADMIN, "bearer" + ADMIN,
                "Bearer " + ADMIN + "x", "Bearer " + ADMIN.substring(0, ADMIN.length() - 1), "Bearer " + ADMIN.toUpperCase(),
                "Bearer " + METRICS, "Bearer " + UUID.randomUUID(), "Bearer " + "a".repeat(4_000),
                "Bearer " + ADMIN + " " + ADMIN, "Token " + ADMIN, "Bearer \t", "Bearer null", ADMIN, "Bearer tgt_x",
                "Bearer " + ADMIN + "\u00e9");
        for (int i = 0; i < wrong.size(); i++) {
            String authorization = wrong.get(i).isEmpty() ? null : wrong.get(i);
            cases.add(export("token #" + i, PERIOD, authorization, Set.of(401), null));
            cases.add(export("token #" + i + " and a bad period", "?from=2021-04-01&to=2021-01-01", authorization, Set.of(401), null));
        }
        // the viewer's token is good, only not for the export: 403, not the 401 that tells a client to drop it
        cases.add(export("the viewer's token", PERIOD, "Bearer " + VIEWER, Set.of(403), null));
        cases.add(export("the viewer's token and a bad period", "?from=2021-04-01&to=2021-01-01", "Bearer " + VIEWER,
                Set.of(403), null));
        cases.add(export("a token over Jetty's 8 KiB of headers", PERIOD, "Bearer " + "a".repeat(20_000), Set.of(431), null));
    }

    private static void tokenInTheUrl(List<Case> cases) {
        for (String token : new String[] {ADMIN, VIEWER, "", "x", "%00", "%FF"}) {
            cases.add(export("access_token=" + token, PERIOD + "&access_token=" + token, null, Set.of(400), "access_token"));
            cases.add(export("access_token=" + token + " with the admin header", PERIOD + "&access_token=" + token,
                    "Bearer " + ADMIN, Set.of(400), "access_token"));
        }
        cases.add(export("access_token alone", "?access_token=" + ADMIN, null, Set.of(400), "access_token"));
    }

    private static void periods(List<Case> cases) {
        String admin = "Bearer " + ADMIN;
        List<String> badDates = List.of("", "%20", "2021-13-01", "2021-02-30", "2021-00-10", "21-01-01", "2021/01/01",
                "20210101", "2021-1-1", "2021-01-01T00:00:00Z", "2021-01-01T00:00", "today", "-1", "0", "99999-01-01",
                "%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%91-01-01", "2021-01-01%00x", "%00",
                "2021-01-01;2022-01-01", "2021-01-01,2022-01-01", "null", "undefined", "%3Cscript%3E", "'%20OR%201=1",
                "2".repeat(2_000), "2021-01-01%0D%0AX-Injected:%201", "2021-W01-1", "2021-001", "%E2%80%AE2021-01-01");
        for (String bad : badDates) {
            cases.add(export("from=" + MalformedRequests.abbreviate(bad), "?from=" + bad + "&to=2022-01-01", admin, Set.of(400), "from"));
            cases.add(export("to=" + MalformedRequests.abbreviate(bad), "?from=2021-01-01&to=" + bad, admin, Set.of(400), "to"));
        }
        cases.add(export("no period", "", admin, Set.of(400), "from"));
        cases.add(export("no from", "?to=2022-01-01", admin, Set.of(400), "from"));
        cases.add(export("no to", "?from=2021-01-01", admin, Set.of(400), "to"));
        cases.add(export("from and to swapped", "?from=2022-01-01&to=2021-01-01", admin, Set.of(400), "to"));
        cases.add(export("an empty period", "?from=2021-01-01&to=2021-01-01", admin, Set.of(400), "to"));
        cases.add(export("eleven years", "?from=2011-01-01&to=2022-01-01", admin, Set.of(400), "to"));
        cases.add(export("a millennium", "?from=1021-01-01&to=2022-01-01", admin, Set.of(400), "to"));
        // an ISO date but not yyyy-MM-dd: refused as from, not taken and then blamed on to for the length of the period
        cases.add(export("a year before Christ", "?from=-2021-01-01&to=2022-01-01", admin, Set.of(400), "from"));
        cases.add(export("from the dawn of LocalDate", "?from=-999999999-01-01&to=2022-01-01", admin, Set.of(400), "from"));
        cases.add(export("a signed five-digit year", "?from=%2B12021-01-01&to=2022-01-01", admin, Set.of(400), "from"));
        cases.add(export("a query longer than Jetty's 8 KiB", "?from=" + "2".repeat(10_000) + "&to=2022-01-01", admin,
                Set.of(414), null));
        cases.add(export("names in another case", "?FROM=2021-01-01&TO=2022-01-01", admin, Set.of(400), "from"));
        cases.add(export("a bad from first, a good one after", "?from=x&from=2021-01-01&to=2022-01-01", admin, Set.of(400), "from"));
        cases.add(export("a period in the fragment's place", "?from%3D2021-01-01%26to%3D2022-01-01", admin, Set.of(400), "from"));
        cases.add(export("a query that is not UTF-8 and a bad period", "?from=%FF%FE&to=2022-01-01", admin, Set.of(400), null));
    }

    private static void paths(List<Case> cases) {
        String admin = "Bearer " + ADMIN;
        for (String path : List.of("/api/v1/exports", "/api/v1/exports/", "/api/v1/exports/research/x",
                "/api/v1/exports/Research", "/api/v1/exports/research.zip", "/api/v2/exports/research", "/api/v1/export/research",
                "/api/v1/exports/research%2F..", "/api/v1/exports/%2e%2e/exports/research")) {
            cases.add(new Case("path " + path, "GET", path + "?from=2021-04-01&to=2021-01-01", admin, Set.of(404), null));
        }
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            cases.add(new Case(method + " on the export", method, ExportRoutes.PATH + PERIOD, admin, Set.of(404, 405), null));
        }
        cases.add(new Case("a trailing slash", "GET", ExportRoutes.PATH + "/?from=2021-04-01&to=2021-01-01", admin, Set.of(400, 404),
                null));
        // Jetty refuses these before any route (service-http's JsonErrorHandler answers); after %00 it closes the
        // connection and says so, and the client opens a new one
        for (String path : List.of("/api/v1/exports/research%00", "/api/v1/exports/research%FF", "/api/v1/exports/%C3",
                "/api/v1/exports/research/%C0%AF", "/api/v1/exports%00/research", "/%2e%2e/api/v1/exports/research")) {
            for (String method : List.of("GET", "DELETE")) {
                cases.add(new Case(method + " " + path, method, path + PERIOD, admin, Set.of(400), null));
            }
        }
    }
}
