package org.together.systemtests.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Territory apps sending at a steady rate, as apps do: each batch of events is sent again until the ingest API
 * acknowledges every event in it ({@code accepted} or {@code duplicate}), however long Kafka or ingest is away; a
 * batch whose answer was lost is sent again, and ingest's idempotency makes it count once. So in the end every event
 * generated is acknowledged exactly once, and the figures must be exactly what was generated: per territory, joins
 * (distinct new participants) and footprint assessments.
 */
final class SteadyLoad implements AutoCloseable {

    private static final int BATCH = 10;
    private static final Duration RETRY_EVERY = Duration.ofMillis(500);

    /** A territory the load sends for, with its token. */
    record Territory(String id, String token) {
    }

    /** What was generated (and so, in the end, acknowledged) per territory; one tally may add up several loads. */
    static final class Tally {
        private final Map<String, AtomicLong> joins = new ConcurrentHashMap<>();
        private final Map<String, AtomicLong> assessments = new ConcurrentHashMap<>();

        private void joined(String territory) {
            joins.computeIfAbsent(territory, t -> new AtomicLong()).incrementAndGet();
        }

        private void assessed(String territory) {
            assessments.computeIfAbsent(territory, t -> new AtomicLong()).incrementAndGet();
        }

        long joins(String territory) {
            return joins.computeIfAbsent(territory, t -> new AtomicLong()).get();
        }

        long assessments(String territory) {
            return assessments.computeIfAbsent(territory, t -> new AtomicLong()).get();
        }

        long joins() {
            return joins.values().stream().mapToLong(AtomicLong::get).sum();
        }

        long assessments() {
            return assessments.values().stream().mapToLong(AtomicLong::get).sum();
        }
    }

    private record Batch(Territory territory, ArrayNode events) {
    }

    private final Supplier<String> ingestUrl;
    private final List<Territory> territories;
    private final Tally tally;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "steady-load");
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentLinkedQueue<Batch> unacknowledged = new ConcurrentLinkedQueue<>();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private volatile boolean generating = true;

    /** Starts sending {@code eventsPerSecond} (batches of ten) round the territories to the ingest API {@code ingestUrl} names. */
    SteadyLoad(Supplier<String> ingestUrl, List<Territory> territories, int eventsPerSecond, Tally tally) {
        this.ingestUrl = ingestUrl;
        this.territories = territories;
        this.tally = tally;
        long every = Math.max(1, 1000L * BATCH / eventsPerSecond);
        timer.scheduleAtFixedRate(this::generate, 0, every, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::resend, RETRY_EVERY.toMillis(), RETRY_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void generate() {
        if (!generating) {
            return;
        }
        long first = sequence.getAndAdd(BATCH);
        Territory t = territories.get((int) (first / BATCH % territories.size()));
        ArrayNode events = Http.JSON.createArrayNode();
        Instant occurred = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        for (long n = first; n < first + BATCH; n++) {
            ObjectNode e = events.addObject().put("eventId", UUID.randomUUID().toString()).put("territoryId", t.id())
                    .put("occurredAt", occurred.toString());
            if (n % 5 == 4) {
                e.put("type", "footprint.assessed").put("groupId", "g-" + n).put("tonnesCo2ePerYear", 1.5 + (n % 7) / 2.0);
                tally.assessed(t.id());
            } else {
                e.put("type", "participant.joined").put("participantId", "p-" + UUID.randomUUID().toString().substring(0, 16))
                        .put("role", "citizen").put("channel", "workshop");
                tally.joined(t.id());
            }
        }
        send(new Batch(t, events));
    }

    private void resend() {
        int pending = unacknowledged.size();
        for (int i = 0; i < pending; i++) {
            Batch b = unacknowledged.poll();
            if (b == null) {
                return;
            }
            send(b);
        }
    }

    private void send(Batch batch) {
        inFlight.incrementAndGet();
        try {
            sendOnce(batch);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void sendOnce(Batch batch) {
        Http.Answer answer = Http.post(ingestUrl.get() + "/api/v1/events", batch.territory().token(), batch.events(), Duration.ofSeconds(5));
        if (answer.status() == 202 || answer.status() == 207) {
            ArrayNode again = Http.JSON.createArrayNode();
            JsonNode results = answer.json().path("results");
            for (int i = 0; i < batch.events().size(); i++) {
                String status = results.path(i).path("status").asText();
                if (status.equals("accepted") || status.equals("duplicate")) {
                    acknowledged.incrementAndGet();
                } else if (status.equals("rejected") || status.equals("conflict")) {
                    problems.add(status + ": " + batch.events().get(i) + " -> " + results.path(i));
                } else {
                    again.add(batch.events().get(i));
                }
            }
            if (!again.isEmpty()) {
                unacknowledged.add(new Batch(batch.territory(), again));
            }
        } else {
            // 503 (Kafka away), 429 (over the rate), or no answer (ingest away): the app sends it again later
            if (answer.status() != 503 && answer.status() != 429 && answer.status() != 0) {
                problems.add("HTTP " + answer);
            }
            refused.incrementAndGet();
            unacknowledged.add(batch);
        }
    }

    /** Stops generating, and waits until every event generated is acknowledged. */
    void finish(Duration timeout) throws InterruptedException {
        generating = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        Thread.sleep(RETRY_EVERY.toMillis());
        while (!unacknowledged.isEmpty() || inFlight.get() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(unacknowledged.size() + " batches still not acknowledged after " + timeout);
            }
            Thread.sleep(100);
        }
        timer.shutdown();
        if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the load did not stop");
        }
    }

    long acknowledged() {
        return acknowledged.get();
    }

    /** Requests answered 503 or 429, or not at all (sent again). */
    long refused() {
        return refused.get();
    }

    /** Anything but an acknowledgement, a 503, a 429 or no answer: must stay empty. */
    List<String> problems() {
        return new ArrayList<>(problems);
    }

    @Override
    public void close() {
        generating = false;
        timer.shutdownNow();
    }
}
