package org.together.ingest.idempotency;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.together.ingest.kafka.WriteUnavailableException;
import org.together.ingest.reference.ReferenceTail;
import org.together.schemas.Topics;

/**
 * Makes the receipt index at least as fresh as the receipts topic was when a request arrived: it asks Kafka
 * for the topic's last committed offsets and waits until the tail has read that far. So a client that got no
 * answer from one instance and retries on another is told "duplicate", not written twice.
 */
public final class ReceiptsBarrier {

    private final Admin admin;
    private final ReferenceTail tail;
    private final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();

    public ReceiptsBarrier(Admin admin, ReferenceTail tail) {
        this.admin = admin;
        this.tail = tail;
        for (int p = 0; p < Topics.EVENT_RECEIPTS.partitions(); p++) {
            latest.put(new TopicPartition(Topics.EVENT_RECEIPTS.name(), p), OffsetSpec.latest());
        }
    }

    /** @throws WriteUnavailableException when Kafka does not answer, or the tail does not catch up, in time */
    public void await(long deadlineNanos) throws InterruptedException {
        long remaining = deadlineNanos - System.nanoTime();
        Map<TopicPartition, Long> targets = new HashMap<>();
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest,
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(remaining, TimeUnit.NANOSECONDS);
            ends.forEach((tp, info) -> targets.put(tp, info.offset()));
        } catch (ExecutionException | TimeoutException e) {
            throw new WriteUnavailableException("cannot read the receipts' end offsets: " + e, e);
        }
        if (!tail.awaitPositions(targets, deadlineNanos)) {
            throw new WriteUnavailableException("the receipt index did not catch up in time", null);
        }
    }
}
