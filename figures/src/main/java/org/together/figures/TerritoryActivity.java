package org.together.figures;

import java.time.LocalDate;
import java.util.BitSet;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The days on which a territory had events, and what follows from them: its first event (a territory is new in
 * the period of its first event) and whether it is active (an event on the day or on one of the
 * {@value #ACTIVE_DAYS} − 1 days before).
 */
public final class TerritoryActivity {

    /** A territory is active on a day when an event occurred on it or on one of the 89 days before. */
    public static final int ACTIVE_DAYS = 90;
    private static final long NONE = Long.MAX_VALUE;

    private long firstDay;
    /** Bit i: an event on epoch day firstDay + i. */
    private BitSet eventDays;

    public TerritoryActivity() {
        this(NONE, new BitSet());
    }

    private TerritoryActivity(long firstDay, BitSet eventDays) {
        this.firstDay = firstDay;
        this.eventDays = eventDays;
    }

    /** As a store kept it: the epoch day of the first event and the bits of {@link #eventDayBits()}. */
    public static TerritoryActivity restore(long firstEpochDay, long[] eventDayBits) {
        return new TerritoryActivity(firstEpochDay, BitSet.valueOf(eventDayBits));
    }

    /** The 90 days a territory must have had an event in to be active on {@code day}: the day and the 89 before. */
    public static Window activeWindowEnding(LocalDate day) {
        return new Window(day.minusDays(ACTIVE_DAYS - 1), day.plusDays(1));
    }

    public void markEventDay(long epochDay) {
        if (firstDay == NONE) {
            firstDay = epochDay;
        } else if (epochDay < firstDay) {
            // an older event (an import): shift the bits so bit 0 stays the first day
            BitSet shifted = new BitSet();
            int by = Math.toIntExact(firstDay - epochDay);
            eventDays.stream().forEach(i -> shifted.set(i + by));
            eventDays = shifted;
            firstDay = epochDay;
        }
        eventDays.set(Math.toIntExact(epochDay - firstDay));
    }

    public boolean hadEventOn(long epochDay) {
        return firstDay != NONE && epochDay >= firstDay && eventDays.get(Math.toIntExact(epochDay - firstDay));
    }

    /** Whether any event occurred on a day of the window. */
    public boolean hadEventsIn(Window window) {
        if (firstDay == NONE) {
            return false;
        }
        long start = Math.max(window.from().toEpochDay() - firstDay, 0);
        long end = window.lastDay().toEpochDay() - firstDay;
        if (end < 0 || start > end || start >= eventDays.length()) {
            return false;
        }
        int next = eventDays.nextSetBit(Math.toIntExact(start));
        return next >= 0 && next <= end;
    }

    public boolean activeOn(LocalDate day) {
        return hadEventsIn(activeWindowEnding(day));
    }

    /** The epoch day of the first event, or {@link Long#MAX_VALUE} before any. */
    public long firstEpochDay() {
        return firstDay;
    }

    /** The UTC day of the first event, or null before any. */
    public LocalDate firstEventDay() {
        return firstDay == NONE ? null : LocalDate.ofEpochDay(firstDay);
    }

    /** Bit i set: an event on the first day + i (what a store keeps). */
    public long[] eventDayBits() {
        return eventDays.toLongArray();
    }

    /**
     * How this territory moves the number of active territories, per epoch day: +1 on the first day of each stretch
     * of days it is active, -1 on the day after the stretch ends ({@value #ACTIVE_DAYS} days after its last event).
     * Summed over territories, "active on a day" is the sum of the changes up to it, so it needs no scan.
     */
    public NavigableMap<Long, Integer> activeTerritoryChanges() {
        TreeMap<Long, Integer> changes = new TreeMap<>();
        if (firstDay == NONE) {
            return changes;
        }
        int start = eventDays.nextSetBit(0);
        while (start >= 0) {
            int last = start;
            int next = eventDays.nextSetBit(last + 1);
            while (next >= 0 && next <= last + ACTIVE_DAYS) { // its window starts before the last one's ends: one stretch
                last = next;
                next = eventDays.nextSetBit(last + 1);
            }
            changes.merge(firstDay + start, 1, Integer::sum);
            changes.merge(firstDay + last + ACTIVE_DAYS, -1, Integer::sum);
            start = next;
        }
        return changes;
    }
}
