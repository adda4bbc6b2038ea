package org.together.launcher.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.together.launcher.Together;
import picocli.CommandLine;

/**
 * {@code together import} waits out a 429 or 503 for its Retry-After and sends the same batch again, on both
 * endpoints. The server is a real HTTP server from the JDK on loopback that refuses the first request with the
 * ingest API's answer (status, Retry-After, error body) and accepts the next, so the wait is seen from outside.
 */
class ImportRetryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;
    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private record Received(String path, String authorization, byte[] body, long atNanos) {
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Answers the first request with {@code status} and Retry-After: 1, every later one with all events accepted. */
    private String serve(int status, String message) throws IOException {
        return serve(0, status, message);
    }

    /** As {@link #serve(int, String)} on {@code port} (0: any free one); {@code status} 0 accepts from the first request. */
    private String serve(int port, int status, String message) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/api/v1/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Authorization"),
                    body, System.nanoTime()));
            if (received.size() == 1 && status != 0) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                respond(exchange, status, JSON.createObjectNode().put("status", status).put("error", "refused").put("message", message));
                return;
            }
            JsonNode events = JSON.readTree(body);
            ObjectNode answer = JSON.createObjectNode();
            ArrayNode results = answer.putArray("results");
            for (int i = 0; i < events.size(); i++) {
                results.addObject().put("index", i).put("eventId", events.get(i).path("eventId").asText())
                        .put("status", "accepted").putArray("errors");
            }
            respond(exchange, 202, answer);
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void aTerritoryTokenOverItsRateLimitWaitsRetryAfterAndResendsTheSameBatchToTheEventsEndpoint() throws Exception {
        String url = serve(429, "territory 'kavala' is over its rate limit (5 events per second, bursts of 50): nothing was "
                + "written, send the same request again after 1 s");

        Result result = importFile(url, "tgt_kavala-token");

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.err()).contains("waiting 1 s, then sending the same batch again (429 Too Many Requests: "
                + "territory 'kavala' is over its rate limit");
        assertResentTheSameBatchAfterASecond("/api/v1/events", "Bearer tgt_kavala-token");
        assertThat(result.out()).contains("2 lines: 2 accepted");
    }

    @Test
    void theAdminImportWaitsOutA503WhileKafkaIsAwayAndResendsTheSameBatch() throws Exception {
        String url = serve(503, "Kafka is unavailable: no event of this request was accepted, retry the same request later");

        Result result = importFile(url, "the-admin-token");

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.err()).contains("waiting 1 s, then sending the same batch again (503 Service Unavailable: "
                + "Kafka is unavailable");
        assertResentTheSameBatchAfterASecond("/api/v1/import", "Bearer the-admin-token");
        assertThat(result.out()).contains("2 lines: 2 accepted");
    }

    @Test
    void aHostThatDoesNotResolveStopsAtOnceNamingTheHostAndTheFlag() {
        // .invalid never resolves (RFC 6761): ten minutes of retries would not change that
        Result result = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> importFile("http://ingest.invalid:8080", "tgt_kavala-token"));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).contains("import stopped: ingest.invalid: unknown host, check --ingest (http://ingest.invalid:8080)");
        assertThat(result.err()).doesNotContain("waiting", "Exception");
    }

    @Test
    void aRefusedConnectionIsRetriedSayingWhoRefusedWithACountdownThatMovesWithTheWaits() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        // nothing listens for the first waits (0.2 + 0.4 + 0.8 s), then the service is up
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(2_000);
                serve(port, 0, null);
            } catch (InterruptedException | IOException e) {
                throw new IllegalStateException(e);
            }
        });
        late.start();

        Result result = importFile("http://127.0.0.1:" + port, "tgt_kavala-token");
        late.join();

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("2 lines: 2 accepted");
        assertThat(result.err()).doesNotContain("Exception");
        Matcher line = Pattern.compile("waiting ([0-9.]+) s, then sending the same batch again \\(connection refused by "
                + "127\\.0\\.0\\.1:" + port + "; giving up in (\\d+) s\\)").matcher(result.err());
        List<double[]> waits = new ArrayList<>();
        while (line.find()) {
            waits.add(new double[] {Double.parseDouble(line.group(1)), Long.parseLong(line.group(2))});
        }
        assertThat(waits).as(result.err()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(waits.get(0)[1]).as("the first wait has the ten minutes before it").isEqualTo(600);
        double waited = 0;
        for (int i = 1; i < waits.size(); i++) {
            waited += waits.get(i - 1)[0];
            // what the countdown lost is what was waited, to the second it is rounded to
            assertThat(waits.get(0)[1] - waits.get(i)[1]).as(result.err()).isCloseTo(waited, within(1.0));
        }
    }

    private void assertResentTheSameBatchAfterASecond(String path, String authorization) {
        assertThat(received).hasSize(2);
        assertThat(received).extracting(Received::path).containsOnly(path);
        assertThat(received).extracting(Received::authorization).containsOnly(authorization);
        assertThat(new String(received.get(1).body(), StandardCharsets.UTF_8))
                .isEqualTo(new String(received.get(0).body(), StandardCharsets.UTF_8));
        assertThat(received.get(1).atNanos() - received.get(0).atNanos()).as("waited Retry-After").isGreaterThanOrEqualTo(1_000_000_000L);
    }

    private record Result(int exitCode, String out, String err) {
    }

    private Result importFile(String url, String token) throws IOException {
        Path file = temp.resolve("events.jsonl");
        Files.writeString(file, """
                {"eventId":"0b7e6c2a-1f6d-4b8e-9a51-2c3d4e5f6a70","type":"participant.joined","territoryId":"kavala"}
                {"eventId":"1c8f7d3b-2a7e-4c9f-8b62-3d4e5f6a7b81","type":"participant.joined","territoryId":"kavala"}
                """);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Together.commandLine(new HashMap<>());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute("import", file.toString(), "--ingest", url, "--token", token);
        return new Result(code, out.toString(), err.toString());
    }
}
