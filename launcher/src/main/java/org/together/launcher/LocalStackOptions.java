package org.together.launcher;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the commands that read a running stack's Kafka (dead-letters, snapshot, export) look for it when no
 * {@code --kafka} is given: its data dir (for the addresses {@code ./together run} recorded there), host and Kafka port.
 * One mixin, so that these options read and show the same in every such command.
 */
public final class LocalStackOptions {

    @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
            description = "Data dir of the local stack (env TOGETHER_DATA_DIR; default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Host of the local stack (env TOGETHER_HOST; default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--kafka-port", defaultValue = "9092", paramLabel = "PORT", converter = PortConverter.class,
            description = "Local Kafka port (env TOGETHER_KAFKA_PORT; default: the one ./together run recorded in DIR/stack.ports,"
                    + " else ${DEFAULT-VALUE}).")
    int kafkaPort;

    public Path dataDir() {
        return dataDir;
    }

    public String host() {
        return host;
    }

    public int kafkaPort() {
        return kafkaPort;
    }
}
