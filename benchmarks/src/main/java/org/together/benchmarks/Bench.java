package org.together.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.together.aggregation.AggregationStreamsService;
import org.together.schemas.Topics;

/**
 * The benchmarks of the quality bars, in one run on a fresh embedded stack in this JVM: ingest against a raw
 * producer, the full topology against a minimal Streams count app, end-to-end latency POST to dashboard at a
 * steady 1,000 events/s, query latency under that load, heap, and (full run) the scale curve. Prints the results
 * with a PASS/FAIL verdict per floor and writes them into {@code docs/benchmarks.md}.
 *
 * <p>Entry points: {@link #main} for the command line, {@link #run} for {@code together bench}.
 */
public final class Bench {

    static final double INGEST_FLOOR = 0.3;
    static final double TOPOLOGY_FLOOR = 0.3;
    static final double E2E_P99_CEILING_MS = 500;
    static final double SUMMARY_P99_CEILING_MS = 50;
    static final long HEAP_CEILING = 1024L * 1024 * 1024;
    static final double LIVE_RATE = 1000;
    /** The history at which the SPEC's bars of cost against history are judged. */
    static final long HISTORY_FLOOR_EVENTS = 10_000_000;
    static final double INGEST_READY_CEILING_S = 30;
    static final double SNAPSHOT_CEILING_S = 60;
    static final int SUMMARY_FLOOR_TERRITORIES = 100_000;

