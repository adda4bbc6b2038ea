package org.together.ingest.validation;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.together.schemas.EventType;

/**
 * An event that passed every rule, ready to be written once its participant (if it names one) has a pseudonym.
 * The participant id as sent is kept here only to find that pseudonym: no record is ever made with it.
 */
public final class ValidEvent {

    private final String eventId;
    private final EventType type;
    private final String territoryId;
    private final Instant occurredAt;
    private final String participantId;
    private final Function<String, SpecificRecord> record;
    private final Map<String, Object> canonical;
    private final Function<Map<String, Object>, String> hash;
    private String sentContentHash;

    ValidEvent(String eventId, EventType type, String territoryId, Instant occurredAt, String participantId,
               Function<String, SpecificRecord> record, Map<String, Object> canonical,
               Function<Map<String, Object>, String> hash) {
        this.eventId = eventId;
        this.type = type;
        this.territoryId = territoryId;
        this.occurredAt = occurredAt;
        this.participantId = participantId;
        this.record = record;
        this.canonical = canonical;
        this.hash = hash;
    }

    /** The event id in canonical (lower-case) form: the idempotency key. */
    public String eventId() {
        return eventId;
    }

    public EventType type() {
        return type;
    }

    public String territoryId() {
        return territoryId;
    }

    public Instant occurredAt() {
        return occurredAt;
    }

    /** The participant id as the app sent it, or null when the event names none (a group's). */
    public String participantId() {
        return participantId;
    }

    /** The Avro record for the type's topic, carrying the participant's pseudonym (null when it names none). */
    public SpecificRecord record(String pseudonym) {
        requirePseudonymIffParticipant(pseudonym);
        return record.apply(pseudonym);
    }

    /**
     * Hex SHA-256 of the canonical content as stored (receivedAt excluded), the pseudonym in place of the
     * participant id: what tells a duplicate from a conflict. Computed from what the event topic holds, it tells
     * nothing about the participant that the event itself does not.
     */
    public String storedContentHash(String pseudonym) {
        requirePseudonymIffParticipant(pseudonym);
        if (pseudonym == null) {
            return sentContentHash();
        }
        Map<String, Object> stored = new TreeMap<>(canonical);
        stored.put("participantId", pseudonym);
        return hash.apply(stored);
    }

    /**
     * Hex SHA-256 of the canonical content without the participant (receivedAt excluded, no participant id, no
     * pseudonym; for an event that names none, its content as sent): what tells a duplicate from a conflict when the
     * participant has no pseudonym (erased, or never seen), without keeping anything that links to them.
     */
    public String contentHashWithoutParticipant() {
        if (participantId == null) {
            return sentContentHash();
        }
        Map<String, Object> without = new TreeMap<>(canonical);
        without.remove("participantId");
        return hash.apply(without);
    }

    /** Hex SHA-256 of the canonical content as sent: what receipts written before pseudonyms hold. */
    public String sentContentHash() {
        if (sentContentHash == null) {
            sentContentHash = hash.apply(canonical);
        }
        return sentContentHash;
    }

    private void requirePseudonymIffParticipant(String pseudonym) {
        if ((pseudonym == null) != (participantId == null)) {
            throw new IllegalArgumentException(participantId == null
                    ? "event " + eventId + " names no participant: no pseudonym applies"
                    : "event " + eventId + " names a participant: its pseudonym is required");
        }
    }

    /** No participant id, so that a log line or an assertion message never shows one. */
    @Override
    public String toString() {
        return "ValidEvent[" + type.wireName() + " " + eventId + " of " + territoryId + "]";
    }
}
