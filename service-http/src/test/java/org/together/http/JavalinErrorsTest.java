package org.together.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Javalin's own answers in the services' JSON body; a 405 says which methods the path takes (RFC 9110). */
class JavalinErrorsTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private Javalin app;

    @BeforeEach
    void start() {
        app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.http.prefer405over404 = true;
            c.routes.get("/both", ctx -> ctx.result("read"));
            c.routes.post("/both", ctx -> ctx.result("written"));
            c.routes.exception(HttpResponseException.class, JavalinErrors::answer);
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aMethodThePathDoesNotTakeIs405NamingItsMethodsInAllowWithAJsonBody() throws Exception {
        HttpResponse<String> response = send("DELETE", "/both");
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, POST");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.get("status").asInt()).isEqualTo(405);
        assertThat(body.get("error").asText()).isEqualTo("Method Not Allowed");
    }

    @Test
    void anUnknownPathIs404WithAJsonBodyAndNoAllow() throws Exception {
        HttpResponse<String> response = send("GET", "/nowhere");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Allow")).isEmpty();
        assertThat(new ObjectMapper().readTree(response.body()).get("error").asText()).isEqualTo("Not Found");
    }
}
