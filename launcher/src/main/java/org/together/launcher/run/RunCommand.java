package org.together.launcher.run;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.together.embedded.DataDirectoryLock;
import org.together.figures.disclosure.DisclosureRule;
import org.together.launcher.AdminToken;
import org.together.launcher.EnvDefaults;
import org.together.launcher.EventsPerSecondConverter;
import org.together.launcher.KeptSecret;
import org.together.launcher.PortConverter;
import org.together.launcher.PseudonymKey;
import org.together.launcher.Together;
import org.together.launcher.ViewerToken;
import org.together.launcher.simulate.Simulation;
import org.together.launcher.simulate.Simulator;
import org.together.reports.export.ExportLicence;
import org.together.schemas.registry.RedactedUrls;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code together run}: the whole pipeline in one JVM until Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Runs the whole pipeline in one JVM.",
                "Starts Kafka (KRaft), the schema registry, ingest-service and aggregation-streams with data under the",
                "data dir that survives a restart; prints the URLs; stops cleanly on Ctrl-C or SIGTERM."})
public final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @ParentCommand
    Together together;

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
            description = "Where Kafka, the aggregation state, the admin and viewer tokens and the pseudonym key live (env TOGETHER_DATA_DIR; default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Address the ingest API and the query API/dashboard listen on (env TOGETHER_HOST; default ${DEFAULT-VALUE});"
                    + " the embedded Kafka broker and schema registry, which have no authentication, stay on 127.0.0.1.")
    String host;

    @Option(names = "--kafka-port", defaultValue = "9092", paramLabel = "PORT", converter = PortConverter.class,
            description = "Embedded Kafka client port (env TOGETHER_KAFKA_PORT; default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--controller-port", defaultValue = "9093", paramLabel = "PORT", converter = PortConverter.class,
            description = "Embedded Kafka KRaft controller port (env TOGETHER_CONTROLLER_PORT; default ${DEFAULT-VALUE}).")
    int controllerPort;

    @Option(names = "--registry-port", defaultValue = "8081", paramLabel = "PORT", converter = PortConverter.class,
            description = "Embedded schema registry port (env TOGETHER_REGISTRY_PORT; default ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--ingest-port", defaultValue = "8080", paramLabel = "PORT", converter = PortConverter.class,
            description = "Ingest API port (env TOGETHER_INGEST_PORT; default ${DEFAULT-VALUE}).")
    int ingestPort;

    @Option(names = "--query-port", defaultValue = "8090", paramLabel = "PORT", converter = PortConverter.class,
            description = "Query API and dashboard port (env TOGETHER_QUERY_PORT; default ${DEFAULT-VALUE}).")
    int queryPort;

    @Option(names = "--rate-limit", defaultValue = "2000", paramLabel = "EVENTS_PER_S",
            description = "Events per second each territory token may send to the ingest API, bursts of 10 s' worth; "
                    + "0 for no limit; the import is not limited (env TOGETHER_RATE_LIMIT; default ${DEFAULT-VALUE}).")
    int rateLimit;

    @Option(names = "--kafka", paramLabel = "BOOTSTRAP",
            description = "Use this Kafka cluster instead of the embedded broker (env TOGETHER_KAFKA_BOOTSTRAP).")
    String kafka;

    @Option(names = "--registry", paramLabel = "URL",
            description = "Use this schema registry instead of the embedded one; needs --kafka (env TOGETHER_REGISTRY_URL).")
    String registry;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "Kafka client property for every client, repeatable; also env TOGETHER_KAFKA_<KEY>, e.g. TOGETHER_KAFKA_SECURITY_PROTOCOL.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(names = "--demo", description = "Also run the territory simulator against the ingest API.")
    boolean demo;

    @Option(names = "--demo-rate", defaultValue = "50", paramLabel = "EVENTS_PER_S", converter = EventsPerSecondConverter.class,
            description = "Events per second the demo sends, above 0; needs --demo (default ${DEFAULT-VALUE}).")
    double demoRate;

    /** Flags and environment resolved into what to start; creates the admin token file on first use. */
    public StackSettings settings() {
        EnvDefaults env = together.env();
        return settings(env, checkedOptions(env));
    }

    private StackSettings settings(EnvDefaults env, DisclosureRule disclosure) {
        return new StackSettings(dataDir, host, kafkaPort, controllerPort, registryPort, ingestPort, queryPort,
                Optional.ofNullable(kafka), Optional.ofNullable(registry), env.kafkaProperties(kafkaProperties),
                AdminToken.resolve(env.get("TOGETHER_ADMIN_TOKEN"), dataDir),
                PseudonymKey.resolve(env.get("TOGETHER_PSEUDONYM_KEY"), dataDir),
                ViewerToken.resolve(env.get("TOGETHER_VIEWER_TOKEN"), dataDir), disclosure,
                Optional.ofNullable(env.get("TOGETHER_METRICS_TOKEN")), RateLimits.checked(spec, rateLimit),
                exportLicence(env));
    }

    private Optional<ExportLicence> exportLicence(EnvDefaults env) {
        try {
            return env.exportLicence();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * Refuses a demo option without {@code --demo}: it would be ignored, and the stack would start as if the flag had
     * done something (review 10 started one so by mistake). Checked first, with the rate limit, before the data dir is
     * touched; the rates themselves are refused while the command line is read ({@link EventsPerSecondConverter}).
     */
    private void checkDemoOptions() {
        RateLimits.checked(spec, rateLimit);
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (!demo && parsed != null && parsed.hasMatchedOption("--demo-rate")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--demo-rate needs --demo: add --demo to run the simulator, or leave --demo-rate out");
        }
    }

    /** Refuses options that cannot work, before the secrets are read or made; answers the disclosure rule. */
    private DisclosureRule checkedOptions(EnvDefaults env) {
        checkDemoOptions();
        if (registry != null && kafka == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--registry needs --kafka: give both to use external services, or --kafka alone to keep the embedded registry");
        }
        RateLimits.checked(spec, rateLimit);
        PseudonymKeys.checked(spec, env);
        OperatorTokens.checked(spec, env, OperatorTokens.VARIABLES);
        exportLicence(env); // refused here, before the secrets; read again into the settings
        try {
            return env.disclosureRule();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The servers this run starts in this JVM, by the option that sets each one's port: the embedded ones on loopback. */
    private List<StartChecks.Listener> listeners() {
        String embedded = RunningStack.Addresses.EMBEDDED_HOST;
        List<StartChecks.Listener> listeners = new ArrayList<>();
        if (kafka == null) {
            listeners.add(new StartChecks.Listener("--kafka-port", "the embedded Kafka broker", embedded, kafkaPort));
            listeners.add(new StartChecks.Listener("--controller-port", "the embedded Kafka controller", embedded, controllerPort));
        }
        if (registry == null) {
            listeners.add(new StartChecks.Listener("--registry-port", "the embedded schema registry", embedded, registryPort));
        }
        listeners.add(new StartChecks.Listener("--ingest-port", "the ingest API", host, ingestPort));
        listeners.add(new StartChecks.Listener("--query-port", "the query API and dashboard", host, queryPort));
        return listeners;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long startedAt = System.nanoTime();
        EnvDefaults env = together.env();
        checkDemoOptions();
        StartChecks.dataDir(spec, env, dataDir); // a file: refused before the lock would change its mode
        // then a second run on this data dir stops here, before it reads a file or opens a port; the options, the
        // address and the ports are checked right after, before the secrets are read or made
        DataDirectoryLock lock = DataDirectoryLock.acquire(dataDir);
        StackSettings settings;
        try {
            DisclosureRule disclosure = checkedOptions(env);
            StartChecks.host(spec, env, host);
            StartChecks.ports(spec, env, listeners());
            settings = settings(env, disclosure);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        AdminToken.ignoredFileWarning(settings.adminToken(), dataDir).ifPresent(log::warn);
        RunningStack stack = RunningStack.of(settings, lock);
        AtomicReference<Simulator> demoTraffic = new AtomicReference<>();
        Shutdown shutdown = Shutdown.install("together", () -> {
            out.println("Stopping TOGETHER...");
            out.flush();
            Simulator simulator = demoTraffic.get();
            if (simulator != null) {
                simulator.close();
            }
            stack.close();
            out.println("Stopped.");
            out.flush();
        });
        try {
            stack.start();
        } catch (RuntimeException e) {
            if (shutdown.requested()) {
                shutdown.await();
                return 0;
            }
            shutdown.uninstall(); // what started was stopped again; the error is reported by Together
            throw e;
        }
        if (demo) {
            demoTraffic.set(Simulator.start(URI.create(stack.ingestUrl()), settings.adminToken().value(),
                    Simulation.Settings.demo(demoRate), out));
        }
        printBanner(out, stack, (System.nanoTime() - startedAt) / 1_000_000, stdoutIsATerminal());
        AdminToken.shown(settings.adminToken(), dataDir); // on a terminal or not: either way this start said where it is
        shutdown.await();
        return 0;
    }

    /**
     * Whether what {@code run} prints goes to a terminal, where the one who started it reads it. Under nohup, systemd or
     * {@code > run.log} it goes to a file that others may read (review 11), so the new admin token is not printed there.
     */
    static boolean stdoutIsATerminal() {
        return System.console() != null; // Java 17: null unless both stdin and stdout are a terminal
    }

    static void printBanner(PrintWriter out, RunningStack stack, long startMillis, boolean terminal) {
        StackSettings s = stack.settings();
        out.println();
        out.printf("TOGETHER is up in %.1f s, data in %s%n", startMillis / 1000.0, s.dataDir().toAbsolutePath().normalize());
        out.printf("  Ingest API        %s/api/v1/events%n", stack.ingestUrl());
        out.printf("  Query API         %s/api/v1/network/summary%n", stack.queryUrl());
        out.printf("  Dashboard         %s/%n", stack.queryUrl());
        // the embedded ones have no authentication: on loopback whatever --host says, and the banner says so
        out.printf("  Schema Registry   %s%s%n", RedactedUrls.of(stack.registryUrl()),
                s.registry().isPresent() ? "  (external)" : "  (this machine only)");
        out.printf("  Kafka             %s%s%n", RedactedUrls.of(stack.bootstrapServers()),
                s.kafka().isPresent() ? "  (external)" : "  (this machine only)");
        adminTokenLines(s.adminToken(), s.dataDir(), terminal).forEach(out::println);
        s.pseudonymKey().file().ifPresent(f -> out.printf("  Pseudonym key     kept in %s (back it up: without it no participant can be found again)%n", f));
        // a new user opening the dashboard sees "< 5" in small territories: say why, and how the team sees more, with the
        // viewer token, which reads figures and nothing else (the admin token does not belong in a browser page)
        out.println(viewerTokenLine(s.viewerToken()));
        out.printf("  Figures           public without a token (counts under %d about a territory hidden); exact with the"
                + " viewer token, pasted in the dashboard's token field%n", s.disclosure().minPublishedCount());
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    /** The banner's viewer token line: where it is kept, never the token itself (the file is for its owner only). */
    static String viewerTokenLine(KeptSecret token) {
        return token.origin() == KeptSecret.Origin.ENVIRONMENT
                ? "  Viewer token      from TOGETHER_VIEWER_TOKEN (exact figures only: for the dashboard)"
                : "  Viewer token      kept in " + token.file().orElseThrow() + " (exact figures only: for the dashboard)";
    }

    /** The banner's admin token lines: a new token itself only to a terminal, otherwise the file it is kept in. */
    static List<String> adminTokenLines(KeptSecret token, Path dataDir, boolean terminal) {
        return switch (token.origin()) {
            case CREATED -> terminal
                    ? List.of("  Admin token       " + token.value(),
                            "                    (shown this once; kept in " + token.file().orElseThrow() + ", readable by you only)")
                    : List.of("  Admin token       new, kept in " + token.file().orElseThrow() + ", readable by you only"
                                    + " (not printed: this output is not a terminal)",
                            "                    read it with: cat " + token.file().orElseThrow());
            case STORED -> List.of("  Admin token       kept in " + token.file().orElseThrow());
            case ENVIRONMENT -> AdminToken.ignoredFileWarning(token, dataDir).isEmpty()
                    ? List.of("  Admin token       from TOGETHER_ADMIN_TOKEN")
                    : List.of("  Admin token       from TOGETHER_ADMIN_TOKEN",
                            "                    (the one kept in " + dataDir.resolve(AdminToken.FILE_NAME)
                                    + " is refused while it is set: delete it to retire it)");
        };
    }
}
