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
 * instead of the bench's 100: what ingest spends per request rather than per event.
 */
public final class IngestOnly {

    private IngestOnly() {
    }

    public static void main(String[] args) throws Exception {
        int batch = Bench.Plan.quick().ingest().batch();
        if (args.length == 2 && args[0].equals("--batch") && args[1].matches("[0-9]{1,4}")
                && Integer.parseInt(args[1]) >= 1 && Integer.parseInt(args[1]) <= 1_000) {
            batch = Integer.parseInt(args[1]);
        } else if (args.length > 0) {
            System.err.println("usage: IngestOnly [--batch EVENTS_PER_REQUEST (1-1000)]");
            System.exit(2);
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
            IngestBenchmark.Settings quick = Bench.Plan.quick().ingest();
            IngestBenchmark.Settings settings = new IngestBenchmark.Settings(quick.rawWarmup(), quick.rawPerRound(),
                    quick.rawRounds(), quick.ingestWarmup(), quick.ingestPerRound(), quick.concurrencies(), batch);
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
}
