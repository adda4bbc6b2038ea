package org.together.aggregation.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.aggregation.TestEvents.joined;
import static org.together.aggregation.TestEvents.left;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.together.aggregation.query.AsOf;
import org.together.aggregation.query.GrowthPoint;
import org.together.figures.Period;
import org.together.aggregation.query.Summary;
import org.together.figures.Figures;
import org.together.events.ParticipantJoined;

/** Participants active, ever and new, decided by event time whatever order the events arrive in. */
class ParticipationFiguresTest {

    private final TopologyHarness topology = new TopologyHarness();
    private static final AsOf SATURDAY_10_JULY_2021 = AsOf.endOf(LocalDate.parse("2021-07-10"));
    /** The day the series are asked on, years after the events (see the test of periods still to come). */
    private static final LocalDate TODAY = LocalDate.parse("2026-12-06");

    @AfterEach
    void close() {
        topology.close();
    }

    private Summary lyon() {
        return topology.queries().territorySummary("lyon", SATURDAY_10_JULY_2021).orElseThrow();
    }

    @Test
    void aParticipantWhoJoinsIsActiveAndNewInTheDayWeekMonthAndQuarterOfTheJoin() {
        topology.send(joined("lyon", "p-alice-01", "2021-07-10T09:00:00Z"));

        Summary lyon = lyon();
        assertThat(lyon.participantsActive()).isEqualTo(1);
        assertThat(lyon.participantsEver()).isEqualTo(1);
        assertThat(lyon.newParticipants()).isEqualTo(new Summary.NewParticipants(1, 1, 1, 1));
        assertThat(lyon.lastEventAt()).hasToString("2021-07-10T09:00:00Z");
    }

    @Test
    void aParticipantWhoJoinsAgainWithoutLeavingCountsOnce() {
        topology.send(joined("lyon", "p-alice-01", "2021-07-01T09:00:00Z"),
                joined("lyon", "p-alice-01", "2021-07-08T09:00:00Z"));

        assertThat(lyon().participantsActive()).isEqualTo(1);
        assertThat(lyon().participantsEver()).isEqualTo(1);
        assertThat(lyon().newParticipants().day()).isZero();
        assertThat(lyon().newParticipants().month()).isEqualTo(1);
    }

    @Test
    void aParticipantWhoLeftAfterJoiningIsNoLongerActiveButWasAParticipant() {
        topology.send(joined("lyon", "p-alice-01", "2021-07-01T09:00:00Z"),
                joined("lyon", "p-bob-0001", "2021-07-01T09:00:00Z"),
                left("lyon", "p-alice-01", "2021-07-06T09:00:00Z"));

        assertThat(lyon().participantsActive()).isEqualTo(1);
        assertThat(lyon().participantsEver()).isEqualTo(2);
        List<GrowthPoint> weeks = topology.queries().territoryGrowth("lyon", Period.WEEK,
                LocalDate.parse("2021-06-28"), LocalDate.parse("2021-07-12"), TODAY).orElseThrow();
        assertThat(weeks).containsExactly(
                new GrowthPoint("2021-W26", LocalDate.parse("2021-06-28"), 2, 0, 0, 2),
                new GrowthPoint("2021-W27", LocalDate.parse("2021-07-05"), 0, 0, 1, 1));
    }

    @Test
    void aLeaveThatArrivesBeforeItsEarlierJoinStillEndsTheParticipation() {
        topology.send(left("lyon", "p-alice-01", "2021-07-06T09:00:00Z"),
                joined("lyon", "p-alice-01", "2021-07-01T09:00:00Z"));

        assertThat(lyon().participantsActive()).isZero();
        assertThat(lyon().participantsEver()).isEqualTo(1);
    }

    @Test
    void aLeaveThatOccurredBeforeAnyJoinChangesNothing() {
        topology.send(joined("lyon", "p-alice-01", "2021-07-06T09:00:00Z"),
                left("lyon", "p-alice-01", "2021-07-01T09:00:00Z"));

        assertThat(lyon().participantsActive()).isEqualTo(1);
    }

