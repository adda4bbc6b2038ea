package org.together.reports.snapshot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.together.figures.disclosure.Audience;
import org.together.figures.disclosure.DisclosureRule;
import org.together.reports.replay.ReplayQueue;
import org.together.reports.replay.ReplayRequests;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.together.figures.DaySink;
import org.together.figures.Window;
import org.together.reference.SpiralDimension;
import org.together.reference.Target;
import org.together.reference.Territory;
import org.together.reference.Tool;
import org.together.reports.export.ExportLicence;
import org.together.reports.export.ResearchExport;
import org.together.reports.export.ResearchExports;
import org.together.reports.replay.EventLog;
import org.together.reports.replay.ReplayedFigures;
import org.together.reports.replay.ReportPass;
import org.together.schemas.EventType;
import org.together.schemas.TerritoryPartitions;
import org.together.schemas.TogetherSerdes;
import org.together.schemas.TopicSpec;
import org.together.schemas.Topics;

/**
 * Makes snapshots from the event log. Each call takes the log's end offsets once (the moment the report counts
 * events received up to), reads the reference topics, then the five event topics one partition at a time through
 * a {@link ReportPass}: the model's rules, with the entities of one partition in memory at a time (a territory's
 * events are all in one partition), so memory follows the network's state, never the length of its history. A
 * territory's report reads its own partition only.
 */
public final class SnapshotService {

    private static final Logger log = LoggerFactory.getLogger(SnapshotService.class);
    /** Replaying the whole log is heavy: at most this many at once per instance, the others wait. */
    private static final int CONCURRENT_REPLAYS = 2;
    /** A replay that makes no progress for this long fails instead of hanging (broker gone). */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final TogetherSerdes serdes;
    private final Map<String, String> kafkaProperties;
    private final Clock clock;
    private final ReplayQueue replays;

    /**
     * @param kafkaProperties extra consumer properties passed through (security, timeouts)
     */
    public SnapshotService(String bootstrapServers, TogetherSerdes serdes, Map<String, String> kafkaProperties) {
        this(bootstrapServers, serdes, kafkaProperties, Clock.systemUTC());
    }

    SnapshotService(String bootstrapServers, TogetherSerdes serdes, Map<String, String> kafkaProperties, Clock clock) {
        this(bootstrapServers, serdes, kafkaProperties, clock, new ReplayQueue(CONCURRENT_REPLAYS));
    }

    /** @param replays the queue this instance's snapshots and exports share */
    public SnapshotService(String bootstrapServers, TogetherSerdes serdes, Map<String, String> kafkaProperties, Clock clock,
                           ReplayQueue replays) {
        this.replays = replays;
        this.bootstrapServers = bootstrapServers;
        this.serdes = serdes;
        this.kafkaProperties = Map.copyOf(kafkaProperties);
        this.clock = clock;
    }

    /** For a schema registry URL (what the launcher and the services are configured with). */
    public static SnapshotService forRegistryUrl(String bootstrapServers, String registryUrl, Map<String, String> kafkaProperties) {
        return new SnapshotService(bootstrapServers, TogetherSerdes.forRegistry(registryUrl, kafkaProperties), kafkaProperties);
    }

    /** The snapshot of [from, to) (UTC days) of every event received so far. */
    public Snapshot compute(LocalDate from, LocalDate to, Optional<String> territoryId) {
        return compute(from, to, territoryId, Optional.empty());
    }

    /**
     * The snapshot of [from, to) (UTC days), network-wide or for one territory.
     *
     * @param receivedUntil counts only the events received up to this moment: a report made again with the moment an
     *                      earlier one says it counted up to gives the same figures (empty: up to now)
     * @throws IllegalArgumentException from not before to, or a period longer than ten years
     * @throws UnknownTerritoryException the territory is neither registered nor in any event
     * @throws SnapshotUnavailableException Kafka could not be read to the end
     */
    public Snapshot compute(LocalDate from, LocalDate to, Optional<String> territoryId, Optional<Instant> receivedUntil) {
        return compute(from, to, territoryId, receivedUntil, Audience.INTERNAL, DisclosureRule.DEFAULT);
    }

    /**
     * The snapshot for an audience: the public one (the network's) has its territory tables decided by the rule. It
     * waits in the team's lane of the queue (the command line's, the team's requests).
     *
     * @throws IllegalArgumentException a public snapshot of one territory (a territory's report is internal)
     * @throws ReplayQueue.Busy too many reports wait already
     */
    public Snapshot compute(LocalDate from, LocalDate to, Optional<String> territoryId, Optional<Instant> receivedUntil,
                            Audience audience, DisclosureRule rule) {
        return compute(from, to, territoryId, receivedUntil, audience, rule, ReplayQueue.Lane.TEAM);
    }

