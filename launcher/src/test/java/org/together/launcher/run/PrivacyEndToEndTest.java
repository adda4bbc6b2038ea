package org.together.launcher.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.together.embedded.EmbeddedStack;
import org.together.embedded.RawBytes;
import org.together.embedded.kafka.FreePorts;
import org.together.launcher.ExactFigures;
import org.together.launcher.SharedBrokerSecrets;
import org.together.launcher.Together;
import picocli.CommandLine;

/**
 * Ingest and aggregation-streams together on the test broker: the participant ids apps send reach no topic (event
 * topics, receipts, the vault, the topology's changelogs and repartition topics), no file of the broker's log
 * directory and no local state; and an erased participant's figures stay while its id, seen again, counts anew.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivacyEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ADMIN = "privacy-admin-" + UUID.randomUUID();

    @TempDir
    static Path dataDir;
    private EmbeddedStack broker;
    private RunningStack stack;

    @BeforeAll
    void start() {
        broker = EmbeddedStack.sharedForTests();
        stack = RunningStack.start(settings());
    }

    private StackSettings settings() {
        String[] args = {"run", "--data-dir", dataDir.toString(), "--ingest-port", String.valueOf(FreePorts.pick()),
                "--query-port", String.valueOf(FreePorts.pick()), "--kafka", broker.bootstrapServers(),
                "--registry", broker.registryUrl()};
        CommandLine.ParseResult parsed = Together.commandLine(Map.of("TOGETHER_ADMIN_TOKEN", ADMIN,
                "TOGETHER_PSEUDONYM_KEY", SharedBrokerSecrets.PSEUDONYM_KEY)).parseArgs(args);
        return ((RunCommand) parsed.subcommand().commandSpec().userObject()).settings();
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void noParticipantIdSentReachesAnyTopicAnyBrokerFileOrAnyLocalStateOnceTheTopologyCountedThem() throws Exception {
        String territory = "privacy-" + UUID.randomUUID().toString().substring(0, 8);
        String token = register(territory);
        List<String> ids = new ArrayList<>();
        ArrayNode events = JSON.createArrayNode();
        for (int i = 0; i < 6; i++) {
            String id = "IdSent" + UUID.randomUUID().toString().replace("-", "").substring(0, 18) + "x" + i;
            ids.add(id);
            events.add(event("participant.joined", territory, id).put("role", "citizen").put("channel", "workshop"));
            events.add(event("tool.used", territory, id).put("toolId", "footprint-calculator").put("stage", "completed"));
            events.add(event("footprint.assessed", territory, id).put("tonnesCo2ePerYear", 4.5));
            if (i % 2 == 0) {
                events.add(event("participant.left", territory, id).put("reason", "no-time"));
            }
        }
        HttpResponse<String> sent = post("/api/v1/events", token, events);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        HttpResponse<String> imported = post("/api/v1/import", ADMIN,
                event("participant.joined", territory, ids.get(0)).put("role", "citizen")
                        .put("occurredAt", "2019-03-01T10:00:00Z"));
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(202);

        awaitSummary(territory, s -> s.path("participantsEver").asInt() == 6
                && s.path("footprint").path("assessments").asInt() == 6);

        assertThat(RawBytes.inTopics(broker.bootstrapServers(), List.of(territory))).as("the scan finds what is there")
                .isNotEmpty();
        assertThat(RawBytes.inTopics(broker.bootstrapServers(), ids)).as("in any topic").isEmpty();
        assertThat(RawBytes.inFiles(broker.dataDir().resolve("kafka"), ids)).as("in the broker's files").isEmpty();
        // the local stores reach their files at the latest when the services stop
        stack.close();
        assertThat(RawBytes.inFiles(dataDir, List.of(territory))).as("the scan finds what is there").isNotEmpty();
        assertThat(RawBytes.inFiles(dataDir, ids)).as("in the stack's state (ingest index, streams stores)").isEmpty();
        stack = RunningStack.start(settings());
    }

    @Test
    void anErasedParticipantStaysCountedAnonymouslyAndItsIdSeenAgainIsANewParticipant() throws Exception {
        String territory = "erasure-" + UUID.randomUUID().toString().substring(0, 8);
        String token = register(territory);
        String id = "Erased" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        assertThat(post("/api/v1/events", token, event("participant.joined", territory, id).put("role", "citizen"))
                .statusCode()).isEqualTo(202);
        awaitSummary(territory, s -> s.path("participantsEver").asInt() == 1);

        HttpResponse<String> erased = HTTP.send(HttpRequest.newBuilder(URI.create(stack.ingestUrl()
                        + "/api/v1/territories/" + territory + "/participants/" + id))
                .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(202);
        assertThat(post("/api/v1/events", token, event("participant.joined", territory, "Another" + id).put("role", "citizen"))
                .statusCode()).isEqualTo(202);
        JsonNode afterErasure = awaitSummary(territory, s -> s.path("participantsEver").asInt() == 2);
        assertThat(afterErasure.path("participantsActive").asInt()).as("the erased participant still counts").isEqualTo(2);

        assertThat(post("/api/v1/events", token, event("participant.joined", territory, id).put("role", "citizen"))
                .statusCode()).isEqualTo(202);

        JsonNode again = awaitSummary(territory, s -> s.path("participantsEver").asInt() == 3);
        assertThat(again.path("participantsActive").asInt()).isEqualTo(3);
    }

    private ObjectNode event(String type, String territory, String participantId) {
        return JSON.createObjectNode().put("eventId", UUID.randomUUID().toString()).put("type", type)
                .put("territoryId", territory)
                .put("occurredAt", Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString())
                .put("participantId", participantId);
    }

    private String register(String territory) throws Exception {
        HttpResponse<String> r = post("/api/v1/territories", ADMIN, JSON.createObjectNode().put("id", territory)
                .put("name", "Territory " + territory).put("countryCode", "BE").put("kind", "village"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("token").asText();
    }

    private HttpResponse<String> post(String path, String token, JsonNode body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.ingestUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode awaitSummary(String territory, Predicate<JsonNode> done) throws Exception {
        return ExactFigures.awaitSummary(stack.queryUrl(), ADMIN, territory, done);
    }
}
