package org.together.figures;

/**
 * A decodable event the figures cannot use (filed under another territory than its own, naming no one).
 * Thrown before any state is touched; the live topology sends it to the dead letters, a report skips and counts it.
 */
public final class UnusableEventException extends RuntimeException {
    public UnusableEventException(String reason) {
        super(reason);
    }
}
