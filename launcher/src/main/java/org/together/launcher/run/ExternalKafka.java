package org.together.launcher.run;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.together.schemas.Topics;

/** Prepares a Kafka cluster the launcher did not start: every topic of the pipeline exists before any producer writes. */
final class ExternalKafka {
    private ExternalKafka() {
    }

    /**
     * Creates the missing topics, replicated three times where the cluster has three brokers or more
     * (with min.insync.replicas 2, so acks=all survives one broker down), once on a single broker.
     */
    static void ensureTopics(String bootstrapServers, Map<String, String> kafkaProperties) {
        Map<String, Object> config = new HashMap<>(kafkaProperties);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
        try (Admin admin = Admin.create(config)) {
            int brokers = admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).size();
            short replication = (short) Math.min(3, Math.max(1, brokers));
            Optional<Integer> minInsync = replication >= 3 ? Optional.of(2) : Optional.empty();
            Topics.ensureCreated(admin, replication, minInsync);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrapServers + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reaching Kafka at " + bootstrapServers, e);
        }
    }
}
