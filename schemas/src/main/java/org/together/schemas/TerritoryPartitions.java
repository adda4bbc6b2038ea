package org.together.schemas;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which partition of the event topics holds a territory's events: the one Kafka's default partitioner picks for
 * the territoryId key (murmur2 of its UTF-8 bytes). Ingest writes there, the live topology's task of that
 * partition counts the territory, a query is routed there and a territory's report reads only that partition.
 */
public final class TerritoryPartitions {

    private TerritoryPartitions() {
    }

    /** The partition of {@code territoryId} among the {@link Topics#EVENT_PARTITIONS} of the event topics. */
    public static int of(String territoryId) {
        return of(territoryId, Topics.EVENT_PARTITIONS);
    }

    /** The partition of {@code territoryId} in a topic of {@code partitions} partitions. */
    public static int of(String territoryId, int partitions) {
        return Utils.toPositive(Utils.murmur2(territoryId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
