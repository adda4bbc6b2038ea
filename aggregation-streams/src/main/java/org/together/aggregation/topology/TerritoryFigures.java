package org.together.aggregation.topology;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.together.figures.DaySink;
import org.together.figures.Entities;
import org.together.figures.Figures;
import org.together.figures.TerritoryEntity;
import org.together.figures.TerritoryEvents;

/**
 * The live driver of a territory's figures: applies each event as it arrives ({@link TerritoryEvents}: the model's
 * rules) and keeps what it changes, per UTC day of event time.
 *
 * <p>Runs in the task of the territory's partition, so it sees every event of the territory, of all five types,
 * and nothing needs a repartition:
 * <ul>
 *   <li>The entities (participants' timelines, tool users, evaluating groups, counted assessments) live in
 *       territory-entities; an event reads and writes its one entity.</li>
 *   <li>The rules add each event's day changes straight into one sum per territory day since the last commit (in
 *       memory only). Right before the commit ({@link ForwardAtCommit}) each changed day's sum goes to the network
 *       and is added to the territory's day figures, once per day rather than once per event. Both happen in the
 *       transaction that commits the input offsets: a change not yet summed in is a change not yet committed, which
 *       a crash makes the task read and apply again, so nothing needs to be kept for it. Queries read the day
 *       figures as committed, as before (the store below is written at commit only).</li>
 * </ul>
 */
final class TerritoryFigures implements Processor<String, SpecificRecord, String, Figures> {

    private ProcessorContext<String, Figures> context;
    private Entities entities;
    private WriteBackStore<Figures>.Values dayFigures;
    /** territory day -> the sum of its changes since the last commit, in the order of first change. */
    private final Map<TerritoryDay, Figures> sinceCommit = new LinkedHashMap<>();
    private final Sums sums = new Sums();

    @Override
    public void init(ProcessorContext<String, Figures> context) {
        this.context = context;
        WriteBackStore<TerritoryEntity>.Values stored = WriteBackStore.values(context.getStateStore(AggregationTopology.TERRITORY_ENTITIES));
        entities = Entities.of(stored::get, stored::put);
        dayFigures = WriteBackStore.values(context.getStateStore(AggregationTopology.TERRITORY_DAY_FIGURES));
        sinceCommit.clear(); // set up again after a failure: what was gathered was never committed, and is read again
        ForwardAtCommit.schedule(context, dayFigures, this::atCommit);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() == null) {
            return; // a tombstone carries no event
        }
        sums.of(record.key());
        TerritoryEvents.apply(record.key(), record.value(), entities, sums); // a copy already counted adds nothing
    }

    /**
     * Right before the commit: each day changed since the last one goes to the network and into the territory's day
     * figures (a day whose changes cancelled out goes nowhere).
     */
    private void atCommit(long now) {
        for (Map.Entry<TerritoryDay, Figures> changed : sinceCommit.entrySet()) {
            Figures sum = changed.getValue();
            if (sum.isEmpty()) {
                continue;
            }
            String key = StoreKeys.territoryDay(changed.getKey().territory(), LocalDate.ofEpochDay(changed.getKey().epochDay()));
            context.forward(new Record<>(key, sum, now));
            Figures current = dayFigures.get(key);
            Figures updated = current == null ? Figures.copyOf(sum) : current.add(sum);
            if (updated.isEmpty()) {
                dayFigures.delete(key);
            } else {
                dayFigures.put(key, updated);
            }
        }
        sinceCommit.clear();
        sums.of(null);
    }

    private record TerritoryDay(String territory, long epochDay) {
    }

    /** The sink the rules add an event's changes to: its territory's sums since the last commit. */
    private final class Sums implements DaySink {

        private String territory;
        private long lastDay;
        private Figures last; // the rules add to one day several times per event

        void of(String territory) {
            this.territory = territory;
            last = null;
        }

        @Override
        public Figures onDay(long epochDay) {
            if (last == null || epochDay != lastDay) {
                last = sinceCommit.computeIfAbsent(new TerritoryDay(territory, epochDay), d -> new Figures());
                lastDay = epochDay;
            }
            return last;
        }
    }
}
