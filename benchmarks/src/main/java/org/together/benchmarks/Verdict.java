package org.together.benchmarks;

import java.util.Locale;

/**
 * One quality bar of the specification and what this run measured against it.
 *
 * @param floor the bar, in words ("ingest / raw producer >= 0.30")
 * @param measured what was measured, formatted ("0.42")
 * @param outcome PASS, FAIL, or NOT_MEASURED when the run could not measure it (with the reason in {@code measured})
 */
public record Verdict(String floor, String measured, Outcome outcome) {

    public enum Outcome { PASS, FAIL, NOT_MEASURED }

    /** PASS when {@code value >= threshold}; a missing (null or NaN) value is NOT_MEASURED, never a PASS. */
    static Verdict atLeast(String what, Double value, double threshold, String unit) {
        String floor = what + " >= " + Fmt.number(threshold) + unit;
        if (value == null || value.isNaN()) {
            return new Verdict(floor, "not measured", Outcome.NOT_MEASURED);
        }
        return new Verdict(floor, Fmt.number(value) + unit, value >= threshold ? Outcome.PASS : Outcome.FAIL);
    }

    /** PASS when {@code value < threshold}; a missing (null or NaN) value is NOT_MEASURED. */
    static Verdict below(String what, Double value, double threshold, String unit) {
        String floor = what + " < " + Fmt.number(threshold) + unit;
        if (value == null || value.isNaN()) {
            return new Verdict(floor, "not measured", Outcome.NOT_MEASURED);
        }
        return new Verdict(floor, Fmt.number(value) + unit, value < threshold ? Outcome.PASS : Outcome.FAIL);
    }

    static Verdict notMeasured(String floor, String why) {
        return new Verdict(floor, "not measured: " + why, Outcome.NOT_MEASURED);
    }

    public boolean passed() {
        return outcome == Outcome.PASS;
    }

    /** {@code PASS  ingest / raw producer >= 0.3: 0.42} */
    String line() {
        return String.format(Locale.ROOT, "%-12s %s: %s", outcome, floor, measured);
    }
}
