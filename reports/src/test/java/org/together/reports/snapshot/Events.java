package org.together.reports.snapshot;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.together.events.EvaluationMethod;
import org.together.events.EventEnvelope;
import org.together.events.FootprintAssessed;
import org.together.events.FootprintBreakdown;
import org.together.events.JoinChannel;
import org.together.events.ParticipantJoined;
import org.together.events.ParticipantLeft;
import org.together.events.ParticipantRole;
import org.together.events.SpiralCriterion;
import org.together.events.SpiralQuestion;
import org.together.events.ToolStage;
import org.together.events.ToolUsed;
import org.together.events.WellbeingEvaluated;
import org.together.reference.Territory;
import org.together.reference.Tool;

/** Builds event and reference records for tests, tersely. */
public final class Events {
    private Events() {
    }

    public static Instant at(String date) {
        return LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public static Instant at(String date, int hour) {
        return at(date).plusSeconds(hour * 3600L);
    }

    public static EventEnvelope envelope(String territory, Instant occurredAt) {
        return envelope(UUID.randomUUID().toString(), territory, occurredAt, occurredAt.plusSeconds(60));
    }

    public static EventEnvelope envelope(String eventId, String territory, Instant occurredAt, Instant receivedAt) {
        return EventEnvelope.newBuilder().setEventId(eventId).setTerritoryId(territory)
                .setOccurredAt(occurredAt).setReceivedAt(receivedAt).setSource(null).build();
    }

    public static ParticipantJoined joined(String territory, String participant, Instant at) {
        return joined(envelope(territory, at), participant, ParticipantRole.CITIZEN, JoinChannel.WORKSHOP);
    }

    public static ParticipantJoined joined(EventEnvelope envelope, String participant, ParticipantRole role, JoinChannel channel) {
        return ParticipantJoined.newBuilder().setEnvelope(envelope).setParticipantId(participant)
                .setRole(role).setGroupId(null).setChannel(channel).build();
    }

    public static ParticipantLeft left(String territory, String participant, Instant at) {
        return ParticipantLeft.newBuilder().setEnvelope(envelope(territory, at)).setParticipantId(participant)
                .setReason(null).build();
    }

    public static ToolUsed tool(String territory, String participant, String toolId, ToolStage stage, Integer rating, Instant at) {
        return ToolUsed.newBuilder().setEnvelope(envelope(territory, at)).setToolId(toolId).setStage(stage)
                .setParticipantId(participant).setGroupId(null).setRating(rating).setDurationMinutes(null).build();
    }

    public static ToolUsed groupTool(String territory, String group, String toolId, ToolStage stage, Instant at) {
        return ToolUsed.newBuilder().setEnvelope(envelope(territory, at)).setToolId(toolId).setStage(stage)
                .setParticipantId(null).setGroupId(group).setRating(null).setDurationMinutes(null).build();
    }

    public static WellbeingEvaluated criteria(String territory, String group, int people, Instant at, SpiralCriterion... criteria) {
        return WellbeingEvaluated.newBuilder().setEnvelope(envelope(territory, at)).setGroupId(group)
                .setParticipantsCount(people).setMethod(EvaluationMethod.SPIRAL_CRITERIA)
                .setCriteria(List.of(criteria)).setScores(Map.of()).build();
    }

    public static WellbeingEvaluated scores(String territory, String group, int people, Instant at, Map<String, Integer> scores) {
        return WellbeingEvaluated.newBuilder().setEnvelope(envelope(territory, at)).setGroupId(group)
                .setParticipantsCount(people).setMethod(EvaluationMethod.CO_EVALUATION)
                .setCriteria(List.of()).setScores(scores).build();
    }

    public static SpiralCriterion criterion(String dimension, SpiralQuestion question, int count) {
        return SpiralCriterion.newBuilder().setDimension(dimension).setComponent(null).setQuestion(question).setCount(count).build();
    }

    public static FootprintAssessed footprint(String territory, String participant, double tonnes, Instant at) {
        return footprint(territory, participant, tonnes, null, at);
    }

    public static FootprintAssessed footprint(String territory, String participant, double tonnes, FootprintBreakdown breakdown, Instant at) {
        return FootprintAssessed.newBuilder().setEnvelope(envelope(territory, at)).setParticipantId(participant)
                .setGroupId(null).setTonnesCo2ePerYear(tonnes).setBreakdown(breakdown).build();
    }

    /** An Annex 1 evaluation of an approach: short-circuits and relations scored, direct democracy named. */
    public static org.together.events.ApproachEvaluated approach(String territory, String approachId,
                                                                 org.together.events.ApproachKind kind, int score, Double tonnes,
                                                                 Instant at) {
        return new org.together.events.ApproachEvaluated(envelope(territory, at), approachId, kind,
                org.together.events.ApproachSubject.APPROACH, null, Map.of("short-circuits", score), Map.of("relations", score),
                List.of("direct-democracy"), org.together.events.ApproachEvidence.SURVEY, tonnes);
    }

    public static Territory territory(String id, String name, String country, String kind) {
        return Territory.newBuilder().setId(id).setName(name).setCountryCode(country).setKind(kind)
                .setPopulation(null).setLat(null).setLon(null).setRegisteredAt(at("2020-01-01")).build();
    }

    public static Tool catalogueTool(String id, String name, Map<String, String> names) {
        return Tool.newBuilder().setId(id).setName(name).setNames(names).setUpdatedAt(at("2020-01-01")).build();
    }
}
