package org.together.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How to run the benchmarks.
 *
 * @param quick the short run: smaller rounds, 20 s of live load, two scale points, history to 3M events
 * @param report the Markdown file the run writes its results into (its own mode's block); empty: print only
 * @param profile record each phase with JDK Flight Recorder and report where the CPU time went
 * @param workDir where brokers, state stores and recordings go; empty: a new temporary directory, removed after
 * @param verbose leave Kafka's and the services' logging as configured instead of quieting it
 */
public record BenchOptions(boolean quick, Optional<Path> report, boolean profile, Optional<Path> workDir, boolean verbose) {

    public static final String USAGE = """
            Usage: bench [--quick] [--report FILE | --no-report] [--profile] [--work-dir DIR] [--verbose]
              --quick        the short run (history to 3M events; about 7-10 minutes on 2 cores); default: the
                             full run (scale curve, history to 10M events; about 20-25 minutes on 2 cores)
              --report FILE  write results into this Markdown file (default: docs/benchmarks.md when ./docs exists)
              --no-report    print results only
              --profile      record each phase with JDK Flight Recorder and report the hot methods
              --work-dir DIR keep brokers, state and recordings in DIR (default: a temporary directory, removed after)
              --verbose      do not quiet Kafka's logging
            Run the JVM with -Xmx1g: the run checks the whole stack fits in 1 GiB of heap.""";

    /** The defaults: full run, report into docs/benchmarks.md when run from the project root. */
    public static BenchOptions defaults() {
        return new BenchOptions(false, defaultReport(), false, Optional.empty(), false);
    }

    public BenchOptions withQuick(boolean q) {
        return new BenchOptions(q, report, profile, workDir, verbose);
    }

    static Optional<Path> defaultReport() {
        Path docs = Path.of("docs");
        return Files.isDirectory(docs) ? Optional.of(docs.resolve("benchmarks.md")) : Optional.empty();
    }

    /** Parses command-line arguments; throws IllegalArgumentException with the usage for anything unknown. */
    public static BenchOptions parse(String... args) {
        boolean quick = false;
        boolean profile = false;
        boolean verbose = false;
        Optional<Path> report = defaultReport();
        Optional<Path> workDir = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--full" -> quick = false;
                case "--profile" -> profile = true;
                case "--verbose" -> verbose = true;
                case "--no-report" -> report = Optional.empty();
                case "--report" -> report = Optional.of(Path.of(value(args, ++i, "--report")));
                case "--work-dir" -> workDir = Optional.of(Path.of(value(args, ++i, "--work-dir")));
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'\n" + USAGE);
            }
        }
        return new BenchOptions(quick, report, profile, workDir, verbose);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    String mode() {
        return quick ? "quick" : "full";
    }
}
