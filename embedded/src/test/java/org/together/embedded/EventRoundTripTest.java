package org.together.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.together.events.EvaluationMethod;
import org.together.events.EventEnvelope;
import org.together.events.EventSource;
import org.together.events.FootprintAssessed;
import org.together.events.FootprintBreakdown;
import org.together.events.JoinChannel;
import org.together.events.ParticipantJoined;
import org.together.events.ParticipantLeft;
import org.together.events.ParticipantLeftReason;
import org.together.events.ParticipantRole;
import org.together.events.SpiralCriterion;
import org.together.events.SpiralQuestion;
import org.together.events.ToolStage;
import org.together.events.ToolUsed;
import org.together.events.WellbeingEvaluated;
import org.together.schemas.TogetherSerdes;
import org.together.schemas.TopicSpec;
import org.together.schemas.Topics;
import org.together.schemas.registry.RestSchemaRegistryClient;

/** Every event type goes through the real broker and registry in the Confluent wire format and comes back equal. */
class EventRoundTripTest {

    private static EventEnvelope envelope() {
        Instant occurred = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        return EventEnvelope.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setTerritoryId("lisbon-alfama")
                .setOccurredAt(occurred)
                .setReceivedAt(occurred.plusSeconds(30))
                .setSource(EventSource.newBuilder().setApp("together-app").setVersion("1.4.0").setFormVersion("3").build())
                .build();
    }

    static Stream<Arguments> events() {
        return Stream.of(
                Arguments.of(Topics.PARTICIPANT_JOINED, ParticipantJoined.newBuilder().setEnvelope(envelope())
                        .setParticipantId("p-17").setRole(ParticipantRole.PUBLIC_ACTOR).setGroupId("g-2")
                        .setChannel(JoinChannel.WORKSHOP).build()),
                Arguments.of(Topics.PARTICIPANT_LEFT, ParticipantLeft.newBuilder().setEnvelope(envelope())
                        .setParticipantId("p-17").setReasonCode(ParticipantLeftReason.MOVED).build()),
                Arguments.of(Topics.TOOL_USED, ToolUsed.newBuilder().setEnvelope(envelope()).setToolId("spiral-map")
                        .setStage(ToolStage.COMPLETED).setParticipantId("p-17").setGroupId("g-2").setRating(4)
                        .setDurationMinutes(90).build()),
                Arguments.of(Topics.WELLBEING_EVALUATED, WellbeingEvaluated.newBuilder().setEnvelope(envelope())
                        .setGroupId("g-2").setParticipantsCount(12).setMethod(EvaluationMethod.SPIRAL_CRITERIA)
                        .setCriteria(List.of(SpiralCriterion.newBuilder().setDimension("A").setComponent("A01")
                                .setQuestion(SpiralQuestion.WELLBEING).setCount(5).build()))
                        .setScores(Map.of("A", 4, "B", 2)).build()),
                Arguments.of(Topics.FOOTPRINT_ASSESSED, FootprintAssessed.newBuilder().setEnvelope(envelope())
                        .setParticipantId("p-17").setTonnesCo2ePerYear(7.25)
                        .setBreakdown(FootprintBreakdown.newBuilder().setFood(2.0).setHousing(1.5).setMobility(2.5)
                                .setGoods(0.75).setPublicServices(0.5).build()).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    <T extends SpecificRecord> void producesAndConsumesTheEventThroughTogetherSerdes(TopicSpec<T> topic, T event) {
        EmbeddedStack stack = EmbeddedStack.sharedForTests();
        TogetherSerdes serdes = TogetherSerdes.forRegistryUrl(stack.registryUrl());
        String key = "lisbon-alfama";
        RecordCoordinates written;
        try (KafkaProducer<String, T> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), serdes.key().serializer(), serdes.value(topic).serializer())) {
            var metadata = producer.send(new ProducerRecord<>(topic.name(), key, event)).get();
            written = new RecordCoordinates(new TopicPartition(topic.name(), metadata.partition()), metadata.offset());
        } catch (Exception e) {
            throw new AssertionError("producing to " + topic.name() + " failed", e);
        }

        ConsumerRecord<byte[], byte[]> raw = readAt(stack.bootstrapServers(), written);
        assertThat(new String(raw.key())).isEqualTo(key);
        ByteBuffer header = ByteBuffer.wrap(raw.value());
        assertThat(header.get()).isEqualTo((byte) 0);
        int id = header.getInt();
        assertThat(id).isEqualTo(new RestSchemaRegistryClient(stack.registryUrl()).getLatestVersion(topic.valueSubject()).id());

        // A separate serde instance (cold caches) fetches the writer schema from the registry by id.
        T read = TogetherSerdes.forRegistryUrl(stack.registryUrl()).value(topic).deserializer()
                .deserialize(topic.name(), raw.value());
        assertThat(read).isEqualTo(event);
        assertThat(read.getClass()).isEqualTo(topic.valueType());
    }

    private record RecordCoordinates(TopicPartition partition, long offset) {
    }

    private static ConsumerRecord<byte[], byte[]> readAt(String bootstrap, RecordCoordinates at) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(at.partition()));
            consumer.seek(at.partition(), at.offset());
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == at.offset()) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("record at " + at + " never came back");
    }
}
