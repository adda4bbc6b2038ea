package org.together.aggregation;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.together.figures.disclosure.DisclosureRule;
import org.together.reports.export.ExportLicence;
import org.together.schemas.registry.RedactedUrls;

/**
 * Everything an aggregation-streams instance needs to run.
 *
 * @param applicationId Kafka Streams application id, shared by every instance of one deployment
 * @param advertisedHost host other instances use to reach this one's query API (application.server)
 * @param stateDir where RocksDB stores live
 * @param viewerToken when present, reading needs this bearer token (or the admin one)
 * @param kafkaProperties extra Kafka client properties passed through (security, timeouts)
 * @param disclosure what the public may read: k, the smallest published count ({@code TOGETHER_MIN_PUBLISHED_COUNT})
 * @param metricsToken when present, {@code /metrics} needs this bearer token ({@code TOGETHER_METRICS_TOKEN})
 * @param exportLicence the research export's licence, the network's choice ({@code TOGETHER_EXPORT_LICENSE}); none unset
 */
public record AggregationConfig(
        String bootstrapServers,
        String schemaRegistryUrl,
        String applicationId,
        String host,
        int port,
        String advertisedHost,
        Path stateDir,
        Optional<String> viewerToken,
        Optional<String> adminToken,
        Map<String, String> kafkaProperties,
        DisclosureRule disclosure,
        Optional<String> metricsToken,
        Optional<ExportLicence> exportLicence) {

    /** The shortest viewer, admin or metrics token taken: a shorter one can be guessed (review 18, finding 13). */
    public static final int MIN_TOKEN_LENGTH = 24;

    /** @throws IllegalArgumentException a token shorter than {@link #MIN_TOKEN_LENGTH} (blank counts as none), naming its variable */
    public AggregationConfig {
        requireLongEnough("TOGETHER_VIEWER_TOKEN", viewerToken);
        requireLongEnough("TOGETHER_ADMIN_TOKEN", adminToken);
        requireLongEnough("TOGETHER_METRICS_TOKEN", metricsToken);
    }

    private static void requireLongEnough(String variable, Optional<String> token) {
        int length = token.map(t -> t.strip().length()).orElse(0);
        if (length > 0 && length < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException(variable + " is " + length + " characters long: a token needs at least "
                    + MIN_TOKEN_LENGTH + ", so that it cannot be guessed");
        }
    }

    /** Without the secrets (tokens, Kafka properties' values, a password in the registry's URL): a config may be logged. */
    @Override
    public String toString() {
        return "AggregationConfig[kafka=" + bootstrapServers + ", registry=" + RedactedUrls.of(schemaRegistryUrl)
                + ", applicationId=" + applicationId + ", http=" + host + ":" + port + ", advertisedHost=" + advertisedHost
                + ", stateDir=" + stateDir + ", kafkaProperties=" + (kafkaProperties == null ? "[]" : kafkaProperties.keySet())
                + ", minPublishedCount=" + (disclosure == null ? "-" : disclosure.minPublishedCount())
                + ", viewerToken=" + set(viewerToken) + ", adminToken=" + set(adminToken)
                + ", metricsToken=" + set(metricsToken)
                + ", exportLicence=" + (exportLicence == null ? "none" : exportLicence.map(ExportLicence::name).orElse("none")) + "]";
    }

    private static String set(Optional<String> token) {
        return token != null && token.isPresent() ? "set" : "none";
    }

    /** With the default rule (k = 5), an open {@code /metrics} and no export licence chosen. */
    public AggregationConfig(String bootstrapServers, String schemaRegistryUrl, String applicationId, String host, int port,
                             String advertisedHost, Path stateDir, Optional<String> viewerToken, Optional<String> adminToken,
                             Map<String, String> kafkaProperties) {
        this(bootstrapServers, schemaRegistryUrl, applicationId, host, port, advertisedHost, stateDir, viewerToken, adminToken,
                kafkaProperties, DisclosureRule.DEFAULT, Optional.empty(), Optional.empty());
    }
}
