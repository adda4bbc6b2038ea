package org.together.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.together.aggregation.AggregationStreamsService;
import org.together.figures.Period;
import org.together.reports.snapshot.SnapshotService;

/**
 * What a long history costs, with the network's size fixed: N events of {@value #TERRITORIES} territories over
 * {@value #DAYS} days (the bench mix, each event with its receipt, as ingest writes them) on a fresh broker, then
 * the costs the quality bars say must follow the network, not its history: heap after GC, ingest ready after a
 * restart (and after losing its local index), the summary's p99, a quarter's snapshot, and aggregation-streams ready
 * after a restart and after losing its local state.
 */
final class HistoryBenchmark {

    static final int TERRITORIES = 1_000;
    static final int DAYS = 3 * 365;

    record Measured(long events, double loadSeconds, double processSeconds, long heapWithServices, Latency summary,
                    double snapshotSeconds, double ingestRebuildSeconds, double ingestRestartSeconds,
                    double aggregationRestartSeconds, double aggregationRestoreSeconds, double answeringSeconds) {
    }

    private final Path workDir;
    private final int querySamples;
    private final Duration timeout;

    HistoryBenchmark(Path workDir, int querySamples, Duration timeout) {
        this.workDir = workDir;
        this.querySamples = querySamples;
        this.timeout = timeout;
    }

    Measured measure(long events, int index, Progress progress) throws Exception {
        String label = Fmt.number(events) + " events";
        try (AggregationPoint at = AggregationPoint.start(workDir, "history", index, timeout)) {
            BenchStack stack = at.stack;
            long started = System.nanoTime();
            ReportHistory.load(stack.bootstrap(), stack.serdes, events, TERRITORIES, DAYS, true, progress::say);
            double load = seconds(started);
            progress.say("  %s: loaded in %.1f s", label, load);

            // ingest: its first start reads every receipt into its index (as after losing its local state); then a restart
            started = System.nanoTime();
            stack.startIngest();
            double ingestRebuild = seconds(started);
            stack.stopIngest();
            started = System.nanoTime();
            stack.startIngest();
            double ingestRestart = seconds(started);
            progress.say("  %s: ingest ready after %.1f s (index built), %.1f s (restart)", label, ingestRebuild, ingestRestart);

            AggregationStreamsService service = at.aggregation();
            double process;
            Latency summary;
            long heap;
            try {
                process = at.processAll(service, System.nanoTime() + timeout.toNanos());
                progress.say("  %s: processed in %.1f s", label, process);
                BenchStack.awaitReady(service, Duration.ofMinutes(2));
                var client = Http.client();
                summary = AggregationPoint.timeComputedSummary(client, BenchStack.url(service), querySamples);
                // as a dashboard asks it: the instance keeps this answer, and answers it after the loss of its state
                Http.getJson(client, BenchStack.url(service) + "/api/v1/network/summary");
                heap = Heap.usedAfterGc();
            } finally {
                service.close();
            }
            stack.stopIngest();

            // the last complete quarter, network-wide, as ./together snapshot makes it (the log read back, not the stores)
            LocalDate to = Period.QUARTER.start(LocalDate.now(ZoneOffset.UTC));
            LocalDate from = Period.QUARTER.start(to.minusDays(1));
            started = System.nanoTime();
            SnapshotService.forRegistryUrl(stack.bootstrap(), stack.kafka.registryUrl(), Map.of()).compute(from, to, Optional.empty());
            double snapshot = seconds(started);
            progress.say("  %s: quarter snapshot in %.1f s", label, snapshot);

            AggregationPoint.Restarts restarts = at.restarts();
            return new Measured(events, load, process, heap, summary, snapshot, ingestRebuild, ingestRestart,
                    restarts.restartSeconds(), restarts.restoreSeconds(), restarts.answeringSeconds());
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
