package org.together.ingest.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.together.ingest.IngestConfig;

/**
 * Kafka client properties for the ingest service: short, bounded timeouts (an unreachable Kafka must turn
 * into a 503 within seconds, not a minute), then the deployment's pass-through properties (security, tuning),
 * then the settings the no-loss promise depends on, which nothing may override.
 */
public final class KafkaSettings {

    /** How long a send or a commit may block on an unreachable cluster. */
    public static final int MAX_BLOCK_MS = 4_000;
    public static final int REQUEST_TIMEOUT_MS = 3_000;
    public static final int DELIVERY_TIMEOUT_MS = 8_000;
    /** Bounds how long a crashed instance's open transaction can hold back read_committed readers. */
    public static final int TRANSACTION_TIMEOUT_MS = 15_000;

    private final String bootstrapServers;
    private final Map<String, String> passThrough;

    public KafkaSettings(IngestConfig config) {
        this.bootstrapServers = config.bootstrapServers();
        this.passThrough = config.kafkaProperties() == null ? Map.of() : Map.copyOf(config.kafkaProperties());
    }

    private Map<String, Object> common() {
        Map<String, Object> p = new HashMap<>();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        p.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        return p;
    }

    private void passThrough(Map<String, Object> p) {
        passThrough.forEach((k, v) -> {
            // registry settings travel in the same map; Kafka clients would only warn about them
            if (!k.startsWith("schema.registry.") && !k.startsWith("basic.auth.")) {
                p.put(k, v);
            }
        });
    }

    /** A transactional, idempotent producer of raw bytes (values are serialized before they reach it). */
    public Map<String, Object> transactionalProducer(String transactionalId) {
        Map<String, Object> p = common();
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        // a transaction that starts while the previous one's markers are being written is retried
        // (CONCURRENT_TRANSACTIONS): the default 100 ms backoff would dominate every commit
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);
        passThrough(p);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }

    /**
     * An idempotent producer outside transactions, for the pseudonym vault: a claim must be in the log, in order,
     * before the event that uses it is written, and waits for nothing else. Uncompressed: its records are tiny.
     */
    public Map<String, Object> vaultProducer(String clientId) {
        Map<String, Object> p = common();
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);
        passThrough(p);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }

    /** A group-less consumer that reads only committed records (aborted writes never reach a view). */
    public Map<String, Object> tailingConsumer(String clientId) {
        Map<String, Object> p = common();
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        // requests wait for the tail to reach the receipts' last stable offset (the barrier): a fetch parked
        // on the broker for the default 500 ms would be added to their latency
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        passThrough(p);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return p;
    }

    public Map<String, Object> admin() {
        Map<String, Object> p = common();
        passThrough(p);
        return p;
    }

    /** Registry client settings: the URL plus any {@code schema.registry.*} / {@code basic.auth.*} pass-through. */
    public Map<String, Object> registry(String url) {
        Map<String, Object> p = new HashMap<>();
        passThrough.forEach((k, v) -> {
            if (k.startsWith("schema.registry.") || k.startsWith("basic.auth.")) {
                p.put(k, v);
            }
        });
        p.put("schema.registry.url", url);
        return p;
    }
}
