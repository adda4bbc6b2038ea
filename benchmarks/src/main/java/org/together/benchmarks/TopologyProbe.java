package org.together.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.together.aggregation.AggregationStreamsService;
import org.together.schemas.Topics;

/**
 * Phases 2 and 3 of the bench alone, on demand, for work on the topology: the event topics filled by a raw producer
 * with the bench mix (no ingest round first), then the count app and the full topology (CPU per record of the whole
 * JVM, the ratio), then the end-to-end latency at 1,000 events/s. A few minutes, for the topology and latency phases alone.
 *
 * <pre>
 * java -Xmx1g -cp 'benchmarks/target/benchmarks.jar:benchmarks/target/lib/*' org.together.benchmarks.TopologyProbe \
 *     [--events 400000] [--threads 1] [--warm | --warm-runs N] [--skip-topology] [--skip-latency] [--profile] [--seconds 20]
 * </pre>
 * {@code --warm-runs N}: each app runs N times untimed first (the count app at least once), each run printed: how long
 * the JIT compiler keeps compiling the topology's code, and its CPU per record once it is done.
 */
public final class TopologyProbe {

    private TopologyProbe() {
    }

    public static void main(String[] args) throws Exception {
        int events = 400_000;
        int threads = 1;
        int seconds = 20;
        boolean topology = true;
        boolean latency = true;
        boolean profile = false;
        int warmRuns = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--skip-topology" -> topology = false;
                case "--skip-latency" -> latency = false;
                case "--profile" -> profile = true;
                case "--warm" -> warmRuns = 1;
                case "--warm-runs" -> warmRuns = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Configurator.setRootLevel(Level.WARN);
        Topics.eventTopics();
        Progress progress = new Progress(System.out);
        Path workDir = Files.createTempDirectory("together-topology-probe-");
        Profiler profiler = profile ? new Profiler(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "together-topology-probe-jfr"))) : null;
        int status = 0;
        try (LoadWatch load = new LoadWatch(); BenchStack stack = BenchStack.start(workDir.resolve("main"))) {
            String ingestUrl = stack.startIngest();
            List<String> territories = new ArrayList<>();
            var client = Http.client();
            String[] countries = {"FR", "BE", "IT", "ES", "PT", "DE", "GR", "MA"};
            for (int i = 0; i < 32; i++) {
                String id = String.format("bench-%03d", i);
                Http.registerTerritory(client, ingestUrl, stack.adminToken, id, countries[i % countries.length]);
                territories.add(id);
            }
            fill(stack, territories, events);
            progress.say("event topics filled with %s events (load %.1f)", Fmt.number(events), LoadWatch.now());
            Map<String, String> streamsProps = threads == 1 ? Map.of()
                    : Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, String.valueOf(threads));
            String appId = "probe-aggregation-" + System.currentTimeMillis();
            AggregationStreamsService aggregation = stack.aggregation(appId, workDir.resolve("streams-" + appId), streamsProps);
            try {
                if (topology) {
                    TopologyBenchmark bench = new TopologyBenchmark(stack, workDir, Duration.ofMinutes(10), threads);
                    long phase = System.nanoTime();
                    for (int w = 0; w < Math.max(1, warmRuns); w++) {
                        TopologyBenchmark.Run r = bench.minimalCount(events, "probe-count-warm-up-" + System.currentTimeMillis());
                        if (warmRuns > 1) {
                            say(progress, r, load, System.nanoTime());
                        }
                    }
                    TopologyBenchmark.Run count = bench.minimalCount(events, "probe-count-" + System.currentTimeMillis());
                    say(progress, count, load, phase);
                    for (int w = 0; w < warmRuns; w++) { // the topology's code compiled before it is timed, as the count app's is
                        String warmId = "probe-aggregation-warm-up-" + System.currentTimeMillis();
                        try (AggregationStreamsService warmUp = stack.aggregation(warmId, workDir.resolve("streams-" + warmId), streamsProps)) {
                            TopologyBenchmark.Run r = bench.fullTopology(events, warmUp, warmId);
                            if (warmRuns > 1) {
                                say(progress, r, load, System.nanoTime());
                            }
                        }
                    }
                    phase = System.nanoTime();
                    if (profiler != null) {
                        profiler.start("full-topology");
                    }
                    TopologyBenchmark.Run full = bench.fullTopology(events, aggregation, appId);
                    if (profiler != null) {
                        print(profiler.stop(30));
                    }
                    say(progress, full, load, phase);
                    writtenPerEvent(stack, appId, events);
                    progress.say("ratio full / count: %.3f (CPU ratio %.3f), %d stream thread(s)", full.perSecond() / count.perSecond(),
                            count.cpuMicrosPerRecord() / full.cpuMicrosPerRecord(), threads);
                } else {
                    aggregation.start();
                }
                if (latency) {
                    BenchStack.awaitReady(aggregation, Duration.ofMinutes(2));
                    String token = Http.registerTerritory(Http.client(), ingestUrl, stack.adminToken, "bench-live", "FR");
                    long phase = System.nanoTime();
                    try (LatencyStages stages = new LatencyStages(stack.bootstrap(), BenchStack.url(aggregation), "bench-live")) {
                        LatencyBenchmark.Result live = new LatencyBenchmark(new LatencyBenchmark.Settings(1000, 20,
                                Duration.ofSeconds(seconds), Duration.ofMillis(10)), ingestUrl, BenchStack.url(aggregation), "bench-live", token)
                                .watch(stages).run(progress);
                        progress.say("POST sent -> 202 accepted:                     %s", live.posts().describe());
                        progress.say("  -> readable in the event topic:            %s", stages.readableInEventTopic().describe());
                        progress.say("  -> in the network's committed stores:      %s", stages.inCommittedNetworkStores().describe());
                        progress.say("  -> in the shared summary:                  %s", live.visibleInQuery().describe());
                        progress.say("  -> on the live stream (end to end):        %s", live.endToEnd().describe());
                        progress.say("load up to %.1f; problems %s", load.maxSince(phase), live.problems());
                    }
                }
            } finally {
                aggregation.close();
            }
        } catch (Exception e) {
            e.printStackTrace();
            status = 2;
        } finally {
            Heap.deleteRecursively(workDir);
        }
        System.exit(status);
    }

    private static void say(Progress progress, TopologyBenchmark.Run run, LoadWatch load, long since) {
        progress.say("%s: %s records in %.2f s = %s, CPU %.2f µs per record (load up to %.1f) %s", run.what(),
                Fmt.number(run.records()), run.processingSeconds(), Fmt.rate(run.perSecond()), run.cpuMicrosPerRecord(),
                load.maxSince(since), run.detail());
    }

    /** What the topology wrote to each of its internal topics, per event (offsets: transaction markers included). */
    private static void writtenPerEvent(BenchStack stack, String appId, int events) throws Exception {
        try (var admin = Kafka.admin(stack.bootstrap())) {
            for (String topic : new java.util.TreeSet<>(admin.listTopics().names().get())) {
                if (!topic.startsWith(appId + "-")) {
                    continue;
                }
                var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
                long end = Kafka.endOffsets(admin, Kafka.partitions(List.of(topic), partitions)).values().stream().mapToLong(Long::longValue).sum();
                System.out.printf("  %-60s %,10d offsets, %.3f per event%n", topic.substring(appId.length() + 1), end, (double) end / events);
            }
        }
    }

    private static void fill(BenchStack stack, List<String> territories, int n) {
        EventMix mix = new EventMix(territories, 42, "probe", 120);
        try (KafkaProducer<String, byte[]> producer = Kafka.rawProducer(stack.bootstrap())) {
            for (int i = 0; i < n; i++) {
                EventMix.Event e = mix.next();
                producer.send(new ProducerRecord<>(e.type().topic().name(), e.territoryId(), Kafka.serialize(stack.serdes, e.type(), e.record())));
            }
            producer.flush();
        }
    }

    private static void print(Profiler.HotSpots h) {
        Map<String, List<Map.Entry<String, Long>>> tables = new LinkedHashMap<>();
        tables.put("threads", h.threads());
        tables.put("self (top frame)", h.selfMethods());
        tables.put("project frames, inclusive", h.projectInclusive());
        System.out.printf("JFR %s: %d samples (%s)%n", h.phase(), h.samples(), h.file());
        tables.forEach((title, rows) -> {
            System.out.println("  " + title);
            rows.forEach(r -> System.out.printf("    %5.1f%%  %s%n", 100.0 * r.getValue() / Math.max(1, h.samples()), r.getKey()));
        });
    }
}
