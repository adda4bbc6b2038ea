package org.together.reports.snapshot;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.together.figures.DimensionCounts;
import org.together.figures.Figures;
import org.together.figures.Footprints;
import org.together.figures.Fractions;
import org.together.figures.PeriodFigures;
import org.together.figures.SpiralDimensions;
import org.together.figures.ToolCounts;
import org.together.figures.Window;
import org.together.figures.WindowActivity;
import org.together.figures.disclosure.Audience;
import org.together.figures.disclosure.DisclosureRule;
import org.together.reference.SpiralDimension;
import org.together.reference.Territory;
import org.together.reference.Tool;
import org.together.reports.replay.ReplayedFigures;
import org.together.reports.replay.ReportPass;
import org.together.reports.replay.TerritoryInPeriod;
import org.together.reports.snapshot.Snapshot.Breakdown;
import org.together.reports.snapshot.Snapshot.Bucket;
import org.together.reports.snapshot.Snapshot.Count;
import org.together.reports.snapshot.Snapshot.DimensionRow;
import org.together.reports.snapshot.Snapshot.FootprintFigures;
import org.together.reports.snapshot.Snapshot.NewTerritory;
import org.together.reports.snapshot.Snapshot.Ratio;
import org.together.reports.snapshot.Snapshot.TerritoryRow;
import org.together.reports.snapshot.Snapshot.ToolFigures;
import org.together.reports.snapshot.Snapshot.ToolRow;
import org.together.reports.snapshot.Snapshot.WeekPoint;
import org.together.reports.snapshot.Snapshot.WellbeingFigures;

/**
 * Makes a {@link Snapshot} from the figures a {@link ReportPass} kept: every number is the model's (the same rules
 * and arithmetic as the live figures), so the same events always give the same snapshot, whatever order they were
 * read in and whatever happened after the period.
 */
public final class SnapshotCalculator {

    private static final int FASTEST_GROWING = 10;

    private SnapshotCalculator() {
    }

    /** The first day of the period compared with (see {@link Window#previous}). */
    static LocalDate previousFrom(LocalDate from, LocalDate to) {
        return new Window(from, to).previous().from();
    }

    /**
     * The snapshot of decoded events held in memory (tests, small logs), read through the model as the log holds
     * them ({@link ReportPass#over}).
     *
     * @param from first day, inclusive (UTC)
     * @param to last day, exclusive (UTC); only events that occurred before it count
     * @param territoryId restricts every figure to one territory
     * @param records decoded event records of the five event types, in any order, duplicates allowed
     * @throws IllegalArgumentException when from is not before to, or a record is not an event
     * @throws UnknownTerritoryException when the territory is neither registered nor in any event
     */
    public static Snapshot compute(LocalDate from, LocalDate to, Optional<String> territoryId,
                                   Collection<? extends SpecificRecord> records, ReferenceData reference,
                                   Instant generatedAt) {
        return compute(from, to, territoryId, records, reference, generatedAt, Audience.INTERNAL, DisclosureRule.DEFAULT);
    }

    /** The same, for an audience. */
    public static Snapshot compute(LocalDate from, LocalDate to, Optional<String> territoryId,
                                   Collection<? extends SpecificRecord> records, ReferenceData reference,
                                   Instant generatedAt, Audience audience, DisclosureRule rule) {
        ReplayedFigures figures = ReportPass.over(new Window(from, to), territoryId, records, null,
                MeetingSection.territoriesWithTargets(territoryId, reference));
        requireKnown(figures, reference);
        return snapshot(figures, reference, generatedAt, 0, figures.latestReceivedAt(), audience, rule);
    }

    /** @throws UnknownTerritoryException a territory's report of one neither registered nor in any record of the log */
    static void requireKnown(ReplayedFigures figures, ReferenceData reference) {
        Optional<String> territory = figures.territory();
        if (territory.isPresent() && !reference.territories().containsKey(territory.get()) && !figures.territorySeen()) {
            throw new UnknownTerritoryException(territory.get());
        }
    }

    /**
     * @param undecodable records of the log no serde could read
     * @param receivedUpTo the moment up to which received events are counted
     */
    public static Snapshot snapshot(ReplayedFigures f, ReferenceData reference, Instant generatedAt, long undecodable,
                             Instant receivedUpTo) {
        return snapshot(f, reference, generatedAt, undecodable, receivedUpTo, Audience.INTERNAL, DisclosureRule.DEFAULT);
    }

