package org.together.launcher;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as people type them: {@code 90s}, {@code 10m}, {@code 2h}, {@code 1d}, or ISO-8601 {@code PT10M}. */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (text.startsWith("p")) {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            }
            if (text.matches("\\d+(ms|s|m|h|d)")) {
                long n = Long.parseLong(text.replaceAll("[a-z]+$", ""));
                return switch (text.replaceAll("^\\d+", "")) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
        } catch (RuntimeException e) {
            // reported below with the accepted forms
        }
        throw new TypeConversionException("'" + value + "' is not a duration: use 90s, 10m, 2h, 1d or PT10M");
    }
}
