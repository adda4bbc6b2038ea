package org.together.systemtests.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.together.events.EventEnvelope;
import org.together.events.JoinChannel;
import org.together.events.ParticipantJoined;
import org.together.events.ParticipantRole;
import org.together.schemas.registry.RegisteredSchema;
import org.together.schemas.registry.RestSchemaRegistryClient;
import org.together.schemas.registry.SchemaRegistryClient;
import org.together.schemas.registry.SchemaRegistryException;
import org.together.schemas.serde.ConfluentAvroDeserializer;
import org.together.schemas.serde.ConfluentAvroSerializer;
import org.together.schemas.serde.GeneratedClassTrust;

/**
 * Our registry client and Confluent wire-format serde against Confluent's own Schema Registry: what the
 * production stack runs, and what Confluent's serializers in other applications read and write.
 */
@Testcontainers(disabledWithoutDocker = true)
class ConfluentRegistryInteroperabilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private static String registryUrl;

    @BeforeAll
    static void startContainers() {
        // this test writes generated records with Avro directly, before any of our serdes is created
        GeneratedClassTrust.install();
        registryUrl = ConfluentContainers.shared().registryUrl();
    }

    @Test
    void registeringTheSameSchemaTwiceGivesConfluentsIdBothTimes() throws Exception {
        String subject = freshTopic() + "-value";
        SchemaRegistryClient client = new RestSchemaRegistryClient(registryUrl);

        int id = client.register(subject, ParticipantJoined.getClassSchema());
        int again = new RestSchemaRegistryClient(registryUrl).register(subject, ParticipantJoined.getClassSchema());

        assertThat(again).isEqualTo(id);
        RegisteredSchema latest = client.getLatestVersion(subject);
        assertThat(latest.id()).isEqualTo(id);
        assertThat(latest.version()).isEqualTo(1);
        assertThat(latest.schema()).isEqualTo(ParticipantJoined.getClassSchema());
        assertThat(client.lookup(subject, ParticipantJoined.getClassSchema()).id()).isEqualTo(id);
        assertThat(client.getAllSubjects()).contains(subject);
        assertThat(client.getAllVersions(subject)).containsExactly(1);
        // what Confluent itself answers for the id, read without our client
        JsonNode stored = getJson("/schemas/ids/" + id);
        assertThat(new Schema.Parser().parse(stored.path("schema").asText())).isEqualTo(ParticipantJoined.getClassSchema());
    }

    @Test
    void ourSerializerFramesAvroBinaryWithMagicByteAndTheRegistryIdAndReadsItBack() throws Exception {
        String topic = freshTopic();
        SchemaRegistryClient client = new RestSchemaRegistryClient(registryUrl);
        ParticipantJoined joined = participantJoined();

        byte[] wire;
        try (ConfluentAvroSerializer<ParticipantJoined> serializer = new ConfluentAvroSerializer<>(client)) {
            wire = serializer.serialize(topic, joined);
        }

        int id = client.getLatestVersion(topic + "-value").id();
        assertThat(wire[0]).as("magic byte").isZero();
        assertThat(ByteBuffer.wrap(wire, 1, 4).getInt()).as("big-endian schema id").isEqualTo(id);
        assertThat(Arrays.copyOfRange(wire, 5, wire.length)).as("plain Avro binary of the record")
                .isEqualTo(avroBinary(joined, ParticipantJoined.getClassSchema()));

        try (ConfluentAvroDeserializer<ParticipantJoined> deserializer =
                     new ConfluentAvroDeserializer<>(new RestSchemaRegistryClient(registryUrl), ParticipantJoined.class)) {
            assertThat(deserializer.deserialize(topic, wire)).isEqualTo(joined);
        }
    }

    @Test
    void anOptionalFieldIsANewCompatibleVersionAndTodaysReaderStillDecodesTheNewRecords() throws Exception {
        String topic = freshTopic();
        String subject = topic + "-value";
        SchemaRegistryClient client = new RestSchemaRegistryClient(registryUrl);
        assertThat(client.getCompatibility(null)).isEqualTo("BACKWARD");
        int v1 = client.register(subject, ParticipantJoined.getClassSchema());

        Schema evolved = withField(ParticipantJoined.getClassSchema(),
                "{\"name\":\"cohort\",\"type\":[\"null\",\"string\"],\"default\":null}");
        assertThat(client.testCompatibility(subject, evolved)).isTrue();
        int v2 = client.register(subject, evolved);

        assertThat(v2).isNotEqualTo(v1);
        assertThat(client.getAllVersions(subject)).containsExactly(1, 2);
        // a newer application writes with version 2: Avro binary is the fields in order, so a version 2 record
        // is the version 1 bytes followed by the new union field (branch 1, the string)
        ParticipantJoined joined = participantJoined();
        ByteArrayOutputStream newer = new ByteArrayOutputStream();
        newer.write(avroBinary(joined, ParticipantJoined.getClassSchema()));
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(newer, null);
        encoder.writeIndex(1);
        encoder.writeString("2021-Q3");
        encoder.flush();
        byte[] wire = frame(v2, newer.toByteArray());
        try (ConfluentAvroDeserializer<ParticipantJoined> deserializer =
                     new ConfluentAvroDeserializer<>(client, ParticipantJoined.class)) {
            assertThat(deserializer.deserialize(topic, wire)).isEqualTo(joined);
        }
    }

    @Test
    void aNewRequiredFieldIsRefusedWithConfluentsIncompatibleSchemaError() {
        String subject = freshTopic() + "-value";
        SchemaRegistryClient client = new RestSchemaRegistryClient(registryUrl);
        client.register(subject, ParticipantJoined.getClassSchema());
        Schema breaking = withField(ParticipantJoined.getClassSchema(), "{\"name\":\"cohort\",\"type\":\"string\"}");

        assertThat(client.testCompatibility(subject, breaking)).isFalse();
        assertThatThrownBy(() -> client.register(subject, breaking))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.errorCode()).isIn(SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                            SchemaRegistryException.INCOMPATIBLE_SCHEMA_V8);
                    assertThat(e.httpStatus()).isEqualTo(409);
                });
        assertThat(client.getAllVersions(subject)).containsExactly(1);
    }

    @Test
    void unknownSubjectsAndSchemasAnswerConfluentsNotFoundCodes() {
        SchemaRegistryClient client = new RestSchemaRegistryClient(registryUrl);
        String subject = freshTopic() + "-value";

        assertThatThrownBy(() -> client.getLatestVersion(subject))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
        client.register(subject, ParticipantJoined.getClassSchema());
        Schema other = withField(ParticipantJoined.getClassSchema(),
                "{\"name\":\"cohort\",\"type\":[\"null\",\"string\"],\"default\":null}");
        assertThatThrownBy(() -> client.lookup(subject, other))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static String freshTopic() {
        return "interop." + TOPICS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ParticipantJoined participantJoined() {
        Instant occurred = Instant.parse("2021-07-08T18:30:00Z");
        return ParticipantJoined.newBuilder()
                .setEnvelope(EventEnvelope.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setTerritoryId("lyon-croix-rousse")
                        .setOccurredAt(occurred)
                        .setReceivedAt(occurred.plus(3, ChronoUnit.DAYS))
                        .build())
                .setParticipantId("p-0001-croix")
                .setRole(ParticipantRole.CITIZEN)
                .setChannel(JoinChannel.WORKSHOP)
                .build();
    }

    private static Schema withField(Schema schema, String fieldJson) {
        try {
            ObjectNode tree = (ObjectNode) JSON.readTree(schema.toString());
            ((ArrayNode) tree.path("fields")).add(JSON.readTree(fieldJson));
            return new Schema.Parser().parse(tree.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] avroBinary(ParticipantJoined record, Schema schema) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<ParticipantJoined>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] frame(int id, byte[] avro) {
        return ByteBuffer.allocate(5 + avro.length).put((byte) 0).putInt(id).put(avro).array();
    }

    private static JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(registryUrl + path))
                .header("Accept", RestSchemaRegistryClient.CONTENT_TYPE).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
