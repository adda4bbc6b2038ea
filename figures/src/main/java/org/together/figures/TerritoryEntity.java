package org.together.figures;

/**
 * What a territory's figures remember between events, one per key of {@link EntityKeys}: a participant's
 * timeline, a tool user, an evaluating group, a counted footprint assessment. A late event recomputes what its
 * entity contributes, so the figures never depend on the order events arrive in.
 */
public sealed interface TerritoryEntity permits ParticipantTimeline, ToolUser, EvaluatingGroup, CountedAssessment,
        EvaluatedApproach {
}