    @Test
    void aParticipantWhoRejoinsAfterLeavingIsActiveAgainButNotNewAgain() {
        topology.send(joined("lyon", "p-alice-01", "2021-05-03T09:00:00Z"),
                left("lyon", "p-alice-01", "2021-06-01T09:00:00Z"),
                joined("lyon", "p-alice-01", "2021-07-07T09:00:00Z"));

        assertThat(lyon().participantsActive()).isEqualTo(1);
        assertThat(lyon().participantsEver()).isEqualTo(1);
        assertThat(lyon().newParticipants()).isEqualTo(new Summary.NewParticipants(0, 0, 0, 0));
        List<GrowthPoint> months = topology.queries().territoryGrowth("lyon", Period.MONTH,
                LocalDate.parse("2021-05-01"), LocalDate.parse("2021-08-01"), TODAY).orElseThrow();
        assertThat(months).extracting(GrowthPoint::activeAtEnd).containsExactly(1L, 0L, 1L);
        assertThat(months).extracting(GrowthPoint::leftParticipants).containsExactly(0L, 1L, 0L);
    }

    @Test
    void aGrowthSeriesCountsReturningParticipantsSoThatEveryPeriodAddsUpForTheTerritoryAndTheNetwork() {
        // alice joins, leaves and comes back; bob joins and leaves; carol joins, leaves and comes back twice
        topology.send(joined("lyon", "p-alice-01", "2021-05-03T09:00:00Z"),
                joined("lyon", "p-bob-0001", "2021-05-04T09:00:00Z"),
                left("lyon", "p-alice-01", "2021-06-01T09:00:00Z"),
                joined("lyon", "p-carol-01", "2021-06-02T09:00:00Z"),
                left("lyon", "p-carol-01", "2021-06-03T09:00:00Z"),
                joined("lyon", "p-carol-01", "2021-06-20T09:00:00Z"),
                left("lyon", "p-bob-0001", "2021-07-01T09:00:00Z"),
                joined("lyon", "p-alice-01", "2021-07-07T09:00:00Z"),
                left("lyon", "p-carol-01", "2021-07-08T09:00:00Z"),
                joined("lyon", "p-carol-01", "2021-07-09T09:00:00Z"),
                joined("grenoble", "p-dave-001", "2021-06-15T09:00:00Z"));

        // the review's case: active goes up in a week with no one new and no one leaving
        List<GrowthPoint> weeks = topology.queries().territoryGrowth("lyon", Period.WEEK,
                LocalDate.parse("2021-07-05"), LocalDate.parse("2021-07-12"), TODAY).orElseThrow();
        assertThat(weeks).containsExactly(new GrowthPoint("2021-W27", LocalDate.parse("2021-07-05"), 0, 2, 1, 2));
        List<GrowthPoint> months = topology.queries().territoryGrowth("lyon", Period.MONTH,
                LocalDate.parse("2021-05-01"), LocalDate.parse("2021-08-01"), TODAY).orElseThrow();
        assertThat(months).extracting(GrowthPoint::returningParticipants).containsExactly(0L, 1L, 2L);

        LocalDate from = LocalDate.parse("2021-04-01");
        LocalDate to = LocalDate.parse("2021-10-01");
        for (Period period : Period.values()) {
            assertAddsUp("lyon " + period, topology.queries().territoryGrowth("lyon", period, from, to, TODAY).orElseThrow(), 0);
            assertAddsUp("network " + period, topology.queries().networkGrowth(period, from, to, TODAY), 0);
        }
        assertThat(topology.queries().networkGrowth(Period.QUARTER, from, to, TODAY))
                .extracting(GrowthPoint::returningParticipants).containsExactly(1L, 2L);
    }

    /** Each period: active at the end of the one before + new + returning - left = active at its end. */
    private static void assertAddsUp(String series, List<GrowthPoint> points, long activeBefore) {
        long before = activeBefore;
        for (GrowthPoint p : points) {
            assertThat(before + p.newParticipants() + p.returningParticipants() - p.leftParticipants())
                    .as("%s %s: active before + new + returning - left", series, p.period()).isEqualTo(p.activeAtEnd());
            before = p.activeAtEnd();
        }
    }