    /**
     * As above, waiting in the given lane of the queue.
     *
     * @throws ReplayQueue.Busy too many reports wait already in that lane
     */
    public Snapshot compute(LocalDate from, LocalDate to, Optional<String> territoryId, Optional<Instant> receivedUntil,
                            Audience audience, DisclosureRule rule, ReplayQueue.Lane lane) {
        ReplayRequests.validate(from, to);
        if (audience == Audience.PUBLIC && territoryId.isPresent()) {
            throw new IllegalArgumentException("a territory's report is internal (every figure in it is about one territory): "
                    + "ask for audience internal, or the network's report for the public");
        }
        try {
            return replays.run(lane, () -> {
                try {
                    return replay(new Window(from, to), territoryId, receivedUntil, audience, rule);
                } catch (KafkaException e) {
                    throw new SnapshotUnavailableException("cannot read the event log from Kafka: " + e.getMessage(), e);
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotUnavailableException("interrupted while waiting to replay the event log", e);
        }
    }

    /** The queue this service's replays wait in (an export shares it). */
    public ReplayQueue queue() {
        return replays;
    }

    private Snapshot replay(Window period, Optional<String> territoryId, Optional<Instant> receivedUntil, Audience audience,
                            DisclosureRule rule) {
        Read read = read(period, territoryId, receivedUntil, null);
        SnapshotCalculator.requireKnown(read.figures(), read.reference());
        return SnapshotCalculator.snapshot(read.figures(), read.reference(), read.now(), read.undecodable(), read.receivedUpTo(),
                audience, rule);
    }

    /** What a pass over the log gave, with the reference data and the moment it counted events up to. */
    record Read(ReplayedFigures figures, ReferenceData reference, Instant now, long undecodable, Instant receivedUpTo) {
    }

    /**
     * Reads the log once through a {@link ReportPass}: the end offsets first (the moment counted up to), the reference
     * topics, then the event topics one partition at a time.
     *
     * @param daysOf where each territory's figures go (an export's quarters), or null for the network's days
     */
    private Read read(Window period, Optional<String> territoryId, Optional<Instant> receivedUntil,
                      Function<String, DaySink> daysOf) {
        long started = System.nanoTime();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStarted = threads.getCurrentThreadCpuTime();
        Map<String, String> clientProperties = new HashMap<>(kafkaProperties);
        clientProperties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        clientProperties.put(ConsumerConfig.CLIENT_ID_CONFIG, "together-snapshot");
        long[] undecodable = {0};
        try (EventLog eventLog = new EventLog(clientProperties, STALL_TIMEOUT)) {
            // the moment the report counts up to, to the second (what it prints, and what makes it again): every event
            // acknowledged before it is within the end offsets taken right after
            Instant now = clock.instant();
            Map<TopicPartition, Long> eventEnds = eventLog.endOffsets(Topics.eventTopics().stream().map(TopicSpec::name).toList());
            Instant receivedUpTo = receivedUntil.filter(t -> t.isBefore(now)).orElse(now).truncatedTo(ChronoUnit.SECONDS);
            ReferenceData reference = reference(eventLog, receivedUpTo, undecodable);

            ReportPass pass = new ReportPass(period, territoryId, Optional.of(receivedUpTo), daysOf,
                    daysOf == null ? MeetingSection.territoriesWithTargets(territoryId, reference) : Set.of());
            Map<String, Deserializer<? extends SpecificRecord>> decoders = new HashMap<>();
            for (EventType type : EventType.values()) {
                decoders.put(type.topic().name(), serdes.value(type.topic()).deserializer());
            }
            for (Map<TopicPartition, Long> group : partitionGroups(eventEnds, territoryId)) {
                eventLog.read(group, (topic, key, bytes) -> {
                    // other territories are skipped before decoding
                    if (bytes != null && (key == null || pass.reads(key))) {
                        SpecificRecord event = decode(decoders.get(topic), topic, bytes, undecodable);
                        if (event != null) {
                            pass.accept(key, event);
                        }
                    }
                });
                pass.endPartition();
            }
            ReplayedFigures figures = pass.result();
            log.info("report {}..{} {}: {} records replayed in {} ms, {} ms of this thread's CPU ({} undecodable, {} unusable)",
                    period.from(), period.to(), territoryId.orElse("network"), figures.recordsRead(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis(),
                    Duration.ofNanos(threads.getCurrentThreadCpuTime() - cpuStarted).toMillis(), undecodable[0], figures.unusable());
            return new Read(figures, reference, now, undecodable[0], receivedUpTo);
        }
    }

    /**
     * The research export of [from, to): every territory's figures per quarter by the same rules, the public rule
     * applied, the licence (when the network chose one) in its {@code datapackage.json}; it waits in the same queue as
     * the snapshots, in the team's lane (only the admin may ask for it).
     *
     * @throws ReplayQueue.Busy too many reports wait already
     */
    public ResearchExport export(LocalDate from, LocalDate to, DisclosureRule rule, Optional<ExportLicence> licence) {
        return export(from, to, rule, licence, Optional.empty());
    }

    /**
     * @param receivedUntil counts only the events received up to this moment, as a snapshot's: the export made again
     *                      with the moment an earlier one recorded ({@code receivedUpTo}) has the same files
     */
    public ResearchExport export(LocalDate from, LocalDate to, DisclosureRule rule, Optional<ExportLicence> licence,
                                 Optional<Instant> receivedUntil) {
        ReplayRequests.validate(from, to);
        Window span = new Window(from, to);
        try {
            return replays.run(ReplayQueue.Lane.TEAM, () -> {
                try {
                    return ResearchExports.make(span, rule, licence, daysOf -> {
                        Read read = read(span, Optional.empty(), receivedUntil, daysOf);
                        return new ResearchExports.Log(read.reference(), read.now(), read.receivedUpTo());
                    });
                } catch (KafkaException e) {
                    throw new SnapshotUnavailableException("cannot read the event log from Kafka: " + e.getMessage(), e);
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotUnavailableException("interrupted while waiting to replay the event log", e);
        }
    }

    /**
     * The event partitions to read together: partition p of every event topic, one p after the other (a territory is
     * in the same partition of each, as ingest's default partitioner put it), or only the territory's own. Topics with
     * different partition counts (an operator's doing) cannot be split that way: then all are read at once.
     */
    private static List<Map<TopicPartition, Long>> partitionGroups(Map<TopicPartition, Long> ends, Optional<String> territoryId) {
        Map<String, Integer> counts = new HashMap<>();
        ends.keySet().forEach(tp -> counts.merge(tp.topic(), 1, Integer::sum));
        Set<Integer> distinct = new HashSet<>(counts.values());
        if (distinct.size() > 1) {
            log.warn("the event topics have different partition counts {}: a report reads them all at once", counts);
            return List.of(ends);
        }
        int partitions = distinct.isEmpty() ? 0 : distinct.iterator().next();
        Map<Integer, Map<TopicPartition, Long>> byPartition = new TreeMap<>();
        ends.forEach((tp, end) -> byPartition.computeIfAbsent(tp.partition(), p -> new HashMap<>()).put(tp, end));
        if (territoryId.isPresent() && partitions > 0) {
            Map<TopicPartition, Long> own = byPartition.get(TerritoryPartitions.of(territoryId.get(), partitions));
            return own == null ? List.of() : List.of(own);
        }
        return new ArrayList<>(byPartition.values());
    }

    /**
     * The compacted reference topics' latest value per key; the targets as they stood at {@code receivedUpTo}: the
     * meeting's targets change after a report is made, and the same report made again must show the same ones
     * (review 17, finding 2). A record's timestamp is when the ingest API wrote it, on the clock that stamps the
     * events' receipt.
     */
    private ReferenceData reference(EventLog eventLog, Instant receivedUpTo, long[] undecodable) {
        Map<String, Territory> territories = new HashMap<>();
        Map<String, Tool> tools = new HashMap<>();
        Map<String, SpiralDimension> dimensions = new HashMap<>();
        Map<String, Target> targets = new HashMap<>();
        long upTo = receivedUpTo.toEpochMilli();
        EventLog.Sink targetsUpTo = latest(Topics.TARGETS, targets, undecodable);
        Map<String, EventLog.TimedSink> sinks = Map.of(
                Topics.TERRITORIES.name(), untimed(latest(Topics.TERRITORIES, territories, undecodable)),
                Topics.TOOLS.name(), untimed(latest(Topics.TOOLS, tools, undecodable)),
                Topics.SPIRAL_DIMENSIONS.name(), untimed(latest(Topics.SPIRAL_DIMENSIONS, dimensions, undecodable)),
                Topics.TARGETS.name(), (topic, key, bytes, timestamp) -> {
                    if (timestamp <= upTo) {
                        targetsUpTo.accept(topic, key, bytes);
                    }
                });
        eventLog.read(eventLog.endOffsets(sinks.keySet()),
                (topic, key, bytes, timestamp) -> sinks.get(topic).accept(topic, key, bytes, timestamp));
        return new ReferenceData(territories, tools, dimensions, targets);
    }

    private static EventLog.TimedSink untimed(EventLog.Sink sink) {
        return (topic, key, bytes, timestamp) -> sink.accept(topic, key, bytes);
    }

    /** A compacted topic's latest value per key; a tombstone removes the key. */
    private <T extends SpecificRecord> EventLog.Sink latest(TopicSpec<T> spec, Map<String, T> latest, long[] undecodable) {
        Deserializer<T> values = serdes.value(spec).deserializer();
        return (topic, key, bytes) -> {
            if (key == null) {
                return;
            }
            if (bytes == null) {
                latest.remove(key);
                return;
            }
            T value = decode(values, topic, bytes, undecodable);
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
}
