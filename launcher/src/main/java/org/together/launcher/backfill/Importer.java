package org.together.launcher.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.together.ingest.auth.Tokens;
import org.together.launcher.IngestClient;

/**
 * Sends events in batches within the API's limits (1,000 events, 1 MiB) and reports what happened to each line of
 * the file: with the admin token to {@code POST /api/v1/import} (any registered territory, any age), with a territory
 * token to {@code POST /api/v1/events} like the territory's apps (its own events, the last 400 days, rate limited).
 * Resending a batch after a 429, a 503 or a dropped connection is safe: the API stores an eventId once and reports
 * the resend as a duplicate. Lines are reported in file order, whatever order they were decided in.
 */
public final class Importer {

    public static final int MAX_EVENTS = 1000;
    /** The API's body limit is 1 MiB; brackets and commas are counted too. */
    public static final int MAX_BYTES = 1024 * 1024;
    /** How long a territory app may sync late, as {@code /api/v1/events} validates it. */
    static final Duration TERRITORY_APPS_MAX_AGE = Duration.ofDays(400);

    /** Where the events go, chosen by the token. */
    public enum Endpoint {
        /** The coordination team's backfill: the admin token, any registered territory, any age. */
        IMPORT("/api/v1/import"),
        /** The territory apps' endpoint: a territory token, its own territory's events of the last 400 days. */
        EVENTS("/api/v1/events");

        private final String path;

        Endpoint(String path) {
            this.path = path;
        }

        public String path() {
            return path;
        }

        /** A territory token carries the ingest API's prefix ({@code tgt_}); anything else is taken for the admin token. */
        public static Endpoint forToken(String token) {
            return token.startsWith(Tokens.TERRITORY_PREFIX) ? EVENTS : IMPORT;
        }
    }

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

    /**
     * What happened to one line: {@code errors} and {@code warnings} are "field: message" texts; a warning comes with an
     * accepted line whose event may not move the figures as the team expects (a participant never seen joining).
     */
    public record LineResult(int line, String eventId, Status status, List<String> errors, List<String> warnings) {

        LineResult(int line, String eventId, Status status, List<String> errors) {
            this(line, eventId, status, errors, List.of());
        }
    }

    /** Counts per status, and how many lines a territory token could not send for their age. */
    public static final class Summary {
        private final Map<Status, Integer> counts = new EnumMap<>(Status.class);
        private int tooOld;
        private int warned;

        void add(LineResult result) {
            counts.merge(result.status(), 1, Integer::sum);
            if (!result.warnings().isEmpty()) {
                warned++;
            }
        }

        /** Lines accepted with a warning. */
        public int warned() {
            return warned;
        }

        public int count(Status status) {
            return counts.getOrDefault(status, 0);
        }

        public int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** Lines refused by {@code /api/v1/events} because their event is older than 400 days. */
        public int tooOld() {
            return tooOld;
        }

        /** Every line stored now or before: nothing rejected, nothing in conflict. */
        public boolean allStored() {
            return count(Status.REJECTED) == 0 && count(Status.CONFLICT) == 0;
        }

        @Override
        public String toString() {
            return describe("line");
        }

        /** The counts, with what the results are numbered by: {@code line}, or {@code event} for a JSON array. */
        public String describe(String unit) {
            return total() + " " + unit + "s: " + count(Status.ACCEPTED) + " accepted, " + count(Status.DUPLICATE) + " duplicate, "
                    + count(Status.CONFLICT) + " conflict, " + count(Status.REJECTED) + " rejected"
                    + (warned == 0 ? "" : "; " + warned + " accepted with a warning");
        }
    }

    /** The API refused the whole import (bad token, wrong endpoint): nothing more can be sent. */
    public static final class RefusedException extends RuntimeException {
        RefusedException(String message) {
            super(message);
        }
    }

