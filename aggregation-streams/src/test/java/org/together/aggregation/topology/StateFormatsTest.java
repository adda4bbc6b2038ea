package org.together.aggregation.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.together.figures.AbsorbedEvents;
import org.together.figures.CountedAssessment;
import org.together.figures.EvaluatingGroup;
import org.together.figures.Figures;
import org.together.figures.ParticipantTimeline;
import org.together.figures.TerritoryEntity;
import org.together.figures.ToolUser;
import org.together.figures.UtcDays;

/** The model's values as the stores keep them: every format read back, the earlier ones too. */
class StateFormatsTest {

    private static final long T0 = Instant.parse("2026-01-05T10:00:00Z").toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();

    private static TerritoryEntity roundTrip(TerritoryEntity entity) {
        return EntitySerde.decode(EntitySerde.encode(entity));
    }

    @Test
    void toolUsersKeepTheirDaysAndAbsorbedEventsWithReceiptTimes() {
        ToolUser user = new ToolUser();
        user.reach(ToolUser.Stage.STARTED, UtcDays.of(T0));
        user.reach(ToolUser.Stage.STARTED, UtcDays.of(T0 + 30 * DAY));
        user.absorbed().add("e1", T0);
        user.absorbed().add("e2", T0 + DAY);

        ToolUser decoded = (ToolUser) roundTrip(user);

        assertThat(decoded.days(ToolUser.Stage.STARTED)).containsExactly(UtcDays.of(T0), UtcDays.of(T0 + 30 * DAY));
        assertTrue(decoded.absorbed().contains("e1") && decoded.absorbed().contains("e2"));
        decoded.absorbed().add("e3", T0 + 8 * DAY);
        assertFalse(decoded.absorbed().contains("e1"), "receipt times survived the encoding");
        assertTrue(decoded.absorbed().contains("e2"));
    }

    @Test
    void toolUsersOfTheSecondFormatKeepTheirFirstDays() {
        byte[] formatTwo = new Binary.Writer().writeByte(2).version(2).writeLong(Long.MAX_VALUE).writeLong(T0)
                .writeLong(Long.MAX_VALUE).writeLong(1).writeString("e1").writeLong(T0).toByteArray();

        ToolUser user = (ToolUser) EntitySerde.decode(formatTwo);

        assertThat(user.days(ToolUser.Stage.STARTED)).containsExactly(UtcDays.of(T0));
        assertThat(user.days(ToolUser.Stage.DISCOVERED)).isEmpty();
        assertTrue(user.absorbed().contains("e1"));
    }

    @Test
    void evaluatingGroupsWrittenByTheFirstFormatAreReadAndTheirOldIdsGoAtTheNextEvent() {
        byte[] formatOne = new Binary.Writer().writeByte(3).version(1).writeLong(T0).writeLong(2).writeString("old-1")
                .writeString("old-2").toByteArray();

        EvaluatingGroup group = (EvaluatingGroup) EntitySerde.decode(formatOne);

        assertEquals(UtcDays.of(T0), group.firstDay());
        assertTrue(group.absorbed().contains("old-1") && group.absorbed().contains("old-2"));
        group.absorbed().add("new", T0 + DAY);
        assertFalse(group.absorbed().contains("old-1"));
        assertEquals(1, group.absorbed().size());
    }

    @Test
    void timelinesKeepRolesAndChannelsAndThoseOfTheFirstFormatHaveNone() {
        ParticipantTimeline timeline = new ParticipantTimeline();
        timeline.add(ParticipantTimeline.Entry.join(T0, "e1", "citizen", null));
        timeline.add(ParticipantTimeline.Entry.leave(T0 + DAY, "e2"));
        assertThat(((ParticipantTimeline) roundTrip(timeline)).entries()).isEqualTo(timeline.entries());

        byte[] formatOne = new Binary.Writer().writeByte(1).version(1).writeLong(1).writeLong(T0).writeByte(1).writeString("e1")
                .toByteArray();
        assertThat(((ParticipantTimeline) EntitySerde.decode(formatOne)).entries())
                .containsExactly(new ParticipantTimeline.Entry(T0, true, "e1", null, null));
    }

    @Test
    void aCountedAssessmentKeepsItsTime() {
        assertThat(roundTrip(new CountedAssessment(T0))).isEqualTo(new CountedAssessment(T0));
    }

