package org.together.launcher.replay;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.together.embedded.DataDirectoryInUseException;
import org.together.embedded.EmbeddedStack;
import org.together.figures.disclosure.DisclosureRule;
import org.together.launcher.EnvDefaults;
import org.together.launcher.LocalStack;
import org.together.launcher.LocalStackOptions;
import org.together.launcher.PortConverter;
import org.together.reports.snapshot.SnapshotService;
import org.together.reports.snapshot.SnapshotUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the commands that replay the event log (snapshot, export) read it: the Kafka of {@code --kafka/--registry} if
 * given; else the stack running on the local ports (those {@code ./together run} recorded in the data dir, unless the
 * user gave {@code --host}, {@code --kafka-port} or {@code --registry-port}); else the embedded stack started on the
 * data dir just for the command. Also the disclosure rule's k.
 */
public final class EventLogOptions {

    @Option(names = "--min-published-count", paramLabel = "K",
            description = "Smallest published count about a territory, at least 2 (env TOGETHER_MIN_PUBLISHED_COUNT; default 5).")
    Integer minPublishedCount;

    @Option(names = "--kafka", paramLabel = "BOOTSTRAP", description = "Kafka to read (env TOGETHER_KAFKA_BOOTSTRAP); needs --registry.")
    String kafka;

    @Option(names = "--registry", paramLabel = "URL", description = "Schema registry (env TOGETHER_REGISTRY_URL).")
    String registry;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "Kafka client property, repeatable; also env TOGETHER_KAFKA_<KEY>.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Mixin
    LocalStackOptions local;

    @Option(names = "--controller-port", defaultValue = "9093", paramLabel = "PORT", converter = PortConverter.class,
            description = "Local KRaft controller port (env TOGETHER_CONTROLLER_PORT; default ${DEFAULT-VALUE}).")
    int controllerPort;

    @Option(names = "--registry-port", defaultValue = "8081", paramLabel = "PORT", converter = PortConverter.class,
            description = "Local registry port (env TOGETHER_REGISTRY_PORT; default ${DEFAULT-VALUE}).")
    int registryPort;

    /**
     * The rule public output follows: {@code --min-published-count}, else the environment, else k = 5; a k below 2
     * fails the command line naming the flag or the variable it came from.
     */
    public DisclosureRule rule(CommandLine commandLine, EnvDefaults env) {
        try {
            return minPublishedCount != null ? DisclosureRule.given("--min-published-count", minPublishedCount) : env.disclosureRule();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }

    /**
     * Runs {@code body} with a service reading the log, and answers the command's exit code: the body's, 3 when no
     * log can be read (nothing runs and no data dir, the data dir is held by a stack on other ports, Kafka fails),
     * 2 for a request the service refuses.
     *
     * @param command the command's name, which starts each line written on {@code err}
     */
    public int withLog(String command, CommandLine commandLine, EnvDefaults env, Function<SnapshotService, Integer> body) {
        PrintWriter err = commandLine.getErr();
        if ((kafka == null) != (registry == null)) {
            throw new CommandLine.ParameterException(commandLine, "--kafka and --registry go together: the " + command
                    + " reads Avro records");
        }
        Map<String, String> properties = env.kafkaProperties(kafkaProperties);
        EmbeddedStack started = null;
        String bootstrap = kafka;
        String registryUrl = registry;
        // the stack of ./together run on this data dir, where it said it listens, unless the user chose the address
        Optional<LocalStack> recorded = kafka != null || LocalStack.chosen(commandLine.getCommandSpec(), "--host", "--kafka-port",
                "--registry-port") ? Optional.empty() : LocalStack.recorded(local.dataDir()).filter(r -> r.port("--kafka-port").isPresent());
        String tryHost = recorded.map(LocalStack::kafkaHost).orElse(local.host());
        int tryKafkaPort = recorded.flatMap(r -> r.port("--kafka-port")).orElse(local.kafkaPort());
        int tryRegistryPort = recorded.flatMap(r -> r.port("--registry-port")).orElse(registryPort);
        String tried = tryHost + ":" + tryKafkaPort + recorded.map(r -> " (" + r.source() + ")")
                .or(() -> kafka == null ? LocalStack.staleNote(local.dataDir()).map(n -> " (" + n + ")") : Optional.empty()).orElse("");
        try {
            if (bootstrap == null) {
                if (LocalStack.listening(tryHost, tryKafkaPort)) {
                    bootstrap = tryHost + ":" + tryKafkaPort;
                    registryUrl = "http://" + tryHost + ":" + tryRegistryPort;
                    err.println(command + ": reading the stack running at " + tried);
                } else if (!Files.isDirectory(local.dataDir().resolve("kafka"))) {
                    err.println(command + ": no stack running at " + tried + " and no event log in "
                            + local.dataDir().resolve("kafka") + ": start ./together run, or pass --kafka and --registry");
                    return 3;
                } else {
                    err.println(command + ": no stack running at " + tried + "; starting the embedded one on "
                            + local.dataDir().toAbsolutePath().normalize() + " for the " + command);
                    started = EmbeddedStack.start(local.dataDir(), EmbeddedStack.LOOPBACK, local.kafkaPort(), controllerPort, registryPort);
                    bootstrap = started.bootstrapServers();
                    registryUrl = started.registryUrl();
                }
            }
            err.flush();
            return body.apply(SnapshotService.forRegistryUrl(bootstrap, registryUrl, properties));
        } catch (DataDirectoryInUseException e) {
            // a stack is starting there, or runs on other ports than these
            err.println(command + ": nothing answers at " + tried + ", but a TOGETHER stack holds "
                    + e.dataDir() + (e.holder().isEmpty() ? "" : " (" + e.holder() + ")")
                    + ": once it answers there, the " + command + " reads it; or pass the ports it runs on");
            return 3;
        } catch (SnapshotUnavailableException e) {
            err.println(command + ": " + e.getMessage());
            return 3;
        } catch (IllegalArgumentException e) {
            err.println(command + ": " + e.getMessage());
            return 2;
        } finally {
            err.flush();
            if (started != null) {
                started.close();
            }
        }
    }
}
