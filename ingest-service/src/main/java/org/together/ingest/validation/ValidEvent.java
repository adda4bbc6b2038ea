package org.together.ingest.validation;

import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.together.schemas.EventType;

/**
 * An event that passed every rule, ready to be written.
 *
 * @param eventId the event id in canonical (lower-case) form: the idempotency key
 * @param record the Avro record for the type's topic
 * @param contentHash hex SHA-256 of the event's canonical content (receivedAt excluded): what tells a
 *     duplicate from a conflict
 */
public record ValidEvent(String eventId, EventType type, String territoryId, Instant occurredAt,
                         SpecificRecord record, String contentHash) {
}
