package org.together.figures;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The joins and leaves of one participant of one territory, in event-time order.
 *
 * <p>The participant's state at any moment is decided by the latest of these events at or before it, whatever
 * order they arrived in: a leave that occurred before any join changes nothing, a late leave that occurred between
 * a join and a rejoin ends and restarts the participation. At the same instant a join sorts before a leave (the
 * leave wins), then by eventId, so every instance and every replay orders them the same way.
 */
public final class ParticipantTimeline implements TerritoryEntity {

    /** The channel of a join that gave none. */
    public static final String UNKNOWN_CHANNEL = "unknown";

    static final Comparator<Entry> EVENT_TIME_ORDER = Comparator.comparingLong(Entry::occurredAt)
            .thenComparing(Entry::join, Comparator.reverseOrder())
            .thenComparing(Entry::eventId);

    /**
     * A join or a leave. A join's role and channel are wire names (channel null when not given); role is null for
     * a leave, and for a join recorded before roles were kept (it then counts in no role or channel).
     */
    public record Entry(long occurredAt, boolean join, String eventId, String role, String channel) {

        public static Entry join(long occurredAt, String eventId, String role, String channel) {
            return new Entry(occurredAt, true, eventId, role, channel);
        }

        public static Entry leave(long occurredAt, String eventId) {
            return new Entry(occurredAt, false, eventId, null, null);
        }
    }

    private final List<Entry> entries;
    /** The first day in each month it started or completed a tool (epoch days, ascending): for its cohort's figures. */
    private long[] toolUseDays = DaySets.EMPTY;

    public ParticipantTimeline() {
        this.entries = new ArrayList<>(2); // most participants join once, some leave: a report holds many of them
    }

    /** A timeline as a store kept it (in event-time order). */
    public static ParticipantTimeline restore(List<Entry> entries) {
        ParticipantTimeline timeline = new ParticipantTimeline();
        entries.forEach(timeline::add);
        return timeline;
    }

    /** A timeline as a store kept it, with the days it used tools on. */
    public static ParticipantTimeline restore(List<Entry> entries, long[] toolUseDays) {
        ParticipantTimeline timeline = restore(entries);
        for (long day : toolUseDays) {
            timeline.usedToolOn(day);
        }
        return timeline;
    }

    /** The first day in each month it started or completed a tool. */
    public long[] toolUseDays() {
        return toolUseDays.clone();
    }

    /** True when it already used a tool in that day's month, by that day. */
    public boolean usedToolBy(long epochDay) {
        LocalDate month = Period.MONTH.start(LocalDate.ofEpochDay(epochDay));
        for (long known : toolUseDays) {
            if (known <= epochDay && Period.MONTH.start(LocalDate.ofEpochDay(known)).equals(month)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Notes that the participant started or completed a tool that day.
     *
     * @return false when nothing changed (it had already used one earlier that month)
     */
    public boolean usedToolOn(long epochDay) {
        LocalDate month = Period.MONTH.start(LocalDate.ofEpochDay(epochDay));
        for (long known : toolUseDays) {
            if (Period.MONTH.start(LocalDate.ofEpochDay(known)).equals(month)) {
                if (known <= epochDay) {
                    return false;
                }
                toolUseDays = DaySets.without(toolUseDays, known);
                break;
            }
        }
        toolUseDays = DaySets.with(toolUseDays, epochDay);
        return true;
    }

    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    public boolean contains(String eventId) {
        for (Entry e : entries) {
            if (e.eventId.equals(eventId)) {
                return true;
            }
        }
        return false;
    }

    public void add(Entry entry) {
        int at = entries.size();
        while (at > 0 && EVENT_TIME_ORDER.compare(entries.get(at - 1), entry) > 0) {
            at--;
        }
        entries.add(at, entry);
    }

    /**
     * What this participant contributes to its territory's days: new on the day of its earliest join (by the role
     * and channel of that join), an activation on each day it became active, a deactivation on each day it left
     * while active.
     */
    public void contributeTo(DaySink days, int sign) {
        boolean active = false;
        boolean joinedBefore = false;
        LocalDate cohort = null;
        for (Entry e : entries) {
            if (e.join && !active) {
                Figures day = days.at(e.occurredAt);
                day.addParticipants(joinedBefore ? 0 : sign, sign, 0);
                if (!joinedBefore && e.role != null) {
                    day.addNewcomers(e.role, e.channel == null ? UNKNOWN_CHANNEL : e.channel, sign);
                }
                if (!joinedBefore) {
                    cohort = UtcDays.dateOf(e.occurredAt);
                    day.addCohortJoined(Period.MONTH.label(Period.MONTH.start(cohort)), sign);
                }
                day.addCohortActivity(Period.MONTH.label(Period.MONTH.start(cohort)), sign);
                active = true;
                joinedBefore = true;
            } else if (!e.join && active) {
                days.at(e.occurredAt).addParticipants(0, 0, sign).addCohortActivity(Period.MONTH.label(Period.MONTH.start(cohort)), -sign);
                active = false;
            }
        }
        if (cohort != null) {
            contributeToolUse(days, sign, Period.MONTH, cohort);
            contributeToolUse(days, sign, Period.QUARTER, cohort);
        }
    }

    /**
     * Once per period of its cohort's length from its cohort's period on, on the first day it started or completed a
     * tool in that period: one user of a tool.
     */
    private void contributeToolUse(DaySink days, int sign, Period period, LocalDate firstJoin) {
        LocalDate cohortStart = period.start(firstJoin);
        String cohort = period.label(cohortStart);
        LocalDate counted = null;
        for (long day : toolUseDays) {
            LocalDate start = period.start(LocalDate.ofEpochDay(day));
            if (start.isBefore(cohortStart) || start.equals(counted)) {
                continue;
            }
            days.onDay(day).addCohortToolUsers(period, cohort, period.label(start), sign);
            counted = start;
        }
    }
}
