package org.together.ingest;

import java.nio.file.Path;
import java.util.Map;

/**
 * Everything the ingest service needs to run; the launcher (or a test, or a container entry point) builds it.
 *
 * @param pseudonymKey the network secret the pseudonym vault is keyed with: the same for every instance, for ever
 *     (at least 32 characters)
 * @param dataDir the instance's working directory: its identity and its local indexes under {@code ingest/}
 *     (null: a temporary one, removed at close)
 * @param kafkaProperties extra Kafka client properties passed through (security, timeouts)
 */
public record IngestConfig(
        String bootstrapServers,
        String schemaRegistryUrl,
        String host,
        int port,
        String adminToken,
        String pseudonymKey,
        Path dataDir,
        Map<String, String> kafkaProperties) {

    /** Without the secrets: a config may be logged. */
    @Override
    public String toString() {
        return "IngestConfig[kafka=" + bootstrapServers + ", registry=" + schemaRegistryUrl + ", http=" + host + ":" + port
                + ", dataDir=" + dataDir + ", kafkaProperties=" + (kafkaProperties == null ? "[]" : kafkaProperties.keySet()) + "]";
    }
}
