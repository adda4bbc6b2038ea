package org.together.aggregation.topology;

import java.time.LocalDate;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Combines the territories' coalesced day changes into the network's figures: per UTC day, all
 * time, and per territory (for ranking territories and counting the active ones). Reads the single
 * partition of the network-deltas topic, so one task holds the whole network's figures.
 */
final class NetworkFigures implements Processor<String, Figures, Void, Void> {

    private KeyValueStore<String, Figures> networkDays;
    private KeyValueStore<String, Figures> networkTotals;
    private KeyValueStore<String, TerritoryActivity> networkTerritories;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        networkDays = context.getStateStore(AggregationTopology.NETWORK_DAYS);
        networkTotals = context.getStateStore(AggregationTopology.NETWORK_TOTALS);
        networkTerritories = context.getStateStore(AggregationTopology.NETWORK_TERRITORIES);
    }

    @Override
    public void process(Record<String, Figures> record) {
        Figures change = record.value();
        if (change == null) {
            return;
        }
        String territory = StoreKeys.territoryOf(record.key());
        LocalDate day = StoreKeys.dayOf(record.key());

        String dayKey = day.toString();
        Figures dayFigures = networkDays.get(dayKey);
        networkDays.put(dayKey, dayFigures == null ? Figures.copyOf(change) : dayFigures.add(change));

        Figures totals = networkTotals.get(StoreKeys.NETWORK);
        networkTotals.put(StoreKeys.NETWORK, totals == null ? Figures.copyOf(change) : totals.add(change));

        TerritoryActivity activity = networkTerritories.get(territory);
        if (activity == null) {
            activity = new TerritoryActivity();
        }
        activity.apply(day.toEpochDay(), change);
        networkTerritories.put(territory, activity);
    }
}
