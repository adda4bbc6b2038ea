package org.together.launcher.run;

import java.util.LinkedHashMap;
import java.util.Map;
import org.together.launcher.EnvDefaults;
import picocli.CommandLine.Option;

/** Options of the container entry points: the Kafka cluster and registry they run against. */
public final class ExternalServices {

    @Option(names = "--kafka", required = true, paramLabel = "BOOTSTRAP",
            description = "Kafka bootstrap servers (env TOGETHER_KAFKA_BOOTSTRAP).")
    String kafka;

    @Option(names = "--registry", required = true, paramLabel = "URL",
            description = "Schema registry URL (env TOGETHER_REGISTRY_URL).")
    String registry;

    @Option(names = "--host", defaultValue = "0.0.0.0", paramLabel = "HOST",
            description = "Address to listen on (env TOGETHER_HOST; default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "Kafka client property, repeatable; also env TOGETHER_KAFKA_<KEY>, e.g. TOGETHER_KAFKA_SECURITY_PROTOCOL.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    Map<String, String> kafkaProperties(EnvDefaults env) {
        return env.kafkaProperties(kafkaProperties);
    }
}
