package org.together.ingest.validation;

import java.util.List;
import java.util.Optional;
import org.together.schemas.EventType;

/**
 * The outcome of validating one event of a request.
 *
 * @param sentEventId the eventId as the client sent it, when it was a string (echoed back in the result)
 * @param type the event type when it could be read, for metrics
 * @param event the valid event, or null when {@code errors} is not empty
 */
public record CheckedEvent(String sentEventId, Optional<EventType> type, ValidEvent event, List<FieldError> errors) {

    public boolean isValid() {
        return event != null;
    }
}
