package org.together.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.together.figures.Days.on;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.together.events.FootprintBreakdown;
import org.together.events.SpiralQuestion;
import org.together.events.ToolStage;

/** What each kind of event adds to its territory's days, counted once however often it is read. */
class TerritoryEventsTest {

    private final Map<String, TerritoryEntity> stored = new HashMap<>();
    private final Entities entities = Entities.of(stored);

    private DayChanges apply(SpecificRecord event) {
        DayChanges changes = new DayChanges();
        TerritoryEvents.apply(TerritoryEvents.envelope(event).getTerritoryId(), event, entities, changes);
        return changes;
    }

    @Test
    void aJoinAddsANewcomerAndAnEventOnItsDay() {
        Figures day = on(apply(Events.joined("lyon", "p1", "2021-07-10T09:00:00Z")), "2021-07-10");

        assertThat(day.newParticipants()).isEqualTo(1);
        assertThat(day.newByRole()).isEqualTo(Map.of("public-actor", 1L));
        assertThat(day.newByChannel()).isEqualTo(Map.of("online", 1L));
        assertThat(day.events()).isEqualTo(1);
        assertThat(day.lastEventAt()).isEqualTo(Days.at("2021-07-10T09:00:00Z"));
    }

    @Test
    void aLateLeaveRetractsWhatTheParticipantContributedAndAddsItAgainOnTheRightDays() {
        apply(Events.joined("lyon", "p1", "2021-05-03T09:00:00Z"));
        apply(Events.joined("lyon", "p1", "2021-07-07T09:00:00Z"));

        DayChanges c = apply(Events.left("lyon", "p1", "2021-06-01T09:00:00Z"));

        assertThat(on(c, "2021-06-01").deactivations()).isEqualTo(1);
        assertThat(on(c, "2021-07-07").activations()).isEqualTo(1);
        assertThat(on(c, "2021-05-03").isEmpty()).as("the first join's day is unchanged").isTrue();
    }

    @Test
    void aCopyOfAnEventAlreadyCountedChangesNothing() {
        var join = Events.joined("lyon", "p1", "2021-07-10T09:00:00Z");
        var use = Events.tool("lyon", "p1", null, ToolStage.STARTED, 4, "2021-07-10T10:00:00Z");
        var evaluation = Events.scores("lyon", "g1", 8, "2021-07-10T11:00:00Z", Map.of("A", 4));
        var assessment = Events.footprint("lyon", 1.5, null, "2021-07-10T12:00:00Z");
        for (SpecificRecord event : new SpecificRecord[] {join, use, evaluation, assessment}) {
            apply(event);
            DayChanges again = new DayChanges();
            assertThat(TerritoryEvents.apply("lyon", event, entities, again)).as(event.getSchema().getName()).isFalse();
            assertThat(again.nonEmpty()).isEmpty();
        }
    }

    @Test
    void anEventFiledUnderAnotherTerritoryIsUnusableAndChangesNothing() {
        var join = Events.joined("lyon", "p1", "2021-07-10T09:00:00Z");

        assertThatThrownBy(() -> TerritoryEvents.apply("grenoble", join, entities, new DayChanges()))
                .isInstanceOf(UnusableEventException.class).hasMessageContaining("grenoble");
        assertThat(stored).isEmpty();
    }

    @Test
    void aToolUseNamingNeitherParticipantNorGroupIsUnusable() {
        var nobody = Events.tool("lyon", null, null, ToolStage.STARTED, null, "2021-07-10T09:00:00Z");

        assertThatThrownBy(() -> apply(nobody)).isInstanceOf(UnusableEventException.class).hasMessageContaining("neither");
        assertThat(stored).isEmpty();
    }

    @Test
    void aGroupUsingAToolIsOneUserAndARatingCountsOnItsDay() {
        apply(Events.tool("lyon", null, "g1", ToolStage.STARTED, null, "2021-07-05T09:00:00Z"));
        DayChanges c = apply(Events.tool("lyon", null, "g1", ToolStage.COMPLETED, 5, "2021-07-06T09:00:00Z"));

        assertThat(on(c, "2021-07-06").tool("choices-guide")).isEqualTo(new ToolCounts(0, 0, 1, 0, 5, 1));
        assertThat(stored).containsKey(EntityKeys.toolUser("lyon", "choices-guide", "group:g1"));
    }

    @Test
    void anEvaluationAddsItsCitizensNotesAndScoresAndItsGroupOnce() {
        DayChanges first = apply(Events.criteria("lyon", "g1", 10, "2021-05-15T14:00:00Z",
                Events.criterion("A", SpiralQuestion.WELLBEING, 3), Events.criterion("A", SpiralQuestion.ILLBEING, 2),
                Events.criterion("D", SpiralQuestion.ACTION, 4)));
        DayChanges second = apply(Events.scores("lyon", "g1", 9, "2021-06-25T14:00:00Z", Map.of("A", 3, "B", 2)));

        Figures may15 = on(first, "2021-05-15");
        assertThat(may15.evaluations()).isEqualTo(1);
        assertThat(may15.evaluatingGroups()).isEqualTo(1);
        assertThat(may15.citizens()).isEqualTo(10);
        assertThat(may15.dimension("A")).isEqualTo(new DimensionCounts(3, 2, 0, 0, 0));
        assertThat(may15.dimension("D")).isEqualTo(new DimensionCounts(0, 0, 4, 0, 0));
        Figures june25 = on(second, "2021-06-25");
        assertThat(june25.evaluatingGroups()).as("the same group: counted on its first day only").isZero();
        assertThat(june25.dimension("A").meanScore()).isEqualTo(3.0);
        assertThat(june25.dimension("B")).isEqualTo(new DimensionCounts(0, 0, 0, 2, 1));
    }

    @Test
    void anAssessmentCountsInKilogramsAgainstTheTwoTonneGoalStrictly() {
        Figures day = on(apply(Events.footprint("lyon", 2.0, FootprintBreakdown.newBuilder().setFood(0.5).setHousing(null)
                .setMobility(0.25).setGoods(null).setPublicServices(1.25).build(), "2021-05-03T09:00:00Z")), "2021-05-03");
        day.add(on(apply(Events.footprint("lyon", 1.2345, null, "2021-05-03T10:00:00Z")), "2021-05-03"));

        assertThat(day.assessments()).isEqualTo(2);
        assertThat(day.footprintKilograms()).isEqualTo(2000 + 1235);
        assertThat(day.assessmentsUnder2t()).as("2.0 t is not under 2 t").isEqualTo(1);
        assertThat(day.footprintBands()).containsExactly(0, 1, 1, 0, 0, 0, 0);
        assertThat(day.meanTonnes("food")).isEqualTo(0.5);
        assertThat(day.meanTonnes("housing")).as("not given").isNull();
        assertThat(day.meanTonnes("publicServices")).isEqualTo(1.25);
    }
}
