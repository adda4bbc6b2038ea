package org.together.figures;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one event changes in its territory's figures, per UTC day of event time: what its entity contributes after
 * the event minus what it contributed before, plus what the event itself adds.
 */
public final class DayChanges implements DaySink {

    private final TreeMap<Long, Figures> byDay = new TreeMap<>();

    /** The changes of an epoch day. */
    @Override
    public Figures onDay(long epochDay) {
        return byDay.computeIfAbsent(epochDay, d -> new Figures());
    }

    /** epoch day -> changes, without the days where retractions and additions cancelled out. */
    public Map<Long, Figures> nonEmpty() {
        byDay.values().removeIf(Figures::isEmpty);
        return byDay;
    }

    public void clear() {
        byDay.clear();
    }
}
