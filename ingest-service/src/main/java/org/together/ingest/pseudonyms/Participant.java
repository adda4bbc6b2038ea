package org.together.ingest.pseudonyms;

/**
 * A participant as a territory app names it. It stays in this process: only its keyed hash reaches Kafka.
 * {@link #toString()} hides the id, so that no log line carries it.
 */
public record Participant(String territoryId, String participantId) {

    @Override
    public String toString() {
        return "Participant[" + territoryId + "/***]";
    }
}
