package org.together.figures;

import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.together.events.EventEnvelope;
import org.together.events.FootprintAssessed;
import org.together.events.FootprintBreakdown;
import org.together.events.ParticipantJoined;
import org.together.events.ParticipantLeft;
import org.together.events.SpiralCriterion;
import org.together.events.ToolUsed;
import org.together.events.WellbeingEvaluated;
import org.together.schemas.WireNames;

/**
 * What one event of a territory does to its figures: it updates the entity it is about and changes the figures of
 * the days that entity contributes to, by what the entity contributes after the event minus what it contributed
 * before, plus what the event adds itself (a rating, an evaluation's notes, an assessment).
 *
 * <p>Never counted twice: an eventId belongs to one event of one territory, and a copy is identical (ingest rejects
 * a reused id with other content). Events are filed under their territory, so every copy of one meets the entity of
 * the first; the entity remembers the ids it absorbed; footprint assessments, which have no other entity, are
 * remembered by eventId.
 *
 * <p>The live topology applies this per event as it arrives; a report applies it to the events of the log. Both see
 * the events of an entity in the order of their partition, so both count the same.
 */
public final class TerritoryEvents {

    private TerritoryEvents() {
    }

    /** Every event schema starts with its envelope. */
    public static EventEnvelope envelope(SpecificRecord event) {
        Object first = event.get(0);
        if (!(first instanceof EventEnvelope envelope)) {
            throw new UnusableEventException("event " + event.getSchema().getFullName() + " has no envelope");
        }
        return envelope;
    }

    /**
     * Applies one event.
     *
     * @param filedUnder the territory the log filed it under (its record key)
     * @param changes receives the changes of the event's days (left empty for a copy already counted)
     * @return true when counted; false for a copy of an event already counted
     * @throws UnusableEventException for an event filed under another territory or naming no one; nothing changed
     */
    public static boolean apply(String filedUnder, SpecificRecord event, Entities entities, DayChanges changes) {
        EventEnvelope envelope = envelope(event);
        String territory = envelope.getTerritoryId();
        if (!territory.equals(filedUnder)) {
            throw new UnusableEventException("record key " + filedUnder + " is not the event's territoryId " + territory
                    + ": events are keyed by territoryId, or their territory's figures would be split apart");
        }
        String eventId = envelope.getEventId();
        long occurredAt = envelope.getOccurredAt().toEpochMilli();
        long receivedAt = envelope.getReceivedAt().toEpochMilli();
        boolean counted;
        if (event instanceof ParticipantJoined joined) {
            counted = participation(entities, EntityKeys.participant(territory, joined.getParticipantId()),
                    ParticipantTimeline.Entry.join(occurredAt, eventId, WireNames.of(joined.getRole()),
                            joined.getChannel() == null ? null : WireNames.of(joined.getChannel())), changes);
        } else if (event instanceof ParticipantLeft left) {
            counted = participation(entities, EntityKeys.participant(territory, left.getParticipantId()),
                    ParticipantTimeline.Entry.leave(occurredAt, eventId), changes);
        } else if (event instanceof ToolUsed used) {
            counted = toolUse(entities, territory, eventId, occurredAt, receivedAt, used, changes);
        } else if (event instanceof WellbeingEvaluated evaluated) {
            counted = evaluation(entities, territory, eventId, occurredAt, receivedAt, evaluated, changes);
        } else if (event instanceof FootprintAssessed assessed) {
            counted = assessment(entities, eventId, occurredAt, assessed, changes);
        } else {
            throw new UnusableEventException("not a territory event: " + event.getSchema().getFullName());
        }
        if (counted) {
            changes.at(occurredAt).addEvent(occurredAt);
        }
        return counted;
    }

