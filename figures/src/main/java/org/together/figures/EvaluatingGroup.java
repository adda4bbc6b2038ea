package org.together.figures;

/**
 * A group of one territory that evaluates well-being: the days it evaluated on, and the evaluations already counted
 * (so a second copy of one is recognised). A group counts once to date, on its first day, and once in any window it
 * evaluated in.
 */
public final class EvaluatingGroup implements TerritoryEntity {

    private static final long NEVER = Long.MAX_VALUE;

    private long[] days = DaySets.EMPTY;
    private final AbsorbedEvents absorbed;

    public EvaluatingGroup() {
        this(new AbsorbedEvents());
    }

    private EvaluatingGroup(AbsorbedEvents absorbed) {
        this.absorbed = absorbed;
    }

    /** A group as a store kept it. */
    public static EvaluatingGroup restore(long[] days, AbsorbedEvents absorbed) {
        EvaluatingGroup group = new EvaluatingGroup(absorbed);
        for (long day : days) {
            group.evaluatedOn(day);
        }
        return group;
    }

    public AbsorbedEvents absorbed() {
        return absorbed;
    }

    /** The epoch days it evaluated on, ascending. */
    public long[] days() {
        return days.clone();
    }

    public long firstDay() {
        return days.length == 0 ? NEVER : days[0];
    }

    public void evaluatedOn(long epochDay) {
        days = DaySets.with(days, epochDay);
    }

    public boolean evaluatedIn(Window window) {
        return DaySets.anyIn(days, window);
    }

    public void contributeTo(DaySink changes, int sign) {
        if (days.length > 0) {
            changes.onDay(days[0]).addEvaluations(0, sign, 0);
        }
    }
}
