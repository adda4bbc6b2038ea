package org.together.aggregation.query;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.together.aggregation.topology.AggregationTopology;
import org.together.aggregation.topology.Figures;
import org.together.aggregation.topology.StoreKeys;
import org.together.aggregation.topology.TerritoryActivity;
import org.together.reference.Territory;

/**
 * Answers the query contract from this instance's stores. The caller routes: a territory's
 * questions to the owner of its partition, the network's to the owner of the network partition.
 *
 * <p>Figures are kept per UTC day, so "as of" is a day: figures include every event that
 * occurred up to the end of that day. Figures as of a day are the all-time figures minus the days
 * after it (for today, usually none), and a period's figure is the sum of its days.
 */
public final class FigureQueries {

    /** SPIRAL's nine well-being dimensions, always reported, in order. */
    public static final List<String> DIMENSIONS = List.of("A", "B", "C", "D", "E", "F", "G", "H", "I");
    /** A territory is active when an event occurred in the last 90 days (the as-of day and the 89 before). */
    public static final int ACTIVE_DAYS = TerritoryActivity.ACTIVE_DAYS;

    /** Keys of days are ISO dates, which sort as dates up to the year 9999. */
    private static final String LAST_DAY_KEY = "9999-12-31";

    private final StoreReader stores;

    public FigureQueries(StoreReader stores) {
        this.stores = stores;
    }

    // ---- which scopes exist ----

    /** A territory is known when it is registered or has sent events. */
    public boolean isKnownTerritory(String territoryId) {
        return stores.territories().get(territoryId) != null
                || territorySource(territoryId).lastEventAtUpTo(DaySource.LAST) != Figures.NO_EVENT;
    }

    // ---- summaries ----

    /** Territories active and countries come from the network's kept counts: no scan of the territories. */
    public Summary networkSummary(AsOf asOf) {
        LocalDate day = asOf.day();
        return summary(Summary.NETWORK, asOf, networkSource(), territoriesActive(day), countries(day));
    }

    /**
     * Every stretch of a territory's activity adds one on its first day and takes it back the day after it ends,
     * so the changes of all days sum to zero and the number active at the end of a day is minus the changes after
     * it: for a recent day, the few days of windows still open.
     */
    private long territoriesActive(LocalDate day) {
        long after = 0;
        try (KeyValueIterator<String, Long> it = this.<Long>networkStore(AggregationTopology.NETWORK_ACTIVE_TERRITORY_CHANGES)
                .range(day.plusDays(1).toString(), LAST_DAY_KEY)) {
            while (it.hasNext()) {
                after += it.next().value;
            }
        }
        return -after;
    }

    /** Countries whose first territory with events had its first event by the end of the day. */
    private long countries(LocalDate day) {
        long epochDay = day.toEpochDay();
        long countries = 0;
        try (KeyValueIterator<String, Long> it = this.<Long>networkStore(AggregationTopology.NETWORK_COUNTRIES).all()) {
            while (it.hasNext()) {
                if (it.next().value <= epochDay) {
                    countries++;
                }
            }
        }
        return countries;
    }

    /** Empty when the territory is neither registered nor has events. */
    public Optional<Summary> territorySummary(String territoryId, AsOf asOf) {
        if (!isKnownTerritory(territoryId)) {
            return Optional.empty();
        }
        DaySource territory = territorySource(territoryId);
        LocalDate day = asOf.day();
        boolean active = territory.days(day.minusDays(ACTIVE_DAYS - 1), day).values().stream().anyMatch(f -> f.events() > 0);
        Territory registered = stores.territories().get(territoryId);
        boolean participating = territory.lastEventAtUpTo(day) != Figures.NO_EVENT;
        long countries = registered != null && participating ? 1 : 0;
        return Optional.of(summary(Summary.territoryScope(territoryId), asOf, territory, active ? 1 : 0, countries));
    }

