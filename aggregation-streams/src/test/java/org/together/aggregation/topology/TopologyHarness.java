package org.together.aggregation.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.together.aggregation.query.FigureQueries;
import org.together.aggregation.query.StoreReader;
import org.together.events.EventEnvelope;
import org.together.reference.Target;
import org.together.reference.Territory;
import org.together.reference.Tool;
import org.together.schemas.EventType;
import org.together.schemas.TogetherSerdes;
import org.together.schemas.TopicSpec;
import org.together.schemas.Topics;
import org.together.schemas.registry.InMemorySchemaRegistryClient;

/** The real topology in a TopologyTestDriver, fed with Avro events in the Confluent wire format. */
final class TopologyHarness implements AutoCloseable {

    final TogetherSerdes serdes = new TogetherSerdes(new InMemorySchemaRegistryClient());
    private final Path stateDir;
    final TopologyTestDriver driver;
    private final Map<Class<?>, TestInputTopic<String, SpecificRecord>> inputs = new HashMap<>();
    private final TestInputTopic<String, Territory> territories;
    private final TestInputTopic<String, Target> targets;
    private final TestInputTopic<String, Tool> tools;
    private boolean closed;

    TopologyHarness() {
        this(StreamsConfig.EXACTLY_ONCE_V2);
    }

    TopologyHarness(String processingGuarantee) {
        this(processingGuarantee, null);
    }

    /** With {@code deadLetters} counting the dead letters, as the service's /metrics does; null: no counter. */
    TopologyHarness(String processingGuarantee, DeadLetterCounter deadLetters) {
        this(processingGuarantee, deadLetters, null);
    }

    /** With counters of the dead letters and of the reference tables' undecodable records; null: no such counter. */
    TopologyHarness(String processingGuarantee, DeadLetterCounter deadLetters, UndecodableReferenceCounter undecodableReferences) {
        try {
            stateDir = Files.createTempDirectory("topology-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9999");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        props.putAll(AggregationTopology.errorHandling());
        if (deadLetters != null) {
            props.put(DeadLetterCounter.CONFIG, deadLetters);
        }
        if (undecodableReferences != null) {
            props.put(UndecodableReferenceCounter.CONFIG, undecodableReferences);
        }
        driver = new TopologyTestDriver(AggregationTopology.buildTopology(serdes), props, Instant.parse("2021-07-10T00:00:00Z"));
        for (EventType type : EventType.values()) {
            inputs.put(type.topic().valueType(), input(type.topic()));
        }
        territories = driver.createInputTopic(Topics.TERRITORIES.name(), new StringSerializer(),
                serdes.value(Topics.TERRITORIES).serializer());
        targets = driver.createInputTopic(Topics.TARGETS.name(), new StringSerializer(), serdes.value(Topics.TARGETS).serializer());
        tools = driver.createInputTopic(Topics.TOOLS.name(), new StringSerializer(), serdes.value(Topics.TOOLS).serializer());
    }

    @SuppressWarnings("unchecked")
    private <T extends SpecificRecord> TestInputTopic<String, SpecificRecord> input(TopicSpec<T> topic) {
        Serializer<T> serializer = serdes.value(topic).serializer();
        return driver.createInputTopic(topic.name(), new StringSerializer(), (Serializer<SpecificRecord>) serializer);
    }

    /** Sends events as ingest does (keyed by territoryId), then lets the coalesced changes reach the network. */
    TopologyHarness send(SpecificRecord... events) {
        for (SpecificRecord event : events) {
            EventEnvelope envelope = (EventEnvelope) event.get(0);
            inputs.get(event.getClass()).pipeInput(envelope.getTerritoryId(), event);
        }
        flush();
        return this;
    }

    /** Sends an event under a key other than its territory. */
    void sendKeyed(String key, SpecificRecord event) {
        inputs.get(event.getClass()).pipeInput(key, event);
        flush();
    }

    void sendRawBytes(TopicSpec<?> topic, String key, byte[] value) {
        driver.createInputTopic(topic.name(), new StringSerializer(), new ByteArraySerializer()).pipeInput(key, value);
        flush();
    }

    /** Sets a target (null: removes it), as ingest writes it. */
    void target(String targetId, Target target) {
        targets.pipeInput(targetId, target);
    }

    /** Adds or replaces a tool of the catalogue, as ingest's PUT /api/v1/tools/{toolId} writes it. */
    void catalogue(Tool tool) {
        tools.pipeInput(tool.getId(), tool);
    }

    /** Removes a tool from the catalogue (a tombstone). */
    void removeFromCatalogue(String toolId) {
        tools.pipeInput(toolId, null);
    }

    StoreReader stores() {
        return reader;
    }

    void register(Territory territory) {
        territories.pipeInput(territory.getId(), territory);
    }

    /** Removes a territory from the territories table (a tombstone). */
    void unregister(String territoryId) {
        territories.pipeInput(territoryId, null);
    }

    /** Advances wall-clock time past the network's check of the territories table. */
    void checkRegistrations() {
        driver.advanceWallClockTime(Duration.ofMillis(NetworkFigures.REGISTRATIONS_CHECKED_EVERY_MS + 1));
    }

    /**
     * Lets the changes reach the network: the territory task forwards them at its commit, which the driver makes
     * after each record; advancing the clock runs any punctuation due meanwhile, as a running instance would.
     */
    void flush() {
        driver.advanceWallClockTime(Duration.ofMillis(1));
    }

    TestOutputTopic<byte[], byte[]> deadLetters() {
        return driver.createOutputTopic(Topics.DEAD_LETTERS.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private final StoreReader reader = new StoreReader() {
        @Override
        public <V> ReadOnlyKeyValueStore<String, V> store(String storeName, String partitionKey) {
            return driver.getKeyValueStore(storeName);
        }

        @Override
        public ReadOnlyKeyValueStore<String, Territory> territories() {
            return driver.getKeyValueStore(AggregationTopology.TERRITORIES);
        }

        @Override
        public ReadOnlyKeyValueStore<String, Tool> tools() {
            return driver.getKeyValueStore(AggregationTopology.TOOLS);
        }

        @Override
        public ReadOnlyKeyValueStore<String, Target> targets() {
            return driver.getKeyValueStore(AggregationTopology.TARGETS);
        }

        @Override
        public ReadOnlyKeyValueStore<String, org.together.reference.TerritoryCredential> territoryCredentials() {
            return driver.getKeyValueStore(AggregationTopology.TERRITORY_CREDENTIALS);
        }
    };

    FigureQueries queries() {
        return new FigureQueries(reader);
    }

    <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
