package org.together.aggregation.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The write-back store under Kafka Streams' own commit cycle (TopologyTestDriver commits after every input
 * record): what a processor changed in memory is in the store and its changelog after the commit, and only
 * what is still there then.
 */
class WriteBackStoreTest {

    static final String STORE = "counts";
    private static final String CHANGELOG = "write-back-test-" + STORE + "-changelog";
    private static final int MAX_VALUES = 3;

    /** What "keys" listed, in order. */
    private static final List<String> listed = new ArrayList<>();

    /** Commands: "add k" adds one to k (twice in one record: "add k add k"), "drop k" removes k, "keys" lists them. */
    static final class Counter implements Processor<String, String, Void, Void> {
        private WriteBackStore<Long>.Values counts;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            counts = WriteBackStore.values(context.getStateStore(STORE));
        }

        @Override
        public void process(Record<String, String> record) {
            String[] words = record.value().split(" ");
            for (int i = 0; i < words.length; i += 2) {
                String key = i + 1 < words.length ? words[i + 1] : null;
                if (words[i].equals("keys")) {
                    listed.add(String.join(",", counts.keys()));
                    i--; // "keys" takes no argument
                } else if (words[i].equals("each")) {
                    List<String> each = new ArrayList<>();
                    counts.forEach((k, v) -> each.add(k + "=" + v));
                    listed.add(String.join(",", new java.util.TreeSet<>(each)));
                    i--; // "each" takes no argument
                } else if (words[i].equals("add")) {
                    Long n = counts.get(key);
                    counts.put(key, n == null ? 1 : n + 1);
                } else {
                    counts.delete(key);
                }
            }
        }
    }

    private Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> commands;
    private TestOutputTopic<String, Long> changelog;

    @BeforeEach
    void start() throws Exception {
        stateDir = Files.createTempDirectory("write-back-test");
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(WriteBackStore.persistent(STORE, Serdes.Long(), MAX_VALUES));
        builder.stream("commands", Consumed.with(Serdes.String(), Serdes.String()))
                .process(Counter::new, STORE);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "write-back-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9999");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(builder.build(), props);
        commands = driver.createInputTopic("commands", new StringSerializer(), new StringSerializer());
        changelog = driver.createOutputTopic(CHANGELOG, new StringDeserializer(), new LongDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private KeyValueStore<String, Long> store() {
        return driver.getKeyValueStore(STORE);
    }

    @Test
    void changesMadeBetweenTwoCommitsReachTheStoreAndChangelogOnceAtTheCommit() {
        commands.pipeInput("t", "add a add a add a add b");

        assertEquals(3L, store().get("a"));
        assertEquals(1L, store().get("b"));
        List<TestRecord<String, Long>> logged = changelog.readRecordsToList();
        assertEquals(List.of("a=3", "b=1"), describe(logged), "one changelog record per changed key, with its last value");
    }

    @Test
    void aKeyAddedAndRemovedBeforeTheCommitIsNeverWritten() {
        commands.pipeInput("t", "add a drop a add b");

        assertNull(store().get("a"));
        assertEquals(List.of("b=1"), describe(changelog.readRecordsToList()));
    }

    @Test
    void aKeyRemovedAfterItWasCommittedIsDeletedFromTheStoreAndTheChangelog() {
        commands.pipeInput("t", "add a");
        changelog.readRecordsToList();

        commands.pipeInput("t", "drop a");

        assertNull(store().get("a"));
        assertEquals(List.of("a=null"), describe(changelog.readRecordsToList()), "a tombstone, so a restore forgets it too");
    }

    @Test
    void valuesKeptAcrossCommitsAreReadFromMemoryAndStillCountOnce() {
        for (int i = 0; i < 5; i++) {
            commands.pipeInput("t", "add a");
        }
        assertEquals(5L, store().get("a"));
        assertEquals(List.of("a=1", "a=2", "a=3", "a=4", "a=5"), describe(changelog.readRecordsToList()));
    }

    @Test
    void moreKeysThanTheStoreKeepsInMemoryAreWrittenBelowWhenTheyGoAndReadBackFromThere() {
        // MAX_VALUES = 3: a, b, c, d, e in one record evict the oldest changed values before the commit
        commands.pipeInput("t", "add a add b add c add d add e add a");

        assertEquals(2L, store().get("a"), "a was evicted with 1, read back from below and counted again");
        for (String key : List.of("b", "c", "d", "e")) {
            assertEquals(1L, store().get(key), key);
        }
    }

    @Test
    void listingTheKeysMergesMemoryWithTheStoreBelowWithoutWritingAnything() {
        listed.clear();
        commands.pipeInput("t", "add b add c");
        changelog.readRecordsToList();

        commands.pipeInput("t", "add a drop b keys drop a drop c");

        assertEquals(List.of("a,c"), listed, "a from memory, c from below, b dropped in memory");
        assertEquals(List.of("b=null", "c=null"), describe(changelog.readRecordsToList()),
                "only the committed keys get tombstones; a came and went between two commits");
    }

    @Test
    void aKeyThatComesAndGoesAcrossCommitsIsWrittenEachTimeItChangesAndListedOnlyWhilePresent() {
        listed.clear();
        commands.pipeInput("t", "add a");
        commands.pipeInput("t", "drop a keys");
        commands.pipeInput("t", "add a keys add b drop b");
        commands.pipeInput("t", "drop a add a keys");

        assertEquals(List.of("", "a", "a"), listed);
        assertEquals(1L, store().get("a"));
        assertEquals(List.of("a=1", "a=null", "a=1", "a=1"), describe(changelog.readRecordsToList()),
                "b came and went within one commit: never written; a dropped and added again in one commit: its last value");
    }

    @Test
    void everyValueCanBeReadWithoutKeepingThemInMemory() {
        listed.clear();
        commands.pipeInput("t", "add a add b add c add d"); // MAX_VALUES = 3: some are below only
        commands.pipeInput("t", "add a drop c each");

        assertEquals(List.of("a=2,b=1,d=1"), listed, "memory's values win over the committed ones below");
    }

    @Test
    void interactiveQueriesCannotWriteIntoTheStore() {
        assertThrows(UnsupportedOperationException.class, () -> store().put("a", 1L));
        assertThrows(UnsupportedOperationException.class, () -> store().delete("a"));
    }

    @Test
    void aRestartRebuildsTheSameValuesFromTheChangelogWrittenAtCommits() {
        commands.pipeInput("t", "add a add b add b");
        commands.pipeInput("t", "drop a add c");
        List<TestRecord<String, Long>> logged = changelog.readRecordsToList();

        // replaying the changelog as a restore does gives the store's content
        java.util.Map<String, Long> restored = new java.util.TreeMap<>();
        for (TestRecord<String, Long> r : logged) {
            if (r.value() == null) {
                restored.remove(r.key());
            } else {
                restored.put(r.key(), r.value());
            }
        }
        java.util.Map<String, Long> stored = new java.util.TreeMap<>();
        try (var it = store().all()) {
            it.forEachRemaining(kv -> stored.put(kv.key, kv.value));
        }
        assertEquals(stored, restored);
        assertTrue(stored.containsKey("b") && stored.containsKey("c") && !stored.containsKey("a"));
    }

    private static List<String> describe(List<TestRecord<String, Long>> records) {
        List<String> out = new ArrayList<>();
        for (TestRecord<String, Long> r : records) {
            out.add(r.key() + "=" + r.value());
        }
        return out;
    }
}
