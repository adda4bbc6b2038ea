package org.together.aggregation.topology;

import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.together.events.EventEnvelope;
import org.together.events.FootprintAssessed;
import org.together.events.ParticipantJoined;
import org.together.events.ParticipantLeft;
import org.together.events.SpiralCriterion;
import org.together.events.ToolUsed;
import org.together.events.WellbeingEvaluated;

/**
 * Turns a territory's events into its figures, per UTC day of event time.
 *
 * <p>Runs in the task of the territory's partition, so it sees every event of the territory, of
 * all five types, and nothing else needs a repartition:
 * <ul>
 *   <li>A participant's joins and leaves, a tool user's stages, a group's evaluations are each
 *       kept under one key (territory + participant / tool + user / group). An event changes the
 *       figures by what that entity contributes after it minus what it contributed before, so a
 *       late event moves its entity's contributions to the right days.</li>
 *   <li>Never counted twice: an eventId belongs to one event of one territory, and a resent event
 *       is identical (ingest rejects a reused id with other content), and it is keyed by its
 *       territory, so every copy of it lands in this same task, whatever topic it is in. The entity
 *       an event is about remembers the ids it has absorbed, so a duplicate meets its original in
 *       the same store without a repartition; footprint assessments, which have no entity, are
 *       remembered by eventId.</li>
 *   <li>The day changes go to the territory's day figures, and the changed days are noted in an
 *       outbox; every {@value #FORWARD_EVERY_MS} ms their current figures are forwarded to the
 *       network, so the network combines coalesced per-territory-per-day figures, never raw events.
 *       The outbox is a changelogged store: a change not yet forwarded survives a crash.</li>
 *   <li>Per event: one entity read and write, one day-figures update, one outbox mark. All-time
 *       figures of a territory are the sum of its days, added up when asked.</li>
 * </ul>
 */
final class TerritoryFigures implements Processor<String, SpecificRecord, String, Figures> {

    static final long FORWARD_EVERY_MS = 200;

    private ProcessorContext<String, Figures> context;
    private WriteBackStore<Object>.Values entities;
    private WriteBackStore<Figures>.Values dayFigures;
    private WriteBackStore<Long>.Values outbox;

    @Override
    public void init(ProcessorContext<String, Figures> context) {
        this.context = context;
        entities = WriteBackStore.values(context.getStateStore(AggregationTopology.TERRITORY_ENTITIES));
        dayFigures = WriteBackStore.values(context.getStateStore(AggregationTopology.TERRITORY_DAY_FIGURES));
        outbox = WriteBackStore.values(context.getStateStore(AggregationTopology.NETWORK_OUTBOX));
        context.schedule(Duration.ofMillis(FORWARD_EVERY_MS), PunctuationType.WALL_CLOCK_TIME, now -> forwardToNetwork(now));
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        SpecificRecord event = record.value();
        if (event == null) {
            return; // a tombstone carries no event
        }
        EventEnvelope envelope = envelopeOf(event);
        String territory = envelope.getTerritoryId();
        if (!territory.equals(record.key())) {
            throw new UnusableEventException("record key " + record.key() + " is not the event's territoryId " + territory
                    + ": events are keyed by territoryId, or their territory's figures would be split across tasks");
        }
        String eventId = envelope.getEventId();
        long occurredAt = envelope.getOccurredAt().toEpochMilli();
        long receivedAt = envelope.getReceivedAt().toEpochMilli();
        DayChanges changes = new DayChanges();
        boolean counted;
        if (event instanceof ParticipantJoined joined) {
            counted = participation(territory, joined.getParticipantId(), new ParticipantTimeline.Entry(occurredAt, true, eventId), changes);
        } else if (event instanceof ParticipantLeft left) {
            counted = participation(territory, left.getParticipantId(), new ParticipantTimeline.Entry(occurredAt, false, eventId), changes);
        } else if (event instanceof ToolUsed used) {
            counted = toolUse(territory, eventId, occurredAt, receivedAt, used, changes);
        } else if (event instanceof WellbeingEvaluated evaluated) {
            counted = evaluation(territory, eventId, occurredAt, receivedAt, evaluated, changes);
        } else if (event instanceof FootprintAssessed assessed) {
            counted = assessment(eventId, occurredAt, assessed, changes);
        } else {
            throw new UnusableEventException("not a territory event: " + event.getSchema().getFullName());
        }
        if (!counted) {
            return; // a duplicate of an event already counted
        }
        changes.at(occurredAt).event(occurredAt);
        record(territory, changes);
    }

