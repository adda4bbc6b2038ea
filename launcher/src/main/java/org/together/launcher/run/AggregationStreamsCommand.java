package org.together.launcher.run;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.together.aggregation.AggregationConfig;
import org.together.aggregation.AggregationStreamsService;
import org.together.figures.disclosure.DisclosureRule;
import org.together.launcher.PortConverter;
import org.together.reports.export.ExportLicence;
import org.together.schemas.registry.RedactedUrls;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Container entry point: one aggregation-streams instance; several share the work through a consumer group. */
@Command(name = "aggregation-streams", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs one aggregation-streams instance (containers).",
                "Runs the topology, query API and dashboard against an external Kafka cluster and schema registry;",
                "the state stores live in DIR/streams of --data-dir.",
                "Instances with the same --application-id share the partitions and answer any query."})
public final class AggregationStreamsCommand extends ServiceCommand {

    @Option(names = "--query-port", defaultValue = "8090", paramLabel = "PORT", converter = PortConverter.class,
            description = "Query API and dashboard port (env TOGETHER_QUERY_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--advertised-host", paramLabel = "HOST",
            description = "Host name other instances use to reach this one (env TOGETHER_ADVERTISED_HOST; default: this machine's name).")
    String advertisedHost;

    @Option(names = "--application-id", defaultValue = RunningStack.APPLICATION_ID, paramLabel = "ID",
            description = "Kafka Streams application id shared by the instances (env TOGETHER_APPLICATION_ID; default ${DEFAULT-VALUE}).")
    String applicationId;

    @Override
    StartChecks.Listener listener() {
        return new StartChecks.Listener("--query-port", "the query API and dashboard", services.host, port);
    }

    @Override
    java.util.List<String> tokenVariables() {
        return OperatorTokens.VARIABLES;
    }

    public AggregationConfig config() {
        OperatorTokens.checked(spec, env(), tokenVariables());
        return new AggregationConfig(services.kafka, services.registry, applicationId, services.host, port,
                advertisedHost != null ? advertisedHost : localHostName(), dataDir.resolve("streams"),
                Optional.ofNullable(env().get("TOGETHER_VIEWER_TOKEN")), Optional.ofNullable(env().get("TOGETHER_ADMIN_TOKEN")),
                kafkaProperties(), disclosureRule(), Optional.ofNullable(env().get("TOGETHER_METRICS_TOKEN")),
                exportLicence());
    }

    private DisclosureRule disclosureRule() {
        try {
            return env().disclosureRule();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Optional<ExportLicence> exportLicence() {
        try {
            return env().exportLicence();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private AggregationConfig config;
    private AggregationStreamsService service;

    /** Answers from the last figures it kept while Kafka is reached and the state restored. */
    @Override
    Optional<AutoCloseable> beforeKafka() {
        config = config();
        service = new AggregationStreamsService(config);
        service.serve();
        return Optional.of(service);
    }

    @Override
    Started start() {
        service.start();
        return new Started(service, String.format("aggregation-streams listening on %s:%d, advertised as %s (Kafka %s, registry %s)",
                config.host(), service.port(), config.advertisedHost(), RedactedUrls.of(config.bootstrapServers()),
                RedactedUrls.of(config.schemaRegistryUrl())));
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
