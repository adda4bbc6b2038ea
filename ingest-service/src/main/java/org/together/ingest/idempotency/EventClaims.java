package org.together.ingest.idempotency;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.together.ingest.kafka.AcknowledgedWrites;
import org.together.ingest.kafka.WriteUnavailableException;
import org.together.ingest.reference.ReferenceTail;
import org.together.schemas.Topics;

/**
 * Claims new eventIds before they are written, so that two instances receiving one id at the same moment agree on
 * the content it is taken with: the receipts only show what was committed before a request arrived, and reservations
 * order requests within one instance only.
 *
 * <p>Each new eventId of a request gets a claim in {@code together.event-claims}, in the partition of the id: the id
 * and the first 128 bits of the hash of its content as stored (no participant id, pseudonym or content; raw bytes, no
 * Avro), the claims of one group of requests in one record per partition. Once read back, the
 * first claim of the id in that partition ({@link ClaimIndex}) decides for every instance: an event with its content is
 * written, one with other content is a conflict. {@link #CLAIMERS} claimer threads take the requests waiting at that
 * moment, each writing their claims in one batch and reading them back once, so several groups are in flight at once.
 * That is as correct as one thread: the decision is the partition's order as the tail read it, not the order in which
 * threads write, and a group is decided only once the tail has read past every claim of it, so past any claim of the
 * same id written before it, by any thread or instance.
 */
public final class EventClaims implements AutoCloseable {

    /** Least time between the starts of two groups of claims (as the vault's claimer). */
    static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** Requests per group: bounds one batch, not the rate. */
    private static final int MAX_GROUP = 1_000;
    /** Groups in flight at once: each waits a Produce and a read-back, while the next ones are written. */
    static final int CLAIMERS = 3;

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
    private final List<Thread> claimers = new ArrayList<>();
    private final ReentrantLock taking = new ReentrantLock();
    private long lastStart = System.nanoTime() - GATHER_NANOS; // guarded by taking
    private volatile boolean running = true;

    /** @param producer an idempotent producer (acks=all) writing outside transactions */
    public EventClaims(ClaimIndex index, ReferenceTail tail, Producer<byte[], byte[]> producer) {
        this.index = index;
        this.tail = tail;
        this.producer = producer;
        for (int i = 0; i < CLAIMERS; i++) {
            Thread t = new Thread(this::claimLoop, "ingest-event-claimer-" + i);
            t.setDaemon(true);
            claimers.add(t);
        }
        claimers.forEach(Thread::start);
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
        while (running) {
            List<Open> group = new ArrayList<>();
            try {
                take(group);
                if (!group.isEmpty()) {
                    claimRound(group);
                }
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
        requests.drainTo(left); // by whichever claimer stops last: each fails what it took
        fail(left, new WriteUnavailableException("the ingest service stopped", null));
    }

    /**
     * Takes the next group: one claimer at a time, groups starting at least {@link #GATHER_NANOS} apart whatever
     * claimer takes them, so that a busy instance writes fewer, larger batches.
     */
    private void take(List<Open> group) throws InterruptedException {
        taking.lockInterruptibly();
        try {
            Open first = requests.poll(100, TimeUnit.MILLISECONDS);
            if (first == null) {
                return;
            }
            group.add(first);
            long wait = lastStart + GATHER_NANOS - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            requests.drainTo(group, MAX_GROUP - 1);
            lastStart = System.nanoTime();
        } finally {
            taking.unlock();
        }
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
        // one record per partition for the whole group: its order is the order of the claims it holds
        Map<Integer, Map<String, String>> byPartition = new TreeMap<>();
        Set<String> ids = new HashSet<>();
        for (Open o : alive) {
            for (Claim c : o.claims()) {
                ids.add(c.eventId());
                byPartition.computeIfAbsent(partition(c.eventId()), p -> new LinkedHashMap<>())
                        .putIfAbsent(c.eventId(), c.storedContentHash());
            }
        }
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(byPartition.size());
        byPartition.forEach((p, claims) -> records.add(new ProducerRecord<>(Topics.EVENT_CLAIMS.name(), p, null,
                ClaimIndex.record(claims))));
        Map<TopicPartition, Long> written = AcknowledgedWrites.send(producer, records, deadline, "the eventId claims");
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

    private static void fail(List<Open> open, RuntimeException failure) {
        open.forEach(o -> o.taken().completeExceptionally(failure));
    }

    /** Stops the claimer: requests still waiting get {@link WriteUnavailableException}. */
    @Override
    public void close() {
        running = false;
        claimers.forEach(Thread::interrupt);
        try {
            for (Thread t : claimers) {
                t.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
