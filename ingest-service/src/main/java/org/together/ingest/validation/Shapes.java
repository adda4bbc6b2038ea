package org.together.ingest.validation;

import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * The shapes of ids, checked character by character: these run for every field of every event, and a
 * hand-written check costs a fraction of a regular expression.
 */
public final class Shapes {

    private static final IntPredicate LOWER_DIGIT_DASH = c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-';
    private static final IntPredicate ID_CHARS = c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
            || c == '_' || c == '-';

    private static final IntPredicate NAME_CHARS = c -> ID_CHARS.test(c) || c == '.';

    /** 8-4-4-4-12 hexadecimal digits. */
    public static final Predicate<String> UUID = Shapes::isUuid;
    /** Territory ids: 3 to 64 of a-z, 0-9, '-'. */
    public static final Predicate<String> TERRITORY_ID = chars(3, 64, LOWER_DIGIT_DASH);
    /** Pseudonymous participant ids: 8 to 64 of A-Z, a-z, 0-9, '_', '-'. */
    public static final Predicate<String> PARTICIPANT_ID = chars(8, 64, ID_CHARS);
    public static final Predicate<String> GROUP_ID = chars(1, 64, ID_CHARS);
    public static final Predicate<String> TOOL_ID = chars(1, 64, LOWER_DIGIT_DASH);
    /** An app's name, version or form version: 1 to 64 of A-Z, a-z, 0-9, '.', '_', '-' (no room for free text). */
    public static final Predicate<String> SOURCE = chars(1, 64, NAME_CHARS);
    /** A SPIRAL dimension code: one letter A to I. */
    public static final Predicate<String> DIMENSION = s -> s.length() == 1 && s.charAt(0) >= 'A' && s.charAt(0) <= 'I';
    /** A SPIRAL component code: a dimension letter and two digits, like A01. */
    public static final Predicate<String> COMPONENT = s -> s.length() == 3 && s.charAt(0) >= 'A' && s.charAt(0) <= 'I'
            && isDigit(s.charAt(1)) && isDigit(s.charAt(2));

    private Shapes() {
    }

    public static Predicate<String> chars(int min, int max, IntPredicate allowed) {
        return s -> {
            int n = s.length();
            if (n < min || n > max) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (!allowed.test(s.charAt(i))) {
                    return false;
                }
            }
            return true;
        };
    }

    private static boolean isUuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !isHex(c)) {
                return false;
            }
        }
        return true;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /**
     * True when the text holds a Unicode direction control (the Bidi_Control characters: U+061C, U+200E, U+200F,
     * U+202A-U+202E, U+2066-U+2069): one can make "Lyon \u202egnp.exe" show as "Lyon exe.png" wherever it is read.
     */
    public static boolean hasBidiControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u061C' || c == '\u200E' || c == '\u200F' || c >= '\u202A' && c <= '\u202E'
                    || c >= '\u2066' && c <= '\u2069') {
                return true;
            }
        }
        return false;
    }

    /** True when the text holds a control character (free text must not). */
    public static boolean hasControlCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
