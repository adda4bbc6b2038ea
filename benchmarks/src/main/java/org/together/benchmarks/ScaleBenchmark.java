package org.together.benchmarks;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.together.aggregation.AggregationStreamsService;
import org.together.reference.Territory;
import org.together.schemas.Topics;

/**
 * How the aggregation service behaves as the network grows. Each point gets its own fresh broker, so its event
 * topics hold only its own events: T territories (written straight to {@code together.territories}, as ingest
 * would after registration) and P participants joined over the last year, spread evenly over the territories,
 * plus one group tool use per territory so every territory is active. Then: processing time, state on disk,
 * query latency, heap, and the time to be ready again after a clean restart and after losing the local state
 * (restored from the changelogs, as after a crash under exactly-once), with the time the query API takes meanwhile to
 * answer from the last figures it kept.
 */
final class ScaleBenchmark {

    private static final String[] COUNTRIES = {"FR", "BE", "IT", "ES", "PT", "DE", "LU", "CH", "GR", "RO", "BG", "PL",
            "MA", "TN", "SN", "CM", "BR", "CO", "AR", "CA"};

    record Point(int territories, int participants) {
        String label() {
            return Fmt.number(territories) + " territories, " + Fmt.number(participants) + " participants";
        }
    }

    record Measured(Point point, long events, double processSeconds, double perSecond, long stateBytes,
                    double restartSeconds, double restoreSeconds, double answeringSeconds, Latency summary, Latency growth, Latency territory,
                    Latency territoryList, Latency topTerritories, long heapStackOnly, long heapWithService, long participantsEver, String problem) {
    }

    private final Path workDir;
    private final int querySamples;
    private final Duration timeout;

    ScaleBenchmark(Path workDir, int querySamples, Duration timeout) {
        this.workDir = workDir;
        this.querySamples = querySamples;
        this.timeout = timeout;
    }

    Measured measure(Point point, int index, Progress progress) throws Exception {
        try (AggregationPoint at = AggregationPoint.start(workDir, "scale", index, timeout)) {
            long heapStack = Heap.usedAfterGc();
            long events = load(at.stack, point);
            progress.say("  %s: loaded %s events", point.label(), Fmt.number(events));

            AggregationStreamsService service = at.aggregation();
            long started = System.nanoTime();
            double processSeconds;
            try {
                processSeconds = at.processAll(service, started + timeout.toNanos());
            } catch (RuntimeException | InterruptedException e) {
                service.close();
                throw e;
            }
            progress.say("  %s: processed in %.1f s", point.label(), processSeconds);
            Latency summary;
            Latency growth;
            Latency territory;
            Latency list;
            Latency top;
            long heapWithService;
            long ever;
            try {
                BenchStack.awaitReady(service, Duration.ofMinutes(2));
                String url = BenchStack.url(service);
                // the network task may still fold the last deltas: wait for the summary to show every participant
                ever = awaitParticipants(url, point.participants(), Duration.ofSeconds(60));
                heapWithService = Heap.usedAfterGc();
                HttpClient client = Http.client();
                Random random = new Random(index);
                summary = AggregationPoint.timeComputedSummary(client, url, querySamples);
                growth = timeGets(client, querySamples, () -> url + "/api/v1/network/growth?interval=week");
                territory = timeGets(client, querySamples,
                        () -> url + "/api/v1/territories/" + territoryId(random.nextInt(point.territories())) + "/summary");
                list = timeGets(client, Math.max(5, Math.min(querySamples, 10)), () -> url + "/api/v1/territories");
                top = timeGets(client, querySamples, () -> url + "/api/v1/territories?limit=" + TOP);
            } finally {
                service.close();
            }
            long stateBytes = Heap.diskUsage(at.stateDir);
            progress.say("  %s: state on disk %s; restarting", point.label(), Fmt.bytes(stateBytes));

            AggregationPoint.Restarts restarts = at.restarts();
            String problem = ever == point.participants() ? null
                    : "the summary showed participantsEver " + ever + ", expected " + point.participants();
            return new Measured(point, events, processSeconds, events / processSeconds, stateBytes, restarts.restartSeconds(),
                    restarts.restoreSeconds(), restarts.answeringSeconds(), summary, growth, territory, list, top, heapStack,
                    heapWithService, ever, problem);
        }
    }

