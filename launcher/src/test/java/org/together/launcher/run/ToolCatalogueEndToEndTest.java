package org.together.launcher.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.together.launcher.ExactFigures;
import org.together.launcher.SharedBrokerStack;

/**
 * A tool the coordination team adds to the catalogue at run time (ingest's PUT /api/v1/tools/{toolId}, written to
 * together.tools) is answered by the query API with the catalogue's names beside its toolId, and a rename shows in
 * the next answers, with no restart of either service.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ToolCatalogueEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ADMIN = "catalogue-admin-" + UUID.randomUUID();

    @TempDir
    static Path dataDir;
    private RunningStack stack;

    @BeforeAll
    void start() {
        stack = SharedBrokerStack.run(dataDir, ADMIN);
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aToolAddedAtRunTimeIsAnsweredWithTheCataloguesNamesAndARenameShowsWithoutARestart() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String tool = "repair-cafe-kit-" + suffix;
        String territory = "catalogue-" + suffix;
        HttpResponse<String> added = put("/api/v1/tools/" + tool, JSON.createObjectNode().put("name", "Repair café kit")
                .set("names", JSON.createObjectNode().put("en", "Repair café kit").put("fr", "Kit repair café")));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        String token = register(territory);
        HttpResponse<String> sent = post("/api/v1/events", token, JSON.createObjectNode()
                .put("eventId", UUID.randomUUID().toString()).put("type", "tool.used").put("territoryId", territory)
                .put("occurredAt", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString())
                .put("participantId", "p-" + suffix).put("toolId", tool).put("stage", "started"));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);

        JsonNode line = toolLine(ExactFigures.awaitSummary(stack.queryUrl(), ADMIN, territory,
                s -> toolLine(s, tool) != null), tool);
        assertThat(line.path("adopters").asInt()).isEqualTo(1);
        assertThat(line.path("name").asText()).isEqualTo("Repair café kit");
        assertThat(line.at("/names/fr").asText()).isEqualTo("Kit repair café");
        JsonNode funnel = toolLine(get("/api/v1/territories/" + territory + "/tools"), tool);
        assertThat(funnel.path("name").asText()).isEqualTo("Repair café kit");

        HttpResponse<String> renamed = put("/api/v1/tools/" + tool, JSON.createObjectNode().put("name", "Repair café toolkit")
                .set("names", JSON.createObjectNode().put("en", "Repair café toolkit")));
        assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);

        JsonNode after = toolLine(ExactFigures.awaitSummary(stack.queryUrl(), ADMIN, territory,
                s -> "Repair café toolkit".equals(toolLine(s, tool).path("name").asText())), tool);
        assertThat(after.path("names").has("fr")).as("the French name was dropped from the catalogue").isFalse();
        assertThat(after.path("adopters").asInt()).as("the figures stay").isEqualTo(1);
        // the network's figures follow the territory's a moment later (the network task)
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode network = toolLine(get("/api/v1/network/tools"), tool);
        while ((network == null || !"Repair café toolkit".equals(network.path("name").asText())) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            network = toolLine(get("/api/v1/network/tools"), tool);
        }
        assertThat(network).as("the tool in the network's tools report").isNotNull();
        assertThat(network.path("name").asText()).as("the network's tools report").isEqualTo("Repair café toolkit");
    }

    /** The tool's line of a summary or tools report, or null. */
    private static JsonNode toolLine(JsonNode answer, String toolId) {
        for (JsonNode t : answer.path("tools")) {
            if (toolId.equals(t.path("toolId").asText())) {
                return t;
            }
        }
        return null;
    }

    private String register(String territory) throws Exception {
        HttpResponse<String> r = post("/api/v1/territories", ADMIN, JSON.createObjectNode().put("id", territory)
                .put("name", "Territory " + territory).put("countryCode", "BE").put("kind", "village"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("token").asText();
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(stack.queryUrl() + path))
                .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> post(String path, String token, JsonNode body) throws Exception {
        return send(path, token, HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private HttpResponse<String> put(String path, ObjectNode body) throws Exception {
        return send(path, ADMIN, HttpRequest.newBuilder().PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private HttpResponse<String> send(String path, String token, HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.uri(URI.create(stack.ingestUrl() + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }
}
