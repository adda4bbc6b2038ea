package org.together.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

/** A territory's partition is the one Kafka's producer picks for its key. */
class TerritoryPartitionsTest {

    @Test
    void itIsThePartitionTheProducersBuiltInPartitionerPicksForTheKey() {
        // what KafkaProducer (and Kafka Streams' default partitioner) call for a keyed record without a partitioner
        for (int partitions : List.of(1, 3, 8, 12)) {
            for (String territory : List.of("lyon", "praia", "kinshasa-gombe", "porto-paranhos", "t-" + UUID.randomUUID())) {
                assertThat(TerritoryPartitions.of(territory, partitions)).as(territory + " of " + partitions)
                        .isEqualTo(BuiltInPartitioner.partitionForKey(territory.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }

    @Test
    void theEventTopicsHaveTheirOwnPartitionCount() {
        assertThat(TerritoryPartitions.of("lyon")).isEqualTo(TerritoryPartitions.of("lyon", Topics.EVENT_PARTITIONS));
    }
}