    @Test
    void aGrowthSeriesHasNoPeriodThatStartsAfterToday() {
        topology.send(joined("lyon", "p-alice-01", "2021-06-10T09:00:00Z"),
                joined("lyon", "p-bob-0001", "2021-07-09T09:00:00Z"));
        LocalDate saturday = LocalDate.parse("2021-07-10");

        // the current month is there, counted as far as the events go; the months to come are not
        assertThat(topology.queries().networkGrowth(Period.MONTH, LocalDate.parse("2021-06-01"), LocalDate.parse("2021-10-01"), saturday))
                .containsExactly(new GrowthPoint("2021-06", LocalDate.parse("2021-06-01"), 1, 0, 0, 1),
                        new GrowthPoint("2021-07", LocalDate.parse("2021-07-01"), 1, 0, 0, 2));
        assertThat(topology.queries().territoryGrowth("lyon", Period.DAY, LocalDate.parse("2021-07-09"),
                LocalDate.parse("2021-07-20"), saturday).orElseThrow())
                .extracting(GrowthPoint::period).containsExactly("2021-07-09", "2021-07-10");
        assertThat(topology.queries().territoryGrowth("lyon", Period.WEEK, LocalDate.parse("2021-07-08"),
                LocalDate.parse("2021-08-01"), saturday).orElseThrow())
                .extracting(GrowthPoint::period).containsExactly("2021-W27");
        // a series wholly after today is empty, not periods that have not happened with their figures filled in
        assertThat(topology.queries().networkGrowth(Period.MONTH, LocalDate.parse("2021-08-01"), LocalDate.parse("2021-10-01"), saturday))
                .isEmpty();
        assertThat(topology.queries().territoryGrowth("lyon", Period.QUARTER, LocalDate.parse("2021-10-01"),
                LocalDate.parse("2022-04-01"), saturday)).hasValue(List.of());
    }

    @Test
    void aLateLeaveBetweenAJoinAndARejoinEndsAndRestartsTheParticipation() {
        topology.send(joined("lyon", "p-alice-01", "2021-05-03T09:00:00Z"),
                joined("lyon", "p-alice-01", "2021-07-07T09:00:00Z"));
        assertThat(monthlyActive()).containsExactly(1L, 1L, 1L);

        topology.send(left("lyon", "p-alice-01", "2021-06-01T09:00:00Z"));

        assertThat(monthlyActive()).containsExactly(1L, 0L, 1L);
        assertThat(lyon().participantsEver()).isEqualTo(1);
    }

    private List<Long> monthlyActive() {
        return topology.queries().territoryGrowth("lyon", Period.MONTH, LocalDate.parse("2021-05-01"), LocalDate.parse("2021-08-01"), TODAY)
                .orElseThrow().stream().map(GrowthPoint::activeAtEnd).toList();
    }

    @Test
    void aLateEventLandsInItsOldWeek() {
        topology.send(joined("lyon", "p-alice-01", "2021-07-06T09:00:00Z"));
        // an offline workshop syncs three weeks later
        topology.send(joined("lyon", "p-bob-0001", "2021-06-15T18:30:00Z"));

        List<GrowthPoint> weeks = topology.queries().territoryGrowth("lyon", Period.WEEK,
                LocalDate.parse("2021-06-14"), LocalDate.parse("2021-07-12"), TODAY).orElseThrow();
        assertThat(weeks).containsExactly(
                new GrowthPoint("2021-W24", LocalDate.parse("2021-06-14"), 1, 0, 0, 1),
                new GrowthPoint("2021-W25", LocalDate.parse("2021-06-21"), 0, 0, 0, 1),
                new GrowthPoint("2021-W26", LocalDate.parse("2021-06-28"), 0, 0, 0, 1),
                new GrowthPoint("2021-W27", LocalDate.parse("2021-07-05"), 1, 0, 0, 2));
    }

    @Test
    void aLateEarlierJoinMovesTheParticipantsFirstDay() {
        topology.send(joined("lyon", "p-alice-01", "2021-07-09T09:00:00Z"));
        topology.send(joined("lyon", "p-alice-01", "2021-04-20T09:00:00Z"));

        List<GrowthPoint> quarters = topology.queries().territoryGrowth("lyon", Period.QUARTER,
                LocalDate.parse("2021-04-01"), LocalDate.parse("2021-10-01"), TODAY).orElseThrow();
        assertThat(quarters).containsExactly(
                new GrowthPoint("2021-Q2", LocalDate.parse("2021-04-01"), 1, 0, 0, 1),
                new GrowthPoint("2021-Q3", LocalDate.parse("2021-07-01"), 0, 0, 0, 1));
        assertThat(lyon().newParticipants().quarter()).isZero();
    }

