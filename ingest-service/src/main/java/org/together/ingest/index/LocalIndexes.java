package org.together.ingest.index;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.together.ingest.reference.ReferenceTail;

/**
 * The indexes of the {@link IndexStore} and where reading their topics stands: the tail resumes each one where it
 * stood at the last commit, so that a restart reads what was written since, not the whole history. Each commit writes
 * the records read and the new positions in one atomic batch. An index that cannot resume (its topic was recreated,
 * its position is past the topic's end, its last commit is too old) is emptied and read again from the beginning.
 */
public final class LocalIndexes implements ReferenceTail.Checkpoint {

    private static final Logger log = LoggerFactory.getLogger(LocalIndexes.class);
    private static final String TOPIC_ID = "topic-id/";
    private static final String UNKNOWN = "unknown";
    private static final String COMMITTED_AT = "committed-at/";

    private final IndexStore store;
    private final Map<String, IndexedTopic> byTopic = new LinkedHashMap<>();
    private final Function<String, Optional<String>> topicIds;
    private final Clock clock;
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private WriteBatch batch = new WriteBatch();
    private boolean dirty;

    /**
     * @param topicIds the current id of a topic (Kafka's topic UUID), empty when it cannot be told: a topic deleted
     *     and created again under the same name starts its offsets again, and its index must too
     */
    public LocalIndexes(IndexStore store, List<IndexedTopic> indexes, Function<String, Optional<String>> topicIds, Clock clock) {
        this.store = store;
        indexes.forEach(i -> byTopic.put(i.topic(), i));
        this.topicIds = topicIds;
        this.clock = clock;
    }

    /** The tail's handler of each indexed topic. */
    public Map<String, Consumer<ConsumerRecord<String, byte[]>>> handlers() {
        Map<String, Consumer<ConsumerRecord<String, byte[]>>> h = new HashMap<>();
        byTopic.forEach((topic, index) -> h.put(topic, r -> {
            index.apply(r, batch);
            dirty = true;
        }));
        return h;
    }

    @Override
    public Resume resume(List<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        boolean rebuilt = false;
        resetBatch();
        for (IndexedTopic index : byTopic.values()) {
            Optional<String> why = whyNotResume(index, partitions, ends);
            if (why.isPresent()) {
                boolean existed = store.meta(TOPIC_ID + index.topic()).isPresent();
                log.info("{} the {} index from its topic: {}", existed ? "rebuilding" : "building", index.topic(), why.get());
                store.reset(index.table(), index.topic(), index.partitions());
                index.reset();
                rebuilt |= existed;
                try (WriteBatch b = new WriteBatch()) {
                    store.putMeta(b, TOPIC_ID + index.topic(), topicIds.apply(index.topic()).orElse(UNKNOWN));
                    store.write(b);
                }
                continue;
            }
            for (TopicPartition tp : partitions) {
                if (tp.topic().equals(index.topic())) {
                    store.position(tp).ifPresent(at -> positions.put(tp, at));
                }
            }
            if (store.meta(TOPIC_ID + index.topic()).orElse(UNKNOWN).equals(UNKNOWN)) {
                // built while Kafka could not tell the topic's id: learn it now, so a later recreation is seen
                topicIds.apply(index.topic()).ifPresent(id -> {
                    try (WriteBatch b = new WriteBatch()) {
                        store.putMeta(b, TOPIC_ID + index.topic(), id);
                        store.write(b);
                    }
                });
            }
        }
        committed.clear();
        committed.putAll(positions);
        return new Resume(positions, rebuilt);
    }

    private Optional<String> whyNotResume(IndexedTopic index, List<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
        Optional<String> storedId = store.meta(TOPIC_ID + index.topic());
        if (storedId.isEmpty()) {
            return Optional.of("no index of it yet");
        }
        Optional<String> currentId = topicIds.apply(index.topic());
        if (currentId.isPresent() && !storedId.get().equals(UNKNOWN) && !currentId.get().equals(storedId.get())) {
            return Optional.of("the topic was deleted and created again");
        }
        for (TopicPartition tp : partitions) {
            OptionalLong at = tp.topic().equals(index.topic()) ? store.position(tp) : OptionalLong.empty();
            if (at.isPresent() && ends.containsKey(tp) && at.getAsLong() > ends.get(tp)) {
                return Optional.of("the index has read " + tp + " up to " + at.getAsLong() + ", past its end " + ends.get(tp));
            }
        }
        long committedAt = store.meta(COMMITTED_AT + index.topic()).map(Long::parseLong).orElse(0L);
        long age = clock.millis() - committedAt;
        if (index.maxResumeAgeMs() > 0 && age > index.maxResumeAgeMs()) {
            return Optional.of("its last reading is " + age / 60_000 + " minutes old, more than the "
                    + index.maxResumeAgeMs() / 60_000 + " after which a tombstone it never read may be gone");
        }
        return Optional.empty();
    }

    @Override
    public void commit(Map<TopicPartition, Long> positions) {
        boolean moved = false;
        for (Map.Entry<TopicPartition, Long> p : positions.entrySet()) {
            if (byTopic.containsKey(p.getKey().topic()) && !p.getValue().equals(committed.get(p.getKey()))) {
                moved = true;
                break;
            }
        }
        if (!dirty && !moved) {
            return;
        }
        String now = String.valueOf(clock.millis());
        for (IndexedTopic index : byTopic.values()) {
            index.checkpoint(batch);
            store.putMeta(batch, COMMITTED_AT + index.topic(), now);
        }
        positions.forEach((tp, at) -> {
            if (byTopic.containsKey(tp.topic())) {
                store.putPosition(batch, tp, at);
                committed.put(tp, at);
            }
        });
        store.write(batch);
        byTopic.values().forEach(IndexedTopic::committed);
        resetBatch();
    }

    private void resetBatch() {
        batch.close();
        batch = new WriteBatch();
        dirty = false;
    }
}
