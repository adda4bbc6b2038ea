package org.together.reports.snapshot;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.together.figures.ApproachCounts;
import org.together.figures.Cohorts;
import org.together.figures.DayFigures;
import org.together.figures.Figures;
import org.together.figures.Period;
import org.together.figures.TargetProgress;
import org.together.reference.Target;
import org.together.reports.replay.ReplayedFigures;

/** The snapshot's answers to the meeting's other questions, by the same rules as the live figures. */
final class MeetingSection {

    private MeetingSection() {
    }

    static Snapshot.Meeting of(ReplayedFigures f, ReferenceData reference, Figures atEnd, Figures inPeriod, LocalDate end) {
        return new Snapshot.Meeting(approaches(atEnd, inPeriod), targets(f, reference, end),
                Cohorts.of(f.network(), Period.QUARTER, end).stream()
                        .map(c -> new Snapshot.CohortRow(c.cohort(), c.start(), c.joined(), c.stillActive(), c.usedATool()))
                        .toList());
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

    /**
     * The targets of the report's scope (the network's, or the territory's): a territory's report replays that
     * territory only, so the network's targets are left to the network's report.
     */
    private static List<Snapshot.TargetRow> targets(ReplayedFigures f, ReferenceData reference, LocalDate end) {
        DayFigures network = f.network();
        String territory = f.territory().orElse(null);
        List<Snapshot.TargetRow> rows = new ArrayList<>();
        reference.targets().values().stream().sorted(Comparator.comparing(Target::getId))
                .filter(t -> java.util.Objects.equals(t.getTerritoryId(), territory)
                        || territory == null && t.getTerritoryId() == null)
                .forEach(t -> {
                    TargetProgress.Metric metric = metric(t, f);
                    if (metric == null || earliestAsked(end).isBefore(network.firstReadableDay())) {
                        return;
                    }
                    TargetProgress p = TargetProgress.of(t.getValue(), t.getDue(), end, metric);
                    rows.add(new Snapshot.TargetRow(t.getId(), t.getMetric(), t.getToolId(), t.getTerritoryId(), t.getValue(),
                            t.getDue(), p.current(), p.progress(), p.requiredPerWeek(), p.projectedAtDue(), p.onTrack()));
                });
        return rows;
    }

    /** The first day the trend asks for: the end of the oldest of the 8 weeks. */
    private static LocalDate earliestAsked(LocalDate end) {
        return Period.WEEK.start(end).minusWeeks(TargetProgress.TREND_WEEKS).plusDays(6);
    }

    private static TargetProgress.Metric metric(Target t, ReplayedFigures f) {
        return TargetProgress.metric(t.getMetric(), t.getToolId(), f.network(),
                day -> f.territories().values().stream().filter(x -> x.activity().activeOn(day)).count());
    }
}
