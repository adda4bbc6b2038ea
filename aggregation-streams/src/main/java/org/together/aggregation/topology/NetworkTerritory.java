package org.together.aggregation.topology;

import java.time.LocalDate;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.together.figures.Figures;
import org.together.figures.TerritoryActivity;

/**
 * What the network task keeps about each territory, to rank territories and count the active ones in one place:
 * its all-time figures, its {@link TerritoryActivity} (the days it had events on), and its participant changes of
 * the last {@value #RECENT_DAYS} days of its history (enough for its current week, month, quarter and the two
 * quarters before).
 */
public final class NetworkTerritory {

    static final int RECENT_DAYS = 200;
    private static final int FORMAT = 1;

    private final Figures totals;
    private final TerritoryActivity activity;
    private final TreeMap<Long, long[]> recentParticipantDays;
    // only moves forward, so a day once dropped from the recent window never re-enters it
    private long newestParticipantDay;

    NetworkTerritory() {
        this(new Figures(), new TerritoryActivity(), new TreeMap<>(), Long.MIN_VALUE);
    }

    private NetworkTerritory(Figures totals, TerritoryActivity activity, TreeMap<Long, long[]> recent, long newest) {
        this.totals = totals;
        this.activity = activity;
        this.recentParticipantDays = recent;
        this.newestParticipantDay = newest;
    }

    /** Adds the change of one of its days. */
    void apply(long epochDay, Figures change) {
        totals.add(change);
        if (change.events() > 0) {
            activity.markEventDay(epochDay);
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

    public Figures totals() {
        return totals;
    }

    public TerritoryActivity activity() {
        return activity;
    }

    /** Participant changes (new, activations, deactivations) of its most recent days of history. */
    public NavigableMap<LocalDate, Figures> recentParticipantDays() {
        TreeMap<LocalDate, Figures> days = new TreeMap<>();
        recentParticipantDays.forEach((day, p) -> days.put(LocalDate.ofEpochDay(day), new Figures().addParticipants(p[0], p[1], p[2])));
        return days;
    }

    static Serde<NetworkTerritory> serde() {
        return Serdes.serdeFrom(
                (topic, t) -> {
                    if (t == null) {
                        return null;
                    }
                    Binary.Writer w = new Binary.Writer().version(FORMAT).writeBytes(FiguresSerde.encode(t.totals));
                    w.writeLong(t.activity.firstEpochDay() == Long.MAX_VALUE ? Long.MIN_VALUE : t.activity.firstEpochDay());
                    long[] words = t.activity.eventDayBits();
                    w.writeLong(words.length);
                    for (long word : words) {
                        w.writeLong(word);
                    }
                    w.writeLong(t.newestParticipantDay).writeLong(t.recentParticipantDays.size());
                    for (Map.Entry<Long, long[]> e : t.recentParticipantDays.entrySet()) {
                        w.writeLong(e.getKey()).writeLong(e.getValue()[0]).writeLong(e.getValue()[1]).writeLong(e.getValue()[2]);
                    }
                    return w.toByteArray();
                },
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    Binary.Reader r = new Binary.Reader(bytes).expectVersion(FORMAT, "network territory");
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
                    TerritoryActivity activity = first == Long.MIN_VALUE ? new TerritoryActivity() : TerritoryActivity.restore(first, words);
                    return new NetworkTerritory(FiguresSerde.decode(totals), activity, recent, newest);
                });
    }
}
