package org.together.ingest.reference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads compacted topics into this instance's views and indexes and keeps following them, so that every instance
 * sees every territory, token, tool, receipt and pseudonym written by any instance. In-memory views are read from
 * the beginning at every start; indexes kept on disk resume where their {@link Checkpoint} says. The tail reports
 * being caught up once it has read up to the end offsets it found when it started: only then may the service answer.
 */
public final class ReferenceTail implements AutoCloseable {

    /** Where reading resumes, and what is made durable after each poll. Called from the tail's thread only. */
    public interface Checkpoint {
        /**
         * Where to start reading each partition that is not read from the beginning; may reset an index that cannot
         * resume (its topic was recreated, its position is past the end...).
         *
         * @param ends each partition's end offset now
         */
        Resume resume(List<TopicPartition> partitions, Map<TopicPartition, Long> ends);

        /** After a poll's records were handled and before the new positions are published to waiting requests. */
        void commit(Map<TopicPartition, Long> positions);

        /**
         * @param positions where to seek, per partition not read from the beginning
         * @param rebuilt true when an index was emptied to be read again: the tail is not caught up until it is
         */
        record Resume(Map<TopicPartition, Long> positions, boolean rebuilt) {
        }

        /** Reads from the beginning only: the in-memory views. */
        Checkpoint NONE = new Checkpoint() {
            @Override
            public Resume resume(List<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
                return new Resume(Map.of(), false);
            }

            @Override
            public void commit(Map<TopicPartition, Long> positions) {
            }
        };
    }

    private static final Logger log = LoggerFactory.getLogger(ReferenceTail.class);

    private final Supplier<KafkaConsumer<String, byte[]>> consumers;
    private final Map<String, Consumer<ConsumerRecord<String, byte[]>>> handlers;
    private final Checkpoint checkpoint;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile KafkaConsumer<String, byte[]> consumer;
    /** Where the tail stands in each partition after its last poll: what {@link #awaitPositions} waits on. */
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final Object progress = new Object();

    /** @param handlers what to do with each record, per topic name; a handler must not throw */
    public ReferenceTail(Supplier<KafkaConsumer<String, byte[]>> consumers,
                         Map<String, Consumer<ConsumerRecord<String, byte[]>>> handlers, Checkpoint checkpoint) {
        this.consumers = consumers;
        this.handlers = Map.copyOf(handlers);
        this.checkpoint = checkpoint;
        this.thread = new Thread(this::run, "ingest-reference-tail");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> c = consumers.get()) {
                consumer = c;
                List<TopicPartition> partitions = partitions(c);
                c.assign(partitions);
                Map<TopicPartition, Long> ends = new HashMap<>(c.endOffsets(partitions));
                Checkpoint.Resume resume = checkpoint.resume(partitions, ends);
                if (resume.rebuilt() && caughtUp) {
                    caughtUp = false;
                    log.warn("an index is being rebuilt from its topic: not ready until it has caught up");
                }
                for (TopicPartition tp : partitions) {
                    Long at = resume.positions().get(tp);
                    if (at != null) {
                        c.seek(tp, at);
                    } else {
                        c.seekToBeginning(List.of(tp));
                    }
                }
                while (running) {
                    ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(200));
                    for (ConsumerRecord<String, byte[]> r : records) {
                        handlers.get(r.topic()).accept(r);
                    }
                    Map<TopicPartition, Long> now = new HashMap<>();
                    for (TopicPartition tp : partitions) {
                        now.put(tp, c.position(tp));
                    }
                    checkpoint.commit(now);
                    positions.putAll(now);
                    synchronized (progress) {
                        progress.notifyAll();
                    }
                    if (!caughtUp) {
                        ends.entrySet().removeIf(e -> c.position(e.getKey()) >= e.getValue());
                        if (ends.isEmpty()) {
                            caughtUp = true;
                            log.info("reference views caught up on {}", handlers.keySet());
                        }
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                // Kafka unreachable or topics missing: the views keep what they have, and we start over
                log.warn("reading reference topics failed, retrying: {}", e.toString());
                sleep(1_000);
            } finally {
                consumer = null;
            }
        }
    }

    /**
     * Waits until the tail has read every partition up to the given offsets (and applied what it read).
     *
     * @return false when the deadline passed first
     */
    public boolean awaitPositions(Map<TopicPartition, Long> targets, long deadlineNanos) throws InterruptedException {
        while (true) {
            boolean reached = targets.entrySet().stream()
                    .allMatch(e -> positions.getOrDefault(e.getKey(), -1L) >= e.getValue());
            if (reached) {
                return true;
            }
            long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (remainingMillis <= 0) {
                return false;
            }
            synchronized (progress) {
                progress.wait(Math.min(remainingMillis, 20));
            }
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> c) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : handlers.keySet()) {
            List<PartitionInfo> infos = c.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
        }
        return partitions;
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
