package org.together.aggregation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.together.aggregation.topology.AggregationTopology;
import org.together.aggregation.topology.Figures;
import org.together.aggregation.topology.StoreKeys;
import org.together.embedded.EmbeddedStack;
import org.together.events.EventEnvelope;
import org.together.events.SpiralQuestion;
import org.together.events.ToolStage;
import org.together.schemas.EventType;
import org.together.schemas.TogetherSerdes;

/**
 * Throughput of the full topology against a minimal {@code groupByKey().count()} app, both
 * exactly_once_v2, over the same events on the embedded broker. Not a unit test (no timed
 * assertion); run it with {@code -Dtest=TopologyThroughputBenchmark -Dbenchmark.events=400000}.
 */
class TopologyThroughputBenchmark {

    private static final String[] TOOLS = {"wellbeing-workshop", "choices-guide", "footprint-calculator", "co-evaluation-grid", "action-plan"};

    @Test
    void fullTopologyAgainstAMinimalCountApp() throws Exception {
        int events = Integer.getInteger("benchmark.events", 400_000);
        EmbeddedStack stack = EmbeddedStack.sharedForTests();
        TogetherSerdes serdes = TogetherSerdes.forRegistryUrl(stack.registryUrl());
        long produced = produce(stack, serdes, events);
        System.out.printf("produced %d events (%d territories)%n", produced, 400);

        if ("full".equals(System.getProperty("benchmark.only"))) {
            String profile = System.getProperty("benchmark.profile");
            jdk.jfr.Recording recording = null;
            if (profile != null) {
                recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                recording.start();
            }
            run(stack, "full", AggregationTopology.buildTopology(serdes), streams -> networkEvents(streams), produced);
            if (recording != null) {
                recording.dump(Path.of(profile));
                recording.close();
            }
            return;
        }
        double count1 = run(stack, "count", countTopology(), streams -> countTotal(streams), produced);
        double full1 = run(stack, "full", AggregationTopology.buildTopology(serdes), streams -> networkEvents(streams), produced);
        double count2 = run(stack, "count", countTopology(), streams -> countTotal(streams), produced);
        double full2 = run(stack, "full", AggregationTopology.buildTopology(serdes), streams -> networkEvents(streams), produced);
        double count = Math.max(count1, count2);
        double full = Math.max(full1, full2);
        System.out.printf("RESULT count app %.0f ev/s (runs %.0f, %.0f); full topology %.0f ev/s (runs %.0f, %.0f); ratio %.2f%n",
                count, count1, count2, full, full1, full2, full / count);
    }

    interface Progress {
        long processed(KafkaStreams streams);
    }

    private static double run(EmbeddedStack stack, String name, Topology topology, Progress progress, long expected) throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-" + name + "-" + UUID.randomUUID().toString().substring(0, 8));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("bench-" + name).toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, System.getProperty("benchmark.guarantee", StreamsConfig.EXACTLY_ONCE_V2));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Integer.getInteger("benchmark.commit", 100));
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 32L * 1024 * 1024);
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        props.putAll(AggregationTopology.errorHandling());
        if (name.equals("full")) {
            props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.getInteger("benchmark.threads", 1));
        }
        try (KafkaStreams streams = new KafkaStreams(topology, props)) {
            streams.start();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                Thread.sleep(20);
            }
            long started = System.nanoTime();
            long done;
            while (true) {
                long n;
                try {
                    n = progress.processed(streams);
                } catch (RuntimeException e) {
                    n = -1; // stores not queryable yet
                }
                if (n >= expected) {
                    done = System.nanoTime();
                    break;
                }
                Thread.sleep(50);
            }
            double rate = expected / ((done - started) / 1e9);
            // CPU time of this app's own threads (stream thread, its producer and consumer I/O threads):
            // robust to a machine shared with other work, unlike wall-clock rates
            String prefix = props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu = 0;
            for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null && info.getThreadName().contains(prefix)) {
                    cpu += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
                }
            }
            System.out.printf("%s: %d events in %.2f s = %.0f ev/s; app threads CPU %.2f s = %.1f us/event%n",
                    name, expected, (done - started) / 1e9, rate, cpu / 1e9, cpu / 1e3 / expected);
            return rate;
        }
    }

    private static Topology countTopology() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Arrays.stream(EventType.values()).map(t -> t.topic().name()).toList(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .groupByKey()
                .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("counts"));
        return builder.build();
    }

    private static long countTotal(KafkaStreams streams) {
        ReadOnlyKeyValueStore<String, Long> counts = streams.store(StoreQueryParameters.fromNameAndType("counts", QueryableStoreTypes.keyValueStore()));
        long total = 0;
        try (KeyValueIterator<String, Long> it = counts.all()) {
            while (it.hasNext()) {
                total += it.next().value;
            }
        }
        return total;
    }

    private static long networkEvents(KafkaStreams streams) {
        ReadOnlyKeyValueStore<String, Figures> totals = streams.store(StoreQueryParameters.fromNameAndType(
                AggregationTopology.NETWORK_DAY_FIGURES, QueryableStoreTypes.keyValueStore()));
        Figures network = totals.get(StoreKeys.ALL_TIME);
        return network == null ? 0 : network.events();
    }

    /**
     * A realistic mix: 400 territories of about 25 participants each; nine events in ten occurred
     * in the last hour (apps online), one in ten in the last 30 days (offline workshops syncing
     * late); every eventId unique.
     */
    @SuppressWarnings("unchecked")
    private static long produce(EmbeddedStack stack, TogetherSerdes serdes, int events) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Random random = new Random(42);
        long now = Instant.now().toEpochMilli();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                String territory = "territory-" + random.nextInt(400);
                String participant = "p-" + random.nextInt(25);
                long age = random.nextInt(10) == 0 ? (long) (random.nextDouble() * 30 * 86_400_000L) : (long) (random.nextDouble() * 3_600_000L);
                String at = Instant.ofEpochMilli(now - age).toString();
                int kind = random.nextInt(10);
                SpecificRecord event;
                if (kind < 4) {
                    event = TestEvents.joined(territory, participant, at);
                } else if (kind < 5) {
                    event = TestEvents.left(territory, participant, at);
                } else if (kind < 8) {
                    event = TestEvents.toolUsedByParticipant(territory, participant, TOOLS[random.nextInt(TOOLS.length)],
                            ToolStage.values()[random.nextInt(3)], random.nextInt(5) + 1, at);
                } else if (kind < 9) {
                    event = TestEvents.criteriaEvaluation(territory, "g-" + random.nextInt(5), 10,
                            List.of(TestEvents.criterion("ABCDEFGHI".substring(random.nextInt(9)).substring(0, 1), SpiralQuestion.WELLBEING, 3)), at);
                } else {
                    event = TestEvents.assessed(territory, participant, random.nextDouble() * 10, at);
                }
                EventType type = Arrays.stream(EventType.values()).filter(t -> t.topic().valueType().equals(event.getClass())).findFirst().orElseThrow();
                byte[] bytes = ((Serde<SpecificRecord>) (Object) serdes.value(type.topic())).serializer().serialize(type.topic().name(), event);
                producer.send(new ProducerRecord<>(type.topic().name(), ((EventEnvelope) event.get(0)).getTerritoryId(), bytes));
            }
            producer.flush();
        }
        return events;
    }
}
