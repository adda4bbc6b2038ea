package org.together.ingest.idempotency;

import java.util.Set;

/**
 * New eventIds of a request are claimed, at this moment, for other content by a write not finished (on this instance
 * or another): nothing of the request is written. Retried later, the request finds that write's receipt (a
 * {@code conflict}, or a {@code duplicate}), or, when it never committed, the id free once its claim has lapsed
 * ({@link ClaimIndex#LIFETIME_MS}).
 */
public final class EventIdsBusyException extends RuntimeException {

    private final Set<String> eventIds;

    public EventIdsBusyException(Set<String> eventIds) {
        super("eventId " + String.join(", ", eventIds.stream().sorted().limit(3).toList())
                + (eventIds.size() > 3 ? " and " + (eventIds.size() - 3) + " more" : "")
                + " claimed for other content by a write not finished");
        this.eventIds = Set.copyOf(eventIds);
    }

    public Set<String> eventIds() {
        return eventIds;
    }
}
