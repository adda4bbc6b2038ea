package org.together.benchmarks;

import java.time.Duration;
import java.util.Locale;

/** How numbers look in the printed results and in docs/benchmarks.md: fixed locale, few digits. */
final class Fmt {
    private Fmt() {
    }

    /** 0.42, 12.5, 1234: up to three significant decimals below 10, fewer above. */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        double a = Math.abs(v);
        if (a == Math.rint(a) && a < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        String pattern = a >= 1000 ? "%,.0f" : a >= 100 ? "%.1f" : a >= 10 ? "%.2f" : "%.3f";
        String s = String.format(Locale.ROOT, pattern, v);
        // 0.300 -> 0.3, 12.50 -> 12.5
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    /** Records or events per second: "123,456/s". */
    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f/s", perSecond);
    }

    /** Milliseconds: "0.84 ms", "12.3 ms", "1,234 ms". */
    static String ms(double millis) {
        String pattern = millis >= 1000 ? "%,.0f ms" : millis >= 100 ? "%.0f ms" : millis >= 10 ? "%.1f ms" : "%.2f ms";
        return String.format(Locale.ROOT, pattern, millis);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** Binary units: "512 B", "12.3 MiB", "1.50 GiB". */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : v >= 10 ? "%.1f %s" : "%.2f %s", v, units[u]);
    }

    /** A ratio of two rates: "0.42×"; "n/a" when the denominator is zero. */
    static String ratio(Double r) {
        return r == null ? "n/a" : number(r) + "×";
    }

    /** {@code part / whole}, or null when there is nothing to divide by. */
    static Double divide(double part, double whole) {
        return whole == 0 || Double.isNaN(whole) || Double.isNaN(part) ? null : part / whole;
    }
}
