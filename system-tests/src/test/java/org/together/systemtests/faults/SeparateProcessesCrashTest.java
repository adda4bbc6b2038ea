package org.together.systemtests.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.systemtests.faults.FaultTests.ADMIN_TOKEN;
import static org.together.systemtests.faults.FaultTests.LONGEST_503;
import static org.together.systemtests.faults.FaultTests.RESTARTED_INSTANCE_ANSWERS;
import static org.together.systemtests.faults.FaultTests.seconds;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.together.embedded.kafka.FreePorts;
import org.together.embedded.registry.EmbeddedSchemaRegistry;
import org.together.schemas.TogetherSerdes;
import org.together.schemas.Topics;

/**
 * The production shape on one machine, every part a process of its own on loopback: a Kafka broker from the Kafka
 * jars, ingest-service and three aggregation-streams instances started with {@code ./together} (one standby replica
 * each, the default: of the two instances left when one dies, one holds a copy of its figures and the other must
 * ask it), under a steady load of territory apps. An aggregation instance is killed (kill -9) and restarted, then the
 * broker: every instance left must keep answering every question (Availability, v2), and in the end the figures are
 * exactly what was acknowledged.
 */
@Tag("faults")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeparateProcessesCrashTest {

    private static final int EVENTS_PER_SECOND = 100;

    private static Path dir;
    private static BrokerProcess broker;
    private static EmbeddedSchemaRegistry registry;
    private static ChildProcess ingest;
    private static String ingestUrl;
    private static final Map<String, ChildProcess> aggregation = new LinkedHashMap<>();
    private static final Map<String, String> urls = new LinkedHashMap<>();
    private static List<SteadyLoad.Territory> territories;
    /** Every event sent by the tests of this class, all acknowledged in the end. */
    private static final SteadyLoad.Tally sent = new SteadyLoad.Tally();

    @BeforeAll
    static void startEveryPartAsAProcess() throws Exception {
        dir = FaultTests.directory("separate-processes");
        try {
            broker = BrokerProcess.start(dir.resolve("broker"));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
                Topics.ensureCreated(admin, (short) 1, Optional.empty());
            }
            registry = EmbeddedSchemaRegistry.start(broker.bootstrap(), "127.0.0.1", 0);
            TogetherSerdes.forRegistryUrl(registry.url()).registerAll();
            Map<String, String> env = Map.of("TOGETHER_ADMIN_TOKEN", ADMIN_TOKEN, "TOGETHER_PSEUDONYM_KEY", FaultTests.PSEUDONYM_KEY);
            int ingestPort = FreePorts.pick();
            ingestUrl = "http://127.0.0.1:" + ingestPort;
            ingest = Launcher.start("ingest-service", "-Xmx384m", env, dir.resolve("ingest.log"), "ingest-service",
                    "--kafka", broker.bootstrap(), "--registry", registry.url(), "--host", "127.0.0.1",
                    "--ingest-port", String.valueOf(ingestPort), "--data-dir", dir.resolve("ingest").toString());
            for (String name : List.of("aggregation-1", "aggregation-2", "aggregation-3")) {
                int port = FreePorts.pick();
                urls.put(name, "http://127.0.0.1:" + port);
                aggregation.put(name, Launcher.start(name, "-Xmx384m", env, dir.resolve(name + ".log"), "aggregation-streams",
                        "--kafka", broker.bootstrap(), "--registry", registry.url(), "--host", "127.0.0.1",
                        "--query-port", String.valueOf(port), "--advertised-host", "127.0.0.1",
                        "--data-dir", dir.resolve(name).toString()));
            }
            FaultTests.awaitReady("ingest-service", ingestUrl, ingest, Duration.ofMinutes(3));
            for (String name : aggregation.keySet()) {
                FaultTests.awaitReady(name, urls.get(name), aggregation.get(name), Duration.ofMinutes(3));
            }
            territories = FaultTests.registerTerritories(ingestUrl, "fault", 6);
        } catch (Throwable e) {
            stopEverything();
            throw e;
        }
    }

    @AfterAll
    static void stopEverything() {
        aggregation.values().forEach(p -> p.stop(Duration.ofSeconds(30)));
        if (ingest != null) {
            ingest.stop(Duration.ofSeconds(30));
        }
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void whenTheInstanceHoldingTheNetworkFiguresIsKilledTheOthersAnswerEverythingAndTheRestartedOneAnswersWithin15s()
            throws Exception {
        List<String> questions = FaultTests.questions(territories);
        try (SteadyLoad load = new SteadyLoad(() -> ingestUrl, territories, EVENTS_PER_SECOND, sent);
             QueryWatch watch = new QueryWatch(urls, questions, Duration.ofSeconds(1))) {
            Instant started = Instant.now();
            for (String name : urls.keySet()) {
                await(() -> watch.firstLive(name, started).isPresent(), Duration.ofMinutes(2), name + " answering live");
            }
            Instant watched = Instant.now(); // every instance answers everything from here on
            Thread.sleep(8_000); // figures flowing; every question answered and kept

            String owner = Http.get(urls.get("aggregation-1") + "/api/v1/network/summary", Duration.ofSeconds(5))
                    .header("X-Together-Answered-By").orElseThrow();
            String victim = urls.entrySet().stream().filter(e -> e.getValue().endsWith(owner.substring(owner.indexOf(':'))))
                    .map(Map.Entry::getKey).findFirst().orElseThrow();
            List<String> survivors = urls.keySet().stream().filter(n -> !n.equals(victim)).toList();
            Instant killed = Instant.now();
            aggregation.get(victim).kill();
            // past the session timeout (10 s) and the rebalance that gives the survivors its tasks
            Thread.sleep(25_000);
            // the network figures stand still while their owner is dead (a standby answers them), then move again
            long frozen = watch.highestLive(survivors.get(0), "/api/v1/network/summary", killed.plusSeconds(5));
            Instant moving = watch.polls(survivors.get(0)).stream()
                    .filter(p -> p.at().isAfter(killed.plusSeconds(5)) && p.live() && p.participantsEver() > frozen)
                    .map(QueryWatch.Poll::at).findFirst().orElse(null);

            aggregation.get(victim).start();
            Instant restarted = aggregation.get(victim).startedAt();
            await(() -> watch.firstAnsweredAll(victim, restarted).isPresent(), Duration.ofMinutes(1), victim + " answering again");
            await(() -> watch.firstLive(victim, restarted).isPresent(), Duration.ofMinutes(2), victim + " answering live again");
            Instant answered = watch.firstAnsweredAll(victim, restarted).orElseThrow();
            Instant live = watch.firstLive(victim, restarted).orElseThrow();
            Thread.sleep(10_000); // settled, and the rebalance that brings tasks back to it
            load.finish(Duration.ofMinutes(1));
            Instant end = Instant.now();
            watch.save(dir.resolve("instance-kill-answers.csv"));
            for (String name : urls.keySet()) {
                FaultTests.awaitExactFigures(name, urls.get(name), sent, territories, Duration.ofMinutes(1));
            }

            List<QueryWatch.Unavailability> survivorGaps = survivors.stream().map(n -> watch.longestUnavailable(n, watched, end)).toList();
            QueryWatch.Unavailability restartedGap = watch.longestUnavailable(victim, answered, end);
            ChildProcess restartedInstance = aggregation.get(victim);
            System.out.printf("[faults] aggregation instance killed: %s held the network figures; %s; network figures moving again "
                            + "%s after the kill; %s restarted, answered %s after its start (%s of it waiting for a CPU held by "
                            + "other processes; live %s); %d events, %d refused%n",
                    victim, survivorGaps, moving == null ? "not within 25 s" : seconds(killed, moving), victim,
                    seconds(restarted, answered), seconds(restartedInstance.waitedForCpu(answered)), seconds(restarted, live),
                    load.acknowledged(), load.refused());
            assertThat(load.problems()).isEmpty();
            for (QueryWatch.Unavailability gap : survivorGaps) {
                assertThat(gap.span()).as("%s", gap).isLessThanOrEqualTo(LONGEST_503);
            }
            for (String survivor : survivors) {
                // until the group notices the death (10 s session), the only live copy of the network figures is the
                // standby on one survivor: the other survivor must ask it, not fall back on its last figures
                assertThat(watch.polls(survivor)).as("%s answering the network figures live before the rebalance", survivor)
                        .anyMatch(p -> p.question().equals("/api/v1/network/summary") && p.live()
                                && p.at().isAfter(killed.plusSeconds(1)) && p.at().isBefore(killed.plusSeconds(6)));
            }
            assertThat(restartedGap.span()).as("%s", restartedGap).isLessThanOrEqualTo(LONGEST_503);
            // less the time the restarted JVM's starting thread waited for a CPU other processes held (a shared machine)
            assertThat(restartedInstance.startedFor(answered)).as("restart to answering, less %s waiting for a CPU",
                    seconds(restartedInstance.waitedForCpu(answered))).isLessThanOrEqualTo(RESTARTED_INSTANCE_ANSWERS);
        }
    }

    @Test
    @Order(2)
    void whenTheBrokerIsKilledQueriesAreAnsweredThroughoutAndNoServiceSaysItIsReady() throws Exception {
        List<String> questions = FaultTests.questions(territories);
        Map<String, String> ready = new LinkedHashMap<>();
        ready.put("ingest-service", ingestUrl);
        ready.putAll(urls);
        try (SteadyLoad load = new SteadyLoad(() -> ingestUrl, territories, EVENTS_PER_SECOND, sent);
             QueryWatch watch = new QueryWatch(urls, questions, Duration.ofSeconds(1));
             QueryWatch readiness = new QueryWatch(ready, List.of("/health/ready"), Duration.ofSeconds(1))) {
            Instant started = Instant.now();
            for (String name : urls.keySet()) {
                await(() -> watch.firstLive(name, started).isPresent(), Duration.ofMinutes(1), name + " answering live");
            }
            Instant watched = Instant.now();
            Thread.sleep(5_000);
            Instant killed = Instant.now();
            broker.kill();
            Thread.sleep(20_000);
            Instant restarted = Instant.now();
            broker.restart();
            // the broker's return as its own log dates it: a client of the test's may see it seconds after the services do
            Instant serving = broker.awaitServing(Duration.ofMinutes(2));
            long acknowledgedAtRestart = load.acknowledged();
            await(() -> load.acknowledged() > acknowledgedAtRestart + 100, Duration.ofMinutes(2), "ingest accepting again");
            Instant accepting = Instant.now();
            for (String name : ready.keySet()) {
                await(() -> readiness.firstAnsweredAll(name, serving).isPresent(), Duration.ofMinutes(2), name + " ready again");
            }
            load.finish(Duration.ofMinutes(1));
            Instant end = Instant.now();
            watch.save(dir.resolve("broker-kill-answers.csv"));
            readiness.save(dir.resolve("broker-kill-readiness.csv"));
            for (String name : urls.keySet()) {
                FaultTests.awaitExactFigures(name, urls.get(name), sent, territories, Duration.ofMinutes(1));
            }

            List<String> readyWhileDown = new ArrayList<>();
            for (String name : ready.keySet()) {
                // the checks look every second with a 2 s timeout, a poll dated when it was sent: a service may say ready
                // for up to 3 s after the kill, and a poll sent up to 3 s before the broker serves again may be answered
                // ready once it does; in between, never
                readiness.polls(name).stream().filter(p -> p.at().isAfter(killed.plusSeconds(4))
                                && p.at().isBefore(serving.minusSeconds(3)) && p.ok())
                        .forEach(p -> readyWhileDown.add(name + " at " + seconds(killed, p.at()) + " after the kill"));
            }
            System.out.printf("[faults] broker killed for 20 s: serving %s after its restart (its log), ingest accepting %s after "
                            + "it, every service ready %s after it; queries: %s%n", seconds(restarted, serving),
                    seconds(restarted, accepting), seconds(restarted, urls.keySet().stream().map(n -> readiness.firstAnsweredAll(n, serving)
                            .orElseThrow()).max(Instant::compareTo).orElseThrow()),
                    urls.keySet().stream().map(n -> watch.longestUnavailable(n, watched, end)).toList());
            assertThat(load.problems()).isEmpty();
            assertThat(readyWhileDown).as("/health/ready while Kafka was down").isEmpty();
            for (String name : urls.keySet()) {
                QueryWatch.Unavailability gap = watch.longestUnavailable(name, watched, end);
                assertThat(gap.span()).as("%s", gap).isLessThanOrEqualTo(LONGEST_503);
            }
        }
    }

    static void await(java.util.function.BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                StringBuilder logs = new StringBuilder();
                aggregation.forEach((name, p) -> logs.append("\n== ").append(name).append("\n").append(p.tail(30)));
                throw new AssertionError("no " + what + " within " + timeout + logs);
            }
            Thread.sleep(200);
        }
    }
}
