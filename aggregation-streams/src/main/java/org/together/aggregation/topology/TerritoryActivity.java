package org.together.aggregation.topology;

import java.time.LocalDate;
import java.util.BitSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What the network keeps about each territory, for ranking territories and counting the active
 * ones in one place: its all-time figures, the days on which it had events (one bit per day, so
 * "active in the last 90 days" can be answered for any date), and its participant changes of the
 * last {@value #RECENT_DAYS} days of its history (enough for its current week, month, quarter and
 * the two quarters before).
 */
public final class TerritoryActivity {

    /** A territory is active on a day when an event occurred on it or on one of the 89 days before. */
    public static final int ACTIVE_DAYS = 90;
    static final int RECENT_DAYS = 200;
    private static final int FORMAT = 1;

    private final Figures totals;
    private long firstDay;
    private BitSet eventDays;
    private final TreeMap<Long, long[]> recentParticipantDays;
    // only moves forward, so a day once dropped from the recent window never re-enters it
    private long newestParticipantDay;

    TerritoryActivity() {
        this(new Figures(), Long.MAX_VALUE, new BitSet(), new TreeMap<>(), Long.MIN_VALUE);
    }

    private TerritoryActivity(Figures totals, long firstDay, BitSet eventDays, TreeMap<Long, long[]> recent, long newest) {
        this.totals = totals;
        this.firstDay = firstDay;
        this.eventDays = eventDays;
        this.recentParticipantDays = recent;
        this.newestParticipantDay = newest;
    }

    void apply(long epochDay, Figures change) {
        totals.add(change);
        if (change.events() > 0) {
            markEventDay(epochDay);
        }
        if (change.newParticipants() != 0 || change.activations() != 0 || change.deactivations() != 0) {
            newestParticipantDay = Math.max(newestParticipantDay, epochDay);
            if (epochDay < newestParticipantDay - RECENT_DAYS) {
                return;
            }
            long[] p = recentParticipantDays.computeIfAbsent(epochDay, d -> new long[3]);
            p[0] += change.newParticipants();
            p[1] += change.activations();
            p[2] += change.deactivations();
            if (p[0] == 0 && p[1] == 0 && p[2] == 0) {
                recentParticipantDays.remove(epochDay);
            }
            recentParticipantDays.headMap(newestParticipantDay - RECENT_DAYS, false).clear();
        }
    }

    private void markEventDay(long epochDay) {
        if (firstDay == Long.MAX_VALUE) {
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

    /** Whether an event occurred on the day. */
    boolean hadEventOn(long epochDay) {
        return firstDay != Long.MAX_VALUE && epochDay >= firstDay && eventDays.get(Math.toIntExact(epochDay - firstDay));
    }

    /** The epoch day of the first event, or {@link Long#MAX_VALUE} before any. */
    long firstEpochDay() {
        return firstDay;
    }

    /**
     * How this territory moves the number of active territories, per epoch day: +1 on the first day of each
     * stretch of days it is active, -1 on the day after the stretch ends ({@value #ACTIVE_DAYS} days after its
     * last event). The network keeps the sum over territories, so "active as of a day" needs no scan.
     */
    NavigableMap<Long, Integer> activeTerritoryChanges() {
        TreeMap<Long, Integer> changes = new TreeMap<>();
        if (firstDay == Long.MAX_VALUE) {
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

    public Figures totals() {
        return totals;
    }

    /** The UTC day of the territory's first event, or null before any. */
    public LocalDate firstEventDay() {
        return firstDay == Long.MAX_VALUE ? null : LocalDate.ofEpochDay(firstDay);
    }

    /** Whether any event occurred on a day in [from, to] (both inclusive). */
    public boolean hadEventsBetween(LocalDate from, LocalDate to) {
        if (firstDay == Long.MAX_VALUE) {
            return false;
        }
        long start = Math.max(from.toEpochDay() - firstDay, 0);
        long end = to.toEpochDay() - firstDay;
        if (end < 0 || start > end || start >= eventDays.length()) {
            return false;
        }
        int next = eventDays.nextSetBit(Math.toIntExact(start));
        return next >= 0 && next <= end;
    }

    /** Participant changes (new, activations, deactivations) of its most recent days of history. */
    public NavigableMap<LocalDate, Figures> recentParticipantDays() {
        TreeMap<LocalDate, Figures> days = new TreeMap<>();
        recentParticipantDays.forEach((day, p) -> {
            Figures f = new Figures();
            f.participantChanges(p[0], p[1], p[2]);
            days.put(LocalDate.ofEpochDay(day), f);
        });
        return days;
    }

    /** The first day covered by {@link #recentParticipantDays()}: earlier changes are only in the totals. */
    public LocalDate recentSince() {
        return newestParticipantDay == Long.MIN_VALUE ? LocalDate.MIN
                : LocalDate.ofEpochDay(newestParticipantDay - RECENT_DAYS);
    }

    static Serde<TerritoryActivity> serde() {
        return Serdes.serdeFrom(
                (topic, a) -> {
                    if (a == null) {
                        return null;
                    }
                    Binary.Writer w = new Binary.Writer().version(FORMAT).writeBytes(Figures.encode(a.totals));
                    w.writeLong(a.firstDay == Long.MAX_VALUE ? Long.MIN_VALUE : a.firstDay);
                    long[] words = a.eventDays.toLongArray();
                    w.writeLong(words.length);
                    for (long word : words) {
                        w.writeLong(word);
                    }
                    w.writeLong(a.newestParticipantDay).writeLong(a.recentParticipantDays.size());
                    for (Map.Entry<Long, long[]> e : a.recentParticipantDays.entrySet()) {
                        w.writeLong(e.getKey()).writeLong(e.getValue()[0]).writeLong(e.getValue()[1]).writeLong(e.getValue()[2]);
                    }
                    return w.toByteArray();
                },
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    Binary.Reader r = new Binary.Reader(bytes).expectVersion(FORMAT, "territory activity");
                    byte[] totals = r.readBytes();
                    long first = r.readLong();
                    long[] words = new long[r.readInt()];
                    for (int i = 0; i < words.length; i++) {
                        words[i] = r.readLong();
                    }
                    long newest = r.readLong();
                    int n = r.readInt();
                    TreeMap<Long, long[]> recent = new TreeMap<>();
                    for (int i = 0; i < n; i++) {
                        recent.put(r.readLong(), new long[] {r.readLong(), r.readLong(), r.readLong()});
                    }
                    return new TerritoryActivity(Figures.decode(totals), first == Long.MIN_VALUE ? Long.MAX_VALUE : first,
                            BitSet.valueOf(words), recent, newest);
                });
    }
}
