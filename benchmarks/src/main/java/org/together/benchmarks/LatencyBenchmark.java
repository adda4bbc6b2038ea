package org.together.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * End-to-end latency, POST to dashboard: one territory app posts new participants at a steady rate while a
 * dashboard listens to the aggregation service's {@code /api/v1/live} stream (event {@code summary}, data the
 * network summary JSON). Meanwhile a reader asks the summary and growth endpoints, timing each answer.
 *
 * <p>Correlation: only {@code participant.joined} events of new participants are posted, one request at a time
 * in order, by one territory (one partition, read in order), so the network's {@code participantsEver} grows by
 * exactly one per event. Request {@code j} is therefore visible on the dashboard at the first summary whose
 * {@code participantsEver} reaches the baseline plus every participant posted up to and including request
 * {@code j}; its events' latency is that summary's arrival minus the moment the request was sent.
 */
final class LatencyBenchmark {

    private static final Pattern EVER = Pattern.compile("\"participantsEver\"\\s*:\\s*(\\d+)");
    /** How long to wait, after the last request, for the dashboard to show every posted participant. */
    static final Duration DRAIN = Duration.ofSeconds(15);

    /** @param tickMillis how often the app sends what became due (20 ms: 20 events per request at 1,000/s) */
    record Settings(double eventsPerSecond, int tickMillis, Duration duration, Duration queryPause) {
    }

    /**
     * @param endToEnd POST sent to the summary on the live stream
     * @param visibleInQuery POST sent to the first summary query answer that includes it (the reader polls every
     *     few ms): the pipeline without the live stream's own check interval
     */
    record Result(Latency endToEnd, Latency visibleInQuery, Latency posts, Latency summary, Latency growth, long posted,
                  long requests, double achievedRate, long unresolved, long summariesReceived, List<String> problems) {
    }

    private record Pending(long cumulative, long sentNanos, int events) {
    }

    /** Told of each request as it is sent: to time more stages of the pipeline (TopologyProbe). */
    interface Watcher {
        /** @param postedBefore events posted before this request; @param ever participantsEver once it is counted */
        void sent(long postedBefore, long ever, long sentNanos, int events);
    }

    private final List<Watcher> watchers = new ArrayList<>();

    private final Settings settings;
    private final String ingestUrl;
    private final String queryUrl;
    private final String territory;
    private final String token;

    LatencyBenchmark(Settings settings, String ingestUrl, String queryUrl, String territory, String token) {
        this.settings = settings;
        this.ingestUrl = ingestUrl;
        this.queryUrl = queryUrl;
        this.territory = territory;
        this.token = token;
    }

    LatencyBenchmark watch(Watcher watcher) {
        watchers.add(watcher);
        return this;
    }

