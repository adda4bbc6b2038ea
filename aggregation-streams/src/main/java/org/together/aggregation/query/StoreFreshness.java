package org.together.aggregation.query;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Which of this instance's store partitions hold figures that may be answered from.
 *
 * <p>Reads allow stale stores, so a standby copy answers when the owner cannot. But Kafka Streams also lets a query
 * read an active task that is being restored, or a copy that has just started to follow its changelog: after a crash
 * under exactly-once a task's stores are wiped and rebuilt from the changelogs, and half-restored figures would be
 * served as if they were live (a network with a third of its participants, or none). A store partition is therefore
 * readable only when Kafka Streams said, at its last look (every second, {@link #refresh}), that it is at most
 * {@value #MAX_LAG} changelog records behind and has applied at least half of its changelog: an active task that
 * processes (lag 0), or a standby following its changelog. A partition starts unreadable until seen so, and becomes
 * unreadable the moment a restore of it starts ({@link #onRestoreStart}).
 */
public final class StoreFreshness implements StateRestoreListener {

    /**
     * How far behind its changelog a copy may be and still answer: a standby copy trails by the records of the last
     * moments; a copy being rebuilt from scratch is behind by the whole changelog.
     */
    public static final long MAX_LAG = 1_000;

    private volatile Map<String, Set<Integer>> caughtUpPartitions = Map.of();
    private final Set<String> restoring = ConcurrentHashMap.newKeySet();

    /** Looks at every local store partition's lag (one request to the brokers for the changelogs' end offsets). */
    public void refresh(KafkaStreams streams) {
        Map<String, Map<Integer, LagInfo>> lags = streams.allLocalStorePartitionLags();
        Map<String, Set<Integer>> readable = new java.util.HashMap<>();
        lags.forEach((store, partitions) -> partitions.forEach((partition, lag) -> {
            if (caughtUp(lag.currentOffsetPosition(), lag.endOffsetPosition()) && !restoring.contains(key(store, partition))) {
                readable.computeIfAbsent(store, s -> new HashSet<>()).add(partition);
            }
        }));
        caughtUpPartitions = readable;
    }

    /** Close enough to the end of its changelog, and not near its start (a copy that has only begun to follow it). */
    static boolean caughtUp(long position, long end) {
        return end - position <= Math.min(MAX_LAG, end / 2);
    }

    /** Whether the figures of this store partition, here, may be answered from. */
    public boolean readable(String store, int partition) {
        return caughtUpPartitions.getOrDefault(store, Set.of()).contains(partition) && !restoring.contains(key(store, partition));
    }

    /** Whether a store of the global table (on every instance, restored before it is read) may be read. */
    public boolean globalReadable(String store) {
        return restoring.stream().noneMatch(k -> k.startsWith(store + "#"));
    }

    /** Whether a store partition of this instance is being restored from its changelog. */
    public boolean restoring() {
        return !restoring.isEmpty();
    }

    @Override
    public void onRestoreStart(TopicPartition changelog, String store, long startingOffset, long endingOffset) {
        restoring.add(key(store, changelog.partition()));
    }

    @Override
    public void onBatchRestored(TopicPartition changelog, String store, long batchEndOffset, long numRestored) {
    }

    @Override
    public void onRestoreEnd(TopicPartition changelog, String store, long totalRestored) {
        restoring.remove(key(store, changelog.partition()));
    }

    @Override
    public void onRestoreSuspended(TopicPartition changelog, String store, long totalRestored) {
        restoring.remove(key(store, changelog.partition()));
    }

    private static String key(String store, int partition) {
        return store + "#" + partition;
    }
}
