package org.together.ingest;

import static org.together.ingest.IngestTestSupport.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.together.schemas.Topics;

/**
 * Not a test: a measurement of CPU time per accepted event, run on demand with
 * {@code -Dtest=IngestCpuProbe -Dingest.probe=true}. CPU per event moves much less than throughput on a machine
 * shared with other work. A fresh ingest instance (no rate limit) receives the bench's kind of mix (35% joins of new
 * participants, 5% leaves and 40% tool uses of known ones, 20% group tool uses) in requests of 100 of one territory
 * from concurrent keep-alive clients; a raw idempotent producer sends Avro joins of the same size. Prints the JVM's
 * CPU per event for both (broker and clients included, as the bench counts it), the CPU per event of each thread
 * group and the broker's requests per HTTP request during the ingest rounds; with {@code -Dingest.probe.jfr=true}, a JFR
 * recording of the last ingest round in {@code /tmp}.
 */
@EnabledIfSystemProperty(named = "ingest.probe", matches = "true")
class IngestCpuProbe {

    private static final int EVENTS = Integer.getInteger("ingest.probe.events", 40_000);
    private static final int ROUNDS = Integer.getInteger("ingest.probe.rounds", 3);
    private static final int CLIENTS = Integer.getInteger("ingest.probe.clients", 32);
    private static final int BATCH = 100;
    private static final int TERRITORIES = 8;

    private final Random random = new Random(42);

    @Test
    void measure() throws Exception {
        IngestService service = IngestTestSupport.start(IngestTestSupport.config(IngestTestSupport.tempDir()).withRateLimit(0));
        try {
            int port = service.port();
            List<String[]> territories = new ArrayList<>();
            for (int t = 0; t < TERRITORIES; t++) {
                territories.add(IngestTestSupport.newTerritory(port, "cpu"));
            }
            Map<String, List<String>> people = new HashMap<>();
            http(port, territories, people, EVENTS, "warm-up", false);
            raw(territories.get(0)[0], EVENTS, "warm-up");
            for (int r = 1; r <= ROUNDS; r++) {
                raw(territories.get(0)[0], EVENTS * 2, "round " + r);
                http(port, territories, people, EVENTS, "round " + r, r == ROUNDS && Boolean.getBoolean("ingest.probe.jfr"));
            }
            IngestTestSupport.get(port, "/metrics", null).text().lines()
                    .filter(l -> l.startsWith("together_ingest_transaction") || l.startsWith("together_ingest_request_phase_seconds_sum"))
                    .forEach(l -> System.out.println("CPUPROBE " + l));
        } finally {
            service.close();
        }
    }

