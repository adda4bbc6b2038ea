package org.together.ingest.reference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.together.ingest.kafka.WriteUnavailableException;

/**
 * Makes the indexes at least as fresh as their topics were when a request arrived: it asks Kafka for the topics'
 * last stable offsets and waits until the tail has read that far. So a client that got no answer from one instance
 * and retries on another is told "duplicate", not written twice, and a participant another instance has seen is
 * found under its pseudonym rather than claimed again.
 *
 * <p>One thread asks Kafka on behalf of every request waiting at that moment (a query that starts after a
 * request arrived is fresh enough for it), so the cost is one round trip per burst, not per request.
 */
public final class TailBarrier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TailBarrier.class);
    /**
     * Least time between two queries: requests arriving meanwhile share the next one. A request starts its query
     * on arrival and parses and validates its body meanwhile, so the wait is mostly hidden; under load it saves
     * the broker a ListOffsets per request.
     */
    static final long MIN_GAP_NANOS = 3_000_000;

    private final ReferenceTail tail;
    private final Supplier<KafkaConsumer<String, byte[]>> consumers;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final BlockingQueue<CompletableFuture<Map<TopicPartition, Long>>> waiting = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param consumers makes a read_committed consumer (its end offsets are last stable offsets)
     * @param partitions the partitions whose indexes must be fresh
     */
    public TailBarrier(ReferenceTail tail, Supplier<KafkaConsumer<String, byte[]>> consumers, List<TopicPartition> partitions) {
        this.tail = tail;
        this.consumers = consumers;
        this.partitions.addAll(partitions);
        this.thread = new Thread(this::run, "ingest-tail-barrier");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Asks for the topics' current end offsets. Call it as soon as a request arrives, so the round trip
     * overlaps with parsing and validation; then {@link #await}.
     */
    public CompletableFuture<Map<TopicPartition, Long>> start() {
        CompletableFuture<Map<TopicPartition, Long>> ends = new CompletableFuture<>();
        waiting.add(ends);
        return ends;
    }

    /**
     * Waits until the tail has read the topics up to the offsets {@link #start} returned.
     *
     * @throws WriteUnavailableException when Kafka does not answer, or the tail does not catch up, in time
     */
    public void await(CompletableFuture<Map<TopicPartition, Long>> ends, long deadlineNanos) throws InterruptedException {
        Map<TopicPartition, Long> targets;
        try {
            targets = ends.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new WriteUnavailableException("cannot read the indexed topics' end offsets: " + e, e);
        }
        if (!tail.awaitPositions(targets, deadlineNanos)) {
            throw new WriteUnavailableException("the indexes did not catch up in time", null);
        }
    }

    private void run() {
        KafkaConsumer<String, byte[]> consumer = null;
        long lastQuery = System.nanoTime() - MIN_GAP_NANOS;
        while (running) {
            List<CompletableFuture<Map<TopicPartition, Long>>> batch = new ArrayList<>();
            try {
                CompletableFuture<Map<TopicPartition, Long>> first = waiting.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long wait = lastQuery + MIN_GAP_NANOS - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                waiting.drainTo(batch);
                lastQuery = System.nanoTime();
                if (consumer == null) {
                    consumer = consumers.get();
                }
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(5));
                batch.forEach(f -> f.complete(ends));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                batch.forEach(f -> f.completeExceptionally(new IllegalStateException("stopping")));
                break;
            } catch (RuntimeException e) {
                batch.forEach(f -> f.completeExceptionally(e));
                if (consumer != null) {
                    closeQuietly(consumer);
                    consumer = null;
                }
                if (running) {
                    log.debug("reading the indexed topics' end offsets failed: {}", e.toString());
                }
            }
        }
        if (consumer != null) {
            closeQuietly(consumer);
        }
        List<CompletableFuture<Map<TopicPartition, Long>>> left = new ArrayList<>();
        waiting.drainTo(left);
        left.forEach(f -> f.completeExceptionally(new IllegalStateException("stopping")));
    }

    private static void closeQuietly(KafkaConsumer<String, byte[]> consumer) {
        try {
            consumer.close(Duration.ofSeconds(1));
        } catch (RuntimeException e) {
            log.debug("closing the barrier's consumer", e);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
