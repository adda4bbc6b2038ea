package org.together.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.together.events.EventEnvelope;
import org.together.events.EventSource;
import org.together.events.JoinChannel;
import org.together.events.ParticipantJoined;
import org.together.events.ParticipantLeft;
import org.together.events.ParticipantRole;
import org.together.schemas.registry.CannedRegistryServer;
import org.together.schemas.registry.CountingRegistry;
import org.together.schemas.registry.InMemorySchemaRegistryClient;
import org.together.schemas.registry.SchemaRegistryException;

class ConfluentAvroSerdeTest {

    private static final String TOPIC = "together.participant-joined";
    private static final String SUBJECT = TOPIC + "-value";

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    static ParticipantJoined joined(String participantId) {
        return ParticipantJoined.newBuilder()
                .setEnvelope(EventEnvelope.newBuilder()
                        .setEventId("0b7c9a8e-6a55-4a39-9d43-8f1f5d0c1a01")
                        .setTerritoryId("valencia")
                        .setOccurredAt(Instant.parse("2026-03-02T09:15:00Z"))
                        .setReceivedAt(Instant.parse("2026-03-02T09:15:02.250Z"))
                        .setSource(EventSource.newBuilder().setApp("together-app").setVersion("2.1.0").build())
                        .build())
                .setParticipantId(participantId)
                .setRole(ParticipantRole.PUBLIC_ACTOR)
                .setGroupId("g-7")
                .setChannel(JoinChannel.values()[0])
                .build();
    }

    private static byte[] avroBinary(ParticipantJoined record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<ParticipantJoined>(ParticipantJoined.getClassSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] framed(int id, byte[] avro) {
        return ByteBuffer.allocate(5 + avro.length).put((byte) 0).putInt(id).put(avro).array();
    }

    private static int idOf(byte[] bytes) {
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }

    /** ParticipantJoined's schema with one field removed, or with an optional field added after {@code after}. */
    private static Schema participantJoinedWithout(String field) {
        ObjectNode schema = schemaJson();
        ArrayNode fields = (ArrayNode) schema.get("fields");
        for (Iterator<com.fasterxml.jackson.databind.JsonNode> it = fields.iterator(); it.hasNext(); ) {
            if (it.next().get("name").asText().equals(field)) {
                it.remove();
            }
        }
        return new Schema.Parser().parse(schema.toString());
    }

    private static Schema participantJoinedWithOptional(String field, String after) {
        ObjectNode schema = schemaJson();
        ArrayNode fields = (ArrayNode) schema.get("fields");
        ArrayNode grown = fields.arrayNode();
        for (com.fasterxml.jackson.databind.JsonNode f : fields) {
            grown.add(f);
            if (f.get("name").asText().equals(after)) {
                ObjectNode added = grown.addObject().put("name", field);
                added.putArray("type").add("null").add("string");
                added.putNull("default");
            }
        }
        schema.set("fields", grown);
        return new Schema.Parser().parse(schema.toString());
    }

    private static ObjectNode schemaJson() {
        try {
            return (ObjectNode) new ObjectMapper().readTree(ParticipantJoined.getClassSchema().toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GenericRecord readGeneric(byte[] framed, Schema writer, Schema reader) throws IOException {
        return new GenericDatumReader<GenericRecord>(writer, reader)
                .read(null, DecoderFactory.get().binaryDecoder(framed, 5, framed.length - 5, null));
    }

    @Test
    void aSerializedRecordIsMagicByteThenTheIdBigEndianThenAvrosOwnBinary() throws IOException {
        registry.register("unrelated-a-value", participantJoinedWithout("groupId"));
        registry.register("unrelated-b-value", participantJoinedWithout("channel"));
        ConfluentAvroSerializer<ParticipantJoined> serializer = new ConfluentAvroSerializer<>(registry);
        ParticipantJoined record = joined("p-1");

        byte[] bytes = serializer.serialize(TOPIC, record);

        int id = registry.lookup(SUBJECT, ParticipantJoined.getClassSchema()).id();
        assertThat(id).isEqualTo(3);
        assertThat(Arrays.copyOf(bytes, 5)).containsExactly(0, 0, 0, 0, 3);
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(avroBinary(record));
    }

    @Test
    void theIdIsWrittenBigEndianAcrossAllFourBytes() throws IOException {
        // 0x01020304 shows the byte order; the registry answering over HTTP is Confluent-shaped.
        try (CannedRegistryServer server = new CannedRegistryServer()) {
            server.answer("POST /subjects/" + SUBJECT + "/versions", 200, "{\"id\":16909060}");
            ConfluentAvroSerializer<ParticipantJoined> serializer = new ConfluentAvroSerializer<>();
            serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, server.url()), false);
            ParticipantJoined record = joined("p-1");

            byte[] bytes = serializer.serialize(TOPIC, record);

            assertThat(Arrays.copyOf(bytes, 5)).containsExactly(0x00, 0x01, 0x02, 0x03, 0x04);
            assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(avroBinary(record));
            assertThat(server.count("POST", "/subjects/" + SUBJECT + "/versions")).isEqualTo(1);
        }
    }

    @Test
    void keysAreRegisteredUnderTheKeySubject() {
        ConfluentAvroSerializer<ParticipantJoined> serializer = new ConfluentAvroSerializer<>(registry);
        serializer.configure(Map.of(), true);
        serializer.serialize(TOPIC, joined("p-1"));
        assertThat(registry.getAllSubjects()).containsExactly(TOPIC + "-key");
    }

    @Test
    void aRoundTripGivesBackAnEqualRecord() {
        ConfluentAvroSerde<ParticipantJoined> serde = new ConfluentAvroSerde<>(registry, ParticipantJoined.class);
        ParticipantJoined record = joined("p-1");
        ParticipantJoined back = serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, record));
        assertThat(back).isEqualTo(record);
        assertThat(back.getEnvelope().getOccurredAt()).isEqualTo(Instant.parse("2026-03-02T09:15:00Z"));
    }

