package org.together.aggregation.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.together.aggregation.query.AsOf;
import org.together.aggregation.query.FigureQueries;
import org.together.aggregation.query.GrowthPoint;
import org.together.aggregation.query.Summary;
import org.together.aggregation.query.TerritoryHeadline;
import org.together.aggregation.query.ToolsReport;
import org.together.events.EventEnvelope;
import org.together.events.ToolStage;
import org.together.figures.Figures;
import org.together.figures.Period;
import org.together.figures.PeriodFigures;
import org.together.figures.TerritoryEntity;
import org.together.figures.ToolCounts;
import org.together.figures.Window;
import org.together.figures.WindowActivity;
import org.together.reports.replay.ReplayedFigures;
import org.together.reports.replay.ReportPass;
import org.together.reports.snapshot.Oracle;
import org.together.reports.snapshot.Snapshot;
import org.together.reports.snapshot.SnapshotCalculator;

/**
 * The live figures and the report's figures are the same numbers, for random logs and random periods: the live
 * topology (driven event by event in a TopologyTestDriver, read through the query layer and its stores) and the
 * quarterly snapshot (a pass over the same log, partition by partition) count by the same rules. The independent
 * {@link Oracle}, which shares no code with either, is the third opinion.
 *
 * <p>{@value #DEFAULT_SEEDS} logs by default; {@code -Dfigures.seeds=N} tries more, {@code -Dfigures.seed=S} one.
 * A failure names its seed and period.
 */
class LiveAndReportFiguresTest {

    private static final int DEFAULT_SEEDS = 6;
    private static final Instant GENERATED = Instant.parse("2022-07-01T08:00:00Z");
    /** The day the series are asked on: after every event of the logs, so no period is still to come. */
    private static final LocalDate TODAY = LocalDate.parse("2026-12-06");