    private Summary summary(String scope, AsOf asOf, DaySource source, long territoriesActive, long countries) {
        LocalDate day = asOf.day();
        Figures upTo = figuresUpTo(source, day);
        // the days of the current periods and of the two last complete weeks and quarters
        LocalDate previousQuarterEnd = Period.QUARTER.start(Period.QUARTER.start(day).minusDays(1)).minusDays(1);
        LocalDate previousWeekEnd = Period.WEEK.start(day).minusWeeks(1).minusDays(1);
        LocalDate from = min(previousQuarterEnd, previousWeekEnd).plusDays(1);
        NavigableMap<LocalDate, Figures> recent = source.days(from, day);
        long active = upTo.activeChange();

        Summary.NewParticipants newParticipants = newParticipants(recent, day);
        Summary.Growth growth = growth(recent, day, active);
        long lastEventAt = source.lastEventAtUpTo(day);
        return new Summary(scope, asOf.instant(), active, upTo.newParticipants(), newParticipants, growth,
                territoriesActive, countries, toolUptake(upTo, active), wellbeing(upTo), footprint(upTo),
                lastEventAt == Figures.NO_EVENT ? null : Instant.ofEpochMilli(lastEventAt));
    }

    private static Figures figuresUpTo(DaySource source, LocalDate day) {
        return source.upTo(day);
    }

    static Summary.NewParticipants newParticipants(NavigableMap<LocalDate, Figures> days, LocalDate day) {
        return new Summary.NewParticipants(
                newSince(days, Period.DAY.start(day), day),
                newSince(days, Period.WEEK.start(day), day),
                newSince(days, Period.MONTH.start(day), day),
                newSince(days, Period.QUARTER.start(day), day));
    }

    private static long newSince(NavigableMap<LocalDate, Figures> days, LocalDate from, LocalDate to) {
        return days.subMap(from, true, to, true).values().stream().mapToLong(Figures::newParticipants).sum();
    }

    /**
     * The period containing the as-of day is the current one; the last complete period is the one
     * before it. Active at the end of a day = active as of the as-of day minus the changes after it.
     */
    static Summary.Growth growth(NavigableMap<LocalDate, Figures> days, LocalDate day, long activeAsOf) {
        return new Summary.Growth(rate(days, day, activeAsOf, Period.WEEK), rate(days, day, activeAsOf, Period.QUARTER));
    }

    private static Double rate(NavigableMap<LocalDate, Figures> days, LocalDate day, long activeAsOf, Period period) {
        LocalDate lastEnd = period.start(day).minusDays(1);
        LocalDate beforeEnd = period.start(lastEnd).minusDays(1);
        long last = activeAtEndOf(days, lastEnd, day, activeAsOf);
        long before = activeAtEndOf(days, beforeEnd, day, activeAsOf);
        return ratio(last, before) == null ? null : ratio(last, before) - 1;
    }

    private static long activeAtEndOf(NavigableMap<LocalDate, Figures> days, LocalDate end, LocalDate asOf, long activeAsOf) {
        long later = days.subMap(end, false, asOf, true).values().stream().mapToLong(Figures::activeChange).sum();
        return activeAsOf - later;
    }

    static List<Summary.ToolUptake> toolUptake(Figures figures, long participantsActive) {
        List<Summary.ToolUptake> tools = new ArrayList<>();
        figures.tools().forEach((toolId, c) -> tools.add(new Summary.ToolUptake(toolId, c[Figures.ADOPTERS],
                c[Figures.STARTS], c[Figures.COMPLETIONS], ratio(c[Figures.COMPLETIONS], c[Figures.STARTS]),
                ratio(c[Figures.ADOPTERS], participantsActive), ratio(c[Figures.RATING_SUM], c[Figures.RATING_COUNT]))));
        return tools;
    }

    static Summary.Wellbeing wellbeing(Figures figures) {
        List<Summary.Dimension> dimensions = new ArrayList<>();
        for (String dimension : DIMENSIONS) {
            long[] c = figures.dimensions().getOrDefault(dimension, new long[5]);
            dimensions.add(new Summary.Dimension(dimension, c[Figures.WELLBEING], c[Figures.ILLBEING], c[Figures.ACTION],
                    ratio(c[Figures.SCORE_SUM], c[Figures.SCORE_COUNT])));
        }
        return new Summary.Wellbeing(figures.evaluations(), figures.evaluatingGroups(), figures.citizens(), dimensions);
    }

