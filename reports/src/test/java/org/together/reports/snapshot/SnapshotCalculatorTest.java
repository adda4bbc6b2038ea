package org.together.reports.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.together.reports.snapshot.Events.at;
import static org.together.reports.snapshot.Events.criterion;
import static org.together.reports.snapshot.Events.joined;
import static org.together.reports.snapshot.Events.left;
import static org.together.reports.snapshot.Events.tool;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.together.reports.snapshot.Snapshot.Count;
import org.together.reports.snapshot.Snapshot.DimensionRow;
import org.together.reports.snapshot.Snapshot.TerritoryRow;
import org.together.reports.snapshot.Snapshot.ToolFigures;
import org.together.reports.snapshot.Snapshot.ToolRow;
import org.together.events.FootprintBreakdown;
import org.together.events.JoinChannel;
import org.together.events.ParticipantJoined;
import org.together.events.ParticipantRole;
import org.together.events.SpiralQuestion;
import org.together.events.ToolStage;

/**
 * Golden figures for a small hand-made network whose every expected number is worked out in the
 * comments, covering joins, leaves and rejoins on both sides of the period's bounds, late events,
 * a resent duplicate, a territory new in the period and events after the period.
 */
class SnapshotCalculatorTest {

    static final LocalDate FROM = LocalDate.parse("2021-04-10");
    static final LocalDate TO = LocalDate.parse("2021-07-10");
    static final Instant GENERATED = at("2021-07-11", 8);

    static ReferenceData reference() {
        return new ReferenceData(
                Map.of("alpha", Events.territory("alpha", "Alpha", "FR", "city"),
                        "beta", Events.territory("beta", "Beta", "BE", "village"),
                        "delta", Events.territory("delta", "Delta", "IT", "region")),
                Map.of("choices-guide", Events.catalogueTool("choices-guide", "Guide to good choices", Map.of("fr", "Guide des bons choix")),
                        "action-plan", Events.catalogueTool("action-plan", "Action plan", Map.of())),
                Map.of());
    }

