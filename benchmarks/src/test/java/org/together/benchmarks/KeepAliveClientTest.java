package org.together.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bench's load-generating client against a real HTTP/1.1 server (the JDK's): a rendered request arrives whole,
 * with its headers and body, answers of fixed length and chunked ones are read, several requests go over one
 * connection, and the accepted count is read from an events answer.
 */
class KeepAliveClientTest {

    private HttpServer server;
    private String url;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<Object> connections = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/events", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Authorization")
                    + " " + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
            connections.add(exchange.getRemoteAddress());
            byte[] answer = ("{\"accepted\":" + (body.length() % 1000) + ",\"duplicates\":0,\"results\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
            boolean chunked = body.contains("chunked");
            exchange.sendResponseHeaders(body.contains("busy") ? 503 : 202, chunked ? 0 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void rendersARequestAndReadsFixedLengthAndChunkedAnswersOverOneConnection() throws Exception {
        String plain = "[{\"a\":1}]";
        String chunked = "[{\"chunked\":true,\"pad\":\"xx\"}]";
        try (KeepAliveClient client = new KeepAliveClient(url)) {
            KeepAliveClient.Answer first = client.send(KeepAliveClient.renderPost(url, "/api/v1/events", "tok-1",
                    plain.getBytes(StandardCharsets.UTF_8)));
            KeepAliveClient.Answer second = client.send(KeepAliveClient.renderPost(url, "/api/v1/events", "tok-2",
                    chunked.getBytes(StandardCharsets.UTF_8)));
            KeepAliveClient.Answer busy = client.send(KeepAliveClient.renderPost(url, "/api/v1/events", "tok-3",
                    "\"busy\"".getBytes(StandardCharsets.UTF_8)));

            assertThat(first.status()).isEqualTo(202);
            assertThat(KeepAliveClient.accepted(first.body())).isEqualTo(plain.length());
            assertThat(second.status()).isEqualTo(202);
            assertThat(KeepAliveClient.accepted(second.body())).isEqualTo(chunked.length());
            assertThat(busy.status()).isEqualTo(503);
        }
        assertThat(received).containsExactly(
                "POST Bearer tok-1 application/json " + plain,
                "POST Bearer tok-2 application/json " + chunked,
                "POST Bearer tok-3 application/json \"busy\"");
        assertThat(connections).as("one keep-alive connection").hasSize(3).allMatch(a -> a.equals(connections.get(0)));
    }

    @Test
    void theAcceptedCountIsReadFromTheStartOfAnEventsAnswer() {
        assertThat(KeepAliveClient.accepted("{\"accepted\":100,\"duplicates\":0}".getBytes(StandardCharsets.UTF_8))).isEqualTo(100);
        assertThat(KeepAliveClient.accepted("{\"accepted\":0,\"duplicates\":3}".getBytes(StandardCharsets.UTF_8))).isZero();
        assertThat(KeepAliveClient.accepted("{\"status\":503,\"error\":\"x\"}".getBytes(StandardCharsets.UTF_8))).isZero();
    }
}