    static Summary.Footprint footprint(Figures figures) {
        Double mean = figures.assessments() == 0 ? null : figures.footprintKilograms() / 1000.0 / figures.assessments();
        return new Summary.Footprint(figures.assessments(), mean, ratio(figures.assessmentsUnder2t(), figures.assessments()));
    }

    /** a ÷ b, or null when there is nothing to divide by. */
    static Double ratio(long a, long b) {
        return b == 0 ? null : (double) a / b;
    }

    // ---- tools and well-being ----

    public ToolsReport networkTools(AsOf asOf) {
        return tools(Summary.NETWORK, asOf, networkSource());
    }

    public Optional<ToolsReport> territoryTools(String territoryId, AsOf asOf) {
        return isKnownTerritory(territoryId)
                ? Optional.of(tools(Summary.territoryScope(territoryId), asOf, territorySource(territoryId)))
                : Optional.empty();
    }

    private ToolsReport tools(String scope, AsOf asOf, DaySource source) {
        Figures upTo = figuresUpTo(source, asOf.day());
        long active = upTo.activeChange();
        List<ToolsReport.ToolFunnel> tools = new ArrayList<>();
        upTo.tools().forEach((toolId, c) -> tools.add(new ToolsReport.ToolFunnel(toolId, c[Figures.DISCOVERED],
                c[Figures.STARTS], c[Figures.COMPLETIONS], c[Figures.ADOPTERS],
                ratio(c[Figures.COMPLETIONS], c[Figures.STARTS]), ratio(c[Figures.ADOPTERS], active),
                ratio(c[Figures.RATING_SUM], c[Figures.RATING_COUNT]), c[Figures.RATING_COUNT])));
        return new ToolsReport(scope, asOf.instant(), active, tools);
    }

    public WellbeingReport networkWellbeing(AsOf asOf) {
        return wellbeingReport(Summary.NETWORK, asOf, networkSource());
    }

    public Optional<WellbeingReport> territoryWellbeing(String territoryId, AsOf asOf) {
        return isKnownTerritory(territoryId)
                ? Optional.of(wellbeingReport(Summary.territoryScope(territoryId), asOf, territorySource(territoryId)))
                : Optional.empty();
    }

    private WellbeingReport wellbeingReport(String scope, AsOf asOf, DaySource source) {
        Summary.Wellbeing w = wellbeing(figuresUpTo(source, asOf.day()));
        return new WellbeingReport(scope, asOf.instant(), w.evaluations(), w.groups(), w.citizens(), w.dimensions());
    }

    // ---- growth series ----

    public List<GrowthPoint> networkGrowth(Period period, LocalDate from, LocalDate toExclusive) {
        return growthSeries(networkSource(), period, from, toExclusive);
    }

    public Optional<List<GrowthPoint>> territoryGrowth(String territoryId, Period period, LocalDate from, LocalDate toExclusive) {
        return isKnownTerritory(territoryId)
                ? Optional.of(growthSeries(territorySource(territoryId), period, from, toExclusive))
                : Optional.empty();
    }

    /** Every period that overlaps [from, toExclusive), each with its whole-period figures. */
    static List<GrowthPoint> growthSeries(DaySource source, Period period, LocalDate from, LocalDate toExclusive) {
        LocalDate first = period.start(from);
        NavigableMap<LocalDate, Figures> days = source.days(first, toExclusive.minusDays(1));
        long activeBefore = source.upTo(first.minusDays(1)).activeChange();
        List<GrowthPoint> series = new ArrayList<>();
        long active = activeBefore;
        for (LocalDate start = first; start.isBefore(toExclusive); start = period.next(start)) {
            LocalDate next = period.next(start);
            long joined = 0;
            long left = 0;
            for (Figures f : days.subMap(start, true, next, false).values()) {
                joined += f.newParticipants();
                left += f.deactivations();
                active += f.activeChange();
            }
            series.add(new GrowthPoint(period.label(start), start, joined, left, active));
        }
        return series;
    }

    // ---- ranked territories ----