    /**
     * The snapshot for an audience. A public one is the network's: its figures are network-wide and published, and its
     * territory table is decided by the rule as the live API decides its territories ({@link #publicRows}), each
     * column against the network's total.
     *
     * @throws IllegalArgumentException a public snapshot of one territory (all its figures are one territory's: it is
     *                                  made for the coordination team, with the internal audience)
     */
    public static Snapshot snapshot(ReplayedFigures f, ReferenceData reference, Instant generatedAt, long undecodable,
                             Instant receivedUpTo, Audience audience, DisclosureRule rule) {
        if (audience == Audience.PUBLIC && f.territory().isPresent()) {
            throw new IllegalArgumentException("a territory's report is internal (every figure in it is about one territory): "
                    + "make it with the internal audience, or make the network's report for the public");
        }
        Window period = f.period();
        Window previous = period.previous();
        LocalDate end = period.lastDay();
        LocalDate start = period.from().minusDays(1);
        LocalDate previousStart = previous.from().minusDays(1);
        Figures atEnd = f.network().upTo(end);
        Figures atStart = f.network().upTo(start);
        Figures atPreviousStart = f.network().upTo(previousStart);
        Figures inPeriod = f.in(period);
        Figures inPrevious = f.in(previous);
        long activeEnd = atEnd.activeChange();
        long activeStart = atStart.activeChange();

        ToolFigures toolsTotal = total(f.current(), inPeriod, activeEnd);
        ToolFigures toolsTotalPrevious = total(f.previous(), inPrevious, activeStart);
        Snapshot.Headline headline = new Snapshot.Headline(
                Count.of(activeEnd, activeStart),
                Count.of(atEnd.newParticipants(), atStart.newParticipants()),
                Count.of(inPeriod.newParticipants(), inPrevious.newParticipants()),
                Ratio.of(Fractions.growth(activeEnd, activeStart), Fractions.growth(activeStart, atPreviousStart.activeChange())),
                Count.of(count(f, t -> t.activity().activeOn(end)), count(f, t -> t.activity().activeOn(start))),
                Count.of(count(f, t -> t.newIn(period)), count(f, t -> t.newIn(previous))),
                Count.of(countries(f, period.to(), reference), countries(f, period.from(), reference)),
                Count.of(toolsTotal.adopters(), toolsTotalPrevious.adopters()),
                Ratio.of(toolsTotal.completionRate(), toolsTotalPrevious.completionRate()),
                Count.of(atEnd.evaluations(), atStart.evaluations()),
                Count.of(atEnd.citizens(), atStart.citizens()),
                Count.of(atEnd.assessments(), atStart.assessments()),
                Ratio.of(atEnd.meanTonnes(), atStart.meanTonnes()),
                Ratio.of(atEnd.shareUnder2t(), atStart.shareUnder2t()));

        List<TerritoryRow> exact = new ArrayList<>();
        f.territories().forEach((id, t) -> {
            if (t.tookPartBy(period.to())) {
                Territory registered = reference.territories().get(id);
                exact.add(new TerritoryRow(id, registered == null ? id : registered.getName(),
                        registered == null ? null : registered.getCountryCode(), t.newParticipants(), t.activeAtStart(),
                        t.activeAtEnd(), t.everAtEnd(), Fractions.growth(t.activeAtEnd(), t.activeAtStart()), t.newIn(period)));
            }
        });
        List<TerritoryRow> rows = audience == Audience.PUBLIC
                ? publicRows(exact, rule)
                : exact;
        // a suppressed number sorts after the published ones (its order would tell how small it is), by id
        Comparator<Long> publishedFirst = Comparator.nullsLast(Comparator.<Long>reverseOrder());
        // A territory left out of this table has no new participant: leaving one out publishes its zero. One whose
        // zero is hidden (with its family of participant figures) is listed, "< k" like a small one, or a small count
        // could be the network's total less the published ones.
        List<TerritoryRow> byTerritory = new ArrayList<>();
        long activeAtEndNotListed = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (exact.get(i).newParticipants() > 0 || exact.get(i).newInPeriod() || rows.get(i).newParticipants() == null) {
                byTerritory.add(rows.get(i));
            } else {
                activeAtEndNotListed += exact.get(i).activeAtEnd();
            }
        }
        byTerritory.sort(Comparator.comparing(TerritoryRow::newParticipants, publishedFirst).thenComparing(TerritoryRow::territoryId));
        // the fastest-growing among the territories whose active figures are published; a tie is broken by the new
        // participants, a hidden number after the published ones (as in the table above), then by id
        List<TerritoryRow> fastest = rows.stream()
                .filter(r -> r.activeAtEnd() != null && r.activeAtStart() != null && r.activeAtEnd() > r.activeAtStart())
                .sorted(Comparator.comparingLong((TerritoryRow r) -> r.activeAtEnd() - r.activeAtStart()).reversed()
                        .thenComparing(TerritoryRow::newParticipants, publishedFirst)
                        .thenComparing(TerritoryRow::territoryId))
                .limit(FASTEST_GROWING)
                .toList();
        boolean growingHidden = false;
        for (int i = 0; i < rows.size(); i++) {
            TerritoryRow r = rows.get(i);
            growingHidden |= exact.get(i).activeAtEnd() > exact.get(i).activeAtStart()
                    && (r.activeAtEnd() == null || r.activeAtStart() == null);
        }
        Map<String, TerritoryRow> published = new TreeMap<>();
        rows.forEach(r -> published.put(r.territoryId(), r));
        List<NewTerritory> newTerritories = new ArrayList<>();
        f.territories().forEach((id, t) -> {
            if (t.newIn(period)) {
                Territory registered = reference.territories().get(id);
                TerritoryRow row = published.get(id);
                Long activeAtEnd = row == null ? Long.valueOf(t.activeAtEnd()) : row.activeAtEnd();
                // A territory's first event day is one of its few people's join: hidden with its participant figures,
                // as the live API hides firstEventDay.
                boolean hidden = activeAtEnd == null;
                newTerritories.add(new NewTerritory(id, registered == null ? id : registered.getName(),
                        registered == null ? null : registered.getCountryCode(), registered == null ? null : registered.getKind(),
                        hidden ? null : t.activity().firstEventDay(), activeAtEnd,
                        hidden ? List.of("firstEvent", "participantsActive") : List.of(),
                        hidden ? rule.minPublishedCount() : null));
            }
        });
        // Hidden days last, by id: their place among the dated ones would narrow the day down.
        newTerritories.sort(Comparator.comparing(NewTerritory::firstEvent, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(NewTerritory::territoryId));
        // How many territories had new participants, beside hidden cells of that column, tells how many of those are
        // zeros (review 17, finding 4): hidden with them.
        boolean newHidden = rows.stream().anyMatch(r -> r.newParticipants() == null);
        Snapshot.Newcomers newcomers = new Snapshot.Newcomers(byTerritory, newTerritories,
                new TreeMap<>(inPeriod.newByRole()), new TreeMap<>(inPeriod.newByChannel()),
                newHidden ? null : exact.stream().filter(r -> r.newParticipants() > 0).count(), rows.size() - byTerritory.size(),
                audience == Audience.PUBLIC ? null : activeAtEndNotListed,
                newHidden ? List.of("territoriesWithNewParticipants") : List.of(), newHidden ? rule.minPublishedCount() : null);

        Snapshot.Tools tools = new Snapshot.Tools(toolsTotal, toolsTotalPrevious,
                toolRows(f, inPeriod, inPrevious, activeEnd, activeStart, reference));
        Snapshot.Wellbeing wellbeing = new Snapshot.Wellbeing(
                wellbeing(inPeriod, f.current().groups(), reference), wellbeing(inPrevious, f.previous().groups(), reference));
        Snapshot.Footprint footprint = new Snapshot.Footprint(Footprints.TARGET_TONNES, footprint(inPeriod), footprint(inPrevious));

        List<WeekPoint> weeks = PeriodFigures.series(f.network(), PeriodFigures.isoWeekBounds(period), PeriodFigures::isoWeekOf)
                .stream()
                .map(p -> new WeekPoint(p.period(), p.start(), p.end(), p.newParticipants(), p.leftParticipants(),
                        p.activeAtEnd(), p.everAtEnd()))
                .toList();

        Snapshot.Scope scope = new Snapshot.Scope(period.from(), period.to(), previous.from(), f.territory().orElse(null),
                f.territory().map(id -> territoryName(reference, id)).orElse(null));
        return new Snapshot(scope, headline, newcomers, fastest, growingHidden, tools, wellbeing, footprint, weeks,
                new Snapshot.Provenance(generatedAt, f.recordsRead(), f.duplicates(), undecodable, f.eventsCounted(),
                        f.eventsAfterPeriod(), f.unusable(), receivedUpTo),
                audience == Audience.PUBLIC ? MeetingSection.of(f, reference, atEnd, inPeriod, period.from(), end, published, rule)
                        : MeetingSection.of(f, reference, atEnd, inPeriod, period.from(), end),
                audience.wireName(), audience == Audience.PUBLIC ? rule.minPublishedCount() : null,
                audience == Audience.INTERNAL ? Audience.INTERNAL_NOTICE : null);
    }

