package org.together.aggregation.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Access and parameter rules of the read API, checked before any figure is looked up. */
class QueryEndpointsTest {

    private Javalin http;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        // a router not attached to Kafka Streams yet: every question is "unavailable"
        QueryEndpoints endpoints = new QueryEndpoints(new QueryRouter(), new ObjectMapper(), Optional.of("viewer-secret"), Optional.of("admin-secret"));
        http = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            org.together.http.SecurityHeaders.install(c); // as every service does: header values read as sent
            endpoints.register(c.routes);
            // a new answer about one territory, registered beside the API without a public view of its own
            c.routes.get("/api/v1/territories/{id}/roles", ctx -> ctx.result("{\"evaluations\":2}"));
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        http.stop();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutATokenReadingIsPublicWithTheViewerOrAdminTokenInternalAndAnyOtherTokenIsRefused() throws Exception {
        assertThat(get("/api/v1/network/summary", null).statusCode()).as("public: open").isEqualTo(503);
        // another token may be a territory's (403 outside its territory) or no one's (401): with no Kafka Streams
        // behind this API, its table of tokens cannot be read yet, so it is told to retry
        assertThat(get("/api/v1/network/summary", "guess").statusCode()).isEqualTo(503);
        assertThat(get("/api/v1/network/summary", "guess").body()).contains("tokens are not readable here yet");
        assertThat(get("/api/v1/network/summary", "viewer-secret").statusCode()).isEqualTo(503);
        assertThat(get("/api/v1/network/summary", "admin-secret").statusCode()).isEqualTo(503);
    }

    @Test
    void beforeKafkaStreamsRunsQuestionsAre503WithRetryAfterNever500() throws Exception {
        HttpResponse<String> response = get("/api/v1/territories/lyon/summary", "viewer-secret");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
    }

    @Test
    void badParametersAre400NamingTheParameter() throws Exception {
        HttpResponse<String> interval = get("/api/v1/network/growth?interval=year", "viewer-secret");
        assertThat(interval.statusCode()).isEqualTo(400);
        assertThat(interval.body()).contains("\"field\":\"interval\"").contains("interval must be one of day, week, month, quarter");

        HttpResponse<String> from = get("/api/v1/territories/lyon/growth?from=10-07-2021", "viewer-secret");
        assertThat(from.statusCode()).isEqualTo(400);
        assertThat(from.body()).contains("\"field\":\"from\"");

        HttpResponse<String> order = get("/api/v1/network/growth?from=2021-07-10&to=2021-07-10", "viewer-secret");
        assertThat(order.statusCode()).isEqualTo(400);
        assertThat(order.body()).contains("from is inclusive, to exclusive");

        HttpResponse<String> tooLong = get("/api/v1/network/growth?interval=day&from=1990-01-01&to=2021-01-01", "viewer-secret");
        assertThat(tooLong.statusCode()).isEqualTo(400);

        HttpResponse<String> asOf = get("/api/v1/network/summary?asOf=soon", "viewer-secret");
        assertThat(asOf.statusCode()).isEqualTo(400);
        assertThat(asOf.body()).contains("\"field\":\"asOf\"");
    }

    @Test
    void cohortsAreByMonthOrQuarterOnlyAndTheMeetingsQuestionsWaitForKafkaStreamsLikeTheOthers() throws Exception {
        HttpResponse<String> weekly = get("/api/v1/network/cohorts?interval=week", "viewer-secret");
        assertThat(weekly.statusCode()).isEqualTo(400);
        assertThat(weekly.body()).contains("\"field\":\"interval\"").contains("interval must be month or quarter");
        for (String path : new String[] {"/api/v1/network/approaches", "/api/v1/territories/lyon/approaches",
                "/api/v1/network/cohorts?interval=quarter", "/api/v1/territories/lyon/cohorts", "/api/v1/network/footprint",
                "/api/v1/territories/lyon/footprint", "/api/v1/targets", "/api/v1/network/targets",
                "/api/v1/territories/lyon/targets"}) {
            assertThat(get(path, "viewer-secret").statusCode()).as(path).isEqualTo(503);
        }
        // the public reads each of them but a territory's cohorts, a series like its growth
        for (String path : new String[] {"/api/v1/network/approaches", "/api/v1/territories/lyon/approaches",
                "/api/v1/network/cohorts?interval=quarter", "/api/v1/network/footprint",
                "/api/v1/territories/lyon/footprint", "/api/v1/targets", "/api/v1/network/targets",
                "/api/v1/territories/lyon/targets"}) {
            assertThat(get(path, null).statusCode()).as(path + " without a token").isEqualTo(503);
        }
        HttpResponse<String> cohorts = get("/api/v1/territories/lyon/cohorts", null);
        assertThat(cohorts.statusCode()).isEqualTo(401);
        assertThat(cohorts.body()).contains("a territory's cohorts are for the coordination team");
    }

