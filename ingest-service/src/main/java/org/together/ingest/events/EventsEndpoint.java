package org.together.ingest.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.together.ingest.auth.AdminToken;
import org.together.ingest.auth.TerritoryTokens;
import org.together.ingest.auth.Tokens;
import org.together.ingest.health.Readiness;
import org.together.ingest.http.ApiError;
import org.together.ingest.http.Json;
import org.together.ingest.http.JsonBody;
import org.together.ingest.idempotency.ReceiptIndex;
import org.together.ingest.idempotency.ReceiptsBarrier;
import org.together.ingest.kafka.AvroWriter;
import org.together.ingest.kafka.WriteUnavailableException;
import org.together.ingest.validation.CheckedEvent;
import org.together.ingest.validation.EventValidator;
import org.together.ingest.validation.FieldError;
import org.together.ingest.validation.TimeWindow;
import org.together.ingest.validation.ValidEvent;
import org.together.reference.EventReceipt;
import org.together.schemas.EventType;
import org.together.schemas.Topics;

/**
 * {@code POST /api/v1/events} (territory apps) and {@code POST /api/v1/import} (admin backfill): one event or
 * an array of up to 1,000, each answered with its own result. Valid new events are written with their receipts
 * in one transaction and reported accepted only after it committed; nothing rejected is ever written.
 */
public final class EventsEndpoint {

    public static final int MAX_EVENTS = 1_000;
    private static final HexFormat HEX = HexFormat.of();

    private final EventValidator validator;
    private final ReceiptIndex receipts;
    private final ReceiptsBarrier barrier;
    private final AvroWriter writer;
    private final TerritoryTokens tokens;
    private final AdminToken admin;
    private final Readiness readiness;
    private final Admission admission;
    private final EventMetrics metrics;
    private final Clock clock;
    private final Duration writeTimeout;

    public EventsEndpoint(EventValidator validator, ReceiptIndex receipts, ReceiptsBarrier barrier, AvroWriter writer,
                          TerritoryTokens tokens,
                          AdminToken admin, Readiness readiness, Admission admission, EventMetrics metrics,
                          Clock clock, Duration writeTimeout) {
        this.validator = validator;
        this.receipts = receipts;
        this.barrier = barrier;
        this.writer = writer;
        this.tokens = tokens;
        this.admin = admin;
        this.readiness = readiness;
        this.admission = admission;
        this.metrics = metrics;
        this.clock = clock;
        this.writeTimeout = writeTimeout;
    }

