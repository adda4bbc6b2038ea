package org.together.aggregation.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pins the Kafka Streams behaviour {@link WriteBackStore} relies on, with no public API to rely on instead: a task
 * calls {@code CachedStateStore.flushCache()} in its prepare-commit step ({@code StreamTask.prepareCommit}, which
 * flushes the stores, then the record collector, before the offsets or the transaction are committed), so what the
 * store writes there goes out in the commit that follows. If an upgrade moves or drops that call, this test fails.
 */
class KafkaStreamsCommitHookTest {

    private static final String STORE = WriteBackStoreTest.STORE;
    /** What reached the store below the write-back store, in order: "write a from X" (X: the task step running). */
    private static final List<String> seen = new ArrayList<>();

    private Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> input;

    @BeforeEach
    void start() throws Exception {
        seen.clear();
        stateDir = Files.createTempDirectory("commit-hook-test");
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(WriteBackStore.builder(new Watched(), Serdes.Long(), 100));
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String())).process(WriteBackStoreTest.Counter::new, STORE);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "commit-hook-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9999");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(builder.build(), props);
        input = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void eachCommitIsPrecededByTheFlushOfWhatWasChangedSinceTheLastOne() {
        input.pipeInput("k", "add a add a");
        input.pipeInput("k", "add b");

        // TopologyTestDriver commits after each record, as a stream thread does at each commit interval
        assertThat(seen).containsExactly("write a from StreamTask.prepareCommit", "write b from StreamTask.prepareCommit");
    }

    /** The step of the stream task that is running (its outermost method on the stack): what called the store. */
    static String taskStep() {
        String step = "outside a task step";
        for (StackTraceElement frame : Thread.currentThread().getStackTrace()) {
            if (frame.getClassName().equals("org.apache.kafka.streams.processor.internals.StreamTask")) {
                step = "StreamTask." + frame.getMethodName();
            }
        }
        return step;
    }

    /** A bytes store that notes the writes reaching it (below the changelogging layer) and the task step they came from. */
    private static final class Watched implements KeyValueBytesStoreSupplier {
        @Override
        public String name() {
            return STORE;
        }

        @Override
        public String metricsScope() {
            return "watched";
        }

        @Override
        public KeyValueStore<Bytes, byte[]> get() {
            KeyValueStore<Bytes, byte[]> memory = Stores.inMemoryKeyValueStore(STORE).get();
            return new KeyValueStore<>() {
                @Override
                public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
                    entries.forEach(e -> seen.add("write " + new String(e.key.get()) + " from " + taskStep()));
                    memory.putAll(entries);
                }

                @Override
                public void put(Bytes key, byte[] value) {
                    seen.add("write " + new String(key.get()) + " from " + taskStep());
                    memory.put(key, value);
                }

                @Override
                public byte[] putIfAbsent(Bytes key, byte[] value) {
                    return memory.putIfAbsent(key, value);
                }

                @Override
                public byte[] delete(Bytes key) {
                    return memory.delete(key);
                }

                @Override
                public byte[] get(Bytes key) {
                    return memory.get(key);
                }

                @Override
                public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
                    return memory.range(from, to);
                }

                @Override
                public KeyValueIterator<Bytes, byte[]> all() {
                    return memory.all();
                }

                @Override
                public long approximateNumEntries() {
                    return memory.approximateNumEntries();
                }

                @Override
                public String name() {
                    return memory.name();
                }

                @Override
                public void init(StateStoreContext context, StateStore root) {
                    memory.init(context, root);
                }

                @Override
                public void close() {
                    memory.close();
                }

                @Override
                public boolean persistent() {
                    return false;
                }

                @Override
                public boolean isOpen() {
                    return memory.isOpen();
                }

                @Override
                public org.apache.kafka.streams.query.Position getPosition() {
                    return memory.getPosition();
                }
            };
        }
    }
}
