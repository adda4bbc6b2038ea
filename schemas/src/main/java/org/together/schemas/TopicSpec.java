package org.together.schemas;

import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * One Kafka topic of the pipeline: its name, how many partitions it has, how it is cleaned up,
 * and the Avro class of its values (keys are always strings: a territory id, a tool id, an event id).
 *
 * @param valueType the generated Avro class of the values, or {@code byte[]} for raw topics
 */
public record TopicSpec<V>(String name, int partitions, Cleanup cleanup, Class<V> valueType) {

    /** How Kafka keeps the topic's records. */
    public enum Cleanup {
        /** Kept forever: the event log that snapshots and reprocessing replay. */
        KEEP_FOREVER,
        /** Latest value per key: reference data and receipts. */
        COMPACT,
        /** Kept for a bounded time: dead letters. */
        DELETE_AFTER_30_DAYS
    }

    public NewTopic newTopic(short replicationFactor, Optional<Integer> minInsyncReplicas) {
        Map<String, String> configs = new java.util.HashMap<>();
        switch (cleanup) {
            case KEEP_FOREVER -> {
                configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
                configs.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
                configs.put(TopicConfig.RETENTION_BYTES_CONFIG, "-1");
            }
            case COMPACT -> configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            case DELETE_AFTER_30_DAYS -> {
                configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
                configs.put(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(30L * 24 * 3600 * 1000));
            }
        }
        minInsyncReplicas.ifPresent(n -> configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(n)));
        return new NewTopic(name, partitions, replicationFactor).configs(configs);
    }

    /** The Schema Registry subject of the values under TopicNameStrategy. */
    public String valueSubject() {
        return name + "-value";
    }
}