    /** POST /api/v1/events: the token's territory only, occurredAt within 400 days. */
    public void events(Context ctx) throws Exception {
        if (!readiness.require(ctx)) {
            return;
        }
        Optional<String> territory = Tokens.bearer(ctx).flatMap(tokens::authenticate);
        if (territory.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"together\"");
            ApiError.send(ctx, 401, "a valid territory bearer token is required (Authorization: Bearer <token>)");
            return;
        }
        handle(ctx, territory, "events");
    }

    /** POST /api/v1/import: admin, any registered territory, any past occurredAt. */
    public void importEvents(Context ctx) throws Exception {
        if (!readiness.require(ctx) || !admin.require(ctx)) {
            return;
        }
        handle(ctx, Optional.empty(), "import");
    }

    private void handle(Context ctx, Optional<String> territory, String endpoint) throws Exception {
        if (!JsonBody.requireJsonContentType(ctx)) {
            return;
        }
        int cost = admission.cost(ctx.req().getContentLengthLong());
        if (!admission.tryAcquire(cost)) {
            ApiError.unavailable(ctx, 1, "too many requests in progress: retry shortly");
            return;
        }
        // the barrier's round trip to Kafka overlaps with reading and validating the body
        CompletableFuture<Map<TopicPartition, Long>> receiptEnds = barrier.start();
        try {
            long readStarted = System.nanoTime();
            JsonNode body = JsonBody.read(ctx, JsonBody.MAX_BYTES);
            metrics.phase("read", System.nanoTime() - readStarted);
            if (body == null) {
                return;
            }
            List<JsonNode> elements = new ArrayList<>();
            if (body.isArray()) {
                body.forEach(elements::add);
            } else if (body.isObject()) {
                elements.add(body);
            } else {
                ApiError.send(ctx, 400, "body must be one event object or an array of event objects");
                return;
            }
            if (elements.size() > MAX_EVENTS) {
                ApiError.send(ctx, 413, "at most " + MAX_EVENTS + " events per request, got " + elements.size());
                return;
            }
            if (territory.isPresent() && !ownTerritoryOnly(ctx, elements, territory.get())) {
                return;
            }
            Instant now = clock.instant();
            TimeWindow window = territory.isPresent() ? TimeWindow.territoryApps(now) : TimeWindow.backfill(now);
            long validateStarted = System.nanoTime();
            List<CheckedEvent> checked = new ArrayList<>(elements.size());
            for (JsonNode e : elements) {
                checked.add(validator.validate(e, window, now));
            }
            metrics.phase("validate", System.nanoTime() - validateStarted);
            EventResult[] results;
            try {
                results = decideAndWrite(checked, now, receiptEnds);
            } catch (WriteUnavailableException | TimeoutException e) {
                ApiError.unavailable(ctx, 5, "Kafka is unavailable: no event of this request was accepted, "
                        + "retry the same request later");
                return;
            }
            respond(ctx, checked, results, endpoint);
        } finally {
            admission.release(cost);
        }
    }

    /** 403 for the whole request when any event names another territory than the token's. */
    private static boolean ownTerritoryOnly(Context ctx, List<JsonNode> elements, String territory) {
        for (int i = 0; i < elements.size(); i++) {
            JsonNode t = elements.get(i).path("territoryId");
            if (t.isTextual() && !t.textValue().equals(territory)) {
                ApiError.send(ctx, 403, "event " + i + " names territory '" + abbreviate(t.textValue())
                        + "' but the token is for '" + territory + "': nothing was written");
                return false;
            }
        }
        return true;
    }

    private EventResult[] decideAndWrite(List<CheckedEvent> checked, Instant now,
                                         CompletableFuture<Map<TopicPartition, Long>> receiptEnds)
            throws TimeoutException, InterruptedException {
        int n = checked.size();
        EventResult[] results = new EventResult[n];
        Map<String, Integer> first = new LinkedHashMap<>();
        List<Integer> repeats = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CheckedEvent c = checked.get(i);
            if (!c.isValid()) {
                results[i] = new EventResult(i, c.sentEventId(), EventResult.REJECTED, c.errors());
            } else if (first.containsKey(c.event().eventId())) {
                repeats.add(i);
            } else {
                first.put(c.event().eventId(), i);
            }
        }
        if (first.isEmpty()) {
            return results;
        }
        long deadline = System.nanoTime() + writeTimeout.toNanos();
        ReceiptIndex.Reservation reservation = receipts.reserve(first.keySet(), deadline);
        boolean releaseNow = true;
        try {
            long barrierStarted = System.nanoTime();
            barrier.await(receiptEnds, deadline);
            metrics.phase("barrier", System.nanoTime() - barrierStarted);
            List<Integer> fresh = new ArrayList<>();
            for (int i : first.values()) {
                ValidEvent e = checked.get(i).event();
                switch (receipts.judge(e.eventId(), e.contentHash())) {
                    case DUPLICATE -> results[i] = duplicate(i, checked.get(i));
                    case CONFLICT -> results[i] = conflict(i, checked.get(i));
                    case NEW -> fresh.add(i);
                }
            }
            if (!fresh.isEmpty()) {
                long serializeStarted = System.nanoTime();
                List<ProducerRecord<byte[], byte[]>> records = writer.serialize(records(checked, fresh, now));
                metrics.phase("serialize", System.nanoTime() - serializeStarted);
                long writeStarted = System.nanoTime();
                CompletableFuture<List<RecordMetadata>> committed = writer.writeAsync(records, writeTimeout);
                releaseNow = false;
                // the reservation outlives this request if we stop waiting: a retry must see the receipts first
                committed.whenComplete((metadata, failure) -> {
                    if (failure == null) {
                        fresh.forEach(i -> receipts.record(checked.get(i).event().eventId(), checked.get(i).event().contentHash()));
                    }
                    reservation.release();
                });
                AvroWriter.await(committed, writeTimeout);
                metrics.phase("write", System.nanoTime() - writeStarted);
                fresh.forEach(i -> results[i] = new EventResult(i, checked.get(i).sentEventId(), EventResult.ACCEPTED, List.of()));
            }
        } finally {
            if (releaseNow) {
                reservation.release();
            }
        }
        for (int i : repeats) {
            ValidEvent e = checked.get(i).event();
            EventResult earlier = results[first.get(e.eventId())];
            boolean same = earlier.stored()
                    ? checked.get(first.get(e.eventId())).event().contentHash().equals(e.contentHash())
                    : receipts.judge(e.eventId(), e.contentHash()) == ReceiptIndex.Verdict.DUPLICATE;
            results[i] = same ? duplicate(i, checked.get(i)) : conflict(i, checked.get(i));
        }
        return results;
    }

    private static List<AvroWriter.Keyed> records(List<CheckedEvent> checked, List<Integer> fresh, Instant now) {
        List<AvroWriter.Keyed> records = new ArrayList<>(fresh.size() * 2);
        Map<String, Integer> partitions = new HashMap<>(); // a request is usually of one territory
        for (int i : fresh) {
            ValidEvent e = checked.get(i).event();
            records.add(new AvroWriter.Keyed(e.type().topic(), e.territoryId(), e.record()));
            // the receipt goes to the partition number its event goes to (keyed by territory), not its key's
            // default one: a request of one territory then touches two partitions instead of nine, which
            // keeps its transaction (one marker per partition) cheap; an eventId always comes with the same
            // territory, and the index reads every partition, so lookups do not depend on where it lands
            records.add(new AvroWriter.Keyed(Topics.EVENT_RECEIPTS, e.eventId(),
                    new EventReceipt(e.eventId(), e.territoryId(), e.contentHash(), e.type().topic().name(), now),
                    partitions.computeIfAbsent(e.territoryId(), EventsEndpoint::territoryPartition),
                    new Header[] {new RecordHeader(ReceiptIndex.HASH_HEADER, HEX.parseHex(e.contentHash()))}));
        }
        return records;
    }

    /** Kafka's default partition for a territory key on the event topics (murmur2, like the producer's). */
    static int territoryPartition(String territoryId) {
        byte[] key = territoryId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(key))
                % Topics.EVENT_RECEIPTS.partitions();
    }

    private static EventResult duplicate(int i, CheckedEvent c) {
        return new EventResult(i, c.sentEventId(), EventResult.DUPLICATE, List.of());
    }

    private static EventResult conflict(int i, CheckedEvent c) {
        return new EventResult(i, c.sentEventId(), EventResult.CONFLICT, List.of(new FieldError("eventId",
                "conflict: this eventId was already accepted with different content; an identical resend is a "
                        + "duplicate, a new event needs a new eventId")));
    }

    private void respond(Context ctx, List<CheckedEvent> checked, EventResult[] results, String endpoint) {
        int accepted = 0;
        int duplicates = 0;
        int conflicts = 0;
        int rejected = 0;
        Map<Outcome, Integer> outcomes = new HashMap<>();
        for (int i = 0; i < results.length; i++) {
            EventResult r = results[i];
            switch (r.status()) {
                case EventResult.ACCEPTED -> accepted++;
                case EventResult.DUPLICATE -> duplicates++;
                case EventResult.CONFLICT -> conflicts++;
                default -> rejected++;
            }
            outcomes.merge(new Outcome(checked.get(i).type().map(EventType::wireName).orElse("unknown"), r.status()), 1, Integer::sum);
        }
        outcomes.forEach((outcome, n) -> metrics.count(outcome.type(), outcome.status(), endpoint, n));
        int stored = accepted + duplicates;
        int status = results.length == 0 || stored == 0 ? 422 : stored == results.length ? 202 : 207;
        ctx.status(status);
        ctx.contentType("application/json");
        ctx.result(body(results, accepted, duplicates, conflicts, rejected));
    }

    /**
     * The response body, written field by field: the same bytes the object mapper wrote for the map of counts
     * and the list of results, at a fraction of its cost for a thousand results.
     */
    static byte[] body(EventResult[] results, int accepted, int duplicates, int conflicts, int rejected) {
        ByteArrayBuilder out = new ByteArrayBuilder(64 + results.length * 96);
        try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("accepted", accepted);
            g.writeNumberField("duplicates", duplicates);
            g.writeNumberField("conflicts", conflicts);
            g.writeNumberField("rejected", rejected);
            g.writeArrayFieldStart("results");
            for (EventResult r : results) {
                g.writeStartObject();
                g.writeNumberField("index", r.index());
                g.writeStringField("eventId", r.eventId());
                g.writeStringField("status", r.status());
                g.writeArrayFieldStart("errors");
                for (FieldError e : r.errors()) {
                    g.writeStartObject();
                    g.writeStringField("field", e.field());
                    g.writeStringField("message", e.message());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            if (results.length == 0) {
                g.writeStringField("message", "the array holds no events");
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An event type and what became of it, the unit the events counter counts by. */
    private record Outcome(String type, String status) {
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
