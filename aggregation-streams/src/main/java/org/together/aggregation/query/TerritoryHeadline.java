package org.together.aggregation.query;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One line of the ranked territory list: who the territory is (when registered) and its headline
 * figures. {@code active}: an event occurred in the last 90 days.
 */
public record TerritoryHeadline(
        int rank,
        String territoryId,
        String name,
        String countryCode,
        String kind,
        Double lat,
        Double lon,
        long participantsActive,
        long participantsEver,
        Summary.NewParticipants newParticipants,
        Summary.Growth growth,
        long evaluations,
        long assessments,
        boolean active,
        LocalDate firstEventDay,
        Instant lastEventAt) {

    /** The same line at {@code rank}. */
    TerritoryHeadline ranked(int rank) {
        return new TerritoryHeadline(rank, territoryId, name, countryCode, kind, lat, lon, participantsActive, participantsEver,
                newParticipants, growth, evaluations, assessments, active, firstEventDay, lastEventAt);
    }
}
