package org.together.launcher.run;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.together.launcher.EnvDefaults;
import org.together.launcher.Together;
import org.together.embedded.DataDirectory;
import org.together.embedded.kafka.LostTransactionMarkers;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A container entry point: one service of the pipeline against an existing Kafka cluster and registry, from the
 * creation of the pipeline's topics (if absent) until the container is stopped.
 */
abstract class ServiceCommand implements Callable<Integer> {

    @ParentCommand
    Together together;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ExternalServices services;

    @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
            description = "Local working directory (env TOGETHER_DATA_DIR; default ${DEFAULT-VALUE}).")
    Path dataDir;

    /** A service started, and the line that says where it listens. */
    record Started(AutoCloseable service, String listening) {
    }

    /** Starts the service; the topics exist by then. */
    abstract Started start() throws Exception;

    /** What starts before Kafka is reached, to answer meanwhile (nothing by default); closed if the start then fails. */
    Optional<AutoCloseable> beforeKafka() {
        return Optional.empty();
    }

    EnvDefaults env() {
        return together.env();
    }

    Map<String, String> kafkaProperties() {
        return services.kafkaProperties(env());
    }

    /** The server this command starts, by the option that sets its port: checked free before Kafka is reached. */
    abstract StartChecks.Listener listener();

    /** The token variables this service reads: each, when set, checked long enough before anything starts. */
    abstract java.util.List<String> tokenVariables();

    @Override
    public Integer call() throws Exception {
        OperatorTokens.checked(spec, env(), tokenVariables());
        StartChecks.dataDir(spec, env(), dataDir);
        StartChecks.host(spec, env(), services.host);
        StartChecks.ports(spec, env(), java.util.List.of(listener()));
        DataDirectory.ownerOnly(dataDir); // what the service keeps there is for this user only
        Optional<AutoCloseable> early = beforeKafka();
        Started started;
        try {
            ExternalKafka.ensureTopics(services.kafka, kafkaProperties());
            started = start();
        } catch (Exception | Error e) {
            if (early.isPresent()) {
                try {
                    early.get().close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
        spec.commandLine().getOut().println(started.listening());
        spec.commandLine().getOut().flush();
        LostTransactionMarkers lostMarkers = ExternalKafka.watchLostTransactionMarkers(services.kafka, kafkaProperties());
        AutoCloseable service = started.service();
        Shutdown.awaitSignal(spec.name(), () -> {
            lostMarkers.close();
            service.close();
        });
        return 0;
    }
}
