package org.together.figures.disclosure;

import java.util.Locale;

/**
 * Who a figure is for. A read without a valid viewer or admin token is {@link #PUBLIC}: small counts about a
 * territory are suppressed. The coordination team reads {@link #INTERNAL} figures, exact, which are not to be
 * published.
 */
public enum Audience {
    PUBLIC, INTERNAL;

    /** What every internal page and file says. */
    public static final String INTERNAL_NOTICE = "internal - do not publish";
    public static final String INTERNAL_NOTICE_FR = "interne - ne pas publier";

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the values */
    public static Audience parse(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (Audience a : values()) {
            if (a.wireName().equals(wanted)) {
                return a;
            }
        }
        throw new IllegalArgumentException("audience must be public or internal, was '" + value + "'");
    }
}
