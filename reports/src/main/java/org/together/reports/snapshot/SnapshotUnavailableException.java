package org.together.reports.snapshot;

/** The event log could not be read to its end (Kafka unreachable or stalled): try again later. */
public final class SnapshotUnavailableException extends RuntimeException {
    public SnapshotUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
