package org.together.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
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
        Path dir = workDir.resolve("history-" + index);
        String label = Fmt.number(events) + " events";
        ScaleBenchmark restarts = new ScaleBenchmark(workDir, querySamples, timeout);
        try (BenchStack stack = BenchStack.start(dir)) {
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

            String applicationId = "bench-history-" + index;
            Path stateDir = dir.resolve("streams");
            AggregationStreamsService service = stack.aggregation(applicationId, stateDir, ScaleBenchmark.RESTARTABLE);
            double process;
            Latency summary;
            long heap;
            try {
                process = ScaleBenchmark.processAll(stack, service, applicationId, System.nanoTime() + timeout.toNanos());
                progress.say("  %s: processed in %.1f s", label, process);
                BenchStack.awaitReady(service, Duration.ofMinutes(2));
                String computed = ScaleBenchmark.computedSummary(BenchStack.url(service));
                var client = Http.client();
                for (int i = 0; i < 20; i++) {
                    Http.get(client, computed);
                }
                summary = ScaleBenchmark.timeGets(client, querySamples, () -> computed);
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

            double restart;
            double[] restore;
            try (Admin admin = Kafka.admin(stack.bootstrap())) {
                restarts.awaitGroupEmpty(admin, applicationId);
                restart = restarts.timeToReady(stack.aggregation(applicationId, stateDir, ScaleBenchmark.RESTARTABLE));
                Heap.deleteRecursively(stateDir.resolve(applicationId));
                restarts.awaitGroupEmpty(admin, applicationId);
                restore = restarts.timeToAnswerThenReady(stack.aggregation(applicationId, stateDir, ScaleBenchmark.RESTARTABLE));
            }
            return new Measured(events, load, process, heap, summary, snapshot, ingestRebuild, ingestRestart, restart, restore[1],
                    restore[0]);
        } finally {
            Heap.deleteRecursively(dir);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
