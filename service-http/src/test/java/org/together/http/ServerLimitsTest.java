package org.together.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server with small limits (20 connections, 1 s idle timeout, 1 s header deadline) against raw sockets: what a flood
 * of connections, an idle one and one dripping its headers get, and that a live stream and a slow upload still work.
 */
class ServerLimitsTest {

    private static final ServerLimits.Limits SMALL = new ServerLimits.Limits(20, Duration.ofSeconds(1), Duration.ofSeconds(1));

    private Javalin app;
    private final List<Socket> sockets = new ArrayList<>();

    private int start(ServerLimits.Limits limits) {
        app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            ServerLimits.install(c, limits);
            c.routes.get("/hello", ctx -> ctx.result("hello"));
            c.routes.post("/upload", ctx -> ctx.result("got " + ctx.bodyAsBytes().length));
            c.routes.sse("/live", client -> {
                client.keepAlive();
                Thread comments = new Thread(() -> {
                    for (int i = 0; i < 10 && !client.terminated(); i++) {
                        client.sendComment("keep-alive " + i);
                        sleep(300);
                    }
                    client.close();
                });
                comments.setDaemon(true);
                comments.start();
            });
        }).start("127.0.0.1", 0);
        return app.port();
    }

    @AfterEach
    void stop() {
        sockets.forEach(s -> {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        });
        if (app != null) {
            app.stop();
        }
    }

    private Socket open(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        sockets.add(s);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

    private static final String GET_HELLO = "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    /** One response read off a keep-alive connection (status line to the end of its 5-byte body). */
    private static String readHello(Socket s, Duration timeout) throws IOException {
        s.setSoTimeout((int) timeout.toMillis());
        InputStream in = s.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (!got.toString(StandardCharsets.US_ASCII).endsWith("hello")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + got.toString(StandardCharsets.US_ASCII));
            }
            got.write(b);
        }
        return got.toString(StandardCharsets.US_ASCII);
    }

    /** True when the server closed the connection within the timeout (anything it sent first is skipped). */
    private static boolean closedWithin(Socket s, Duration timeout) throws IOException {
        s.setSoTimeout((int) timeout.toMillis());
        try {
            InputStream in = s.getInputStream();
            while (in.read() >= 0) {
                // what it sent before closing
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    @Test
    void beyondItsConnectionCapTheServerAcceptsNoMoreAndAnswersAgainOnceOneIsFree() throws Exception {
        int port = start(new ServerLimits.Limits(20, Duration.ofSeconds(30), Duration.ofSeconds(30)));
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Socket s = open(port);
            send(s, GET_HELLO);
            assertThat(readHello(s, Duration.ofSeconds(5))).as("connection %d, within the cap", i).startsWith("HTTP/1.1 200");
            held.add(s); // kept alive: each holds one of the 20
        }
        List<Socket> beyond = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Socket s = open(port); // the system's queue takes it; the server does not
            send(s, GET_HELLO);
            beyond.add(s);
        }

        for (Socket s : beyond) {
            assertThatThrownBy(() -> readHello(s, Duration.ofMillis(300))).as("not accepted while 20 are open")
                    .isInstanceOf(SocketTimeoutException.class);
        }

        held.get(0).close();
        held.get(1).close();
        assertThat(readHello(beyond.get(0), Duration.ofSeconds(5))).startsWith("HTTP/1.1 200");
        // still answering on a connection it holds
        send(held.get(2), GET_HELLO);
        assertThat(readHello(held.get(2), Duration.ofSeconds(5))).startsWith("HTTP/1.1 200");
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        int port = start(SMALL);
        Socket idle = open(port);
        Socket afterARequest = open(port);
        send(afterARequest, GET_HELLO);
        readHello(afterARequest, Duration.ofSeconds(5));

        assertThat(closedWithin(idle, Duration.ofSeconds(4))).isTrue();
        assertThat(closedWithin(afterARequest, Duration.ofSeconds(4))).isTrue();
    }

    @Test
    void aConnectionDrippingItsHeadersIsClosedWithinTheHeaderDeadlineThoughEachByteCameBeforeTheIdleTimeout()
            throws Exception {
        int port = start(SMALL);
        Socket slow = open(port);
        send(slow, "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        long started = System.nanoTime();
        boolean closed = false;
        try {
            for (int i = 0; i < 40 && !closed; i++) {
                send(slow, "X-Slow-" + i + ": y\r\n"); // one header line every 100 ms: never idle for 1 s
                closed = closedWithin(slow, Duration.ofMillis(100));
            }
        } catch (IOException e) {
            closed = true; // the write failed: closed by the server
        }

        assertThat(closed).as("closed before the 4 s of dripping were over").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
    }

    @Test
    void aLiveStreamWithKeepAlivesAndASlowUploadOutliveTheIdleTimeoutAndTheHeaderDeadline() throws Exception {
        int port = start(SMALL);
        Socket live = open(port);
        send(live, "GET /live HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n");
        Socket upload = open(port);
        send(upload, "POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: 25\r\n\r\n");

        long started = System.nanoTime();
        for (int i = 0; i < 25; i++) { // 2.5 s of body, a byte every 100 ms
            send(upload, "x");
            sleep(100);
        }
        String uploaded = readUntil(upload, "got 25", Duration.ofSeconds(5));
        String streamed = readUntil(live, "keep-alive 9", Duration.ofSeconds(5));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(2));
        assertThat(uploaded).startsWith("HTTP/1.1 200");
        assertThat(streamed).startsWith("HTTP/1.1 200").contains("keep-alive 0", "keep-alive 5");
    }

    private static String readUntil(Socket s, String end, Duration timeout) throws IOException {
        s.setSoTimeout((int) timeout.toMillis());
        InputStream in = s.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (!got.toString(StandardCharsets.US_ASCII).contains(end)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + got.toString(StandardCharsets.US_ASCII));
            }
            got.write(b);
        }
        return got.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void theCapComesFromTheEnvironmentAndABadValueNamesTheVariable() {
        assertThat(ServerLimits.maxConnections(Map.of(ServerLimits.MAX_CONNECTIONS_ENV, "350"))).isEqualTo(350);
        assertThat(ServerLimits.maxConnections(Map.of())).isBetween(1, ServerLimits.DEFAULT_MAX_CONNECTIONS);
        for (String bad : List.of("0", "-5", "many", "2e3")) {
            assertThatThrownBy(() -> ServerLimits.maxConnections(Map.of(ServerLimits.MAX_CONNECTIONS_ENV, bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(ServerLimits.MAX_CONNECTIONS_ENV).hasMessageContaining("'" + bad + "'");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