    /** The page of the ranked list a dashboard shows. */
    static final int TOP = 20;

    /**
     * The network summary computed at each request: as of today, given as a date, which the 100 ms shared answer of
     * the plain path (what dashboards read) does not serve.
     */
    static String computedSummary(String url) {
        return url + "/api/v1/network/summary?asOf=" + java.time.LocalDate.now(java.time.ZoneOffset.UTC);
    }

    static String territoryId(int i) {
        return String.format("scale-%06d", i);
    }

    /** Territories, then the events, through a raw producer: what this point measures is aggregation, not ingest. */
    private static long load(BenchStack stack, Point point) {
        List<String> ids = new ArrayList<>(point.territories());
        for (int i = 0; i < point.territories(); i++) {
            ids.add(territoryId(i));
        }
        Random random = new Random(point.territories() * 31L + point.participants());
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        long year = Duration.ofDays(365).toMillis();
        EventMix mix = new EventMix(ids, random.nextLong(), "s", 365);
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long events = 0;
        try (KafkaProducer<String, byte[]> producer = Kafka.rawProducer(stack.bootstrap())) {
            var territorySerializer = stack.serdes.value(Topics.TERRITORIES).serializer();
            for (int i = 0; i < point.territories(); i++) {
                Territory t = new Territory(ids.get(i), "Territory " + i, COUNTRIES[i % COUNTRIES.length], "municipality",
                        1000L + random.nextInt(100_000), null, null, now.minus(Duration.ofDays(400)));
                producer.send(new ProducerRecord<>(Topics.TERRITORIES.name(), t.getId(),
                        territorySerializer.serialize(Topics.TERRITORIES.name(), t)), callback(failed, failure));
            }
            for (int i = 0; i < point.participants(); i++) {
                send(stack, producer, mix.joined(i % point.territories(), now.minusMillis((long) (random.nextDouble() * year))), failed, failure);
                events++;
            }
            for (int t = 0; t < point.territories(); t++) {
                send(stack, producer, mix.groupToolUse(t, now.minusMillis((long) (random.nextDouble() * year))), failed, failure);
                events++;
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " records could not be written, first: " + failure.get());
        }
        return events;
    }

    private static void send(BenchStack stack, KafkaProducer<String, byte[]> producer, EventMix.Event e, AtomicLong failed,
                             AtomicReference<Exception> failure) {
        producer.send(new ProducerRecord<>(e.type().topic().name(), e.territoryId(), Kafka.serialize(stack.serdes, e.type(), e.record())),
                callback(failed, failure));
    }

    private static org.apache.kafka.clients.producer.Callback callback(AtomicLong failed, AtomicReference<Exception> failure) {
        return (md, ex) -> {
            if (ex != null) {
                failed.incrementAndGet();
                failure.compareAndSet(null, ex);
            }
        };
    }

    private static long awaitParticipants(String url, long expected, Duration timeout) throws Exception {
        HttpClient client = Http.client();
        long deadline = System.nanoTime() + timeout.toNanos();
        long ever;
        do {
            try {
                ever = Http.getJson(client, url + "/api/v1/network/summary").path("participantsEver").asLong();
            } catch (IllegalStateException e) {
                ever = -1; // 503 while the figures move: ask again
            }
            if (ever >= expected) {
                return ever;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return ever;
    }

    /** Times GETs as a client sees them: a 503 (figures moving in a rebalance) is retried after 100 ms, inside the time. */
    static Latency timeGets(HttpClient client, int samples, java.util.function.Supplier<String> urls) throws Exception {
        Histogram h = Latency.histogram();
        for (int i = 0; i < samples; i++) {
            String url = urls.get();
            long t0 = System.nanoTime();
            var r = Http.get(client, url);
            for (int retry = 0; r.statusCode() == 503 && retry < 100; retry++) {
                Thread.sleep(100);
                r = Http.get(client, url);
            }
            Latency.record(h, System.nanoTime() - t0, 1);
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + ": HTTP " + r.statusCode());
            }
        }
        return Latency.of(h);
    }
}
