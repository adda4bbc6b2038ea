package org.together.aggregation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.together.events.ApproachEvaluated;
import org.together.events.ApproachEvidence;
import org.together.events.ApproachKind;
import org.together.events.ApproachSubject;
import org.together.events.EvaluationMethod;
import org.together.events.EventEnvelope;
import org.together.events.FootprintAssessed;
import org.together.events.ParticipantJoined;
import org.together.events.ParticipantLeft;
import org.together.events.ParticipantRole;
import org.together.events.SpiralCriterion;
import org.together.events.SpiralQuestion;
import org.together.events.ToolStage;
import org.together.events.ToolUsed;
import org.together.events.WellbeingEvaluated;
import org.together.reference.Territory;

/** Territory events as the ingest service writes them, for tests. */
public final class TestEvents {

    private TestEvents() {
    }

    public static EventEnvelope envelope(String territoryId, String occurredAt) {
        Instant at = Instant.parse(occurredAt);
        return EventEnvelope.newBuilder().setEventId(UUID.randomUUID().toString()).setTerritoryId(territoryId)
                .setOccurredAt(at).setReceivedAt(at.plusSeconds(60)).setSource(null).build();
    }

    public static ParticipantJoined joined(String territoryId, String participantId, String occurredAt) {
        return ParticipantJoined.newBuilder().setEnvelope(envelope(territoryId, occurredAt))
                .setParticipantId(participantId).setRole(ParticipantRole.CITIZEN).setGroupId(null).setChannel(null).build();
    }

    public static ParticipantLeft left(String territoryId, String participantId, String occurredAt) {
        return ParticipantLeft.newBuilder().setEnvelope(envelope(territoryId, occurredAt))
                .setParticipantId(participantId).setReason(null).build();
    }

    public static ToolUsed toolUsedByParticipant(String territoryId, String participantId, String toolId, ToolStage stage,
                                                 Integer rating, String occurredAt) {
        return ToolUsed.newBuilder().setEnvelope(envelope(territoryId, occurredAt)).setToolId(toolId).setStage(stage)
                .setParticipantId(participantId).setGroupId(null).setRating(rating).setDurationMinutes(null).build();
    }

    public static ToolUsed toolUsedByGroup(String territoryId, String groupId, String toolId, ToolStage stage, String occurredAt) {
        return ToolUsed.newBuilder().setEnvelope(envelope(territoryId, occurredAt)).setToolId(toolId).setStage(stage)
                .setParticipantId(null).setGroupId(groupId).setRating(null).setDurationMinutes(null).build();
    }

    public static SpiralCriterion criterion(String dimension, SpiralQuestion question, int count) {
        return SpiralCriterion.newBuilder().setDimension(dimension).setComponent(null).setQuestion(question).setCount(count).build();
    }

    public static WellbeingEvaluated criteriaEvaluation(String territoryId, String groupId, int participants,
                                                        List<SpiralCriterion> criteria, String occurredAt) {
        return WellbeingEvaluated.newBuilder().setEnvelope(envelope(territoryId, occurredAt)).setGroupId(groupId)
                .setParticipantsCount(participants).setMethod(EvaluationMethod.SPIRAL_CRITERIA)
                .setCriteria(criteria).setScores(Map.of()).build();
    }

    public static WellbeingEvaluated coEvaluation(String territoryId, String groupId, int participants,
                                                  Map<String, Integer> scores, String occurredAt) {
        return WellbeingEvaluated.newBuilder().setEnvelope(envelope(territoryId, occurredAt)).setGroupId(groupId)
                .setParticipantsCount(participants).setMethod(EvaluationMethod.CO_EVALUATION)
                .setCriteria(List.of()).setScores(scores).build();
    }

    public static FootprintAssessed assessed(String territoryId, String participantId, double tonnes, String occurredAt) {
        return FootprintAssessed.newBuilder().setEnvelope(envelope(territoryId, occurredAt)).setParticipantId(participantId)
                .setGroupId(null).setTonnesCo2ePerYear(tonnes).setBreakdown(null).build();
    }

    public static ApproachEvaluated approachEvaluated(String territoryId, String approachId, ApproachKind kind,
                                                      Map<String, Integer> resourceEfficiency,
                                                      Map<String, Integer> immaterialWellbeing, List<String> keyElements,
                                                      Double tonnesAvoided, String occurredAt) {
        return ApproachEvaluated.newBuilder().setEnvelope(envelope(territoryId, occurredAt)).setApproachId(approachId)
                .setApproachKind(kind).setSubject(ApproachSubject.APPROACH).setGroupId(null)
                .setResourceEfficiency(resourceEfficiency).setImmaterialWellbeing(immaterialWellbeing)
                .setKeyElements(keyElements).setEvidence(ApproachEvidence.SPIRAL_CO_EVALUATION)
                .setTonnesCo2eAvoidedPerYear(tonnesAvoided).build();
    }

    public static Territory territory(String id, String name, String countryCode) {
        return Territory.newBuilder().setId(id).setName(name).setCountryCode(countryCode).setKind("municipality")
                .setPopulation(null).setLat(null).setLon(null).setRegisteredAt(Instant.parse("2021-01-01T00:00:00Z")).build();
    }
}