    private static boolean participation(Entities entities, String key, ParticipantTimeline.Entry entry, DayChanges changes) {
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

    /** A tool's user is the participant it names, else the group. */
    private static boolean toolUse(Entities entities, String territory, String eventId, long occurredAt, long receivedAt,
                                   ToolUsed used, DayChanges changes) {
        String user = used.getParticipantId() != null ? "participant:" + used.getParticipantId()
                : used.getGroupId() != null ? "group:" + used.getGroupId() : null;
        if (user == null) {
            throw new UnusableEventException("tool.used " + eventId + " names neither a participant nor a group");
        }
        String tool = used.getToolId();
        String key = EntityKeys.toolUser(territory, tool, user);
        ToolUser state = (ToolUser) entities.get(key);
        if (state == null) {
            state = new ToolUser();
        } else if (state.absorbed().contains(eventId)) {
            return false;
        }
        state.contributeTo(changes, tool, -1);
        state.reach(switch (used.getStage()) {
            case DISCOVERED -> ToolUser.Stage.DISCOVERED;
            case STARTED -> ToolUser.Stage.STARTED;
            case COMPLETED -> ToolUser.Stage.COMPLETED;
        }, UtcDays.of(occurredAt));
        state.absorbed().add(eventId, receivedAt);
        state.contributeTo(changes, tool, +1);
        if (used.getRating() != null) {
            changes.at(occurredAt).addToolRating(tool, used.getRating());
        }
        entities.put(key, state);
        return true;
    }

    private static boolean evaluation(Entities entities, String territory, String eventId, long occurredAt, long receivedAt,
                                      WellbeingEvaluated evaluated, DayChanges changes) {
        String key = EntityKeys.evaluatingGroup(territory, evaluated.getGroupId());
        EvaluatingGroup group = (EvaluatingGroup) entities.get(key);
        if (group == null) {
            group = new EvaluatingGroup();
        } else if (group.absorbed().contains(eventId)) {
            return false;
        }
        group.contributeTo(changes, -1);
        group.evaluatedOn(UtcDays.of(occurredAt));
        group.absorbed().add(eventId, receivedAt);
        group.contributeTo(changes, +1);
        entities.put(key, group);

        Figures day = changes.at(occurredAt);
        day.addEvaluation(evaluated.getParticipantsCount());
        for (SpiralCriterion criterion : evaluated.getCriteria()) {
            day.addCriteria(criterion.getDimension(), switch (criterion.getQuestion()) {
                case WELLBEING -> Figures.Question.WELLBEING;
                case ILLBEING -> Figures.Question.ILLBEING;
                case ACTION -> Figures.Question.ACTION;
            }, criterion.getCount());
        }
        for (Map.Entry<String, Integer> score : evaluated.getScores().entrySet()) {
            day.addScore(score.getKey(), score.getValue());
        }
        return true;
    }

    private static boolean assessment(Entities entities, String eventId, long occurredAt, FootprintAssessed assessed,
                                      DayChanges changes) {
        String key = EntityKeys.assessment(eventId);
        if (entities.get(key) != null) {
            return false;
        }
        entities.put(key, new CountedAssessment(occurredAt));
        double tonnes = assessed.getTonnesCo2ePerYear();
        Figures day = changes.at(occurredAt);
        day.addAssessments(1, Footprints.kilograms(tonnes), Footprints.underTarget(tonnes) ? 1 : 0);
        day.addFootprintBand(Footprints.band(tonnes), 1);
        FootprintBreakdown breakdown = assessed.getBreakdown();
        if (breakdown != null) {
            domain(day, "food", breakdown, FootprintBreakdown::getFood);
            domain(day, "housing", breakdown, FootprintBreakdown::getHousing);
            domain(day, "mobility", breakdown, FootprintBreakdown::getMobility);
            domain(day, "goods", breakdown, FootprintBreakdown::getGoods);
            domain(day, "publicServices", breakdown, FootprintBreakdown::getPublicServices);
        }
        return true;
    }

    private static void domain(Figures day, String domain, FootprintBreakdown breakdown, Function<FootprintBreakdown, Double> part) {
        Double tonnes = part.apply(breakdown);
        if (tonnes != null) {
            day.addFootprintDomain(domain, Footprints.kilograms(tonnes), 1);
        }
    }
}
