package org.together.aggregation.topology;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The events an entity (a tool user, an evaluating group) has counted, so that a second copy of one is
 * recognised. Ingest keeps a receipt of every accepted event forever and never writes a resend; the only
 * copies that reach the topology are those two ingest instances wrote within moments of each other when both
 * received the same new event at once. So an id is kept only while it was received less than {@link #WINDOW}
 * before the newest event the entity has absorbed: the entity stays small however long it lives, and
 * reprocessing forgets exactly what the first processing forgot (receipt times are in the events).
 */
final class AbsorbedEvents {

    static final long WINDOW_MS = Duration.ofDays(7).toMillis();

    /** eventId -> receivedAt, in the order absorbed (which is receipt order, give or take clock skew). */
    private final LinkedHashMap<String, Long> receivedAt = new LinkedHashMap<>();
    private long newest = Long.MIN_VALUE;

    boolean contains(String eventId) {
        return receivedAt.containsKey(eventId);
    }

    void add(String eventId, long receivedAtMillis) {
        receivedAt.put(eventId, receivedAtMillis);
        newest = Math.max(newest, receivedAtMillis);
        long forgetBefore = newest - WINDOW_MS;
        // the oldest come first: stop at the first one still inside the window
        for (Iterator<Long> it = receivedAt.values().iterator(); it.hasNext(); ) {
            if (it.next() >= forgetBefore) {
                break;
            }
            it.remove();
        }
    }

    int size() {
        return receivedAt.size();
    }

    void writeTo(Binary.Writer w) {
        w.writeLong(receivedAt.size());
        for (Map.Entry<String, Long> e : receivedAt.entrySet()) {
            w.writeString(e.getKey()).writeLong(e.getValue());
        }
    }

    /** Reads what {@link #writeTo} wrote; format 1 kept ids without receipt times: they count as received long ago, and go at the next event. */
    static AbsorbedEvents readFrom(Binary.Reader r, int format) {
        AbsorbedEvents absorbed = new AbsorbedEvents();
        int n = r.readInt();
        for (int i = 0; i < n; i++) {
            String id = r.readString();
            long at = format == 1 ? Long.MIN_VALUE : r.readLong();
            absorbed.receivedAt.put(id, at);
            absorbed.newest = Math.max(absorbed.newest, at);
        }
        return absorbed;
    }
}
