package org.together.aggregation.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The joins and leaves of one participant of one territory, in event-time order.
 *
 * <p>The participant's state at any moment is decided by the latest of these events at or before
 * it, whatever order they arrived in: a leave that occurred before a join changes nothing, a late
 * leave that occurred between a join and a rejoin ends and restarts the participation. At the same
 * instant a join sorts before a leave (the leave wins), then by eventId, so every instance and
 * every replay orders them the same way.
 */
final class ParticipantTimeline {

    private static final int FORMAT = 1;
    private static final Comparator<Entry> EVENT_TIME_ORDER = Comparator.comparingLong(Entry::occurredAt)
            .thenComparing(Entry::join, Comparator.reverseOrder())
            .thenComparing(Entry::eventId);

    record Entry(long occurredAt, boolean join, String eventId) {
    }

    private final List<Entry> entries;

    ParticipantTimeline() {
        this(new ArrayList<>());
    }

    private ParticipantTimeline(List<Entry> entries) {
        this.entries = entries;
    }

    boolean contains(String eventId) {
        for (Entry e : entries) {
            if (e.eventId.equals(eventId)) {
                return true;
            }
        }
        return false;
    }

    void add(Entry entry) {
        int at = 0;
        while (at < entries.size() && EVENT_TIME_ORDER.compare(entries.get(at), entry) < 0) {
            at++;
        }
        entries.add(at, entry);
    }

    /**
     * What this participant contributes to its territory's days: +1 new on the day of its earliest
     * join, +1 activation on each day it became active, +1 deactivation on each day it left while active.
     */
    void contributeTo(DayChanges days, int sign) {
        boolean active = false;
        boolean joinedBefore = false;
        for (Entry e : entries) {
            if (e.join && !active) {
                days.at(e.occurredAt).participantChanges(joinedBefore ? 0 : sign, sign, 0);
                active = true;
                joinedBefore = true;
            } else if (!e.join && active) {
                days.at(e.occurredAt).participantChanges(0, 0, sign);
                active = false;
            }
        }
    }

    static Serde<ParticipantTimeline> serde() {
        return Serdes.serdeFrom(
                (topic, t) -> {
                    if (t == null) {
                        return null;
                    }
                    Binary.Writer w = new Binary.Writer().version(FORMAT).writeLong(t.entries.size());
                    for (Entry e : t.entries) {
                        w.writeLong(e.occurredAt).writeByte(e.join ? 1 : 0).writeString(e.eventId);
                    }
                    return w.toByteArray();
                },
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    Binary.Reader r = new Binary.Reader(bytes).expectVersion(FORMAT, "participant timeline");
                    int n = r.readInt();
                    List<Entry> entries = new ArrayList<>(n + 1);
                    for (int i = 0; i < n; i++) {
                        entries.add(new Entry(r.readLong(), r.readByte() == 1, r.readString()));
                    }
                    return new ParticipantTimeline(entries);
                });
    }
}
