package org.together.schemas;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.together.schemas.registry.SchemaRegistryClient;
import org.together.schemas.serde.AvroSerdeConfig;
import org.together.schemas.serde.ConfluentAvroSerde;
import org.together.schemas.serde.GeneratedClassTrust;

/**
 * The serdes of the pipeline's topics, built in one place: string keys, Avro values in the Confluent wire format
 * through one registry client (so its caches are shared). Value serdes auto-register their schema under
 * {@code <topic>-value}; {@link #registerAll()} does it up front for every topic.
 */
public final class TogetherSerdes {

    static {
        GeneratedClassTrust.install();
    }

    private final SchemaRegistryClient registry;
    private final Map<TopicSpec<?>, Serde<?>> valueSerdes = new ConcurrentHashMap<>();

    public TogetherSerdes(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    /** Serdes for a registry URL: {@code http(s)://...} (comma-separated for several), or {@code mock://<scope>} in tests. */
    public static TogetherSerdes forRegistryUrl(String url) {
        return forRegistry(url, Map.of());
    }

    /**
     * Serdes for a registry URL with the registry settings found among a service's pass-through properties
     * ({@code basic.auth.*}, {@code schema.registry.*}, e.g. credentials); other keys are ignored.
     */
    public static TogetherSerdes forRegistry(String url, Map<String, String> properties) {
        Map<String, Object> configs = new java.util.HashMap<>();
        properties.forEach((k, v) -> {
            if (k.startsWith("basic.auth.") || k.startsWith("schema.registry.")) {
                configs.put(k, v);
            }
        });
        configs.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url);
        return new TogetherSerdes(AvroSerdeConfig.client(configs));
    }

    /** The value serde of a topic; the same instance for every call, thread-safe. */
    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> Serde<T> value(TopicSpec<T> topic) {
        return (Serde<T>) valueSerdes.computeIfAbsent(topic, t -> new ConfluentAvroSerde<>(registry, topic.valueType()));
    }

    /** Keys are strings everywhere: territory ids, tool ids, event ids. */
    public Serde<String> key() {
        return Serdes.String();
    }

    public SchemaRegistryClient registry() {
        return registry;
    }

    /** Registers every Avro topic's value schema under {@code <topic>-value}; idempotent. Raw byte[] topics are skipped. */
    public void registerAll() {
        for (TopicSpec<?> topic : Topics.all()) {
            if (SpecificRecord.class.isAssignableFrom(topic.valueType())) {
                registry.register(topic.valueSubject(), valueSchema(topic));
            }
        }
    }

    /** The Avro schema of a topic's values (the generated class's own). */
    public static Schema valueSchema(TopicSpec<?> topic) {
        if (!SpecificRecord.class.isAssignableFrom(topic.valueType())) {
            throw new IllegalArgumentException("topic " + topic.name() + " carries raw bytes, not Avro");
        }
        return SpecificData.get().getSchema(topic.valueType());
    }
}
