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
        DELETE_AFTER_30_DAYS,
        /**
         * Kept 7 days, timestamped by the broker: the eventId claims, which matter only while two instances may be
         * writing one id (their order decides; ingest reads the timestamps the broker gave them).
         */
        DELETE_AFTER_7_DAYS,
        /**
         * Latest value per key, and an erased key physically gone from the broker's disk within hours: the
         * pseudonym vault. See {@link Erasure} for the settings and the bound they give.
         */
        COMPACT_ERASABLE
    }

    /**
     * How quickly compaction removes a record once a tombstone follows it (KIP-354). The cleaner never touches the
     * active segment, so a segment must first roll: a segment rolls on the first write after {@link #SEGMENT_MS}
     * (ingest writes a tick to each partition at least every {@link #TICK_MS} so that this happens on a quiet topic too).
     * A segment whose first uncleaned record is older than {@link #MAX_COMPACTION_LAG_MS} is then cleaned whatever
     * its dirty ratio; the replaced segment files are deleted {@link #FILE_DELETE_DELAY_MS} later. The tombstone
     * itself (a keyed hash and a random claim id, no pseudonym) stays {@link #DELETE_RETENTION_MS} more, until
     * the cleaning after that.
     */
    public static final class Erasure {
        public static final long SEGMENT_MS = 3_600_000L;
        public static final long MAX_COMPACTION_LAG_MS = 6 * 3_600_000L;
        public static final long DELETE_RETENTION_MS = 6 * 3_600_000L;
        public static final long FILE_DELETE_DELAY_MS = 60_000L;
        public static final double MIN_CLEANABLE_DIRTY_RATIO = 0.1;
        /** How often ingest appends a tick to every partition of an erasable topic. */
        public static final long TICK_MS = 10 * 60_000L;

        private Erasure() {
        }

        /** Worst case from a tombstone's write until the record it erases is gone from disk, cleaning time aside. */
        public static long worstCaseMs(long segmentMs, long maxCompactionLagMs, long tickMs, long fileDeleteDelayMs) {
            return Math.max(Math.min(segmentMs, maxCompactionLagMs) + tickMs, maxCompactionLagMs) + fileDeleteDelayMs;
        }
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
            case DELETE_AFTER_7_DAYS -> {
                configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
                configs.put(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(7L * 24 * 3600 * 1000));
                configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
            }
            case COMPACT_ERASABLE -> configs.putAll(erasableConfigs());
        }
        minInsyncReplicas.ifPresent(n -> configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(n)));
        return new NewTopic(name, partitions, replicationFactor).configs(configs);
    }

    /** The settings of a {@link Cleanup#COMPACT_ERASABLE} topic. */
    public static Map<String, String> erasableConfigs() {
        Map<String, String> configs = new java.util.HashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        configs.put(TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(Erasure.SEGMENT_MS));
        configs.put(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, String.valueOf(Erasure.MAX_COMPACTION_LAG_MS));
        configs.put(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0");
        configs.put(TopicConfig.DELETE_RETENTION_MS_CONFIG, String.valueOf(Erasure.DELETE_RETENTION_MS));
        configs.put(TopicConfig.FILE_DELETE_DELAY_MS_CONFIG, String.valueOf(Erasure.FILE_DELETE_DELAY_MS));
        configs.put(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, String.valueOf(Erasure.MIN_CLEANABLE_DIRTY_RATIO));
        // the compaction lag is measured on record timestamps: the broker's clock, not each producer's
        configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
        return configs;
    }

    /** The Schema Registry subject of the values under TopicNameStrategy. */
    public String valueSubject() {
        return name + "-value";
    }
}
