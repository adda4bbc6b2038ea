package org.together.reports.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.reports.replay.ReplayRoutesFixture.ADMIN;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.together.reports.replay.FullQueue;
import org.together.reports.replay.ReplayQueue;
import org.together.reports.replay.ReplayRequests;
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

    /**
     * Review 21, finding 5: the viewer's token is good, only not for the internal report: 403 (was 401, which tells a
     * client to drop its token); a wrong token is still 401.
     */
    @Test
    void theInternalReportWithTheViewersTokenIs403AndWithAWrongOne401() throws Exception {
        String viewer = "viewer-" + java.util.UUID.randomUUID();
        try (ReplayRoutesFixture team = new ReplayRoutesFixture(SnapshotRoutes.PATH, (r, reports, isAdmin, rule) ->
                SnapshotRoutes.register(r, reports, isAdmin, isAdmin.or(ctx -> ("Bearer " + viewer).equals(ctx.header("Authorization"))),
                        (ctx, territory) -> false, rule))) {
            HttpResponse<String> forbidden = team.get("?from=2021-04-01&to=2021-07-01&audience=internal", viewer);
            assertThat(forbidden.statusCode()).isEqualTo(403);
            assertThat(forbidden.headers().firstValue("WWW-Authenticate")).isEmpty();
            assertThat(forbidden.body()).contains("\"field\":\"audience\"", "needs the admin token",
                    "the viewer token reads the public report of any period");
            assertThat(team.get("?from=2021-04-01&to=2021-07-01&audience=internal", "not-" + viewer).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aTerritorysReportForThePublicIsRefused() throws Exception {
        HttpResponse<String> response = routes.get("?from=2021-04-01&to=2021-07-01&territory=lyon", null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"audience\"").contains("internal")
                .as("review 16: the team asking has its own token, not the admin one").contains("that territory's own token");
    }

    @Test
    void theMomentOfAReproducedReportIsAnInstantAsWritten() throws Exception {
        // the queue is full: a request taken as valid is answered 503 at once (no log to read behind it)
        try (FullQueue full = new FullQueue(routes.queue())) {
            HttpResponse<String> spaced = routes.get("?from=2021-04-01&to=2021-07-01&format=json&receivedUntil="
                    + ReplayRoutesFixture.encode("2021-07-11T08:00:00Z "), null);
            assertThat(spaced.statusCode()).isEqualTo(400);
            assertThat(spaced.body()).contains("\"field\":\"receivedUntil\"", "an instant like 2021-07-11T08:00:00Z");
            assertThat(routes.get("?from=2021-04-01&to=2021-07-01&format=json&receivedUntil=2021-07-11T08:00:00Z", ADMIN).statusCode())
                    .as("as written: taken").isEqualTo(503);
        }
    }

    /**
     * Review 12, finding 1: a public report ending on any day the public chose gives each territory's figures as of
     * that day (docs/privacy.md rule 5: internal). Without a token, only whole quarters that have ended, as counted now;
     * the refusal names the parameter and the rule, and no report is made (the queue is not even asked).
     */
    @Test
    void thePublicIsRefusedAPeriodOtherThanWholeQuartersThatHaveEndedOrAReceivedUntil() throws Exception {
        LocalDate quarter = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1)
                .withMonth((LocalDate.now(ZoneOffset.UTC).getMonthValue() - 1) / 3 * 3 + 1);
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("?from=2021-11-01&to=2021-12-02&format=json", "\"field\":\"from\"");     // day by day
        refused.put("?from=2021-10-01&to=2021-12-02&format=json", "\"field\":\"to\"");
        refused.put("?from=2021-10-01&to=2021-11-01&format=json", "\"field\":\"to\"");       // a month
        refused.put("?from=" + quarter + "&to=" + quarter.plusMonths(3) + "&format=json", "has not ended yet"); // this quarter
        refused.put("?from=2021-04-01&to=2021-07-01&format=json&receivedUntil=2021-07-11T08:00:00Z", "\"field\":\"receivedUntil\"");
        // the queue is full: a request that reached the replay would be 503, so 403 says it was refused before
        try (FullQueue full = new FullQueue(routes.queue())) {
            for (Map.Entry<String, String> c : refused.entrySet()) {
                HttpResponse<String> response = routes.get(c.getKey(), null);
                assertThat(response.statusCode()).as(c.getKey()).isEqualTo(403);
                assertThat(response.body()).as(c.getKey()).contains(c.getValue()).contains("viewer or admin token");
            }
            assertThat(routes.get("?from=2021-11-01&to=2021-12-02", null).body())
                    .contains("a public snapshot covers whole calendar quarters that have ended");
            assertThat(routes.get("?from=2021-11-01&to=2021-12-02", "not-a-team-token").statusCode()).isEqualTo(403);
        }
    }

    @Test
    void thePublicMayHaveWholeQuartersThatHaveEndedAndTheTeamAnyPeriod() throws Exception {
        // the queue is full: a request taken as valid is answered 503 at once (no log to read behind it)
        try (FullQueue full = new FullQueue(routes.queue())) {
            assertThat(routes.get("?from=2021-04-01&to=2021-07-01&format=json", null).statusCode()).as("a quarter").isEqualTo(503);
            assertThat(routes.get("?from=2021-01-01&to=2022-01-01&format=csv", null).statusCode()).as("four quarters").isEqualTo(503);
            for (String period : List.of("?from=2021-11-01&to=2021-12-02", "?from=2021-04-01&to=2021-07-01&receivedUntil=2021-07-11T08:00:00Z",
                    "?from=" + LocalDate.now(ZoneOffset.UTC).minusDays(3) + "&to=" + LocalDate.now(ZoneOffset.UTC).plusDays(1))) {
                assertThat(routes.get(period + "&format=json", ADMIN).statusCode()).as("the team's token: %s", period).isEqualTo(503);
            }
        }
    }

    @Test
    void beyondFourWaitingReportsTheAnswerIs503WithRetryAfter() throws Exception {
        // one snapshot or export replaying, four waiting without a token: the public's lane is full, the team's empty
        try (FullQueue full = new FullQueue(routes.queue(), ReplayQueue.Lane.PUBLIC)) {
            HttpResponse<String> response = routes.get("?from=2021-04-01&to=2021-07-01&format=json", null);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).contains(ReplayRequests.RETRY_WHEN_BUSY);
            assertThat(response.body()).contains("4 reports asked for without the team's token", "retry shortly");
            assertThat(routes.queue().waiting(ReplayQueue.Lane.TEAM)).as("nothing of it in the team's lane").isZero();
        }
    }
}
