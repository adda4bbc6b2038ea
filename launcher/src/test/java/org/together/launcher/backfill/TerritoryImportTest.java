package org.together.launcher.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.together.launcher.ExactFigures;
import org.together.launcher.SharedBrokerStack;
import org.together.launcher.Together;
import org.together.launcher.run.RunningStack;
import picocli.CommandLine;

/**
 * A territory team imports its own backlog with its territory token: {@code together import} against a real stack
 * (ingest and aggregation on the shared test broker) whose rate limit is 5 events per second, bursts of 50.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TerritoryImportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ADMIN = "territory-import-admin-" + UUID.randomUUID();
    private static final int RATE_LIMIT = 5;

    @TempDir
    static Path temp;
    private RunningStack stack;

    @BeforeAll
    void start() {
        stack = SharedBrokerStack.run(temp.resolve("data"), ADMIN, "--rate-limit", String.valueOf(RATE_LIMIT));
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aTerritoryTokenImportsItsOwnFileThroughTheEventsEndpointOnceAndARerunReportsDuplicates() throws Exception {
        String territory = territory("backlog");
        String token = register(territory);
        List<ObjectNode> backlog = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            backlog.add(assessed(territory, daysAgo(30 + i)));
        }
        Path file = write("backlog.jsonl", backlog);

        Result first = importFile(file, token);
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(first.out().lines().findFirst()).hasValue("importing " + file + " to POST " + stack.ingestUrl()
                + "/api/v1/events with a territory token: its own territory's events of the last 400 days, within its rate limit");
        for (int i = 0; i < 3; i++) {
            assertThat(first.out()).contains("line " + (i + 1) + ": accepted " + backlog.get(i).get("eventId").asText());
        }
        assertThat(first.out()).contains("3 lines: 3 accepted, 0 duplicate, 0 conflict, 0 rejected");

        Result again = importFile(file, token);
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("line 1: duplicate " + backlog.get(0).get("eventId").asText(),
                "3 lines: 0 accepted, 3 duplicate, 0 conflict, 0 rejected");

        // one more assessment after both runs: the figures reach 4, not 7 (the rerun stored nothing)
        Result marker = importFile(write("marker.jsonl", List.of(assessed(territory, daysAgo(1)))), token);
        assertThat(marker.exitCode()).as(marker.out() + marker.err()).isZero();
        assertThat(awaitAssessments(territory, 4)).isEqualTo(4);
    }

    @Test
    void aBatchOverTheRateLimitIsSplitWaitedOutAndSentAgainUntilEveryLineIsStored() throws Exception {
        String territory = territory("limited");
        String token = register(territory);
        List<ObjectNode> backlog = new ArrayList<>();
        // 60 events: more than the burst of 50 (413), then 30 + 30 where the second 30 find 20 left (429)
        for (int i = 0; i < 60; i++) {
            backlog.add(assessed(territory, daysAgo(100)));
        }

        Result result = importFile(write("limited.jsonl", backlog), token);

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("60 lines: 60 accepted, 0 duplicate, 0 conflict, 0 rejected");
        assertThat(result.err()).containsPattern("waiting [1-9]\\d* s, then sending the same batch again \\(429 Too Many "
                + "Requests: territory '" + territory + "' is over its rate limit \\(5 events per second, bursts of 50\\)");
        assertThat(awaitAssessments(territory, 60)).isEqualTo(60);
    }

    @Test
    void aTokenNotRecognisedIsNamedATerritoryTokenThatMayHaveBeenRotatedOrRevoked() throws Exception {
        Path file = write("unknown.jsonl", List.of(assessed("nowhere-known", daysAgo(1))));

        Result result = importFile(file, "tgt_" + UUID.randomUUID().toString().replace("-", ""));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).contains("import stopped: the ingest API refused this territory token (401 ",
                "): check it was not rotated or revoked");
        assertThat(result.err()).doesNotContain("admin");
    }

    @Test
    void theQueryApiGivenAsIngestIsNamedWithTheIngestApisAddressWhateverTheTokenAndNothingIsBlamedOnTheToken() throws Exception {
        // a territory team that copied the dashboard's port: the query API refuses its token before it reads the path
        String territory = territory("wrong-port");
        String token = register(territory);
        Path file = write("wrong-port.jsonl", List.of(assessed(territory, daysAgo(1))));

        for (String which : List.of(token, ADMIN)) {
            Result result = importFile(file, which, stack.queryUrl());

            assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
            assertThat(result.err()).contains("import stopped: " + stack.queryUrl() + " is the query API, not the ingest"
                    + " API: use --ingest " + stack.ingestUrl());
            assertThat(result.err()).doesNotContain("rotated", "revoked", "refused");
        }
    }

    @Test
    void anotherTerritorysLinesAreRejectedNamingTheRuleAndTheOwnLinesAreStored() throws Exception {
        String territory = territory("own");
        String token = register(territory);
        String other = territory("other");
        register(other);
        List<ObjectNode> mixed = List.of(assessed(territory, daysAgo(3)), assessed(other, daysAgo(3)),
                assessed(territory, daysAgo(2)), assessed(other, daysAgo(2)));

        Result result = importFile(write("mixed.jsonl", mixed), token);

        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(1);
        String rule = " - territoryId: '" + other + "' is another territory: this token may only send events of its own "
                + "territory '" + territory + "' (the coordination team imports other territories' events with the admin token)";
        // in file order, although lines 2 and 4 were decided before lines 1 and 3 were resent
        assertThat(result.out().lines().skip(1).toList()).containsExactly("line 1: accepted " + mixed.get(0).get("eventId").asText(),
                "line 2: rejected " + mixed.get(1).get("eventId").asText() + rule,
                "line 3: accepted " + mixed.get(2).get("eventId").asText(),
                "line 4: rejected " + mixed.get(3).get("eventId").asText() + rule,
                "4 lines: 2 accepted, 0 duplicate, 0 conflict, 2 rejected");
        assertThat(awaitAssessments(territory, 2)).isEqualTo(2);
    }

    @Test
    void eventsOlderThan400DaysGetTheEndpointsReasonAndTheSummarySaysOnceWhoCanImportThem() throws Exception {
        String territory = territory("history");
        String token = register(territory);
        List<ObjectNode> file = List.of(assessed(territory, "2019-03-01T10:00:00Z"), assessed(territory, daysAgo(10)),
                assessed(territory, daysAgo(401)));

        Result result = importFile(write("history.jsonl", file), token);

        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(1);
        assertThat(result.out()).contains(
                "line 1: rejected " + file.get(0).get("eventId").asText()
                        + " - occurredAt: must be at most 400 days in the past and at most 5 minutes in the future",
                "line 2: accepted " + file.get(1).get("eventId").asText(),
                "line 3: rejected " + file.get(2).get("eventId").asText() + " - occurredAt: must be at most 400 days",
                "3 lines: 1 accepted, 0 duplicate, 0 conflict, 2 rejected\n2 lines are older than 400 days: a territory token"
                        + " sends only the last 400 days; the coordination team imports older events with the admin token");
        assertThat(result.out().split("older than 400 days", -1)).as("said once").hasSize(2);

        // the coordination team's import takes them: any age, through /api/v1/import
        Result admin = importFile(write("history-admin.jsonl", List.of(file.get(0), file.get(2))), ADMIN);
        assertThat(admin.exitCode()).as(admin.out() + admin.err()).isZero();
        assertThat(admin.out().lines().findFirst().orElseThrow()).endsWith("/api/v1/import with the admin token: events of any territory and age");
        assertThat(admin.out()).contains("2 lines: 2 accepted");
    }

    @Test
    void aSemicolonCsvSavedByAFrenchSpreadsheetIsImportedAndTheSeparatorIsSaid() throws Exception {
        String territory = territory("semicolon");
        String token = register(territory);
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        Path file = temp.resolve(UUID.randomUUID() + "-eb-semicolon.csv");
        // Excel's "CSV UTF-8" in a French locale: byte-order mark, ';' between cells, decimal comma, CRLF
        Files.writeString(file, "\uFEFFeventId;type;territoryId;occurredAt;participantId;tonnesCo2ePerYear\r\n"
                + first + ";footprint.assessed;" + territory + ";" + daysAgo(2) + ";eb-pupil-11;6,4\r\n"
                + second + ";footprint.assessed;" + territory + ";" + daysAgo(1) + ";eb-pupil-12;3\r\n");

        Result result = importFile(file, token);

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out().lines().findFirst().orElseThrow()).startsWith("importing " + file
                + " (CSV separated by ';', as its header is) to POST ");
        assertThat(result.out()).contains("line 2: accepted " + first, "line 3: accepted " + second,
                "2 lines: 2 accepted, 0 duplicate, 0 conflict, 0 rejected");
        assertThat(result.out()).doesNotContain("is required");
        assertThat(awaitAssessments(territory, 2)).isEqualTo(2);
    }

    @Test
    void aPrettyPrintedJsonArrayIsImportedEventByEventNumberedByPosition() throws Exception {
        String territory = territory("array");
        String token = register(territory);
        List<ObjectNode> events = List.of(assessed(territory, daysAgo(3)), assessed(territory, daysAgo(2)));
        Path file = temp.resolve(UUID.randomUUID() + "-eb-array.json");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(events));

        Result result = importFile(file, token);

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out().lines().toList()).containsExactly(
                "importing " + file + " (a JSON array: events numbered by their position in it) to POST " + stack.ingestUrl()
                        + "/api/v1/events with a territory token: its own territory's events of the last 400 days, within its rate limit",
                "event 1: accepted " + events.get(0).get("eventId").asText(),
                "event 2: accepted " + events.get(1).get("eventId").asText(),
                "2 events: 2 accepted, 0 duplicate, 0 conflict, 0 rejected");
        assertThat(awaitAssessments(territory, 2)).isEqualTo(2);
    }

    private static String territory(String what) {
        return "ti-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String daysAgo(int days) {
        return Instant.now().minus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A group's assessment: no participant, so no line of these tests carries the warning of one never seen joining. */
    private static ObjectNode assessed(String territory, String occurredAt) {
        return JSON.createObjectNode().put("eventId", UUID.randomUUID().toString()).put("type", "footprint.assessed")
                .put("territoryId", territory).put("occurredAt", occurredAt)
                .put("groupId", "g" + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
                .put("tonnesCo2ePerYear", 4.5);
    }

    private static Path write(String name, List<ObjectNode> events) throws Exception {
        Path file = temp.resolve(UUID.randomUUID() + "-" + name);
        StringBuilder lines = new StringBuilder();
        for (ObjectNode e : events) {
            lines.append(JSON.writeValueAsString(e)).append('\n');
        }
        Files.writeString(file, lines);
        return file;
    }

    private record Result(int exitCode, String out, String err) {
    }

    private Result importFile(Path file, String token) {
        return importFile(file, token, stack.ingestUrl());
    }

    private Result importFile(Path file, String token, String ingestUrl) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Together.commandLine(new HashMap<>());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute("import", file.toString(), "--ingest", ingestUrl, "--token", token);
        return new Result(code, out.toString(), err.toString());
    }

    private String register(String id) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.ingestUrl() + "/api/v1/territories"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("id", id, "name", id,
                        "countryCode", "BE", "kind", "neighbourhood", "lat", 50.86, "lon", 4.36)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).get("token").asText();
    }

    /** The territory's footprint assessments once the topology counted {@code expected}, or more if it counted more. */
    private int awaitAssessments(String territory, int expected) throws Exception {
        return ExactFigures.awaitSummary(stack.queryUrl(), ADMIN, territory,
                s -> s.at("/footprint/assessments").asInt() >= expected).at("/footprint/assessments").asInt();
    }
}
