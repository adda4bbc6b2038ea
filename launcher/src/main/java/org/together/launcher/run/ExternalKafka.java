package org.together.launcher.run;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.together.embedded.kafka.LostTransactionMarkers;
import org.together.schemas.Topics;

/** Prepares a Kafka cluster the launcher did not start: every topic of the pipeline exists before any producer writes. */
final class ExternalKafka {
    private static final Logger log = LoggerFactory.getLogger(ExternalKafka.class);

    /** How long a start waits for Kafka to answer before it gives up. */
    static final Duration REACH_TIMEOUT = Duration.ofSeconds(60);

    private ExternalKafka() {
    }

    /**
     * Creates the missing topics, replicated three times where the cluster has three brokers or more
     * (with min.insync.replicas 2, so acks=all survives one broker down), once on a single broker.
     */
    /**
     * Writes the markers a single-node Kafka loses when it restarts after a crash ({@link LostTransactionMarkers}),
     * where this principal may; where it may not, says so once.
     */
    static LostTransactionMarkers watchLostTransactionMarkers(String bootstrapServers, Map<String, String> kafkaProperties) {
        Map<String, Object> config = new HashMap<>(kafkaProperties);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return LostTransactionMarkers.watch(config, Duration.ofSeconds(5));
    }

    static void ensureTopics(String bootstrapServers, Map<String, String> kafkaProperties) {
        ensureTopics(bootstrapServers, kafkaProperties, REACH_TIMEOUT);
    }

    static void ensureTopics(String bootstrapServers, Map<String, String> kafkaProperties, Duration timeout) {
        Map<String, Object> config = new HashMap<>(kafkaProperties);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
        if (timeout.toMillis() < 30_000) { // the API timeout may not be shorter than a request's (30 s by default)
            config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
        }
        // a Kafka that does not answer is silent for the whole wait: say what the start is waiting for
        log.info("reaching Kafka at {} (giving up after {} s)", bootstrapServers, timeout.toSeconds());
        try (Admin admin = Admin.create(config)) {
            int brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            short replication = (short) Math.min(3, Math.max(1, brokers));
            Optional<Integer> minInsync = replication >= 3 ? Optional.of(2) : Optional.empty();
            Topics.ensureCreated(admin, replication, minInsync);
        } catch (TimeoutException e) {
            throw new IllegalStateException(unanswered(bootstrapServers, timeout), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException(cause instanceof org.apache.kafka.common.errors.TimeoutException
                    ? unanswered(bootstrapServers, timeout) + " (" + described(cause) + ")"
                    : "cannot reach Kafka at " + bootstrapServers + ": " + described(cause), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reaching Kafka at " + bootstrapServers, e);
        }
    }

    private static String unanswered(String bootstrapServers, Duration timeout) {
        return "cannot reach Kafka at " + bootstrapServers + ": no broker answered within " + timeout.toSeconds()
                + " s (is it running, and are that address and port right?)";
    }

    /** An exception as its class and message: some have no message, and "null" tells nothing. */
    static String described(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
