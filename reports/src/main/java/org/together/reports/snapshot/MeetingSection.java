package org.together.reports.snapshot;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.together.figures.ApproachCounts;
import org.together.figures.Cohorts;
import org.together.figures.DayFigures;
import org.together.figures.Figures;
import org.together.figures.Period;
import org.together.figures.TargetProgress;
import org.together.figures.disclosure.DisclosureRule;
import org.together.reference.Target;
import org.together.reference.Territory;
import org.together.reports.replay.ReplayedFigures;
import org.together.reports.replay.ReportPass;
import org.together.reports.replay.TerritoryInPeriod;

/** The snapshot's answers to the meeting's other questions, by the same rules as the live figures. */
final class MeetingSection {

    private MeetingSection() {
    }

    /** The internal meeting figures (every figure exact). */
    static Snapshot.Meeting of(ReplayedFigures f, ReferenceData reference, Figures atEnd, Figures inPeriod, LocalDate from,
                               LocalDate end) {
        return of(f, reference, atEnd, inPeriod, from, end, null, null);
    }

    /** How many quarters up to the period's end the cohort table shows at least (the dashboard shows 12 months). */
    static final int COHORT_QUARTERS = ReportPass.COHORT_QUARTERS;

    /**
     * @param publicRows the public territory table's rows by territory id, or null for an internal snapshot
     * @param rule       the public rule, or null for an internal snapshot
     */
    static Snapshot.Meeting of(ReplayedFigures f, ReferenceData reference, Figures atEnd, Figures inPeriod, LocalDate from,
                               LocalDate end, Map<String, Snapshot.TerritoryRow> publicRows, DisclosureRule rule) {
        return new Snapshot.Meeting(approaches(atEnd, inPeriod), targets(f, reference, end, publicRows, rule),
                cohorts(f, from, end));
    }

    /**
     * The quarterly cohorts of the period and of the quarters before it, {@link #COHORT_QUARTERS} up to its end at
     * least, that had someone join: one imported join of 2019 would otherwise add a row (and a column) for every quarter
     * since, empty but for that one person (review 12, finding 7). The same rows for both audiences.
     */
    static List<Snapshot.CohortRow> cohorts(ReplayedFigures f, LocalDate from, LocalDate end) {
        LocalDate lastQuarter = Period.QUARTER.start(end);
        LocalDate first = Period.QUARTER.start(from);
        LocalDate fewBefore = lastQuarter.minusMonths(3L * (COHORT_QUARTERS - 1));
        LocalDate shownFrom = first.isBefore(fewBefore) ? first : fewBefore;
        return Cohorts.of(f.network(), Period.QUARTER, end).stream()
                .filter(c -> !c.start().isBefore(shownFrom) && c.joined() > 0)
                .map(c -> new Snapshot.CohortRow(c.cohort(), c.start(), c.joined(), c.stillActive(), c.usedATool()))
                .toList();
    }

    private static List<Snapshot.ApproachRow> approaches(Figures atEnd, Figures inPeriod) {
        List<Snapshot.ApproachRow> rows = new ArrayList<>();
        atEnd.approaches().forEach((kind, c) -> rows.add(approach(kind, c, inPeriod.approach(kind).evaluations())));
        return rows;
    }

    private static Snapshot.ApproachRow approach(String kind, ApproachCounts c, long inPeriod) {
        return new Snapshot.ApproachRow(kind, c.evaluations(), inPeriod, c.approaches(), c.meanScores(), c.keyElementShares(),
                c.tonnesAvoided());
    }

    /** The territories whose own days a network's report keeps for their targets (none for a territory's report). */
    static Set<String> territoriesWithTargets(Optional<String> territory, ReferenceData reference) {
        if (territory.isPresent()) {
            return Set.of();
        }
        Set<String> ids = new TreeSet<>();
        reference.targets().values().forEach(t -> {
            if (t.getTerritoryId() != null) {
                ids.add(t.getTerritoryId());
            }
        });
        return ids;
    }