    static Stream<Long> seeds() {
        String one = System.getProperty("figures.seed");
        if (one != null) {
            return Stream.of(Long.parseLong(one));
        }
        int n = Integer.getInteger("figures.seeds", DEFAULT_SEEDS);
        return LongStream.range(0, n).map(i -> 20210710L + 7919 * i).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theLiveFiguresAndTheReportsAreTheSameNumbers(long seed) {
        RandomLog log = new RandomLog(seed);
        try (TopologyHarness live = new TopologyHarness()) {
            log.reference.territories().values().forEach(live::register);
            live.checkRegistrations();
            // as ingest writes them: keyed by territory, read in batches between two forwards to the network
            for (int i = 0; i < log.events.size(); i += 25) {
                live.send(log.events.subList(i, Math.min(i + 25, log.events.size())).toArray(SpecificRecord[]::new));
            }
            live.checkRegistrations();

            Random random = new Random(seed);
            SoftAssertions softly = new SoftAssertions();
            for (Window period : periods(random)) {
                String where = "seed " + seed + ", " + period.from() + " to " + period.to();
                Snapshot report = SnapshotCalculator.compute(period.from(), period.to(), Optional.empty(), log.events,
                        log.reference, GENERATED);
                ReplayedFigures replayed = ReportPass.over(period, Optional.empty(), log.events);
                new Comparison(softly, where, live, log, period, report, replayed).all();

                String territory = log.territories.get(random.nextInt(log.territories.size()));
                Snapshot one = SnapshotCalculator.compute(period.from(), period.to(), Optional.of(territory), log.events,
                        log.reference, GENERATED);
                territoryAgrees(softly, where + ", " + territory, live.queries(), territory, period, one);
            }
            softly.assertAll();
        }
    }

    /** A calendar quarter, a month, and a span of 1 to 130 days from any day. */
    private static List<Window> periods(Random random) {
        LocalDate day = RandomLog.FIRST_DAY.plusDays(120 + random.nextInt(700));
        LocalDate quarter = Period.QUARTER.start(day);
        LocalDate month = Period.MONTH.start(RandomLog.FIRST_DAY.plusDays(120 + random.nextInt(700)));
        LocalDate any = RandomLog.FIRST_DAY.plusDays(120 + random.nextInt(700));
        return List.of(new Window(quarter, Period.QUARTER.next(quarter)), new Window(month, Period.MONTH.next(month)),
                new Window(any, any.plusDays(1 + random.nextInt(130))));
    }

    private static void territoryAgrees(SoftAssertions softly, String where, FigureQueries live, String territory, Window period,
                                        Snapshot report) {
        Summary atEnd = live.territorySummary(territory, AsOf.endOf(period.lastDay())).orElseThrow();
        Summary atStart = live.territorySummary(territory, AsOf.endOf(period.from().minusDays(1))).orElseThrow();
        Snapshot.Headline h = report.headline();
        softly.assertThat(h.participantsActive()).as(where + ": active").isEqualTo(Snapshot.Count.of(atEnd.participantsActive(),
                atStart.participantsActive()));
        softly.assertThat(h.participantsEver().value()).as(where + ": ever").isEqualTo(atEnd.participantsEver());
        softly.assertThat(h.territoriesActive()).as(where + ": active territory").isEqualTo(Snapshot.Count.of(atEnd.territoriesActive(),
                atStart.territoriesActive()));
        softly.assertThat(h.countries().value()).as(where + ": country").isEqualTo(atEnd.countries());
        softly.assertThat(h.evaluations().value()).as(where + ": evaluations").isEqualTo(atEnd.wellbeing().evaluations());
        softly.assertThat(h.footprintAssessments().value()).as(where + ": assessments").isEqualTo(atEnd.footprint().assessments());
        long newInPeriod = live.territoryGrowth(territory, Period.DAY, period.from(), period.to(), TODAY).orElseThrow().stream()
                .mapToLong(GrowthPoint::newParticipants).sum();
        softly.assertThat(h.newParticipants().value()).as(where + ": new").isEqualTo(newInPeriod);
    }

    /** Every figure of one network report against the live topology, and the independent oracle. */
    private record Comparison(SoftAssertions softly, String where, TopologyHarness harness, RandomLog log, Window period,
                              Snapshot report, ReplayedFigures replayed) {

        private FigureQueries live() {
            return harness.queries();
        }

        void all() {
            headline();
            series();
            territories();
            toolUptake();
            wellbeingAndFootprint();
            oracle();
        }

        private Summary summaryAt(LocalDate day) {
            return live().networkSummary(AsOf.endOf(day));
        }

        /** The live network's days in a window, summed. */
        private Figures liveSum(Window window) {
            Figures sum = new Figures();
            ReadOnlyKeyValueStore<String, Figures> days = harness.store(AggregationTopology.NETWORK_DAY_FIGURES);
            try (KeyValueIterator<String, Figures> it = days.range(window.from().toString(), window.lastDay().toString())) {
                it.forEachRemaining(kv -> sum.add(kv.value));
            }
            return sum;
        }

        void headline() {
            Window previous = period.previous();
            Summary end = summaryAt(period.lastDay());
            Summary start = summaryAt(period.from().minusDays(1));
            Snapshot.Headline h = report.headline();
            softly.assertThat(h.participantsActive()).as(where + ": active")
                    .isEqualTo(Snapshot.Count.of(end.participantsActive(), start.participantsActive()));
            softly.assertThat(h.participantsEver()).as(where + ": ever")
                    .isEqualTo(Snapshot.Count.of(end.participantsEver(), start.participantsEver()));
            softly.assertThat(h.newParticipants()).as(where + ": new")
                    .isEqualTo(Snapshot.Count.of(liveSum(period).newParticipants(), liveSum(previous).newParticipants()));
            softly.assertThat(h.territoriesActive()).as(where + ": territories active")
                    .isEqualTo(Snapshot.Count.of(end.territoriesActive(), start.territoriesActive()));
            softly.assertThat(h.countries()).as(where + ": countries").isEqualTo(Snapshot.Count.of(end.countries(), start.countries()));
            softly.assertThat(h.evaluations()).as(where + ": evaluations")
                    .isEqualTo(Snapshot.Count.of(end.wellbeing().evaluations(), start.wellbeing().evaluations()));
            softly.assertThat(h.citizens()).as(where + ": citizens")
                    .isEqualTo(Snapshot.Count.of(end.wellbeing().citizens(), start.wellbeing().citizens()));
            softly.assertThat(h.footprintAssessments()).as(where + ": assessments")
                    .isEqualTo(Snapshot.Count.of(end.footprint().assessments(), start.footprint().assessments()));
            softly.assertThat(h.footprintMeanTonnes().value()).as(where + ": mean footprint").isEqualTo(end.footprint().meanTonnes());
            softly.assertThat(h.footprintShareUnder2t().value()).as(where + ": share under 2 t").isEqualTo(end.footprint().shareUnder2t());
            // new territories: the live ranked list's first event days
            List<TerritoryHeadline> ranked = live().territories(AsOf.endOf(period.lastDay()));
            long newTerritories = ranked.stream().filter(t -> t.firstEventDay() != null && period.contains(t.firstEventDay())).count();
            softly.assertThat(h.newTerritories().value()).as(where + ": new territories").isEqualTo(newTerritories);
            // uptake to date: the live tools as of the end, from the report's days
            Map<String, ToolCounts> reportTools = replayed.network().upTo(period.lastDay()).tools();
            for (ToolsReport.ToolFunnel tool : live().networkTools(AsOf.endOf(period.lastDay())).tools()) {
                ToolCounts c = reportTools.getOrDefault(tool.toolId(), ToolCounts.NONE);
                softly.assertThat(List.of(c.discovered(), c.starts(), c.completions(), c.adopters(), c.ratings()))
                        .as(where + ": uptake to date of " + tool.toolId())
                        .isEqualTo(List.of(tool.discovered(), tool.starts(), tool.completions(), tool.adopters(), tool.ratings()));
            }
            softly.assertThat(reportTools.keySet()).as(where + ": tools to date")
                    .containsExactlyInAnyOrderElementsOf(live().networkTools(AsOf.endOf(period.lastDay())).tools().stream()
                            .map(ToolsReport.ToolFunnel::toolId).toList());
        }

        /** The report's weeks, and day, week, month and quarter series over both periods, against the live series. */
        void series() {
            for (Snapshot.WeekPoint week : report.weeks()) {
                Window days = new Window(week.start(), week.end());
                Figures sum = liveSum(days);
                Summary atEnd = summaryAt(week.end().minusDays(1));
                softly.assertThat(List.of(week.newParticipants(), week.leftParticipants(), week.activeAtEnd(), week.everAtEnd()))
                        .as(where + ": week " + week.period())
                        .isEqualTo(List.of(sum.newParticipants(), sum.deactivations(), atEnd.participantsActive(), atEnd.participantsEver()));
            }
            LocalDate from = period.previous().from();
            for (Period p : Period.values()) {
                List<GrowthPoint> liveSeries = live().networkGrowth(p, from, period.to(), TODAY);
                List<GrowthPoint> reportSeries = PeriodFigures.series(replayed.network(), p, from, period.to()).stream()
                        .map(x -> new GrowthPoint(x.period(), x.start(), x.newParticipants(), x.returningParticipants(),
                                x.leftParticipants(), x.activeAtEnd()))
                        .toList();
                softly.assertThat(reportSeries).as(where + ": " + p.wireName() + " series").isEqualTo(liveSeries);
            }
        }

        /** Each territory's row against its live summary; newcomers by role and channel against the live days. */
        void territories() {
            for (Snapshot.TerritoryRow row : report.newcomers().byTerritory()) {
                String t = row.territoryId();
                Summary end = live().territorySummary(t, AsOf.endOf(period.lastDay())).orElseThrow();
                Summary start = live().territorySummary(t, AsOf.endOf(period.from().minusDays(1))).orElseThrow();
                long newInPeriod = live().territoryGrowth(t, Period.DAY, period.from(), period.to(), TODAY).orElseThrow().stream()
                        .mapToLong(GrowthPoint::newParticipants).sum();
                softly.assertThat(List.of(row.newParticipants(), row.activeAtStart(), row.activeAtEnd(), row.everAtEnd()))
                        .as(where + ": row of " + t)
                        .isEqualTo(List.of(newInPeriod, start.participantsActive(), end.participantsActive(), end.participantsEver()));
            }
            Figures sum = liveSum(period);
            softly.assertThat(report.newcomers().byRole()).as(where + ": newcomers by role").isEqualTo(new TreeMap<>(sum.newByRole()));
            softly.assertThat(report.newcomers().byChannel()).as(where + ": newcomers by channel")
                    .isEqualTo(new TreeMap<>(sum.newByChannel()));
        }

        /** Tool uptake in the period: the live entities asked the same question, the live days' ratings. */
        void toolUptake() {
            WindowActivity liveActivity = liveActivity(period);
            Figures sum = liveSum(period);
            long activeEnd = summaryAt(period.lastDay()).participantsActive();
            for (Snapshot.ToolRow row : report.tools().byTool()) {
                ToolCounts users = liveActivity.tools().getOrDefault(row.toolId(), ToolCounts.NONE);
                ToolCounts ratings = sum.tool(row.toolId());
                Snapshot.ToolFigures expected = new Snapshot.ToolFigures(users.discovered(), users.starts(), users.completions(),
                        users.adopters(), users.completionRate(), users.uptakeRate(activeEnd), ratings.meanRating(), ratings.ratings());
                softly.assertThat(row.current()).as(where + ": uptake in the period of " + row.toolId()).isEqualTo(expected);
            }
            softly.assertThat(report.headline().toolAdopters().value()).as(where + ": adopters of any tool")
                    .isEqualTo(liveActivity.adopters());
        }

        private WindowActivity liveActivity(Window window) {
            WindowActivity activity = new WindowActivity(window);
            ReadOnlyKeyValueStore<String, TerritoryEntity> entities = harness.store(AggregationTopology.TERRITORY_ENTITIES);
            try (KeyValueIterator<String, TerritoryEntity> it = entities.all()) {
                it.forEachRemaining(kv -> activity.add(kv.key, kv.value));
            }
            return activity;
        }

        void wellbeingAndFootprint() {
            Figures sum = liveSum(period);
            Snapshot.WellbeingFigures w = report.wellbeing().current();
            softly.assertThat(List.of(w.evaluations(), w.groups(), w.citizens())).as(where + ": well-being in the period")
                    .isEqualTo(List.of(sum.evaluations(), liveActivity(period).groups(), sum.citizens()));
            for (Snapshot.DimensionRow d : w.dimensions()) {
                var c = sum.dimension(d.dimension());
                softly.assertThat(List.of(d.wellbeing(), d.illbeing(), d.action(), d.scores()))
                        .as(where + ": dimension " + d.dimension()).isEqualTo(List.of(c.wellbeing(), c.illbeing(), c.action(), c.scores()));
                softly.assertThat(d.meanScore()).as(where + ": mean score " + d.dimension()).isEqualTo(c.meanScore());
            }
            Snapshot.FootprintFigures f = report.footprint().current();
            softly.assertThat(f.assessments()).as(where + ": assessments in the period").isEqualTo(sum.assessments());
            softly.assertThat(f.meanTonnes()).as(where + ": mean in the period").isEqualTo(sum.meanTonnes());
            softly.assertThat(f.shareUnder2t()).as(where + ": share in the period").isEqualTo(sum.shareUnder2t());
            softly.assertThat(f.distribution().stream().mapToLong(Snapshot.Bucket::assessments).toArray())
                    .as(where + ": distribution").isEqualTo(sum.footprintBands());
            softly.assertThat(f.meanBreakdown().food()).as(where + ": food").isEqualTo(sum.meanTonnes("food"));
            softly.assertThat(f.meanBreakdown().housing()).as(where + ": housing").isEqualTo(sum.meanTonnes("housing"));
        }

        /** The third opinion, counted the plain way from the deduplicated events. */
        void oracle() {
            Oracle o = new Oracle(log.events, period.from(), period.to());
            Snapshot.Headline h = report.headline();
            LocalDate from = period.from();
            LocalDate to = period.to();
            softly.assertThat(h.participantsActive()).as(where + ": oracle active").isEqualTo(Snapshot.Count.of(o.active(to), o.active(from)));
            softly.assertThat(h.participantsEver()).as(where + ": oracle ever").isEqualTo(Snapshot.Count.of(o.ever(to), o.ever(from)));
            softly.assertThat(h.territoriesActive()).as(where + ": oracle territories active")
                    .isEqualTo(Snapshot.Count.of(o.territoriesActive(to), o.territoriesActive(from)));
            softly.assertThat(h.newTerritories().value()).as(where + ": oracle new territories").isEqualTo(o.newTerritories(from, to));
            softly.assertThat(h.countries()).as(where + ": oracle countries")
                    .isEqualTo(Snapshot.Count.of(o.countries(to, log.reference), o.countries(from, log.reference)));
            softly.assertThat(h.evaluations().value()).as(where + ": oracle evaluations").isEqualTo(o.evaluationsBefore(to));
            softly.assertThat(h.citizens().value()).as(where + ": oracle citizens").isEqualTo(o.citizensBefore(to));
            List<Double> footprints = o.footprintsBefore(to);
            softly.assertThat(h.footprintAssessments().value()).as(where + ": oracle assessments").isEqualTo(footprints.size());
            if (!footprints.isEmpty()) {
                // the figures sum whole kilograms: within half a kilogram of the exact mean
                softly.assertThat(h.footprintMeanTonnes().value()).as(where + ": oracle mean").isCloseTo(o.mean(footprints), within(0.0005));
                softly.assertThat(h.footprintShareUnder2t().value()).as(where + ": oracle share").isCloseTo(o.shareUnder2(footprints), within(1e-12));
            }
            for (Snapshot.ToolRow row : report.tools().byTool()) {
                String tool = row.toolId();
                softly.assertThat(List.of(row.current().discovered(), row.current().starts(), row.current().completions(), row.current().adopters()))
                        .as(where + ": oracle uptake in the period of " + tool)
                        .isEqualTo(List.of(o.stage(tool, ToolStage.DISCOVERED, from, to), o.stage(tool, ToolStage.STARTED, from, to),
                                o.stage(tool, ToolStage.COMPLETED, from, to), o.adopters(tool, from, to)));
            }
            for (Snapshot.TerritoryRow row : report.newcomers().byTerritory()) {
                softly.assertThat(row.newParticipants()).as(where + ": oracle new in " + row.territoryId())
                        .isEqualTo(o.newIn(row.territoryId(), from, to));
            }
        }
    }

    /** The log exercises what it should: duplicates, late events, leaves before joins. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theRandomLogsHoldWhatTheyShould(long seed) {
        RandomLog log = new RandomLog(seed);
        List<String> ids = new ArrayList<>();
        long late = 0;
        for (SpecificRecord e : log.events) {
            EventEnvelope envelope = (EventEnvelope) e.get(0);
            ids.add(envelope.getEventId());
            if (envelope.getReceivedAt().isAfter(envelope.getOccurredAt().plus(java.time.Duration.ofDays(100)))) {
                late++;
            }
        }
        assertThat(ids.stream().distinct().count()).as("some events are written twice").isLessThan(ids.size());
        assertThat(late).as("some events arrive more than 100 days late").isPositive();
        assertThat(log.events).hasSizeGreaterThan(100);
    }
}
