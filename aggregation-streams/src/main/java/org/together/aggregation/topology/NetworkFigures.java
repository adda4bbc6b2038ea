package org.together.aggregation.topology;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.together.figures.Figures;
import org.together.figures.TerritoryActivity;
import org.together.reference.Territory;

/**
 * Combines the territories' day figures into the network's: per UTC day, all time, and per
 * territory (for ranking territories). Each record is a territory day's change since the territory
 * task's last commit (coalesced: at most one per day changed per commit), added as it is. Reads the
 * single partition of the network-day-changes topic, so one task holds the whole network's figures.
 *
 * <p>Territories active and countries are kept as they change, so a summary never scans the
 * territories: per day, by how much the number of active territories changes; per country, the
 * first day one of its registered territories had an event. Countries depend on the registrations
 * too (a territory registered after its events, a corrected country code): whenever the
 * territories table moved, and once after every start, both are recomputed from the territories'
 * activity.
 */
final class NetworkFigures implements Processor<String, Figures, Void, Void> {

    /** How often the territories table is checked for changes of registration. */
    static final long REGISTRATIONS_CHECKED_EVERY_MS = 1_000;
    /**
     * How often the network's changed figures are written to its stores between commits, where queries read them:
     * the dashboard need not wait for the next commit (up to {@code commit.interval.ms}, 100 ms). Few values change
     * per interval (a day, all time, a territory, its rank), so this costs little.
     */
    static final long WRITTEN_EVERY_MS = 20;

