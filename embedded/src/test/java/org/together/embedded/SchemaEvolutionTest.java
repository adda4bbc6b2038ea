package org.together.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.together.events.ParticipantLeft;
import org.together.reference.EventReceipt;
import org.together.schemas.TogetherSerdes;
import org.together.schemas.TopicSpec;
import org.together.schemas.Topics;
import org.together.schemas.registry.SchemaRegistryClient;
import org.together.schemas.registry.SchemaRegistryException;

/**
 * The schemas changed by privacy (reason codes, pseudonymised receipts) against the schemas of the first release
 * ({@code schemas-v1/}, as that release registered them): the embedded registry's own BACKWARD check accepts every
 * new version after the old one, and records written with the old schemas decode with today's classes.
 */
class SchemaEvolutionTest {

    private static final SchemaRegistryClient REGISTRY =
            TogetherSerdes.forRegistryUrl(EmbeddedStack.sharedForTests().registryUrl()).registry();

    static Stream<Arguments> changed() {
        return Stream.of(
                Arguments.of("ParticipantJoined", Topics.PARTICIPANT_JOINED),
                Arguments.of("ParticipantLeft", Topics.PARTICIPANT_LEFT),
                Arguments.of("ToolUsed", Topics.TOOL_USED),
                Arguments.of("FootprintAssessed", Topics.FOOTPRINT_ASSESSED),
                Arguments.of("EventReceipt", Topics.EVENT_RECEIPTS));
    }

    /** A subject of its own per test run, so that the shared registry's real subjects are not touched. */
    private static String subject(TopicSpec<?> topic) {
        return "evolution-" + UUID.randomUUID() + "-" + topic.valueSubject();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changed")
    void theRegistrysBackwardCheckAcceptsTheNewSchemaAfterTheFirstReleasesOne(String name, TopicSpec<?> topic) {
        String subject = subject(topic);
        assertThat(REGISTRY.getCompatibility(null)).isEqualTo("BACKWARD");
        REGISTRY.register(subject, v1(name));

        int id = REGISTRY.register(subject, TogetherSerdes.valueSchema(topic));

        // (a change of documentation only is the same schema to the registry: it answers with the first one's id)
        assertThat(SchemaNormalization.toParsingForm(REGISTRY.getSchemaById(id)))
                .isEqualTo(SchemaNormalization.toParsingForm(TogetherSerdes.valueSchema(topic)));
    }

    @Test
    void turningTheFreeTextReasonItselfIntoAnEnumWouldBeRefusedWhichIsWhyTheCodeIsANewField() {
        String subject = subject(Topics.PARTICIPANT_LEFT);
        REGISTRY.register(subject, v1("ParticipantLeft"));
        String withEnum = v1Text("ParticipantLeft").replaceFirst(
                "\\{\"name\":\"reason\",\"type\":\\[\"null\",\\{\"type\":\"string\"[^}]*}]",
                "{\"name\":\"reason\",\"type\":[\"null\",{\"type\":\"enum\",\"name\":\"ParticipantLeftReason\","
                        + "\"symbols\":[\"MOVED\",\"OTHER\"],\"default\":\"OTHER\"}]");
        Schema reasonAsEnum = new Schema.Parser().parse(withEnum);
        assertThat(reasonAsEnum.getField("reason").schema().getTypes().get(1).getType()).isEqualTo(Schema.Type.ENUM);

        assertThatThrownBy(() -> REGISTRY.register(subject, reasonAsEnum)).isInstanceOf(SchemaRegistryException.class)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode())
                        .isIn(SchemaRegistryException.INCOMPATIBLE_SCHEMA, SchemaRegistryException.INCOMPATIBLE_SCHEMA_V8));
    }

    @Test
    void aLeaveWrittenWithTheFirstReleasesSchemaDecodesWithItsFreeTextAndNoCode() {
        Schema v1 = v1("ParticipantLeft");
        int id = REGISTRY.register(subject(Topics.PARTICIPANT_LEFT), v1);
        GenericRecord envelope = new GenericData.Record(v1.getField("envelope").schema());
        envelope.put("eventId", "7c9e6679-7425-40de-944b-e07fc1f90ae7");
        envelope.put("territoryId", "mulhouse");
        envelope.put("occurredAt", 1_625_900_000_000L);
        envelope.put("receivedAt", 1_625_900_100_000L);
        envelope.put("source", null);
        GenericRecord left = new GenericData.Record(v1);
        left.put("envelope", envelope);
        left.put("participantId", "p-000123");
        left.put("reason", "moved away");

        ParticipantLeft read = TogetherSerdes.forRegistryUrl(EmbeddedStack.sharedForTests().registryUrl())
                .value(Topics.PARTICIPANT_LEFT).deserializer().deserialize(Topics.PARTICIPANT_LEFT.name(), wire(id, v1, left));

        assertThat(read.getEnvelope().getEventId()).isEqualTo("7c9e6679-7425-40de-944b-e07fc1f90ae7");
        assertThat(read.getReason()).isEqualTo("moved away");
        assertThat(read.getReasonCode()).isNull();
    }

    @Test
    void aReceiptWrittenWithTheFirstReleasesSchemaDecodesAsNotPseudonymised() {
        Schema v1 = v1("EventReceipt");
        int id = REGISTRY.register(subject(Topics.EVENT_RECEIPTS), v1);
        GenericRecord receipt = new GenericData.Record(v1);
        receipt.put("eventId", "7c9e6679-7425-40de-944b-e07fc1f90ae7");
        receipt.put("territoryId", "mulhouse");
        receipt.put("contentHash", "ab".repeat(32));
        receipt.put("topic", Topics.PARTICIPANT_LEFT.name());
        receipt.put("receivedAt", 1_625_900_100_000L);

        EventReceipt read = TogetherSerdes.forRegistryUrl(EmbeddedStack.sharedForTests().registryUrl())
                .value(Topics.EVENT_RECEIPTS).deserializer().deserialize(Topics.EVENT_RECEIPTS.name(), wire(id, v1, receipt));

        assertThat(read.getContentHash()).isEqualTo("ab".repeat(32));
        assertThat(read.getPseudonymised()).isFalse();
        assertThat(read.getReceivedAt()).isEqualTo(Instant.ofEpochMilli(1_625_900_100_000L));
    }

    /** The Confluent wire format: magic byte 0, the schema id, the Avro binary. */
    private static byte[] wire(int schemaId, Schema schema, GenericRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema v1(String name) {
        return new Schema.Parser().parse(v1Text(name));
    }

    private static String v1Text(String name) {
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/schemas-v1/" + name + ".avsc")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
