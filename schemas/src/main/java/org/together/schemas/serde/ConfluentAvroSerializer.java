package org.together.schemas.serde;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.together.schemas.registry.RegisteredSchema;
import org.together.schemas.registry.SchemaRegistryClient;
import org.together.schemas.registry.SchemaRegistryException;

/**
 * Writes generated Avro records in the Confluent wire format: magic byte 0, the schema id as 4 bytes big-endian,
 * then the Avro binary encoding. The subject follows TopicNameStrategy ({@code <topic>-value}, {@code <topic>-key}).
 * The schema id is resolved once per (topic, schema) through the registry ({@link AvroSerdeConfig} keys decide
 * how: register, use the latest version, or look up), then every record costs one Avro write and one array copy.
 * Thread-safe. A null record is a null value (a tombstone).
 */
public class ConfluentAvroSerializer<T extends SpecificRecord> extends RegistryConnection implements Serializer<T> {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_SIZE = 5;

    static {
        GeneratedClassTrust.install();
    }

    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

    private record TargetKey(String topic, Schema schema) {
    }

    /** Everything needed to write one schema to one topic: the header bytes and the datum writer. */
    private record Target(String topic, Schema schema, byte[] header, DatumWriter<Object> writer, long expiresAtMillis) {
        boolean expired() {
            return expiresAtMillis != Long.MAX_VALUE && System.currentTimeMillis() >= expiresAtMillis;
        }
    }

    private boolean isKey;
    private boolean autoRegister = true;
    private boolean useLatestVersion;
    private boolean latestCompatibilityStrict = true;
    private long latestCacheTtlMillis = -1;
    private final Map<TargetKey, Target> targets = new ConcurrentHashMap<>();
    // The common case is one schema on one topic: no map lookup at all.
    private volatile Target last;

    /** For Kafka's {@code value.serializer} config: {@link #configure} must follow with {@code schema.registry.url}. */
    public ConfluentAvroSerializer() {
        super(null);
    }

    /** Ready to use as a value serializer that auto-registers; {@link #configure} may still change the options. */
    public ConfluentAvroSerializer(SchemaRegistryClient registry) {
        super(registry);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        connect(configs);
        autoRegister = AvroSerdeConfig.bool(configs, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, true);
        useLatestVersion = AvroSerdeConfig.bool(configs, AvroSerdeConfig.USE_LATEST_VERSION, false);
        latestCompatibilityStrict = AvroSerdeConfig.bool(configs, AvroSerdeConfig.LATEST_COMPATIBILITY_STRICT, true);
        long ttlSeconds = AvroSerdeConfig.number(configs, AvroSerdeConfig.LATEST_CACHE_TTL_SEC, -1);
        latestCacheTtlMillis = ttlSeconds < 0 ? -1 : ttlSeconds * 1000;
        targets.clear();
        last = null;
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        Schema schema = record.getSchema();
        Target target = last;
        if (target == null || target.schema() != schema || !target.topic().equals(topic) || target.expired()) {
            target = target(topic, schema);
            last = target;
        }
        Buffer buffer = BUFFERS.get();
        buffer.reset();
        buffer.write(target.header(), 0, HEADER_SIZE);
        try {
            // Direct, not buffered: a failed write must leave no half record behind for the next one on this thread.
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(buffer, buffer.encoder);
            buffer.encoder = encoder;
            target.writer().write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            buffer.encoder = null;
            throw new SerializationException("Error serializing Avro message of " + schema.getFullName() + " for topic '"
                    + topic + "': " + e.getMessage(), e);
        }
        return buffer.takeBytes();
    }

    private Target target(String topic, Schema schema) {
        registry(); // configured, or this says how to
        // compute, not get-then-put: concurrent first records ask the registry once.
        return targets.compute(new TargetKey(topic, schema),
                (key, existing) -> existing != null && !existing.expired() ? existing : resolve(topic, schema));
    }

    private Target resolve(String topic, Schema schema) {
        String subject = topic + (isKey ? "-key" : "-value");
        SchemaRegistryClient registry = registry();
        try {
            if (autoRegister) {
                return target(topic, schema, registry.register(subject, schema), new SpecificDatumWriter<>(schema), Long.MAX_VALUE);
            }
            if (useLatestVersion) {
                RegisteredSchema latest = registry.getLatestVersion(subject);
                long expiresAt = latestCacheTtlMillis < 0 ? Long.MAX_VALUE : System.currentTimeMillis() + latestCacheTtlMillis;
                if (latest.schema().equals(schema)) {
                    return target(topic, schema, latest.id(), new SpecificDatumWriter<>(schema), expiresAt);
                }
                if (latestCompatibilityStrict) {
                    var check = SchemaCompatibility.checkReaderWriterCompatibility(latest.schema(), schema);
                    if (check.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                        throw new SerializationException("Latest version " + latest.version() + " (id " + latest.id()
                                + ") of subject '" + subject + "' cannot read records of " + schema.getFullName()
                                + " as this application writes them: " + check.getResult().getIncompatibilities());
                    }
                }
                return target(topic, schema, latest.id(),
                        new ByNameDatumWriter(latest.schema(), SpecificData.getForSchema(schema)), expiresAt);
            }
            int id = registry.lookup(subject, schema).id();
            return target(topic, schema, id, new SpecificDatumWriter<>(schema), Long.MAX_VALUE);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Error " + (autoRegister ? "registering" : "retrieving") + " Avro schema "
                    + schema.getFullName() + " for subject '" + subject + "': " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Target target(String topic, Schema schema, int id, DatumWriter<?> writer, long expiresAt) {
        byte[] header = {MAGIC_BYTE, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
        return new Target(topic, schema, header, (DatumWriter<Object>) writer, expiresAt);
    }

    /** An unsynchronized growable byte buffer, one per thread, with the Avro encoder that writes into it. */
    private static final class Buffer extends OutputStream {
        private static final int INITIAL = 512;
        private static final int KEEP_AT_MOST = 1 << 20;
        private byte[] bytes = new byte[INITIAL];
        private int size;
        BinaryEncoder encoder;

        void reset() {
            size = 0;
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] source, int offset, int length) {
            ensure(length);
            System.arraycopy(source, offset, bytes, size, length);
            size += length;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        byte[] takeBytes() {
            byte[] result = Arrays.copyOf(bytes, size);
            if (bytes.length > KEEP_AT_MOST) {
                // One huge record must not pin a huge buffer to the thread forever.
                bytes = new byte[INITIAL];
            }
            return result;
        }
    }
}
