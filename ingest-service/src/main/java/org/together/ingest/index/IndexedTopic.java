package org.together.ingest.index;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.rocksdb.WriteBatch;

/** An index of the {@link IndexStore} built from one compacted topic, read by the tail in log order. */
public interface IndexedTopic {

    String topic();

    int partitions();

    IndexStore.Table table();

    /** Applies one record read by the tail; what it writes goes to {@code batch}, written at the next commit. */
    void apply(ConsumerRecord<String, byte[]> record, WriteBatch batch);

    /** Adds to the commit's batch what the index keeps beside the records it applied; called before each write. */
    void checkpoint(WriteBatch batch);

    /** After the commit's batch was written. */
    default void committed() {
    }

    /** Forgets what it holds beside its table, which is being emptied to be rebuilt. */
    void reset();

    /**
     * How old the last commit may be for reading to resume from it; older, the index is rebuilt (a compacted topic
     * removes tombstones after {@code delete.retention.ms}: a reader that resumes later would miss them). 0: any age.
     */
    long maxResumeAgeMs();
}
