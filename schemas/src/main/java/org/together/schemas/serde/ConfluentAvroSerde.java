package org.together.schemas.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.together.schemas.registry.SchemaRegistryClient;

/** {@link ConfluentAvroSerializer} and {@link ConfluentAvroDeserializer} as one Kafka Streams serde. */
public class ConfluentAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final ConfluentAvroSerializer<T> serializer;
    private final ConfluentAvroDeserializer<T> deserializer;

    /** For Kafka Streams' {@code default.value.serde} config: configured later with {@code schema.registry.url}. */
    public ConfluentAvroSerde() {
        this.serializer = new ConfluentAvroSerializer<>();
        this.deserializer = new ConfluentAvroDeserializer<>();
    }

    /** Reads into the generated class named by each record's writer schema. */
    public ConfluentAvroSerde(SchemaRegistryClient registry) {
        this.serializer = new ConfluentAvroSerializer<>(registry);
        this.deserializer = new ConfluentAvroDeserializer<>(registry);
    }

    /** Reads into {@code type}; usable without {@link #configure} as a value serde that auto-registers. */
    public ConfluentAvroSerde(SchemaRegistryClient registry, Class<T> type) {
        this.serializer = new ConfluentAvroSerializer<>(registry);
        this.deserializer = new ConfluentAvroDeserializer<>(registry, type);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (!serializer.hasRegistry() && !deserializer.hasRegistry()) {
            // One client for both halves: an id the serializer registered is already known to the deserializer.
            SchemaRegistryClient shared = AvroSerdeConfig.client(configs);
            serializer.useRegistry(shared);
            deserializer.useRegistry(shared);
        }
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
