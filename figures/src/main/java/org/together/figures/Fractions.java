package org.together.figures;

/** Rates and shares are fractions (0.25, not 25); with nothing to divide by they are null, never 0 or NaN. */
public final class Fractions {

    private Fractions() {
    }

    /** a ÷ b, or null when b is 0. */
    public static Double ratio(long a, long b) {
        return b == 0 ? null : (double) a / b;
    }

    /** now ÷ before − 1, or null when before is 0. */
    public static Double growth(long now, long before) {
        return before == 0 ? null : (double) now / before - 1;
    }
}
