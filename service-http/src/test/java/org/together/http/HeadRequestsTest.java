package org.together.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HEAD answers the headers GET would (review 18: it said text/plain on JSON routes), without a body. */
class HeadRequestsTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final java.util.concurrent.atomic.AtomicInteger streams = new java.util.concurrent.atomic.AtomicInteger();
    private Javalin app;

    @BeforeEach
    void start() {
        app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.http.prefer405over404 = true;
            SecurityHeaders.install(c); // as every service installs it
            c.routes.get("/json", ctx -> ctx.contentType("application/json").result("{\"a\":1}"));
            c.routes.sse("/stream", client -> {
                streams.incrementAndGet();
                client.keepAlive();
            });
            c.routes.get("/text", ctx -> ctx.contentType("text/csv; charset=utf-8").result("a,b\n"));
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void headOnAJsonRouteSaysApplicationJsonAsGetDoesWithoutABody() throws Exception {
        for (String path : new String[] {"/json", "/text"}) {
            HttpResponse<String> get = send("GET", path);
            HttpResponse<String> head = send("HEAD", path);

            assertThat(head.statusCode()).as(path).isEqualTo(get.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Type")).as(path).isEqualTo(get.headers().firstValue("Content-Type"));
            assertThat(head.headers().firstValue("Content-Length")).as(path).isEqualTo(get.headers().firstValue("Content-Length"));
            assertThat(head.body()).isEmpty();
        }
    }

    @Test
    void headAcceptingAnEventStreamOpensNoStream() throws Exception {
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/stream"))
                .header("Accept", "text/event-stream").method("HEAD", HttpRequest.BodyPublishers.noBody())
                .timeout(java.time.Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(head.body()).isEmpty();
        assertThat(streams.get()).as("no stream held open for a HEAD").isZero();
    }
}
