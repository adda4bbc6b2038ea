package org.together.launcher.run;

import picocli.CommandLine;

/** {@code --rate-limit} / {@code TOGETHER_RATE_LIMIT}, shared by {@code run} and {@code ingest-service}. */
final class RateLimits {

    private RateLimits() {
    }

    static int checked(CommandLine.Model.CommandSpec spec, int eventsPerSecond) {
        if (eventsPerSecond < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rate-limit (TOGETHER_RATE_LIMIT) must be 0 "
                    + "(no limit) or a number of events per second, got " + eventsPerSecond);
        }
        return eventsPerSecond;
    }
}
