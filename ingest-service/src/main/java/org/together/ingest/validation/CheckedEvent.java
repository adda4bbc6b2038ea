package org.together.ingest.validation;

import java.util.List;
import java.util.Optional;
import org.together.schemas.EventType;

/**
 * The outcome of validating one event of a request.
 *
 * @param sentEventId the eventId as the client sent it, when it was a string (echoed back in the result)
 * @param type the event type when it could be read, for metrics
 * @param event the valid event, or null when {@code errors} is not empty (but see {@link #onlyIfStored})
 * @param onlyIfStored an event refused by {@code errors} alone as too old for a territory's app, otherwise valid
 *     ({@code event}): a resend of one already stored is a duplicate like any other, else it is rejected
 */
public record CheckedEvent(String sentEventId, Optional<EventType> type, ValidEvent event, List<FieldError> errors,
                           boolean onlyIfStored) {

    public CheckedEvent(String sentEventId, Optional<EventType> type, ValidEvent event, List<FieldError> errors) {
        this(sentEventId, type, event, errors, false);
    }

    public boolean isValid() {
        return event != null && !onlyIfStored;
    }

    /** This too-old event ({@code errors}), valid otherwise as {@code asBackfill} says: judged only if already stored. */
    public CheckedEvent onlyIfStored(CheckedEvent asBackfill) {
        return new CheckedEvent(sentEventId, type, asBackfill.event(), errors, true);
    }
}
