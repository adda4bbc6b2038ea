package org.together.reports.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads topics of the log as they stood at one moment: their end offsets are taken once ({@link #endOffsets}),
 * then any group of their partitions is read from the beginning up to those offsets (read_committed, assigned
 * partitions, no consumer group, nothing committed). Records come in offset order within each partition.
 */
public final class EventLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventLog.class);

    /** What receives each record read: its topic, key and raw value (null for a tombstone). */
    public interface Sink {
        void accept(String topic, String key, byte[] value);
    }

    /** The same, with the record's timestamp (epoch milliseconds): what a reader bounds a compacted topic's history by. */
    public interface TimedSink {
        void accept(String topic, String key, byte[] value, long timestamp);
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Duration stallTimeout;

    /**
     * @param kafkaProperties the client's settings (security, timeouts) and {@code bootstrap.servers}
     * @param stallTimeout a read that makes no progress this long fails (the broker is gone)
     */
    public EventLog(Map<String, String> kafkaProperties, Duration stallTimeout) {
        Properties p = new Properties();
        p.putAll(kafkaProperties);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "together-report");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.stallTimeout = stallTimeout;
    }

    /** Every partition of the topics and its end offset now (for read_committed, its last stable offset). */
    public Map<TopicPartition, Long> endOffsets(Collection<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) {
                log.warn("topic {} does not exist: read as empty", topic);
                continue;
            }
            infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        }
        return new HashMap<>(consumer.endOffsets(partitions));
    }

    /** Reads the partitions from their beginning to the given offsets, all at once. */
    public void read(Map<TopicPartition, Long> ends, Sink sink) {
        read(ends, (topic, key, value, timestamp) -> sink.accept(topic, key, value));
    }

    /** The same, each record with its timestamp. */
    public void read(Map<TopicPartition, Long> ends, TimedSink sink) {
        List<TopicPartition> partitions = new ArrayList<>(ends.keySet());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
        List<TopicPartition> remaining = new ArrayList<>(partitions);
        remaining.removeIf(tp -> ends.get(tp) <= beginnings.get(tp));
        consumer.pause(partitions.stream().filter(tp -> !remaining.contains(tp)).toList());
        long lastProgress = System.nanoTime();
        while (!remaining.isEmpty()) {
            if (System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
                throw new TimeoutException("no progress reading the event log for " + stallTimeout.toSeconds()
                        + " s; partitions left: " + remaining);
            }
            var records = consumer.poll(Duration.ofMillis(200));
            if (!records.isEmpty()) {
                lastProgress = System.nanoTime();
            }
            for (TopicPartition tp : records.partitions()) {
                long end = ends.get(tp);
                for (ConsumerRecord<String, byte[]> record : records.records(tp)) {
                    // records past the end offset arrived after the moment read: not part of it
                    if (record.offset() < end) {
                        sink.accept(record.topic(), record.key(), record.value(), record.timestamp());
                    }
                }
            }
            List<TopicPartition> done = remaining.stream().filter(tp -> consumer.position(tp) >= ends.get(tp)).toList();
            if (!done.isEmpty()) {
                remaining.removeAll(done);
                consumer.pause(done);
            }
        }
        consumer.unsubscribe();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
