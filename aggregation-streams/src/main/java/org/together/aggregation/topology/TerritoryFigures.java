package org.together.aggregation.topology;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
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
 *   <li>The day changes go to the territory's day figures, and the changed days are noted in an outbox; every
 *       {@value #FORWARD_EVERY_MS} ms their current figures are forwarded to the network, so the network combines
 *       coalesced per-territory-per-day figures, never raw events. The outbox is a changelogged store: a change not
 *       yet forwarded survives a crash.</li>
 * </ul>
 */
final class TerritoryFigures implements Processor<String, SpecificRecord, String, Figures> {

    static final long FORWARD_EVERY_MS = 200;

    private ProcessorContext<String, Figures> context;
    private Entities entities;
    private WriteBackStore<Figures>.Values dayFigures;
    private WriteBackStore<Long>.Values outbox;
    private final DayChanges changes = new DayChanges();

    @Override
    public void init(ProcessorContext<String, Figures> context) {
        this.context = context;
        WriteBackStore<TerritoryEntity>.Values stored = WriteBackStore.values(context.getStateStore(AggregationTopology.TERRITORY_ENTITIES));
        entities = Entities.of(stored::get, stored::put);
        dayFigures = WriteBackStore.values(context.getStateStore(AggregationTopology.TERRITORY_DAY_FIGURES));
        outbox = WriteBackStore.values(context.getStateStore(AggregationTopology.NETWORK_OUTBOX));
        context.schedule(Duration.ofMillis(FORWARD_EVERY_MS), PunctuationType.WALL_CLOCK_TIME, this::forwardToNetwork);
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
            addTo(dayFigures, key, day.getValue());
            outbox.put(key, context.currentSystemTimeMs()); // this day changed: the network gets its new figures
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

    /** Sends the network the current figures of every day that changed since the last time. */
    private void forwardToNetwork(long now) {
        for (String day : outbox.keys()) {
            Figures figures = dayFigures.get(day);
            context.forward(new Record<>(day, figures == null ? new Figures() : figures, now));
            outbox.delete(day);
        }
    }
}
