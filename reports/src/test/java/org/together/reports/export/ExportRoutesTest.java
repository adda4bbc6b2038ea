package org.together.reports.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.together.figures.disclosure.DisclosureRule;
import org.together.reports.replay.FullQueue;
import org.together.reports.replay.ReplayQueue;
import org.together.reports.snapshot.SnapshotService;
import org.together.schemas.TogetherSerdes;

/** Who may ask for the research export over HTTP, how a bad period is answered, and what happens when too many wait. */
class ExportRoutesTest {

    private static final String ADMIN = "admin-" + UUID.randomUUID();
    private final ReplayQueue queue = new ReplayQueue(1);
    private Javalin http;

    @BeforeEach
    void start() {
        // no broker behind it: every request here is answered before the event log would be read
        SnapshotService service = new SnapshotService("127.0.0.1:1", TogetherSerdes.forRegistryUrl("http://127.0.0.1:1"), Map.of(),
                Clock.systemUTC(), queue);
        http = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            ExportRoutes.register(c.routes, service, ctx -> ("Bearer " + ADMIN).equals(ctx.header("Authorization")),
                    DisclosureRule.DEFAULT);
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        http.stop();
    }

    private HttpResponse<String> get(String query, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + ExportRoutes.PATH + query));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutTheAdminTokenTheAnswerIs401AndNamesWhatIsMissing() throws Exception {
        HttpResponse<String> none = get("?from=2021-01-01&to=2022-01-01", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(none.body()).contains("admin token");
        assertThat(get("?from=2021-01-01&to=2022-01-01", "not-the-admin").statusCode()).isEqualTo(401);
    }

    @Test
    void aMissingOrBadPeriodIs400NamingTheParameter() throws Exception {
        HttpResponse<String> missing = get("?to=2022-01-01", ADMIN);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("\"field\":\"from\"", "required");
        HttpResponse<String> bad = get("?from=2021-13-01&to=2022-01-01", ADMIN);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"from\"", "2021-13-01");
        HttpResponse<String> backwards = get("?from=2022-01-01&to=2021-01-01", ADMIN);
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(backwards.body()).contains("\"field\":\"to\"", "must be after");
        HttpResponse<String> centuries = get("?from=1021-01-01&to=2022-01-01", ADMIN);
        assertThat(centuries.statusCode()).isEqualTo(400);
        assertThat(centuries.body()).contains("\"field\":\"to\"", "longer than");
    }

    @Test
    void aDateIsYearMonthDayAsWrittenAndAnythingElseIs400NamingTheParameter() throws Exception {
        // the queue is full: a period taken as valid is answered 503 at once (no log to read behind it)
        try (FullQueue full = new FullQueue(queue)) {
            for (String from : new String[] {" 2021-01-01", "2021-01-01 ", "\t2021-01-01", "2021-01-01\n", "+12021-01-01",
                    "-0001-01-01", "2021-1-01", "2021-02-30"}) {
                HttpResponse<String> bad = get("?from=" + encode(from) + "&to=2022-01-01", ADMIN);
                assertThat(bad.statusCode()).as("from '%s'", from).isEqualTo(400);
                assertThat(bad.body()).as("from '%s'", from).contains("\"field\":\"from\"", "must be a date like 2021-04-10 (yyyy-MM-dd");
            }
            HttpResponse<String> to = get("?from=2021-01-01&to=" + encode("2022-01-01 "), ADMIN);
            assertThat(to.statusCode()).isEqualTo(400);
            assertThat(to.body()).contains("\"field\":\"to\"", "yyyy-MM-dd");
        }
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void beyondFourWaitingReportsTheAnswerIs503WithRetryAfter() throws Exception {
        // one snapshot or export replaying, four waiting: the queue snapshots and exports share is full
        try (FullQueue full = new FullQueue(queue)) {
            HttpResponse<String> response = get("?from=2021-01-01&to=2022-01-01", ADMIN);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(response.body()).contains("retry shortly");
        }
    }
}
