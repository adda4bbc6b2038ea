package org.together.launcher.run;

import java.util.Optional;
import org.together.ingest.IngestConfig;
import org.together.ingest.IngestService;
import org.together.launcher.PortConverter;
import org.together.schemas.registry.RedactedUrls;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Container entry point: one ingest-service instance against an existing Kafka cluster and registry. */
@Command(name = "ingest-service", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs one ingest-service instance (containers).",
                "Serves the ingest API against an external Kafka cluster and schema registry.",
                "The admin token comes from TOGETHER_ADMIN_TOKEN and the pseudonym vault's key from",
                "TOGETHER_PSEUDONYM_KEY, both the same for every instance; with TOGETHER_METRICS_TOKEN set,",
                "/metrics needs it as a bearer token."})
public final class IngestServiceCommand extends ServiceCommand {

    @Option(names = "--ingest-port", defaultValue = "8080", paramLabel = "PORT", converter = PortConverter.class,
            description = "HTTP port (env TOGETHER_INGEST_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--rate-limit", defaultValue = "2000", paramLabel = "EVENTS_PER_S",
            description = "Events per second each territory token may send to this instance, bursts of 10 s' worth; "
                    + "0 for no limit; the import is not limited (env TOGETHER_RATE_LIMIT; default ${DEFAULT-VALUE}).")
    int rateLimit;

    @Override
    StartChecks.Listener listener() {
        return new StartChecks.Listener("--ingest-port", "the ingest API", services.host, port);
    }

    @Override
    java.util.List<String> tokenVariables() {
        return java.util.List.of("TOGETHER_ADMIN_TOKEN", "TOGETHER_METRICS_TOKEN");
    }

    public IngestConfig config() {
        OperatorTokens.checked(spec, env(), tokenVariables());
        String adminToken = env().get("TOGETHER_ADMIN_TOKEN");
        if (adminToken == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "TOGETHER_ADMIN_TOKEN must be set: every ingest-service instance checks the same admin token");
        }
        String pseudonymKey = env().get("TOGETHER_PSEUDONYM_KEY");
        if (pseudonymKey == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "TOGETHER_PSEUDONYM_KEY must be set: every ingest-service instance keys the pseudonym vault with the same secret");
        }
        PseudonymKeys.checked(spec, env());
        return new IngestConfig(services.kafka, services.registry, services.host, port, adminToken, pseudonymKey, dataDir,
                kafkaProperties(), RateLimits.checked(spec, rateLimit), Optional.ofNullable(env().get("TOGETHER_METRICS_TOKEN")));
    }

    @Override
    Started start() {
        IngestConfig config = config();
        IngestService service = new IngestService(config);
        service.start();
        return new Started(service, String.format("ingest-service listening on %s:%d (Kafka %s, registry %s)",
                config.host(), service.port(), RedactedUrls.of(config.bootstrapServers()), RedactedUrls.of(config.schemaRegistryUrl())));
    }
}
