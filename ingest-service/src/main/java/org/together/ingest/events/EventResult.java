package org.together.ingest.events;

import java.util.List;
import org.together.ingest.validation.FieldError;

/**
 * What happened to one event of a request.
 *
 * @param index the event's position in the request (0 for a single object)
 * @param eventId the eventId as sent, or null when it was missing or not a string
 * @param status accepted, duplicate, conflict or rejected
 * @param errors why it was rejected or in conflict
 * @param warnings what an accepted event may not do in the figures (it was stored all the same)
 */
public record EventResult(int index, String eventId, String status, List<FieldError> errors, List<FieldError> warnings) {

    EventResult(int index, String eventId, String status, List<FieldError> errors) {
        this(index, eventId, status, errors, List.of());
    }

    public static final String ACCEPTED = "accepted";
    public static final String DUPLICATE = "duplicate";
    public static final String CONFLICT = "conflict";
    public static final String REJECTED = "rejected";

    public boolean stored() {
        return status.equals(ACCEPTED) || status.equals(DUPLICATE);
    }
}
