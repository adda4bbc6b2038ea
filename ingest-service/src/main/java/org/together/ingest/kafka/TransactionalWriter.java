package org.together.ingest.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each request's records atomically: all of them become visible to read_committed readers, or none.
 *
 * <p>Requests are group-committed: each committer thread owns one transactional producer, takes every request
 * waiting in the queue (and those arriving within {@link #GATHER_NANOS}), writes them in one transaction and
 * completes them all on commit. A transaction costs a few round trips whatever its size, so batching concurrent
 * requests keeps throughput close to a plain producer's while a failed transaction still leaves nothing behind. A request is completed only after the
 * commit returned: that is what "accepted" means.
 */
public final class TransactionalWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TransactionalWriter.class);
    /** Records per transaction: bounds one transaction's size, not the request rate. */
    private static final int MAX_GROUP_RECORDS = 20_000;
    /**
     * How long a committer waits for more requests to join the group it has started (like the producer's linger):
     * every transaction costs the broker the same fixed work (log entries, a marker per partition), so a few
     * milliseconds more per request buy fewer, larger transactions and less CPU per event.
     */
    private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private record Pending(List<ProducerRecord<byte[], byte[]>> records,
                           CompletableFuture<List<RecordMetadata>> done, long deadlineNanos) {
    }

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Function<String, KafkaProducer<byte[], byte[]>> producers;
    private final String transactionalIdPrefix;
    private final MeterRegistry meters;
    private final List<Thread> committers = new ArrayList<>();
    private final Timer commitTimer;
    private final DistributionSummary groupSize;
    private final Counter aborted;
    private volatile boolean running = true;

    /**
     * @param producers makes a producer for a transactional id (settings from {@link KafkaSettings})
     * @param committerThreads how many transactions may be in flight at once
     */
    public TransactionalWriter(Function<String, KafkaProducer<byte[], byte[]>> producers, String transactionalIdPrefix,
                               int committerThreads, MeterRegistry meters) {
        this.producers = producers;
        this.transactionalIdPrefix = transactionalIdPrefix;
        this.meters = meters;
        this.commitTimer = Timer.builder("together.ingest.transaction.commit")
                .description("time to write and commit one group of requests").register(meters);
        this.groupSize = DistributionSummary.builder("together.ingest.transaction.records")
                .description("records per committed transaction").register(meters);
        this.aborted = Counter.builder("together.ingest.transaction.failed")
                .description("transactions aborted or failed; their requests were answered 503").register(meters);
        for (int i = 0; i < committerThreads; i++) {
            int index = i;
            Thread t = new Thread(() -> commitLoop(index), "ingest-committer-" + i);
            t.setDaemon(true);
            committers.add(t);
            t.start();
        }
    }

    /**
     * Queues records to be written in one transaction. The future completes with their metadata (same order)
     * after the commit, or exceptionally with {@link WriteUnavailableException}; a request whose deadline
     * passed before its transaction began is never written.
     */
    public CompletableFuture<List<RecordMetadata>> write(List<ProducerRecord<byte[], byte[]>> records, Duration timeout) {
        CompletableFuture<List<RecordMetadata>> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new WriteUnavailableException("the ingest service is stopping", null));
            return done;
        }
        queue.add(new Pending(List.copyOf(records), done, System.nanoTime() + timeout.toNanos()));
        return done;
    }

    private void commitLoop(int index) {
        String transactionalId = transactionalIdPrefix + "-" + index;
        KafkaProducer<byte[], byte[]> producer = null;
        KafkaClientMetrics metrics = null;
        while (running) {
            List<Pending> group = nextGroup();
            if (group.isEmpty()) {
                continue;
            }
            long started = System.nanoTime();
            try {
                if (producer == null) {
                    producer = producers.apply(transactionalId);
                    producer.initTransactions();
                    metrics = new KafkaClientMetrics(producer);
                    metrics.bindTo(meters);
                }
                producer.beginTransaction();
                List<List<Future<RecordMetadata>>> sent = new ArrayList<>(group.size());
                int records = 0;
                for (Pending p : group) {
                    List<Future<RecordMetadata>> futures = new ArrayList<>(p.records().size());
                    for (ProducerRecord<byte[], byte[]> r : p.records()) {
                        futures.add(producer.send(r));
                    }
                    records += futures.size();
                    sent.add(futures);
                }
                // flushes, and throws if any send failed: then nothing of the transaction is visible
                producer.commitTransaction();
                commitTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                groupSize.record(records);
                for (int i = 0; i < group.size(); i++) {
                    List<RecordMetadata> metadata = new ArrayList<>(sent.get(i).size());
                    for (Future<RecordMetadata> f : sent.get(i)) {
                        metadata.add(f.get());
                    }
                    group.get(i).done().complete(metadata);
                }
            } catch (Exception e) {
                aborted.increment();
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                WriteUnavailableException failure = new WriteUnavailableException(
                        "Kafka did not commit the write: " + e.getMessage(), e);
                group.forEach(p -> p.done().completeExceptionally(failure));
                if (producer != null && !abort(producer)) {
                    closeQuietly(producer, metrics);
                    producer = null;
                    metrics = null;
                }
                if (running) {
                    log.warn("transaction of {} request(s) failed, answered 503: {}", group.size(), e.toString());
                }
            }
        }
        if (producer != null) {
            closeQuietly(producer, metrics);
        }
        // anything still queued at shutdown is answered, never silently dropped
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.done().completeExceptionally(new WriteUnavailableException("the ingest service stopped", null)));
    }

    private List<Pending> nextGroup() {
        List<Pending> group = new ArrayList<>();
        try {
            Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
            if (first == null) {
                return group;
            }
            int records = addIfAlive(group, first);
            Pending next;
            long gatherUntil = System.nanoTime() + GATHER_NANOS;
            while (records < MAX_GROUP_RECORDS) {
                long left = gatherUntil - System.nanoTime();
                next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                if (next == null) {
                    break;
                }
                records += addIfAlive(group, next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        return group;
    }

    private static int addIfAlive(List<Pending> group, Pending p) {
        if (System.nanoTime() > p.deadlineNanos()) {
            p.done().completeExceptionally(new WriteUnavailableException("timed out waiting for Kafka", null));
            return 0;
        }
        group.add(p);
        return p.records().size();
    }

    /** True when the producer can be used again. */
    private static boolean abort(KafkaProducer<byte[], byte[]> producer) {
        try {
            producer.abortTransaction();
            return true;
        } catch (KafkaException | IllegalStateException e) {
            return false;
        }
    }

    private static void closeQuietly(KafkaProducer<byte[], byte[]> producer, KafkaClientMetrics metrics) {
        try {
            if (metrics != null) {
                metrics.close();
            }
            producer.close(Duration.ofSeconds(1));
        } catch (RuntimeException e) {
            log.debug("closing producer", e);
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread t : committers) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