    private static EventEnvelope envelopeOf(SpecificRecord event) {
        // every event schema starts with its envelope
        Object first = event.get(0);
        if (!(first instanceof EventEnvelope envelope)) {
            throw new UnusableEventException("event " + event.getSchema().getFullName() + " has no envelope");
        }
        return envelope;
    }

    private boolean participation(String territory, String participantId, ParticipantTimeline.Entry entry, DayChanges changes) {
        String key = StoreKeys.of("participant", territory, participantId);
        ParticipantTimeline timeline = (ParticipantTimeline) entities.get(key);
        if (timeline == null) {
            timeline = new ParticipantTimeline();
        } else if (timeline.contains(entry.eventId())) {
            return false;
        }
        timeline.contributeTo(changes, -1);
        timeline.add(entry);
        timeline.contributeTo(changes, +1);
        entities.put(key, timeline);
        return true;
    }

    private boolean toolUse(String territory, String eventId, long occurredAt, long receivedAt, ToolUsed used, DayChanges changes) {
        String user = used.getParticipantId() != null ? "participant:" + used.getParticipantId()
                : used.getGroupId() != null ? "group:" + used.getGroupId() : null;
        if (user == null) {
            throw new UnusableEventException("tool.used " + eventId + " names neither a participant nor a group");
        }
        String tool = used.getToolId();
        String key = StoreKeys.of("tool-user", territory, tool + StoreKeys.SEPARATOR + user);
        ToolUser state = (ToolUser) entities.get(key);
        if (state == null) {
            state = new ToolUser();
        } else if (state.absorbed.contains(eventId)) {
            return false;
        }
        state.contributeTo(changes, tool, -1);
        switch (used.getStage()) {
            case DISCOVERED -> state.discoveredAt = Math.min(state.discoveredAt, occurredAt);
            case STARTED -> state.startedAt = Math.min(state.startedAt, occurredAt);
            case COMPLETED -> state.completedAt = Math.min(state.completedAt, occurredAt);
        }
        state.absorbed.add(eventId, receivedAt);
        state.contributeTo(changes, tool, +1);
        if (used.getRating() != null) {
            Figures day = changes.at(occurredAt);
            day.tool(tool, Figures.RATING_SUM, used.getRating());
            day.tool(tool, Figures.RATING_COUNT, 1);
        }
        entities.put(key, state);
        return true;
    }

    private boolean evaluation(String territory, String eventId, long occurredAt, long receivedAt, WellbeingEvaluated evaluated,
                               DayChanges changes) {
        String key = StoreKeys.of("evaluating-group", territory, evaluated.getGroupId());
        EvaluatingGroup group = (EvaluatingGroup) entities.get(key);
        if (group == null) {
            group = new EvaluatingGroup();
        } else if (group.absorbed.contains(eventId)) {
            return false;
        }
        group.contributeTo(changes, -1);
        group.firstEvaluatedAt = Math.min(group.firstEvaluatedAt, occurredAt);
        group.absorbed.add(eventId, receivedAt);
        group.contributeTo(changes, +1);
        entities.put(key, group);

        Figures day = changes.at(occurredAt);
        day.evaluation(evaluated.getParticipantsCount());
        for (SpiralCriterion criterion : evaluated.getCriteria()) {
            int column = switch (criterion.getQuestion()) {
                case WELLBEING -> Figures.WELLBEING;
                case ILLBEING -> Figures.ILLBEING;
                case ACTION -> Figures.ACTION;
            };
            day.dimension(criterion.getDimension(), column, criterion.getCount());
        }
        for (Map.Entry<String, Integer> score : evaluated.getScores().entrySet()) {
            day.dimension(score.getKey(), Figures.SCORE_SUM, score.getValue());
            day.dimension(score.getKey(), Figures.SCORE_COUNT, 1);
        }
        return true;
    }

    private boolean assessment(String eventId, long occurredAt, FootprintAssessed assessed, DayChanges changes) {
        String key = StoreKeys.of("assessment", eventId);
        if (entities.get(key) != null) {
            return false;
        }
        entities.put(key, new EntitySerde.CountedAssessment(occurredAt));
        double tonnes = assessed.getTonnesCo2ePerYear();
        changes.at(occurredAt).assessment(Math.round(tonnes * 1000), tonnes < 2.0);
        return true;
    }

    private void record(String territory, DayChanges changes) {
        for (Map.Entry<Long, Figures> day : changes.nonEmpty().entrySet()) {
            String key = DayChanges.dayKey(territory, day.getKey());
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