    /**
     * The address given is not the ingest API (the query API): a wrong {@code --ingest}, nothing was sent to the right
     * place. The message says which address to use.
     */
    public static final class WrongAddressException extends RuntimeException {
        WrongAddressException(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The query API's 405 names the ingest API's port when the launcher started both: "the ingest API (port 8080 of this stack)". */
    private static final Pattern INGEST_PORT = Pattern.compile("the ingest API \\(port (\\d+) of this stack\\)");
    /** The 403 of /api/v1/events: "event 3 names territory 'x' but the token is for 'y': nothing was written". */
    private static final Pattern OTHER_TERRITORY = Pattern.compile("event (\\d+) names territory '([^']*)' but the token is for '([^']*)'");

    private final Function<byte[], IngestClient.Response> send;
    /** Asks the address, without a token, whether it is the ingest API; run only after the whole import was refused. */
    private final java.util.function.Supplier<IngestClient.Response> probe;
    private final Endpoint endpoint;
    private final String url;
    private final Consumer<LineResult> report;
    private final Clock clock;
    private final Summary summary = new Summary();
    private final List<Pending> batch = new ArrayList<>();
    private int batchBytes = 2;
    private int maxEvents = MAX_EVENTS;
    /** The territory token's own territory, once a 403 named it. */
    private String ownTerritory;
    /**
     * Lines queued or sent, not answered yet, and results decided after a line still open: a line refused here (not
     * JSON, another territory) is decided before the batch of the lines above it, and a team reads the output
     * against its file (review 10 saw line 14 printed before line 2).
     */
    private final TreeSet<Integer> open = new TreeSet<>();
    private final TreeMap<Integer, LineResult> held = new TreeMap<>();

    private record Pending(int line, String eventId, String territoryId, String occurredAt, byte[] json) {
    }

    /** To the endpoint of {@code token}: {@code /api/v1/events} for a territory token, {@code /api/v1/import} otherwise. */
    public Importer(IngestClient client, String token, Consumer<LineResult> report) {
        this(body -> client.post(Endpoint.forToken(token).path(), token, body),
                () -> client.post(Endpoint.EVENTS.path(), null, new byte[] {'[', ']'}), Endpoint.forToken(token),
                client.base().resolve(Endpoint.forToken(token).path()).toString(), report, Clock.systemUTC());
    }

    /** With {@code send} posting one request body (a JSON array of events) to {@code endpoint} and returning the API's answer. */
    Importer(Function<byte[], IngestClient.Response> send, Endpoint endpoint, String url, Consumer<LineResult> report, Clock clock) {
        this(send, () -> new IngestClient.Response(401, com.fasterxml.jackson.databind.node.MissingNode.getInstance()),
                endpoint, url, report, clock);
    }

    /**
     * @param probe an empty {@code POST /api/v1/events} without a token to the same address: the ingest API answers
     *              401, the query API 404 or 405 saying what it is
     */
    Importer(Function<byte[], IngestClient.Response> send, java.util.function.Supplier<IngestClient.Response> probe,
             Endpoint endpoint, String url, Consumer<LineResult> report, Clock clock) {
        this.send = send;
        this.probe = probe;
        this.endpoint = endpoint;
        this.url = url;
        this.report = report;
        this.clock = clock;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** The endpoint's full address. */
    public String url() {
        return url;
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
        Pending pending = new Pending(entry.line(), eventId, text(entry.event(), "territoryId"), text(entry.event(), "occurredAt"), json);
        if (isOtherTerritory(pending)) {
            record(otherTerritory(pending));
            return;
        }
        if (batch.size() >= maxEvents || batchBytes + json.length + 1 > MAX_BYTES) {
            flush();
        }
        batch.add(pending);
        open.add(pending.line());
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
        try {
            send(sending);
        } finally {
            // every line sent is answered now, or the import stops here: report what was decided, in order
            open.clear();
            release();
        }
    }

    private void send(List<Pending> sending) {
        // the API itself waits out a 429 or 503 and resends the same body (IngestClient): what comes here is final
        IngestClient.Response response = send.apply(body(sending));
        // the query API refuses a territory's token with 403 (outside what it reads), a wrong one with 401
        if (response.status() == 401 || response.status() == 404 || response.status() == 405
                || response.status() == 403 && (endpoint == Endpoint.IMPORT || !namesAnotherTerritory(response))) {
            requireTheIngestApi(response);
        }
        if (response.status() == 401) {
            throw new RefusedException(endpoint == Endpoint.EVENTS
                    ? "the ingest API refused this territory token (401 " + message(response.body())
                            + "): check it was not rotated or revoked"
                    : "the ingest API refused the admin token (401 " + message(response.body())
                            + "): pass --token or set TOGETHER_ADMIN_TOKEN");
        }
        if (response.status() == 403 && endpoint == Endpoint.EVENTS && learnOwnTerritory(response.body())) {
            // nothing of the request was written: reject the other territories' lines, resend the rest
            List<Pending> own = new ArrayList<>();
            for (Pending p : sending) {
                if (isOtherTerritory(p)) {
                    record(otherTerritory(p));
                } else {
                    own.add(p);
                }
            }
            if (own.size() < sending.size()) {
                if (!own.isEmpty()) {
                    send(own);
                }
                return;
            }
        }
        if (response.status() == 403 && endpoint == Endpoint.IMPORT) {
            throw new RefusedException("the ingest API refused the admin token (403 " + message(response.body())
                    + "): pass --token or set TOGETHER_ADMIN_TOKEN");
        }
        if (response.status() == 404 || response.status() == 405) {
            throw new RefusedException("no " + (endpoint == Endpoint.IMPORT ? "import" : "events") + " endpoint at " + url
                    + " (" + response.status() + ")");
        }
        if (response.status() == 413 && sending.size() > 1) {
            // the service's rate limit takes fewer events at once than the API's 1,000: halve, and keep to it
            int half = (sending.size() + 1) / 2;
            maxEvents = Math.min(maxEvents, half);
            send(sending.subList(0, half));
            send(sending.subList(half, sending.size()));
            return;
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
            List<String> errors = fieldTexts(result.path("errors"));
            List<String> warnings = fieldTexts(result.path("warnings"));
            String eventId = result.path("eventId").isTextual() ? result.get("eventId").textValue() : p.eventId();
            Status status = Status.parse(result.path("status").asText(null));
            if (status == Status.REJECTED && endpoint == Endpoint.EVENTS && tooOld(p)) {
                summary.tooOld++;
            }
            record(new LineResult(p.line(), eventId, status, errors, warnings));
        }
    }

    /**
     * Stops with {@link WrongAddressException} when the address is the query API: a team that copied the dashboard's
     * port got "token refused, check it was not rotated" (the query API checks a token before the path), and chased a
     * rotation (review 17); a territory's token is 403 there, "outside what it reads". The query API answers a write
     * without a token with a 404 or 405 saying what it is.
     */
    private void requireTheIngestApi(IngestClient.Response refusal) {
        IngestClient.Response answer = isQueryApi(refusal) ? refusal : probe.get();
        if (!isQueryApi(answer)) {
            return;
        }
        java.net.URI here = java.net.URI.create(url);
        Matcher port = INGEST_PORT.matcher(message(answer.body()));
        String ingest = here.getScheme() + "://" + here.getHost() + ":"
                + (port.find() ? port.group(1) : "<ingest port, 8080 unless set otherwise>");
        throw new WrongAddressException(here.getScheme() + "://" + here.getRawAuthority()
                + " is the query API, not the ingest API: use --ingest " + ingest);
    }

    /** Its answer to a write of the ingest API: 404, or 405 where it reads the path (POST /api/v1/territories). */
    private static boolean isQueryApi(IngestClient.Response response) {
        return (response.status() == 404 || response.status() == 405)
                && message(response.body()).startsWith("this is the query API");
    }

    /** The ingest API's 403 for a request naming another territory (not the query API's 403 for a territory's token). */
    private static boolean namesAnotherTerritory(IngestClient.Response response) {
        return OTHER_TERRITORY.matcher(message(response.body())).find();
    }

    /** "field: message" of each item of an answer's errors or warnings (none when the answer has no such list). */
    private static List<String> fieldTexts(JsonNode items) {
        List<String> out = new ArrayList<>();
        items.forEach(e -> out.add((e.path("field").asText("").isEmpty() ? "" : e.path("field").asText() + ": ")
                + e.path("message").asText()));
        return out;
    }

    /** From the 403 of /api/v1/events, the token's territory; false when the answer is not that one. */
    private boolean learnOwnTerritory(JsonNode body) {
        Matcher m = OTHER_TERRITORY.matcher(message(body));
        if (!m.find() || m.group(3).isEmpty()) {
            return false;
        }
        ownTerritory = m.group(3);
        return true;
    }

    private boolean isOtherTerritory(Pending p) {
        return ownTerritory != null && p.territoryId() != null && !p.territoryId().equals(ownTerritory);
    }

    private LineResult otherTerritory(Pending p) {
        return new LineResult(p.line(), p.eventId(), Status.REJECTED, List.of("territoryId: '" + p.territoryId()
                + "' is another territory: this token may only send events of its own territory '" + ownTerritory
                + "' (the coordination team imports other territories' events with the admin token)"));
    }

    private boolean tooOld(Pending p) {
        if (p.occurredAt() == null) {
            return false;
        }
        try {
            return OffsetDateTime.parse(p.occurredAt()).toInstant().isBefore(clock.instant().minus(TERRITORY_APPS_MAX_AGE));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    public Summary summary() {
        return summary;
    }

    private void record(LineResult result) {
        summary.add(result);
        open.remove(result.line());
        held.put(result.line(), result);
        release();
    }

    /** Reports the results no open line comes before. */
    private void release() {
        while (!held.isEmpty() && (open.isEmpty() || held.firstKey() < open.first())) {
            report.accept(held.pollFirstEntry().getValue());
        }
    }

    private static String text(JsonNode event, String field) {
        return event.path(field).isTextual() ? event.get(field).textValue() : null;
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
