package org.together.launcher.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.together.launcher.IngestClient;

/**
 * How the importer cuts a file into requests and reads the answers. The answers come from a function
 * standing in for the network; the real API's answers are checked end to end in TerritoryImportTest and RunCommandTest.
 */
class ImporterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> requests = new ArrayList<>();
    private final List<Importer.LineResult> lines = new ArrayList<>();

    /** Answers every event accepted, as the API does for a valid batch. */
    private IngestClient.Response acceptAll(byte[] body) {
        try {
            JsonNode events = JSON.readTree(body);
            requests.add(events);
            ObjectNode answer = JSON.createObjectNode();
            ArrayNode results = answer.putArray("results");
            for (int i = 0; i < events.size(); i++) {
                results.addObject().put("index", i).put("eventId", events.get(i).path("eventId").asText()).put("status", "accepted")
                        .putArray("errors");
            }
            return new IngestClient.Response(202, answer);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static EventFile.Entry event(int line, String padding) {
        ObjectNode e = JSON.createObjectNode();
        e.put("eventId", "e-" + line);
        e.put("type", "participant.left");
        e.put("reason", padding);
        return EventFile.Entry.of(line, e);
    }

    @Test
    void batchesHoldAtMostAThousandEvents() {
        Importer importer = new Importer(this::acceptAll, Importer.Endpoint.IMPORT, "test", lines::add, java.time.Clock.systemUTC());
        for (int i = 1; i <= 2500; i++) {
            importer.add(event(i, ""));
        }
        importer.flush();

        assertThat(requests).extracting(JsonNode::size).containsExactly(1000, 1000, 500);
        assertThat(importer.summary().count(Importer.Status.ACCEPTED)).isEqualTo(2500);
        assertThat(lines).extracting(Importer.LineResult::line).startsWith(1, 2, 3).endsWith(2500);
    }

    @Test
    void batchesStayUnderOneMebibyte() {
        Importer importer = new Importer(this::acceptAll, Importer.Endpoint.IMPORT, "test", lines::add, java.time.Clock.systemUTC());
        String padding = "x".repeat(100_000);
        for (int i = 1; i <= 25; i++) {
            importer.add(event(i, padding));
        }
        importer.flush();

        assertThat(requests).extracting(JsonNode::size).containsExactly(10, 10, 5);
        for (JsonNode request : requests) {
            assertThat(request.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(Importer.MAX_BYTES);
        }
    }

    @Test
    void anEventOverTheRequestLimitIsRejectedLocallyAndTheRestIsSent() {
        Importer importer = new Importer(this::acceptAll, Importer.Endpoint.IMPORT, "test", lines::add, java.time.Clock.systemUTC());
        importer.add(event(1, "x".repeat(Importer.MAX_BYTES)));
        importer.add(event(2, ""));
        importer.flush();

        assertThat(lines.get(0).status()).isEqualTo(Importer.Status.REJECTED);
        assertThat(lines.get(0).errors().get(0)).contains("over the API's 1 MiB request limit");
        assertThat(requests).hasSize(1);
        assertThat(importer.summary().allStored()).isFalse();
    }

    @Test
    void perEventResultsAreReportedByLineWithFieldErrors() throws Exception {
        Importer importer = new Importer(body -> new IngestClient.Response(207, read("""
                {"results":[
                  {"index":0,"eventId":"e-1","status":"accepted","errors":[]},
                  {"index":1,"eventId":"e-2","status":"duplicate","errors":[]},
                  {"index":2,"eventId":"e-3","status":"conflict","errors":[{"field":"eventId","message":"already accepted with different content"}]},
                  {"index":3,"eventId":"e-4","status":"rejected","errors":[{"field":"criteria[2].dimension","message":"must be a SPIRAL dimension code"},{"field":"occurredAt","message":"is required"}]}
                ]}""")), Importer.Endpoint.IMPORT, "test", lines::add, java.time.Clock.systemUTC());
        importer.add(event(10, ""));
        importer.add(event(11, ""));
        importer.add(EventFile.Entry.unreadable(12, "not valid JSON"));
        importer.add(event(13, ""));
        importer.add(event(14, ""));
        importer.flush();

        // in file order: line 12, refused here before the batch was sent, waits for lines 10 and 11
        assertThat(lines).extracting(Importer.LineResult::line).containsExactly(10, 11, 12, 13, 14);
        assertThat(lines).extracting(Importer.LineResult::status).containsExactly(
                Importer.Status.ACCEPTED, Importer.Status.DUPLICATE, Importer.Status.REJECTED,
                Importer.Status.CONFLICT, Importer.Status.REJECTED);
        assertThat(lines.get(4).errors()).containsExactly(
                "criteria[2].dimension: must be a SPIRAL dimension code", "occurredAt: is required");
        Importer.Summary summary = importer.summary();
        assertThat(summary.toString()).isEqualTo("5 lines: 1 accepted, 1 duplicate, 1 conflict, 2 rejected");
        assertThat(summary.allStored()).isFalse();
    }

    @Test
    void aWarningOfAnAcceptedEventIsReportedWithItsLineAndCountedInTheSummary() throws Exception {
        Importer importer = new Importer(body -> new IngestClient.Response(202, read("""
                {"results":[
                  {"index":0,"eventId":"e-1","status":"accepted","errors":[],"warnings":[{"field":"participantId","message":"no participant.joined is known"}]},
                  {"index":1,"eventId":"e-2","status":"accepted","errors":[],"warnings":[]}
                ]}""")), Importer.Endpoint.IMPORT, "test", lines::add, java.time.Clock.systemUTC());
        importer.add(event(1, ""));
        importer.add(event(2, ""));
        importer.flush();

        assertThat(lines.get(0).warnings()).containsExactly("participantId: no participant.joined is known");
        assertThat(lines.get(1).warnings()).isEmpty();
        assertThat(importer.summary().describe("line"))
                .isEqualTo("2 lines: 2 accepted, 0 duplicate, 0 conflict, 0 rejected; 1 accepted with a warning");
        assertThat(importer.summary().allStored()).isTrue();
    }

    @Test
    void aRequestRefusedAsAWholeRejectsEachOfItsLinesWithTheReason() throws Exception {
        Importer importer = new Importer(body -> new IngestClient.Response(415, read("{\"message\":\"Content-Type must be application/json\"}")),
                Importer.Endpoint.IMPORT, "test", lines::add, java.time.Clock.systemUTC());
        importer.add(event(1, ""));
        importer.add(event(2, ""));
        importer.flush();

        assertThat(lines).extracting(Importer.LineResult::status).containsOnly(Importer.Status.REJECTED);
        assertThat(lines.get(0).errors().get(0)).isEqualTo("request refused with 415: Content-Type must be application/json");
    }

    @Test
    void aRefusedAdminTokenStopsTheImport() throws Exception {
        Importer importer = new Importer(body -> new IngestClient.Response(401, read("{\"message\":\"bad token\"}")),
                Importer.Endpoint.IMPORT, "test", lines::add, java.time.Clock.systemUTC());
        importer.add(event(1, ""));
        assertThatThrownBy(importer::flush)
                .isInstanceOf(Importer.RefusedException.class)
                .hasMessageContaining("refused the admin token (401 bad token)");
    }

    /**
     * Review 21: the query API answers a write of the ingest API 404 where it has no such path (405 before): it still
     * stops the import naming the ingest API's address, not a missing endpoint.
     */
    @Test
    void theQueryApis404StopsTheImportNamingTheIngestApisAddress() throws Exception {
        assertStopsNamingTheIngestApi(queryApis404());
    }

    /**
     * Since the query API answers a territory's good token 403 (outside what it reads) rather than 401, an import with a
     * territory token pointed at the query port reported every line "request refused with 403" (TerritoryImportTest's
     * wrong-port test failed): a 403 that is not ingest's "another territory" one probes the address, as a 401 does.
     */
    @Test
    void theQueryApisRefusalOfATerritorysTokenStopsTheImportNamingTheIngestApisAddress() throws Exception {
        assertStopsNamingTheIngestApi(new IngestClient.Response(403, read("{\"message\":\"this is the token of"
                + " territory 'lyon', which reads its own territory's figures exactly\"}")));
    }

    /** The query API's answer to POST /api/v1/events without a token. */
    private static IngestClient.Response queryApis404() {
        return new IngestClient.Response(404, read("{\"message\":\"this is the query API, which only reads: POST"
                + " /api/v1/events is on the ingest API (port 8080 of this stack), with the territory's token\"}"));
    }

    /** An import whose request got {@code answer} from the query port (its probe the query API's 404) names ingest's. */
    private void assertStopsNamingTheIngestApi(IngestClient.Response answer) throws Exception {
        IngestClient.Response probe = queryApis404();
        Importer importer = new Importer(body -> answer, () -> probe, Importer.Endpoint.EVENTS,
                "http://127.0.0.1:8090/api/v1/events", lines::add, java.time.Clock.systemUTC());
        importer.add(event(1, ""));

        assertThatThrownBy(importer::flush).isInstanceOf(Importer.WrongAddressException.class)
                .hasMessage("http://127.0.0.1:8090 is the query API, not the ingest API: use --ingest http://127.0.0.1:8080");
        assertThat(lines).as("no line blamed").isEmpty();
    }

    @Test
    void aTerritoryImportReportsLinesInFileOrderWhenOtherTerritoriesLinesAreRefusedBeforeTheRest() throws Exception {
        // the first request is refused as a whole (403, another territory), the importer learns its own territory,
        // rejects the other territory's lines at once and resends its own: the report still follows the file
        List<Integer> sentLines = new ArrayList<>();
        Importer importer = new Importer(body -> {
            JsonNode events = read(new String(body, java.nio.charset.StandardCharsets.UTF_8));
            if (events.findValuesAsText("territoryId").contains("other")) {
                return new IngestClient.Response(403, read("{\"message\":\"event 2 names territory 'other' but the token"
                        + " is for 'own': nothing was written\"}"));
            }
            events.forEach(e -> sentLines.add(Integer.parseInt(e.get("eventId").asText().substring(2))));
            return acceptAll(body);
        }, Importer.Endpoint.EVENTS, "test", lines::add, java.time.Clock.systemUTC());
        for (int line = 2; line <= 13; line++) {
            ObjectNode e = JSON.createObjectNode().put("eventId", "e-" + line).put("type", "participant.left")
                    .put("territoryId", line % 4 == 0 ? "other" : "own");
            importer.add(EventFile.Entry.of(line, e));
        }
        importer.add(EventFile.Entry.unreadable(14, "not valid JSON"));
        importer.add(EventFile.Entry.of(15, JSON.createObjectNode().put("eventId", "e-15").put("territoryId", "other")));
        importer.add(EventFile.Entry.of(16, JSON.createObjectNode().put("eventId", "e-16").put("territoryId", "own")));
        importer.flush();

        assertThat(lines).extracting(Importer.LineResult::line).containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
        assertThat(lines).filteredOn(l -> l.status() == Importer.Status.REJECTED).extracting(Importer.LineResult::line)
                .containsExactly(4, 8, 12, 14, 15);
        assertThat(sentLines).as("the own lines, sent once the other territory is known").containsExactly(2, 3, 5, 6, 7, 9, 10, 11, 13, 16);
    }

    @Test
    void aFileOfManyBatchesIsReportedInFileOrderAndAStoppedImportReportsWhatWasDecided() throws Exception {
        // line 1 is refused locally, lines 2-1001 fill a batch, line 1002 is not JSON: each waits for the lines above it
        Importer importer = new Importer(this::acceptAll, Importer.Endpoint.IMPORT, "test", lines::add, java.time.Clock.systemUTC());
        importer.add(EventFile.Entry.unreadable(1, "not valid JSON"));
        for (int line = 2; line <= 1001; line++) {
            importer.add(event(line, ""));
        }
        importer.add(EventFile.Entry.unreadable(1002, "not valid JSON"));
        importer.add(event(1003, ""));
        importer.flush();
        assertThat(lines).extracting(Importer.LineResult::line).isSorted().hasSize(1003);

        lines.clear();
        Importer refused = new Importer(body -> new IngestClient.Response(401, read("{\"message\":\"bad token\"}")),
                Importer.Endpoint.IMPORT, "test", lines::add, java.time.Clock.systemUTC());
        refused.add(event(1, ""));
        refused.add(EventFile.Entry.unreadable(2, "not valid JSON"));
        assertThatThrownBy(refused::flush).isInstanceOf(Importer.RefusedException.class);
        assertThat(lines).as("the line decided before the import stopped is still reported")
                .extracting(Importer.LineResult::line).containsExactly(2);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
