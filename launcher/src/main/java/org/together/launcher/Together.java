package org.together.launcher;

import java.util.Map;
import org.together.launcher.backfill.ImportCommand;
import org.together.launcher.deadletters.DeadLettersCommand;
import org.together.launcher.export.ExportCommand;
import org.together.launcher.run.AggregationStreamsCommand;
import org.together.launcher.run.IngestServiceCommand;
import org.together.launcher.run.RunCommand;
import org.together.launcher.simulate.SimulateCommand;
import org.together.launcher.snapshot.SnapshotCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./together} command line. */
@Command(name = "together",
        mixinStandardHelpOptions = true,
        version = "together 0.1.0-SNAPSHOT",
        description = "The TOGETHER progress pipeline: run it, feed it, report from it.",
        subcommands = {
                RunCommand.class,
                ImportCommand.class,
                SimulateCommand.class,
                SnapshotCommand.class,
                ExportCommand.class,
                DeadLettersCommand.class,
                IngestServiceCommand.class,
                AggregationStreamsCommand.class,
                CommandLine.HelpCommand.class})
public final class Together implements Runnable {

    private final EnvDefaults env;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public Together(EnvDefaults env) {
        this.env = env;
    }

    public EnvDefaults env() {
        return env;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line with environment defaults from {@code env}; tests pass their own map. */
    public static CommandLine commandLine(Map<String, String> env) {
        EnvDefaults defaults = new EnvDefaults(env);
        CommandLine commandLine = new CommandLine(new Together(defaults));
        commandLine.setDefaultValueProvider(defaults);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((e, args) -> {
            // the one line that says what is wrong (naming the variable when that is where the value came from), not
            // the whole help after it: with a bad variable the help would even show its value as the default
            CommandLine refused = e.getCommandLine();
            java.io.PrintWriter err = refused.getErr();
            err.println(defaults.explain(e, args));
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("See '" + refused.getCommandSpec().qualifiedName() + " --help' for the options.");
            err.flush();
            return refused.getCommandSpec().exitCodeOnInvalidInput();
        });
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            // what went wrong in a line or two; the stack trace only when asked for
            cl.getErr().println("together " + cl.getCommandName() + ": " + e.getMessage());
            for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
                cl.getErr().println("  caused by " + cause);
            }
            if (Boolean.getBoolean("together.stacktrace")) {
                e.printStackTrace(cl.getErr());
            }
            cl.getErr().flush();
            return 1;
        });
        return commandLine;
    }

    public static void main(String[] args) {
        System.exit(commandLine(environmentFor(args, System.getenv())).execute(args));
    }

    /**
     * The environment the command line reads its defaults from: none when help is asked for, so that the help shows
     * each option's own default, not a {@code TOGETHER_*} value set in this shell (it names the variable beside it).
     */
    static Map<String, String> environmentFor(String[] args, Map<String, String> env) {
        boolean help = args.length > 0 && args[0].equals("help")
                || java.util.Arrays.stream(args).anyMatch(a -> a.equals("-h") || a.equals("--help"));
        return help ? Map.of() : env;
    }
}
