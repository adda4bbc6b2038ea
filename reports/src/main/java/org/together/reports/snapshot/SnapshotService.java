package org.together.reports.snapshot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.together.reference.SpiralDimension;
import org.together.reference.Territory;
import org.together.reference.Tool;
import org.together.schemas.TogetherSerdes;
import org.together.schemas.TopicSpec;
import org.together.schemas.Topics;

/**
 * Makes snapshots from the event log: each call replays the five event topics and the reference topics
 * from their beginning to their end offsets at the time of the call (read_committed, assigned
 * partitions, no consumer group, nothing committed), then hands the events to {@link SnapshotCalculator}.
 * A past period's figures therefore never depend on live totals, on when the snapshot is made, or on
 * events that occurred after the period.
 */
public final class SnapshotService {

    private static final Logger log = LoggerFactory.getLogger(SnapshotService.class);
    /** Longest period a snapshot covers (about ten years), so a typo cannot ask for centuries of weeks. */
    static final long MAX_DAYS = 3660;
    /** Replaying the whole log is heavy: at most this many at once per instance, the others wait. */
    private static final int CONCURRENT_REPLAYS = 2;
    /** A replay that makes no progress for this long fails instead of hanging (broker gone). */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final TogetherSerdes serdes;
    private final Map<String, String> kafkaProperties;
    private final Clock clock;
    private final Semaphore replays = new Semaphore(CONCURRENT_REPLAYS, true);

    /**
     * @param kafkaProperties extra consumer properties passed through (security, timeouts)
     */
    public SnapshotService(String bootstrapServers, TogetherSerdes serdes, Map<String, String> kafkaProperties) {
        this(bootstrapServers, serdes, kafkaProperties, Clock.systemUTC());
    }

    SnapshotService(String bootstrapServers, TogetherSerdes serdes, Map<String, String> kafkaProperties, Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.serdes = serdes;
        this.kafkaProperties = Map.copyOf(kafkaProperties);
        this.clock = clock;
    }

    /** For a schema registry URL (what the launcher and the services are configured with). */
    public static SnapshotService forRegistryUrl(String bootstrapServers, String registryUrl, Map<String, String> kafkaProperties) {
        return new SnapshotService(bootstrapServers, TogetherSerdes.forRegistry(registryUrl, kafkaProperties), kafkaProperties);
    }

    /**
     * The snapshot of [from, to) (UTC days), network-wide or for one territory.
     *
     * @throws IllegalArgumentException from not before to, or a period longer than ten years
     * @throws UnknownTerritoryException the territory is neither registered nor in any event
     * @throws SnapshotUnavailableException Kafka could not be read to the end
     */
    public Snapshot compute(LocalDate from, LocalDate to, Optional<String> territoryId) {
        validatePeriod(from, to);
        Instant generatedAt = clock.instant();
        try {
            replays.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotUnavailableException("interrupted while waiting to replay the event log", e);
        }
        try {
            long started = System.nanoTime();
            Replay replay;
            try {
                replay = replay(territoryId);
            } catch (org.apache.kafka.common.KafkaException e) {
                throw new SnapshotUnavailableException("cannot read the event log from Kafka: " + e.getMessage(), e);
            }
            Snapshot s = SnapshotCalculator.compute(from, to, territoryId, replay.events(), replay.reference(), generatedAt);
            Snapshot.Provenance p = s.provenance();
            log.info("snapshot {}..{} {}: {} records replayed in {} ms ({} undecodable)", from, to,
                    territoryId.orElse("network"), p.recordsRead(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), replay.undecodable());
            return new Snapshot(s.scope(), s.headline(), s.newcomers(), s.fastestGrowing(), s.tools(), s.wellbeing(),
                    s.footprint(), s.weeks(), new Snapshot.Provenance(p.generatedAt(), p.recordsRead(),
                    p.duplicatesSkipped(), replay.undecodable(), p.eventsCounted(), p.eventsAfterPeriod()));
        } finally {
            replays.release();
        }
    }

