package org.together.launcher.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.together.launcher.IngestClient;

/**
 * Sends events to {@code POST /api/v1/import} in batches within the API's limits (1,000 events, 1 MiB)
 * and reports what happened to each line of the file. Resending a batch after a 503 or a dropped
 * connection is safe: the API stores an eventId once and reports the resend as a duplicate.
 */
public final class Importer {

    public static final String PATH = "/api/v1/import";
    public static final int MAX_EVENTS = 1000;
    /** The API's body limit is 1 MiB; brackets and commas are counted too. */
    public static final int MAX_BYTES = 1024 * 1024;

    public enum Status {
        ACCEPTED, DUPLICATE, CONFLICT, REJECTED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Status parse(String text) {
            return text == null ? REJECTED : switch (text) {
                case "accepted" -> ACCEPTED;
                case "duplicate" -> DUPLICATE;
                case "conflict" -> CONFLICT;
                default -> REJECTED;
            };
        }
    }

    /** What happened to one line: {@code errors} are "field: message" texts. */
    public record LineResult(int line, String eventId, Status status, List<String> errors) {
    }

    /** Counts per status. */
    public static final class Summary {
        private final Map<Status, Integer> counts = new EnumMap<>(Status.class);

        void add(Status status) {
            counts.merge(status, 1, Integer::sum);
        }

        public int count(Status status) {
            return counts.getOrDefault(status, 0);
        }

        public int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** Every line stored now or before: nothing rejected, nothing in conflict. */
        public boolean allStored() {
            return count(Status.REJECTED) == 0 && count(Status.CONFLICT) == 0;
        }

        @Override
        public String toString() {
            return total() + " lines: " + count(Status.ACCEPTED) + " accepted, " + count(Status.DUPLICATE) + " duplicate, "
                    + count(Status.CONFLICT) + " conflict, " + count(Status.REJECTED) + " rejected";
        }
    }

    /** The API refused the whole import (bad token, wrong endpoint): nothing more can be sent. */
    public static final class RefusedException extends RuntimeException {
        RefusedException(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final java.util.function.Function<byte[], IngestClient.Response> send;
    private final String endpoint;
    private final Consumer<LineResult> report;
    private final Summary summary = new Summary();
    private final List<Pending> batch = new ArrayList<>();
    private int batchBytes = 2;

    private record Pending(int line, String eventId, byte[] json) {
    }

    public Importer(IngestClient client, String adminToken, Consumer<LineResult> report) {
        this(body -> client.post(PATH, adminToken, body), client.base().resolve(PATH).toString(), report);
    }

    /** With {@code send} posting one request body (a JSON array of events) and returning the API's answer. */
    Importer(java.util.function.Function<byte[], IngestClient.Response> send, String endpoint, Consumer<LineResult> report) {
        this.send = send;
        this.endpoint = endpoint;
        this.report = report;
    }

    /** Queues one entry of the file; a full batch is sent before the entry that would not fit. */
    public void add(EventFile.Entry entry) {
        if (!entry.readable()) {
            record(new LineResult(entry.line(), null, Status.REJECTED, List.of(entry.error())));
            return;
        }
        byte[] json = bytes(entry.event());
        String eventId = entry.event().path("eventId").isTextual() ? entry.event().get("eventId").textValue() : null;
        if (json.length + 2 > MAX_BYTES) {
            record(new LineResult(entry.line(), eventId, Status.REJECTED,
                    List.of("event: is " + json.length + " bytes, over the API's 1 MiB request limit")));
            return;
        }
        if (batch.size() == MAX_EVENTS || batchBytes + json.length + 1 > MAX_BYTES) {
            flush();
        }
        batch.add(new Pending(entry.line(), eventId, json));
        batchBytes += json.length + 1;
    }

    /** Sends what is queued. */
    public void flush() {
        if (batch.isEmpty()) {
            return;
        }
        List<Pending> sending = List.copyOf(batch);
        batch.clear();
        batchBytes = 2;
        IngestClient.Response response = send.apply(body(sending));
        if (response.status() == 401 || response.status() == 403) {
            throw new RefusedException("the ingest API refused the admin token (" + response.status() + " "
                    + message(response.body()) + "): pass --token or set TOGETHER_ADMIN_TOKEN");
        }
        if (response.status() == 404 || response.status() == 405) {
            throw new RefusedException("no import endpoint at " + endpoint + " (" + response.status() + ")");
        }
        JsonNode results = response.body().isArray() ? response.body() : response.body().path("results");
        if (!results.isArray() || results.size() != sending.size()) {
            // the whole request was refused (400, 413, 415...): every line shares the reason
            String reason = "request refused with " + response.status() + ": " + message(response.body());
            sending.forEach(p -> record(new LineResult(p.line(), p.eventId(), Status.REJECTED, List.of(reason))));
            return;
        }
        for (int i = 0; i < sending.size(); i++) {
            Pending p = sending.get(i);
            JsonNode result = results.get(i);
            List<String> errors = new ArrayList<>();
            result.path("errors").forEach(e -> errors.add(
                    (e.path("field").asText("").isEmpty() ? "" : e.path("field").asText() + ": ") + e.path("message").asText()));
            String eventId = result.path("eventId").isTextual() ? result.get("eventId").textValue() : p.eventId();
            record(new LineResult(p.line(), eventId, Status.parse(result.path("status").asText(null)), errors));
        }
    }

    public Summary summary() {
        return summary;
    }

    private void record(LineResult result) {
        summary.add(result.status());
        report.accept(result);
    }

    private static byte[] body(List<Pending> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('[');
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(events.get(i).json());
        }
        out.write(']');
        return out.toByteArray();
    }

    private static byte[] bytes(ObjectNode event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String message(JsonNode body) {
        if (body.hasNonNull("message")) {
            return body.get("message").asText();
        }
        if (body.hasNonNull("error")) {
            return body.get("error").isTextual() ? body.get("error").asText() : body.get("error").toString();
        }
        return body.isMissingNode() ? "no details" : body.toString();
    }
}
