package org.together.schemas.registry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A protocol test double at the HTTP boundary: answers Confluent's canned JSON (or error) bodies per
 * "METHOD /raw/path?query" and records every request, to prove what the REST client sends and how it reads answers.
 * Unknown requests get Confluent's 404 body with error code 40400, so a missing stub fails loudly.
 */
public final class CannedRegistryServer implements AutoCloseable {

    public record Request(String method, String pathAndQuery, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private record Answer(int status, String contentType, String body) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public CannedRegistryServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String target = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(exchange.getRequestMethod(), target.substring(target.indexOf(' ') + 1),
                    Map.copyOf(exchange.getRequestHeaders()), body));
            Answer answer = answers.getOrDefault(target, new Answer(404, RestSchemaRegistryClient.CONTENT_TYPE,
                    "{\"error_code\":40400,\"message\":\"no canned answer for " + target + "\"}"));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code "POST /subjects/x/versions"} with the JSON body and status. */
    public CannedRegistryServer answer(String methodAndPath, int status, String json) {
        answers.put(methodAndPath, new Answer(status, RestSchemaRegistryClient.CONTENT_TYPE, json));
        return this;
    }

    public CannedRegistryServer answerRaw(String methodAndPath, int status, String contentType, String body) {
        answers.put(methodAndPath, new Answer(status, contentType, body));
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public long count(String method, String pathAndQuery) {
        return requests.stream().filter(r -> r.method().equals(method) && r.pathAndQuery().equals(pathAndQuery)).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
