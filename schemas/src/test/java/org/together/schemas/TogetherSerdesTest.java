package org.together.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.together.schemas.registry.InMemorySchemaRegistryClient;
import org.together.schemas.registry.RestSchemaRegistryClient;

class TogetherSerdesTest {

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final TogetherSerdes serdes = new TogetherSerdes(registry);

    @Test
    void everyEventTypeRoundTripsWithEveryFieldSet() {
        for (EventType type : EventType.values()) {
            assertRoundTrip(type.topic());
        }
    }

    @Test
    void everyReferenceTopicRoundTripsWithEveryFieldSet() {
        for (TopicSpec<?> topic : Topics.referenceTopics()) {
            assertRoundTrip(topic);
        }
    }

    @SuppressWarnings("unchecked")
    private <T extends SpecificRecord> void assertRoundTrip(TopicSpec<?> anyTopic) {
        TopicSpec<T> topic = (TopicSpec<T>) anyTopic;
        Serde<T> serde = serdes.value(topic);
        for (int seed = 0; seed < 3; seed++) {
            T record = SampleRecords.filled(topic.valueType(), seed);
            byte[] bytes = serde.serializer().serialize(topic.name(), record);
            T back = serde.deserializer().deserialize(topic.name(), bytes);
            assertThat(back).as(topic.name()).isEqualTo(record).isInstanceOf(topic.valueType());
            assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).as("id of " + topic.valueSubject())
                    .isEqualTo(registry.getLatestVersion(topic.valueSubject()).id());
        }
    }

    @Test
    void registerAllRegistersEveryAvroTopicsValueSchemaOnceAndSkipsRawTopics() {
        serdes.registerAll();
        serdes.registerAll();

        List<String> expected = Topics.all().stream().filter(t -> t.valueType() != byte[].class)
                .map(TopicSpec::valueSubject).sorted().toList();
        assertThat(registry.getAllSubjects()).containsExactlyElementsOf(expected)
                .doesNotContain(Topics.DEAD_LETTERS.valueSubject());
        for (String subject : expected) {
            assertThat(registry.getAllVersions(subject)).as(subject).containsExactly(1);
        }
        assertThat(registry.getLatestVersion(Topics.TOOL_USED.valueSubject()).schema())
                .isEqualTo(TogetherSerdes.valueSchema(Topics.TOOL_USED));
    }

    @Test
    void aSerializedRecordUsesTheIdRegisterAllGaveItsSubject() {
        serdes.registerAll();
        int id = registry.getLatestVersion(Topics.PARTICIPANT_LEFT.valueSubject()).id();
        byte[] bytes = serdes.value(Topics.PARTICIPANT_LEFT).serializer()
                .serialize(Topics.PARTICIPANT_LEFT.name(), SampleRecords.filled(Topics.PARTICIPANT_LEFT.valueType(), 1));
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    }

    @Test
    void oneSerdePerTopicAndStringKeys() {
        assertThat(serdes.value(Topics.TOOL_USED)).isSameAs(serdes.value(Topics.TOOL_USED));
        assertThat(serdes.key().serializer().serialize("t", "valencia")).isEqualTo("valencia".getBytes());
        assertThat(serdes.registry()).isSameAs(registry);
    }

    @Test
    void aRegistryUrlChoosesTheClient() {
        assertThat(TogetherSerdes.forRegistryUrl("http://127.0.0.1:18081").registry()).isInstanceOf(RestSchemaRegistryClient.class);
        assertThat(TogetherSerdes.forRegistryUrl("mock://together-serdes-test").registry())
                .isSameAs(InMemorySchemaRegistryClient.forScope("together-serdes-test"));
        InMemorySchemaRegistryClient.dropScope("together-serdes-test");
        assertThatThrownBy(() -> TogetherSerdes.valueSchema(Topics.DEAD_LETTERS)).isInstanceOf(IllegalArgumentException.class);
    }
}
