package org.together.aggregation.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A processor's records forwarded at its task's commit ({@link ForwardAtCommit}): what it gathered since the last
 * commit goes downstream in the commit step, summed per key, and nothing is sent between commits.
 * (TopologyTestDriver commits after each input record, as a stream thread does at each commit interval.)
 */
class ForwardAtCommitTest {

    private static final String STORE = "gathered";
    /** The task step each forward ran in. */
    private static final List<String> steps = new ArrayList<>();

    /** "k n": adds n to k in the store and to what goes out at the commit. */
    static final class Gatherer implements Processor<String, String, String, Long> {
        private ProcessorContext<String, Long> context;
        private WriteBackStore<Long>.Values totals;
        private final Map<String, Long> toForward = new LinkedHashMap<>();

        @Override
        public void init(ProcessorContext<String, Long> context) {
            this.context = context;
            totals = WriteBackStore.values(context.getStateStore(STORE));
            ForwardAtCommit.schedule(context, totals, now -> {
                toForward.forEach((key, sum) -> {
                    steps.add(KafkaStreamsCommitHookTest.taskStep());
                    this.context.forward(new Record<>(key, sum, now));
                });
                toForward.clear();
            });
        }

        @Override
        public void process(Record<String, String> record) {
            String[] words = record.value().split(" ");
            for (int i = 0; i + 1 < words.length; i += 2) {
                long n = Long.parseLong(words[i + 1]);
                Long total = totals.get(words[i]);
                totals.put(words[i], (total == null ? 0 : total) + n);
                toForward.merge(words[i], n, Long::sum);
            }
        }
    }

    private Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> input;
    private TestOutputTopic<String, Long> output;

    @BeforeEach
    void start() throws Exception {
        steps.clear();
        stateDir = Files.createTempDirectory("forward-at-commit-test");
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(WriteBackStore.persistent(STORE, Serdes.Long(), 100));
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .process(Gatherer::new, STORE)
                .to("out", Produced.with(Serdes.String(), Serdes.Long()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "forward-at-commit-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9999");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(builder.build(), props);
        input = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
        output = driver.createOutputTopic("out", new StringDeserializer(), new LongDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void whatWasGatheredSinceTheLastCommitGoesOutInTheCommitStepSummedPerKey() {
        input.pipeInput("t", "a 1 b 2 a 3");
        input.pipeInput("t", "b 5");

        assertThat(output.readKeyValuesToList()).extracting(kv -> kv.key + "=" + kv.value)
                .containsExactly("a=4", "b=2", "b=5");
        assertThat(steps).containsOnly("StreamTask.prepareCommit");
        assertThat(driver.<String, Long>getKeyValueStore(STORE).get("b")).isEqualTo(7L);
    }

    @Test
    void aCommitWithNothingGatheredSendsNothing() {
        input.pipeInput("t", "a 1");
        output.readKeyValuesToList();

        input.pipeInput("t", "");

        assertThat(output.isEmpty()).isTrue();
    }
}
