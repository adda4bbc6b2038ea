package org.together.aggregation.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.aggregation.TestEvents.approachEvaluated;
import static org.together.events.ApproachKind.COMMUNITY_SUPPORTED_AGRICULTURE;
import static org.together.events.ApproachKind.EXCHANGE_SYSTEM;
import static org.together.events.ApproachKind.LOCAL_PARTNERSHIP;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.together.aggregation.query.AsOf;
import org.together.aggregation.query.MeetingQueries;
import org.together.aggregation.query.MeetingReports;
import org.together.events.ApproachEvaluated;

/** The Council of Alliances evaluates decentralised approaches with the Annex 1 grid; the topology keeps the figures. */
class ApproachFiguresTest {

    private static final AsOf AS_OF = AsOf.endOf(LocalDate.parse("2021-07-10"));
    private final TopologyHarness topology = new TopologyHarness();

    @AfterEach
    void close() {
        topology.close();
    }

    private MeetingQueries queries() {
        return new MeetingQueries(topology.queries());
    }

    private static MeetingReports.ApproachKind kind(MeetingReports.Approaches report, String kind) {
        return report.approaches().stream().filter(k -> k.approachKind().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in " + report));
    }

    @Test
    void twoCsaInTwoTerritoriesAreTwoApproachesWithTheirScoresAveragedOverTheEvaluationsThatScoredThem() {
        topology.send(
                approachEvaluated("mouscron", "csa-les-jardins", COMMUNITY_SUPPORTED_AGRICULTURE,
                        Map.of("short-circuits", 5, "local-resource-cost", 4), Map.of("relations", 5),
                        List.of("direct-democracy", "collective-learning"), 12.0, "2021-05-02T10:00:00Z"),
                approachEvaluated("porto-bonfim", "csa-horta", COMMUNITY_SUPPORTED_AGRICULTURE,
                        Map.of("short-circuits", 4), Map.of("relations", 3, "inclusion", 4),
                        List.of("direct-democracy"), 8.5, "2021-06-12T10:00:00Z"),
                approachEvaluated("mouscron", "leader-wapi", LOCAL_PARTNERSHIP,
                        Map.of("administrative-cost", 2), Map.of(), List.of(), null, "2021-06-20T10:00:00Z"));

        MeetingReports.Approaches network = queries().networkApproaches(AS_OF);
        MeetingReports.ApproachKind csa = kind(network, "community-supported-agriculture");
        assertThat(csa.evaluations()).isEqualTo(2);
        assertThat(csa.approaches()).isEqualTo(2);
        assertThat(csa.meanScores()).containsExactly(Map.entry("local-resource-cost", 4.0), Map.entry("short-circuits", 4.5),
                Map.entry("relations", 4.0), Map.entry("inclusion", 4.0));
        assertThat(csa.keyElementShares()).containsExactly(Map.entry("direct-democracy", 1.0),
                Map.entry("decision-autonomy", 0.0), Map.entry("collective-learning", 0.5));
        assertThat(csa.tonnesCo2eAvoidedPerYear()).isEqualTo(20.5);

        MeetingReports.ApproachKind leader = kind(network, "local-partnership");
        assertThat(leader.approaches()).isEqualTo(1);
        assertThat(leader.tonnesCo2eAvoidedPerYear()).as("no evaluation stated tonnes avoided").isEqualTo(0.0);

        MeetingReports.Approaches mouscron = queries().territoryApproaches("mouscron", AS_OF).orElseThrow();
        assertThat(mouscron.approaches()).extracting(MeetingReports.ApproachKind::approachKind)
                .containsExactly("community-supported-agriculture", "local-partnership");
        assertThat(kind(mouscron, "community-supported-agriculture").tonnesCo2eAvoidedPerYear()).isEqualTo(12.0);
    }

    @Test
    void anApproachEvaluatedTwiceCountsOnceWithTheTonnesOfItsLatestEvaluationWhateverOrderTheyArrive() {
        ApproachEvaluated spring = approachEvaluated("mouscron", "sel-mouscron", EXCHANGE_SYSTEM, Map.of(),
                Map.of("social-capital", 3), List.of(), 4.0, "2021-04-02T10:00:00Z");
        ApproachEvaluated summer = approachEvaluated("mouscron", "sel-mouscron", EXCHANGE_SYSTEM, Map.of(),
                Map.of("social-capital", 5), List.of("decision-autonomy"), 6.0, "2021-07-02T10:00:00Z");
        topology.send(summer, spring); // the spring evaluation synced late

        MeetingReports.ApproachKind sel = kind(queries().networkApproaches(AS_OF), "exchange-system");
        assertThat(sel.evaluations()).isEqualTo(2);
        assertThat(sel.approaches()).isEqualTo(1);
        assertThat(sel.meanScores()).containsExactly(Map.entry("social-capital", 4.0));
        assertThat(sel.tonnesCo2eAvoidedPerYear()).as("the July evaluation is the latest").isEqualTo(6.0);

        MeetingReports.ApproachKind inMay = kind(queries().networkApproaches(AsOf.endOf(LocalDate.parse("2021-05-31"))),
                "exchange-system");
        assertThat(inMay.tonnesCo2eAvoidedPerYear()).as("as of May, the April evaluation was the latest").isEqualTo(4.0);
        assertThat(inMay.evaluations()).isEqualTo(1);
    }

    @Test
    void aResentEvaluationIsCountedOnce() {
        ApproachEvaluated e = approachEvaluated("mouscron", "csa-les-jardins", COMMUNITY_SUPPORTED_AGRICULTURE,
                Map.of("short-circuits", 5), Map.of(), List.of(), 12.0, "2021-05-02T10:00:00Z");
        topology.send(e, e);

        MeetingReports.ApproachKind csa = kind(queries().networkApproaches(AS_OF), "community-supported-agriculture");
        assertThat(csa.evaluations()).isEqualTo(1);
        assertThat(csa.tonnesCo2eAvoidedPerYear()).isEqualTo(12.0);
    }

    @Test
    void anApproachReclassifiedByALaterEvaluationMovesToItsNewKind() {
        topology.send(approachEvaluated("mouscron", "jardin-partage", COMMUNITY_SUPPORTED_AGRICULTURE, Map.of(),
                        Map.of("relations", 4), List.of(), 2.0, "2021-05-02T10:00:00Z"),
                approachEvaluated("mouscron", "jardin-partage", LOCAL_PARTNERSHIP, Map.of(),
                        Map.of("relations", 5), List.of(), null, "2021-06-02T10:00:00Z"));

        MeetingReports.Approaches network = queries().networkApproaches(AS_OF);
        assertThat(kind(network, "community-supported-agriculture").approaches()).isZero();
        assertThat(kind(network, "community-supported-agriculture").evaluations()).isEqualTo(1);
        MeetingReports.ApproachKind partnership = kind(network, "local-partnership");
        assertThat(partnership.approaches()).isEqualTo(1);
        assertThat(partnership.tonnesCo2eAvoidedPerYear()).as("the tonnes its last statement gave").isEqualTo(2.0);
    }

    @Test
    void anUnknownTerritoryHasNoApproaches() {
        assertThat(queries().territoryApproaches("nowhere", AS_OF)).isEmpty();
    }
}