    Result run(Progress progress) throws Exception {
        List<String> problems = new ArrayList<>();
        Histogram e2e = Latency.histogram();
        AtomicLong latestEver = new AtomicLong(-1);
        AtomicLong summaries = new AtomicLong();
        ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Pending> pendingQuery = new ConcurrentLinkedQueue<>();
        Histogram visible = Latency.histogram();

        HttpClient sseClient = Http.client();
        HttpRequest live = HttpRequest.newBuilder(URI.create(queryUrl + "/api/v1/live"))
                .header("Accept", "text/event-stream").GET().build();
        HttpResponse<Stream<String>> stream = sseClient.send(live, HttpResponse.BodyHandlers.ofLines());
        if (stream.statusCode() != 200) {
            throw new IllegalStateException("GET /api/v1/live: HTTP " + stream.statusCode());
        }
        Thread listener = new Thread(() -> listen(stream.body(), pending, e2e, latestEver, summaries), "bench-dashboard");
        listener.setDaemon(true);
        listener.start();

        // the baseline: the figures are caught up and nothing is being posted, so the summary stands still
        long baselineDeadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (latestEver.get() < 0 && System.nanoTime() < baselineDeadline) {
            Thread.sleep(20);
        }
        if (latestEver.get() < 0) {
            throw new IllegalStateException("the live stream sent no summary within 20 s of connecting");
        }
        Thread.sleep(1500);
        long fromQuery = Http.getJson(Http.client(), queryUrl + "/api/v1/network/summary").path("participantsEver").asLong();
        long baseline = Math.max(latestEver.get(), fromQuery);
        progress.say("  dashboard connected: participantsEver %s at start", Fmt.number(baseline));

        Histogram summary = Latency.histogram();
        Histogram growth = Latency.histogram();
        AtomicBoolean loadRunning = new AtomicBoolean(true);
        Thread reader = new Thread(() -> readFigures(loadRunning, summary, growth, pendingQuery, visible, problems), "bench-query-reader");
        reader.setDaemon(true);
        reader.start();

        Histogram posts = Latency.histogram();
        EventMix mix = new EventMix(List.of(territory), 7, "live", 0);
        HttpClient app = Http.client();
        // every tick the app sends what became due since the last request: the rate holds even when a request is slow
        long tickNanos = Duration.ofMillis(settings.tickMillis()).toNanos();
        long total = (long) (settings.eventsPerSecond() * settings.duration().toNanos() / 1e9);
        long posted = 0;
        long requests = 0;
        long started = System.nanoTime();
        for (long tick = 1; posted < total; tick++) {
            long wait = started + tick * tickNanos - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            long due = Math.min(total, (long) ((System.nanoTime() - started) / 1e9 * settings.eventsPerSecond())) - posted;
            int batch = (int) Math.min(due, 1000);
            if (batch <= 0) {
                continue;
            }
            List<EventMix.Event> events = new ArrayList<>(batch);
            Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            for (int i = 0; i < batch; i++) {
                events.add(mix.joined(0, now));
            }
            byte[] body = EventMix.jsonArray(events).getBytes(StandardCharsets.UTF_8);
            long sent = System.nanoTime();
            pending.add(new Pending(baseline + posted + batch, sent, batch));
            pendingQuery.add(new Pending(baseline + posted + batch, sent, batch));
            for (Watcher w : watchers) {
                w.sent(posted, baseline + posted + batch, sent, batch);
            }
            Http.Posted answer = Http.postEvents(app, ingestUrl, token, body);
            Latency.record(posts, System.nanoTime() - sent, 1);
            if (answer.status() != 202 || answer.accepted() != batch) {
                loadRunning.set(false);
                throw new IllegalStateException("the live load was not accepted: HTTP " + answer.status() + " " + answer.body());
            }
            posted += batch;
            requests++;
        }
        double loadSeconds = (System.nanoTime() - started) / 1e9;
        loadRunning.set(false);
        long drainDeadline = System.nanoTime() + DRAIN.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < drainDeadline) {
            Thread.sleep(50);
        }
        long unresolved = 0;
        for (Pending p; (p = pending.poll()) != null; ) {
            // never shown within the drain: counted at the latency they have at least
            Latency.record(e2e, System.nanoTime() - p.sentNanos(), p.events());
            unresolved += p.events();
        }
        if (unresolved > 0) {
            problems.add(unresolved + " posted participants never appeared on the live stream within " + DRAIN.toSeconds()
                    + " s after the load (last participantsEver " + latestEver.get() + ", expected " + (baseline + posted) + ")");
        }
        reader.join(DRAIN.toMillis() + 5_000);
        stream.body().close();
        synchronized (e2e) {
            synchronized (visible) {
                return new Result(Latency.of(e2e), Latency.of(visible), Latency.of(posts), Latency.of(summary), Latency.of(growth),
                        posted, requests, posted / loadSeconds, unresolved, summaries.get(), problems);
            }
        }
    }

    private static void listen(Stream<String> lines, ConcurrentLinkedQueue<Pending> pending, Histogram e2e,
                               AtomicLong latestEver, AtomicLong summaries) {
        String event = null;
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    event = null;
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:") && "summary".equals(event)) {
                    long at = System.nanoTime();
                    Matcher m = EVER.matcher(line);
                    if (!m.find()) {
                        continue;
                    }
                    long ever = Long.parseLong(m.group(1));
                    summaries.incrementAndGet();
                    latestEver.set(ever);
                    synchronized (e2e) {
                        for (Pending p = pending.peek(); p != null && p.cumulative() <= ever; p = pending.peek()) {
                            pending.poll();
                            Latency.record(e2e, at - p.sentNanos(), p.events());
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            // the stream closes when the run ends
        }
    }

    private void readFigures(AtomicBoolean running, Histogram summary, Histogram growth, ConcurrentLinkedQueue<Pending> pending,
                             Histogram visible, List<String> problems) {
        HttpClient client = Http.client();
        String summaryUrl = queryUrl + "/api/v1/network/summary";
        String growthUrl = queryUrl + "/api/v1/network/growth?interval=week";
        try {
            // keeps reading a little after the load, until the query shows every posted participant
            Histogram afterLoad = Latency.histogram();
            long stopAt = Long.MAX_VALUE;
            while (System.nanoTime() < stopAt) {
                if (!running.get() && stopAt == Long.MAX_VALUE) {
                    stopAt = System.nanoTime() + DRAIN.toNanos();
                }
                if (!running.get() && pending.isEmpty()) {
                    break;
                }
                byte[] body = time(client, summaryUrl, running.get() ? summary : afterLoad);
                long at = System.nanoTime();
                Matcher m = EVER.matcher(new String(body, StandardCharsets.UTF_8));
                if (m.find()) {
                    long ever = Long.parseLong(m.group(1));
                    synchronized (visible) {
                        for (Pending p = pending.peek(); p != null && p.cumulative() <= ever; p = pending.peek()) {
                            pending.poll();
                            Latency.record(visible, at - p.sentNanos(), p.events());
                        }
                    }
                }
                if (!running.get()) {
                    Thread.sleep(settings.queryPause().toMillis());
                    continue; // after the load only the visibility matters: no more timing of queries
                }
                time(client, growthUrl, growth);
                Thread.sleep(settings.queryPause().toMillis());
            }
        } catch (IOException | RuntimeException e) {
            synchronized (problems) {
                problems.add("query reader stopped: " + e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] time(HttpClient client, String url, Histogram h) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = Http.get(client, url);
        long took = System.nanoTime() - t0;
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + ": HTTP " + r.statusCode());
        }
        synchronized (h) {
            Latency.record(h, took, 1);
        }
        return r.body();
    }
}
