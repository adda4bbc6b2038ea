package org.together.http;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The one rule for a date in the API (query parameters and bodies): {@code yyyy-MM-dd} as written, a day of the
 * calendar. {@link LocalDate#parse} alone also takes a signed or five-digit year ({@code +12021-01-01}), which no
 * territory means.
 */
public final class ApiDates {

    /** Length of {@code yyyy-MM-dd}. */
    public static final int LENGTH = 10;

    private ApiDates() {
    }

    /** The day written as {@code yyyy-MM-dd}; anything else throws {@link DateTimeParseException}. */
    public static LocalDate parse(String text) {
        if (text.length() != LENGTH || !Character.isDigit(text.charAt(0))) {
            throw new DateTimeParseException("not a date yyyy-MM-dd", text, 0);
        }
        return LocalDate.parse(text);
    }
}
