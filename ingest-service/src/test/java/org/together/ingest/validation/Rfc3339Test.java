package org.together.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written check and format behave exactly as the regular expression and Instant.toString() they replace. */
class Rfc3339Test {

    /** The contract's shape as it was checked before. */
    private static final Pattern RFC_3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");
    private static final String ALPHABET = "0123456789-:.TtZz+- x\u0663\uff11\n";

    private final Random random = new Random(3339);

    @Test
    void acceptsExactlyWhatTheRegularExpressionAccepts() {
        List<String> samples = new ArrayList<>(List.of("", "2021-07-10T10:00:00Z", "2021-07-10t10:00:00z",
                "2021-07-10T10:00:00+02:00", "2021-07-10T10:00:00.1-05:30", "2021-07-10T10:00:00.123456789Z",
                "2021-07-10T10:00:00.1234567890Z", "2021-07-10T10:00:00.Z", "2021-07-10T10:00:00", "2021-07-10T10:00Z",
                "2021-07-10 10:00:00Z", "2021-07-10T10:00:00+0200", "2021-07-10T10:00:00+02:00Z", "2021-07-10T10:00:00ZZ",
                "2021-07-10T10:00:00\u0663Z", "99999-07-10T10:00:00Z", "2021-7-10T10:00:00Z", "2021-07-10T10:00:00+02:0"));
        for (int i = 0; i < 200_000; i++) {
            samples.add(mutate(valid()));
        }
        int accepted = 0;
        for (String s : samples) {
            boolean expected = RFC_3339.matcher(s).matches();
            assertThat(Rfc3339.matches(s)).as("'%s'", s).isEqualTo(expected);
            accepted += expected ? 1 : 0;
        }
        // the samples exercise both answers
        assertThat(accepted).isBetween(samples.size() / 10, samples.size() * 9 / 10);
    }

    @Test
    void formatsWholeMillisecondsExactlyAsInstantToString() {
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("1000-01-01T00:00:00Z"),
                Instant.parse("0999-12-31T23:59:59.999Z"), Instant.parse("9999-12-31T23:59:59.999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-01-01T00:00:00Z"),
                Instant.parse("2021-07-10T10:00:00.100Z"), Instant.parse("2021-07-10T10:00:00.001Z"),
                Instant.parse("1969-12-31T23:59:59.999Z"), Instant.parse("2024-02-29T12:00:00Z")));
        for (int i = 0; i < 200_000; i++) {
            long millis = (long) ((random.nextDouble() * 2 - 1) * 400_000_000_000_000L) / (1 + random.nextInt(1000));
            Instant t = Instant.ofEpochMilli(millis);
            instants.add(random.nextInt(4) == 0 ? t.truncatedTo(ChronoUnit.SECONDS) : t);
        }
        for (Instant t : instants) {
            assertThat(Rfc3339.format(t)).isEqualTo(t.toString());
        }
    }

    private String valid() {
        StringBuilder b = new StringBuilder(String.format("%04d-%02d-%02d%c%02d:%02d:%02d", random.nextInt(10_000),
                random.nextInt(100), random.nextInt(100), random.nextBoolean() ? 'T' : 't', random.nextInt(100),
                random.nextInt(100), random.nextInt(100)));
        if (random.nextBoolean()) {
            b.append('.');
            for (int i = 0, n = 1 + random.nextInt(10); i < n; i++) {
                b.append(random.nextInt(10));
            }
        }
        switch (random.nextInt(3)) {
            case 0 -> b.append(random.nextBoolean() ? 'Z' : 'z');
            case 1 -> b.append(String.format("%c%02d:%02d", random.nextBoolean() ? '+' : '-', random.nextInt(100), random.nextInt(100)));
            default -> { }
        }
        return b.toString();
    }

    private String mutate(String s) {
        StringBuilder b = new StringBuilder(s);
        for (int m = random.nextInt(3); m > 0 && b.length() > 0; m--) {
            int at = random.nextInt(b.length());
            char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            switch (random.nextInt(3)) {
                case 0 -> b.setCharAt(at, c);
                case 1 -> b.insert(at, c);
                default -> b.deleteCharAt(at);
            }
        }
        return b.toString();
    }
}
