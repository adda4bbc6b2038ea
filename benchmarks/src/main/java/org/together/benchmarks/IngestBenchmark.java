package org.together.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.together.ingest.idempotency.ReceiptIndex;
import org.together.reference.EventReceipt;
import org.together.schemas.Topics;

/**
 * Ingest throughput against a raw Kafka producer on the same broker, with the same event mix: the raw producer
 * sends the Avro records (serialized through TogetherSerdes in the timed loop), the ingest service receives the
 * same kind of events as JSON over HTTP (keep-alive clients writing requests rendered before the round, as wrk does;
 * batches of 100 of one territory each, several concurrent clients) and must validate, deduplicate and write them
 * with their receipts in transactions.
 */
final class IngestBenchmark {

    static final String TRANSACTIONAL = "transactional producer, each event with its receipt (context)";
    /** Ingest's committer threads, each with its own transactional producer. */
    static final int COMMITTERS = 2;
    static final int EVENTS_PER_TRANSACTION = 1_000;

    /**
     * @param rawRounds timed rounds of the raw producer; the median counts
     * @param concurrencies the numbers of concurrent HTTP clients tried; the best counts
     */
    record Settings(int rawWarmup, int rawPerRound, int rawRounds, int ingestWarmup, int ingestPerRound,
                    List<Integer> concurrencies, int batch) {

        /**
         * The raw producer first sends, untimed, as many events as ingest receives in its warm-up and rounds: the
         * compiler has warmed both paths alike when their best rounds are timed.
         */
        static Settings warmAlike(int rawPerRound, int rawRounds, int ingestWarmup, int ingestPerRound,
                                  List<Integer> concurrencies, int batch) {
            return new Settings(ingestWarmup + ingestPerRound * concurrencies.size(), rawPerRound, rawRounds, ingestWarmup,
                    ingestPerRound, concurrencies, batch);
        }
    }

    /** @param cpuMicrosPerEvent CPU time of the whole JVM (broker, services, clients) per event, in microseconds */
    record Round(String what, long events, double seconds, double perSecond, double cpuMicrosPerEvent) {
    }

    /** @param transactional each event with its receipt in transactions, no HTTP: context, not part of the verdict */
    record Result(List<Round> raw, Round transactional, List<Round> ingest, double rawMedian, double ingestBest, int bestConcurrency,
                  Double ratio, Latency postLatency, long retries, List<String> problems) {
    }

    private final BenchStack stack;
    private final Settings settings;
    private final List<String> territories;
    private final Map<String, String> tokens;
    private final List<String> problems = new ArrayList<>();
    private long seed = 42;

    IngestBenchmark(BenchStack stack, Settings settings, List<String> territories, Map<String, String> tokens) {
        this.stack = stack;
        this.settings = settings;
        this.territories = territories;
        this.tokens = tokens;
    }

    /** @param phase told "raw" before the raw producer's rounds and "ingest" before the HTTP rounds (for profiling) */
    Result run(Progress progress, java.util.function.Consumer<String> phase) throws Exception {
        phase.accept("raw");
        List<Round> raw = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = Kafka.rawProducer(stack.bootstrap())) {
            rawRound(producer, "raw warm-up", settings.rawWarmup());
            for (int r = 1; r <= settings.rawRounds(); r++) {
                Round round = rawRound(producer, "raw producer, round " + r, settings.rawPerRound());
                raw.add(round);
                progress.say("  %s: %s events in %.2f s = %s", round.what(), Fmt.number(round.events()), round.seconds(), Fmt.rate(round.perSecond()));
            }
        }
        double rawMedian = median(raw.stream().mapToDouble(Round::perSecond).toArray());
        transactionalRound("transactional warm-up", settings.rawWarmup()); // as warm as the raw producer
        Round transactional = transactionalRound(TRANSACTIONAL, settings.rawPerRound());
        progress.say("  %s: %s events in %.2f s = %s", transactional.what(), Fmt.number(transactional.events()),
                transactional.seconds(), Fmt.rate(transactional.perSecond()));

