package org.together.systemtests.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.systemtests.faults.FaultTests.ADMIN_TOKEN;
import static org.together.systemtests.faults.FaultTests.LONGEST_503;
import static org.together.systemtests.faults.FaultTests.RESTARTED_STACK_ANSWERS;
import static org.together.systemtests.faults.FaultTests.seconds;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.together.embedded.kafka.FreePorts;

/**
 * The embedded stack ({@code ./together run}: broker, registry, ingest and aggregation in one JVM) killed with kill -9
 * under a steady load, and started again on its data dir. Its query API must answer within 20 s of the restart
 * (Availability, v2): with the last figures it kept, marked as such, while Kafka comes back and the state is restored;
 * never with half-restored figures presented as live; and in the end with exactly what was acknowledged.
 */
@Tag("faults")
class WholeStackCrashTest {

    private static final int EVENTS_PER_SECOND = 100;
    private static final String SUMMARY = "/api/v1/network/summary";

    @Test
    void aCrashedStackAnswersWithin20sOfItsRestartAndNeverWithHalfRestoredFigures() throws Exception {
        Path dir = FaultTests.directory("whole-stack");
        int ingestPort = FreePorts.pick();
        int queryPort = FreePorts.pick();
        String ingestUrl = "http://127.0.0.1:" + ingestPort;
        String queryUrl = "http://127.0.0.1:" + queryPort;
        ChildProcess stack = Launcher.start("together-run", "-Xmx768m", Map.of("TOGETHER_ADMIN_TOKEN", ADMIN_TOKEN),
                dir.resolve("run.log"), "run", "--data-dir", dir.resolve("data").toString(),
                "--kafka-port", String.valueOf(FreePorts.pick()), "--controller-port", String.valueOf(FreePorts.pick()),
                "--registry-port", String.valueOf(FreePorts.pick()), "--ingest-port", String.valueOf(ingestPort),
                "--query-port", String.valueOf(queryPort));
        try {
            stack.awaitOutput("Press Ctrl-C to stop.", Duration.ofMinutes(3));
            List<SteadyLoad.Territory> territories = FaultTests.registerTerritories(ingestUrl, "crash", 4);
            SteadyLoad.Tally sent = new SteadyLoad.Tally();
            try (SteadyLoad load = new SteadyLoad(() -> ingestUrl, territories, EVENTS_PER_SECOND, sent);
                 QueryWatch watch = new QueryWatch(Map.of("stack", queryUrl), FaultTests.questions(territories), Duration.ofSeconds(1));
                 // quicker looks at the summary alone: a half-restored figure served as live would show between them
                 QueryWatch close = new QueryWatch(Map.of("stack", queryUrl), List.of(SUMMARY), Duration.ofMillis(200))) {
                Instant watched = Instant.now();
                SeparateProcessesCrashTest.await(() -> watch.firstLive("stack", watched).isPresent(), Duration.ofMinutes(1),
                        "the stack answering live");
                Thread.sleep(15_000); // figures flowing; every question answered and kept

                stack.kill();
                Instant killed = Instant.now();
                // queries read what a task wrote at its last commit, a moment before the commit completes: the figures of
                // the last moments before a crash come back only when their events are processed again. Half-restored
                // figures would be short by far more than the joins of one second of load.
                long before = Math.max(watch.highestLive("stack", SUMMARY, killed), close.highestLive("stack", SUMMARY, killed))
                        - EVENTS_PER_SECOND;
                stack.start();
                Instant restarted = stack.startedAt();
                SeparateProcessesCrashTest.await(() -> watch.firstAnsweredAll("stack", restarted).isPresent(), Duration.ofMinutes(1),
                        "the restarted stack answering");
                SeparateProcessesCrashTest.await(() -> watch.firstLive("stack", restarted).isPresent(), Duration.ofMinutes(3),
                        "the restarted stack answering live");
                Instant answered = watch.firstAnsweredAll("stack", restarted).orElseThrow();
                Instant live = watch.firstLive("stack", restarted).orElseThrow();
                Thread.sleep(5_000);
                load.finish(Duration.ofMinutes(1));
                FaultTests.awaitExactFigures("the stack", queryUrl, sent, territories, Duration.ofMinutes(1));
                Instant end = Instant.now();
                watch.save(dir.resolve("answers.csv"));
                close.save(dir.resolve("summary-answers.csv"));

                QueryWatch.Unavailability gap = watch.longestUnavailable("stack", answered, end);
                System.out.printf("[faults] whole stack killed: answered %s after its restart (last figures; %s of it waiting for a "
                                + "CPU held by other processes), live %s after it; longest gap after answering %d ms; %d events, "
                                + "%d requests refused or unanswered%n", seconds(restarted, answered),
                        seconds(stack.waitedForCpu(answered)), seconds(restarted, live), gap.span().toMillis(),
                        load.acknowledged(), load.refused());
                assertThat(load.problems()).isEmpty();
                // less the time the restarted JVM's starting thread waited for a CPU other processes held (a shared machine)
                assertThat(stack.startedFor(answered)).as("restart to answering, less %s waiting for a CPU",
                        seconds(stack.waitedForCpu(answered))).isLessThanOrEqualTo(RESTARTED_STACK_ANSWERS);
                assertThat(gap.span()).as("%s", gap).isLessThanOrEqualTo(LONGEST_503);
                assertThat(close.liveBelow("stack", SUMMARY, before, restarted))
                        .as("live answers after the restart counting far fewer participants than before the crash (%d)", before).isEmpty();
                assertThat(watch.liveBelow("stack", SUMMARY, before, restarted)).isEmpty();
            }
        } finally {
            stack.stop(Duration.ofMinutes(1));
        }
    }
}
