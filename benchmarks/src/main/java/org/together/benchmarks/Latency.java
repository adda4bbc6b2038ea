package org.together.benchmarks;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency histogram. Values are recorded in microseconds (HdrHistogram, three significant digits,
 * up to one hour) and reported in milliseconds.
 */
record Latency(long count, double p50Ms, double p99Ms, double maxMs, double meanMs) {

    static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    static Histogram histogram() {
        return new Histogram(HIGHEST_MICROS, 3);
    }

    /** Records one latency, clamped to the histogram's range (a value past an hour is still counted). */
    static void record(Histogram h, long nanos, long count) {
        long micros = Math.max(0, Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(nanos)));
        h.recordValueWithCount(micros, count);
    }

    static Latency of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new Latency(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Latency(h.getTotalCount(),
                h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0,
                h.getMaxValue() / 1000.0,
                h.getMean() / 1000.0);
    }

    boolean empty() {
        return count == 0;
    }

    /** "p50 12.3 ms, p99 45.6 ms, max 78.9 ms (n=1,234)" */
    String describe() {
        if (empty()) {
            return "no samples";
        }
        return "p50 " + Fmt.ms(p50Ms) + ", p99 " + Fmt.ms(p99Ms) + ", max " + Fmt.ms(maxMs) + " (n=" + Fmt.number(count) + ")";
    }
}