    static List<SpecificRecord> scenario() {
        List<SpecificRecord> e = new ArrayList<>();
        // alpha
        e.add(joined("alpha", "a1", at("2021-01-20")));                    // active throughout
        e.add(joined("alpha", "a2", at("2021-02-01")));
        e.add(left("alpha", "a2", at("2021-05-01")));                      // active at start, not at end
        e.add(joined("alpha", "a3", at("2021-03-01")));
        e.add(left("alpha", "a3", at("2021-03-15")));
        e.add(joined("alpha", "a3", at("2021-06-01")));                    // rejoin: active at end, not new
        e.add(joined("alpha", "a4", at("2021-04-10")));                    // exactly at the start: new, not active at start
        e.add(joined("alpha", "a5", at("2021-07-09", 23)));
        e.add(left("alpha", "a5", at("2021-07-10")));                      // leave at the (exclusive) end: ignored
        e.add(joined("alpha", "a6", at("2021-07-10")));                    // after the period
        e.add(left("alpha", "a7", at("2021-05-05")));                      // late event: the leave arrives first
        e.add(joined("alpha", "a7", at("2021-05-01")));
        ParticipantJoined a8 = joined(Events.envelope("dup-a8", "alpha", at("2021-06-15"), at("2021-06-15", 1)),
                "a8", ParticipantRole.CITIZEN, JoinChannel.WORKSHOP);
        e.add(a8);
        e.add(joined(Events.envelope("dup-a8", "alpha", at("2021-06-15"), at("2021-06-20")), // resent copy
                "a8", ParticipantRole.CITIZEN, JoinChannel.WORKSHOP));
        e.add(joined("alpha", "a9", at("2020-12-01")));
        // beta: first event in the period
        e.add(joined("beta", "b1", at("2021-05-20")));
        e.add(joined("beta", "b2", at("2021-06-10")));
        // gamma: not registered, active at the start only
        e.add(joined("gamma", "c1", at("2021-01-15")));
        // delta: only after the period
        e.add(joined("delta", "d1", at("2021-08-01")));

        // tools in the period
        e.add(tool("alpha", "a1", "choices-guide", ToolStage.STARTED, null, at("2021-05-01")));
        e.add(tool("alpha", "a1", "choices-guide", ToolStage.COMPLETED, 4, at("2021-05-10")));
        e.add(tool("alpha", "a4", "choices-guide", ToolStage.STARTED, null, at("2021-04-20")));
        e.add(tool("alpha", "a4", "choices-guide", ToolStage.STARTED, null, at("2021-04-21"))); // started twice: once
        e.add(tool("alpha", "a3", "footprint-calculator", ToolStage.DISCOVERED, null, at("2021-06-02")));
        e.add(Events.groupTool("alpha", "g1", "wellbeing-workshop", ToolStage.STARTED, at("2021-06-05")));
        e.add(withRating(Events.groupTool("alpha", "g1", "wellbeing-workshop", ToolStage.COMPLETED, at("2021-06-05", 3)), 5));
        // tools in the previous period, and after
        e.add(tool("alpha", "a2", "choices-guide", ToolStage.STARTED, null, at("2021-03-01")));
        e.add(tool("alpha", "a2", "choices-guide", ToolStage.COMPLETED, 2, at("2021-03-05")));
        e.add(tool("alpha", "a1", "action-plan", ToolStage.STARTED, null, at("2021-07-10")));

        // well-being
        e.add(Events.criteria("alpha", "g1", 10, at("2021-05-15"),
                criterion("A", SpiralQuestion.WELLBEING, 3), criterion("A", SpiralQuestion.ILLBEING, 2),
                criterion("D", SpiralQuestion.ACTION, 4)));
        e.add(Events.scores("beta", "g2", 8, at("2021-06-20"), Map.of("A", 4, "B", 2)));
        e.add(Events.scores("alpha", "g1", 9, at("2021-06-25"), Map.of("A", 3)));
        e.add(Events.criteria("alpha", "g1", 12, at("2021-02-10"), criterion("A", SpiralQuestion.WELLBEING, 1)));
        e.add(Events.scores("beta", "g2", 11, at("2021-07-15"), Map.of("A", 1)));

        // footprint
        e.add(Events.footprint("alpha", "a1", 1.5, FootprintBreakdown.newBuilder().setFood(0.5).setHousing(0.5)
                .setMobility(0.2).setGoods(0.2).setPublicServices(0.1).build(), at("2021-05-02")));
        e.add(Events.footprint("alpha", "a4", 2.0, at("2021-05-03")));     // exactly 2 t: not under
        e.add(Events.footprint("beta", "b1", 6.5, at("2021-06-01")));
        e.add(Events.footprint("alpha", "a2", 8.0, at("2021-03-03")));     // previous period
        e.add(Events.footprint("alpha", "a5", 1.0, at("2021-07-20")));     // after
        return e;
    }

    private static SpecificRecord withRating(org.together.events.ToolUsed use, int rating) {
        use.setRating(rating);
        return use;
    }

    static Snapshot compute(List<SpecificRecord> events) {
        return SnapshotCalculator.compute(FROM, TO, Optional.empty(), events, reference(), GENERATED);
    }

    @Test
    void aPeriodOfWholeMonthsIsComparedWithAsManyMonthsBeforeAndAnyOtherWithAsManyDays() {
        assertThat(compute(scenario()).scope().previousFrom()).isEqualTo("2021-01-10"); // 10 Apr - 10 Jul: 3 months
        assertThat(SnapshotCalculator.previousFrom(LocalDate.parse("2026-07-01"), LocalDate.parse("2026-10-01")))
                .isEqualTo("2026-04-01"); // Q3 against Q2, though Q3 has 92 days and Q2 91
        assertThat(SnapshotCalculator.previousFrom(LocalDate.parse("2024-03-01"), LocalDate.parse("2024-04-01")))
                .isEqualTo("2024-02-01"); // March against February
        assertThat(SnapshotCalculator.previousFrom(LocalDate.parse("2021-04-10"), LocalDate.parse("2021-04-24")))
                .isEqualTo("2021-03-27"); // two weeks against two weeks
        // 31 March to 30 April is a month, but a month before 31 March is no 31st: the same 30 days before
        assertThat(SnapshotCalculator.previousFrom(LocalDate.parse("2021-03-31"), LocalDate.parse("2021-04-30")))
                .isEqualTo("2021-03-01");
        assertThat(SnapshotCalculator.previousFrom(LocalDate.parse("2021-04-10"), LocalDate.parse("2021-07-11")))
                .isEqualTo("2021-01-08"); // a day more than three months: 92 days
    }

