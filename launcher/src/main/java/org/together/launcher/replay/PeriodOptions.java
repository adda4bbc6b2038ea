package org.together.launcher.replay;

import java.time.LocalDate;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The period a replay covers, as {@code snapshot} and {@code export} take it: UTC days, --to exclusive. */
public final class PeriodOptions {

    @Option(names = "--from", required = true, paramLabel = "DATE", description = "First day of the period, e.g. 2021-04-10.")
    LocalDate from;

    @Option(names = "--to", required = true, paramLabel = "DATE", description = "Day after the period, e.g. 2021-07-10.")
    LocalDate to;

    /** The first day; fails the command line when the period is empty. */
    public LocalDate from(CommandLine commandLine) {
        requireNotEmpty(commandLine);
        return from;
    }

    /** The day after the last; fails the command line when the period is empty. */
    public LocalDate to(CommandLine commandLine) {
        requireNotEmpty(commandLine);
        return to;
    }

    private void requireNotEmpty(CommandLine commandLine) {
        if (!to.isAfter(from)) {
            throw new CommandLine.ParameterException(commandLine, "--to must be after --from (--to is exclusive)");
        }
    }
}
