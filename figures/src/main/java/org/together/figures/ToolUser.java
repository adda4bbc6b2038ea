package org.together.figures;

/**
 * One participant's (or group's) use of one tool in one territory: the days it reached each stage, and the
 * events already counted (so a second copy of one is recognised).
 *
 * <p>Uptake to date counts a user once per stage, on the first day it reached the stage; an adopter is a user who
 * started or completed the tool, counted on the earlier of the two. Uptake in a window (a report's period) counts
 * the users that reached a stage on a day of the window, however often before.
 */
public final class ToolUser implements TerritoryEntity {

    public enum Stage { DISCOVERED, STARTED, COMPLETED }

    static final long NEVER = Long.MAX_VALUE;

    /** Per stage, the distinct epoch days it was reached on, ascending. */
    private final long[][] days = {DaySets.EMPTY, DaySets.EMPTY, DaySets.EMPTY};
    private final AbsorbedEvents absorbed;

    public ToolUser() {
        this(new AbsorbedEvents());
    }

    private ToolUser(AbsorbedEvents absorbed) {
        this.absorbed = absorbed;
    }

    /** A tool user as a store kept it. */
    public static ToolUser restore(long[] discovered, long[] started, long[] completed, AbsorbedEvents absorbed) {
        ToolUser user = new ToolUser(absorbed);
        for (long day : discovered) {
            user.reach(Stage.DISCOVERED, day);
        }
        for (long day : started) {
            user.reach(Stage.STARTED, day);
        }
        for (long day : completed) {
            user.reach(Stage.COMPLETED, day);
        }
        return user;
    }

    public AbsorbedEvents absorbed() {
        return absorbed;
    }

    /** The epoch days the stage was reached on, ascending. */
    public long[] days(Stage stage) {
        return days[stage.ordinal()].clone();
    }

    /** The first epoch day the stage was reached on, or {@link Long#MAX_VALUE}. */
    public long firstDay(Stage stage) {
        long[] d = days[stage.ordinal()];
        return d.length == 0 ? NEVER : d[0];
    }

    public void reach(Stage stage, long epochDay) {
        days[stage.ordinal()] = DaySets.with(days[stage.ordinal()], epochDay);
    }

    /** Whether the stage was reached on a day of the window. */
    public boolean reachedIn(Stage stage, Window window) {
        return DaySets.anyIn(days[stage.ordinal()], window);
    }

    /** Whether it started or completed the tool on a day of the window. */
    public boolean adoptedIn(Window window) {
        return reachedIn(Stage.STARTED, window) || reachedIn(Stage.COMPLETED, window);
    }

    /** Its uptake to date: once per stage on the first day reached, adopted on the earlier of starting and completing. */
    public void contributeTo(DaySink changes, String toolId, int sign) {
        contribute(changes, toolId, firstDay(Stage.DISCOVERED), Figures.ToolStage.DISCOVERED, sign);
        contribute(changes, toolId, firstDay(Stage.STARTED), Figures.ToolStage.STARTED, sign);
        contribute(changes, toolId, firstDay(Stage.COMPLETED), Figures.ToolStage.COMPLETED, sign);
        contribute(changes, toolId, Math.min(firstDay(Stage.STARTED), firstDay(Stage.COMPLETED)), Figures.ToolStage.ADOPTED, sign);
    }

    private static void contribute(DaySink changes, String toolId, long day, Figures.ToolStage stage, int sign) {
        if (day != NEVER) {
            changes.onDay(day).addToolStage(toolId, stage, sign);
        }
    }
}
