package org.together.figures;

import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The events an entity (a tool user, an evaluating group) has counted, so that a second copy of one is
 * recognised. Ingest keeps a receipt of every accepted event and never writes a resend; the only copies that
 * reach the log are those two ingest instances wrote within moments of each other when both received the same new
 * event at once. So an id is kept only while it was received less than {@link #WINDOW_MS} before the newest event
 * the entity has absorbed: the entity stays small however long it lives, and every replay of the log forgets
 * exactly what the first pass forgot (receipt times are in the events).
 */
public final class AbsorbedEvents {

    public static final long WINDOW_MS = Duration.ofDays(7).toMillis();

    /** eventId -> receivedAt, in the order absorbed (which is receipt order, give or take clock skew). */
    private final LinkedHashMap<String, Long> receivedAt = new LinkedHashMap<>(4); // a week of one user's events: few
    private long newest = Long.MIN_VALUE;

    public boolean contains(String eventId) {
        return receivedAt.containsKey(eventId);
    }

    public void add(String eventId, long receivedAtMillis) {
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

    public int size() {
        return receivedAt.size();
    }

    /** eventId -> receivedAt (epoch millis), in the order absorbed: what a store keeps. */
    public Map<String, Long> receipts() {
        return Collections.unmodifiableMap(receivedAt);
    }

    /** The ids a store kept, in the order absorbed; {@link Long#MIN_VALUE} for an id kept without its receipt time. */
    public static AbsorbedEvents restore(Map<String, Long> receipts) {
        AbsorbedEvents absorbed = new AbsorbedEvents();
        receipts.forEach((id, at) -> {
            absorbed.receivedAt.put(id, at);
            absorbed.newest = Math.max(absorbed.newest, at);
        });
        return absorbed;
    }
}
