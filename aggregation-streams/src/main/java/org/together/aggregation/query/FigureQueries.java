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
import org.together.aggregation.topology.NetworkTerritory;
import org.together.aggregation.topology.StoreKeys;
import org.together.figures.DayFigures;
import org.together.figures.DimensionCounts;
import org.together.figures.Figures;
import org.together.figures.Period;
import org.together.figures.PeriodFigures;
import org.together.figures.SpiralDimensions;
import org.together.figures.TerritoryActivity;
import org.together.figures.ToolCounts;
import org.together.figures.Window;
import org.together.reference.Territory;

/**
 * Answers the query contract from this instance's stores. The caller routes: a territory's
 * questions to the owner of its partition, the network's to the owner of the network partition.
 *
 * <p>Figures are kept per UTC day, so "as of" is a day: figures include every event that
 * occurred up to the end of that day. Figures as of a day are the all-time figures minus the days
 * after it (for today, usually none), and a period's figure is the sum of its days: the arithmetic
 * is the model's ({@link PeriodFigures}), the same the reports use.
 */
public final class FigureQueries {

    /** Keys of days are ISO dates, which sort as dates up to the year 9999. */
    private static final String LAST_DAY_KEY = "9999-12-31";

    private final StoreReader stores;
    /** The catalogue's names, read at the first answer with a tool in it (not at all by the others). */
    private ToolNames toolNames;

    public FigureQueries(StoreReader stores) {
        this.stores = stores;
    }

    /** The tool catalogue's names, read once per question. */
    ToolNames toolNames() {
        if (toolNames == null) {
            toolNames = ToolNames.of(stores.tools());
        }
        return toolNames;
    }

    // ---- which scopes exist ----