    @Test
    void figuresKeepEveryColumn() {
        Figures f = new Figures().addParticipants(2, 3, 1).addNewcomers("citizen", "unknown", 2).addEvent(T0)
                .addToolStage("action-plan", Figures.ToolStage.ADOPTED, 1).addToolRating("action-plan", 5)
                .addEvaluation(9).addEvaluations(0, 1, 0).addCriteria("A", Figures.Question.ILLBEING, 4).addScore("C", 3)
                .addAssessments(1, 1_950, 1).addFootprintBand(1, 1).addFootprintDomain("goods", 300, 1);

        assertThat(FiguresSerde.decode(FiguresSerde.encode(f))).isEqualTo(f);
        assertThat(FiguresSerde.decode(FiguresSerde.encode(new Figures()))).isEqualTo(new Figures());
    }

    @Test
    void figuresOfTheFirstFormatAreReadWithoutTheLaterColumns() {
        byte[] formatOne = new Binary.Writer().version(1).writeLong(1).writeLong(1).writeLong(0).writeLong(1).writeLong(T0)
                .writeLong(0).writeLong(0).writeLong(0).writeLong(0).writeLong(0).writeLong(0)
                .writeLong(1).writeString("choices-guide").writeLong(0).writeLong(1).writeLong(0).writeLong(1).writeLong(0).writeLong(0)
                .writeLong(0).toByteArray();

        Figures f = FiguresSerde.decode(formatOne);

        assertThat(f.newParticipants()).isEqualTo(1);
        assertThat(f.lastEventAt()).isEqualTo(T0);
        assertThat(f.tool("choices-guide").starts()).isEqualTo(1);
        assertThat(f.newByRole()).isEmpty();
        assertThat(f.footprintDomains()).isEqualTo(Map.of());
        assertThat(List.of(f.footprintBands().length)).containsExactly(7);
    }

    @Test
    void approachesCohortsAndToolUseDaysAreKeptAndTheSecondFormatsAreReadWithoutThem() {
        Figures f = new Figures().addApproachEvaluation("exchange-system", Map.of("relations", 4), List.of("direct-democracy"), 1)
                .addApproaches("exchange-system", 1, 6_500).addCohortJoined("2021-03", 2).addCohortActivity("2021-03", 1)
                .addCohortToolUsers(org.together.figures.Period.QUARTER, "2021-Q1", "2021-Q2", 1);
        assertThat(FiguresSerde.decode(FiguresSerde.encode(f))).isEqualTo(f);

        Figures formatTwo = new Figures().addParticipants(1, 1, 0).addFootprintDomain("goods", 300, 1);
        byte[] bytes = FiguresSerde.encode(formatTwo);
        bytes[0] = 2; // the same figures as the previous release wrote them: no approach or cohort columns after
        byte[] previous = java.util.Arrays.copyOf(bytes, bytes.length - 3); // three empty counts, a byte each
        assertThat(FiguresSerde.decode(previous)).isEqualTo(formatTwo);

        ParticipantTimeline timeline = new ParticipantTimeline();
        timeline.add(ParticipantTimeline.Entry.join(T0, "e1", "citizen", null));
        timeline.usedToolOn(org.together.figures.UtcDays.of(T0));
        assertThat(((ParticipantTimeline) roundTrip(timeline)).toolUseDays()).containsExactly(org.together.figures.UtcDays.of(T0));
        byte[] timelineTwo = new Binary.Writer().writeByte(1).version(2).writeLong(1).writeLong(T0).writeByte(1).writeString("e1")
                .writeString("citizen").writeString("").toByteArray();
        ParticipantTimeline old = (ParticipantTimeline) EntitySerde.decode(timelineTwo);
        assertThat(old.entries()).containsExactly(new ParticipantTimeline.Entry(T0, true, "e1", "citizen", null));
        assertThat(old.toolUseDays()).isEmpty();

        org.together.figures.EvaluatedApproach approach = new org.together.figures.EvaluatedApproach();
        approach.add(new org.together.figures.EvaluatedApproach.Evaluation(T0, "a1", "local-energy", 40_000));
        approach.add(new org.together.figures.EvaluatedApproach.Evaluation(T0 + DAY, "a2", "local-energy",
                org.together.figures.EvaluatedApproach.NOT_STATED));
        assertThat(((org.together.figures.EvaluatedApproach) roundTrip(approach)).evaluations()).isEqualTo(approach.evaluations());
    }

    @Test
    void restoredAbsorbedEventsKeepTheirOrder() {
        AbsorbedEvents absorbed = AbsorbedEvents.restore(Map.of("only", T0));
        assertThat(absorbed.receipts()).containsExactly(Map.entry("only", T0));
    }
}
