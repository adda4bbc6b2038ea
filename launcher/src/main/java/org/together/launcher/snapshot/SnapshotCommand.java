package org.together.launcher.snapshot;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import org.together.figures.disclosure.Audience;
import org.together.figures.disclosure.DisclosureRule;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.together.reports.snapshot.Snapshot;
import org.together.reports.snapshot.SnapshotFormat;
import org.together.reports.snapshot.SnapshotService;
import org.together.reports.snapshot.SnapshotUnavailableException;
import org.together.reports.snapshot.SnapshotWriter;
import org.together.reports.snapshot.UnknownTerritoryException;
import org.together.embedded.DataDirectoryInUseException;
import org.together.embedded.EmbeddedStack;
import org.together.launcher.Together;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code together snapshot}: the quarterly progress report, replayed from the event log. */
@Command(name = "snapshot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes the quarterly progress snapshot.",
                "Replays the event log for a period (--from inclusive, --to exclusive, UTC dates) and writes the report",
                "with the change since the previous period of the same length (as many whole months before, when the period is whole months).",
                "Reads the Kafka of --kafka/--registry if given; else the stack running on the local ports; else it starts",
                "the embedded stack on the data dir just for the snapshot."})
public final class SnapshotCommand implements Callable<Integer> {

    @ParentCommand
    Together together;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "DATE", description = "First day of the period, e.g. 2021-04-10.")
    LocalDate from;

    @Option(names = "--to", required = true, paramLabel = "DATE", description = "Day after the period, e.g. 2021-07-10.")
    LocalDate to;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory the report files are written to.")
    Path out;

    @Option(names = "--lang", defaultValue = "en", paramLabel = "fr|en", description = "Language of the report (default ${DEFAULT-VALUE}).")
    String lang;

    @Option(names = "--territory", paramLabel = "ID", description = "One territory instead of the whole network.")
    String territory;

    @Option(names = "--received-until", paramLabel = "INSTANT",
            description = {"Count only the events received up to this moment, e.g. 2021-07-11T08:00:00Z: the moment an earlier",
                    "report says it counted up to makes the same report again (default: now)."})
    java.time.Instant receivedUntil;

    @Option(names = "--audience", defaultValue = "public", paramLabel = "public|internal",
            description = "public (default): small counts about a territory hidden, the network's report only; internal: exact"
                    + " figures for the coordination team, every page and file says 'internal - do not publish'.")
    String audience;

    @Option(names = "--min-published-count", paramLabel = "K",
            description = "Smallest published count (env TOGETHER_MIN_PUBLISHED_COUNT; default 5).")
    Integer minPublishedCount;

    @Option(names = "--format", split = ",", defaultValue = "html,pdf,json,csv", paramLabel = "FORMATS",
            description = "Comma-separated list of html, pdf, json, csv (default ${DEFAULT-VALUE}).")
    List<String> formats;

    @Option(names = "--kafka", paramLabel = "BOOTSTRAP", description = "Kafka to read (env TOGETHER_KAFKA_BOOTSTRAP); needs --registry.")
    String kafka;

    @Option(names = "--registry", paramLabel = "URL", description = "Schema registry (env TOGETHER_REGISTRY_URL).")
    String registry;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "Kafka client property, repeatable; also env TOGETHER_KAFKA_<KEY>.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
            description = "Data dir of the local stack (env TOGETHER_DATA_DIR; default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Host of the local stack (env TOGETHER_HOST; default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--kafka-port", defaultValue = "9092", paramLabel = "PORT", description = "Local Kafka port (env TOGETHER_KAFKA_PORT; default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--controller-port", defaultValue = "9093", paramLabel = "PORT",
            description = "Local KRaft controller port (env TOGETHER_CONTROLLER_PORT; default ${DEFAULT-VALUE}).")
    int controllerPort;

    @Option(names = "--registry-port", defaultValue = "8081", paramLabel = "PORT",
            description = "Local registry port (env TOGETHER_REGISTRY_PORT; default ${DEFAULT-VALUE}).")
    int registryPort;

    /** The report's language; only French and English are written. */
    Locale locale() {
        return switch (lang.strip().toLowerCase(Locale.ROOT)) {
            case "fr" -> Locale.FRENCH;
            case "en" -> Locale.ENGLISH;
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--lang must be fr or en, was '" + lang + "'");
        };
    }

    Set<SnapshotFormat> formats() {
        Set<SnapshotFormat> wanted = EnumSet.noneOf(SnapshotFormat.class);
        for (String name : formats) {
            try {
                wanted.add(SnapshotFormat.parse(name));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--format: " + e.getMessage());
            }
        }
        return wanted;
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!to.isAfter(from)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--to must be after --from (--to is exclusive)");
        }
        if ((kafka == null) != (registry == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kafka and --registry go together: the snapshot reads Avro records");
        }
        Locale locale = locale();
        Set<SnapshotFormat> wanted = formats();
        Audience forWhom;
        DisclosureRule rule;
        try {
            forWhom = Audience.parse(audience);
            rule = minPublishedCount != null ? new DisclosureRule(minPublishedCount) : DisclosureRule.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (forWhom == Audience.PUBLIC && territory != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "a territory's report is internal (every figure in it is"
                    + " about one territory): add --audience internal, or leave out --territory for the network's public report");
        }
        Map<String, String> properties = together.env().kafkaProperties(kafkaProperties);

        EmbeddedStack started = null;
        String bootstrap = kafka;
        String registryUrl = registry;
        try {
            if (bootstrap == null) {
                if (listening(host, kafkaPort)) {
                    bootstrap = host + ":" + kafkaPort;
                    registryUrl = "http://" + host + ":" + registryPort;
                    err.println("snapshot: reading the stack running at " + bootstrap);
                } else if (!java.nio.file.Files.isDirectory(dataDir.resolve("kafka"))) {
                    err.println("snapshot: no stack running at " + host + ":" + kafkaPort + " and no event log in "
                            + dataDir.resolve("kafka") + ": start ./together run, or pass --kafka and --registry");
                    return 3;
                } else {
                    err.println("snapshot: no stack running at " + host + ":" + kafkaPort + "; starting the embedded one on "
                            + dataDir.toAbsolutePath().normalize() + " for the snapshot");
                    started = EmbeddedStack.start(dataDir, host, kafkaPort, controllerPort, registryPort);
                    bootstrap = started.bootstrapServers();
                    registryUrl = started.registryUrl();
                }
            }
            err.flush();
            Snapshot snapshot = SnapshotService.forRegistryUrl(bootstrap, registryUrl, properties)
                    .compute(from, to, Optional.ofNullable(territory), Optional.ofNullable(receivedUntil), forWhom, rule);
            for (Path file : SnapshotWriter.write(snapshot, out, locale, wanted)) {
                stdout.println(file);
            }
            stdout.flush();
            return 0;
        } catch (DataDirectoryInUseException e) {
            // a stack is starting there, or runs on other ports than these
            err.println("snapshot: nothing answers at " + host + ":" + kafkaPort + ", but a TOGETHER stack holds "
                    + e.dataDir() + (e.holder().isEmpty() ? "" : " (" + e.holder() + ")")
                    + ": once it answers there, the snapshot reads it; or pass the ports it runs on");
            return 3;
        } catch (UnknownTerritoryException e) {
            err.println("snapshot: unknown territory '" + e.territoryId() + "': neither registered nor in any event");
            return 1;
        } catch (SnapshotUnavailableException e) {
            err.println("snapshot: " + e.getMessage());
            return 3;
        } catch (IllegalArgumentException e) {
            err.println("snapshot: " + e.getMessage());
            return 2;
        } finally {
            if (started != null) {
                started.close();
            }
        }
    }

    private static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
