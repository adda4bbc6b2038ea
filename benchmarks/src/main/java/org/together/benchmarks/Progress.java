package org.together.benchmarks;

import java.io.PrintStream;
import java.util.Locale;

/** Live progress lines on the terminal while a run goes (results come at the end, in the report). */
final class Progress {
    private final PrintStream out;
    private final long started = System.nanoTime();

    Progress(PrintStream out) {
        this.out = out;
    }

    void say(String format, Object... args) {
        double at = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "[%6.1fs] %s%n", at, String.format(Locale.ROOT, format, args));
        out.flush();
    }
}
