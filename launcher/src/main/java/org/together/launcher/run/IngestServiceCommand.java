package org.together.launcher.run;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.together.ingest.IngestConfig;
import org.together.ingest.IngestService;
import org.together.launcher.EnvDefaults;
import org.together.launcher.Together;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Container entry point: one ingest-service instance against an existing Kafka cluster and registry. */
@Command(name = "ingest-service", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs one ingest-service instance (containers).",
                "Serves the ingest API against an external Kafka cluster and schema registry.",
                "The admin token comes from TOGETHER_ADMIN_TOKEN, the same for every instance."})
public final class IngestServiceCommand implements Callable<Integer> {

    @ParentCommand
    Together together;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ExternalServices services;

    @Option(names = "--ingest-port", defaultValue = "8080", paramLabel = "PORT",
            description = "HTTP port (env TOGETHER_INGEST_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
            description = "Local working directory (env TOGETHER_DATA_DIR; default ${DEFAULT-VALUE}).")
    Path dataDir;

    public IngestConfig config() {
        EnvDefaults env = together.env();
        String adminToken = env.get("TOGETHER_ADMIN_TOKEN");
        if (adminToken == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "TOGETHER_ADMIN_TOKEN must be set: every ingest-service instance checks the same admin token");
        }
        return new IngestConfig(services.kafka, services.registry, services.host, port, adminToken, dataDir,
                services.kafkaProperties(env));
    }

    @Override
    public Integer call() throws Exception {
        IngestConfig config = config();
        ExternalKafka.ensureTopics(config.bootstrapServers(), config.kafkaProperties());
        IngestService service = new IngestService(config);
        service.start();
        spec.commandLine().getOut().printf("ingest-service listening on %s:%d (Kafka %s, registry %s)%n",
                config.host(), service.port(), config.bootstrapServers(), config.schemaRegistryUrl());
        spec.commandLine().getOut().flush();
        Shutdown.awaitSignal("ingest-service", service);
        return 0;
    }
}
