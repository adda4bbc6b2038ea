package org.together.aggregation.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who {@code /api/v1/live} streams to: a request that accepts Server-Sent Events, and no other (finding 16). */
class LiveSummariesTest {

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LiveSummaries live;
    private Javalin http;

    @BeforeEach
    void start() {
        // a router not attached to Kafka Streams yet: the stream opens, with no summary to send
        QueryEndpoints endpoints = new QueryEndpoints(new QueryRouter(), json, Optional.empty(), Optional.empty());
        live = new LiveSummaries(endpoints, json);
        http = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            org.together.http.SecurityHeaders.install(c);
            endpoints.register(c.routes);
            live.register(c.routes);
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        live.close();
        http.stop();
    }

    private HttpRequest.Builder request() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + LiveSummaries.PATH))
                .timeout(Duration.ofSeconds(10)).GET();
    }

    @Test
    void withoutAcceptingTheEventStreamTheAnswerIs406NamingTheHeaderInTheBodyEveryEndpointUses() throws Exception {
        for (String accept : new String[] {null, "application/json", "text/plain, */*", "Text/Event-Stream"}) {
            HttpRequest.Builder request = request();
            if (accept != null) {
                request.header("Accept", accept);
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("Accept: %s", accept).isEqualTo(406);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            JsonNode body = json.readTree(response.body());
            assertThat(body.get("status").asInt()).isEqualTo(406);
            assertThat(body.get("error").asText()).isEqualTo("Not Acceptable");
            assertThat(body.get("message").asText()).contains("Server-Sent Events", "Accept: text/event-stream");
            assertThat(body.get("errors")).singleElement().satisfies(e -> assertThat(e.get("field").asText()).isEqualTo("Accept"));
        }
        assertThat(live.listeners()).isZero();
    }

    @Test
    void aRequestAcceptingTheEventStreamGetsTheStream() throws Exception {
        for (String accept : new String[] {"text/event-stream", "text/event-stream, */*;q=0.1"}) {
            HttpResponse<InputStream> response = client.send(request().header("Accept", accept).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                assertThat(response.statusCode()).as("Accept: %s", accept).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
            }
        }
    }

    /**
     * Review 17, finding 8: the stream says first how long a browser waits before reconnecting, so that a lost stream
     * is tried again every few seconds, not at each browser's own pace.
     */
    @Test
    void theStreamStartsWithARetryOfAFewSeconds() throws Exception {
        HttpResponse<InputStream> response = client.send(request().header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(body, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(response.statusCode()).isEqualTo(200);
            // read aside: a stream that sends nothing (no summary to send here) fails the test instead of hanging it
            java.util.concurrent.Future<List<String>> first = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return List.of(lines.readLine(), lines.readLine());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(first.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("the stream's first two lines")
                    .containsExactly("retry: 3000", "");
        }
    }

    @Test
    void theAcceptHeaderIsReadAsJavalinsStreamReadsIt() {
        assertThat(LiveSummaries.acceptsEventStream("text/event-stream")).isTrue();
        assertThat(LiveSummaries.acceptsEventStream("application/json, text/event-stream;q=0.9")).isTrue();
        assertThat(LiveSummaries.acceptsEventStream("*/*")).isFalse();
        assertThat(LiveSummaries.acceptsEventStream(null)).isFalse();
    }
}
