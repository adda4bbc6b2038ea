package org.together.aggregation.topology;

/**
 * A decodable event the figures cannot use (its key is not its territory, it names no one).
 * Thrown before any state is touched; {@link DeadLetterUnusableEvents} sends it to the dead letters.
 */
final class UnusableEventException extends RuntimeException {
    UnusableEventException(String reason) {
        super(reason);
    }
}
