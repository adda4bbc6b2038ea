package org.together.ingest.validation;

import java.time.Duration;
import java.time.Instant;

/**
 * Which {@code occurredAt} values are acceptable: territory apps may sync up to 400 days late,
 * an admin backfill any age; nothing may claim to be more than 5 minutes in the future.
 *
 * @param notBefore earliest acceptable instant (inclusive)
 * @param notAfter latest acceptable instant (inclusive)
 * @param rule how the window is described in error messages
 */
public record TimeWindow(Instant notBefore, Instant notAfter, String rule) {

    public static final Duration MAX_AGE = Duration.ofDays(400);
    public static final Duration MAX_AHEAD = Duration.ofMinutes(5);

    /** The window for events sent by territory apps. */
    public static TimeWindow territoryApps(Instant now) {
        return new TimeWindow(now.minus(MAX_AGE), now.plus(MAX_AHEAD),
                "must be at most 400 days in the past and at most 5 minutes in the future");
    }

    /** The window for imported history: any age since the epoch, still not in the future. */
    public static TimeWindow backfill(Instant now) {
        return new TimeWindow(Instant.EPOCH, now.plus(MAX_AHEAD),
                "must be after 1970-01-01T00:00:00Z and at most 5 minutes in the future");
    }

    public boolean contains(Instant t) {
        return !t.isBefore(notBefore) && !t.isAfter(notAfter);
    }
}
