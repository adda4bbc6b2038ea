package org.together.figures;

import java.time.Instant;
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

/** Events as ingest writes them, for tests. */
final class Events {

    private Events() {
    }

    static EventEnvelope envelope(String territory, String occurredAt) {
        Instant at = Instant.parse(occurredAt);
        return EventEnvelope.newBuilder().setEventId(UUID.randomUUID().toString()).setTerritoryId(territory)
                .setOccurredAt(at).setReceivedAt(at.plusSeconds(60)).setSource(null).build();
    }

    static ParticipantJoined joined(String territory, String participant, String at) {
        return ParticipantJoined.newBuilder().setEnvelope(envelope(territory, at)).setParticipantId(participant)
                .setRole(ParticipantRole.PUBLIC_ACTOR).setGroupId(null).setChannel(JoinChannel.ONLINE).build();
    }

    static ParticipantLeft left(String territory, String participant, String at) {
        return ParticipantLeft.newBuilder().setEnvelope(envelope(territory, at)).setParticipantId(participant).setReason(null).build();
    }

    static ToolUsed tool(String territory, String participant, String group, ToolStage stage, Integer rating, String at) {
        return ToolUsed.newBuilder().setEnvelope(envelope(territory, at)).setToolId("choices-guide").setStage(stage)
                .setParticipantId(participant).setGroupId(group).setRating(rating).setDurationMinutes(null).build();
    }

    static WellbeingEvaluated criteria(String territory, String group, int people, String at, SpiralCriterion... criteria) {
        return WellbeingEvaluated.newBuilder().setEnvelope(envelope(territory, at)).setGroupId(group)
                .setParticipantsCount(people).setMethod(EvaluationMethod.SPIRAL_CRITERIA)
                .setCriteria(List.of(criteria)).setScores(Map.of()).build();
    }

    static WellbeingEvaluated scores(String territory, String group, int people, String at, Map<String, Integer> scores) {
        return WellbeingEvaluated.newBuilder().setEnvelope(envelope(territory, at)).setGroupId(group)
                .setParticipantsCount(people).setMethod(EvaluationMethod.CO_EVALUATION)
                .setCriteria(List.of()).setScores(scores).build();
    }

    static SpiralCriterion criterion(String dimension, SpiralQuestion question, int count) {
        return SpiralCriterion.newBuilder().setDimension(dimension).setComponent(null).setQuestion(question).setCount(count).build();
    }

    static FootprintAssessed footprint(String territory, double tonnes, FootprintBreakdown breakdown, String at) {
        return FootprintAssessed.newBuilder().setEnvelope(envelope(territory, at)).setParticipantId("p1")
                .setGroupId(null).setTonnesCo2ePerYear(tonnes).setBreakdown(breakdown).build();
    }
}
