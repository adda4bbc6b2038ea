package org.together.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.together.schemas.Topics;

/**
 * Phase 1 of the quick run alone (ingest against a raw producer), for comparing two builds of ingest minutes apart:
 * {@code java -Xmx1g -cp 'benchmarks/target/benchmarks.jar:benchmarks/target/lib/*' org.together.benchmarks.IngestOnly}.
 * Prints each round, the ratio and the machine's load; writes no report. {@code --batch N} sends N events a request
 * instead of the bench's 100: what ingest spends per request rather than per event; {@code --warmup N} and
 * {@code --per-round N} change the quick run's 200,000 untimed and 40,000 timed events (the raw producer warmed alike).
 */
public final class IngestOnly {

    private IngestOnly() {
    }

    public static void main(String[] args) throws Exception {
        IngestBenchmark.Settings quick = Bench.Plan.quick().ingest();
        int batch = quick.batch();
        int warmup = quick.ingestWarmup();
        int perRound = quick.ingestPerRound();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length || !args[i + 1].matches("[0-9]{1,8}") || Integer.parseInt(args[i + 1]) < 1) {
                usage();
            }
            int value = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--batch" -> batch = value <= 1_000 ? value : usage();
                case "--warmup" -> warmup = value;
                case "--per-round" -> perRound = value;
                default -> usage();
            }
        }
        Bench.quietLogging();
        Topics.eventTopics();
        Progress progress = new Progress(System.out);
        Path dir = Files.createTempDirectory("together-bench-ingest-");
        try (LoadWatch load = new LoadWatch(); BenchStack stack = BenchStack.start(dir.resolve("main"))) {
            long started = System.nanoTime();
            stack.startIngest();
            Map<String, String> tokens = Bench.registerTerritories(stack, Bench.Plan.quick().territories());
            progress.say("1. ingest: raw producer vs ingest-service over HTTP (load average now %.1f)", LoadWatch.now());
            IngestBenchmark.Settings settings = IngestBenchmark.Settings.warmAlike(quick.rawPerRound(), quick.rawRounds(),
                    warmup, perRound, quick.concurrencies(), batch);
            IngestBenchmark.Result r = new IngestBenchmark(stack, settings, List.copyOf(tokens.keySet()),
                    tokens).run(progress, phase -> { });
            for (IngestBenchmark.Round round : r.ingest()) {
                progress.say("  %s: %.1f µs CPU per event", round.what(), round.cpuMicrosPerEvent());
            }
            double rawCpu = r.raw().stream().mapToDouble(IngestBenchmark.Round::cpuMicrosPerEvent).min().orElse(Double.NaN);
            double ingestCpu = r.ingest().stream().mapToDouble(IngestBenchmark.Round::cpuMicrosPerEvent).min().orElse(Double.NaN);
            progress.say("ratio ingest / raw %s (raw median %s, ingest best %s at %d clients); CPU per event raw %.1f µs, "
                            + "ingest %.1f µs; POST %s; load average up to %.1f", Fmt.ratio(r.ratio()), Fmt.rate(r.rawMedian()),
                    Fmt.rate(r.ingestBest()), r.bestConcurrency(), rawCpu, ingestCpu, r.postLatency().describe(),
                    load.maxSince(started));
            r.problems().forEach(p -> progress.say("PROBLEM: %s", p));
        } finally {
            Heap.deleteRecursively(dir);
        }
        System.exit(0);
    }

    private static int usage() {
        System.err.println("usage: IngestOnly [--batch EVENTS_PER_REQUEST (1-1000)] [--warmup EVENTS] [--per-round EVENTS]");
        System.exit(2);
        return 0;
    }
}
