package org.together.reports.replay;

import java.time.LocalDate;
import org.together.figures.Figures;
import org.together.figures.TerritoryActivity;
import org.together.figures.Window;

/**
 * What a report needs of one territory: the days it had events on, and its participants at the start and end of
 * the period (counts, not days: a network of many territories costs a few numbers each).
 */
public final class TerritoryInPeriod {

    private final Window period;
    private final TerritoryActivity activity = new TerritoryActivity();
    /** new, activations, deactivations: before the period, and in it */
    private final long[] before = new long[3];
    private final long[] within = new long[3];

    TerritoryInPeriod(Window period) {
        this.period = period;
    }

    void eventOn(long epochDay) {
        activity.markEventDay(epochDay);
    }

    /** A participant's contribution to a day (new, activations, deactivations). */
    void participants(long epochDay, Figures change) {
        long[] into = epochDay < period.from().toEpochDay() ? before : period.containsEpochDay(epochDay) ? within : null;
        if (into != null) {
            into[0] += change.newParticipants();
            into[1] += change.activations();
            into[2] += change.deactivations();
        }
    }

    public TerritoryActivity activity() {
        return activity;
    }

    /** Whether its first event (up to the end of the period) falls in the window. */
    public boolean newIn(Window window) {
        LocalDate first = activity.firstEventDay();
        return first != null && window.contains(first);
    }

    /** Whether it had an event before the end of the period. */
    public boolean tookPartBy(LocalDate dayAfter) {
        LocalDate first = activity.firstEventDay();
        return first != null && first.isBefore(dayAfter);
    }

    public long newParticipants() {
        return within[0];
    }

    public long activeAtStart() {
        return before[1] - before[2];
    }

    public long activeAtEnd() {
        return activeAtStart() + within[1] - within[2];
    }

    public long everAtEnd() {
        return before[0] + within[0];
    }
}
