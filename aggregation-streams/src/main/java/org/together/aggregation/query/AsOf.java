package org.together.aggregation.query;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.together.http.ApiDates;

/**
 * The moment figures are asked for. Figures are kept per UTC day, so they include every event of
 * the as-of day. {@code asOf} accepts an instant ({@code 2021-07-10T12:00:00Z}) or a date
 * ({@code 2021-07-10}: as at the end of that day).
 */
public record AsOf(Instant instant, LocalDate day) {

    public static AsOf now() {
        return of(Instant.now());
    }

    public static AsOf of(Instant instant) {
        return new AsOf(instant, LocalDate.ofInstant(instant, ZoneOffset.UTC));
    }

    public static AsOf endOf(LocalDate day) {
        return new AsOf(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1), day);
    }

    /** Parses the query parameter; null or blank means now. */
    public static AsOf parse(String value) {
        if (value == null || value.isBlank()) {
            return now();
        }
        try {
            return value.length() == ApiDates.LENGTH ? endOf(ApiDates.parse(value)) : of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("asOf must be a date like 2021-07-10 or an instant like 2021-07-10T12:00:00Z, not '" + value + "'");
        }
    }
}
