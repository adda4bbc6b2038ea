package org.together.aggregation.topology;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.together.figures.Figures;
import org.together.schemas.EventType;
import org.together.schemas.TogetherSerdes;
import org.together.schemas.Topics;

/**
 * The Kafka Streams topology that keeps every figure of the query contract, in event time.
 *
 * <pre>
 *  five event topics (keyed by territoryId)
 *    -> territory-figures   per territory partition: territory-entities (participants, tool users,
 *                           evaluating groups, counted assessments) turn each event into day
 *                           changes, summed per territory day until the task commits; right
 *                           before the commit each changed day's sum goes out and is added to
 *                           territory-day-figures
 *    -> network-day-changes repartition topic, ONE partition: per-territory-per-day changes only
 *    -> network-figures     network-day-figures, network-territories, and the kept counts of
 *                           active territories (network-active-territory-changes) and of
 *                           countries (network-countries, with the territories table), and
 *                           the territories in rank order (network-territory-ranking)
 *  together.territories  -> global store "territories" (names, countries)
 *  together.tools        -> global store "tools" (the tool catalogue: the names every tool answer gives; read
 *                           by the queries only, never on the event path)
 *  together.targets      -> global store "targets" (the meeting's targets)
 *  together.territory-credentials -> global store "territory-credentials" (token hashes: a
 *                           territory's own token reads its own figures exactly)
 *  (each kept by a {@link ReferenceTable}: an undecodable value reads as absent)
 * </pre>
 *
 * Events of any age land in their own day: state is keyed by territory + entity and by
 * territory + UTC day, never by time window, so nothing is ever too late. Weeks, months and
 * quarters are unions of days, summed at query time.
 */
public final class AggregationTopology {

    // Stores of the territory task (partitioned like the event topics, by territoryId). Few stores
    // on purpose: each is a changelog partition every exactly-once transaction writes to.
    /** Participants' timelines, tool users, evaluating groups, counted assessments (tagged values). */
    public static final String TERRITORY_ENTITIES = "territory-entities";
    /** Figures per territory and UTC day ({@code territory|2021-07-10}). */
    public static final String TERRITORY_DAY_FIGURES = "territory-day-figures";
    // stores of the network task (one partition)
    /** Network figures per UTC day ({@code 2021-07-10}) and all time ({@code all-time}). */
    public static final String NETWORK_DAY_FIGURES = "network-day-figures";
    /** Per territory: all-time figures, event days, recent participant changes. */
    public static final String NETWORK_TERRITORIES = "network-territories";
    /** Per UTC day ({@code 2021-07-10}): by how much the number of active territories changes that day. */
    public static final String NETWORK_ACTIVE_TERRITORY_CHANGES = "network-active-territory-changes";
    /** Per country code: the epoch day of the first event of one of its registered territories. */
    public static final String NETWORK_COUNTRIES = "network-countries";
    /** Every territory (registered or with events) by its rank: {@link TerritoryRanking} keys, so the top N are read without a scan. */
    public static final String NETWORK_TERRITORY_RANKING = "network-territory-ranking";
    // global store on every instance
    public static final String TERRITORIES = "territories";
    /** The tool catalogue, by tool id: the names given beside each toolId. */
    public static final String TOOLS = "tools";
    /** The meeting's targets, by target id. */
    public static final String TARGETS = "targets";
    /** Each territory's token, as its hash, by territory id. */
    public static final String TERRITORY_CREDENTIALS = "territory-credentials";

    /** The reference tables' topics, read whole by every instance into the stores above ({@link ReferenceTable}). */
    static final List<String> REFERENCE_TOPICS = List.of(Topics.TERRITORIES.name(), Topics.TOOLS.name(),
            Topics.TARGETS.name(), Topics.TERRITORY_CREDENTIALS.name());

    /** Repartition topic name, without the application id prefix and "-repartition" suffix. */
    public static final String NETWORK_DAY_CHANGES = "network-day-changes";

    private AggregationTopology() {
    }