    @Test
    void aHistoricalImportFrom2021LandsIn2021Q2() {
        // imported years later: the as-of day is far after the events
        topology.send(joined("lyon", "p-alice-01", "2021-05-12T10:00:00Z"),
                joined("lyon", "p-bob-0001", "2021-06-30T23:59:59Z"),
                joined("lyon", "p-carol-01", "2021-07-01T00:00:00Z"));

        List<GrowthPoint> quarters = topology.queries().territoryGrowth("lyon", Period.QUARTER,
                LocalDate.parse("2021-01-01"), LocalDate.parse("2022-01-01"), TODAY).orElseThrow();
        assertThat(quarters).extracting(GrowthPoint::period, GrowthPoint::newParticipants).containsExactly(
                org.assertj.core.groups.Tuple.tuple("2021-Q1", 0L),
                org.assertj.core.groups.Tuple.tuple("2021-Q2", 2L),
                org.assertj.core.groups.Tuple.tuple("2021-Q3", 1L),
                org.assertj.core.groups.Tuple.tuple("2021-Q4", 0L));
    }

    @Test
    void aResentJoinIsCountedOnce() {
        ParticipantJoined alice = joined("lyon", "p-alice-01", "2021-07-10T09:00:00Z");
        topology.send(alice, alice, alice);

        assertThat(lyon().participantsActive()).isEqualTo(1);
        assertThat(lyon().newParticipants().day()).isEqualTo(1);
        assertThat(topology.store(AggregationTopology.TERRITORY_DAY_FIGURES).get(StoreKeys.territoryDay("lyon", LocalDate.parse("2021-07-10"))))
                .extracting(f -> ((Figures) f).events()).isEqualTo(1L);
    }

    @Test
    void growthWeekOverWeekComparesTheLastTwoCompleteWeeks() {
        // W25: 2 active at its end; W26: 3 active; W27 (current, incomplete) ignored
        topology.send(joined("lyon", "p-alice-01", "2021-06-22T09:00:00Z"),
                joined("lyon", "p-bob-0001", "2021-06-23T09:00:00Z"),
                joined("lyon", "p-carol-01", "2021-06-29T09:00:00Z"),
                joined("lyon", "p-dave-001", "2021-07-06T09:00:00Z"));

        assertThat(lyon().growth().weekOverWeek()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
        // Q2 ended with 2 active, Q1 with none: nothing to divide by
        assertThat(lyon().growth().quarterOverQuarter()).isNull();
    }

    @Test
    void theNetworkCountsTheParticipantsOfEveryTerritory() {
        topology.send(joined("lyon", "p-alice-01", "2021-07-10T09:00:00Z"),
                joined("grenoble", "p-alice-01", "2021-07-10T10:00:00Z"),
                joined("grenoble", "p-bob-0001", "2021-06-10T10:00:00Z"),
                left("grenoble", "p-bob-0001", "2021-07-02T10:00:00Z"));

        Summary network = topology.queries().networkSummary(SATURDAY_10_JULY_2021);
        assertThat(network.scope()).isEqualTo("network");
        assertThat(network.participantsActive()).isEqualTo(2);
        assertThat(network.participantsEver()).isEqualTo(3);
        assertThat(network.newParticipants()).isEqualTo(new Summary.NewParticipants(2, 2, 2, 2));
        assertThat(network.lastEventAt()).hasToString("2021-07-10T10:00:00Z");
        assertThat(topology.queries().networkGrowth(Period.MONTH, LocalDate.parse("2021-06-01"), LocalDate.parse("2021-08-01"), TODAY))
                .containsExactly(new GrowthPoint("2021-06", LocalDate.parse("2021-06-01"), 1, 0, 0, 1),
                        new GrowthPoint("2021-07", LocalDate.parse("2021-07-01"), 2, 0, 1, 2));
    }

    @Test
    void figuresAsOfAnEarlierDayLeaveOutLaterEvents() {
        topology.send(joined("lyon", "p-alice-01", "2021-07-01T09:00:00Z"),
                joined("lyon", "p-bob-0001", "2021-07-09T09:00:00Z"));

        Summary asOfThe5th = topology.queries().territorySummary("lyon", AsOf.endOf(LocalDate.parse("2021-07-05"))).orElseThrow();
        assertThat(asOfThe5th.participantsActive()).isEqualTo(1);
        assertThat(asOfThe5th.lastEventAt()).hasToString("2021-07-01T09:00:00Z");
    }
}