    static void validatePeriod(LocalDate from, LocalDate to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + "): to is exclusive");
        }
        if (ChronoUnit.DAYS.between(from, to) > MAX_DAYS) {
            throw new IllegalArgumentException("the period from " + from + " to " + to + " is longer than " + MAX_DAYS + " days");
        }
    }

    private record Replay(List<SpecificRecord> events, ReferenceData reference, long undecodable) {
    }

    private Replay replay(Optional<String> territoryId) {
        List<SpecificRecord> events = new ArrayList<>();
        Map<String, Territory> territories = new HashMap<>();
        Map<String, Tool> tools = new HashMap<>();
        Map<String, SpiralDimension> dimensions = new HashMap<>();
        long[] undecodable = {0};
        Map<String, BiConsumer<String, byte[]>> sinks = new LinkedHashMap<>();
        for (TopicSpec<?> topic : Topics.eventTopics()) {
            @SuppressWarnings("unchecked")
            TopicSpec<SpecificRecord> t = (TopicSpec<SpecificRecord>) topic;
            Deserializer<SpecificRecord> values = serdes.value(t).deserializer();
            sinks.put(topic.name(), (key, bytes) -> {
                // Event topics are keyed by territory: skip other territories before decoding.
                if (bytes == null || territoryId.isPresent() && key != null && !territoryId.get().equals(key)) {
                    return;
                }
                SpecificRecord event = decode(values, topic.name(), bytes, undecodable);
                if (event != null) {
                    events.add(event);
                }
            });
        }
        sinks.put(Topics.TERRITORIES.name(), latest(Topics.TERRITORIES, territories, undecodable));
        sinks.put(Topics.TOOLS.name(), latest(Topics.TOOLS, tools, undecodable));
        sinks.put(Topics.SPIRAL_DIMENSIONS.name(), latest(Topics.SPIRAL_DIMENSIONS, dimensions, undecodable));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            readToEnd(consumer, sinks);
        }
        return new Replay(events, new ReferenceData(territories, tools, dimensions), undecodable[0]);
    }

    /** A compacted topic's latest value per key; a tombstone removes the key. */
    private <T extends SpecificRecord> BiConsumer<String, byte[]> latest(TopicSpec<T> topic, Map<String, T> latest,
                                                                         long[] undecodable) {
        Deserializer<T> values = serdes.value(topic).deserializer();
        return (key, bytes) -> {
            if (key == null) {
                return;
            }
            if (bytes == null) {
                latest.remove(key);
                return;
            }
            T value = decode(values, topic.name(), bytes, undecodable);
            if (value != null) {
                latest.put(key, value);
            }
        };
    }

    private static <T> T decode(Deserializer<T> values, String topic, byte[] bytes, long[] undecodable) {
        try {
            return values.deserialize(topic, bytes);
        } catch (SerializationException e) {
            // The streams topology sends these to the dead-letter topic; a snapshot skips and counts them.
            undecodable[0]++;
            log.warn("snapshot skips an undecodable record of {}: {}", topic, e.getMessage());
            return null;
        }
    }

    /**
     * Reads every partition of the topics, all at once, from the beginning to the end offsets they had
     * when the read started (for read_committed, the last stable offsets). Records are handed over in
     * offset order within each partition.
     */
    private void readToEnd(KafkaConsumer<String, byte[]> consumer, Map<String, BiConsumer<String, byte[]>> sinks) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : sinks.keySet()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) {
                log.warn("snapshot: topic {} does not exist, read as empty", topic);
                continue;
            }
            infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
        List<TopicPartition> remaining = new ArrayList<>(partitions);
        remaining.removeIf(tp -> ends.get(tp) <= beginnings.get(tp));
        consumer.pause(partitions.stream().filter(tp -> !remaining.contains(tp)).toList());
        long lastProgress = System.nanoTime();
        while (!remaining.isEmpty()) {
            if (System.nanoTime() - lastProgress > STALL_TIMEOUT.toNanos()) {
                throw new SnapshotUnavailableException("no progress replaying the event log for " + STALL_TIMEOUT.toSeconds()
                        + " s; partitions left: " + remaining, null);
            }
            var records = consumer.poll(Duration.ofMillis(200));
            if (!records.isEmpty()) {
                lastProgress = System.nanoTime();
            }
            for (ConsumerRecord<String, byte[]> record : records) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                // Records past the end offset arrived after the replay started: not part of this snapshot.
                if (record.offset() < ends.get(tp)) {
                    sinks.get(record.topic()).accept(record.key(), record.value());
                }
            }
            List<TopicPartition> done = remaining.stream().filter(tp -> consumer.position(tp) >= ends.get(tp)).toList();
            if (!done.isEmpty()) {
                remaining.removeAll(done);
                consumer.pause(done);
            }
        }
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.putAll(kafkaProperties);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "together-snapshot");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return p;
    }
}
