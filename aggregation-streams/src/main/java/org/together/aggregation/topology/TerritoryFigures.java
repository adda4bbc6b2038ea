package org.together.aggregation.topology;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.together.figures.DayChanges;
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
 *   <li>The day changes go to the territory's day figures, and are summed per day in memory until the task
 *       commits; right before the commit ({@link ForwardAtCommit}) each changed day's summed change goes to the
 *       network, so the network adds coalesced per-territory-per-day changes, never raw events. They go out in the
 *       transaction that commits the day figures and the input offsets: a change not yet forwarded is a change not
 *       yet committed, which a crash makes the task read and apply again, so nothing needs to be kept for it.</li>
 * </ul>
 */
final class TerritoryFigures implements Processor<String, SpecificRecord, String, Figures> {

    private ProcessorContext<String, Figures> context;
    private Entities entities;
    private WriteBackStore<Figures>.Values dayFigures;
    private final DayChanges changes = new DayChanges();
    /** territory|day -> the sum of its changes since the last commit, in the order of first change. */
    private final Map<String, Figures> toForward = new LinkedHashMap<>();

    @Override
    public void init(ProcessorContext<String, Figures> context) {
        this.context = context;
        WriteBackStore<TerritoryEntity>.Values stored = WriteBackStore.values(context.getStateStore(AggregationTopology.TERRITORY_ENTITIES));
        entities = Entities.of(stored::get, stored::put);
        dayFigures = WriteBackStore.values(context.getStateStore(AggregationTopology.TERRITORY_DAY_FIGURES));
        toForward.clear(); // set up again after a failure: what was gathered was never committed, and is read again
        ForwardAtCommit.schedule(context, dayFigures, this::forwardToNetwork);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() == null) {
            return; // a tombstone carries no event
        }
        changes.clear();
        if (!TerritoryEvents.apply(record.key(), record.value(), entities, changes)) {
            return; // a copy of an event already counted
        }
        for (Map.Entry<Long, Figures> day : changes.nonEmpty().entrySet()) {
            String key = StoreKeys.territoryDay(record.key(), LocalDate.ofEpochDay(day.getKey()));
            Figures change = day.getValue(); // a new object per event: kept, not copied
            addTo(dayFigures, key, change);
            toForward.merge(key, change, Figures::add);
        }
    }

    private static void addTo(WriteBackStore<Figures>.Values store, String key, Figures change) {
        Figures current = store.get(key);
        Figures updated = current == null ? Figures.copyOf(change) : current.add(change);
        if (updated.isEmpty()) {
            store.delete(key);
        } else {
            store.put(key, updated);
        }
    }

    /** Right before the commit: the network gets the change of every day that changed since the last one. */
    private void forwardToNetwork(long now) {
        for (Map.Entry<String, Figures> day : toForward.entrySet()) {
            if (!day.getValue().isEmpty()) {
                context.forward(new Record<>(day.getKey(), day.getValue(), now));
            }
        }
        toForward.clear();
    }
}