    private Bench() {
    }

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int status;
        try {
            status = run(options).exitCode();
        } catch (Exception e) {
            e.printStackTrace();
            status = 2;
        }
        System.exit(status); // Kafka and Jetty leave non-daemon threads behind
    }

    /** Runs the benchmarks, printing progress and results to standard output. */
    public static BenchResult run(BenchOptions options) throws IOException {
        return run(options, System.out);
    }

    public static BenchResult run(BenchOptions options, PrintStream out) throws IOException {
        if (!options.verbose()) {
            quietLogging();
        }
        Topics.eventTopics(); // Avro 1.12 trusts the generated classes once Topics is loaded
        Machine machine = Machine.describe();
        Report report = new Report(options.mode(), machine);
        Progress progress = new Progress(out);
        Path workDir = options.workDir().isPresent() ? Files.createDirectories(options.workDir().get())
                : Files.createTempDirectory("together-bench-");
        Path jfrDir = options.workDir().isPresent() ? workDir.resolve("jfr") : Path.of(System.getProperty("java.io.tmpdir"), "together-bench-jfr");
        Profiler profiler = options.profile() ? new Profiler(Files.createDirectories(jfrDir)) : null;
        List<Profiler.HotSpots> hotSpots = new ArrayList<>();
        long started = System.nanoTime();
        progress.say("TOGETHER benchmarks, %s run: %d cores, max heap %s, work dir %s", options.mode(), machine.cores(),
                Fmt.bytes(machine.maxHeapBytes()), workDir);
        Plan plan = options.quick() ? Plan.quick() : Plan.full();
        try (LoadWatch load = new LoadWatch()) {
            report.note("Machine load average (1 min) when the run started: " + Fmt.number(LoadWatch.now()) + " on "
                    + machine.cores() + " cores.");
            report.note("Measured builds: " + String.join("; ", MeasuredCode.describe(
                    org.together.ingest.IngestService.class, AggregationStreamsService.class,
                    org.together.embedded.EmbeddedStack.class)) + ".");
            mainPhases(plan, workDir, report, progress, profiler, hotSpots, load);
            long scaleStarted = System.nanoTime();
            scaleCurve(plan, workDir, report, progress, started);
            loadNote(report, "5.", load, scaleStarted, machine);
            long historyStarted = System.nanoTime();
            historyCurve(plan, workDir, report, progress);
            loadNote(report, "6.", load, historyStarted, machine);
            heapVerdict(report);
            if (profiler != null) {
                hotSpotSections(report, hotSpots);
                report.note("JFR recordings of this run: " + jfrDir + " (`jfr print --events jdk.ExecutionSample FILE`, or JDK Mission Control)");
            }
        } finally {
            if (options.workDir().isEmpty()) {
                Heap.deleteRecursively(workDir);
            }
        }
        report.took(Duration.ofNanos(System.nanoTime() - started));
        String text = report.toText();
        out.println();
        out.print(text);
        Optional<Path> written = Optional.empty();
        if (options.report().isPresent()) {
            Path file = options.report().get();
            BenchDoc.write(file, options.mode(), report.toMarkdown());
            out.println("results written to " + file.toAbsolutePath());
            written = Optional.of(file);
        }
        out.flush();
        return new BenchResult(report.verdicts(), text, written);
    }

    /** The sizes of one run. */
    record Plan(int territories, IngestBenchmark.Settings ingest, Duration phaseTimeout, LatencyBenchmark.Settings live,
                List<ScaleBenchmark.Point> scale, int querySamples, Duration scaleBudget, boolean restartAsDeployed,
                List<Long> history, Duration historyBudget) {

        static Plan quick() {
            return new Plan(32,
                    IngestBenchmark.Settings.warmAlike(80_000, 3, 200_000, 40_000, List.of(16, 32, 64), 100),
                    Duration.ofMinutes(3),
                    new LatencyBenchmark.Settings(LIVE_RATE, 20, Duration.ofSeconds(20), Duration.ofMillis(10)),
                    List.of(new ScaleBenchmark.Point(100, 10_000), new ScaleBenchmark.Point(SUMMARY_FLOOR_TERRITORIES, 10_000)),
                    100, Duration.ofMinutes(4), false, List.of(300_000L, 3_000_000L), Duration.ofMinutes(20));
        }

        static Plan full() {
            return new Plan(32,
                    IngestBenchmark.Settings.warmAlike(150_000, 5, 200_000, 80_000, List.of(8, 16, 32, 64, 128), 100),
                    Duration.ofMinutes(10),
                    new LatencyBenchmark.Settings(LIVE_RATE, 20, Duration.ofSeconds(60), Duration.ofMillis(10)),
                    List.of(new ScaleBenchmark.Point(100, 10_000), new ScaleBenchmark.Point(10_000, 10_000),
                            new ScaleBenchmark.Point(100_000, 10_000), new ScaleBenchmark.Point(100, 1_000_000),
                            new ScaleBenchmark.Point(10_000, 1_000_000), new ScaleBenchmark.Point(100_000, 1_000_000)),
                    300, Duration.ofMinutes(14), true, List.of(300_000L, 3_000_000L, HISTORY_FLOOR_EVENTS), Duration.ofMinutes(45));
        }
    }

    // ---- ingest, topology, latency: one stack ----

    private static void mainPhases(Plan plan, Path workDir, Report report, Progress progress, Profiler profiler,
                                   List<Profiler.HotSpots> hotSpots, LoadWatch load) {
        Map<String, Double> loads = new LinkedHashMap<>();
        Double restartAsDeployed = null;
        progress.say("starting the embedded stack (broker, registry) and ingest-service");
        IngestBenchmark.Result ingest = null;
        TopologyBenchmark.Result topology = null;
        LatencyBenchmark.Result live = null;
        String failure = null;
        AggregationStreamsService aggregation = null;
        try (BenchStack stack = BenchStack.start(workDir.resolve("main"))) {
            try {
                String ingestUrl = stack.startIngest();
                Map<String, String> tokens = registerTerritories(stack, plan.territories());
                List<String> territories = List.copyOf(tokens.keySet());
                Heap.usedAfterGc();

                progress.say("1. ingest: raw producer vs ingest-service over HTTP");
                long phase = System.nanoTime();
                boolean[] recording = {false};
                ingest = new IngestBenchmark(stack, plan.ingest(), territories, tokens).run(progress, name -> {
                    if (recording[0]) {
                        unprofile(profiler, hotSpots);
                    }
                    profile(profiler, name.equals("raw") ? "raw-producer" : "ingest-http");
                    recording[0] = true;
                });
                unprofile(profiler, hotSpots);
                loads.put("1.", load.maxSince(phase));
                Heap.usedAfterGc();

                progress.say("2. topology: raw consumer, minimal count app, one stored record per event, full aggregation topology");
                phase = System.nanoTime();
                TopologyBenchmark bench = new TopologyBenchmark(stack, workDir, plan.phaseTimeout());
                TopologyBenchmark.Run consumer = bench.rawConsumer();
                progress.say("  %s: %s records in %.2f s = %s", consumer.what(), Fmt.number(consumer.records()),
                        consumer.processingSeconds(), Fmt.rate(consumer.perSecond()));
                // each app once untimed first (another application id): all are measured with compiled code
                bench.minimalCount(consumer.records(), "bench-count-warm-up-" + System.currentTimeMillis());
                profile(profiler, "count-app");
                TopologyBenchmark.Run count = bench.minimalCount(consumer.records(), "bench-count-" + System.currentTimeMillis());
                unprofile(profiler, hotSpots);
                progress.say("  %s: startup %.1f s, %s records in %.2f s = %s", count.what(), count.startupSeconds(),
                        Fmt.number(count.records()), count.processingSeconds(), Fmt.rate(count.perSecond()));
                bench.oneStoredRecordPerEvent(consumer.records(), "bench-per-event-warm-up-" + System.currentTimeMillis());
                TopologyBenchmark.Run perEvent = bench.oneStoredRecordPerEvent(consumer.records(), "bench-per-event-" + System.currentTimeMillis());
                progress.say("  %s: startup %.1f s, %s records in %.2f s = %s", perEvent.what(), perEvent.startupSeconds(),
                        Fmt.number(perEvent.records()), perEvent.processingSeconds(), Fmt.rate(perEvent.perSecond()));
                // the topology once untimed too, as the count app: its code is compiled before it is timed
                String warmId = "bench-aggregation-warm-up-" + System.currentTimeMillis();
                try (AggregationStreamsService warmUp = stack.aggregation(warmId, workDir.resolve("streams-" + warmId))) {
                    bench.fullTopology(consumer.records(), warmUp, warmId);
                }
                String appId = "bench-aggregation-" + System.currentTimeMillis();
                aggregation = stack.aggregation(appId, workDir.resolve("streams-" + appId));
                profile(profiler, "full-topology");
                TopologyBenchmark.Run full = bench.fullTopology(consumer.records(), aggregation, appId);
                unprofile(profiler, hotSpots);
                progress.say("  %s: startup %.1f s, %s records in %.2f s = %s", full.what(), full.startupSeconds(),
                        Fmt.number(full.records()), full.processingSeconds(), Fmt.rate(full.perSecond()));
                topology = new TopologyBenchmark.Result(consumer.records(), consumer, count, perEvent, full,
                        Fmt.divide(full.perSecond(), count.perSecond()));
                loads.put("2.", load.maxSince(phase));
                Heap.usedAfterGc();

                progress.say("3-4. end-to-end latency at %s events/s for %d s, with summary and growth queries",
                        Fmt.number(plan.live().eventsPerSecond()), plan.live().duration().toSeconds());
                BenchStack.awaitReady(aggregation, Duration.ofMinutes(1));
                String liveTerritory = "bench-live";
                String token = Http.registerTerritory(Http.client(), ingestUrl, stack.adminToken, liveTerritory, "FR");
                phase = System.nanoTime();
                profile(profiler, "end-to-end");
                live = new LatencyBenchmark(plan.live(), ingestUrl, BenchStack.url(aggregation), liveTerritory, token).run(progress);
                unprofile(profiler, hotSpots);
                loads.put("3.", load.maxSince(phase));
                loads.put("4.", load.maxSince(phase));
                progress.say("  end to end %s", live.endToEnd().describe());
                Heap.usedAfterGc();
                if (plan.restartAsDeployed()) {
                    progress.say("restarting the aggregation service as deployed (local state kept)");
                    aggregation.close();
                    long restartStarted = System.nanoTime();
                    aggregation = stack.aggregation(appId, workDir.resolve("streams-" + appId));
                    aggregation.start();
                    BenchStack.awaitReady(aggregation, Duration.ofMinutes(3));
                    restartAsDeployed = (System.nanoTime() - restartStarted) / 1e9;
                    progress.say("  ready again after %.1f s", restartAsDeployed);
                }
            } finally {
                // before the stack: a Kafka Streams instance closing without its broker waits out its timeouts
                if (aggregation != null) {
                    aggregation.close();
                }
            }
        } catch (Exception e) {
            failure = e.toString();
            progress.say("FAILED: %s", failure);
            e.printStackTrace(System.err);
        }
        ingestSection(report, ingest, failure);
        topologySection(report, topology, failure);
        if (restartAsDeployed != null) {
            report.section("2b. Restart of the aggregation service as deployed", "measure", "value")
                    .row("clean stop, start with local state kept, until /health/ready", Fmt.number(restartAsDeployed) + " s")
                    .note("Default client settings. AggregationStreamsService.close() leaves the consumer group "
                            + "(CloseOptions.groupMembershipOperation(LEAVE_GROUP)), so the new instance gets its tasks "
                            + "without waiting for the old member's session (45 s) to expire.");
        }
        liveSections(report, live, failure, plan.live());
        for (Report.Section s : report.sections()) {
            String number = s.title.substring(0, s.title.indexOf(' '));
            Double l = loads.get(number);
            if (l != null) {
                s.note("Machine load average (1 min) during this phase: up to " + Fmt.number(l) + ".");
            }
        }
    }

    private static void loadNote(Report report, String number, LoadWatch load, long since, Machine machine) {
        for (Report.Section s : report.sections()) {
            if (s.title.startsWith(number)) {
                s.note("Machine load average (1 min) during this phase: up to " + Fmt.number(load.maxSince(since)) + ".");
            }
        }
    }

    static Map<String, String> registerTerritories(BenchStack stack, int n) throws Exception {
        Map<String, String> tokens = new LinkedHashMap<>();
        String[] countries = {"FR", "BE", "IT", "ES", "PT", "DE", "GR", "MA"};
        var client = Http.client();
        for (int i = 0; i < n; i++) {
            String id = String.format("bench-%03d", i);
            tokens.put(id, Http.registerTerritory(client, stack.ingestUrl(), stack.adminToken, id, countries[i % countries.length]));
        }
        return tokens;
    }

    private static void profile(Profiler profiler, String phase) {
        if (profiler != null) {
            try {
                profiler.start(phase);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start a JFR recording: " + e, e);
            }
        }
    }

    private static void unprofile(Profiler profiler, List<Profiler.HotSpots> hotSpots) {
        if (profiler != null) {
            try {
                hotSpots.add(profiler.stop(15));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the JFR recording: " + e, e);
            }
        }
    }

    // ---- the report's sections ----

    private static void ingestSection(Report report, IngestBenchmark.Result r, String failure) {
        String floor = "ingest / raw producer (events/s)";
        if (r == null) {
            report.verdict(Verdict.notMeasured(floor + " >= " + INGEST_FLOOR, String.valueOf(failure)));
            return;
        }
        Report.Section s = report.section("1. Ingest throughput (same events, same topics)",
                "run", "events", "seconds", "events/s", "CPU per event (whole JVM)");
        java.util.function.Consumer<IngestBenchmark.Round> row = round -> s.row(round.what(), Fmt.number(round.events()),
                Fmt.number(round.seconds()), Fmt.rate(round.perSecond()), micros(round.cpuMicrosPerEvent()));
        r.raw().forEach(row);
        row.accept(r.transactional());
        r.ingest().forEach(row);
        s.row("raw producer, median of rounds", "", "", Fmt.rate(r.rawMedian()), "");
        s.row("ingest, best (" + r.bestConcurrency() + " clients)", "", "", Fmt.rate(r.ingestBest()), "");
        double rawCpu = r.raw().stream().mapToDouble(IngestBenchmark.Round::cpuMicrosPerEvent).min().orElse(Double.NaN);
        s.row("**ratio ingest / raw**", "", "", Fmt.ratio(r.ratio()), cpuRatio(rawCpu,
                r.ingest().stream().mapToDouble(IngestBenchmark.Round::cpuMicrosPerEvent).min().orElse(Double.NaN)));
        s.row("ratio transactional producer / raw (context)", "", "",
                Fmt.ratio(Fmt.divide(r.transactional().perSecond(), r.rawMedian())),
                cpuRatio(rawCpu, r.transactional().cpuMicrosPerEvent()));
        s.note("Raw producer: one KafkaProducer (acks=all, idempotent, lz4, linger 5 ms, 128 KiB batches, as ingest's), "
                + "values serialized with TogetherSerdes inside the timed loop, to the same 8-partition event topics, after an "
                + "untimed warm-up of as many events as ingest receives in its warm-up and rounds (both paths equally warm).");
        s.note("Ingest: POST /api/v1/events, 100 events of one territory per request, each request rendered to bytes before "
                + "timing and written to a keep-alive HTTP/1.1 socket, one per client thread, as wrk does (a general-purpose "
                + "client in the same JVM cost about 13 µs per event); each request answered 202 with every event "
                + "accepted (validated, deduplicated, written with its receipt in a committed transaction). Rate limit set to "
                + Fmt.number(BenchStack.RATE_LIMIT) + " events/s per territory token: checked on every request, never "
                + "reached (a 429 would count as a failed request).");
        s.note("Transactional producer (context, not a verdict): what ingest's guarantee costs in Kafka alone. "
                + IngestBenchmark.COMMITTERS + " threads, each with a transactional producer with ingest's settings, write "
                + "each event and its receipt (as ingest writes them, hash header included) and commit every "
                + Fmt.number(IngestBenchmark.EVENTS_PER_TRANSACTION) + " events, after an untimed warm-up as long as the raw producer's; no HTTP, JSON, "
                + "validation or hashing. Ingest also reads every receipt back, as here. When this is itself near "
                + INGEST_FLOOR + "x the raw producer, the ingest floor leaves nothing for HTTP, parsing and validation.");
        s.note("CPU per event: the CPU time of the whole JVM (broker, registry, services, load generators) during the round "
                + "divided by its events; on a busy machine it moves less than the rates do. The CPU ratio (raw's best ÷ ingest's best) "
                + "is what the events/s ratio would be if CPU were the only limit.");
        s.note("POST latency over the ingest rounds: " + r.postLatency().describe()
                + (r.retries() > 0 ? "; " + r.retries() + " requests answered 503 and resent" : ""));
        r.problems().forEach(p -> s.note("PROBLEM: " + p));
        report.verdict(Verdict.atLeast(floor, r.ratio(), INGEST_FLOOR, ""));
    }

    private static String micros(double v) {
        return Double.isNaN(v) ? "" : Fmt.number(v) + " µs";
    }

    /** The CPU ratio beside a throughput ratio: what the throughput ratio would be if CPU were the only limit. */
    private static String cpuRatio(double baselineMicros, double measuredMicros) {
        Double r = Fmt.divide(baselineMicros, measuredMicros);
        return r == null ? "" : "CPU ratio " + Fmt.ratio(r);
    }

    private static void topologySection(Report report, TopologyBenchmark.Result r, String failure) {
        String floor = "full topology / minimal count app (records/s)";
        if (r == null) {
            report.verdict(Verdict.notMeasured(floor + " >= " + TOPOLOGY_FLOOR, String.valueOf(failure)));
            return;
        }
        Report.Section s = report.section("2. Topology throughput (exactly_once_v2, 1 stream thread, same pre-loaded events)",
                "app", "records", "startup", "processing", "records/s", "CPU per record (whole JVM)");
        for (TopologyBenchmark.Run run : List.of(r.consumer(), r.count(), r.perEvent(), r.full())) {
            s.row(run.what(), Fmt.number(run.records()), run.startupSeconds() == 0 ? "" : Fmt.number(run.startupSeconds()) + " s",
                    Fmt.number(run.processingSeconds()) + " s", Fmt.rate(run.perSecond()), micros(run.cpuMicrosPerRecord()));
        }
        s.row("**ratio full / count**", "", "", "", Fmt.ratio(r.ratio()), cpuRatio(r.count().cpuMicrosPerRecord(), r.full().cpuMicrosPerRecord()));
        s.row("ratio one stored record per event / count (context)", "", "", "",
                Fmt.ratio(Fmt.divide(r.perEvent().perSecond(), r.count().perSecond())),
                cpuRatio(r.count().cpuMicrosPerRecord(), r.perEvent().cpuMicrosPerRecord()));
        for (TopologyBenchmark.Run run : List.of(r.consumer(), r.count(), r.full())) {
            if (!run.detail().isEmpty()) {
                s.note(run.what() + ": " + run.detail() + ".");
            }
        }
        s.note("Each app has a fresh application.id and reads the event topics from the start; records/s is counted from "
                + "RUNNING (startup excluded) to the first moment its committed offsets reach the topics' end offsets "
                + "(Admin.listConsumerGroupOffsets, polled every 100 ms), confirmed 400 ms later; for the full topology "
                + "the network repartition topic must be consumed to its end too.");
        s.note("Count app: stream(5 event topics).groupByKey().count(), values kept as bytes; the same 32 MiB record "
                + "cache and max.task.idle.ms=-1 as the aggregation service; run once untimed first (another application id), "
                + "so it is timed with warm code, as the full topology is. Full topology: org.together.aggregation.AggregationStreamsService "
                + "as deployed (Avro decoding, territory entity state, day figures, day changes forwarded at commit to the "
                + "one-partition network task, global territories table, query API up), also run once untimed first.");
        s.note("One stored record per event: each record puts its own key (topic|partition|offset) into a changelogged "
                + "RocksDB store without a record cache (with unique keys a cache saves nothing), so each event is one "
                + "store write and one changelog record; run once untimed first, as the count app. It is the least an app can do that remembers every event durably, as the "
                + "aggregation remembers each event's participant, tool user, group or assessment (and so never counts "
                + "one twice): when it is itself below " + TOPOLOGY_FLOOR + "x the count app, the topology floor cannot be "
                + "met without giving that up.");
        report.verdict(Verdict.atLeast(floor, r.ratio(), TOPOLOGY_FLOOR, ""));
    }

    private static void liveSections(Report report, LatencyBenchmark.Result r, String failure, LatencyBenchmark.Settings settings) {
        String e2eFloor = "end-to-end p99 at " + Fmt.number(settings.eventsPerSecond()) + " events/s";
        String summaryFloor = "summary query p99 under that load";
        if (r == null) {
            report.verdict(Verdict.notMeasured(e2eFloor + " < " + E2E_P99_CEILING_MS + " ms", String.valueOf(failure)));
            report.verdict(Verdict.notMeasured(summaryFloor + " < " + SUMMARY_P99_CEILING_MS + " ms", String.valueOf(failure)));
            return;
        }
        Report.Section s = report.section("3. End-to-end latency, POST to dashboard (SSE /api/v1/live)",
                "measure", "p50", "p99", "max", "samples");
        latencyRow(s, "POST sent -> summary on the live stream (per event)", r.endToEnd());
        latencyRow(s, "POST sent -> first GET /api/v1/network/summary showing it", r.visibleInQuery());
        latencyRow(s, "POST sent -> 202 accepted (per request)", r.posts());
        s.note("Load: " + Fmt.number(r.posted()) + " participant.joined events of new participants from one territory app, "
                + "which every " + settings.tickMillis() + " ms sends what became due since its last request, one request at a time ("
                + Fmt.number(r.requests()) + " requests, " + Fmt.number((double) r.posted() / Math.max(1, r.requests()))
                + " events each on average); achieved " + Fmt.rate(r.achievedRate()) + "; "
                + Fmt.number(r.summariesReceived()) + " summaries received.");
        s.note("The second row follows the same events through the query reader of section 4 (a summary every few ms): "
                + "the pipeline without the live stream's own interval between checks for a change.");
        s.note("Correlation: requests go one at a time, in order, to one territory (one partition), so participantsEver "
                + "grows by one per event; a request's events count as shown at the first summary whose participantsEver "
                + "reaches the baseline plus all participants posted up to and including that request.");
        if (r.unresolved() > 0) {
            s.note("PROBLEM: " + r.unresolved() + " events never showed on the live stream; counted at their age when the wait ended.");
        }
        r.problems().forEach(p -> s.note("PROBLEM: " + p));

        Report.Section q = report.section("4. Query latency under that load", "endpoint", "p50", "p99", "max", "samples");
        latencyRow(q, "GET /api/v1/network/summary", r.summary());
        latencyRow(q, "GET /api/v1/network/growth?interval=week", r.growth());
        q.note("One reader asks summary then growth, pausing " + settings.queryPause().toMillis()
                + " ms between pairs, while the live load runs; time from request to full body.");

        Double e2eP99 = r.endToEnd().empty() ? null : r.endToEnd().p99Ms();
        Verdict e2e = Verdict.below(e2eFloor, e2eP99, E2E_P99_CEILING_MS, " ms");
        if (e2e.passed() && r.achievedRate() < settings.eventsPerSecond() * 0.95) {
            e2e = new Verdict(e2e.floor(), e2e.measured() + " but only " + Fmt.rate(r.achievedRate()) + " achieved", Verdict.Outcome.FAIL);
        }
        report.verdict(e2e);
        report.verdict(Verdict.below(summaryFloor, r.summary().empty() ? null : r.summary().p99Ms(), SUMMARY_P99_CEILING_MS, " ms"));
    }

    private static void latencyRow(Report.Section s, String what, Latency l) {
        if (l.empty()) {
            s.row(what, "-", "-", "-", "0");
        } else {
            s.row(what, Fmt.ms(l.p50Ms()), Fmt.ms(l.p99Ms()), Fmt.ms(l.maxMs()), Fmt.number(l.count()));
        }
    }

    // ---- scale ----

    private static void scaleCurve(Plan plan, Path workDir, Report report, Progress progress, long runStarted) {
        progress.say("5. scale curve: %d point(s)", plan.scale().size());
        Report.Section s = report.section("5. Scale curve (aggregation-streams, one instance)",
                "point", "events", "processing", "state on disk", "restart (local state)", "restore (from changelogs)",
                "answering meanwhile (last figures)", "summary p50 / p99", "growth p50 / p99", "territory summary p50 / p99", "territory list p50 / p99",
                "top " + ScaleBenchmark.TOP + " territories p50 / p99", "heap after GC: stack / + service");
        Double summaryAtFloor = null;
        ScaleBenchmark bench = new ScaleBenchmark(workDir, plan.querySamples(), plan.phaseTimeout());
        long scaleStarted = System.nanoTime();
        for (int i = 0; i < plan.scale().size(); i++) {
            ScaleBenchmark.Point p = plan.scale().get(i);
            Duration spent = Duration.ofNanos(System.nanoTime() - scaleStarted);
            if (spent.compareTo(plan.scaleBudget()) > 0) {
                s.row(p.label(), "skipped", "", "", "", "", "", "", "", "", "", "", "");
                s.note(p.label() + ": skipped, the scale curve had used its " + plan.scaleBudget().toMinutes() + " minutes");
                continue;
            }
            try {
                ScaleBenchmark.Measured m = bench.measure(p, i, progress);
                s.row(p.label(), Fmt.number(m.events()), Fmt.number(m.processSeconds()) + " s (" + Fmt.rate(m.perSecond()) + ")",
                        Fmt.bytes(m.stateBytes()), Fmt.number(m.restartSeconds()) + " s", Fmt.number(m.restoreSeconds()) + " s",
                        Fmt.number(m.answeringSeconds()) + " s", pair(m.summary()), pair(m.growth()), pair(m.territory()), pair(m.territoryList()),
                        pair(m.topTerritories()), Fmt.bytes(m.heapStackOnly()) + " / " + Fmt.bytes(m.heapWithService()));
                if (p.territories() == SUMMARY_FLOOR_TERRITORIES && !m.summary().empty()) {
                    summaryAtFloor = Math.max(summaryAtFloor == null ? 0 : summaryAtFloor, m.summary().p99Ms());
                }
                if (m.problem() != null) {
                    s.note("PROBLEM at " + p.label() + ": " + m.problem());
                }
                progress.say("  %s: restart %.1f s, restore %.1f s (answering after %.1f s), summary %s", p.label(),
                        m.restartSeconds(), m.restoreSeconds(), m.answeringSeconds(), m.summary().describe());
            } catch (Exception e) {
                s.row(p.label(), "failed", "", "", "", "", "", "", "", "", "", "", "");
                s.note(p.label() + ": could not finish: " + e);
                progress.say("  %s: FAILED %s", p.label(), e);
                e.printStackTrace(System.err);
            }
        }
        s.note("Each point runs on its own fresh broker: territories written to together.territories and events "
                + "(participant.joined spread evenly over the territories, occurred over the last year, plus one group "
                + "tool use per territory) produced raw, then one aggregation-streams instance processes them from the start.");
        s.note("Restart: a clean stop and start with the local RocksDB state kept; restore: Kafka Streams' state deleted (as "
                + "exactly-once does after a crash), every store rebuilt from its changelog; both timed from start to "
                + "/health/ready answering 200. Answering meanwhile: from start to the network summary answering 200, from "
                + "the last figures the instance kept, while it restores.");
        s.note("Heap after a full GC of the whole JVM (broker, registry and service together). State on disk after a clean stop.");
        s.note("Summary: GET /api/v1/network/summary?asOf=<today>, computed at each request (the plain path shares one answer "
                + "for 100 ms); top " + ScaleBenchmark.TOP + ": GET /api/v1/territories?limit=" + ScaleBenchmark.TOP
                + ", read from the network's kept ranking; territory list: the whole ranked list.");
        report.verdict(Verdict.below("network summary p99 at " + Fmt.number(SUMMARY_FLOOR_TERRITORIES) + " territories",
                summaryAtFloor, SUMMARY_P99_CEILING_MS, " ms"));
    }

    // ---- cost against history ----

    private static void historyCurve(Plan plan, Path workDir, Report report, Progress progress) {
        progress.say("6. cost against history: %s", plan.history().stream().map(Fmt::number).toList());
        Report.Section s = report.section("6. Cost against history (" + Fmt.number(HistoryBenchmark.TERRITORIES) + " territories, "
                        + HistoryBenchmark.DAYS / 365 + " years)", "events", "load", "processing", "heap after GC",
                "summary p50 / p99", "quarter snapshot", "ingest ready: restart / index lost",
                "aggregation ready: restart / state lost (answering after)");
        HistoryBenchmark bench = new HistoryBenchmark(workDir, plan.querySamples(), plan.phaseTimeout().multipliedBy(3));
        long started = System.nanoTime();
        HistoryBenchmark.Measured atFloor = null;
        for (int i = 0; i < plan.history().size(); i++) {
            long events = plan.history().get(i);
            if (Duration.ofNanos(System.nanoTime() - started).compareTo(plan.historyBudget()) > 0) {
                s.row(Fmt.number(events), "skipped", "", "", "", "", "", "");
                s.note(Fmt.number(events) + " events: skipped, the phase had used its " + plan.historyBudget().toMinutes() + " minutes");
                continue;
            }
            try {
                HistoryBenchmark.Measured m = bench.measure(events, i, progress);
                s.row(Fmt.number(events), Fmt.number(m.loadSeconds()) + " s", Fmt.number(m.processSeconds()) + " s",
                        Fmt.bytes(m.heapWithServices()), pair(m.summary()), Fmt.number(m.snapshotSeconds()) + " s",
                        Fmt.number(m.ingestRestartSeconds()) + " s / " + Fmt.number(m.ingestRebuildSeconds()) + " s",
                        Fmt.number(m.aggregationRestartSeconds()) + " s / " + Fmt.number(m.aggregationRestoreSeconds()) + " s ("
                                + Fmt.number(m.answeringSeconds()) + " s)");
                if (events == HISTORY_FLOOR_EVENTS) {
                    atFloor = m;
                }
            } catch (Exception e) {
                s.row(Fmt.number(events), "failed", "", "", "", "", "", "");
                s.note(Fmt.number(events) + " events: could not finish: " + e);
                progress.say("  %s events: FAILED %s", Fmt.number(events), e);
                e.printStackTrace(System.err);
            }
        }
        s.note("Each point on its own fresh broker: the territories registered, then the events of the bench mix (35% joins, "
                + "5% leaves, 40% tool uses, 8% evaluations, 12% footprints) over the last " + HistoryBenchmark.DAYS
                + " days, each with its receipt as ingest writes it, produced raw.");
        s.note("Heap: after a full GC of the whole JVM (broker, registry, ingest-service and aggregation-streams, all caught up). "
                + "Ingest ready: from start to /health/ready; its first start reads every receipt into its index (the same "
                + "as after losing the index), the restart keeps it. Quarter snapshot: the last complete quarter, network-wide, "
                + "by the reports' SnapshotService as ./together snapshot runs it, in this JVM. Aggregation ready: restart with "
                + "the local state, then with Kafka Streams' state deleted (restored from the changelogs), as in section 5.");
        if (plan.history().contains(HISTORY_FLOOR_EVENTS)) {
            String at = " with " + Fmt.number(HISTORY_FLOOR_EVENTS) + " events of history";
            report.verdict(Verdict.below("ingest ready after a restart" + at, atFloor == null ? null : atFloor.ingestRestartSeconds(),
                    INGEST_READY_CEILING_S, " s"));
            report.verdict(Verdict.below("quarter snapshot" + at, atFloor == null ? null : atFloor.snapshotSeconds(),
                    SNAPSHOT_CEILING_S, " s"));
        } else {
            s.note("The bars at " + Fmt.number(HISTORY_FLOOR_EVENTS) + " events (ingest ready within 30 s, a quarter's "
                    + "snapshot within 60 s) are judged in a full run; this one shows the curve up to "
                    + Fmt.number(plan.history().get(plan.history().size() - 1)) + ".");
        }
    }

    private static String pair(Latency l) {
        return l.empty() ? "-" : Fmt.ms(l.p50Ms()) + " / " + Fmt.ms(l.p99Ms());
    }

    // ---- heap ----

    private static void heapVerdict(Report report) {
        long max = Heap.maxHeap();
        long live = Heap.maxLiveAfterGc();
        Report.Section s = report.section("7. Heap", "measure", "value");
        s.row("max heap of this JVM (-Xmx)", Fmt.bytes(max));
        s.row("largest live heap after a full GC, at the end of each phase", Fmt.bytes(live));
        s.note("The broker, the registry, ingest-service, aggregation-streams and the load generators all run in this one JVM.");
        String floor = "embedded stack under load in <= 1 GiB heap";
        if (max > HEAP_CEILING * 1.02) {
            report.verdict(Verdict.notMeasured(floor, "this JVM may use " + Fmt.bytes(max) + "; run it with -Xmx1g"));
        } else {
            report.verdict(new Verdict(floor, "ran with max heap " + Fmt.bytes(max) + ", live after GC at most "
                    + Fmt.bytes(live), Verdict.Outcome.PASS));
        }
    }

    // ---- JFR ----

    private static void hotSpotSections(Report report, List<Profiler.HotSpots> hotSpots) {
        for (Profiler.HotSpots h : hotSpots) {
            String title = "Where the time goes: " + h.phase() + " (JFR, " + Fmt.number(h.samples()) + " samples";
            Report.Section where = report.section(title + ", every thread of the JVM)",
                    "thread", "samples", "top frame (self time)", "samples");
            rows(where, h.threads(), h.selfMethods());
            Report.Section project = report.section(title + ", project code)",
                    "deepest project frame", "samples", "project method, inclusive", "samples");
            rows(project, h.projectFrames(), h.projectInclusive());
        }
    }

    private static void rows(Report.Section s, List<Map.Entry<String, Long>> left, List<Map.Entry<String, Long>> right) {
        for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
            s.row(cell(left, i, true), cell(left, i, false), cell(right, i, true), cell(right, i, false));
        }
    }

    private static String cell(List<Map.Entry<String, Long>> entries, int i, boolean key) {
        if (i >= entries.size()) {
            return "";
        }
        return key ? entries.get(i).getKey() : Fmt.number(entries.get(i).getValue());
    }

    static void quietLogging() {
        for (String logger : List.of("org.apache.kafka", "kafka", "org.eclipse.jetty", "io.javalin", "org.apache.avro")) {
            Configurator.setAllLevels(logger, Level.ERROR);
        }
        Configurator.setAllLevels("org.together", Level.WARN);
    }
}