    @Test
    void participantFiguresFollowEventTimeAcrossJoinsLeavesAndRejoins() {
        Snapshot.Headline h = compute(scenario()).headline();
        assertThat(h.participantsActive()).isEqualTo(Count.of(9, 4));   // a1 a3 a4 a5 a8 a9 b1 b2 c1 / a1 a2 a9 c1
        assertThat(h.participantsEver()).isEqualTo(Count.of(11, 5));
        assertThat(h.newParticipants()).isEqualTo(Count.of(6, 4));      // a4 a5 a7 a8 b1 b2 / a1 a2 a3 c1
        assertThat(h.growthRate().value()).isCloseTo(1.25, within(1e-12));   // 9 / 4 - 1
        assertThat(h.growthRate().previous()).isCloseTo(3.0, within(1e-12)); // 4 / 1 - 1
    }

    @Test
    void territoriesAreActiveFor90DaysAndNewInThePeriodOfTheirFirstEvent() {
        Snapshot s = compute(scenario());
        Snapshot.Headline h = s.headline();
        assertThat(h.territoriesActive()).isEqualTo(Count.of(2, 2));  // alpha beta / alpha gamma
        assertThat(h.newTerritories()).isEqualTo(Count.of(1, 1));     // beta / gamma
        // registered territories with an event before: FR BE / FR (gamma unregistered, delta only after)
        assertThat(h.countries()).isEqualTo(Count.of(2, 1));
        assertThat(s.newcomers().newTerritories()).singleElement().satisfies(t -> {
            assertThat(t.territoryId()).isEqualTo("beta");
            assertThat(t.firstEvent()).isEqualTo(LocalDate.parse("2021-05-20"));
            assertThat(t.participantsActive()).isEqualTo(2);
            assertThat(t.countryCode()).isEqualTo("BE");
        });
    }

    @Test
    void newParticipantsAreListedByTerritoryAndFastestGrowingRankedByNetChange() {
        Snapshot s = compute(scenario());
        assertThat(s.newcomers().byTerritory()).containsExactly(
                new TerritoryRow("alpha", "Alpha", "FR", 4, 3, 6, 8, 1.0, false),
                new TerritoryRow("beta", "Beta", "BE", 2, 0, 2, 2, null, true));
        assertThat(s.fastestGrowing()).extracting(TerritoryRow::territoryId).containsExactly("alpha", "beta");
        assertThat(s.newcomers().byRole()).containsExactly(Map.entry("citizen", 6L));
        assertThat(s.newcomers().byChannel()).containsExactly(Map.entry("workshop", 6L));
    }

    /**
     * Review 13: the table lists territories with new participants, so its ends did not add up to the headline's
     * active participants, with no word of the others. The report says how many it leaves out and, internally, how many
     * participants they hold at the end; publicly only how many (their sum beside hidden ends would give those).
     */
    @Test
    void theTerritoriesLeftOutOfTheNewcomersTableAreCountedSoItAddsUpToTheHeadline() {
        Snapshot internal = compute(scenario());
        Snapshot.Newcomers n = internal.newcomers();
        assertThat(n.territoriesNotListed()).as("gamma: c1, no one new").isEqualTo(1);
        assertThat(n.activeAtEndNotListed()).isEqualTo(1L);
        assertThat(n.byTerritory().stream().mapToLong(TerritoryRow::activeAtEnd).sum() + n.activeAtEndNotListed())
                .isEqualTo(internal.headline().participantsActive().value());
        assertThat(HtmlReport.render(internal, java.util.Locale.ENGLISH))
                .contains("Not listed: 1 other territory taking part, with no new participant in the period; 1 participant active at its end.");
        assertThat(HtmlReport.render(internal, java.util.Locale.FRENCH))
                .contains("Non listé\u202f: 1 autre territoire participant, sans nouveau participant sur la période\u202f; 1 participant actif à sa fin.");

        Snapshot pub = SnapshotCalculator.compute(FROM, TO, Optional.empty(), scenario(), reference(), GENERATED,
                org.together.figures.disclosure.Audience.PUBLIC, new org.together.figures.disclosure.DisclosureRule(5));
        // publicly gamma's zero is hidden with its other figures (the partner of small ones), so it is listed, "< 5"
        assertThat(pub.newcomers().byTerritory()).extracting(TerritoryRow::territoryId).contains("gamma");
        assertThat(pub.newcomers().territoriesNotListed()).isZero();
        assertThat(pub.newcomers().activeAtEndNotListed()).isNull();
        assertThat(HtmlReport.render(pub, java.util.Locale.ENGLISH)).doesNotContain("Not listed");
    }

