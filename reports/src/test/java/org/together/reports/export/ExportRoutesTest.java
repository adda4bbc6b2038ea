package org.together.reports.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.reports.replay.ReplayRoutesFixture.ADMIN;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.together.reports.replay.FullQueue;
import org.together.reports.replay.ReplayRoutesFixture;

/** Who may ask for the research export over HTTP, how a bad period is answered, and what happens when too many wait. */
class ExportRoutesTest {

    private static final String VIEWER = "viewer-" + java.util.UUID.randomUUID();

    private final ReplayRoutesFixture routes = new ReplayRoutesFixture(ExportRoutes.PATH,
            (routes, reports, isAdmin, rule) -> ExportRoutes.register(routes, reports, isAdmin,
                    isAdmin.or(ctx -> ("Bearer " + VIEWER).equals(ctx.header("Authorization"))), rule, Optional.empty()));

    @AfterEach
    void stop() {
        routes.close();
    }

    @Test
    void withoutTheAdminTokenTheAnswerIs401AndNamesWhatIsMissing() throws Exception {
        HttpResponse<String> none = routes.get("?from=2021-01-01&to=2022-01-01", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(none.body()).contains("admin token");
        assertThat(routes.get("?from=2021-01-01&to=2022-01-01", "not-the-admin").statusCode()).isEqualTo(401);
    }

    /**
     * Review 21, finding 5: the viewer's token is good, only not for the export: 403 (was 401, which tells a client to
     * drop its token), naming the token the export needs.
     */
    @Test
    void theViewersTokenIs403NotTheSame401AsAWrongToken() throws Exception {
        HttpResponse<String> viewer = routes.get("?from=2021-01-01&to=2022-01-01", VIEWER);
        assertThat(viewer.statusCode()).isEqualTo(403);
        assertThat(viewer.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(new ObjectMapper().readTree(viewer.body()).get("message").asText())
                .isEqualTo("the research export needs the admin token; the viewer token reads figures and reports, not the export");
        assertThat(routes.get("?from=2021-01-01&to=2022-01-01", "not-the-viewer").statusCode()).isEqualTo(401);
    }

    @Test
    void aMissingOrBadPeriodIs400NamingTheParameter() throws Exception {
        HttpResponse<String> missing = routes.get("?to=2022-01-01", ADMIN);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("\"field\":\"from\"", "required");
        HttpResponse<String> bad = routes.get("?from=2021-13-01&to=2022-01-01", ADMIN);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"from\"", "2021-13-01");
        HttpResponse<String> backwards = routes.get("?from=2022-01-01&to=2021-01-01", ADMIN);
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(backwards.body()).contains("\"field\":\"to\"", "must be after");
        HttpResponse<String> centuries = routes.get("?from=1021-01-01&to=2022-01-01", ADMIN);
        assertThat(centuries.statusCode()).isEqualTo(400);
        assertThat(centuries.body()).contains("\"field\":\"to\"", "longer than");
    }

    /**
     * Review 14, finding 6: the export, like the snapshot, may end with today ({@code to} tomorrow); a period reaching
     * past it is 400 naming {@code to}.
     */
    @Test
    void aPeriodEndingWithTodayIsTakenAndOneEndingLaterIs400NamingTo() throws Exception {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        try (FullQueue full = new FullQueue(routes.queue())) {
            // the queue is full: a period taken as valid is answered 503 at once (no log to read behind it)
            HttpResponse<String> withToday = routes.get("?from=" + today.minusMonths(3) + "&to=" + today.plusDays(1), ADMIN);
            assertThat(withToday.statusCode()).as(withToday.body()).isEqualTo(503);
        }
        HttpResponse<String> future = routes.get("?from=" + today.minusMonths(3) + "&to=" + today.plusDays(2), ADMIN);
        assertThat(future.statusCode()).isEqualTo(400);
        assertThat(future.body()).contains("\"field\":\"to\"", "to must be " + today.plusDays(1) + " or earlier",
                "today, " + today + ", at the latest");
    }

    @Test
    void aDateIsYearMonthDayAsWrittenAndAnythingElseIs400NamingTheParameter() throws Exception {
        // the queue is full: a period taken as valid is answered 503 at once (no log to read behind it)
        try (FullQueue full = new FullQueue(routes.queue())) {
            for (String from : new String[] {" 2021-01-01", "2021-01-01 ", "\t2021-01-01", "2021-01-01\n", "+12021-01-01",
                    "-0001-01-01", "2021-1-01", "2021-02-30"}) {
                HttpResponse<String> bad = routes.get("?from=" + ReplayRoutesFixture.encode(from) + "&to=2022-01-01", ADMIN);
                assertThat(bad.statusCode()).as("from '%s'", from).isEqualTo(400);
                assertThat(bad.body()).as("from '%s'", from).contains("\"field\":\"from\"", "must be a date like 2021-04-10 (yyyy-MM-dd");
            }
            HttpResponse<String> to = routes.get("?from=2021-01-01&to=" + ReplayRoutesFixture.encode("2022-01-01 "), ADMIN);
            assertThat(to.statusCode()).isEqualTo(400);
            assertThat(to.body()).contains("\"field\":\"to\"", "yyyy-MM-dd");
        }
    }

    /**
     * The export's errors have the body of every other endpoint (finding 16: it had {@code {"status", "errors"}} and
     * no {@code error} nor {@code message}): status, reason, message, and the field to blame when there is one.
     */
    @Test
    void errorsHaveTheBodyEveryEndpointUses() throws Exception {
        ObjectMapper json = new ObjectMapper();
        HttpResponse<String> none = routes.get("?from=2021-01-01&to=2022-01-01", null);
        assertThat(none.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode unauthorized = json.readTree(none.body());
        assertThat(unauthorized.get("status").asInt()).isEqualTo(401);
        assertThat(unauthorized.get("error").asText()).isEqualTo("Unauthorized");
        assertThat(unauthorized.get("message").asText()).isEqualTo("the research export needs the admin token");
        assertThat(unauthorized.has("errors")).as("no field to blame: the request as a whole").isFalse();

        JsonNode bad = json.readTree(routes.get("?from=2021-13-01&to=2022-01-01", ADMIN).body());
        assertThat(bad.get("status").asInt()).isEqualTo(400);
        assertThat(bad.get("error").asText()).isEqualTo("Bad Request");
        assertThat(bad.get("message").asText()).startsWith("from must be a date like 2021-04-10");
        assertThat(bad.get("errors")).singleElement().satisfies(e -> {
            assertThat(e.get("field").asText()).isEqualTo("from");
            assertThat(e.get("message").asText()).isEqualTo(bad.get("message").asText());
        });

        try (FullQueue full = new FullQueue(routes.queue())) {
            JsonNode busy = json.readTree(routes.get("?from=2021-01-01&to=2022-01-01", ADMIN).body());
            assertThat(busy.get("status").asInt()).isEqualTo(503);
            assertThat(busy.get("error").asText()).isEqualTo("Service Unavailable");
            assertThat(busy.get("message").asText()).contains("retry shortly");
        }
    }

    /** Review 17, finding 12: receivedUntil as the snapshot's, an instant, or 400 naming it. */
    @Test
    void receivedUntilIsAnInstantOrA400NamingIt() throws Exception {
        HttpResponse<String> bad = routes.get("?from=2021-01-01&to=2022-01-01&receivedUntil=yesterday", ADMIN);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"receivedUntil\"", "an instant like 2021-07-11T08:00:00Z, not 'yesterday'");
        try (FullQueue full = new FullQueue(routes.queue())) {
            // the queue is full: a request taken as valid is answered 503 at once (no log to read behind it)
            HttpResponse<String> good = routes.get("?from=2021-01-01&to=2022-01-01&receivedUntil=2022-01-02T08:00:00Z", ADMIN);
            assertThat(good.statusCode()).as(good.body()).isEqualTo(503);
        }
    }

    /** A value echoed in an error is cut at 100 characters, as every other endpoint's are (ErrorBody.cut). */
    @Test
    void aLongBadParameterIsNotEchoedWhole() throws Exception {
        String longValue = "9".repeat(5_000);
        HttpResponse<String> from = routes.get("?from=" + longValue + "&to=2022-01-01", ADMIN);
        assertThat(from.statusCode()).isEqualTo(400);
        assertThat(from.body()).contains("\"field\":\"from\"", "…").doesNotContain("9".repeat(100));
        HttpResponse<String> until = routes.get("?from=2021-01-01&to=2022-01-01&receivedUntil=" + longValue, ADMIN);
        assertThat(until.statusCode()).isEqualTo(400);
        assertThat(until.body()).contains("\"field\":\"receivedUntil\"").doesNotContain("9".repeat(100));
    }

    @Test
    void beyondFourWaitingReportsTheAnswerIs503WithRetryAfter() throws Exception {
        // one snapshot or export replaying, four waiting: the queue snapshots and exports share is full
        try (FullQueue full = new FullQueue(routes.queue())) {
            HttpResponse<String> response = routes.get("?from=2021-01-01&to=2022-01-01", ADMIN);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(response.body()).contains("retry shortly");
        }
    }
}
