package org.together.embedded.registry;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.together.schemas.registry.CompatibilityLevel;

/**
 * The registry's durable store: the compacted, single-partition topic {@code _schemas}, read from the
 * beginning by one background consumer that folds every record into {@link RegistryState}. A write
 * returns only once the reader has applied it, so an acknowledged change is both durable and visible
 * (as Confluent's KafkaStore does).
 */
final class SchemaLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SchemaLog.class);

    static final String TOPIC = "_schemas";
    static final String SCHEMA = "SCHEMA";
    static final String CONFIG = "CONFIG";
    /** Our own key type: the highest id ever issued, kept so a permanent delete never frees an id. */
    static final String ID_HIGH_WATER = "ID_HIGH_WATER";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    /** Short retries: right after the topic is created its metadata takes a moment to appear, and startup waits on it. */
    private static final int RETRY_BACKOFF_MAX_MS = 200;
    private static final Duration STARTUP_PATIENCE = Duration.ofSeconds(60);

    private final RegistryState state;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Duration timeout;
    private final Thread reader;
    private final Object progress = new Object();
    /** The next offset the reader will apply; guarded by {@link #progress}. */
    private long applied;
    private volatile boolean running = true;
    private volatile Throwable readerFailure;

    private SchemaLog(Map<String, Object> clientProperties, RegistryState state, Duration timeout) {
        this.state = state;
        this.timeout = timeout;
        this.producer = new KafkaProducer<>(with(clientProperties, Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "schema-registry-store-writer",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, RETRY_BACKOFF_MAX_MS,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(500, timeout.toMillis() / 2),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(1000, timeout.toMillis()))),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.consumer = new KafkaConsumer<>(with(clientProperties, Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "schema-registry-store-reader",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100,
                ConsumerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, RETRY_BACKOFF_MAX_MS)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.reader = new Thread(this::readForever, "schema-registry-store-reader");
        this.reader.setDaemon(true);
    }

    /**
     * Creates the topic if absent, then reads it to its end before returning.
     *
     * @param kafkaProperties client properties for every Kafka client of the store (security); registry settings
     *        ({@code basic.auth.*}, {@code schema.registry.*}) are left out
     */
    static SchemaLog open(String bootstrapServers, Map<String, String> kafkaProperties, RegistryState state, Duration timeout) {
        // Startup may meet a broker that is itself still starting on a busy machine: be patient there, not on writes.
        Duration patience = timeout.compareTo(STARTUP_PATIENCE) > 0 ? timeout : STARTUP_PATIENCE;
        Map<String, Object> clientProperties = new HashMap<>();
        kafkaProperties.forEach((k, v) -> {
            if (!k.startsWith("basic.auth.") && !k.startsWith("schema.registry.")) {
                clientProperties.put(k, v);
            }
        });
        clientProperties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        ensureTopic(clientProperties, patience);
        SchemaLog schemaLog = new SchemaLog(clientProperties, state, timeout);
        try {
            schemaLog.consumer.assign(List.of(PARTITION));
            schemaLog.consumer.seekToBeginning(List.of(PARTITION));
            long end = schemaLog.consumer.endOffsets(List.of(PARTITION), patience).get(PARTITION);
            schemaLog.reader.start();
            schemaLog.awaitApplied(end, patience);
            return schemaLog;
        } catch (RuntimeException e) {
            schemaLog.close();
            throw e;
        }
    }

    static ObjectNode schemaKey(String subject, int version) {
        ObjectNode key = JSON.createObjectNode();
        key.put("keytype", SCHEMA);
        key.put("subject", subject);
        key.put("version", version);
        key.put("magic", 1);
        return key;
    }

    static ObjectNode schemaValue(String subject, int version, int id, String schema, boolean deleted) {
        ObjectNode value = JSON.createObjectNode();
        value.put("subject", subject);
        value.put("version", version);
        value.put("id", id);
        value.put("schema", schema);
        value.put("deleted", deleted);
        return value;
    }

    /** The key of a subject's compatibility, or of the global one when {@code subject} is null. */
    static ObjectNode configKey(String subject) {
        ObjectNode key = JSON.createObjectNode();
        key.put("keytype", CONFIG);
        key.put("subject", subject);
        key.put("magic", 0);
        return key;
    }

    static ObjectNode configValue(CompatibilityLevel level) {
        return JSON.createObjectNode().put("compatibilityLevel", level.name());
    }

    static ObjectNode idHighWaterKey() {
        ObjectNode key = JSON.createObjectNode();
        key.put("keytype", ID_HIGH_WATER);
        key.put("magic", 0);
        return key;
    }

    static ObjectNode idHighWaterValue(int id) {
        return JSON.createObjectNode().put("id", id);
    }

    /** One record to append; a null value is a tombstone. */
    record Entry(ObjectNode key, ObjectNode value) {
    }

    /** Appends the entries in order and returns once the reader has applied all of them. */
    void write(List<Entry> entries) {
        if (readerFailure != null) {
            throw RegistryError.store("the store reader stopped: " + readerFailure.getMessage(), readerFailure);
        }
        try {
            Future<RecordMetadata> last = null;
            for (Entry e : entries) {
                last = producer.send(new ProducerRecord<>(TOPIC, 0, JSON.writeValueAsBytes(e.key()),
                        e.value() == null ? null : JSON.writeValueAsBytes(e.value())));
            }
            if (last == null) {
                return;
            }
            // The producer gives up after its delivery timeout; waiting a little longer lets its own error through.
            long offset = last.get(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS).offset();
            awaitApplied(offset + 1, timeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw RegistryError.timeout("Write to the Kafka store timed out: " + e.getCause().getMessage());
            }
            throw RegistryError.store(e.getCause().getMessage(), e.getCause());
        } catch (IOException e) {
            throw RegistryError.store(e.getMessage(), e);
        } catch (TimeoutException e) {
            throw RegistryError.timeout("Write to the Kafka store timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryError.store("interrupted", e);
        }
    }

    private void awaitApplied(long offset, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (applied < offset) {
                if (readerFailure != null) {
                    throw RegistryError.store("the store reader stopped: " + readerFailure.getMessage(), readerFailure);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw RegistryError.timeout("Timed out reading the Kafka store up to offset " + offset
                            + " (at " + applied + ")");
                }
                try {
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw RegistryError.store("interrupted", e);
                }
            }
        }
    }

    private void readForever() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    applyRecord(record);
                }
                long position = consumer.position(PARTITION);
                synchronized (progress) {
                    applied = Math.max(applied, position);
                    progress.notifyAll();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                readerFailure = e;
            }
        } catch (Throwable e) {
            log.error("the schema store reader stopped", e);
            readerFailure = e;
        } finally {
            synchronized (progress) {
                progress.notifyAll();
            }
            consumer.close(Duration.ofSeconds(1));
        }
    }

    private void applyRecord(ConsumerRecord<byte[], byte[]> record) {
        try {
            JsonNode key = JSON.readTree(record.key());
            JsonNode value = record.value() == null ? null : JSON.readTree(record.value());
            state.apply(key, value);
        } catch (IOException | RuntimeException e) {
            // One unreadable record (written by someone else) must not stop the registry.
            log.warn("skipping unreadable record at offset {} of {}: {}", record.offset(), TOPIC, e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            if (reader.isAlive()) {
                reader.join(5_000);
            } else if (reader.getState() == Thread.State.NEW) {
                consumer.close(Duration.ZERO);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    /**
     * Waits until the broker's metadata shows the new topic with a leader, polling briefly: the clients would
     * otherwise back off and log warnings while it propagates.
     */
    private static void awaitLeader(Admin admin, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription description = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
                if (description.partitions().get(0).leader() != null) {
                    return;
                }
            } catch (ExecutionException e) {
                // not visible yet
            }
            Thread.sleep(20);
        }
    }

    /** The deployment's client properties with the store's own settings over them. */
    private static Map<String, Object> with(Map<String, Object> clientProperties, Map<String, Object> own) {
        Map<String, Object> merged = new HashMap<>(clientProperties);
        merged.putAll(own);
        return merged;
    }

    private static void ensureTopic(Map<String, Object> clientProperties, Duration timeout) {
        try (Admin admin = Admin.create(with(clientProperties, Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, RETRY_BACKOFF_MAX_MS)))) {
            Set<String> names = admin.listTopics().names().get();
            if (!names.contains(TOPIC)) {
                Collection<?> nodes = admin.describeCluster().nodes().get();
                short replication = (short) Math.min(3, nodes.size());
                NewTopic topic = new NewTopic(TOPIC, 1, replication)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                try {
                    admin.createTopics(List.of(topic)).all().get();
                    log.info("created the schema store topic {} (replication {})", TOPIC, replication);
                    awaitLeader(admin, timeout);
                    return;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            // A topic someone else made must still be a single compacted partition, or schemas get lost or reordered.
            TopicDescription description = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            String cleanup = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (description.partitions().size() != 1 || !cleanup.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                throw new IllegalStateException("the schema store topic " + TOPIC + " must have 1 partition and "
                        + "cleanup.policy=compact, it has " + description.partitions().size() + " and " + cleanup);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot prepare the schema store topic " + TOPIC + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted preparing " + TOPIC, e);
        }
    }
}