    @Test
    void toolUptakeCountsEachParticipantOrGroupOncePerStage() {
        Snapshot s = compute(scenario());
        ToolRow guide = toolRow(s, "choices-guide");
        assertThat(guide.current()).isEqualTo(new ToolFigures(0, 2, 1, 2, 0.5, 2 / 9.0, 4.0, 1));
        assertThat(guide.previous()).isEqualTo(new ToolFigures(0, 1, 1, 1, 1.0, 1 / 4.0, 2.0, 1));
        assertThat(toolRow(s, "wellbeing-workshop").current()).isEqualTo(new ToolFigures(0, 1, 1, 1, 1.0, 1 / 9.0, 5.0, 1));
        assertThat(toolRow(s, "footprint-calculator").current()).isEqualTo(new ToolFigures(1, 0, 0, 0, null, 0.0, null, 0));
        // catalogue tools are listed even when unused; the start after the period does not count
        assertThat(toolRow(s, "action-plan").current()).isEqualTo(new ToolFigures(0, 0, 0, 0, null, 0.0, null, 0));
        assertThat(s.tools().total()).isEqualTo(new ToolFigures(1, 3, 2, 3, 2 / 3.0, 3 / 9.0, 4.5, 2));
        assertThat(s.headline().toolAdopters()).isEqualTo(Count.of(3, 1));
        assertThat(s.headline().toolCompletionRate().value()).isCloseTo(2 / 3.0, within(1e-12));
    }

    @Test
    void wellbeingResultsByDimensionCountCriteriaAndAverageScores() {
        Snapshot s = compute(scenario());
        Snapshot.WellbeingFigures w = s.wellbeing().current();
        assertThat(w.evaluations()).isEqualTo(3);
        assertThat(w.groups()).isEqualTo(2);
        assertThat(w.citizens()).isEqualTo(27);
        assertThat(w.dimensions()).extracting(DimensionRow::dimension).containsExactly("A", "B", "C", "D", "E", "F", "G", "H", "I");
        assertThat(w.dimensions().get(0)).isEqualTo(new DimensionRow("A", Map.of(), 3, 2, 0, 3.5, 2));
        assertThat(w.dimensions().get(1)).isEqualTo(new DimensionRow("B", Map.of(), 0, 0, 0, 2.0, 1));
        assertThat(w.dimensions().get(3)).isEqualTo(new DimensionRow("D", Map.of(), 0, 0, 4, null, 0));
        assertThat(s.wellbeing().previous().evaluations()).isEqualTo(1);
        assertThat(s.headline().evaluations()).isEqualTo(Count.of(4, 1));
        assertThat(s.headline().citizens()).isEqualTo(Count.of(39, 12));
    }

    @Test
    void footprintIsMeasuredAgainstTheTwoTonneTargetStrictly() {
        Snapshot s = compute(scenario());
        Snapshot.FootprintFigures f = s.footprint().current();
        assertThat(f.assessments()).isEqualTo(3);
        assertThat(f.meanTonnes()).isCloseTo(10 / 3.0, within(1e-12));
        assertThat(f.shareUnder2t()).isCloseTo(1 / 3.0, within(1e-12));   // 2.0 is not under 2 t
        assertThat(f.distribution()).extracting(Snapshot.Bucket::assessments).containsExactly(0L, 1L, 1L, 0L, 1L, 0L, 0L);
        assertThat(f.meanBreakdown().food()).isEqualTo(0.5);
        assertThat(s.footprint().previous().meanTonnes()).isEqualTo(8.0);
        assertThat(s.headline().footprintAssessments()).isEqualTo(Count.of(4, 1));
        assertThat(s.headline().footprintMeanTonnes().value()).isCloseTo(4.5, within(1e-12));
        assertThat(s.headline().footprintShareUnder2t().value()).isCloseTo(0.25, within(1e-12));
        assertThat(s.headline().footprintShareUnder2t().previous()).isEqualTo(0.0);
    }

