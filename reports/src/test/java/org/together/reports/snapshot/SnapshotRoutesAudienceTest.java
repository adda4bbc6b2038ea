package org.together.reports.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.together.figures.disclosure.DisclosureRule;
import org.together.reports.replay.FullQueue;
import org.together.reports.replay.ReplayQueue;
import org.together.schemas.TogetherSerdes;

/** Who may ask for which report over HTTP, and what happens when too many wait: checked before any log is read. */
class SnapshotRoutesAudienceTest {

    private static final String ADMIN = "admin-" + java.util.UUID.randomUUID();
    private final ReplayQueue queue = new ReplayQueue(1);
    private Javalin http;

    @BeforeEach
    void start() {
        // no broker behind it: every request here is answered before the event log would be read
        SnapshotService service = new SnapshotService("127.0.0.1:1", TogetherSerdes.forRegistryUrl("http://127.0.0.1:1"), Map.of(),
                Clock.systemUTC(), queue);
        http = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            SnapshotRoutes.register(c.routes, service, ctx -> ("Bearer " + ADMIN).equals(ctx.header("Authorization")),
                    DisclosureRule.DEFAULT);
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        http.stop();
    }

    private HttpResponse<String> get(String query, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + SnapshotRoutes.PATH + query));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theInternalReportNeedsTheAdminToken() throws Exception {
        HttpResponse<String> response = get("?from=2021-04-01&to=2021-07-01&audience=internal", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"field\":\"audience\"").contains("admin token");
        assertThat(get("?from=2021-04-01&to=2021-07-01&audience=internal", "not-the-admin").statusCode()).isEqualTo(401);
        assertThat(get("?from=2021-04-01&to=2021-07-01&audience=everyone", null).statusCode()).isEqualTo(400);
    }

    @Test
    void aTerritorysReportForThePublicIsRefused() throws Exception {
        HttpResponse<String> response = get("?from=2021-04-01&to=2021-07-01&territory=lyon", null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"audience\"").contains("internal");
    }

    @Test
    void theMomentOfAReproducedReportIsAnInstantAsWritten() throws Exception {
        // the queue is full: a request taken as valid is answered 503 at once (no log to read behind it)
        try (FullQueue full = new FullQueue(queue)) {
            HttpResponse<String> spaced = get("?from=2021-04-01&to=2021-07-01&format=json&receivedUntil="
                    + java.net.URLEncoder.encode("2021-07-11T08:00:00Z ", java.nio.charset.StandardCharsets.UTF_8), null);
            assertThat(spaced.statusCode()).isEqualTo(400);
            assertThat(spaced.body()).contains("\"field\":\"receivedUntil\"", "an instant like 2021-07-11T08:00:00Z");
            assertThat(get("?from=2021-04-01&to=2021-07-01&format=json&receivedUntil=2021-07-11T08:00:00Z", null).statusCode())
                    .as("as written: taken").isEqualTo(503);
        }
    }

    @Test
    void beyondFourWaitingReportsTheAnswerIs503WithRetryAfter() throws Exception {
        // one snapshot or export replaying, four waiting: the queue snapshots and exports share is full
        try (FullQueue full = new FullQueue(queue)) {
            HttpResponse<String> response = get("?from=2021-04-01&to=2021-07-01&format=json", null);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(response.body()).contains("retry shortly");
        }
    }
}
