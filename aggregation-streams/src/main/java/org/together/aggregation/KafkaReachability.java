package org.together.aggregation;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether Kafka answers, as last seen by {@link #check()} (called every second in the background, so that
 * {@code /health/ready} never waits for a broker that is gone). Kafka Streams itself stays RUNNING through a broker
 * outage, answering from its stores; only this says the instance is cut off.
 */
final class KafkaReachability implements AutoCloseable {

    private static final int TIMEOUT_MS = 2_000;

    private final Admin admin;
    private volatile boolean reachable;

    KafkaReachability(Map<String, Object> adminProperties) {
        this.admin = Admin.create(adminProperties);
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
        reachable = answered;
    }

    boolean reachable() {
        return reachable;
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(1));
    }
}