    @Test
    void aRecordWrittenWithTheOlderSchemaReadsAsTheNewerOneWithTheAddedFieldDefaulted() throws IOException {
        // The older schema lacks the optional "channel" that the generated class (the newer schema) has.
        Schema older = participantJoinedWithout("channel");
        int olderId = registry.register(SUBJECT, older);
        GenericRecord written = new GenericData.Record(older);
        ParticipantJoined expected = joined("p-9");
        expected.setChannel(null);
        GenericRecord envelope = new GenericData.Record(older.getField("envelope").schema());
        envelope.put("eventId", expected.getEnvelope().getEventId());
        envelope.put("territoryId", "valencia");
        envelope.put("occurredAt", expected.getEnvelope().getOccurredAt().toEpochMilli());
        envelope.put("receivedAt", expected.getEnvelope().getReceivedAt().toEpochMilli());
        Schema sourceSchema = older.getField("envelope").schema().getField("source").schema().getTypes().get(1);
        GenericRecord source = new GenericData.Record(sourceSchema);
        source.put("app", "together-app");
        source.put("version", "2.1.0");
        envelope.put("source", source);
        written.put("envelope", envelope);
        written.put("participantId", "p-9");
        written.put("role", new GenericData.EnumSymbol(older.getField("role").schema(), "PUBLIC_ACTOR"));
        written.put("groupId", "g-7");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(older).write(written, encoder);
        encoder.flush();

        ParticipantJoined read = new ConfluentAvroDeserializer<>(registry, ParticipantJoined.class)
                .deserialize(TOPIC, framed(olderId, out.toByteArray()));

        assertThat(read).isEqualTo(expected);
        assertThat(read.getChannel()).isNull();
    }

    @Test
    void aRecordWrittenWithTheNewerSchemaReadsWithTheOlderOne() throws IOException {
        ParticipantJoined record = joined("p-2");
        byte[] bytes = new ConfluentAvroSerializer<ParticipantJoined>(registry).serialize(TOPIC, record);

        // A consumer still on the older schema resolves the writer schema by id against its own.
        Schema older = participantJoinedWithout("channel");
        GenericRecord read = readGeneric(bytes, registry.getSchemaById(idOf(bytes)), older);

        assertThat(read.getSchema().getField("channel")).isNull();
        assertThat(read.get("participantId").toString()).isEqualTo("p-2");
        assertThat(read.get("groupId").toString()).isEqualTo("g-7");
        assertThat(read.get("role").toString()).isEqualTo("PUBLIC_ACTOR");
        assertThat(((GenericRecord) read.get("envelope")).get("occurredAt"))
                .isEqualTo(Instant.parse("2026-03-02T09:15:00Z").toEpochMilli());
    }

