package org.together.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A request is the method it was sent with, whatever {@code X-HTTP-Method-Override} says (review 18). */
class NoMethodOverrideTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> ran = new CopyOnWriteArrayList<>();
    private Javalin app;

    @BeforeEach
    void start() {
        app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.http.prefer405over404 = true;
            SecurityHeaders.install(c); // as every service installs it
            c.routes.post("/both", ctx -> ran.add("POST /both, override header " + ctx.header(NoMethodOverride.HEADER)));
            c.routes.delete("/both", ctx -> ran.add("DELETE /both"));
            c.routes.delete("/delete-only", ctx -> ran.add("DELETE /delete-only"));
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    private int post(String path, String override) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header(NoMethodOverride.HEADER, override).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aPostAskingToBeADeleteIsAPost() throws Exception {
        assertThat(post("/both", "DELETE")).isEqualTo(200);
        assertThat(post("/both", "delete")).isEqualTo(200);
        assertThat(post("/delete-only", "DELETE")).isEqualTo(405);

        assertThat(ran).containsExactly("POST /both, override header null", "POST /both, override header null");
    }
}
