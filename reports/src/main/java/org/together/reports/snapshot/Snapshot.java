package org.together.reports.snapshot;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A quarterly progress snapshot: every figure of the report for one period, computed from the event
 * log. Language-neutral (names are kept per language); renderers pick the language.
 *
 * <p>Counts "at the end of the period" count events that occurred before {@code scope.to}; their
 * {@code previous} is the same figure at {@code scope.from} (the end of the previous period of the
 * same length). Figures "in the period" compare with the previous period. Ratios are fractions and
 * are {@code null} when there is nothing to divide by.
 *
 * <p>{@code fastestGrowing} ranks the territories whose active participants grew and are published;
 * {@code growingHidden} says that others grew whose figures are hidden (a public snapshot), which are not ranked.
 */
public record Snapshot(
        Scope scope,
        Headline headline,
        Newcomers newcomers,
        List<TerritoryRow> fastestGrowing,
        boolean growingHidden,
        Tools tools,
        Wellbeing wellbeing,
        Footprint footprint,
        List<WeekPoint> weeks,
        Provenance provenance,
        Meeting meeting,
        String audience,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Integer minPublishedCount,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        String notice) {

    /** An internal snapshot: exact figures, not to be published. */
    public Snapshot(Scope scope, Headline headline, Newcomers newcomers, List<TerritoryRow> fastestGrowing, Tools tools,
                    Wellbeing wellbeing, Footprint footprint, List<WeekPoint> weeks, Provenance provenance,
                    Meeting meeting) {
        this(scope, headline, newcomers, fastestGrowing, false, tools, wellbeing, footprint, weeks, provenance, meeting,
                org.together.figures.disclosure.Audience.INTERNAL.wireName(), null,
                org.together.figures.disclosure.Audience.INTERNAL_NOTICE);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isPublic() {
        return org.together.figures.disclosure.Audience.PUBLIC.wireName().equals(audience);
    }

    /** The 2 t CO2e per person per year target the network tracks. */
    public static final double TARGET_TONNES = org.together.figures.Footprints.TARGET_TONNES;

    /**
     * @param from first day of the period (inclusive, UTC)
     * @param to day after the period (exclusive, UTC)
     * @param previousFrom first day of the previous period of the same length, in whole months when the period is (it ends at {@code from})
     * @param territoryId the territory the snapshot is restricted to, or null for the whole network
     */
    public record Scope(LocalDate from, LocalDate to, LocalDate previousFrom, String territoryId, String territoryName) {
    }

    /** A count now and at the end of the previous period (or in the previous period). */
    public record Count(long value, long previous, long change) {
        public static Count of(long value, long previous) {
            return new Count(value, previous, value - previous);
        }
    }

    /** A ratio or mean now and before; any of them null when undefined. */
    public record Ratio(Double value, Double previous, Double change) {
        public static Ratio of(Double value, Double previous) {
            return new Ratio(value, previous, value == null || previous == null ? null : value - previous);
        }
    }

    /**
     * @param participantsActive active at the end of the period (state by event time)
     * @param participantsEver joined at least once before the end of the period
     * @param newParticipants first join in the period, against the previous period
     * @param growthRate active at the end ÷ active at the start − 1, against the same for the previous period
     * @param territoriesActive territories with an event in the 90 days before the end
     * @param newTerritories territories whose first event is in the period, against the previous period
     * @param countries countries of the registered territories with an event before the end (as the dashboard counts them)
     * @param toolAdopters participants or groups that started or completed a tool in the period
     * @param toolCompletionRate completions ÷ starts over all tools, in the period
     * @param evaluations well-being evaluations before the end of the period
     * @param citizens citizens involved in those evaluations (sum of participantsCount)
     * @param footprintAssessments footprint assessments before the end of the period
     * @param footprintMeanTonnes mean t CO2e per person per year of those assessments
     * @param footprintShareUnder2t share of those assessments strictly under 2 t
     */
    public record Headline(
            Count participantsActive,
            Count participantsEver,
            Count newParticipants,
            Ratio growthRate,
            Count territoriesActive,
            Count newTerritories,
            Count countries,
            Count toolAdopters,
            Ratio toolCompletionRate,
            Count evaluations,
            Count citizens,
            Count footprintAssessments,
            Ratio footprintMeanTonnes,
            Ratio footprintShareUnder2t) {
    }

    /**
     * @param byTerritory territories with new participants or new in the period, most new participants first; in a
     *                    public snapshot also those whose number of new participants is hidden, zero or not (left
     *                    out, a territory's zero is published)
     * @param newTerritories territories whose first event is in the period
     * @param byRole new participants by role (wire names), from their first join
     * @param byChannel new participants by join channel (wire names, "unknown" when not given)
     * @param territoriesWithNewParticipants how many territories had a new participant in the period; in a public
     *                                       snapshot null (listed in {@code suppressed}) when a territory's new
     *                                       participants are hidden: beside the hidden cells it would tell how many of
     *                                       them are zeros (review 17, finding 4)
     * @param territoriesNotListed territories taking part but left out of {@code byTerritory} (no new participant)
     * @param activeAtEndNotListed their participants active at the end, so the table adds up to the headline; null in
     *                             a public snapshot (with the table's hidden ends it would give their sum)
     */
    public record Newcomers(
            List<TerritoryRow> byTerritory,
            List<NewTerritory> newTerritories,
            Map<String, Long> byRole,
            Map<String, Long> byChannel,
            Long territoriesWithNewParticipants,
            long territoriesNotListed,
            Long activeAtEndNotListed,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
            List<String> suppressed,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            Integer minPublishedCount) {

        public Newcomers {
            suppressed = suppressed == null ? List.of() : List.copyOf(suppressed);
        }
    }

    /** A territory's participants; in a public snapshot a suppressed number is null and listed in {@code suppressed}. */
    public record TerritoryRow(
            String territoryId,
            String name,
            String countryCode,
            Long newParticipants,
            Long activeAtStart,
            Long activeAtEnd,
            Long everAtEnd,
            Double growthRate,
            boolean newInPeriod,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
            List<String> suppressed,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            Integer minPublishedCount) {

        public TerritoryRow {
            suppressed = suppressed == null ? List.of() : List.copyOf(suppressed);
        }

        public TerritoryRow(String territoryId, String name, String countryCode, long newParticipants, long activeAtStart,
                            long activeAtEnd, long everAtEnd, Double growthRate, boolean newInPeriod) {
            this(territoryId, name, countryCode, newParticipants, activeAtStart, activeAtEnd, everAtEnd, growthRate, newInPeriod,
                    List.of(), null);
        }
    }

    public record NewTerritory(
            String territoryId,
            String name,
            String countryCode,
            String kind,
            LocalDate firstEvent,
            Long participantsActive,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
            List<String> suppressed,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            Integer minPublishedCount) {

        public NewTerritory {
            suppressed = suppressed == null ? List.of() : List.copyOf(suppressed);
        }
    }

    /** Tool uptake in the period and in the previous one, over all tools and per tool. */
    public record Tools(ToolFigures total, ToolFigures totalPrevious, List<ToolRow> byTool) {
    }

    public record ToolRow(String toolId, String name, Map<String, String> names, ToolFigures current, ToolFigures previous) {
    }

    /**
     * Distinct participants or groups per stage (for the total: distinct per tool, summed), so that a
     * resent or repeated stage counts once.
     *
     * @param adopters started or completed
     * @param completionRate completions ÷ starts
     * @param uptakeRate adopters ÷ participants active at the end of the period
     * @param meanRating mean of the ratings given in the period
     * @param ratings how many ratings were given
     */
    public record ToolFigures(
            long discovered,
            long starts,
            long completions,
            long adopters,
            Double completionRate,
            Double uptakeRate,
            Double meanRating,
            long ratings) {
    }

    public record Wellbeing(WellbeingFigures current, WellbeingFigures previous) {
    }

    public record WellbeingFigures(long evaluations, long groups, long citizens, List<DimensionRow> dimensions) {
    }

    /**
     * @param wellbeing notes written for "what is well-being for you"
     * @param illbeing notes written for "what is ill-being for you"
     * @param action notes written for "what do you do / can you do"
     * @param meanScore mean co-evaluation score (1 very bad … 5 ideal)
     * @param scores how many co-evaluation scores the mean is made of
     */
    public record DimensionRow(
            String dimension,
            Map<String, String> names,
            long wellbeing,
            long illbeing,
            long action,
            Double meanScore,
            long scores) {
    }

    public record Footprint(double targetTonnes, FootprintFigures current, FootprintFigures previous) {
    }

    public record FootprintFigures(
            long assessments,
            Double meanTonnes,
            Double shareUnder2t,
            List<Bucket> distribution,
            Breakdown meanBreakdown) {
    }

    /** Assessments with fromTonnes ≤ t &lt; toTonnes (toTonnes null: no upper bound). */
    public record Bucket(double fromTonnes, Double toTonnes, long assessments) {
    }

    /** Mean t CO2e per year by domain, over the assessments that gave that domain. */
    public record Breakdown(Double food, Double housing, Double mobility, Double goods, Double publicServices) {
    }

    /**
     * One ISO week of the period, cut at the period's bounds.
     *
     * @param period ISO week like 2021-W15
     * @param end exclusive
     */
    public record WeekPoint(
            String period,
            LocalDate start,
            LocalDate end,
            long newParticipants,
            long leftParticipants,
            long activeAtEnd,
            long everAtEnd) {
    }

    /**
     * The meeting's other questions, as at the end of the period: the added value of decentralised approaches
     * (Annex 1), the targets, and whether participants come back (quarterly cohorts).
     */
    public record Meeting(List<ApproachRow> approaches, List<TargetRow> targets, List<CohortRow> cohorts) {
    }

    /**
     * One kind of approach evaluated before the end of the period.
     *
     * @param evaluationsInPeriod of those, the evaluations in the period
     * @param tonnesCo2eAvoidedPerYear summed over the approaches, each by its latest evaluation stating it
     */
    public record ApproachRow(String approachKind, long evaluations, long evaluationsInPeriod, long approaches,
                              Map<String, Double> meanScores, Map<String, Double> keyElementShares,
                              double tonnesCo2eAvoidedPerYear) {
    }

    /**
     * A target where it stood on the last day of the period, and where the trend of the 8 weeks before leads. A
     * territory's target is computed from that territory's figures, as its own report computes it. In a public
     * snapshot a territory target's figures are null and listed in {@code suppressed} when the territory's public
     * figure of that metric is hidden or small; {@code notComputed} says why a target of a territory the log does not
     * know has no figures.
     */
    public record TargetRow(String targetId, String metric, String toolId, String territoryId, String territoryName,
                            long value, LocalDate due, Long current, Double progress, Double requiredPerWeek,
                            Double projectedAtDue, Boolean onTrack,
                            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                            List<String> suppressed,
                            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                            Integer minPublishedCount,
                            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                            String notComputed) {

        /** The figures hidden together with a territory target's current value. */
        public static final List<String> WITH_CURRENT = List.of("current", "progress", "requiredPerWeek", "projectedAtDue",
                "onTrack");

        public TargetRow {
            suppressed = suppressed == null ? List.of() : List.copyOf(suppressed);
        }
    }

    /**
     * A quarterly cohort (participants by the quarter of their first join).
     *
     * @param stillActive at the end of its quarter and of each since, the last one at the end of the period (the
     *                    report keeps the days of every quarter it shows; null only in a report made before it did)
     * @param usedATool started or completed a tool in each of those quarters
     */
    public record CohortRow(String cohort, LocalDate start, long joined, List<Long> stillActive, List<Long> usedATool) {
    }

    /**
     * How the snapshot was made; not figures (it changes when later events arrive).
     *
     * @param recordsRead decoded event records, duplicates included
     * @param duplicatesSkipped records whose eventId was already counted
     * @param eventsCounted distinct events in scope that occurred before the end of the period
     * @param eventsAfterPeriod distinct events in scope that occurred at or after the end of the period (ignored)
     * @param unusableEvents events the figures cannot use (filed under another territory, naming no one): the live
     *                       topology sends them to the dead letters
     * @param receivedUpTo the events counted are those received up to this moment (the end of the log when the
     *                     report was made, or the moment it was asked for): the same moment gives the same report
     */
    public record Provenance(
            Instant generatedAt,
            long recordsRead,
            long duplicatesSkipped,
            long undecodableRecords,
            long eventsCounted,
            long eventsAfterPeriod,
            long unusableEvents,
            Instant receivedUpTo) {
    }
}