    @Test
    void weeklySeriesCoversThePeriodInIsoWeeksCutAtItsBounds() {
        Snapshot s = compute(scenario());
        assertThat(s.weeks()).hasSize(14);
        assertThat(s.weeks().get(0).period()).isEqualTo("2021-W14");
        assertThat(s.weeks().get(0).start()).isEqualTo(FROM);
        assertThat(s.weeks().get(0).end()).isEqualTo(LocalDate.parse("2021-04-12"));
        assertThat(s.weeks().get(13).period()).isEqualTo("2021-W27");
        assertThat(s.weeks().get(13).end()).isEqualTo(TO);
        assertThat(s.weeks().get(13).activeAtEnd()).isEqualTo(9);
        assertThat(s.weeks().get(13).everAtEnd()).isEqualTo(11);
        assertThat(s.weeks().stream().mapToLong(Snapshot.WeekPoint::newParticipants).sum()).isEqualTo(6);
        assertThat(s.weeks().stream().mapToLong(Snapshot.WeekPoint::leftParticipants).sum()).isEqualTo(2); // a2 a7
    }

    @Test
    void duplicatesAndLaterEventsAreReportedInProvenanceNotCounted() {
        Snapshot.Provenance p = compute(scenario()).provenance();
        assertThat(p.recordsRead()).isEqualTo(scenario().size());
        assertThat(p.duplicatesSkipped()).isEqualTo(1);
        // a5's leave at the end, a6, d1, the action-plan start, beta's evaluation, a5's footprint
        assertThat(p.eventsAfterPeriod()).isEqualTo(6);
        assertThat(p.eventsCounted()).isEqualTo(scenario().size() - 1 - 6);
    }

    @Test
    void aTerritorySnapshotCountsOnlyThatTerritory() {
        Snapshot s = SnapshotCalculator.compute(FROM, TO, Optional.of("beta"), scenario(), reference(), GENERATED);
        assertThat(s.scope().territoryName()).isEqualTo("Beta");
        assertThat(s.headline().participantsActive()).isEqualTo(Count.of(2, 0));
        assertThat(s.headline().newTerritories()).isEqualTo(Count.of(1, 0));
        assertThat(s.wellbeing().current().evaluations()).isEqualTo(1);
        assertThat(s.footprint().current().assessments()).isEqualTo(1);
    }

    @Test
    void anUnknownTerritoryIsRejected() {
        assertThatThrownBy(() -> SnapshotCalculator.compute(FROM, TO, Optional.of("nowhere"), scenario(), reference(), GENERATED))
                .isInstanceOf(UnknownTerritoryException.class).hasMessageContaining("nowhere");
        // registered but without events is known: an empty snapshot, not an error
        assertThat(SnapshotCalculator.compute(FROM, TO, Optional.of("delta"), scenario(), reference(), GENERATED)
                .headline().participantsActive()).isEqualTo(Count.of(0, 0));
    }

