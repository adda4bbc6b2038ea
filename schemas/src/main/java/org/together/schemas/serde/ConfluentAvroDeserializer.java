package org.together.schemas.serde;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.together.schemas.registry.SchemaRegistryClient;
import org.together.schemas.registry.SchemaRegistryException;

/**
 * Reads the Confluent wire format into generated Avro classes. The writer schema comes from the registry by the
 * id in the header (once per id), and is resolved against the reader's schema: the generated class's own schema,
 * so records written with an older or newer compatible version read as this version. The class is the one given
 * to the constructor or {@code specific.avro.value.type}, else the generated class named like the writer schema.
 * Thread-safe. A null value (tombstone) reads as null.
 */
public class ConfluentAvroDeserializer<T extends SpecificRecord> extends RegistryConnection implements Deserializer<T> {

    static {
        GeneratedClassTrust.install();
    }

    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

    private Class<? extends SpecificRecord> type;
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

    /** For Kafka's {@code value.deserializer} config: {@link #configure} must follow with {@code schema.registry.url}. */
    public ConfluentAvroDeserializer() {
        super(null);
    }

    /** Reads into the generated class named by each record's writer schema. */
    public ConfluentAvroDeserializer(SchemaRegistryClient registry) {
        super(registry);
    }

    /** Reads into {@code type}, resolving whatever compatible version the record was written with. */
    public ConfluentAvroDeserializer(SchemaRegistryClient registry, Class<T> type) {
        super(registry);
        this.type = type;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (!AvroSerdeConfig.bool(configs, AvroSerdeConfig.SPECIFIC_AVRO_READER, true)) {
            throw new ConfigException(AvroSerdeConfig.SPECIFIC_AVRO_READER, false,
                    "this deserializer reads generated Avro classes only; GenericRecord is not supported");
        }
        connect(configs);
        if (type == null) {
            type = AvroSerdeConfig.specificType(configs, isKey);
        }
        readers.clear();
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length == 0 || data[0] != ConfluentAvroSerializer.MAGIC_BYTE) {
            throw new SerializationException("Unknown magic byte!");
        }
        if (data.length < ConfluentAvroSerializer.HEADER_SIZE) {
            throw new SerializationException("Error deserializing Avro message: " + data.length
                    + " bytes are too few for the header (magic byte and 4-byte schema id)");
        }
        int id = ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
        DatumReader<T> reader = readers.get(id);
        if (reader == null) {
            reader = readers.computeIfAbsent(id, this::readerFor);
        }
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, ConfluentAvroSerializer.HEADER_SIZE,
                data.length - ConfluentAvroSerializer.HEADER_SIZE, DECODERS.get());
        DECODERS.set(decoder);
        try {
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Error deserializing Avro message for id " + id + " from topic '" + topic
                    + "': " + e.getMessage(), e);
        }
    }

    private DatumReader<T> readerFor(int id) {
        SchemaRegistryClient registry = registry();
        Schema writer;
        try {
            writer = registry.getSchemaById(id);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Error retrieving Avro schema for id " + id + ": " + e.getMessage(), e);
        }
        Schema reader = readerSchema(writer, id);
        var check = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (check.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new SerializationException("Records written with schema id " + id + " (" + writer.getFullName()
                    + ") cannot be read as " + reader.getFullName() + ": " + check.getResult().getIncompatibilities());
        }
        return new SpecificDatumReader<>(writer, reader, SpecificData.getForSchema(reader));
    }

    private Schema readerSchema(Schema writer, int id) {
        Class<?> readerType = type;
        if (readerType == null) {
            readerType = SpecificData.get().getClass(writer);
            if (readerType == null || !SpecificRecord.class.isAssignableFrom(readerType)) {
                throw new SerializationException("No generated Avro class " + writer.getFullName() + " (schema id " + id
                        + ") on the classpath; configure " + AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE);
            }
        }
        return SpecificData.get().getSchema(readerType);
    }
}
