package org.together.ingest.health;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.together.ingest.http.Json;

/**
 * {@code /health/live}: the process answers. {@code /health/ready}: Kafka answers and the reference views and
 * indexes (territories, tokens, tools, dimensions, receipts, pseudonyms) have caught up, so events can be judged and
 * written. Not ready while no broker answers (at most {@value #KAFKA_CHECK_CACHE_MS} ms after the last good answer,
 * plus the check's {@value #KAFKA_CHECK_TIMEOUT_MS} ms): a load balancer then sends the territory apps elsewhere
 * rather than to 503s.
 */
public final class HealthEndpoints {

    private static final long KAFKA_CHECK_CACHE_MS = 1_000;
    private static final int KAFKA_CHECK_TIMEOUT_MS = 2_000;

    private final Readiness readiness;
    private final Admin admin;
    private volatile long checkedAt;
    private volatile boolean kafkaReachable;

    public HealthEndpoints(Readiness readiness, Admin admin) {
        this.readiness = readiness;
        this.admin = admin;
    }

    public void live(Context ctx) {
        Json.write(ctx, Map.of("status", "UP"));
    }

    public void ready(Context ctx) {
        boolean views = readiness.ready();
        boolean kafka = kafkaReachable();
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("kafka", kafka ? "UP" : "DOWN");
        checks.put("referenceViews", views ? "UP" : "DOWN");
        if (readiness.refusal().isPresent()) { // the only refusal known: a pseudonym key that is not the vault's
            checks.put("pseudonymKey", "MISMATCH: TOGETHER_PSEUDONYM_KEY is not the key of this network's vault");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        boolean up = views && kafka;
        body.put("status", up ? "UP" : "DOWN");
        body.put("checks", checks);
        if (!up) {
            ctx.header("Retry-After", "5");
        }
        ctx.status(up ? 200 : 503);
        Json.write(ctx, body);
    }

    private boolean kafkaReachable() {
        long now = System.currentTimeMillis();
        if (now - checkedAt < KAFKA_CHECK_CACHE_MS) {
            return kafkaReachable;
        }
        boolean reachable;
        try {
            // the request's own timeout, so that checks do not pile up in the admin client while no broker answers
            reachable = !admin.describeCluster(new DescribeClusterOptions().timeoutMs(KAFKA_CHECK_TIMEOUT_MS))
                    .nodes().get(KAFKA_CHECK_TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS).isEmpty();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            reachable = false;
        }
        kafkaReachable = reachable;
        checkedAt = now;
        return reachable;
    }
}
