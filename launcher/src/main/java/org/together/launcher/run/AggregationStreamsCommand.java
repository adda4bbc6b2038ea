package org.together.launcher.run;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.together.aggregation.AggregationConfig;
import org.together.aggregation.AggregationStreamsService;
import org.together.launcher.EnvDefaults;
import org.together.launcher.Together;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Container entry point: one aggregation-streams instance; several share the work through a consumer group. */
@Command(name = "aggregation-streams", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs one aggregation-streams instance (containers).",
                "Runs the topology, query API and dashboard against an external Kafka cluster and schema registry.",
                "Instances with the same --application-id share the partitions and answer any query."})
public final class AggregationStreamsCommand implements Callable<Integer> {

    @ParentCommand
    Together together;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ExternalServices services;

    @Option(names = "--query-port", defaultValue = "8090", paramLabel = "PORT",
            description = "Query API and dashboard port (env TOGETHER_QUERY_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--advertised-host", paramLabel = "HOST",
            description = "Host name other instances use to reach this one (env TOGETHER_ADVERTISED_HOST; default: this machine's name).")
    String advertisedHost;

    @Option(names = "--application-id", defaultValue = RunningStack.APPLICATION_ID, paramLabel = "ID",
            description = "Kafka Streams application id shared by the instances (env TOGETHER_APPLICATION_ID; default ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
            description = "State stores live in DIR/streams (env TOGETHER_DATA_DIR; default ${DEFAULT-VALUE}).")
    Path dataDir;

    public AggregationConfig config() {
        EnvDefaults env = together.env();
        return new AggregationConfig(services.kafka, services.registry, applicationId, services.host, port,
                advertisedHost != null ? advertisedHost : localHostName(), dataDir.resolve("streams"),
                Optional.ofNullable(env.get("TOGETHER_VIEWER_TOKEN")), Optional.ofNullable(env.get("TOGETHER_ADMIN_TOKEN")),
                services.kafkaProperties(env));
    }

    @Override
    public Integer call() throws Exception {
        AggregationConfig config = config();
        ExternalKafka.ensureTopics(config.bootstrapServers(), config.kafkaProperties());
        AggregationStreamsService service = new AggregationStreamsService(config);
        service.start();
        spec.commandLine().getOut().printf("aggregation-streams listening on %s:%d, advertised as %s (Kafka %s, registry %s)%n",
                config.host(), service.port(), config.advertisedHost(), config.bootstrapServers(), config.schemaRegistryUrl());
        spec.commandLine().getOut().flush();
        Shutdown.awaitSignal("aggregation-streams", service);
        return 0;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
