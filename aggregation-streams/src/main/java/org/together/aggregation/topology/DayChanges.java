package org.together.aggregation.topology;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/** The changes one event makes to its territory's figures, per UTC day (epoch day) of event time. */
final class DayChanges {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private final TreeMap<Long, Figures> byDay = new TreeMap<>();

    static long epochDay(long epochMillis) {
        return Math.floorDiv(epochMillis, MILLIS_PER_DAY);
    }

    Figures at(long occurredAtMillis) {
        return byDay.computeIfAbsent(epochDay(occurredAtMillis), d -> new Figures());
    }

    /** Drops days where retractions and additions cancelled out. */
    Map<Long, Figures> nonEmpty() {
        byDay.values().removeIf(Figures::isEmpty);
        return byDay;
    }

    static String dayKey(String territoryId, long epochDay) {
        return territoryId + StoreKeys.SEPARATOR + LocalDate.ofEpochDay(epochDay);
    }
}
