package org.together.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.together.events.ParticipantJoined;
import org.together.schemas.registry.InMemorySchemaRegistryClient;

/** The serde inside a Kafka Streams topology, both passed explicitly and configured as the default value serde. */
class SerdeInKafkaStreamsTest {

    private final String scope = "streams-test-" + System.nanoTime();

    @AfterEach
    void dropScope() {
        InMemorySchemaRegistryClient.dropScope(scope);
    }

    @Test
    void aTopologyReadsAndWritesRecordsThroughTheSerde() {
        InMemorySchemaRegistryClient registry = InMemorySchemaRegistryClient.forScope(scope);
        ConfluentAvroSerde<ParticipantJoined> serde = new ConfluentAvroSerde<>(registry, ParticipantJoined.class);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("joined-in", Consumed.with(Serdes.String(), serde))
                .mapValues(joined -> {
                    if (joined != null) {
                        joined.setGroupId("regrouped");
                    }
                    return joined;
                })
                .to("joined-out", Produced.with(Serdes.String(), serde));

        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), config())) {
            TestInputTopic<String, ParticipantJoined> in =
                    driver.createInputTopic("joined-in", Serdes.String().serializer(), serde.serializer());
            TestOutputTopic<String, ParticipantJoined> out =
                    driver.createOutputTopic("joined-out", Serdes.String().deserializer(), serde.deserializer());
            in.pipeInput("valencia", ConfluentAvroSerdeTest.joined("p-1"));
            in.pipeInput("valencia", null);

            ParticipantJoined expected = ConfluentAvroSerdeTest.joined("p-1");
            expected.setGroupId("regrouped");
            assertThat(out.readValue()).isEqualTo(expected);
            assertThat(out.readKeyValue().value).as("a tombstone passes through as null").isNull();
        }
        assertThat(registry.getAllSubjects()).containsExactlyInAnyOrder("joined-in-value", "joined-out-value");
    }

    @Test
    void theSerdeWorksAsTheConfiguredDefaultValueSerde() {
        Properties props = config();
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, ConfluentAvroSerde.class);
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
        props.put(AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE, ParticipantJoined.class.getName());
        StreamsBuilder builder = new StreamsBuilder();
        builder.<String, ParticipantJoined>stream("joined-in").filter((k, v) -> v.getGroupId() != null).to("joined-out");

        ConfluentAvroSerde<ParticipantJoined> testSerde =
                new ConfluentAvroSerde<>(InMemorySchemaRegistryClient.forScope(scope), ParticipantJoined.class);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            driver.createInputTopic("joined-in", Serdes.String().serializer(), testSerde.serializer())
                    .pipeInput("valencia", ConfluentAvroSerdeTest.joined("p-2"));
            assertThat(driver.createOutputTopic("joined-out", Serdes.String().deserializer(), testSerde.deserializer())
                    .readValue()).isEqualTo(ConfluentAvroSerdeTest.joined("p-2"));
        }
    }

    private static Properties config() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "serde-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        return props;
    }
}
