package org.together.ingest.limits;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Events per second per territory token: a token bucket per territory that holds up to {@code burst} events and
 * refills at {@code eventsPerSecond}. A request takes all its events or none, so a refused request leaves the
 * bucket as it was. Per instance: N ingest instances behind a load balancer let a territory send up to N times
 * the rate (docs/operations.md).
 */
public final class RateLimit {

    /** The default of {@code TOGETHER_RATE_LIMIT}. */
    public static final int DEFAULT_EVENTS_PER_SECOND = 2_000;
    /** How many seconds of the rate a territory may send at once (an offline app syncing). */
    public static final int BURST_SECONDS = 10;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double eventsPerSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param eventsPerSecond the sustained rate; 0 turns the limit off
     * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime})
     */
    public RateLimit(int eventsPerSecond, LongSupplier nanoTime) {
        if (eventsPerSecond < 0) {
            throw new IllegalArgumentException("the rate limit must be 0 (off) or more events per second, got " + eventsPerSecond);
        }
        this.eventsPerSecond = eventsPerSecond;
        this.burst = (double) eventsPerSecond * BURST_SECONDS;
        this.nanoTime = nanoTime;
    }

    /** What the limit decided for one request. */
    public sealed interface Decision {
    }

    /** The events were taken from the territory's bucket. */
    public record Allowed() implements Decision {
    }

    /** Not now: the bucket will hold enough in {@code retryAfterSeconds} (rounded up, at least 1). */
    public record Refused(long retryAfterSeconds) implements Decision {
    }

    /** Never: the request has more events than the bucket holds. */
    public record TooLarge(long burst) implements Decision {
    }

    public boolean enabled() {
        return eventsPerSecond > 0;
    }

    public long eventsPerSecond() {
        return (long) eventsPerSecond;
    }

    public long burst() {
        return (long) burst;
    }

    /**
     * What the territory may send now and in how many seconds its bucket is full again (rounded up), for the
     * {@code RateLimit-*} headers that let an app pace itself. A full burst while the limit is off.
     */
    public Headroom headroom(String territoryId) {
        if (!enabled()) {
            return new Headroom(0, 0);
        }
        Bucket bucket = buckets.get(territoryId);
        return bucket == null ? new Headroom(burst(), 0) : bucket.headroom(nanoTime.getAsLong());
    }

    /**
     * The {@code RateLimit-Limit} (the burst), {@code RateLimit-Remaining} and {@code RateLimit-Reset} (seconds until
     * the whole burst is back) headers of an answer to the territory's token, as draft-ietf-httpapi-ratelimit-headers
     * names them; none while the limit is off.
     */
    public Map<String, String> headers(String territoryId) {
        if (!enabled()) {
            return Map.of();
        }
        Headroom h = headroom(territoryId);
        Map<String, String> out = new LinkedHashMap<>();
        out.put("RateLimit-Limit", String.valueOf(burst()));
        out.put("RateLimit-Remaining", String.valueOf(h.remaining()));
        out.put("RateLimit-Reset", String.valueOf(h.fullInSeconds()));
        return out;
    }

    /** Events the bucket holds now (rounded down) and seconds until it holds the whole burst (rounded up). */
    public record Headroom(long remaining, long fullInSeconds) {
    }

    /** Takes {@code events} from the territory's bucket if it holds that many. */
    public Decision take(String territoryId, int events) {
        if (!enabled()) {
            return new Allowed();
        }
        if (events > burst) {
            return new TooLarge((long) burst);
        }
        return buckets.computeIfAbsent(territoryId, t -> new Bucket(burst, nanoTime.getAsLong()))
                .take(events, nanoTime.getAsLong());
    }

    private final class Bucket {
        private double events;
        private long refilledAt;

        Bucket(double events, long now) {
            this.events = events;
            this.refilledAt = now;
        }

        synchronized Decision take(int wanted, long now) {
            refill(now);
            if (events >= wanted) {
                events -= wanted;
                return new Allowed();
            }
            long wait = (long) Math.ceil((wanted - events) / eventsPerSecond);
            return new Refused(Math.max(1, wait));
        }

        synchronized Headroom headroom(long now) {
            refill(now);
            return new Headroom((long) Math.floor(events), (long) Math.ceil((burst - events) / eventsPerSecond));
        }

        private void refill(long now) {
            long elapsed = now - refilledAt;
            if (elapsed > 0) {
                events = Math.min(burst, events + elapsed * eventsPerSecond / NANOS_PER_SECOND);
                refilledAt = now;
            }
        }
    }
}
