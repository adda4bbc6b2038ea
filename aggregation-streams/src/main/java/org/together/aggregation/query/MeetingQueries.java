package org.together.aggregation.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.together.figures.ApproachCounts;
import org.together.figures.Cohorts;
import org.together.figures.DayFigures;
import org.together.figures.Figures;
import org.together.figures.Footprints;
import org.together.figures.Period;

/** Answers the meeting's questions (approaches, cohorts, footprint by domain) from this instance's stores. */
public final class MeetingQueries {

    private final FigureQueries figures;

    public MeetingQueries(FigureQueries figures) {
        this.figures = figures;
    }

    public MeetingReports.Approaches networkApproaches(AsOf asOf) {
        return approaches(Summary.NETWORK, asOf, figures.networkSource());
    }

    public Optional<MeetingReports.Approaches> territoryApproaches(String territoryId, AsOf asOf) {
        return figures.isKnownTerritory(territoryId)
                ? Optional.of(approaches(Summary.territoryScope(territoryId), asOf, figures.territorySource(territoryId)))
                : Optional.empty();
    }

    public MeetingReports.Cohorts networkCohorts(Period interval, AsOf asOf) {
        return cohorts(Summary.NETWORK, interval, asOf, figures.networkSource());
    }

    public Optional<MeetingReports.Cohorts> territoryCohorts(String territoryId, Period interval, AsOf asOf) {
        return figures.isKnownTerritory(territoryId)
                ? Optional.of(cohorts(Summary.territoryScope(territoryId), interval, asOf, figures.territorySource(territoryId)))
                : Optional.empty();
    }

    public MeetingReports.FootprintByDomain networkFootprint(AsOf asOf) {
        return footprint(Summary.NETWORK, asOf, figures.networkSource());
    }

    public Optional<MeetingReports.FootprintByDomain> territoryFootprint(String territoryId, AsOf asOf) {
        return figures.isKnownTerritory(territoryId)
                ? Optional.of(footprint(Summary.territoryScope(territoryId), asOf, figures.territorySource(territoryId)))
                : Optional.empty();
    }

    static MeetingReports.Approaches approaches(String scope, AsOf asOf, DayFigures source) {
        return approaches(scope, asOf.instant(), source.upTo(asOf.day()));
    }

    /** The approaches of figures summed up to a day. */
    static MeetingReports.Approaches approaches(String scope, java.time.Instant asOf, Figures upTo) {
        return new MeetingReports.Approaches(scope, asOf, approachKinds(upTo));
    }

    /** Per kind evaluated, by kind. */
    public static List<MeetingReports.ApproachKind> approachKinds(Figures figures) {
        List<MeetingReports.ApproachKind> kinds = new ArrayList<>();
        figures.approaches().forEach((kind, c) -> kinds.add(approachKind(kind, c)));
        return kinds;
    }

    static MeetingReports.ApproachKind approachKind(String kind, ApproachCounts c) {
        return new MeetingReports.ApproachKind(kind, c.evaluations(), c.approaches(), c.meanScores(), c.keyElementShares(),
                c.tonnesAvoided());
    }

    private static MeetingReports.Cohorts cohorts(String scope, Period interval, AsOf asOf, DayFigures source) {
        List<MeetingReports.Cohort> rows = Cohorts.of(source, interval, asOf.day()).stream()
                .map(c -> new MeetingReports.Cohort(c.cohort(), c.start(), c.joined(), c.stillActive(), c.usedATool()))
                .toList();
        return new MeetingReports.Cohorts(scope, asOf.instant(), interval.wireName(), rows);
    }

    private static MeetingReports.FootprintByDomain footprint(String scope, AsOf asOf, DayFigures source) {
        return footprint(scope, asOf.instant(), source.upTo(asOf.day()));
    }

    /** The footprint by domain of figures summed up to a day. */
    static MeetingReports.FootprintByDomain footprint(String scope, java.time.Instant asOf, Figures upTo) {
        Map<String, long[]> given = upTo.footprintDomains();
        List<MeetingReports.Domain> domains = Footprints.DOMAINS.stream()
                .map(d -> new MeetingReports.Domain(d, upTo.meanTonnes(d), given.containsKey(d) ? given.get(d)[1] : 0))
                .toList();
        return new MeetingReports.FootprintByDomain(scope, asOf, Footprints.TARGET_TONNES, upTo.assessments(),
                upTo.meanTonnes(), domains);
    }
}
