package org.together.aggregation.query;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The answers to the quarterly meeting's questions beyond "how many": Annex 1 approaches, cohorts, footprint by domain. */
public final class MeetingReports {

    private MeetingReports() {
    }

    /** Added value of decentralised approaches, per approach kind (those evaluated). */
    public record Approaches(String scope, Instant asOf, List<ApproachKind> approaches) {
    }

    /**
     * @param meanScores               per component, the mean over the evaluations that scored it
     * @param keyElementShares         per key element, the share of the evaluations naming it
     * @param tonnesCo2eAvoidedPerYear summed over the approaches, each by its latest evaluation stating it
     */
    public record ApproachKind(String approachKind, long evaluations, long approaches, Map<String, Double> meanScores,
                               Map<String, Double> keyElementShares, double tonnesCo2eAvoidedPerYear) {
    }

    /** Do participants come back? One row per cohort of first joins. */
    public record Cohorts(String scope, Instant asOf, String interval, List<Cohort> cohorts) {
    }

    public record Cohort(String cohort, LocalDate start, long joined, List<Long> stillActive, List<Long> usedATool) {
    }

    /** Mean footprint per person by domain, beside the 2 t goal. */
    public record FootprintByDomain(String scope, Instant asOf, double goalTonnes, long assessments, Double meanTonnes,
                                    List<Domain> domains) {
    }

    /** @param assessments the assessments that gave this part of the breakdown */
    public record Domain(String domain, Double meanTonnes, long assessments) {
    }
}