    /**
     * The territory rows as the public reads them: every territory that took part, each column adding up to the
     * network's published figure, decided by the live API's code with what the snapshot knows beside it
     * ({@link PublicTerritoryTable}). A growth rate divides the two active figures: hidden when either is.
     */
    static List<TerritoryRow> publicRows(List<TerritoryRow> rows, DisclosureRule rule) {
        return PublicTerritoryTable.decide(rows, rule);
    }

    private static long count(ReplayedFigures f, java.util.function.Predicate<TerritoryInPeriod> which) {
        return f.territories().values().stream().filter(which).count();
    }

    /** Countries of the registered territories with an event before {@code dayAfter}, as the dashboard counts them. */
    private static long countries(ReplayedFigures f, LocalDate dayAfter, ReferenceData reference) {
        return f.territories().entrySet().stream()
                .filter(e -> e.getValue().tookPartBy(dayAfter))
                .map(e -> reference.territories().get(e.getKey()))
                .filter(t -> t != null && t.getCountryCode() != null)
                .map(Territory::getCountryCode)
                .distinct().count();
    }

    private static String territoryName(ReferenceData reference, String id) {
        Territory t = reference.territories().get(id);
        return t == null ? id : t.getName();
    }

    /** A tool's uptake in a window: its users per stage (distinct), its ratings (a sum of days). */
    private static ToolFigures toolFigures(ToolCounts users, ToolCounts ratings, long activeAtEnd) {
        return new ToolFigures(users.discovered(), users.starts(), users.completions(), users.adopters(),
                users.completionRate(), users.uptakeRate(activeAtEnd), ratings.meanRating(), ratings.ratings());
    }

