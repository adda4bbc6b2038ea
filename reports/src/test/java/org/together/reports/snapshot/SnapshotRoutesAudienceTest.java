package org.together.reports.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.reports.replay.ReplayRoutesFixture.ADMIN;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.together.reports.replay.FullQueue;
import org.together.reports.replay.ReplayRoutesFixture;

/** Who may ask for which report over HTTP, and what happens when too many wait: checked before any log is read. */
class SnapshotRoutesAudienceTest {

    private final ReplayRoutesFixture routes = new ReplayRoutesFixture(SnapshotRoutes.PATH, SnapshotRoutes::register);

    @AfterEach
    void stop() {
        routes.close();
    }

    @Test
    void theInternalReportNeedsTheAdminToken() throws Exception {
        HttpResponse<String> response = routes.get("?from=2021-04-01&to=2021-07-01&audience=internal", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"field\":\"audience\"").contains("admin token");
        assertThat(routes.get("?from=2021-04-01&to=2021-07-01&audience=internal", "not-the-admin").statusCode()).isEqualTo(401);
        assertThat(routes.get("?from=2021-04-01&to=2021-07-01&audience=everyone", null).statusCode()).isEqualTo(400);
    }

    @Test
    void aTerritorysReportForThePublicIsRefused() throws Exception {
        HttpResponse<String> response = routes.get("?from=2021-04-01&to=2021-07-01&territory=lyon", null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"audience\"").contains("internal");
    }

    @Test
    void theMomentOfAReproducedReportIsAnInstantAsWritten() throws Exception {
        // the queue is full: a request taken as valid is answered 503 at once (no log to read behind it)
        try (FullQueue full = new FullQueue(routes.queue())) {
            HttpResponse<String> spaced = routes.get("?from=2021-04-01&to=2021-07-01&format=json&receivedUntil="
                    + ReplayRoutesFixture.encode("2021-07-11T08:00:00Z "), null);
            assertThat(spaced.statusCode()).isEqualTo(400);
            assertThat(spaced.body()).contains("\"field\":\"receivedUntil\"", "an instant like 2021-07-11T08:00:00Z");
            assertThat(routes.get("?from=2021-04-01&to=2021-07-01&format=json&receivedUntil=2021-07-11T08:00:00Z", null).statusCode())
                    .as("as written: taken").isEqualTo(503);
        }
    }

    @Test
    void beyondFourWaitingReportsTheAnswerIs503WithRetryAfter() throws Exception {
        // one snapshot or export replaying, four waiting: the queue snapshots and exports share is full
        try (FullQueue full = new FullQueue(routes.queue())) {
            HttpResponse<String> response = routes.get("?from=2021-04-01&to=2021-07-01&format=json", null);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(response.body()).contains("retry shortly");
        }
    }
}