    /**
     * The targets of the report's scope: a territory's report has the territory's (it replays that territory only);
     * the network's report has every target, the network's from the network's figures and each territory's from that
     * territory's own days ({@link ReplayedFigures#territoryDays}), as its own report computes them. In public, a
     * territory target's figures are hidden when the territory's public figure of that metric is.
     */
    private static List<Snapshot.TargetRow> targets(ReplayedFigures f, ReferenceData reference, LocalDate end,
                                                    Map<String, Snapshot.TerritoryRow> publicRows, DisclosureRule rule) {
        DayFigures network = f.network();
        String territory = f.territory().orElse(null);
        List<Snapshot.TargetRow> rows = new ArrayList<>();
        // as the live rule answers on the first day after the period (review 13, finding 2)
        LocalDate to = end.plusDays(1);
        if (TargetProgress.firstWeekEnd(to).isBefore(network.firstReadableDay())) {
            return rows;
        }
        reference.targets().values().stream().sorted(Comparator.comparing(Target::getId))
                .filter(t -> territory == null || territory.equals(t.getTerritoryId()))
                .forEach(t -> {
                    String of = t.getTerritoryId();
                    String name = of == null ? null : territoryName(reference, of);
                    if (of != null && territory == null && !reference.territories().containsKey(of)
                            && !f.territories().containsKey(of)) {
                        rows.add(new Snapshot.TargetRow(t.getId(), t.getMetric(), t.getToolId(), of, name, t.getValue(),
                                t.getDue(), null, null, null, null, null, List.of(), null,
                                "unknown territory '" + of + "': neither registered nor seen in any event"));
                        return;
                    }
                    TargetProgress.Metric metric = metric(t, f, territory == null ? of : null);
                    if (metric == null) {
                        return;
                    }
                    TargetProgress p = TargetProgress.afterPeriod(t.getValue(), t.getDue(), to, metric);
                    boolean hidden = rule != null && of != null && territory == null
                            && hiddenInPublic(t, p.current(), publicRows.get(of), rule);
                    rows.add(hidden
                            ? new Snapshot.TargetRow(t.getId(), t.getMetric(), t.getToolId(), of, name, t.getValue(), t.getDue(),
                                    null, null, null, null, null, Snapshot.TargetRow.WITH_CURRENT, rule.minPublishedCount(), null)
                            : new Snapshot.TargetRow(t.getId(), t.getMetric(), t.getToolId(), of, name, t.getValue(), t.getDue(),
                                    p.current(), p.progress(), p.requiredPerWeek(), p.projectedAtDue(), p.onTrack(), List.of(),
                                    null, null));
                });
        return rows;
    }

    /**
     * Whether a territory target's figures are hidden in a public snapshot: when the territory's figure of that metric
     * is a count from 1 to k-1, or is hidden in the public territory table. A tool's adopters in one territory are
     * published nowhere in the snapshot, so a territory's tool target is always hidden; whether a territory is
     * active (0 or 1) is not a count of people, as in the query API.
     */
    private static boolean hiddenInPublic(Target t, long current, Snapshot.TerritoryRow row, DisclosureRule rule) {
        if (current > 0 && current < rule.minPublishedCount()) {
            return true;
        }
        return switch (t.getMetric()) {
            case "participantsActive" -> row != null && row.activeAtEnd() == null;
            case "participantsEver" -> row != null && row.everAtEnd() == null;
            case "territoriesActive" -> false;
            default -> true;
        };
    }

    private static String territoryName(ReferenceData reference, String id) {
        Territory registered = reference.territories().get(id);
        return registered == null ? id : registered.getName();
    }

    /** A target's metric from the network's figures, or from one territory's own days. */
    private static TargetProgress.Metric metric(Target t, ReplayedFigures f, String territoryId) {
        if (territoryId == null) {
            return TargetProgress.metric(t.getMetric(), t.getToolId(), f.network(),
                    day -> f.territories().values().stream().filter(x -> x.activity().activeOn(day)).count());
        }
        DayFigures own = f.territoryDays().get(territoryId);
        TerritoryInPeriod seen = f.territories().get(territoryId);
        if (own == null) {
            throw new IllegalStateException("the report pass did not keep territory " + territoryId + "'s days apart");
        }
        return TargetProgress.metric(t.getMetric(), t.getToolId(), own,
                day -> seen != null && seen.activity().activeOn(day) ? 1L : 0L);
    }
}
