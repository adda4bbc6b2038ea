package org.together.aggregation.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The headline figures of one scope (the network, or one territory) as of a day, exactly the
 * query contract's summary object. Rates and shares are fractions; a ratio with nothing to divide
 * by is null.
 */
public record Summary(
        String scope,
        Instant asOf,
        long participantsActive,
        long participantsEver,
        NewParticipants newParticipants,
        Growth growth,
        long territoriesActive,
        long countries,
        List<ToolUptake> tools,
        Wellbeing wellbeing,
        Footprint footprint,
        Instant lastEventAt) {

    public static final String NETWORK = "network";

    public static String territoryScope(String territoryId) {
        return "territory:" + territoryId;
    }

    /** Participants whose first join fell in the current day, ISO week, month and quarter (up to asOf). */
    public record NewParticipants(long day, long week, long month, long quarter) {
    }

    /** Active at the end of the last complete period ÷ active at the end of the one before − 1. */
    public record Growth(Double weekOverWeek, Double quarterOverQuarter) {
    }

    /**
     * One tool's uptake; {@code name} and {@code names} (by language) are the tool catalogue's, null when the
     * catalogue does not hold the tool (then its toolId names it).
     */
    public record ToolUptake(String toolId, String name, Map<String, String> names, long adopters, long starts,
                             long completions, Double completionRate, Double uptakeRate, Double meanRating) {

        /** A tool's uptake without its catalogue names. */
        public ToolUptake(String toolId, long adopters, long starts, long completions,
                          Double completionRate, Double uptakeRate, Double meanRating) {
            this(toolId, null, null, adopters, starts, completions, completionRate, uptakeRate, meanRating);
        }
    }

    public record Wellbeing(long evaluations, long groups, long citizens, List<Dimension> dimensions) {
    }

    /** Criteria counts of one SPIRAL dimension by question, and its mean co-evaluation score (1..5). */
    public record Dimension(String dimension, long wellbeing, long illbeing, long action, Double meanScore) {
    }

    /** Assessments, their mean in t CO2e per person per year, and the share strictly under 2 t. */
    public record Footprint(long assessments, Double meanTonnes, Double shareUnder2t) {
    }
}
