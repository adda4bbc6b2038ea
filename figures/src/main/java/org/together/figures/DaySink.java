package org.together.figures;

/**
 * Where figures are added, per UTC day of event time: one event's changes in the live topology
 * ({@link DayChanges}), or the days a report keeps.
 */
public interface DaySink {

    /** The figures of an epoch day, to add to. */
    Figures onDay(long epochDay);

    /** The figures of the day of an instant (epoch millis). */
    default Figures at(long occurredAtMillis) {
        return onDay(UtcDays.of(occurredAtMillis));
    }
}