    private WriteBackStore<Figures>.Values networkDays;
    private WriteBackStore<NetworkTerritory>.Values networkTerritories;
    private WriteBackStore<Long>.Values activeTerritoryChanges;
    private WriteBackStore<Long>.Values countryFirstDays;
    private WriteBackStore<String>.Values ranking;
    private TimestampedKeyValueStore<String, Territory> registrations;
    /** The territories table as of the last recomputation; null until the first. */
    private Position registrationsSeen;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        networkDays = WriteBackStore.values(context.getStateStore(AggregationTopology.NETWORK_DAY_FIGURES));
        networkTerritories = WriteBackStore.values(context.getStateStore(AggregationTopology.NETWORK_TERRITORIES));
        activeTerritoryChanges = WriteBackStore.values(context.getStateStore(AggregationTopology.NETWORK_ACTIVE_TERRITORY_CHANGES));
        countryFirstDays = WriteBackStore.values(context.getStateStore(AggregationTopology.NETWORK_COUNTRIES));
        ranking = WriteBackStore.values(context.getStateStore(AggregationTopology.NETWORK_TERRITORY_RANKING));
        registrations = context.getStateStore(AggregationTopology.TERRITORIES);
        registrationsSeen = null;
        context.schedule(Duration.ofMillis(REGISTRATIONS_CHECKED_EVERY_MS), PunctuationType.WALL_CLOCK_TIME, now -> recomputeIfRegistrationsMoved());
        context.schedule(Duration.ofMillis(WRITTEN_EVERY_MS), PunctuationType.WALL_CLOCK_TIME, now -> writeNow());
    }

    @Override
    public void process(Record<String, Figures> record) {
        Figures change = record.value();
        if (change == null || change.isEmpty()) {
            return;
        }
        String territory = StoreKeys.territoryOf(record.key());
        LocalDate day = StoreKeys.dayOf(record.key());

        add(day.toString(), change);
        add(StoreKeys.ALL_TIME, change);

        NetworkTerritory known = networkTerritories.get(territory);
        boolean firstFigures = known == null;
        if (firstFigures) {
            known = new NetworkTerritory();
        }
        TerritoryActivity activity = known.activity();
        long epochDay = day.toEpochDay();
        boolean newEventDay = change.events() > 0 && !activity.hadEventOn(epochDay);
        Map<Long, Integer> activeBefore = newEventDay ? activity.activeTerritoryChanges() : null;
        long firstDayBefore = activity.firstEpochDay();
        String rankBefore = TerritoryRanking.key(territory, known.totals());
        known.apply(epochDay, change);
        networkTerritories.put(territory, known);
        String rankAfter = TerritoryRanking.key(territory, known.totals());
        if (!rankAfter.equals(rankBefore)) {
            ranking.delete(rankBefore);
        }
        if (firstFigures || !rankAfter.equals(rankBefore)) {
            ranking.put(rankAfter, territory);
        }
        if (newEventDay) {
            addActiveChanges(difference(activity.activeTerritoryChanges(), activeBefore));
        }
        if (activity.firstEpochDay() < firstDayBefore) {
            String country = countryOf(territory);
            if (country != null) {
                Long first = countryFirstDays.get(country);
                if (first == null || activity.firstEpochDay() < first) {
                    countryFirstDays.put(country, activity.firstEpochDay());
                }
            }
        }
    }

    private void writeNow() {
        networkDays.writeNow();
        networkTerritories.writeNow();
        activeTerritoryChanges.writeNow();
        countryFirstDays.writeNow();
        ranking.writeNow();
    }

    private void add(String key, Figures change) {
        Figures current = networkDays.get(key);
        networkDays.put(key, current == null ? Figures.copyOf(change) : current.add(change));
    }

    /** after - before, per day, without the days where they agree: a new event day moves one or two stretch ends. */
    private static Map<Long, Integer> difference(Map<Long, Integer> after, Map<Long, Integer> before) {
        Map<Long, Integer> difference = new HashMap<>(after);
        before.forEach((epochDay, change) -> difference.merge(epochDay, -change, Integer::sum));
        difference.values().removeIf(change -> change == 0);
        return difference;
    }

    private void addActiveChanges(Map<Long, Integer> changes) {
        changes.forEach((epochDay, change) -> {
            String key = LocalDate.ofEpochDay(epochDay).toString();
            Long current = activeTerritoryChanges.get(key);
            long updated = (current == null ? 0 : current) + change;
            if (updated == 0) {
                activeTerritoryChanges.delete(key);
            } else {
                activeTerritoryChanges.put(key, updated);
            }
        });
    }

    private String countryOf(String territory) {
        ValueAndTimestamp<Territory> registered = registrations.get(territory);
        return registered == null || registered.value() == null ? null : registered.value().getCountryCode();
    }

    private void recomputeIfRegistrationsMoved() {
        Position now = registrations.getPosition().copy();
        if (now.equals(registrationsSeen)) {
            return;
        }
        recomputeTerritoriesAndCountries();
        registrationsSeen = now;
    }

    /**
     * The kept figures again from every territory's activity and the registrations, writing only what differs (a
     * no-op when in step): active territories, countries, and the ranking (a registered territory without events
     * ranks as none active, none ever).
     */
    private void recomputeTerritoriesAndCountries() {
        Map<String, Long> active = new TreeMap<>();
        Map<String, Long> countries = new HashMap<>();
        Map<String, String> ranks = new HashMap<>();
        java.util.Set<String> withEvents = new java.util.HashSet<>();
        networkTerritories.forEach((territory, known) -> {
            withEvents.add(territory);
            ranks.put(TerritoryRanking.key(territory, known.totals()), territory);
            TerritoryActivity activity = known.activity();
            activity.activeTerritoryChanges().forEach((epochDay, change) ->
                    active.merge(LocalDate.ofEpochDay(epochDay).toString(), (long) change, Long::sum));
            String country = activity.firstEpochDay() == Long.MAX_VALUE ? null : countryOf(territory);
            if (country != null) {
                countries.merge(country, activity.firstEpochDay(), Math::min);
            }
        });
        try (var registered = registrations.all()) {
            registered.forEachRemaining(kv -> {
                if (kv.value != null && kv.value.value() != null && !withEvents.contains(kv.key)) {
                    ranks.put(TerritoryRanking.key(kv.key, null), kv.key);
                }
            });
        }
        active.values().removeIf(change -> change == 0);
        replaceAll(activeTerritoryChanges, active);
        replaceAll(countryFirstDays, countries);
        replaceAll(ranking, ranks);
    }

    private static <V> void replaceAll(WriteBackStore<V>.Values store, Map<String, V> wanted) {
        for (String key : store.keys()) {
            if (!wanted.containsKey(key)) {
                store.delete(key);
            }
        }
        wanted.forEach((key, value) -> {
            if (!Objects.equals(store.get(key), value)) {
                store.put(key, value);
            }
        });
    }
}
