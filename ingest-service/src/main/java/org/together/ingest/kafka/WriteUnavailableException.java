package org.together.ingest.kafka;

/** Kafka did not take a write in time, or refused it: nothing of it is visible to read_committed readers. */
public final class WriteUnavailableException extends RuntimeException {

    public WriteUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
