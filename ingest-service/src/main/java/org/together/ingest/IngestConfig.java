package org.together.ingest;

import java.nio.file.Path;
import java.util.Map;

/**
 * Everything the ingest service needs to run; the launcher (or a test, or a container entry point) builds it.
 *
 * @param kafkaProperties extra Kafka client properties passed through (security, timeouts)
 */
public record IngestConfig(
        String bootstrapServers,
        String schemaRegistryUrl,
        String host,
        int port,
        String adminToken,
        Path dataDir,
        Map<String, String> kafkaProperties) {
}
