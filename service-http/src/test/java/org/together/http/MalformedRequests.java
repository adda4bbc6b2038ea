package org.together.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Malformed requests sent to a real service over one keep-alive client, each held to what every service promises bad
 * input: one of the statuses the case allows (never a 5xx, never a dropped connection), a JSON error body (its
 * {@code status} the answer's, a message at the top or in {@code errors[]}), and, where the case names a field, an
 * error naming it. The services' fuzz tests share it here: they never import each other.
 */
public final class MalformedRequests {

    /** One malformed request, the statuses it may get and the field its error must name (null: none to name). */
    public record Case(String name, String method, String pathAndQuery, String authorization, String contentType, byte[] body,
                       Set<Integer> expected, String field) {

        /** A request whose error names no field. */
        public Case(String name, String method, String pathAndQuery, String authorization, String contentType, byte[] body,
                    Set<Integer> expected) {
            this(name, method, pathAndQuery, authorization, contentType, body, expected, null);
        }

        /** A request without a body. */
        public Case(String name, String method, String pathAndQuery, String authorization, Set<Integer> expected, String field) {
            this(name, method, pathAndQuery, authorization, null, null, expected, field);
        }

        /** The same request, its error naming {@code field}. */
        public Case naming(String field) {
            return new Case(name, method, pathAndQuery, authorization, contentType, body, expected, field);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String baseUrl;
    private final BiPredicate<Integer, JsonNode> alsoRefused;

    /** @param baseUrl the service, e.g. {@code http://127.0.0.1:8080} */
    public MalformedRequests(HttpClient http, String baseUrl) {
        this(http, baseUrl, (status, body) -> false);
    }

    /**
     * @param alsoRefused an answer other than an error body that refuses the request all the same (ingest's per-event
     *                    422 that stored nothing), given the status and the body
     */
    public MalformedRequests(HttpClient http, String baseUrl, BiPredicate<Integer, JsonNode> alsoRefused) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.alsoRefused = alsoRefused;
    }

    /** Sends every case in order: "name: problem" for each answered wrongly. */
    public List<String> failures(List<Case> cases) {
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            String problem = check(c);
            if (problem != null) {
                failures.add(c.name() + ": " + problem);
            }
        }
        return failures;
    }

    /** What is wrong with the answer to {@code c}, or null when nothing is. */
    public String check(Case c) {
        HttpResponse<byte[]> r;
        try {
            r = http.send(request(c), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return "connection failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        String text = new String(r.body(), StandardCharsets.UTF_8);
        if (!c.expected().contains(r.statusCode())) {
            return "status " + r.statusCode() + " not in " + c.expected() + " (Authorization " + abbreviate(c.authorization())
                    + "): " + text;
        }
        if (!r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            return "content type " + r.headers().firstValue("Content-Type") + ": " + text;
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            return "body is not JSON: " + text;
        }
        String message = body.path("message").isTextual() ? body.path("message").asText()
                : body.path("errors").path(0).path("message").asText();
        boolean errorBody = body.path("status").asInt() == r.statusCode() && !message.isBlank();
        if (!errorBody && !alsoRefused.test(r.statusCode(), body)) {
            return "not a JSON error body: " + body;
        }
        if (c.field() != null && !namesField(body, c.field())) {
            return "the error does not name '" + c.field() + "': " + body;
        }
        return null;
    }

    private static boolean namesField(JsonNode body, String field) {
        for (JsonNode error : body.path("errors")) {
            if (error.path("field").asText().equals(field) && !error.path("message").asText().isBlank()) {
                return true;
            }
        }
        return false;
    }

    private HttpRequest request(Case c) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + c.pathAndQuery())).timeout(Duration.ofSeconds(30))
                .method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        if (c.authorization() != null) {
            b.header("Authorization", c.authorization());
        }
        if (c.contentType() != null) {
            b.header("Content-Type", c.contentType());
        }
        return b.build();
    }

    /** A value short enough for a case's name or a failure message. */
    public static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() <= 24 ? s : s.substring(0, 24) + "...(" + s.length() + ")";
    }
}
