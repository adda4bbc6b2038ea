package org.together.ingest.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Counts events by type, outcome and endpoint: {@code together_ingest_events_total{type,status,endpoint}}. */
public final class EventMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> phases = new ConcurrentHashMap<>();

    public EventMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One phase of handling a request being timed: {@code try (var t = metrics.phase("read")) { ... }}. */
    public interface Phase extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Starts timing one phase of handling a request (read, validate, barrier, pseudonyms, serialize, write), for
     * finding bottlenecks; the time is recorded when the phase is closed.
     */
    public Phase phase(String phase) {
        Timer timer = phases.computeIfAbsent(phase, p -> Timer.builder("together.ingest.request.phase")
                .description("time spent per phase of an events request")
                .tag("phase", p).register(registry));
        long started = System.nanoTime();
        return () -> timer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    /** Counts a request refused by the rate limit and its events: {@code together_ingest_rate_limited_*_total{territory}}. */
    public void rateLimited(String territory, int events) {
        counters.computeIfAbsent("rate-limited-requests|" + territory, k -> Counter.builder("together.ingest.rate.limited.requests")
                .description("requests refused by the per-territory rate limit (429), by territory")
                .tag("territory", territory).register(registry)).increment();
        counters.computeIfAbsent("rate-limited-events|" + territory, k -> Counter.builder("together.ingest.rate.limited.events")
                .description("events in requests refused by the per-territory rate limit, by territory")
                .tag("territory", territory).register(registry)).increment(events);
    }

    /** Counts {@code n} events of one type and outcome (a request's events are counted together). */
    public void count(String type, String status, String endpoint, int n) {
        counters.computeIfAbsent(type + '|' + status + '|' + endpoint, k -> Counter.builder("together.ingest.events")
                .description("events received, by type and outcome")
                .tag("type", type).tag("status", status).tag("endpoint", endpoint)
                .register(registry)).increment(n);
    }
}
