package org.together.ingest.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;
import org.together.ingest.reference.ReferenceTail;

/**
 * Where the tail resumes each index after a restart, and when it must read a topic again from the beginning: the
 * index and its positions are committed together, and an index that cannot trust its positions is rebuilt.
 */
class LocalIndexesTest {

    private static final String TOPIC = "together.test-index";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final TopicPartition OTHER = new TopicPartition("together.territories", 0);

    @TempDir
    Path dir;

    /** An index that stores each record's value under its key. */
    private static final class Values implements IndexedTopic {
        private final IndexStore.Table table;
        private final long maxAge;
        int resets;

        Values(IndexStore store, long maxAge) {
            this.table = store.table("values");
            this.maxAge = maxAge;
        }

        @Override
        public String topic() {
            return TOPIC;
        }

        @Override
        public int partitions() {
            return 2;
        }

        @Override
        public IndexStore.Table table() {
            return table;
        }

        @Override
        public void apply(ConsumerRecord<String, byte[]> record, WriteBatch batch) {
            table.put(batch, record.key().getBytes(StandardCharsets.UTF_8), record.value());
        }

        @Override
        public void checkpoint(WriteBatch batch) {
        }

        @Override
        public void reset() {
            resets++;
        }

        @Override
        public long maxResumeAgeMs() {
            return maxAge;
        }

        String get(String key) {
            byte[] v = table.get(key.getBytes(StandardCharsets.UTF_8));
            return v == null ? null : new String(v, StandardCharsets.UTF_8);
        }
    }

    private IndexStore open() {
        return IndexStore.open(dir.resolve("index"), List.of(new IndexStore.TableSpec("values", 0)), 8L * 1024 * 1024);
    }

    private static ConsumerRecord<String, byte[]> record(TopicPartition tp, long offset, String key, String value) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, key, value.getBytes(StandardCharsets.UTF_8));
    }

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
    private final AtomicReference<String> topicId = new AtomicReference<>("id-1");

    private Clock clock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
    }

    /** Reads two records into a fresh store and commits with the positions after them, then closes. */
    private void readTwoAndClose(long maxAge) {
        try (IndexStore store = open()) {
            Values values = new Values(store, maxAge);
            LocalIndexes indexes = new LocalIndexes(store, List.of(values), t -> Optional.of(topicId.get()), clock());
            ReferenceTail.Checkpoint.Resume first = indexes.resume(List.of(P0, P1, OTHER), Map.of(P0, 0L, P1, 0L, OTHER, 0L));
            assertThat(first.positions()).isEmpty();
            indexes.handlers().get(TOPIC).accept(record(P0, 0, "a", "1"));
            indexes.handlers().get(TOPIC).accept(record(P1, 0, "b", "2"));
            indexes.commit(Map.of(P0, 1L, P1, 1L, OTHER, 5L));
        }
    }

    private ReferenceTail.Checkpoint.Resume reopen(Map<TopicPartition, Long> ends, long maxAge, Values[] out, IndexStore[] store) {
        store[0] = open();
        out[0] = new Values(store[0], maxAge);
        return new LocalIndexes(store[0], List.of(out[0]), t -> Optional.of(topicId.get()), clock())
                .resume(List.of(P0, P1, OTHER), ends);
    }

    @Test
    void aRestartResumesEachPartitionWhereTheLastCommitLeftItWithWhatWasReadUpToThere() {
        readTwoAndClose(0);
        Values[] values = new Values[1];
        IndexStore[] store = new IndexStore[1];

        ReferenceTail.Checkpoint.Resume resume = reopen(Map.of(P0, 7L, P1, 1L, OTHER, 9L), 0, values, store);

        try (IndexStore s = store[0]) {
            assertThat(resume.rebuilt()).isFalse();
            assertThat(resume.positions()).as("views of other topics are read from the beginning")
                    .containsExactlyInAnyOrderEntriesOf(Map.of(P0, 1L, P1, 1L));
            assertThat(values[0].get("a")).isEqualTo("1");
            assertThat(values[0].get("b")).isEqualTo("2");
            assertThat(values[0].resets).isZero();
        }
    }

    @Test
    void aTopicShorterThanWhereTheIndexStoodIsReadAgainFromTheBeginning() {
        readTwoAndClose(0);
        Values[] values = new Values[1];
        IndexStore[] store = new IndexStore[1];

        ReferenceTail.Checkpoint.Resume resume = reopen(Map.of(P0, 0L, P1, 1L, OTHER, 9L), 0, values, store);

        try (IndexStore s = store[0]) {
            assertThat(resume.rebuilt()).isTrue();
            assertThat(resume.positions()).isEmpty();
            assertThat(values[0].get("a")).isNull();
            assertThat(values[0].get("b")).isNull();
            assertThat(values[0].resets).isEqualTo(1);
        }
    }

    @Test
    void aTopicDeletedAndCreatedAgainIsReadAgainFromTheBeginning() {
        readTwoAndClose(0);
        topicId.set("id-2");
        Values[] values = new Values[1];
        IndexStore[] store = new IndexStore[1];

        ReferenceTail.Checkpoint.Resume resume = reopen(Map.of(P0, 5L, P1, 5L, OTHER, 9L), 0, values, store);

        try (IndexStore s = store[0]) {
            assertThat(resume.rebuilt()).isTrue();
            assertThat(values[0].get("a")).isNull();
        }
    }

    @Test
    void anIndexLastCommittedLongerAgoThanItsTopicKeepsTombstonesIsReadAgainFromTheBeginning() {
        long maxAge = Duration.ofHours(1).toMillis();
        readTwoAndClose(maxAge);
        Values[] values = new Values[1];
        IndexStore[] store = new IndexStore[1];
        now.set(now.get().plus(Duration.ofMinutes(59)));
        try (IndexStore s = open()) {
            Values v = new Values(s, maxAge);
            ReferenceTail.Checkpoint.Resume recent = new LocalIndexes(s, List.of(v), t -> Optional.of(topicId.get()), clock())
                    .resume(List.of(P0, P1), Map.of(P0, 1L, P1, 1L));
            assertThat(recent.rebuilt()).isFalse();
        }
        now.set(now.get().plus(Duration.ofMinutes(2)));

        ReferenceTail.Checkpoint.Resume resume = reopen(Map.of(P0, 1L, P1, 1L, OTHER, 9L), maxAge, values, store);

        try (IndexStore s = store[0]) {
            assertThat(resume.rebuilt()).isTrue();
            assertThat(values[0].get("a")).isNull();
        }
    }
}