    @Test
    void fromMustBeBeforeTo() {
        assertThatThrownBy(() -> SnapshotCalculator.compute(TO, FROM, Optional.empty(), scenario(), reference(), GENERATED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before");
        assertThatThrownBy(() -> SnapshotCalculator.compute(FROM, FROM, Optional.empty(), scenario(), reference(), GENERATED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSamePastPeriodGivesIdenticalFiguresInAnyReadOrderAndAfterLaterEvents() {
        List<SpecificRecord> events = scenario();
        Snapshot first = compute(events);
        assertThat(compute(events)).isEqualTo(first);

        List<SpecificRecord> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(7));
        assertThat(compute(shuffled)).isEqualTo(first);

        // A year of later events: leaves of active participants, new territories, tools, resends of old events.
        List<SpecificRecord> grown = new ArrayList<>(events);
        grown.add(left("alpha", "a1", at("2021-07-10", 1)));
        grown.add(left("beta", "b1", at("2021-09-01")));
        grown.add(joined("epsilon", "e1", at("2021-10-01")));
        grown.add(tool("alpha", "a4", "choices-guide", ToolStage.COMPLETED, 1, at("2021-08-01")));
        grown.add(Events.footprint("beta", "b2", 0.5, at("2022-01-01")));
        grown.add(Events.scores("alpha", "g1", 12, at("2022-02-01"), Map.of("A", 5)));
        grown.add(SampleNetwork.resend(events.get(0)));
        Snapshot later = compute(grown);
        assertThat(withoutProvenance(later)).isEqualTo(withoutProvenance(first));
        assertThat(later.provenance().eventsAfterPeriod()).isEqualTo(first.provenance().eventsAfterPeriod() + 6);
    }

    @Test
    void figuresMatchAnIndependentCountOnAGeneratedNetwork() {
        SampleNetwork network = new SampleNetwork(20210710L, LocalDate.parse("2021-10-01"));
        Snapshot s = SnapshotCalculator.compute(FROM, TO, Optional.empty(), network.events, network.reference, GENERATED);
        Oracle o = new Oracle(network.events, FROM, TO);
        Snapshot.Headline h = s.headline();

        assertThat(h.participantsActive()).isEqualTo(Count.of(o.active(TO), o.active(FROM)));
        assertThat(h.participantsEver()).isEqualTo(Count.of(o.ever(TO), o.ever(FROM)));
        assertThat(h.newParticipants()).isEqualTo(Count.of(o.ever(TO) - o.ever(FROM), o.ever(FROM) - o.ever(o.previousFrom)));
        assertThat(h.territoriesActive()).isEqualTo(Count.of(o.territoriesActive(TO), o.territoriesActive(FROM)));
        assertThat(h.newTerritories().value()).isEqualTo(o.newTerritories(FROM, TO));
        assertThat(h.countries()).isEqualTo(Count.of(o.countries(TO, network.reference), o.countries(FROM, network.reference)));
        assertThat(h.evaluations().value()).isEqualTo(o.evaluationsBefore(TO));
        assertThat(h.citizens().value()).isEqualTo(o.citizensBefore(TO));
        assertThat(h.footprintAssessments().value()).isEqualTo(o.footprintsBefore(TO).size());
        assertThat(h.footprintMeanTonnes().value()).isCloseTo(o.mean(o.footprintsBefore(TO)), within(1e-9));
        assertThat(h.footprintShareUnder2t().value()).isCloseTo(o.shareUnder2(o.footprintsBefore(TO)), within(1e-12));
        for (String toolId : SampleNetwork.TOOLS) {
            ToolFigures f = toolRow(s, toolId).current();
            assertThat(f.starts()).as(toolId + " starts").isEqualTo(o.stage(toolId, ToolStage.STARTED, FROM, TO));
            assertThat(f.completions()).as(toolId + " completions").isEqualTo(o.stage(toolId, ToolStage.COMPLETED, FROM, TO));
            assertThat(f.discovered()).as(toolId + " discovered").isEqualTo(o.stage(toolId, ToolStage.DISCOVERED, FROM, TO));
            assertThat(f.adopters()).as(toolId + " adopters").isEqualTo(o.adopters(toolId, FROM, TO));
        }
        for (TerritoryRow row : s.newcomers().byTerritory()) {
            assertThat(row.newParticipants()).as(row.territoryId()).isEqualTo(o.newIn(row.territoryId(), FROM, TO));
        }
        // the dataset exercises what it should
        assertThat(s.provenance().duplicatesSkipped()).isPositive();
        assertThat(s.newcomers().newTerritories()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(h.participantsActive().value()).isLessThan(h.participantsEver().value());
    }

    static ToolRow toolRow(Snapshot s, String id) {
        return s.tools().byTool().stream().filter(t -> t.toolId().equals(id)).findFirst().orElseThrow();
    }

    static Snapshot withoutProvenance(Snapshot s) {
        return new Snapshot(s.scope(), s.headline(), s.newcomers(), s.fastestGrowing(), s.tools(), s.wellbeing(),
                s.footprint(), s.weeks(), null, s.meeting());
    }
}