    /**
     * Every territory, registered or with events, ranked by active participants (then participants
     * ever, then id), with its headline figures as of {@code asOf} (a recent day: the ranking keeps
     * each territory's last 200 days of participant changes).
     */
    public List<TerritoryHeadline> territories(AsOf asOf) {
        LocalDate day = asOf.day();
        Map<String, TerritoryActivity> activities = new java.util.TreeMap<>();
        try (KeyValueIterator<String, TerritoryActivity> it = networkTerritories().all()) {
            it.forEachRemaining(kv -> activities.put(kv.key, kv.value));
        }
        Map<String, Territory> registered = new java.util.TreeMap<>();
        try (KeyValueIterator<String, Territory> it = stores.territories().all()) {
            it.forEachRemaining(kv -> {
                if (kv.value != null) {
                    registered.put(kv.key, kv.value);
                }
            });
        }
        Set<String> ids = new java.util.TreeSet<>(activities.keySet());
        ids.addAll(registered.keySet());
        List<TerritoryHeadline> lines = new ArrayList<>();
        for (String id : ids) {
            TerritoryActivity activity = activities.get(id);
            Territory territory = registered.get(id);
            lines.add(headline(id, territory, activity, day));
        }
        lines.sort(Comparator.comparingLong(TerritoryHeadline::participantsActive).reversed()
                .thenComparing(Comparator.comparingLong(TerritoryHeadline::participantsEver).reversed())
                .thenComparing(TerritoryHeadline::territoryId));
        List<TerritoryHeadline> ranked = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            TerritoryHeadline h = lines.get(i);
            ranked.add(new TerritoryHeadline(i + 1, h.territoryId(), h.name(), h.countryCode(), h.kind(), h.lat(), h.lon(),
                    h.participantsActive(), h.participantsEver(), h.newParticipants(), h.growth(), h.evaluations(),
                    h.assessments(), h.active(), h.firstEventDay(), h.lastEventAt()));
        }
        return ranked;
    }

    private static TerritoryHeadline headline(String id, Territory territory, TerritoryActivity activity, LocalDate day) {
        Figures totals = activity == null ? new Figures() : activity.totals();
        NavigableMap<LocalDate, Figures> recent = activity == null ? new java.util.TreeMap<>() : activity.recentParticipantDays();
        DaySource source = DaySource.of(totals, recent);
        Figures upTo = figuresUpTo(source, day);
        long active = upTo.activeChange();
        boolean isActive = activity != null && activity.hadEventsBetween(day.minusDays(ACTIVE_DAYS - 1), day);
        return new TerritoryHeadline(0, id,
                territory == null ? null : territory.getName(),
                territory == null ? null : territory.getCountryCode(),
                territory == null ? null : territory.getKind(),
                territory == null ? null : territory.getLat(),
                territory == null ? null : territory.getLon(),
                active, upTo.newParticipants(), newParticipants(recent, day), growth(recent, day, active),
                upTo.evaluations(), upTo.assessments(), isActive,
                activity == null ? null : activity.firstEventDay(),
                totals.lastEventAt() == Figures.NO_EVENT ? null : Instant.ofEpochMilli(totals.lastEventAt()));
    }

    // ---- stores ----

    private DaySource territorySource(String territoryId) {
        ReadOnlyKeyValueStore<String, Figures> figures = stores.store(AggregationTopology.TERRITORY_DAY_FIGURES, territoryId);
        return DaySource.of(figures, null, d -> StoreKeys.territoryDay(territoryId, d));
    }

    private DaySource networkSource() {
        ReadOnlyKeyValueStore<String, Figures> figures = stores.store(AggregationTopology.NETWORK_DAY_FIGURES, StoreKeys.NETWORK);
        return DaySource.of(figures, StoreKeys.ALL_TIME, LocalDate::toString);
    }

    private ReadOnlyKeyValueStore<String, TerritoryActivity> networkTerritories() {
        return networkStore(AggregationTopology.NETWORK_TERRITORIES);
    }

    private <V> ReadOnlyKeyValueStore<String, V> networkStore(String name) {
        return stores.store(name, StoreKeys.NETWORK);
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