    @Test
    void aNewerWriterIsReadByTheGeneratedClassIgnoringTheFieldItDoesNotKnow() throws IOException {
        Schema newer = participantJoinedWithOptional("cohort", "participantId");
        registry.register(SUBJECT, ParticipantJoined.getClassSchema());
        int newerId = registry.register(SUBJECT, newer);
        ParticipantJoined record = joined("p-3");
        // Write the newer schema's bytes exactly as a newer producer would (Avro's own writer, by field name).
        GenericRecord asNewer = new GenericData.Record(newer);
        for (Schema.Field f : ParticipantJoined.getClassSchema().getFields()) {
            asNewer.put(f.name(), record.get(f.pos()));
        }
        asNewer.put("cohort", "north");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<GenericRecord>(newer, SpecificData.getForSchema(ParticipantJoined.getClassSchema()))
                .write(asNewer, encoder);
        encoder.flush();

        ParticipantJoined read = new ConfluentAvroDeserializer<>(registry, ParticipantJoined.class)
                .deserialize(TOPIC, framed(newerId, out.toByteArray()));

        assertThat(read).isEqualTo(record);
    }

    @Test
    void nullStaysNullBothWaysAndTouchesNoRegistry() {
        CountingRegistry counting = new CountingRegistry(registry);
        ConfluentAvroSerde<ParticipantJoined> serde = new ConfluentAvroSerde<>(counting, ParticipantJoined.class);
        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
        assertThat(counting.totalCalls()).isZero();
    }

