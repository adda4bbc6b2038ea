package org.together.aggregation.topology;

import java.time.LocalDate;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Combines the territories' day figures into the network's: per UTC day, all time, and per
 * territory (for ranking territories and counting the active ones). Each territory day arrives as
 * its current figures (coalesced: at most one per day changed per forwarding interval); a copy of
 * the last one received gives the change to add. Reads the single partition of the
 * network-deltas topic, so one task holds the whole network's figures.
 */
final class NetworkFigures implements Processor<String, Figures, Void, Void> {

    private WriteBackStore<Figures>.Values territoryDays;
    private WriteBackStore<Figures>.Values networkDays;
    private WriteBackStore<TerritoryActivity>.Values networkTerritories;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        territoryDays = WriteBackStore.values(context.getStateStore(AggregationTopology.NETWORK_TERRITORY_DAYS));
        networkDays = WriteBackStore.values(context.getStateStore(AggregationTopology.NETWORK_DAY_FIGURES));
        networkTerritories = WriteBackStore.values(context.getStateStore(AggregationTopology.NETWORK_TERRITORIES));
    }

    @Override
    public void process(Record<String, Figures> record) {
        Figures figures = record.value();
        if (figures == null) {
            return;
        }
        // the territory sends a day's current figures; the network adds what changed since the last copy
        Figures previous = territoryDays.get(record.key());
        Figures change = previous == null ? figures : Figures.copyOf(figures).subtract(previous);
        if (figures.isEmpty()) {
            territoryDays.delete(record.key());
        } else {
            territoryDays.put(record.key(), figures);
        }
        if (change.isEmpty()) {
            return;
        }
        String territory = StoreKeys.territoryOf(record.key());
        LocalDate day = StoreKeys.dayOf(record.key());

        add(day.toString(), change);
        add(StoreKeys.ALL_TIME, change);

        TerritoryActivity activity = networkTerritories.get(territory);
        if (activity == null) {
            activity = new TerritoryActivity();
        }
        activity.apply(day.toEpochDay(), change);
        networkTerritories.put(territory, activity);
    }

    private void add(String key, Figures change) {
        Figures current = networkDays.get(key);
        networkDays.put(key, current == null ? Figures.copyOf(change) : current.add(change));
    }
}
