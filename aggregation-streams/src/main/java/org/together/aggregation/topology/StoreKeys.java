package org.together.aggregation.topology;

import java.time.LocalDate;

/**
 * Keys of the state stores. Every key of a territory's state starts with its territory id, and
 * '|' never occurs in territory ids ({@code [a-z0-9-]}), so a territory's days are one
 * contiguous, date-ordered key range.
 */
public final class StoreKeys {

    static final String SEPARATOR = "|";
    /** Routing key of the network's figures (its single partition). */
    public static final String NETWORK = "network";
    /** Key of all-time figures; sorts after every date, so day ranges never include it. */
    public static final String ALL_TIME = "all-time";

    private StoreKeys() {
    }

    public static String territoryDay(String territoryId, LocalDate day) {
        return territoryId + SEPARATOR + day;
    }

    /** The territory of a {@link #territoryDay} key. */
    static String territoryOf(String key) {
        return key.substring(0, key.indexOf(SEPARATOR));
    }

    /** The day of a {@link #territoryDay} key. */
    public static LocalDate dayOf(String territoryDayKey) {
        return LocalDate.parse(territoryDayKey.substring(territoryDayKey.lastIndexOf(SEPARATOR) + 1));
    }
}
