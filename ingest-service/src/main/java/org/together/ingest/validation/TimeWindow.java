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

    /**
     * The rule, then how far {@code t} is from the server's clock: a phone with a wrong clock is told so rather than
     * left to guess, and an event too old for an app learns who can still import it (review 21).
     */
    public String refusal(Instant t) {
        Instant now = notAfter.minus(MAX_AHEAD);
        if (t.isAfter(notAfter)) {
            return rule + ": " + Rfc3339.format(t) + " is " + span(Duration.between(now, t)) + " ahead of the server's clock ("
                    + Rfc3339.format(now) + "); check the device's clock (every answer's Date header gives the server's time)";
        }
        if (notBefore.equals(Instant.EPOCH)) {
            return rule;
        }
        return rule + ": " + Rfc3339.format(t) + " is " + span(Duration.between(t, now)) + " before the server's clock ("
                + Rfc3339.format(now) + "); older events are imported by the coordination team (POST /api/v1/import, "
                + "admin token)";
    }

    /** A duration as a person reads it: "401 days", "3 h 5 min", "7 min", "42 s". */
    static String span(Duration d) {
        if (d.toDays() >= 1) {
            return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        }
        if (d.toHours() >= 1) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        return d.toMinutes() >= 1 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    public boolean contains(Instant t) {
        return !t.isBefore(notBefore) && !t.isAfter(notAfter);
    }
}