    /** Stage counts summed over tools (distinct tool and user pairs); adopters distinct over all tools. */
    private static ToolFigures total(WindowActivity activity, Figures inWindow, long activeAtEnd) {
        ToolCounts users = ToolCounts.NONE;
        for (ToolCounts c : activity.tools().values()) {
            users = users.plus(c);
        }
        ToolCounts ratings = ToolCounts.NONE;
        for (ToolCounts c : inWindow.tools().values()) {
            ratings = ratings.plus(c);
        }
        ToolCounts adopters = new ToolCounts(users.discovered(), users.starts(), users.completions(), activity.adopters(), 0, 0);
        return toolFigures(adopters, ratings, activeAtEnd);
    }

    private static List<ToolRow> toolRows(ReplayedFigures f, Figures inPeriod, Figures inPrevious, long activeEnd, long activeStart,
                                          ReferenceData reference) {
        // Catalogue tools with no use are listed too: an unused tool is a finding for the meeting.
        TreeSet<String> ids = new TreeSet<>(reference.tools().keySet());
        ids.addAll(f.current().tools().keySet());
        ids.addAll(f.previous().tools().keySet());
        return ids.stream()
                .map(id -> {
                    Tool tool = reference.tools().get(id);
                    return new ToolRow(id, tool == null ? id : tool.getName(),
                            tool == null ? Map.of() : new TreeMap<>(tool.getNames()),
                            toolFigures(f.current().tools().getOrDefault(id, ToolCounts.NONE), inPeriod.tool(id), activeEnd),
                            toolFigures(f.previous().tools().getOrDefault(id, ToolCounts.NONE), inPrevious.tool(id), activeStart));
                })
                .sorted(Comparator.comparingLong((ToolRow r) -> r.current().adopters()).reversed().thenComparing(ToolRow::toolId))
                .toList();
    }

    private static WellbeingFigures wellbeing(Figures inWindow, long groups, ReferenceData reference) {
        TreeSet<String> codes = new TreeSet<>(SpiralDimensions.CODES);
        codes.addAll(inWindow.dimensions().keySet());
        List<DimensionRow> dimensions = new ArrayList<>();
        for (String code : codes) {
            DimensionCounts c = inWindow.dimension(code);
            SpiralDimension ref = reference.dimensions().get(code);
            dimensions.add(new DimensionRow(code, ref == null ? Map.of() : new TreeMap<>(ref.getNames()),
                    c.wellbeing(), c.illbeing(), c.action(), c.meanScore(), c.scores()));
        }
        return new WellbeingFigures(inWindow.evaluations(), groups, inWindow.citizens(), dimensions);
    }

    private static FootprintFigures footprint(Figures inWindow) {
        List<Bucket> buckets = new ArrayList<>();
        long[] bands = inWindow.footprintBands();
        List<Double> floors = Footprints.BAND_FLOORS;
        for (int i = 0; i < floors.size(); i++) {
            buckets.add(new Bucket(floors.get(i), i + 1 < floors.size() ? floors.get(i + 1) : null, bands[i]));
        }
        return new FootprintFigures(inWindow.assessments(), inWindow.meanTonnes(), inWindow.shareUnder2t(), buckets,
                new Breakdown(inWindow.meanTonnes("food"), inWindow.meanTonnes("housing"), inWindow.meanTonnes("mobility"),
                        inWindow.meanTonnes("goods"), inWindow.meanTonnes("publicServices")));
    }
}
