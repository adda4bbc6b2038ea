package org.together.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class FormattingTest {

    @Test
    void numbersKeepAFewSignificantDecimalsAndGroupThousands() {
        assertThat(Fmt.number(0.3)).isEqualTo("0.3");
        assertThat(Fmt.number(0.41666)).isEqualTo("0.417");
        assertThat(Fmt.number(12.5)).isEqualTo("12.5");
        assertThat(Fmt.number(123.456)).isEqualTo("123.5");
        assertThat(Fmt.number(1234567)).isEqualTo("1,234,567");
        assertThat(Fmt.number(1234.6)).isEqualTo("1,235");
        assertThat(Fmt.number(50)).isEqualTo("50");
    }

    @Test
    void ratesMillisecondsAndBytesReadAsPeopleWriteThem() {
        assertThat(Fmt.rate(265_432.4)).isEqualTo("265,432/s");
        assertThat(Fmt.ms(0.8432)).isEqualTo("0.84 ms");
        assertThat(Fmt.ms(12.34)).isEqualTo("12.3 ms");
        assertThat(Fmt.ms(1234.5)).isEqualTo("1,235 ms");
        assertThat(Fmt.bytes(512)).isEqualTo("512 B");
        assertThat(Fmt.bytes(5L * 1024 * 1024 / 2)).isEqualTo("2.50 MiB");
        assertThat(Fmt.bytes(1024L * 1024 * 1024)).isEqualTo("1.00 GiB");
    }

    @Test
    void aRatioWithNothingToDivideByIsMissingNotZeroOrInfinite() {
        assertThat(Fmt.divide(3, 0)).isNull();
        assertThat(Fmt.divide(Double.NaN, 2)).isNull();
        assertThat(Fmt.divide(3, 4)).isEqualTo(0.75);
        assertThat(Fmt.ratio(null)).isEqualTo("n/a");
        assertThat(Fmt.ratio(0.4167)).isEqualTo("0.417×");
    }

    @Test
    void percentilesComeFromTheHistogramInMilliseconds() {
        Histogram h = Latency.histogram();
        for (int ms = 1; ms <= 100; ms++) {
            Latency.record(h, ms * 1_000_000L, 1);
        }
        Latency l = Latency.of(h);
        assertThat(l.count()).isEqualTo(100);
        assertThat(l.p50Ms()).isBetween(49.9, 50.1);
        assertThat(l.p99Ms()).isBetween(98.9, 99.1);
        assertThat(l.maxMs()).isBetween(99.9, 100.1);
        assertThat(l.describe()).isEqualTo("p50 50.0 ms, p99 99.0 ms, max 100 ms (n=100)");
    }

    @Test
    void aLatencyRecordedWithACountWeighsAsThatManyEvents() {
        Histogram h = Latency.histogram();
        Latency.record(h, 10_000_000L, 99); // 99 events shown after 10 ms
        Latency.record(h, 2_000_000_000L, 1); // one after 2 s
        Latency l = Latency.of(h);
        assertThat(l.count()).isEqualTo(100);
        assertThat(l.p99Ms()).isBetween(9.9, 10.1);
        assertThat(l.maxMs()).isBetween(1999.0, 2001.0);
    }

    @Test
    void anEmptyHistogramHasNoPercentiles() {
        Latency l = Latency.of(Latency.histogram());
        assertThat(l.empty()).isTrue();
        assertThat(l.p99Ms()).isNaN();
        assertThat(l.describe()).isEqualTo("no samples");
    }

    @Test
    void aLatencyBeyondTheHistogramRangeIsStillCountedAtItsTop() {
        Histogram h = Latency.histogram();
        Latency.record(h, 5L * 3600 * 1_000_000_000L, 1);
        assertThat(Latency.of(h).count()).isEqualTo(1);
        assertThat(Latency.of(h).maxMs()).isGreaterThan(3_500_000.0);
    }
}
