package org.together.systemtests.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.together.aggregation.AggregationConfig;
import org.together.aggregation.AggregationStreamsService;
import org.together.embedded.kafka.FreePorts;
import org.together.ingest.IngestConfig;
import org.together.ingest.IngestService;

/**
 * The production shape end to end: Kafka and Confluent Schema Registry in containers, our ingest-service and two
 * aggregation-streams instances of one application in this JVM (as two containers would run them). A territory is
 * registered, its app posts events, and both instances serve the same figures for every territory, including
 * those whose partitions the other instance owns.
 */
@Testcontainers(disabledWithoutDocker = true)
class PipelineOnContainersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ADMIN_TOKEN = "system-test-admin-" + UUID.randomUUID();
    private static final Duration PROCESSING_DEADLINE = Duration.ofSeconds(120);

    @TempDir
    static Path dataDir;

    private static final List<AutoCloseable> RUNNING = new ArrayList<>();
    /** Participants joined per territory, and each territory's country, over every test of this class. */
    private static final Map<String, Integer> JOINED = new ConcurrentHashMap<>();
    private static final Map<String, String> COUNTRIES = new ConcurrentHashMap<>();
    private static String ingestUrl;
    private static List<String> queryUrls;

    @BeforeAll
    static void startPipeline() {
        ConfluentContainers containers = ConfluentContainers.shared();

        IngestService ingest = new IngestService(new IngestConfig(containers.bootstrapServers(), containers.registryUrl(),
                "127.0.0.1", FreePorts.pick(), ADMIN_TOKEN, "system-test-pseudonym-key-" + UUID.randomUUID(), dataDir.resolve("ingest"), Map.of()));
        RUNNING.add(ingest);
        ingest.start();
        ingestUrl = "http://127.0.0.1:" + ingest.port();

        String applicationId = "together-aggregation-" + UUID.randomUUID();
        List<String> urls = new ArrayList<>();
        for (String instance : List.of("one", "two")) {
            int port = FreePorts.pick();
            AggregationStreamsService aggregation = new AggregationStreamsService(new AggregationConfig(
                    containers.bootstrapServers(), containers.registryUrl(), applicationId, "127.0.0.1", port, "127.0.0.1",
                    dataDir.resolve("streams-" + instance), Optional.empty(), Optional.of(ADMIN_TOKEN), Map.of()));
            RUNNING.add(aggregation);
            aggregation.start();
            urls.add("http://127.0.0.1:" + aggregation.port());
        }
        queryUrls = List.copyOf(urls);
    }

    @AfterAll
    static void stopPipeline() throws Exception {
        for (int i = RUNNING.size() - 1; i >= 0; i--) {
            RUNNING.get(i).close();
        }
    }

    @Test
    void eventsPostedByTerritoryAppsAreCountedAndEitherInstanceAnswersForEveryTerritory() throws Exception {
        Map<String, Integer> joinsByTerritory = Map.of("croix-rousse-lyon", 5, "mirafiori-torino", 3);
        String lyonToken = registerTerritory("croix-rousse-lyon", "Croix-Rousse", "FR");
        String torinoToken = registerTerritory("mirafiori-torino", "Mirafiori Sud", "IT");

        JsonNode lyon = post("/api/v1/events", lyonToken, joins("croix-rousse-lyon", 5));
        JsonNode torino = post("/api/v1/events", torinoToken, joins("mirafiori-torino", 3));
        assertThat(statuses(lyon)).containsOnly("accepted").hasSize(5);
        assertThat(statuses(torino)).containsOnly("accepted").hasSize(3);

        for (String queryUrl : queryUrls) {
            for (Map.Entry<String, Integer> territory : joinsByTerritory.entrySet()) {
                JsonNode summary = awaitFigure(queryUrl + "/api/v1/territories/" + territory.getKey() + "/summary",
                        "participantsActive", territory.getValue());
                assertThat(summary.path("participantsEver").asInt()).isEqualTo(territory.getValue());
            }
            // other tests of this class may have added territories: expect everything posted so far
            int participants = JOINED.values().stream().mapToInt(Integer::intValue).sum();
            JsonNode network = awaitFigure(queryUrl + "/api/v1/network/summary", "participantsActive", participants);
            assertThat(network.path("participantsEver").asInt()).isEqualTo(participants);
            assertThat(network.path("territoriesActive").asInt()).isEqualTo(JOINED.size());
            assertThat(network.path("countries").asInt()).isEqualTo(new java.util.HashSet<>(COUNTRIES.values()).size());
        }
        // the two instances answer identically, whichever owns the territory's partition
        for (String territory : joinsByTerritory.keySet()) {
            String path = "/api/v1/territories/" + territory + "/summary";
            assertThat(withoutAsOf(get(queryUrls.get(0) + path))).isEqualTo(withoutAsOf(get(queryUrls.get(1) + path)));
        }
    }

    @Test
    void aResentBatchIsReportedAsDuplicatesAndCountedOnce() throws Exception {
        String token = registerTerritory("vieux-lille", "Vieux-Lille", "FR");
        ArrayNode batch = joins("vieux-lille", 4);

        assertThat(statuses(post("/api/v1/events", token, batch))).containsOnly("accepted").hasSize(4);
        assertThat(statuses(post("/api/v1/events", token, batch))).containsOnly("duplicate").hasSize(4);

        // one more join after the resend: once it is counted, the resend has been processed too
        ArrayNode last = joins("vieux-lille", 1);
        assertThat(statuses(post("/api/v1/events", token, last))).containsOnly("accepted");
        for (String queryUrl : queryUrls) {
            JsonNode summary = awaitFigure(queryUrl + "/api/v1/territories/vieux-lille/summary", "participantsEver", 5);
            assertThat(summary.path("participantsActive").asInt()).isEqualTo(5);
        }
    }

    @Test
    void anUnknownTerritoryIsNotFoundOnEveryInstance() throws Exception {
        for (String queryUrl : queryUrls) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create(queryUrl + "/api/v1/territories/no-such-territory/summary")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(404);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static String registerTerritory(String id, String name, String countryCode) throws Exception {
        ObjectNode territory = JSON.createObjectNode()
                .put("id", id).put("name", name).put("countryCode", countryCode).put("kind", "neighbourhood");
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(ingestUrl + "/api/v1/territories"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(territory.toString())));
        assertThat(response.statusCode()).as("register %s: %s", id, response.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("territoryId").asText()).isEqualTo(id);
        COUNTRIES.put(id, countryCode);
        return body.path("token").asText();
    }

    private static ArrayNode joins(String territoryId, int count) {
        ArrayNode events = JSON.createArrayNode();
        Instant occurred = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < count; i++) {
            events.addObject()
                    .put("eventId", UUID.randomUUID().toString())
                    .put("type", "participant.joined")
                    .put("territoryId", territoryId)
                    .put("occurredAt", occurred.plusSeconds(i).toString())
                    .put("participantId", "p-" + UUID.randomUUID().toString().substring(0, 12))
                    .put("role", "citizen")
                    .put("channel", "workshop");
        }
        return events;
    }

    private static JsonNode post(String path, String token, JsonNode body) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(ingestUrl + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(202);
        JsonNode results = JSON.readTree(response.body());
        List<String> statuses = statuses(results);
        for (int i = 0; i < body.size(); i++) {
            if (statuses.get(i).equals("accepted")) {
                JOINED.merge(body.get(i).path("territoryId").asText(), 1, Integer::sum);
            }
        }
        return results;
    }

    private static List<String> statuses(JsonNode response) {
        JsonNode results = response.has("results") ? response.path("results") : response;
        List<String> statuses = new ArrayList<>();
        results.forEach(r -> statuses.add(r.path("status").asText()));
        return statuses;
    }

    /** Polls until the figure reaches the expected value; the pipeline is asynchronous by design. */
    private static JsonNode awaitFigure(String url, String figure, int expected) throws Exception {
        Instant deadline = Instant.now().plus(PROCESSING_DEADLINE);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = send(asTheCoordinationTeam(url));
            if (response.statusCode() == 200) {
                last = JSON.readTree(response.body());
                if (last.path(figure).asInt(-1) == expected) {
                    return last;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError(url + " did not show " + figure + " = " + expected + " within " + PROCESSING_DEADLINE
                + "; last answer: " + last);
    }

    /** Territories of three to five participants: the public reads them hidden, the coordination team exactly. */
    private static HttpRequest.Builder asTheCoordinationTeam(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + ADMIN_TOKEN).GET();
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = send(asTheCoordinationTeam(url));
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode withoutAsOf(JsonNode summary) {
        ObjectNode copy = summary.deepCopy();
        copy.remove("asOf");
        return copy;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