        phase.accept("ingest");
        Histogram posts = Latency.histogram();
        AtomicLong retries = new AtomicLong();
        ingestRound("ingest warm-up", settings.concurrencies().get(0), settings.ingestWarmup(), Latency.histogram(), retries);
        List<Round> ingest = new ArrayList<>();
        Map<Integer, Double> byConcurrency = new LinkedHashMap<>();
        for (int c : settings.concurrencies()) {
            Round round = ingestRound("ingest over HTTP, " + c + " clients", c, settings.ingestPerRound(), posts, retries);
            ingest.add(round);
            byConcurrency.put(c, round.perSecond());
            progress.say("  %s: %s events in %.2f s = %s", round.what(), Fmt.number(round.events()), round.seconds(), Fmt.rate(round.perSecond()));
        }
        Map.Entry<Integer, Double> best = byConcurrency.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        return new Result(raw, transactional, ingest, rawMedian, best.getValue(), best.getKey(), Fmt.divide(best.getValue(), rawMedian),
                Latency.of(posts), retries.get(), List.copyOf(problems));
    }

    private Round rawRound(KafkaProducer<String, byte[]> producer, String what, int n) {
        EventMix mix = new EventMix(territories, seed++, "r" + seed, 120);
        EventMix.Event[] events = new EventMix.Event[n];
        for (int i = 0; i < n; i++) {
            events[i] = mix.next();
        }
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        long cpu = Heap.processCpuNanos();
        long started = System.nanoTime();
        for (EventMix.Event e : events) {
            byte[] value = Kafka.serialize(stack.serdes, e.type(), e.record());
            producer.send(new ProducerRecord<>(e.type().topic().name(), e.territoryId(), value), (md, ex) -> {
                if (ex != null) {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, ex);
                }
            });
        }
        producer.flush();
        double seconds = (System.nanoTime() - started) / 1e9;
        cpu = Heap.processCpuNanos() - cpu;
        if (failed.get() > 0) {
            problems.add(what + ": " + failed.get() + " sends failed, first: " + firstFailure.get());
        }
        long sent = n - failed.get();
        return new Round(what, sent, seconds, sent / seconds, cpu / 1e3 / Math.max(1, sent));
    }

    /**
     * What ingest's guarantee costs in Kafka alone: {@value #COMMITTERS} threads, each with a transactional producer
     * (ingest's settings), write each event with its receipt and commit every {@value #EVENTS_PER_TRANSACTION} events;
     * no HTTP, JSON, validation or hashing. Every ingest instance reads these receipts back, as it reads its own.
     */
    private Round transactionalRound(String what, int n) throws InterruptedException {
        EventMix mix = new EventMix(territories, seed++, "x" + seed, 120);
        EventMix.Event[] events = new EventMix.Event[n];
        for (int i = 0; i < n; i++) {
            events[i] = mix.next();
        }
        var receipts = stack.serdes.value(Topics.EVENT_RECEIPTS).serializer();
        byte[] hash = new byte[32];
        String hex = HexFormat.of().formatHex(hash);
        List<KafkaProducer<String, byte[]>> producers = new ArrayList<>();
        for (int c = 0; c < COMMITTERS; c++) {
            producers.add(Kafka.transactionalProducer(stack.bootstrap(), "bench-transactional-" + c));
        }
        AtomicReference<Exception> failure = new AtomicReference<>();
        try {
            producers.forEach(KafkaProducer::initTransactions);
            long cpu = Heap.processCpuNanos();
            long started = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < COMMITTERS; c++) {
                KafkaProducer<String, byte[]> producer = producers.get(c);
                int first = c;
                Thread thread = new Thread(() -> {
                    try {
                        for (int from = first * EVENTS_PER_TRANSACTION; from < n; from += COMMITTERS * EVENTS_PER_TRANSACTION) {
                            producer.beginTransaction();
                            for (int i = from; i < Math.min(n, from + EVENTS_PER_TRANSACTION); i++) {
                                EventMix.Event e = events[i];
                                String topic = e.type().topic().name();
                                producer.send(new ProducerRecord<>(topic, e.territoryId(), Kafka.serialize(stack.serdes, e.type(), e.record())));
                                EventReceipt receipt = new EventReceipt(e.eventId(), e.territoryId(), hex, topic, Instant.now(), true);
                                producer.send(new ProducerRecord<>(Topics.EVENT_RECEIPTS.name(), null, e.eventId(),
                                        receipts.serialize(Topics.EVENT_RECEIPTS.name(), receipt),
                                        List.of(new RecordHeader(ReceiptIndex.HASH_HEADER, hash))));
                            }
                            producer.commitTransaction();
                        }
                    } catch (RuntimeException ex) {
                        failure.compareAndSet(null, ex);
                    }
                }, "bench-transactional-" + c);
                thread.start();
                threads.add(thread);
            }
            for (Thread t : threads) {
                t.join();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            cpu = Heap.processCpuNanos() - cpu;
            if (failure.get() != null) {
                problems.add(what + " failed: " + failure.get());
            }
            return new Round(what, n, seconds, n / seconds, cpu / 1e3 / n);
        } finally {
            producers.forEach(KafkaProducer::close);
        }
    }

    /** A request rendered to the bytes a client writes to its socket, before the round. */
    private record Request(byte[] rendered, int events) {
    }

    private Round ingestRound(String what, int clients, int n, Histogram posts, AtomicLong retries) throws InterruptedException {
        EventMix mix = new EventMix(territories, seed++, "i" + seed, 120);
        String url = stack.ingestUrl();
        List<Request> requests = new ArrayList<>();
        int batch = settings.batch();
        for (int done = 0, b = 0; done < n; b++) {
            int t = b % territories.size();
            int size = Math.min(batch, n - done);
            List<EventMix.Event> events = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                events.add(mix.next(t));
            }
            byte[] body = EventMix.jsonArray(events).getBytes(StandardCharsets.UTF_8);
            requests.add(new Request(KeepAliveClient.renderPost(url, "/api/v1/events", tokens.get(territories.get(t)), body), size));
            done += size;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicLong accepted = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(clients);
        List<Histogram> perClient = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Histogram h = Latency.histogram();
            perClient.add(h);
            Thread worker = new Thread(() -> {
                try (KeepAliveClient client = new KeepAliveClient(url)) {
                    start.await();
                    for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                        Request r = requests.get(i);
                        for (int attempt = 0; ; attempt++) {
                            long t0 = System.nanoTime();
                            KeepAliveClient.Answer answer = client.send(r.rendered());
                            Latency.record(h, System.nanoTime() - t0, 1);
                            if (answer.status() == 503 && attempt < 50) {
                                retries.incrementAndGet(); // overload: the client backs off and resends, as apps do
                                Thread.sleep(100);
                                continue;
                            }
                            int took = answer.status() == 202 ? KeepAliveClient.accepted(answer.body()) : 0;
                            accepted.addAndGet(took);
                            if (answer.status() != 202 || took != r.events()) {
                                failures.add("HTTP " + answer.status() + " accepted " + took + "/" + r.events()
                                        + ": " + abbreviate(answer.text()));
                            }
                            break;
                        }
                    }
                } catch (Exception e) {
                    failures.add(e.toString());
                } finally {
                    finished.countDown();
                }
            }, "bench-ingest-client-" + c);
            worker.setDaemon(true);
            worker.start();
        }
        long cpu = Heap.processCpuNanos();
        long started = System.nanoTime();
        start.countDown();
        finished.await();
        double seconds = (System.nanoTime() - started) / 1e9;
        cpu = Heap.processCpuNanos() - cpu;
        perClient.forEach(posts::add);
        if (!failures.isEmpty()) {
            problems.add(what + ": " + failures.size() + " requests not fully accepted, first: " + failures.peek());
        }
        return new Round(what, accepted.get(), seconds, accepted.get() / seconds, cpu / 1e3 / Math.max(1, accepted.get()));
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