    @Test
    void anyOtherMagicByteIsRefused() {
        ConfluentAvroDeserializer<ParticipantJoined> deserializer = new ConfluentAvroDeserializer<>(registry, ParticipantJoined.class);
        byte[] good = new ConfluentAvroSerializer<ParticipantJoined>(registry).serialize(TOPIC, joined("p-1"));
        byte[] bad = good.clone();
        bad[0] = 1;
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bad))
                .isInstanceOf(SerializationException.class).hasMessage("Unknown magic byte!");
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, "{\"json\":true}".getBytes()))
                .isInstanceOf(SerializationException.class).hasMessage("Unknown magic byte!");
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[0]))
                .isInstanceOf(SerializationException.class).hasMessage("Unknown magic byte!");
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("3 bytes");
    }

    @Test
    void anUnknownSchemaIdIsASerializationErrorNamingTheId() {
        ConfluentAvroDeserializer<ParticipantJoined> deserializer = new ConfluentAvroDeserializer<>(registry, ParticipantJoined.class);
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, framed(99, new byte[] {2, 65})))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("id 99")
                .hasCauseInstanceOf(SchemaRegistryException.SchemaNotFoundException.class);
    }

    @Test
    void truncatedAvroIsASerializationError() {
        byte[] good = new ConfluentAvroSerializer<ParticipantJoined>(registry).serialize(TOPIC, joined("p-1"));
        byte[] truncated = Arrays.copyOf(good, good.length - 8);
        assertThatThrownBy(() -> new ConfluentAvroDeserializer<>(registry, ParticipantJoined.class).deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Error deserializing Avro message for id 1");
    }

    @Test
    void recordsOfAnotherTypeAreRefusedNamingBothTypes() {
        byte[] joinedBytes = new ConfluentAvroSerializer<ParticipantJoined>(registry).serialize(TOPIC, joined("p-1"));
        assertThatThrownBy(() -> new ConfluentAvroDeserializer<>(registry, ParticipantLeft.class).deserialize(TOPIC, joinedBytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("org.together.events.ParticipantJoined")
                .hasMessageContaining("org.together.events.ParticipantLeft");
    }

    @Test
    void withoutAClassTheDeserializerReadsTheGeneratedClassNamedByTheWriterSchema() {
        byte[] bytes = new ConfluentAvroSerializer<ParticipantJoined>(registry).serialize(TOPIC, joined("p-1"));
        Object read = new ConfluentAvroDeserializer<>(registry).deserialize(TOPIC, bytes);
        assertThat(read).isInstanceOf(ParticipantJoined.class).isEqualTo(joined("p-1"));
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaFailsAndRegistersNothing() {
        ConfluentAvroSerializer<ParticipantJoined> serializer = new ConfluentAvroSerializer<>(registry);
        serializer.configure(Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false"), false);
        assertThatThrownBy(() -> serializer.serialize(TOPIC, joined("p-1")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(SUBJECT)
                .hasCauseInstanceOf(SchemaRegistryException.SubjectNotFoundException.class);
        assertThat(registry.getAllSubjects()).isEmpty();
    }

    @Test
    void withoutAutoRegisterTheRegisteredIdIsLookedUpAndNoVersionIsAdded() {
        int id = registry.register(SUBJECT, ParticipantJoined.getClassSchema());
        registry.register(SUBJECT, participantJoinedWithOptional("cohort", "groupId"));
        ConfluentAvroSerializer<ParticipantJoined> serializer = new ConfluentAvroSerializer<>(registry);
        serializer.configure(Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false), false);

        byte[] bytes = serializer.serialize(TOPIC, joined("p-1"));

        assertThat(idOf(bytes)).isEqualTo(id);
        assertThat(registry.getAllVersions(SUBJECT)).containsExactly(1, 2);
    }

    @Test
    void useLatestVersionWritesWithTheLatestSchemaAndItsId() throws IOException {
        registry.register(SUBJECT, ParticipantJoined.getClassSchema());
        Schema latest = participantJoinedWithOptional("cohort", "participantId");
        int latestId = registry.register(SUBJECT, latest);
        ConfluentAvroSerializer<ParticipantJoined> serializer = new ConfluentAvroSerializer<>(registry);
        serializer.configure(Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false",
                AvroSerdeConfig.USE_LATEST_VERSION, "true"), false);
        ParticipantJoined record = joined("p-4");

        byte[] bytes = serializer.serialize(TOPIC, record);

        assertThat(idOf(bytes)).isEqualTo(latestId);
        // Exactly the bytes the latest schema's own writer produces for the same data (fields matched by name).
        GenericRecord asLatest = new GenericData.Record(latest);
        for (Schema.Field f : ParticipantJoined.getClassSchema().getFields()) {
            asLatest.put(f.name(), record.get(f.pos()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<GenericRecord>(latest,
                SpecificData.getForSchema(ParticipantJoined.getClassSchema())).write(asLatest, encoder);
        encoder.flush();
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(out.toByteArray());
        assertThat(readGeneric(bytes, latest, latest).get("cohort")).isNull();
        assertThat(new ConfluentAvroDeserializer<>(registry, ParticipantJoined.class).deserialize(TOPIC, bytes)).isEqualTo(record);
        assertThat(registry.getAllVersions(SUBJECT)).containsExactly(1, 2);
    }

    @Test
    void useLatestVersionRefusesALatestSchemaThatCannotReadTheRecord() {
        registry.setCompatibility(SUBJECT, "NONE");
        Schema latest = participantJoinedWithOptional("cohort", "participantId");
        ObjectNode json;
        try {
            json = (ObjectNode) new ObjectMapper().readTree(latest.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // The latest version requires a field the generated class does not have.
        ((ArrayNode) json.get("fields")).addObject().put("name", "mandatory").put("type", "string");
        registry.register(SUBJECT, new Schema.Parser().parse(json.toString()));
        ConfluentAvroSerializer<ParticipantJoined> serializer = new ConfluentAvroSerializer<>(registry);
        serializer.configure(Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false",
                AvroSerdeConfig.USE_LATEST_VERSION, "true"), false);

        assertThatThrownBy(() -> serializer.serialize(TOPIC, joined("p-1")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Latest version 1")
                .hasMessageContaining("mandatory");
    }

    @Test
    void theRegistryIsAskedOncePerSchemaHoweverManyRecords() {
        CountingRegistry counting = new CountingRegistry(registry);
        ConfluentAvroSerializer<ParticipantJoined> serializer = new ConfluentAvroSerializer<>(counting);
        ConfluentAvroDeserializer<ParticipantJoined> deserializer = new ConfluentAvroDeserializer<>(counting, ParticipantJoined.class);
        List<byte[]> written = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            written.add(serializer.serialize(TOPIC, joined("p-" + i)));
        }
        for (int i = 0; i < 200; i++) {
            assertThat(deserializer.deserialize(TOPIC, written.get(i)).getParticipantId()).isEqualTo("p-" + i);
        }
        serializer.serialize("together.other-topic", joined("p-x"));

        assertThat(counting.calls("register")).isEqualTo(2);
        assertThat(counting.calls("getSchemaById")).isEqualTo(1);
        assertThat(counting.totalCalls()).isEqualTo(3);
    }

    @Test
    void manyThreadsSharingOneSerdeAskTheRegistryOnceAndWriteCorrectBytes() throws Exception {
        CountingRegistry counting = new CountingRegistry(registry);
        ConfluentAvroSerde<ParticipantJoined> serde = new ConfluentAvroSerde<>(counting, ParticipantJoined.class);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<String> problems = new ArrayList<>();
                    for (int i = 0; i < 500; i++) {
                        ParticipantJoined record = joined("t" + thread + "-" + i);
                        ParticipantJoined back = serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, record));
                        if (!record.equals(back)) {
                            problems.add(record + " came back as " + back);
                        }
                    }
                    return problems;
                }));
            }
            for (Future<List<String>> result : results) {
                assertThat(result.get()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(counting.calls("register")).isEqualTo(1);
        assertThat(counting.calls("getSchemaById")).isEqualTo(1);
    }

    @Test
    void configuredFromPropertiesWithAMockUrlTheSerdesShareThatScope() {
        String scope = "serde-test-" + System.nanoTime();
        try {
            Map<String, Object> props = new HashMap<>();
            props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
            props.put(AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE, ParticipantJoined.class.getName());
            ConfluentAvroSerde<ParticipantJoined> writer = new ConfluentAvroSerde<>();
            writer.configure(props, false);
            ConfluentAvroDeserializer<ParticipantJoined> reader = new ConfluentAvroDeserializer<>();
            reader.configure(props, false);

            ParticipantJoined back = reader.deserialize(TOPIC, writer.serializer().serialize(TOPIC, joined("p-1")));

            assertThat(back).isEqualTo(joined("p-1"));
            assertThat(InMemorySchemaRegistryClient.forScope(scope).getAllSubjects()).containsExactly(SUBJECT);
        } finally {
            InMemorySchemaRegistryClient.dropScope(scope);
        }
    }

    @Test
    void misconfigurationIsReportedByKey() {
        assertThatThrownBy(() -> new ConfluentAvroSerializer<ParticipantJoined>().configure(Map.of(), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> new ConfluentAvroDeserializer<ParticipantJoined>(registry)
                .configure(Map.of(AvroSerdeConfig.SPECIFIC_AVRO_READER, "false"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("specific.avro.reader");
        assertThatThrownBy(() -> new ConfluentAvroDeserializer<ParticipantJoined>(registry)
                .configure(Map.of(AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE, "java.lang.String"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("specific.avro.value.type");
        assertThatThrownBy(() -> new ConfluentAvroSerializer<ParticipantJoined>(registry)
                .configure(Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "maybe"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("auto.register.schemas");
        assertThatThrownBy(() -> new ConfluentAvroSerializer<ParticipantJoined>().serialize(TOPIC, joined("p-1")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("schema.registry.url");
    }

    @Test
    void aRecordMissingARequiredFieldIsASerializationErrorNamingTheTopic() {
        ParticipantJoined broken = joined("p-1");
        broken.setParticipantId(null);
        assertThatThrownBy(() -> new ConfluentAvroSerializer<ParticipantJoined>(registry).serialize(TOPIC, broken))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(TOPIC);
    }

    @Test
    void aFailedWriteLeavesNothingBehindForTheNextRecordOnTheSameThread() throws IOException {
        ConfluentAvroSerializer<ParticipantJoined> serializer = new ConfluentAvroSerializer<>(registry);
        ParticipantJoined broken = joined("p-1");
        broken.getEnvelope().setTerritoryId(null);
        assertThatThrownBy(() -> serializer.serialize(TOPIC, broken)).isInstanceOf(SerializationException.class);

        ParticipantJoined next = joined("p-2");
        byte[] bytes = serializer.serialize(TOPIC, next);

        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(avroBinary(next));
    }

    @Test
    void aFailedReadLeavesNothingBehindForTheNextRecordOnTheSameThread() {
        ConfluentAvroSerde<ParticipantJoined> serde = new ConfluentAvroSerde<>(registry, ParticipantJoined.class);
        byte[] good = serde.serializer().serialize(TOPIC, joined("p-1"));
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, Arrays.copyOf(good, good.length - 8)))
                .isInstanceOf(SerializationException.class);
        assertThat(serde.deserializer().deserialize(TOPIC, good)).isEqualTo(joined("p-1"));
    }
}
