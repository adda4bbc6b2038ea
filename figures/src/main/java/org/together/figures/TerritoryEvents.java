package org.together.figures;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.together.events.ApproachEvaluated;
import org.together.events.EventEnvelope;
import org.together.events.FootprintAssessed;
import org.together.events.FootprintBreakdown;
import org.together.events.JoinChannel;
import org.together.events.ParticipantJoined;
import org.together.events.ParticipantLeft;
import org.together.events.ParticipantRole;
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
 * <p>Two drivers, one set of rules. The live topology {@link #apply applies} each event as it arrives: its changes
 * are the entity's contribution after the event minus before, plus the event's own. A report lets the entities
 * {@link #absorb} the events of the log and adds each entity's contribution once at the end, which sums to the same
 * days. Both see the events of an entity in the order of their partition, so both count the same.
 */
public final class TerritoryEvents {

    /** Roles and channels as the contract names them: a handful of names, one String each however many keep them. */
    private static final Map<ParticipantRole, String> ROLES = wireNames(ParticipantRole.class);
    private static final Map<JoinChannel, String> CHANNELS = wireNames(JoinChannel.class);

    private TerritoryEvents() {
    }

    private static <E extends Enum<E>> Map<E, String> wireNames(Class<E> type) {
        Map<E, String> names = new EnumMap<>(type);
        for (E symbol : type.getEnumConstants()) {
            names.put(symbol, WireNames.of(symbol));
        }
        return names;
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
     * Applies one event as it arrives.
     *
     * @param filedUnder the territory the log filed it under (its record key)
     * @param changes receives the changes of the event's days as they are made, so it may be a running sum (nothing
     *     for a copy already counted, nor when an {@link UnusableEventException} is thrown)
     * @return true when counted; false for a copy of an event already counted
     * @throws UnusableEventException for an event filed under another territory or naming no one; nothing changed
     */
    public static boolean apply(String filedUnder, SpecificRecord event, Entities entities, DaySink changes) {
        return handle(filedUnder, event, entities, changes, changes);
    }

    /**
     * Lets the event's entity absorb it, and adds what the event adds itself (the event, a rating, an evaluation's
     * notes, an assessment) to {@code days}; what the entity contributes is left to its {@code contributeTo}, once
     * every event is absorbed.
     *
     * @return true when counted; false for a copy of an event already counted
     * @throws UnusableEventException for an event filed under another territory or naming no one; nothing changed
     */
    public static boolean absorb(String filedUnder, SpecificRecord event, Entities entities, DaySink days) {
        return handle(filedUnder, event, entities, null, days);
    }

    /** @param contributions receives the entity's contribution after minus before; null: left to the caller */
    private static boolean handle(String filedUnder, SpecificRecord event, Entities entities, DaySink contributions,
                                  DaySink days) {
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
                    ParticipantTimeline.Entry.join(occurredAt, eventId, ROLES.get(joined.getRole()),
                            joined.getChannel() == null ? null : CHANNELS.get(joined.getChannel())), contributions);
        } else if (event instanceof ParticipantLeft left) {
            counted = participation(entities, EntityKeys.participant(territory, left.getParticipantId()),
                    ParticipantTimeline.Entry.leave(occurredAt, eventId), contributions);
        } else if (event instanceof ToolUsed used) {
            counted = toolUse(entities, territory, eventId, occurredAt, receivedAt, used, contributions, days);
        } else if (event instanceof WellbeingEvaluated evaluated) {
            counted = evaluation(entities, territory, eventId, occurredAt, receivedAt, evaluated, contributions, days);
        } else if (event instanceof FootprintAssessed assessed) {
            counted = assessment(entities, eventId, occurredAt, assessed, days);
        } else if (event instanceof ApproachEvaluated evaluated) {
            counted = approachEvaluation(entities, territory, eventId, occurredAt, evaluated, contributions, days);
        } else {
            throw new UnusableEventException("not a territory event: " + event.getSchema().getFullName());
        }
        if (counted) {
            days.at(occurredAt).addEvent(occurredAt);
        }
        return counted;
    }

    private static boolean participation(Entities entities, String key, ParticipantTimeline.Entry entry, DaySink contributions) {
        ParticipantTimeline timeline = (ParticipantTimeline) entities.get(key);
        if (timeline == null) {
            timeline = new ParticipantTimeline();
        } else if (timeline.contains(entry.eventId())) {
            return false;
        }
        if (contributions != null) {
            timeline.contributeTo(contributions, -1);
        }
        timeline.add(entry);
        if (contributions != null) {
            timeline.contributeTo(contributions, +1);
        }
        entities.put(key, timeline);
        return true;
    }

    /** A tool's user is the participant it names, else the group. */
    private static boolean toolUse(Entities entities, String territory, String eventId, long occurredAt, long receivedAt,
                                   ToolUsed used, DaySink contributions, DaySink days) {
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
        if (contributions != null) {
            state.contributeTo(contributions, tool, -1);
        }
        state.reach(switch (used.getStage()) {
            case DISCOVERED -> ToolUser.Stage.DISCOVERED;
            case STARTED -> ToolUser.Stage.STARTED;
            case COMPLETED -> ToolUser.Stage.COMPLETED;
        }, UtcDays.of(occurredAt));
        state.absorbed().add(eventId, receivedAt);
        if (contributions != null) {
            state.contributeTo(contributions, tool, +1);
        }
        if (used.getRating() != null) {
            days.at(occurredAt).addToolRating(tool, used.getRating());
        }
        entities.put(key, state);
        if (used.getParticipantId() != null && used.getStage() != org.together.events.ToolStage.DISCOVERED) {
            toolUseOfParticipant(entities, EntityKeys.participant(territory, used.getParticipantId()), occurredAt, contributions);
        }
        return true;
    }

    /** Its participant's cohort counts a tool user in the month and quarter of a start or a completion. */
    private static void toolUseOfParticipant(Entities entities, String key, long occurredAt, DaySink contributions) {
        ParticipantTimeline timeline = (ParticipantTimeline) entities.get(key);
        long day = UtcDays.of(occurredAt);
        if (timeline == null) {
            timeline = new ParticipantTimeline();
        } else if (timeline.usedToolBy(day)) {
            return;
        }
        if (contributions != null) {
            timeline.contributeTo(contributions, -1);
        }
        timeline.usedToolOn(day);
        if (contributions != null) {
            timeline.contributeTo(contributions, +1);
        }
        entities.put(key, timeline);
    }

    /**
     * An Annex 1 evaluation adds its scores and key elements to its day; its approach decides the distinct approaches
     * and the tonnes avoided.
     */
    private static boolean approachEvaluation(Entities entities, String territory, String eventId, long occurredAt,
                                              ApproachEvaluated evaluated, DaySink contributions, DaySink days) {
        String key = EntityKeys.approach(territory, evaluated.getApproachId());
        EvaluatedApproach approach = (EvaluatedApproach) entities.get(key);
        if (approach == null) {
            approach = new EvaluatedApproach();
        } else if (approach.contains(eventId)) {
            return false;
        }
        String kind = WireNames.of(evaluated.getApproachKind());
        Double tonnes = evaluated.getTonnesCo2eAvoidedPerYear();
        EvaluatedApproach.Evaluation evaluation = new EvaluatedApproach.Evaluation(occurredAt, eventId, kind,
                tonnes == null ? EvaluatedApproach.NOT_STATED : Footprints.kilograms(tonnes));
        if (contributions != null) {
            approach.contributeTo(contributions, -1);
        }
        approach.add(evaluation);
        if (contributions != null) {
            approach.contributeTo(contributions, +1);
        }
        entities.put(key, approach);
        Map<String, Integer> scores = new java.util.TreeMap<>(evaluated.getResourceEfficiency());
        scores.putAll(evaluated.getImmaterialWellbeing());
        days.at(occurredAt).addApproachEvaluation(kind, scores, evaluated.getKeyElements(), 1);
        return true;
    }

    private static boolean evaluation(Entities entities, String territory, String eventId, long occurredAt, long receivedAt,
                                      WellbeingEvaluated evaluated, DaySink contributions, DaySink days) {
        String key = EntityKeys.evaluatingGroup(territory, evaluated.getGroupId());
        EvaluatingGroup group = (EvaluatingGroup) entities.get(key);
        if (group == null) {
            group = new EvaluatingGroup();
        } else if (group.absorbed().contains(eventId)) {
            return false;
        }
        if (contributions != null) {
            group.contributeTo(contributions, -1);
        }
        group.evaluatedOn(UtcDays.of(occurredAt));
        group.absorbed().add(eventId, receivedAt);
        if (contributions != null) {
            group.contributeTo(contributions, +1);
        }
        entities.put(key, group);

        Figures day = days.at(occurredAt);
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
                                      DaySink days) {
        String key = EntityKeys.assessment(eventId);
        if (entities.get(key) != null) {
            return false;
        }
        entities.put(key, new CountedAssessment(occurredAt));
        double tonnes = assessed.getTonnesCo2ePerYear();
        Figures day = days.at(occurredAt);
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
