package org.together.aggregation.query;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last figures this instance answered, question by question, in memory and in a file of its state directory.
 *
 * <p>When the figures cannot be read live (after a crash, while Kafka Streams restores its stores from the
 * changelogs; while a task moves between instances; before Kafka is reachable at all), a question asked before gets
 * its last answer instead of a 503: with {@code "restoring": true} (the contract's name for "from the last figures")
 * and {@code "lastFiguresReason"} in an object answer, the headers {@value #RESTORING_HEADER}, {@value #REASON_HEADER}
 * and {@code Age}, and the {@code asOf} it was computed for. The file lets a crashed
 * instance answer within seconds of its restart, whatever the size of the history, long before its stores are back.
 *
 * <p>Bounded: at most {@value #MAX_QUESTIONS} questions and {@value #MAX_BYTES} bytes, the least recently asked go
 * first; an answer over {@value #MAX_ANSWER_BYTES} bytes (the ranked list of a very large network) is not kept.
 */
public final class LastFigures {

    /** Set on an answer served from the last figures: when it was computed (ISO-8601). */
    public static final String RESTORING_HEADER = "X-Together-Restoring";
    /** Set on an answer served from the last figures: why the live figures are not read ({@link Reason}). */
    public static final String REASON_HEADER = "X-Together-Last-Figures-Reason";
    /** The file, in the state directory. */
    public static final String FILE_NAME = "last-figures.json";
    static final int MAX_QUESTIONS = 2_000;
    static final long MAX_BYTES = 32L * 1024 * 1024;
    static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;
    /**
     * 2: questions kept per audience ({@code public k=5}, {@code internal}). A file of another format is not read:
     * format 1 kept as {@code public} what a reader without a token read when reading was open, exact figures.
     */
    static final int FORMAT = 2;
    private static final Logger log = LoggerFactory.getLogger(LastFigures.class);

    /**
     * Why an answer comes from the last figures: said with it, so that a reader is not told figures "are being
     * restored" while Kafka is simply away (review 14).
     */
    public enum Reason {
        /** The instance is starting: it has not reached Kafka yet. */
        STARTING("starting"),
        /** Kafka does not answer this instance: nothing is restored until it does. */
        KAFKA_UNREACHABLE("kafka-unreachable"),
        /** Kafka answers: the stores are being restored, or the figures are moving between instances. */
        RESTORING("restoring");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        /** As said in the answer: {@code starting}, {@code kafka-unreachable} or {@code restoring}. */
        public String text() {
            return text;
        }
    }

    /** One question's last answer: its JSON body and when it was computed. */
    public record Recorded(String question, Instant computedAt, byte[] body) {
    }

    private final Path file;
    private final ObjectMapper json;
    private final Clock clock;
    private final Supplier<Reason> why;
    private final LinkedHashMap<String, Recorded> answers = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;
    private boolean changed;

    /** Kept in {@code file} (read now if it exists; written by {@link #save()}), or only in memory when null. */
    public LastFigures(Path file, ObjectMapper json, Clock clock) {
        this(file, json, clock, () -> Reason.RESTORING);
    }

    /** @param why why the live figures are not read, asked when a kept answer is served */
    public LastFigures(Path file, ObjectMapper json, Clock clock, Supplier<Reason> why) {
        this.file = file;
        this.json = json;
        this.clock = clock;
        this.why = why;
        if (file != null) {
            load();
        }
    }

    /** Keeps a live answer to {@code question} (path and query string) as its last figures. */
    public synchronized void record(String question, byte[] body) {
        if (body.length > MAX_ANSWER_BYTES) {
            forget(question);
            return;
        }
        put(new Recorded(question, clock.instant(), body));
        changed = true;
    }

    private void put(Recorded recorded) {
        Recorded previous = answers.put(recorded.question(), recorded);
        bytes += recorded.body().length - (previous == null ? 0 : previous.body().length);
        Iterator<Recorded> eldest = answers.values().iterator();
        while ((answers.size() > MAX_QUESTIONS || bytes > MAX_BYTES) && eldest.hasNext()) {
            Recorded gone = eldest.next();
            if (gone != recorded) {
                eldest.remove();
                bytes -= gone.body().length;
            }
        }
    }

    private void forget(String question) {
        Recorded gone = answers.remove(question);
        if (gone != null) {
            bytes -= gone.body().length;
            changed = true;
        }
    }

    /** The last answer to {@code question}, if one was kept. */
    public synchronized Optional<Recorded> last(String question) {
        return Optional.ofNullable(answers.get(question));
    }

    /** Why the live figures are not read now. */
    public Reason why() {
        return why.get();
    }

    /**
     * The last answer to {@code question} as served while the live figures are unavailable: an object gets
     * {@code "restoring": true} and {@code "lastFiguresReason"}; the headers say when it was computed and why.
     */
    public Optional<QueryEndpoints.Answer> answer(String question) {
        return last(question).map(r -> {
            byte[] body = r.body();
            Reason reason = why();
            try {
                JsonNode node = json.readTree(body);
                if (node instanceof ObjectNode object) {
                    object.put("restoring", true);
                    object.put("lastFiguresReason", reason.text());
                    body = json.writeValueAsBytes(object);
                }
            } catch (IOException e) {
                throw new IllegalStateException("a kept answer is not JSON: " + r.question(), e);
            }
            long age = Math.max(0, Duration.between(r.computedAt(), clock.instant()).toSeconds());
            return new QueryEndpoints.Answer(200, "application/json", body, Optional.empty(), Optional.empty(),
                    Map.of(RESTORING_HEADER, r.computedAt().toString(), REASON_HEADER, reason.text(), "Age", String.valueOf(age)));
        });
    }

    /** Writes the kept answers to the file when they changed since the last save (atomically: a crash keeps the old file). */
    public void save() {
        List<Recorded> snapshot;
        synchronized (this) {
            if (file == null || !changed) {
                return;
            }
            snapshot = new ArrayList<>(answers.values());
            changed = false;
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(temporary);
                 JsonGenerator g = json.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeNumberField("format", FORMAT);
                g.writeArrayFieldStart("answers");
                for (Recorded r : snapshot) { // least recently asked first, as they are read back
                    g.writeStartObject();
                    g.writeStringField("question", r.question());
                    g.writeStringField("computedAt", r.computedAt().toString());
                    g.writeStringField("body", new String(r.body(), StandardCharsets.UTF_8));
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            synchronized (this) {
                changed = true;
            }
            log.warn("cannot keep the last figures in {}: {}", file, e.toString());
        }
    }

    private void load() {
        try (java.io.InputStream in = Files.newInputStream(file); JsonParser p = json.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            boolean formatRead = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("format")) {
                    if (!p.currentToken().isNumeric() || p.getIntValue() != FORMAT) {
                        throw new IOException("format " + p.getText() + ", not " + FORMAT + " (kept by another version)");
                    }
                    formatRead = true;
                } else if (field.equals("answers")) {
                    if (!formatRead) {
                        throw new IOException("no format before the answers");
                    }
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        JsonNode a = p.readValueAsTree();
                        put(new Recorded(a.path("question").asText(), Instant.parse(a.path("computedAt").asText()),
                                a.path("body").asText().getBytes(StandardCharsets.UTF_8)));
                    }
                } else {
                    p.skipChildren();
                }
            }
            log.info("last figures of {} questions read from {}", answers.size(), file);
        } catch (NoSuchFileException e) {
            // first start
        } catch (IOException | RuntimeException e) {
            answers.clear();
            bytes = 0;
            log.warn("ignoring the last figures in {}: {}", file, e.toString());
        }
    }

    /** How many questions have a kept answer. */
    public synchronized int size() {
        return answers.size();
    }
}