    public static Topology buildTopology(TogetherSerdes serdes) {
        StreamsBuilder builder = new StreamsBuilder();
        // Every store is written back at commit (WriteBackStore): values stay decoded in memory between commits.
        builder.addStateStore(WriteBackStore.persistent(TERRITORY_ENTITIES, EntitySerde.serde(), 10_000));
        builder.addStateStore(WriteBackStore.persistent(TERRITORY_DAY_FIGURES, FiguresSerde.serde(), 5_000));
        builder.addStateStore(WriteBackStore.persistent(NETWORK_DAY_FIGURES, FiguresSerde.serde(), 10_000));
        builder.addStateStore(WriteBackStore.persistent(NETWORK_TERRITORIES, NetworkTerritory.serde(), 20_000));
        builder.addStateStore(WriteBackStore.persistent(NETWORK_ACTIVE_TERRITORY_CHANGES, Serdes.Long(), 10_000));
        builder.addStateStore(WriteBackStore.persistent(NETWORK_COUNTRIES, Serdes.Long(), 1_000));
        builder.addStateStore(WriteBackStore.persistent(NETWORK_TERRITORY_RANKING, Serdes.String(), 20_000));

        builder.stream(eventTopicNames(), Consumed.with(serdes.key(), eventSerde(serdes)).withName("territory-events"))
                .process(TerritoryFigures::new, Named.as("territory-figures"),
                        TERRITORY_ENTITIES, TERRITORY_DAY_FIGURES)
                .repartition(Repartitioned.<String, Figures>as(NETWORK_DAY_CHANGES)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(FiguresSerde.serde())
                        .withNumberOfPartitions(1))
                .process(NetworkFigures::new, Named.as("network-figures"),
                        NETWORK_DAY_FIGURES, NETWORK_TERRITORIES,
                        NETWORK_ACTIVE_TERRITORY_CHANGES, NETWORK_COUNTRIES, NETWORK_TERRITORY_RANKING);

        // global stores kept by ReferenceTable, not global tables: an undecodable value reads as absent, restored or not
        ReferenceTable.add(builder, Topics.TERRITORIES, TERRITORIES, serdes);
        ReferenceTable.add(builder, Topics.TOOLS, TOOLS, serdes);
        ReferenceTable.add(builder, Topics.TARGETS, TARGETS, serdes);
        ReferenceTable.add(builder, Topics.TERRITORY_CREDENTIALS, TERRITORY_CREDENTIALS, serdes);
        return builder.build();
    }

    /**
     * How the topology treats records it cannot use: undecodable bytes ({@link DeadLetterUndecodableRecords}) and
     * events it cannot count ({@link DeadLetterUnusableEvents}) go to the dead-letter topic with the reason in
     * headers, one log line each, and processing goes on. Counts nothing: see {@link #errorHandling(DeadLetterCounter, UndecodableReferenceCounter)}.
     */
    public static java.util.Map<String, Object> errorHandling() {
        return java.util.Map.of(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterUndecodableRecords.class,
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterUnusableEvents.class,
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true,
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.DEAD_LETTERS.name());
    }

    /**
     * {@link #errorHandling()}, the handlers counting each dead letter on {@code deadLetters} and the reference tables
     * each undecodable record on {@code undecodableReferences}.
     */
    public static java.util.Map<String, Object> errorHandling(DeadLetterCounter deadLetters,
                                                              UndecodableReferenceCounter undecodableReferences) {
        java.util.Map<String, Object> handling = new java.util.HashMap<>(errorHandling());
        handling.put(DeadLetterCounter.CONFIG, deadLetters);
        handling.put(UndecodableReferenceCounter.CONFIG, undecodableReferences);
        return java.util.Map.copyOf(handling);
    }

    private static List<String> eventTopicNames() {
        return java.util.Arrays.stream(EventType.values()).map(t -> t.topic().name()).toList();
    }

    private static Serde<SpecificRecord> eventSerde(TogetherSerdes serdes) {
        return Serdes.serdeFrom((topic, event) -> {
            throw new UnsupportedOperationException("events are only read here");
        }, new TerritoryEventDeserializer(serdes));
    }

}