    /** A territory is known when it is registered or has sent events. */
    public boolean isKnownTerritory(String territoryId) {
        return stores.territories().get(territoryId) != null
                || territorySource(territoryId).lastEventAtUpTo(DayFigures.LAST) != Figures.NO_EVENT;
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
    long territoriesActive(LocalDate day) {
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
        DayFigures territory = territorySource(territoryId);
        LocalDate day = asOf.day();
        boolean active = isActiveOn(territory, day);
        Territory registered = stores.territories().get(territoryId);
        boolean participating = territory.lastEventAtUpTo(day) != Figures.NO_EVENT;
        long countries = registered != null && participating ? 1 : 0;
        return Optional.of(summary(Summary.territoryScope(territoryId), asOf, territory, active ? 1 : 0, countries));
    }

    /** Whether a territory had an event in the activity window ending that day. */
    static boolean isActiveOn(DayFigures territory, LocalDate day) {
        Window activeWindow = TerritoryActivity.activeWindowEnding(day);
        return territory.days(activeWindow.from(), day).values().stream().anyMatch(f -> f.events() > 0);
    }

    private Summary summary(String scope, AsOf asOf, DayFigures source, long territoriesActive, long countries) {
        LocalDate day = asOf.day();
        Figures upTo = source.upTo(day);
        NavigableMap<LocalDate, Figures> recent = source.days(PeriodFigures.recentSince(day), day);
        long active = upTo.activeChange();
        long lastEventAt = source.lastEventAtUpTo(day);
        return new Summary(scope, asOf.instant(), active, upTo.newParticipants(), newParticipants(recent, day),
                growth(recent, day, active), territoriesActive, countries, toolUptake(upTo, active, toolNames()), wellbeing(upTo),
                footprint(upTo), lastEventAt == Figures.NO_EVENT ? null : Instant.ofEpochMilli(lastEventAt));
    }

    private static Summary.NewParticipants newParticipants(NavigableMap<LocalDate, Figures> days, LocalDate day) {
        PeriodFigures.CurrentPeriods n = PeriodFigures.currentPeriods(days, day);
        return new Summary.NewParticipants(n.day(), n.week(), n.month(), n.quarter());
    }

    private static Summary.Growth growth(NavigableMap<LocalDate, Figures> days, LocalDate day, long activeAsOf) {
        return new Summary.Growth(PeriodFigures.growth(days, day, activeAsOf, Period.WEEK),
                PeriodFigures.growth(days, day, activeAsOf, Period.QUARTER));
    }

    private static List<Summary.ToolUptake> toolUptake(Figures figures, long participantsActive, ToolNames names) {
        List<Summary.ToolUptake> tools = new ArrayList<>();
        figures.tools().forEach((toolId, c) -> tools.add(toolUptake(toolId, c, participantsActive, names)));
        return tools;
    }

    /** One tool's line of a summary (package-private: the public lists a tool a territory never used as this of none). */
    static Summary.ToolUptake toolUptake(String toolId, ToolCounts c, long participantsActive, ToolNames names) {
        return new Summary.ToolUptake(toolId, names.name(toolId), names.names(toolId), c.adopters(), c.starts(),
                c.completions(), c.completionRate(), c.uptakeRate(participantsActive), c.meanRating());
    }

    /** One tool's funnel of a tools report. */
    static ToolsReport.ToolFunnel toolFunnel(String toolId, ToolCounts c, long participantsActive, ToolNames names) {
        return new ToolsReport.ToolFunnel(toolId, names.name(toolId), names.names(toolId), c.discovered(), c.starts(),
                c.completions(), c.adopters(), c.completionRate(), c.uptakeRate(participantsActive), c.meanRating(), c.ratings());
    }

    private static Summary.Wellbeing wellbeing(Figures figures) {
        List<Summary.Dimension> dimensions = new ArrayList<>();
        for (String code : SpiralDimensions.CODES) {
            DimensionCounts c = figures.dimension(code);
            dimensions.add(new Summary.Dimension(code, c.wellbeing(), c.illbeing(), c.action(), c.meanScore()));
        }
        return new Summary.Wellbeing(figures.evaluations(), figures.evaluatingGroups(), figures.citizens(), dimensions);
    }

    private static Summary.Footprint footprint(Figures figures) {
        return new Summary.Footprint(figures.assessments(), figures.meanTonnes(), figures.shareUnder2t());
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

    private ToolsReport tools(String scope, AsOf asOf, DayFigures source) {
        Figures upTo = source.upTo(asOf.day());
        long active = upTo.activeChange();
        List<ToolsReport.ToolFunnel> tools = new ArrayList<>();
        upTo.tools().forEach((toolId, c) -> tools.add(toolFunnel(toolId, c, active, toolNames())));
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

    private WellbeingReport wellbeingReport(String scope, AsOf asOf, DayFigures source) {
        Summary.Wellbeing w = wellbeing(source.upTo(asOf.day()));
        return new WellbeingReport(scope, asOf.instant(), w.evaluations(), w.groups(), w.citizens(), w.dimensions());
    }

    // ---- growth series ----

    /** @param today the current UTC day: periods that start after it have not happened and are left out */
    public List<GrowthPoint> networkGrowth(Period period, LocalDate from, LocalDate toExclusive, LocalDate today) {
        return growthSeries(networkSource(), period, from, toExclusive, today);
    }

    /** @param today the current UTC day: periods that start after it have not happened and are left out */
    public Optional<List<GrowthPoint>> territoryGrowth(String territoryId, Period period, LocalDate from, LocalDate toExclusive,
                                                       LocalDate today) {
        return isKnownTerritory(territoryId)
                ? Optional.of(growthSeries(territorySource(territoryId), period, from, toExclusive, today))
                : Optional.empty();
    }

    /**
     * Every period that overlaps [from, toExclusive) and has started by {@code today}, the last up to toExclusive;
     * empty when the first starts after today. The current period is counted as far as the events go.
     */
    static List<GrowthPoint> growthSeries(DayFigures source, Period period, LocalDate from, LocalDate toExclusive,
                                          LocalDate today) {
        LocalDate afterCurrent = period.next(period.start(today));
        if (!period.start(from).isBefore(afterCurrent)) {
            return List.of();
        }
        LocalDate to = toExclusive.isAfter(afterCurrent) ? afterCurrent : toExclusive;
        return PeriodFigures.series(source, period, from, to).stream()
                .map(p -> new GrowthPoint(p.period(), p.start(), p.newParticipants(), p.returningParticipants(),
                        p.leftParticipants(), p.activeAtEnd()))
                .toList();
    }

    // ---- ranked territories ----

    /**
     * Every territory, registered or with events, ranked by active participants (then participants
     * ever, then id), with its headline figures as of {@code asOf} (a recent day: the ranking keeps
     * each territory's last 200 days of participant changes).
     */
    public List<TerritoryHeadline> territories(AsOf asOf) {
        List<TerritoryHeadline> lines = territoriesNow(asOf).stream().map(TerritoryNow::headline).toList();
        return ranked(lines, Comparator.comparingLong(TerritoryHeadline::participantsActive).reversed()
                .thenComparing(Comparator.comparingLong(TerritoryHeadline::participantsEver).reversed())
                .thenComparing(TerritoryHeadline::territoryId));
    }

    /** The lines in this order, numbered from 1. */
    static List<TerritoryHeadline> ranked(List<TerritoryHeadline> lines, Comparator<TerritoryHeadline> order) {
        List<TerritoryHeadline> sorted = new ArrayList<>(lines);
        sorted.sort(order);
        List<TerritoryHeadline> ranked = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            TerritoryHeadline h = sorted.get(i);
            ranked.add(new TerritoryHeadline(i + 1, h.territoryId(), h.name(), h.countryCode(), h.kind(), h.lat(), h.lon(),
                    h.participantsActive(), h.participantsEver(), h.newParticipants(), h.growth(), h.evaluations(),
                    h.assessments(), h.active(), h.firstEventDay(), h.lastEventAt()));
        }
        return ranked;
    }

    /**
     * One territory's figures as the network task keeps them (all time, and its recent participant days): its line
     * of the ranked list, its summary, tools and well-being, and the two counts each growth rate divides.
     */
    public record TerritoryNow(TerritoryHeadline headline, Figures totals, long[] weekGrowth, long[] quarterGrowth,
                               Summary summary, ToolsReport tools, WellbeingReport wellbeing, ToolNames toolNames) {
    }

    /**
     * Every territory, registered or with events, as of {@code asOf} (a recent day: the network task keeps each
     * territory's last 200 days of participant changes), read from the network's stores in one pass.
     */
    public List<TerritoryNow> territoriesNow(AsOf asOf) {
        List<TerritoryNow> territories = new ArrayList<>();
        forEachTerritoryNow(asOf, territories::add);
        return territories;
    }

    /**
     * {@link #territoriesNow} one territory at a time, in the order of their ids, holding none of them after it is
     * given: the network's territories and the registered ones are read side by side, both in key order.
     */
    public void forEachTerritoryNow(AsOf asOf, java.util.function.Consumer<TerritoryNow> territory) {
        ToolNames names = toolNames();
        java.util.TreeMap<String, Territory> registered = new java.util.TreeMap<>();
        try (KeyValueIterator<String, Territory> it = stores.territories().all()) {
            it.forEachRemaining(kv -> {
                if (kv.value != null) {
                    registered.put(kv.key, kv.value);
                }
            });
        }
        String previous = null;
        try (KeyValueIterator<String, NetworkTerritory> it = networkTerritories().all()) {
            while (it.hasNext()) {
                var kv = it.next();
                if (previous != null && kv.key.compareTo(previous) <= 0) {
                    throw new IllegalStateException("the network's territories are not read in the order of their ids: "
                            + previous + " then " + kv.key);
                }
                previous = kv.key;
                while (!registered.isEmpty() && registered.firstKey().compareTo(kv.key) < 0) {
                    var only = registered.pollFirstEntry();
                    territory.accept(territoryNow(only.getKey(), only.getValue(), null, asOf, names));
                }
                territory.accept(territoryNow(kv.key, registered.remove(kv.key), kv.value, asOf, names));
            }
        }
        registered.forEach((id, t) -> territory.accept(territoryNow(id, t, null, asOf, names)));
    }

    /**
     * Every territory registered in {@code countryCode} (ISO 3166-1 alpha-2, upper case), as {@link #territoriesNow}
     * gives them, in the order of their ids: the territories table is read whole (a few hundred bytes a territory), the
     * network's figures of this country's territories only.
     */
    public void forEachTerritoryOfCountry(String countryCode, AsOf asOf, java.util.function.Consumer<TerritoryNow> territory) {
        ToolNames names = toolNames();
        java.util.TreeMap<String, Territory> registered = new java.util.TreeMap<>();
        try (KeyValueIterator<String, Territory> it = stores.territories().all()) {
            it.forEachRemaining(kv -> {
                if (kv.value != null && countryCode.equalsIgnoreCase(kv.value.getCountryCode())) {
                    registered.put(kv.key, kv.value);
                }
            });
        }
        ReadOnlyKeyValueStore<String, NetworkTerritory> known = networkTerritories();
        registered.forEach((id, t) -> territory.accept(territoryNow(id, t, known.get(id), asOf, names)));
    }

    /** One territory's figures as {@link #territoriesNow} gives them; empty when neither registered nor with events. */
    public Optional<TerritoryNow> territoryNow(String territoryId, AsOf asOf) {
        Territory registered = stores.territories().get(territoryId);
        NetworkTerritory known = networkTerritories().get(territoryId);
        return registered == null && known == null ? Optional.empty()
                : Optional.of(territoryNow(territoryId, registered, known, asOf, toolNames()));
    }

    /**
     * The territories ranked {@code offset + 1} to {@code offset + limit}, as in {@link #territories(AsOf)}. As of a
     * day with no figures after it (the usual question: today), they are read in order from the network's kept
     * ranking, touching only those territories; as of an earlier day the whole list is ranked and cut.
     */
    public List<TerritoryHeadline> territories(AsOf asOf, int offset, int limit) {
        LocalDate day = asOf.day();
        if (day.isBefore(lastDayWithFigures())) {
            List<TerritoryHeadline> all = territories(asOf);
            return all.subList(Math.min(offset, all.size()), (int) Math.min((long) offset + limit, all.size()));
        }
        ReadOnlyKeyValueStore<String, NetworkTerritory> known = networkTerritories();
        List<TerritoryHeadline> lines = new ArrayList<>();
        int skipped = 0;
        try (KeyValueIterator<String, String> it = this.<String>networkStore(AggregationTopology.NETWORK_TERRITORY_RANKING).all()) {
            while (it.hasNext() && lines.size() < limit) {
                String id = it.next().value;
                if (skipped < offset) {
                    skipped++;
                    continue;
                }
                lines.add(territoryNow(id, stores.territories().get(id), known.get(id), asOf, ToolNames.NONE).headline()
                        .ranked(offset + lines.size() + 1));
            }
        }
        return lines;
    }

    /** The last day any event of the network occurred on, or {@link LocalDate#MIN} when none did. */
    private LocalDate lastDayWithFigures() {
        try (KeyValueIterator<String, Figures> it = this.<Figures>networkStore(AggregationTopology.NETWORK_DAY_FIGURES)
                .reverseRange(LocalDate.MIN.toString(), LAST_DAY_KEY)) {
            return it.hasNext() ? LocalDate.parse(it.next().key) : LocalDate.MIN;
        }
    }

    private static TerritoryNow territoryNow(String id, Territory territory, NetworkTerritory known, AsOf asOf, ToolNames names) {
        return territoryNow(id, territory, known == null ? new Figures() : known.totals(),
                known == null ? new java.util.TreeMap<>() : known.recentParticipantDays(),
                known != null && known.activity().activeOn(asOf.day()),
                known == null ? null : known.activity().firstEventDay(), asOf, names);
    }

    /** A territory's figures from its totals and recent participant days, its tools named by their ids only. */
    static TerritoryNow territoryNow(String id, Territory territory, Figures totals, NavigableMap<LocalDate, Figures> recent,
                                     boolean isActive, LocalDate firstEventDay, AsOf asOf) {
        return territoryNow(id, territory, totals, recent, isActive, firstEventDay, asOf, ToolNames.NONE);
    }

    /** A territory's figures from its totals and recent participant days (as the network task keeps them). */
    static TerritoryNow territoryNow(String id, Territory territory, Figures totals, NavigableMap<LocalDate, Figures> recent,
                                     boolean isActive, LocalDate firstEventDay, AsOf asOf, ToolNames names) {
        LocalDate day = asOf.day();
        Figures upTo = DayFigures.of(totals, recent).upTo(day);
        long active = upTo.activeChange();
        Instant lastEventAt = totals.lastEventAt() == Figures.NO_EVENT ? null : Instant.ofEpochMilli(totals.lastEventAt());
        Summary.NewParticipants newOnes = newParticipants(recent, day);
        Summary.Growth growth = growth(recent, day, active);
        TerritoryHeadline headline = new TerritoryHeadline(0, id,
                territory == null ? null : territory.getName(),
                territory == null ? null : territory.getCountryCode(),
                territory == null ? null : territory.getKind(),
                territory == null ? null : territory.getLat(),
                territory == null ? null : territory.getLon(),
                active, upTo.newParticipants(), newOnes, growth,
                upTo.evaluations(), upTo.assessments(), isActive,
                firstEventDay, lastEventAt);
        String scope = Summary.territoryScope(id);
        Summary summary = new Summary(scope, asOf.instant(), active, upTo.newParticipants(), newOnes, growth, isActive ? 1 : 0,
                territory != null && lastEventAt != null ? 1 : 0, toolUptake(totals, active, names), wellbeing(totals),
                footprint(totals), lastEventAt);
        List<ToolsReport.ToolFunnel> funnels = new ArrayList<>();
        totals.tools().forEach((toolId, c) -> funnels.add(toolFunnel(toolId, c, active, names)));
        Summary.Wellbeing w = summary.wellbeing();
        return new TerritoryNow(headline, totals,
                PeriodFigures.growthCounts(recent, day, active, Period.WEEK), PeriodFigures.growthCounts(recent, day, active, Period.QUARTER),
                summary, new ToolsReport(scope, asOf.instant(), active, funnels),
                new WellbeingReport(scope, asOf.instant(), w.evaluations(), w.groups(), w.citizens(), w.dimensions()), names);
    }

    // ---- stores ----

    DayFigures territorySource(String territoryId) {
        ReadOnlyKeyValueStore<String, Figures> figures = stores.store(AggregationTopology.TERRITORY_DAY_FIGURES, territoryId);
        return new StoreDays(figures, null, d -> StoreKeys.territoryDay(territoryId, d));
    }

    DayFigures networkSource() {
        ReadOnlyKeyValueStore<String, Figures> figures = stores.store(AggregationTopology.NETWORK_DAY_FIGURES, StoreKeys.NETWORK);
        return new StoreDays(figures, StoreKeys.ALL_TIME, LocalDate::toString);
    }

    private ReadOnlyKeyValueStore<String, NetworkTerritory> networkTerritories() {
        return networkStore(AggregationTopology.NETWORK_TERRITORIES);
    }

    private <V> ReadOnlyKeyValueStore<String, V> networkStore(String name) {
        return stores.store(name, StoreKeys.NETWORK);
    }
}
