package org.together.ingest.validation;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The RFC 3339 date-times of the contract, checked and written by hand: every event has one, and a regular
 * expression plus {@code DateTimeFormatter} cost more than the rest of its envelope.
 */
final class Rfc3339 {

    private static final long SECONDS_1000 = LocalDateTime.of(1000, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    private static final long SECONDS_10000 = LocalDateTime.of(10000, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);

    private Rfc3339() {
    }

    /**
     * The shape {@code \d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})}: seconds required,
     * optional fraction, Z or a numeric offset (ASCII digits only).
     */
    static boolean matches(String s) {
        int n = s.length();
        if (n < 20 || !digits(s, 0, 4) || s.charAt(4) != '-' || !digits(s, 5, 2) || s.charAt(7) != '-'
                || !digits(s, 8, 2) || (s.charAt(10) != 'T' && s.charAt(10) != 't') || !digits(s, 11, 2)
                || s.charAt(13) != ':' || !digits(s, 14, 2) || s.charAt(16) != ':' || !digits(s, 17, 2)) {
            return false;
        }
        int i = 19;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && Shapes.isDigit(s.charAt(i))) {
                i++;
            }
            int fraction = i - start;
            if (fraction < 1 || fraction > 9) {
                return false;
            }
        }
        if (i >= n) {
            return false;
        }
        char z = s.charAt(i);
        if (z == 'Z' || z == 'z') {
            return i + 1 == n;
        }
        return (z == '+' || z == '-') && i + 6 == n && digits(s, i + 1, 2) && s.charAt(i + 3) == ':' && digits(s, i + 4, 2);
    }

    private static boolean digits(String s, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (!Shapes.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Exactly {@link Instant#toString()} for an instant of whole milliseconds: {@code 2021-07-10T10:00:00Z} or
     * {@code 2021-07-10T10:00:00.120Z}. Years outside 1000-9999 are left to {@code Instant.toString()}.
     */
    static String format(Instant t) {
        long seconds = t.getEpochSecond();
        int nanos = t.getNano();
        if (seconds < SECONDS_1000 || seconds >= SECONDS_10000 || nanos % 1_000_000 != 0) {
            return t.toString();
        }
        LocalDateTime d = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        char[] c = new char[nanos == 0 ? 20 : 24];
        put(c, 0, d.getYear(), 4);
        c[4] = '-';
        put(c, 5, d.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, d.getDayOfMonth(), 2);
        c[10] = 'T';
        put(c, 11, d.getHour(), 2);
        c[13] = ':';
        put(c, 14, d.getMinute(), 2);
        c[16] = ':';
        put(c, 17, d.getSecond(), 2);
        if (nanos != 0) {
            c[19] = '.';
            put(c, 20, nanos / 1_000_000, 3);
        }
        c[c.length - 1] = 'Z';
        return new String(c);
    }

    private static void put(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
