package org.together.aggregation;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether Kafka answers, as last seen by {@link #check()} (called every second in the background, so that
 * {@code /health/ready} never waits for a broker that is gone). Kafka Streams itself stays RUNNING through a broker
 * outage, answering from its stores; only this says the instance is cut off.
 *
 * <p>A look older than {@link #STALE_AFTER} counts as no answer: whatever holds the checks back (a CPU-starved
 * thread, a blocked scheduler) must never leave a broker that has since died looking reachable.
 */
final class KafkaReachability implements AutoCloseable {

    private static final int TIMEOUT_MS = 2_000;
    /** The checks come every second and give up after 2 s: an answer older than this is not a current one. */
    static final Duration STALE_AFTER = Duration.ofMillis(3_000);

    private final Admin admin;
    private final LongSupplier nanoTime;
    private volatile long answeredAt;
    private volatile boolean lastCheckAnswered;
    private volatile boolean looked;

    KafkaReachability(Map<String, Object> adminProperties) {
        this(adminProperties, System::nanoTime);
    }

    KafkaReachability(Map<String, Object> adminProperties, LongSupplier nanoTime) {
        this.admin = Admin.create(adminProperties);
        this.nanoTime = nanoTime;
    }

    /** Asks a broker for the cluster's nodes (at most 2 s). */
    void check() {
        boolean answered;
        try {
            answered = !admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS))
                    .nodes().get(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS).isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answered = false;
        } catch (Exception e) {
            answered = false;
        }
        if (answered) {
            answeredAt = nanoTime.getAsLong();
            lastCheckAnswered = true;
        } else {
            lastCheckAnswered = false;
        }
        looked = true;
    }

    /** Whether a check has ended, answered or not: before that, unreachable means "not asked yet". */
    boolean looked() {
        return looked;
    }

    /** True when the last check got an answer, no longer ago than {@link #STALE_AFTER}. */
    boolean reachable() {
        return lastCheckAnswered && nanoTime.getAsLong() - answeredAt <= STALE_AFTER.toNanos();
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(1));
    }
}
