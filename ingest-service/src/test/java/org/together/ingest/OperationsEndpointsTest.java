package org.together.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.ingest.IngestTestSupport.get;
import static org.together.ingest.IngestTestSupport.joined;
import static org.together.ingest.IngestTestSupport.newTerritory;
import static org.together.ingest.IngestTestSupport.postJson;
import static org.together.ingest.IngestTestSupport.send;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Health, Prometheus metrics, the OpenAPI document and the JSON answers to unknown routes. */
class OperationsEndpointsTest {

    private static int port;

    @BeforeAll
    static void startService() {
        port = IngestTestSupport.port();
    }

    @Test
    void liveAndReadyAreUpWhenKafkaAndTheViewsAre() {
        IngestTestSupport.Response live = get(port, "/health/live", null);
        IngestTestSupport.Response ready = get(port, "/health/ready", null);

        assertThat(live.status()).isEqualTo(200);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("checks").get("kafka").asText()).isEqualTo("UP");
        assertThat(ready.json().get("checks").get("referenceViews").asText()).isEqualTo("UP");
    }

    @Test
    void metricsShowRequestsEventsByTypeAndOutcomeAndTheKafkaProducer() {
        String[] t = newTerritory(port, "metrics");
        postJson(port, "/api/v1/events", t[1], joined(t[0]));
        postJson(port, "/api/v1/events", t[1], joined(t[0]).put("role", "boss"));

        IngestTestSupport.Response r = get(port, "/metrics", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().first("Content-Type")).startsWith("text/plain");
        String text = r.text();
        assertThat(text).containsPattern("http_server_requests_seconds_count\\{[^}]*route=\"/api/v1/events\"[^}]*status=\"202\"");
        assertThat(text).containsPattern("together_ingest_events_total\\{[^}]*status=\"accepted\"[^}]*type=\"participant.joined\"");
        assertThat(text).containsPattern("together_ingest_events_total\\{[^}]*status=\"rejected\"[^}]*type=\"participant.joined\"");
        assertThat(text).contains("kafka_producer_");
        assertThat(text).contains("together_ingest_transaction_commit_seconds");
        assertThat(text).contains("together_ingest_receipts");
        assertThat(text).contains("jvm_memory_used_bytes");
    }

    @Test
    void theOpenApiDocumentIsValidOpenApi3AndDescribesEveryRoute() {
        IngestTestSupport.Response r = get(port, "/api/v1/openapi.json", null);
        assertThat(r.status()).isEqualTo(200);

        SwaggerParseResult parsed = new OpenAPIParser().readContents(r.text(), null, null);

        assertThat(parsed.getMessages()).isEmpty();
        OpenAPI api = parsed.getOpenAPI();
        assertThat(api.getOpenapi()).startsWith("3.");
        Set<String> documented = new TreeSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach(method -> documented.add(method + " " + path)));
        assertThat(documented).containsExactlyInAnyOrder(
                "POST /api/v1/events", "POST /api/v1/import",
                "POST /api/v1/territories", "GET /api/v1/territories", "PUT /api/v1/territories/{id}",
                "POST /api/v1/territories/{id}/token", "DELETE /api/v1/territories/{id}/token",
                "DELETE /api/v1/territories/{territoryId}/participants/{participantId}",
                "GET /api/v1/tools", "PUT /api/v1/tools/{toolId}",
                "GET /api/v1/spiral-dimensions", "PUT /api/v1/spiral-dimensions/{code}",
                "PUT /api/v1/targets/{targetId}", "DELETE /api/v1/targets/{targetId}",
                "GET /api/v1/openapi.json", "GET /health/live", "GET /health/ready", "GET /metrics");
        Map<String, ?> eventResponses = api.getPaths().get("/api/v1/events").getPost().getResponses();
        assertThat(eventResponses.keySet()).contains("202", "207", "400", "401", "403", "413", "415", "422", "503");
        PathItem.HttpMethod post = PathItem.HttpMethod.POST;
        assertThat(api.getPaths().get("/api/v1/events").readOperationsMap().get(post).getRequestBody()).isNotNull();
        io.swagger.v3.oas.models.media.Schema<?> status = (io.swagger.v3.oas.models.media.Schema<?>)
                api.getComponents().getSchemas().get("EventResult").getProperties().get("status");
        assertThat(status.getEnum().stream().map(String::valueOf).toList())
                .containsExactly("accepted", "duplicate", "conflict", "rejected");
        // its server is the address it was read from, not a fixed localhost:8080 (as the query API's, review 18)
        assertThat(api.getServers()).hasSize(1);
        assertThat(java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/openapi.json").resolve(api.getServers().get(0).getUrl()))
                .isEqualTo(java.net.URI.create("http://127.0.0.1:" + port + "/"));
        assertThat(r.text()).doesNotContain("localhost:8080");
    }

    /**
     * Review 21: a client generated from a body of "one event or an array" (oneOf) could send one event only; the
     * erasure's 429 and the rate limit's headers were not in the document.
     */
    @Test
    void theOpenApiDocumentDescribesBatchesAsArraysAndEveryStatusAndHeaderOfTheRateLimit() {
        com.fasterxml.jackson.databind.JsonNode doc = get(port, "/api/v1/openapi.json", null).json();
        com.fasterxml.jackson.databind.JsonNode schemas = doc.at("/components/schemas");

        for (String path : new String[] {"/api/v1/events", "/api/v1/import"}) {
            String ref = doc.get("paths").get(path).at("/post/requestBody/content/application~1json/schema/$ref").asText();
            com.fasterxml.jackson.databind.JsonNode body = schemas.get(ref.substring(ref.lastIndexOf('/') + 1));
            assertThat(body.get("type").asText()).as(path).isEqualTo("array");
            assertThat(body.has("oneOf")).as(path).isFalse();
            assertThat(body.at("/items/$ref").asText()).isEqualTo("#/components/schemas/Event");
        }
        com.fasterxml.jackson.databind.JsonNode events = doc.at("/paths/~1api~1v1~1events/post/responses");
        com.fasterxml.jackson.databind.JsonNode erasure =
                doc.at("/paths/~1api~1v1~1territories~1{territoryId}~1participants~1{participantId}/delete/responses");
        assertThat(erasure.has("429")).isTrue();
        assertThat(erasure.at("/429/headers").has("Retry-After")).isTrue();
        for (String status : new String[] {"202", "207", "422", "429"}) {
            assertThat(events.at("/" + status + "/headers").has("RateLimit-Remaining")).as(status).isTrue();
        }
        assertThat(events.at("/413/description").asText()).contains("burst");
        assertThat(doc.at("/components/headers/RateLimit-Limit/description").asText()).contains("20,000");
    }

    /** Review 21: a territory's token on a coordination endpoint is 403, which the document did not list. */
    @Test
    void theOpenApiDocumentLists401And403OnEveryEndpointOfTheAdminToken() {
        com.fasterxml.jackson.databind.JsonNode doc = get(port, "/api/v1/openapi.json", null).json();
        Set<String> admin = new TreeSet<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (op.getValue().path("security").toString().equals("[{\"adminToken\":[]}]")) {
                String name = op.getKey().toUpperCase() + " " + path.getKey();
                admin.add(name);
                assertThat(op.getValue().get("responses").has("401")).as(name).isTrue();
                assertThat(op.getValue().at("/responses/403/description").asText()).as(name).contains("territory's");
            }
        }));
        assertThat(admin).hasSize(10).contains("POST /api/v1/import", "GET /api/v1/territories",
                "PUT /api/v1/targets/{targetId}");
    }

    @Test
    void unknownRoutesAndMethodsGetJsonErrors() {
        IngestTestSupport.Response notFound = get(port, "/api/v1/nothing-here", null);
        IngestTestSupport.Response wrongMethod = send(port, "DELETE", "/api/v1/events", null, null, null);

        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.json().get("status").asInt()).isEqualTo(404);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.json().get("error").asText()).isEqualTo("Method Not Allowed");
        assertThat(wrongMethod.headers().first("Allow")).as("RFC 9110 (review 21)").isEqualTo("POST");
    }
}
