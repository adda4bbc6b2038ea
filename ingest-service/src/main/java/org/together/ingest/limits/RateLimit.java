package org.together.ingest.limits;

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
            long elapsed = now - refilledAt;
            if (elapsed > 0) {
                events = Math.min(burst, events + elapsed * eventsPerSecond / NANOS_PER_SECOND);
                refilledAt = now;
            }
            if (events >= wanted) {
                events -= wanted;
                return new Allowed();
            }
            long wait = (long) Math.ceil((wanted - events) / eventsPerSecond);
            return new Refused(Math.max(1, wait));
        }
    }
}
