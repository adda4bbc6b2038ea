package org.together.ingest.idempotency;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.together.ingest.kafka.WriteUnavailableException;
import org.together.ingest.reference.ReferenceTail;
import org.together.schemas.Topics;

/**
 * Claims new eventIds before they are written, so that two instances receiving one id at the same moment agree on
 * the content it is taken with: the receipts only show what was committed before a request arrived, and reservations
 * order requests within one instance only.
 *
 * <p>Each new eventId of a request gets a claim in {@code together.event-claims}, in the partition of the id: the first
 * 128 bits of the hash of its content as stored (no participant id, pseudonym or content; raw bytes, no Avro: nothing
 * else is read). Once read back, the first claim of the id
 * in that partition ({@link ClaimIndex}) decides for every instance: an event with its content is written, one with
 * other content is a conflict. One claimer thread writes the claims of every request waiting at that moment in one
 * batch and reads them back once, as the pseudonym vault does.
 */
public final class EventClaims implements AutoCloseable {

    /** Least time between the starts of two groups of claims (as the vault's claimer). */
    static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** Requests per group: bounds one batch, not the rate. */
    private static final int MAX_GROUP = 1_000;

    /** One new event to claim: its eventId and the hex hash of its content as stored (with the pseudonym). */
    public record Claim(String eventId, String storedContentHash) {
    }

    private record Open(List<Claim> claims, CompletableFuture<Set<String>> taken, long deadlineNanos) {
    }

    private final ClaimIndex index;
    private final ReferenceTail tail;
    private final Producer<byte[], byte[]> producer;
    private final int partitions = Topics.EVENT_CLAIMS.partitions();
    private final BlockingQueue<Open> requests = new LinkedBlockingQueue<>();
    private final Thread claimer;
    private volatile boolean running = true;

    /** @param producer an idempotent producer (acks=all) writing outside transactions */
    public EventClaims(ClaimIndex index, ReferenceTail tail, Producer<byte[], byte[]> producer) {
        this.index = index;
        this.tail = tail;
        this.producer = producer;
        this.claimer = new Thread(this::claimLoop, "ingest-event-claimer");
        this.claimer.setDaemon(true);
        this.claimer.start();
    }

    /**
     * Claims the eventIds of new events (one per id) and returns those whose first claim holds other content: taken
     * by another event, which is a conflict. Call it while holding the ids' reservations, once no receipt was found.
     *
     * @throws WriteUnavailableException when Kafka does not take or show the claims in time
     */
    public Set<String> claim(List<Claim> claims, long deadlineNanos) throws InterruptedException {
        CompletableFuture<Set<String>> taken = new CompletableFuture<>();
        requests.add(new Open(claims, taken, deadlineNanos));
        try {
            return taken.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WriteUnavailableException w) {
                throw w;
            }
            throw new WriteUnavailableException("claim failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new WriteUnavailableException("eventIds not claimed in time", e);
        }
    }

    private void claimLoop() {
        long lastRound = System.nanoTime() - GATHER_NANOS;
        while (running) {
            List<Open> group = new ArrayList<>();
            try {
                Open first = requests.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                long wait = lastRound + GATHER_NANOS - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                requests.drainTo(group, MAX_GROUP - 1);
                lastRound = System.nanoTime();
                claimRound(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(group, new WriteUnavailableException("the ingest service is stopping", null));
                break;
            } catch (RuntimeException e) {
                fail(group, e instanceof WriteUnavailableException w ? w
                        : new WriteUnavailableException("claim failed: " + e, e));
            }
        }
        List<Open> left = new ArrayList<>();
        requests.drainTo(left);
        fail(left, new WriteUnavailableException("the ingest service stopped", null));
    }

    /** The claims of every request of the group, one batch written, one read-back, one lookup. */
    private void claimRound(List<Open> group) throws InterruptedException {
        List<Open> alive = new ArrayList<>(group.size());
        long deadline = System.nanoTime();
        for (Open o : group) {
            if (System.nanoTime() > o.deadlineNanos()) {
                fail(List.of(o), new WriteUnavailableException("eventIds not claimed in time", null));
            } else {
                alive.add(o);
                deadline = Math.max(deadline, o.deadlineNanos());
            }
        }
        if (alive.isEmpty()) {
            return;
        }
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Open o : alive) {
            for (Claim c : o.claims()) {
                ids.add(c.eventId());
                records.add(new ProducerRecord<>(Topics.EVENT_CLAIMS.name(), partition(c.eventId()),
                        c.eventId().getBytes(StandardCharsets.UTF_8), ClaimIndex.value(c.storedContentHash())));
            }
        }
        Map<TopicPartition, Long> written = send(records, deadline);
        if (!tail.awaitPositions(written, deadline)) {
            throw new WriteUnavailableException("the eventId claims were not read back in time", null);
        }
        Map<String, ClaimIndex.Claim> held = index.held(ids);
        for (Open o : alive) {
            Set<String> taken = new HashSet<>();
            try {
                for (Claim c : o.claims()) {
                    ClaimIndex.Claim first = held.get(c.eventId());
                    if (first == null) {
                        throw new WriteUnavailableException("the claim of " + c.eventId() + " was read back but not indexed", null);
                    }
                    if (!first.matches(c.storedContentHash())) {
                        taken.add(c.eventId());
                    }
                }
            } catch (WriteUnavailableException e) {
                o.taken().completeExceptionally(e);
                continue;
            }
            o.taken().complete(taken);
        }
    }

    /** The partition of an eventId's claims: Kafka's default partitioner on the key, so all its claims are ordered. */
    static int partition(String eventId) {
        return Utils.toPositive(Utils.murmur2(eventId.getBytes(StandardCharsets.UTF_8))) % Topics.EVENT_CLAIMS.partitions();
    }

    private Map<TopicPartition, Long> send(List<ProducerRecord<byte[], byte[]>> records, long deadlineNanos)
            throws InterruptedException {
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        try {
            for (ProducerRecord<byte[], byte[]> r : records) {
                sent.add(producer.send(r));
            }
            Map<TopicPartition, Long> next = new HashMap<>();
            for (Future<RecordMetadata> f : sent) {
                RecordMetadata m = f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                next.merge(new TopicPartition(m.topic(), m.partition()), m.offset() + 1, Math::max);
            }
            return next;
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            throw new WriteUnavailableException("Kafka did not take the eventId claims: " + e, e);
        }
    }

    private static void fail(List<Open> open, RuntimeException failure) {
        open.forEach(o -> o.taken().completeExceptionally(failure));
    }

    /** Stops the claimer: requests still waiting get {@link WriteUnavailableException}. */
    @Override
    public void close() {
        running = false;
        claimer.interrupt();
        try {
            claimer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