    private void http(int port, List<String[]> territories, Map<String, List<String>> people, int events, String what,
                      boolean record) throws Exception {
        int requests = events / BATCH;
        List<byte[]> bodies = new ArrayList<>(requests);
        List<String> tokens = new ArrayList<>(requests);
        for (int r = 0; r < requests; r++) {
            String[] t = territories.get(r % territories.size());
            List<String> known = people.computeIfAbsent(t[0], k -> new ArrayList<>());
            ArrayNode batch = JSON.createArrayNode();
            for (int i = 0; i < BATCH; i++) {
                batch.add(event(t[0], known));
            }
            bodies.add(IngestTestSupport.bytes(batch));
            tokens.add(t[1]);
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        jdk.jfr.Recording recording = null;
        if (record) {
            recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            recording.start();
        }
        Map<String, Long> threadsBefore = threadCpu();
        Map<String, Double> requestsBefore = brokerRequests();
        long gc = gcMillis();
        long cpu = processCpu();
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            done.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < requests) {
                    var response = IngestTestSupport.send(port, "POST", "/api/v1/events", tokens.get(i), "application/json",
                            bodies.get(i));
                    if (response.status() != 202) {
                        if (failures.incrementAndGet() < 3) {
                            System.out.println("CPUPROBE not 202: " + response.status() + " " + response.text());
                        }
                    }
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        cpu = processCpu() - cpu;
        Map<String, Long> threadsAfter = threadCpu();
        Map<String, Double> requestsAfter = brokerRequests();
        gc = gcMillis() - gc;
        pool.shutdown();
        int n = requests * BATCH;
        System.out.printf("CPUPROBE ingest %s: %d events in %.2f s = %.0f/s, %.1f us CPU per event (whole JVM), %d failed%n",
                what, n, seconds, n / seconds, cpu / 1e3 / n, failures.get());
        if (!what.equals("warm-up")) {
            Map<String, Long> groups = new TreeMap<>();
            threadsAfter.forEach((name, after) -> groups.merge(name.substring(0, name.lastIndexOf('@')),
                    after - threadsBefore.getOrDefault(name, 0L), Long::sum));
            long javaThreads = 0;
            for (Map.Entry<String, Long> g : groups.entrySet()) {
                javaThreads += g.getValue();
                if (g.getValue() / 1e3 / n >= 0.3) {
                    System.out.printf("CPUPROBE   %-45s %6.1f us/event%n", g.getKey(), g.getValue() / 1e3 / n);
                }
            }
            System.out.printf("CPUPROBE   %-45s %6.1f us/event%n", "(not Java threads: JIT, GC)", (cpu - javaThreads) / 1e3 / n);
            System.out.printf("CPUPROBE   %-45s %6.1f us/event%n", "(of which GC pauses and cycles, wall)", gc * 1e3 / n);
            StringBuilder perRequest = new StringBuilder();
            requestsAfter.forEach((type, after) -> {
                double d = (after - requestsBefore.getOrDefault(type, 0.0)) / requests;
                if (d >= 0.05) {
                    perRequest.append(String.format(" %s %.2f", type, d));
                }
            });
            System.out.println("CPUPROBE   broker requests per HTTP request:" + perRequest);
        }
        if (recording != null) {
            recording.stop();
            Path file = Path.of("/tmp", "ingestperf-" + System.currentTimeMillis() + ".jfr");
            recording.dump(file);
            recording.close();
            System.out.println("CPUPROBE recording " + file);
        }
    }

    private ObjectNode event(String territory, List<String> known) {
        int roll = random.nextInt(100);
        ObjectNode e = JSON.createObjectNode().put("eventId", UUID.randomUUID().toString()).put("territoryId", territory)
                .put("occurredAt", Instant.now().minus(1 + random.nextInt(2000), ChronoUnit.HOURS).toString());
        if (roll < 35 || known.isEmpty()) {
            String id = "p-" + UUID.randomUUID().toString().substring(0, 13);
            known.add(id);
            return e.put("type", "participant.joined").put("participantId", id).put("role", "citizen")
                    .put("groupId", "workshop-" + random.nextInt(24)).put("channel", "workshop");
        }
        String someone = known.get(random.nextInt(known.size()));
        if (roll < 40) {
            return e.put("type", "participant.left").put("participantId", someone).put("reason", "moved");
        }
        e.put("type", "tool.used").put("toolId", "footprint-calculator").put("stage", "started");
        return roll < 80 ? e.put("participantId", someone) : e.put("groupId", "workshop-" + random.nextInt(24));
    }

    private static void raw(String territory, int events, String what) throws Exception {
        List<byte[]> values = RawProducer.joins(territory, events);
        try (KafkaProducer<String, byte[]> producer = RawProducer.open()) {
            long cpu = processCpu();
            long start = System.nanoTime();
            for (byte[] v : values) {
                producer.send(new ProducerRecord<>(Topics.PARTICIPANT_JOINED.name(), territory, v));
            }
            producer.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            cpu = processCpu() - cpu;
            System.out.printf("CPUPROBE raw %s: %d events in %.2f s = %.0f/s, %.1f us CPU per event (whole JVM)%n",
                    what, events, seconds, events / seconds, cpu / 1e3 / events);
        }
    }

    /** The broker's count of requests by type (its JMX RequestMetrics). */
    private static Map<String, Double> brokerRequests() {
        Map<String, Double> out = new TreeMap<>();
        try {
            var server = ManagementFactory.getPlatformMBeanServer();
            for (var name : server.queryNames(new javax.management.ObjectName(
                    "kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
                Object count = server.getAttribute(name, "Count");
                out.merge(name.getKeyProperty("request"), ((Number) count).doubleValue(), Double::sum);
            }
        } catch (Exception e) {
            System.out.println("CPUPROBE no broker request metrics: " + e);
        }
        return out;
    }

    private static long gcMillis() {
        long total = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of live threads, by name with numbers taken out (a pool's threads add up). */
    private static Map<String, Long> threadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            ThreadInfo info = threads.getThreadInfo(id);
            long t = threads.getThreadCpuTime(id);
            if (info != null && t > 0) {
                out.merge(info.getThreadName().replaceAll("[0-9]+", "#") + "@" + id, t, Long::sum);
            }
        }
        return out;
    }
}
