package org.together.aggregation;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.together.figures.disclosure.DisclosureRule;
import org.together.reports.export.ExportLicence;

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

    /** With the default rule (k = 5), an open {@code /metrics} and no export licence chosen. */
    public AggregationConfig(String bootstrapServers, String schemaRegistryUrl, String applicationId, String host, int port,
                             String advertisedHost, Path stateDir, Optional<String> viewerToken, Optional<String> adminToken,
                             Map<String, String> kafkaProperties) {
        this(bootstrapServers, schemaRegistryUrl, applicationId, host, port, advertisedHost, stateDir, viewerToken, adminToken,
                kafkaProperties, DisclosureRule.DEFAULT, Optional.empty(), Optional.empty());
    }
}
