package org.together.ingest.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;
import org.together.ingest.reference.ReferenceTail.Checkpoint.Resume;

/**
 * Where the tail resumes each index after a restart, and when it must read a topic again from the beginning: the
 * index and its positions are committed together, and an index that cannot trust its positions is rebuilt, alone.
 */
class LocalIndexesTest {

    private static final String TOPIC = "together.test-index";
    private static final String SECOND = "together.test-second";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final TopicPartition S0 = new TopicPartition(SECOND, 0);
    /** A topic the tail reads for an in-memory view: never resumed. */
    private static final TopicPartition OTHER = new TopicPartition("together.territories", 0);
    private static final List<TopicPartition> ALL = List.of(P0, P1, S0, OTHER);
    private static final long ONE_HOUR = Duration.ofHours(1).toMillis();

    @TempDir
    Path dir;

    private Instant now = Instant.parse("2026-12-01T10:00:00Z");
    /** Kafka's id of each topic as the admin client would tell it; absent: it cannot tell. */
    private final Map<String, String> topicIds = new HashMap<>(Map.of(TOPIC, "id-1", SECOND, "id-s"));
    private IndexStore store;

    /** An index that stores each record's value under its key. */
    private static final class Values implements IndexedTopic {
        private final String topic;
        private final int partitions;
        private final IndexStore.Table table;
        private final long maxAge;
        int resets;

        Values(IndexStore store, String topic, int partitions, long maxAge) {
            this.topic = topic;
            this.partitions = partitions;
            this.table = store.table(topic);
            this.maxAge = maxAge;
        }

        @Override
        public String topic() {
            return topic;
        }

