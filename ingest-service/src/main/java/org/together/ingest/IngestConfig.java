package org.together.ingest;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.together.ingest.limits.RateLimit;
import org.together.schemas.registry.RedactedUrls;

/**
 * Everything the ingest service needs to run; the launcher (or a test, or a container entry point) builds it.
 *
 * @param pseudonymKey the network secret the pseudonym vault is keyed with: the same for every instance, for ever
 *     (at least 32 characters)
 * @param dataDir the instance's working directory: its identity and its local indexes under {@code ingest/}
 *     (null: a temporary one, removed at close)
 * @param kafkaProperties extra Kafka client properties passed through (security, timeouts)
 * @param rateLimit events per second each territory token may send to {@code /api/v1/events}, with a burst of
 *     {@value RateLimit#BURST_SECONDS} seconds' worth; 0 turns the limit off ({@code TOGETHER_RATE_LIMIT})
 * @param metricsToken when present, {@code /metrics} needs this bearer token ({@code TOGETHER_METRICS_TOKEN})
 */
public record IngestConfig(
        String bootstrapServers,
        String schemaRegistryUrl,
        String host,
        int port,
        String adminToken,
        String pseudonymKey,
        Path dataDir,
        Map<String, String> kafkaProperties,
        int rateLimit,
        Optional<String> metricsToken) {

    public IngestConfig {
        if (rateLimit < 0) {
            throw new IllegalArgumentException("rateLimit must be 0 (off) or more events per second, got " + rateLimit);
        }
        metricsToken = metricsToken == null ? Optional.empty() : metricsToken;
    }

    /** With {@code /metrics} open. */
    public IngestConfig(String bootstrapServers, String schemaRegistryUrl, String host, int port, String adminToken,
                        String pseudonymKey, Path dataDir, Map<String, String> kafkaProperties, int rateLimit) {
        this(bootstrapServers, schemaRegistryUrl, host, port, adminToken, pseudonymKey, dataDir, kafkaProperties, rateLimit,
                Optional.empty());
    }

    /** With the default rate limit ({@value RateLimit#DEFAULT_EVENTS_PER_SECOND} events/s per territory token). */
    public IngestConfig(String bootstrapServers, String schemaRegistryUrl, String host, int port, String adminToken,
                        String pseudonymKey, Path dataDir, Map<String, String> kafkaProperties) {
        this(bootstrapServers, schemaRegistryUrl, host, port, adminToken, pseudonymKey, dataDir, kafkaProperties,
                RateLimit.DEFAULT_EVENTS_PER_SECOND);
    }

    public IngestConfig withRateLimit(int eventsPerSecond) {
        return new IngestConfig(bootstrapServers, schemaRegistryUrl, host, port, adminToken, pseudonymKey, dataDir,
                kafkaProperties, eventsPerSecond, metricsToken);
    }

    public IngestConfig withMetricsToken(String token) {
        return new IngestConfig(bootstrapServers, schemaRegistryUrl, host, port, adminToken, pseudonymKey, dataDir,
                kafkaProperties, rateLimit, Optional.of(token));
    }

    /** Without the secrets: a config may be logged. */
    @Override
    public String toString() {
        return "IngestConfig[kafka=" + bootstrapServers + ", registry=" + RedactedUrls.of(schemaRegistryUrl) + ", http=" + host + ":" + port
                + ", dataDir=" + dataDir + ", kafkaProperties=" + (kafkaProperties == null ? "[]" : kafkaProperties.keySet())
                + ", rateLimit=" + rateLimit + ", metricsToken=" + (metricsToken.isPresent() ? "set" : "none") + "]";
    }
}
