package org.together.launcher.simulate;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import org.together.launcher.ClientOptions;
import org.together.launcher.DurationConverter;
import org.together.launcher.EventsPerSecondConverter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code together simulate}: realistic territory traffic against a running ingest API. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Sends realistic territory traffic to the ingest API.",
                "Plays territory apps against the ingest API: registers territories in a dozen countries (admin token),",
                "then sends each one's events with its own token: participants joining along an S-curve, tool funnels",
                "with ratings, footprints, workshops with SPIRAL criteria and co-evaluations, people leaving and rejoining,",
                "offline apps syncing late bursts, and a few identical resends (reported as duplicates).",
                "It replays --history-days of past activity as fast as --rate allows, then keeps sending live traffic."})
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Option(names = "--territories", defaultValue = "36", paramLabel = "N",
            description = "Territories joining over the run, at least 1 (default ${DEFAULT-VALUE}).")
    int territories;

    @Option(names = "--rate", defaultValue = "100", paramLabel = "EVENTS_PER_S", converter = EventsPerSecondConverter.class,
            description = "At most this many events per second, above 0 (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Stop after this long, more than 0, e.g. 90s, 10m, 2h (default: until Ctrl-C).")
    Duration duration;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the scenario, to replay the same one (default: random).")
    Long seed;

    @Option(names = "--history-days", defaultValue = "120", paramLabel = "DAYS",
            description = "Days of past activity to replay first, 0 to 365 (default ${DEFAULT-VALUE}).")
    int historyDays;

    /** The scenario; each refused value names its flag (a usage error, exit 2), before a token is read or a request sent. */
    public Simulation.Settings settings() {
        if (territories < 1) {
            throw usage("--territories must be at least 1, got " + territories);
        }
        if (historyDays < 0 || historyDays > 365) {
            throw usage("--history-days must be 0 to 365 (the API takes events up to 400 days old), got " + historyDays);
        }
        if (duration != null && (duration.isZero() || duration.isNegative())) {
            throw usage("--duration must be more than 0, got " + duration);
        }
        try {
            return new Simulation.Settings(territories, rate, Optional.ofNullable(duration),
                    seed != null ? seed : new Random().nextLong(), historyDays, Simulation.Settings.newRunTag());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Simulation.Settings settings = settings();
        String token;
        try {
            token = client.adminToken();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("simulate: " + e.getMessage());
            return 2;
        }
        Simulator simulator = new Simulator(client.ingest(spec, spec.commandLine().getErr()), token, settings, out, Duration.ofSeconds(10));
        Thread stop = new Thread(simulator::close, "simulate-shutdown");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            simulator.run();
        } catch (org.together.launcher.IngestClient.UnavailableException e) {
            spec.commandLine().getErr().println("simulate stopped: " + e.getMessage());
            return 3;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stop);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is already running
        }
        return simulator.count("rejected") + simulator.count("conflict") + simulator.failedRequests() == 0 ? 0 : 1;
    }
}
