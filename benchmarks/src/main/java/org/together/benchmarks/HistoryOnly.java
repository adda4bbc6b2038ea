package org.together.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.together.schemas.Topics;

/**
 * Phase 6 (cost against history) alone, for one or more points, e.g. the 10M-event point of the full run without the
 * rest of it: {@code java -Xmx1g -cp 'benchmarks/target/benchmarks.jar:benchmarks/target/lib/*'
 * org.together.benchmarks.HistoryOnly [events...]} (default 10,000,000). Prints each point and the 10M bars' verdicts;
 * writes no report.
 */
public final class HistoryOnly {

    private HistoryOnly() {
    }

    public static void main(String[] args) throws Exception {
        Bench.quietLogging();
        Topics.eventTopics();
        List<Long> points = new ArrayList<>();
        for (String a : args) {
            points.add(Long.parseLong(a.replace("_", "").replace(",", "")));
        }
        if (points.isEmpty()) {
            points.add(Bench.HISTORY_FLOOR_EVENTS);
        }
        Progress progress = new Progress(System.out);
        Path dir = Files.createTempDirectory("together-bench-history-");
        try (LoadWatch load = new LoadWatch()) {
            HistoryBenchmark bench = new HistoryBenchmark(dir, 300, Duration.ofMinutes(30));
            for (int i = 0; i < points.size(); i++) {
                long started = System.nanoTime();
                HistoryBenchmark.Measured m = bench.measure(points.get(i), i, progress);
                progress.say("%s events: load %s s, processing %s s, heap after GC %s, summary p50 %s / p99 %s, "
                                + "quarter snapshot %s s, ingest ready restart %s s / index lost %s s, aggregation ready "
                                + "restart %s s / state lost %s s (answering after %s s); load average up to %.1f",
                        Fmt.number(m.events()), Fmt.number(m.loadSeconds()), Fmt.number(m.processSeconds()),
                        Fmt.bytes(m.heapWithServices()), Fmt.ms(m.summary().p50Ms()), Fmt.ms(m.summary().p99Ms()),
                        Fmt.number(m.snapshotSeconds()), Fmt.number(m.ingestRestartSeconds()),
                        Fmt.number(m.ingestRebuildSeconds()), Fmt.number(m.aggregationRestartSeconds()),
                        Fmt.number(m.aggregationRestoreSeconds()), Fmt.number(m.answeringSeconds()), load.maxSince(started));
                if (m.events() == Bench.HISTORY_FLOOR_EVENTS) {
                    progress.say("ingest ready after a restart < %.0f s: %s; quarter snapshot < %.0f s: %s; max heap %s",
                            Bench.INGEST_READY_CEILING_S, m.ingestRestartSeconds() < Bench.INGEST_READY_CEILING_S ? "PASS" : "FAIL",
                            Bench.SNAPSHOT_CEILING_S, m.snapshotSeconds() < Bench.SNAPSHOT_CEILING_S ? "PASS" : "FAIL",
                            Fmt.bytes(Heap.maxHeap()));
                }
            }
        } finally {
            Heap.deleteRecursively(dir);
        }
        System.exit(0);
    }
}