        @Override
        public int partitions() {
            return partitions;
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

    /** One start of an instance: its store, its two indexes and the tail's checkpoint over them. */
    private final class Instance implements AutoCloseable {
        final Values first;
        final Values second;
        final LocalIndexes indexes;

        Instance(long firstMaxAge) {
            store = IndexStore.open(dir.resolve("index"), List.of(new IndexStore.TableSpec(TOPIC, 0),
                    new IndexStore.TableSpec(SECOND, 0)), 8L * 1024 * 1024);
            first = new Values(store, TOPIC, 2, firstMaxAge);
            second = new Values(store, SECOND, 1, 0);
            indexes = new LocalIndexes(store, List.of(first, second), t -> Optional.ofNullable(topicIds.get(t)), clock());
        }

        Resume resume(Map<TopicPartition, Long> ends) {
            return indexes.resume(ALL, ends);
        }

        void read(TopicPartition tp, long offset, String key, String value) {
            indexes.handlers().get(tp.topic()).accept(new ConsumerRecord<>(tp.topic(), tp.partition(), offset, key,
                    value.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public void close() {
            store.close();
            store = null;
        }
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private Clock clock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
    }

    private static Map<TopicPartition, Long> ends(long p0, long p1, long s0) {
        return Map.of(P0, p0, P1, p1, S0, s0, OTHER, 9L);
    }

    /** A first start: reads a record of each partition of both topics and commits the positions after them. */
    private void readOneOfEachAndStop(long firstMaxAge) {
        try (Instance i = new Instance(firstMaxAge)) {
            Resume first = i.resume(ends(0, 0, 0));
            assertThat(first.positions()).isEmpty();
            i.read(P0, 0, "a", "1");
            i.read(P1, 0, "b", "2");
            i.read(S0, 0, "s", "3");
            i.indexes.commit(Map.of(P0, 1L, P1, 1L, S0, 1L, OTHER, 5L));
        }
    }

    @Test
    void aFirstStartReadsEveryTopicFromTheBeginningWithoutCallingItARebuild() {
        try (Instance i = new Instance(ONE_HOUR)) {
            Resume resume = i.resume(ends(4, 4, 4));

            assertThat(resume.positions()).as("nothing to resume: every partition from the beginning").isEmpty();
            assertThat(resume.rebuilt()).as("the tail was never caught up with this index: no warning, no 503 after ready")
                    .isFalse();
        }
    }

    @Test
    void aRestartResumesEachPartitionWhereTheLastCommitLeftItWithWhatWasReadUpToThere() {
        readOneOfEachAndStop(0);

        try (Instance i = new Instance(0)) {
            Resume resume = i.resume(ends(7, 1, 1));

            assertThat(resume.rebuilt()).isFalse();
            assertThat(resume.positions()).as("views of other topics are read from the beginning")
                    .containsExactlyInAnyOrderEntriesOf(Map.of(P0, 1L, P1, 1L, S0, 1L));
            assertThat(i.first.get("a")).isEqualTo("1");
            assertThat(i.first.get("b")).isEqualTo("2");
            assertThat(i.second.get("s")).isEqualTo("3");
            assertThat(i.first.resets + i.second.resets).isZero();
        }
    }

    @Test
    void whatWasReadAfterTheLastCommitIsNeitherKeptNorSkippedButReadAgain() {
        readOneOfEachAndStop(0);
        try (Instance i = new Instance(0)) {
            i.resume(ends(2, 1, 1));
            i.read(P0, 1, "c", "4");
            // stopped before the poll's commit: the record and the position after it are lost together
        }

        try (Instance i = new Instance(0)) {
            Resume resume = i.resume(ends(2, 1, 1));

            assertThat(resume.positions()).containsEntry(P0, 1L);
            assertThat(i.first.get("c")).isNull();
            i.read(P0, 1, "c", "4");
            i.indexes.commit(Map.of(P0, 2L, P1, 1L, S0, 1L));
        }
        try (Instance i = new Instance(0)) {
            assertThat(i.resume(ends(2, 1, 1)).positions()).containsEntry(P0, 2L);
            assertThat(i.first.get("c")).isEqualTo("4");
        }
    }

    @Test
    void aTopicShorterThanWhereTheIndexStoodIsReadAgainFromTheBeginning() {
        readOneOfEachAndStop(0);

        try (Instance i = new Instance(0)) {
            Resume resume = i.resume(ends(0, 1, 1));

            assertThat(resume.rebuilt()).isTrue();
            assertThat(resume.positions()).doesNotContainKeys(P0, P1);
            assertThat(i.first.get("a")).isNull();
            assertThat(i.first.get("b")).as("the whole index, not only the shorter partition").isNull();
            assertThat(i.first.resets).isEqualTo(1);
        }
    }

    @Test
    void onlyTheIndexThatCannotResumeIsRebuiltTheOtherResumes() {
        readOneOfEachAndStop(0);

        try (Instance i = new Instance(0)) {
            Resume resume = i.resume(ends(1, 1, 0));

            assertThat(resume.rebuilt()).isTrue();
            assertThat(resume.positions()).as("the second topic is shorter than its index: read again")
                    .containsExactlyInAnyOrderEntriesOf(Map.of(P0, 1L, P1, 1L));
            assertThat(i.second.get("s")).isNull();
            assertThat(i.second.resets).isEqualTo(1);
            assertThat(i.first.get("a")).as("the first index is kept").isEqualTo("1");
            assertThat(i.first.resets).isZero();
        }
    }

    @Test
    void aTopicDeletedAndCreatedAgainIsReadAgainFromTheBeginning() {
        readOneOfEachAndStop(0);
        topicIds.put(TOPIC, "id-2");

        try (Instance i = new Instance(0)) {
            Resume resume = i.resume(ends(5, 5, 1));

            assertThat(resume.rebuilt()).isTrue();
            assertThat(resume.positions()).doesNotContainKeys(P0, P1).containsEntry(S0, 1L);
            assertThat(i.first.get("a")).isNull();
        }
        try (Instance i = new Instance(0)) {
            assertThat(i.resume(ends(5, 5, 1)).rebuilt()).as("the new topic's id was kept: rebuilt once, not at every start")
                    .isFalse();
        }
    }

    @Test
    void aTopicIdKafkaCouldNotTellNeitherForcesNorPreventsAResume() {
        topicIds.remove(TOPIC);
        readOneOfEachAndStop(0);
        topicIds.put(TOPIC, "id-1");

        try (Instance i = new Instance(0)) {
            Resume resume = i.resume(ends(1, 1, 1));

            assertThat(resume.rebuilt()).as("built while the id was unknown: resumed once it is known").isFalse();
            assertThat(resume.positions()).containsEntry(P0, 1L);
            i.indexes.commit(Map.of(P0, 1L, P1, 1L, S0, 1L));
        }
        topicIds.remove(TOPIC);
        try (Instance i = new Instance(0)) {
            Resume resume = i.resume(ends(1, 1, 1));

            assertThat(resume.rebuilt()).as("the admin client cannot answer now: the positions are trusted").isFalse();
            assertThat(i.first.get("a")).isEqualTo("1");
        }
        topicIds.put(TOPIC, "id-2");
        try (Instance i = new Instance(0)) {
            assertThat(i.resume(ends(1, 1, 1)).rebuilt()).as("the id learnt since tells the topic was created again")
                    .isTrue();
        }
    }

    @Test
    void anIndexLastCommittedLongerAgoThanItsTopicKeepsTombstonesIsReadAgainFromTheBeginning() {
        readOneOfEachAndStop(ONE_HOUR);
        now = now.plus(Duration.ofMinutes(59));
        try (Instance i = new Instance(ONE_HOUR)) {
            assertThat(i.resume(ends(1, 1, 1)).rebuilt()).isFalse();
        }
        now = now.plus(Duration.ofMinutes(2));

        try (Instance i = new Instance(ONE_HOUR)) {
            Resume resume = i.resume(ends(1, 1, 1));

            assertThat(resume.rebuilt()).isTrue();
            assertThat(i.first.get("a")).isNull();
            assertThat(i.second.get("s")).as("an index without a maximum age resumes however old").isEqualTo("3");
            assertThat(resume.positions()).containsExactlyInAnyOrderEntriesOf(Map.of(S0, 1L));
        }
    }

    @Test
    void eachCommitThatMovesRestartsTheAgeOfTheIndex() {
        readOneOfEachAndStop(ONE_HOUR);
        now = now.plus(Duration.ofMinutes(50));
        try (Instance i = new Instance(ONE_HOUR)) {
            i.resume(ends(2, 1, 1));
            i.read(P0, 1, "tick", "");
            i.indexes.commit(Map.of(P0, 2L, P1, 1L, S0, 1L));
        }
        now = now.plus(Duration.ofMinutes(50));

        try (Instance i = new Instance(ONE_HOUR)) {
            Resume resume = i.resume(ends(2, 1, 1));

            assertThat(resume.rebuilt()).as("read 50 minutes ago, not 100").isFalse();
            assertThat(resume.positions()).containsEntry(P0, 2L);
        }
    }
}
