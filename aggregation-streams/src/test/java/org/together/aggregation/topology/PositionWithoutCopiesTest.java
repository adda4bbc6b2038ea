package org.together.aggregation.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The write-back stores' RocksDB store answers its position without a copy only where nothing reads it: changelog
 * records carry the position when interactive queries' consistency vectors are on, and queries keep seeing it.
 */
class PositionWithoutCopiesTest {

    private static final String CHANGELOG = "write-back-test-" + WriteBackStoreTest.STORE + "-changelog";

    private static List<TestRecord<String, Long>> changelogAfterOneCommand(boolean consistencyVectors) throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(WriteBackStore.persistent(WriteBackStoreTest.STORE, Serdes.Long(), 3));
        builder.stream("commands", Consumed.with(Serdes.String(), Serdes.String()))
                .process(WriteBackStoreTest.Counter::new, WriteBackStoreTest.STORE);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "write-back-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9999");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("position-test").toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.InternalConfig.IQ_CONSISTENCY_OFFSET_VECTOR_ENABLED, consistencyVectors);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            driver.createInputTopic("commands", new StringSerializer(), new StringSerializer()).pipeInput("t", "add a add b");
            KeyValueStore<String, Long> store = driver.getKeyValueStore(WriteBackStoreTest.STORE);
            QueryResult<Long> result = store.query(KeyQuery.withKey("a"), PositionBound.unbounded(), new QueryConfig(true));
            assertTrue(result.isSuccess(), "queries go to the store's own query");
            assertEquals(1L, result.getResult());
            assertTrue(result.getPosition() != null && !result.getPosition().isEmpty(),
                    "queries carry the store's position whatever the changelog does: " + result.getPosition());
            return driver.createOutputTopic(CHANGELOG, new StringDeserializer(), new LongDeserializer()).readRecordsToList();
        }
    }

    @Test
    void changelogRecordsCarryThePositionWhenConsistencyVectorsAreOn() throws Exception {
        List<TestRecord<String, Long>> logged = changelogAfterOneCommand(true);

        assertEquals(2, logged.size());
        for (TestRecord<String, Long> record : logged) {
            assertNotNull(record.headers().lastHeader("c"), "the position header, from the store's own position");
            assertTrue(record.headers().lastHeader("c").value().length > 8, "a position with the input partition in it");
        }
    }

    @Test
    void changelogRecordsCarryNoPositionOtherwise() throws Exception {
        List<TestRecord<String, Long>> logged = changelogAfterOneCommand(false);

        assertEquals(2, logged.size());
        for (TestRecord<String, Long> record : logged) {
            assertNull(record.headers().lastHeader("c"));
        }
    }
}
