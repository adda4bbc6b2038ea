package org.together.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The few HTTP calls the benchmarks make, over keep-alive java.net.http clients. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");

    private Http() {
    }

    /** One client keeps its connections alive: a worker thread owns one, like one territory app. */
    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** What {@code POST /api/v1/events} answered. */
    record Posted(int status, int accepted, String body) {
    }

    static Posted postEvents(HttpClient client, String ingestUrl, String token, byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ingestUrl + "/api/v1/events"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        Matcher m = ACCEPTED.matcher(response.body());
        int accepted = m.find() ? Integer.parseInt(m.group(1)) : 0;
        return new Posted(response.statusCode(), accepted, response.body());
    }

    /** Registers a territory as the coordination team does; answers its token. */
    static String registerTerritory(HttpClient client, String ingestUrl, String adminToken, String id, String countryCode)
            throws IOException, InterruptedException {
        String body = "{\"id\":\"" + id + "\",\"name\":\"Bench " + id + "\",\"countryCode\":\"" + countryCode
                + "\",\"kind\":\"municipality\",\"population\":12000}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(ingestUrl + "/api/v1/territories"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + adminToken)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("registering territory " + id + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).path("token").asText();
    }

    /** GET, answering the status and body. */
    static HttpResponse<byte[]> get(HttpClient client, String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode getJson(HttpClient client, String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = get(client, url);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + ": HTTP " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return JSON.readTree(r.body());
    }

    /** Waits until {@code url} answers 200 (a readiness endpoint). */
    static void awaitOk(HttpClient client, String url, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<byte[]> r = get(client, url);
                if (r.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(url + " not ready after " + timeout.toSeconds() + " s: " + last);
    }
}