    @Test
    void aNewAnswerAboutOneTerritoryWithNoPublicViewIsReadWithATokenOnly() throws Exception {
        HttpResponse<String> anonymous = get("/api/v1/territories/lyon/roles", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("not published to the public").doesNotContain("evaluations\":2");
        assertThat(get("/api/v1/territories/lyon/roles", "viewer-secret").body()).isEqualTo("{\"evaluations\":2}");
        // the answers that decide their public view themselves are not affected: summary is public (503 here: no
        // Kafka Streams yet), growth refuses with its own reason
        assertThat(get("/api/v1/territories/lyon/summary", null).statusCode()).isEqualTo(503);
        assertThat(get("/api/v1/territories/lyon/growth", null).body()).contains("growth series is for the coordination team");
    }

    /** GET of the targets' progress with what the contract refuses: 4xx naming the parameter, never a 500. */
    @Test
    void malformedTargetReadsAre4xxNamingTheParameterNever500() throws Exception {
        String[] paths = {"/api/v1/targets", "/api/v1/network/targets", "/api/v1/territories/lyon/targets"};
        String[] badDays = {"soon", "2021-13-01", "10-07-2021", "2021-07-10T00:00:00Z%20x", "'%3B--", "9".repeat(40)};
        for (String path : paths) {
            for (String token : new String[] {null, "viewer-secret", "admin-secret"}) {
                for (String bad : badDays) {
                    HttpResponse<String> r = get(path + "?asOf=" + bad, token);
                    assertThat(r.statusCode()).as(path + " asOf=" + bad + " as " + token).isEqualTo(400);
                    assertThat(r.body()).as(path).contains("\"field\":\"asOf\"");
                }
            }
            HttpResponse<String> inUrl = get(path + "?access_token=admin-secret", null);
            assertThat(inUrl.statusCode()).as(path).isEqualTo(400);
            assertThat(inUrl.body()).contains("\"field\":\"access_token\"");
            for (String wrong : new String[] {"guess", "admin-secretx", "ADMIN-SECRET"}) {
                HttpResponse<String> refused = get(path, wrong);
                // it may be a territory's token: with no Kafka Streams behind this API, whose cannot be told yet
                assertThat(refused.statusCode()).as(path + " with " + wrong + ": " + refused.body()).isEqualTo(503);
                assertThat(refused.body()).contains("tokens are not readable here yet");
            }
        }
    }

    /** A growth period's days are {@code yyyy-MM-dd} as written: a signed or five-digit year is not a day of the API. */
    @Test
    void growthDatesAreYyyyMmDdAsWrittenAndTheErrorNamesTheField() throws Exception {
        for (String field : new String[] {"from", "to"}) {
            for (String bad : new String[] {"%2B12021-01-01", "-0001-01-01", "12021-01-01", "%202021-01-01", "2021-02-30"}) {
                HttpResponse<String> r = get("/api/v1/network/growth?interval=week&" + field + "=" + bad, "viewer-secret");
                assertThat(r.statusCode()).as(field + "=" + bad + ": " + r.body()).isEqualTo(400);
                assertThat(r.body()).as(field + "=" + bad).contains("\"field\":\"" + field + "\"").contains("yyyy-MM-dd");
            }
        }
    }

    @Test
    void aPageOfTheRankedListTakesALimitAndAnOffsetInRange() throws Exception {
        for (String bad : new String[] {"limit=0", "limit=10001", "limit=ten", "limit=-3"}) {
            HttpResponse<String> r = get("/api/v1/territories?" + bad, "viewer-secret");
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.body()).as(bad).contains("\"field\":\"limit\"").contains("limit must be a whole number from 1 to 10000");
        }
        HttpResponse<String> offset = get("/api/v1/territories?limit=20&offset=-1", "viewer-secret");
        assertThat(offset.statusCode()).isEqualTo(400);
        assertThat(offset.body()).contains("\"field\":\"offset\"");
        assertThat(get("/api/v1/territories?limit=20&offset=40", "viewer-secret").statusCode())
                .as("a good page goes on to the figures (not readable yet here)").isEqualTo(503);
    }
}
