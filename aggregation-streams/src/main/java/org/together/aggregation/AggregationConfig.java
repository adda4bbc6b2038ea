package org.together.aggregation;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Everything an aggregation-streams instance needs to run.
 *
 * @param applicationId Kafka Streams application id, shared by every instance of one deployment
 * @param advertisedHost host other instances use to reach this one's query API (application.server)
 * @param stateDir where RocksDB stores live
 * @param viewerToken when present, reading needs this bearer token (or the admin one)
 * @param kafkaProperties extra Kafka client properties passed through (security, timeouts)
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
        Map<String, String> kafkaProperties) {
}
