package org.together.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.figures.Days.day;
import static org.together.figures.Days.window;

import org.junit.jupiter.api.Test;
import org.together.figures.ToolUser.Stage;

/** Tool uptake: to date once per stage on the first day, in a window for every stage reached in it. */
class ToolUserTest {

    private final ToolUser bob = new ToolUser();

    private DayChanges contribution() {
        DayChanges changes = new DayChanges();
        bob.contributeTo(changes, "choices-guide", +1);
        return changes;
    }

    private static ToolCounts guide(DayChanges changes, String date) {
        return Days.on(changes, date).tool("choices-guide");
    }

    @Test
    void eachStageCountsOnceOnTheFirstDayItWasReached() {
        bob.reach(Stage.STARTED, day("2021-07-04"));
        bob.reach(Stage.STARTED, day("2021-07-03"));
        bob.reach(Stage.COMPLETED, day("2021-07-05"));

        DayChanges c = contribution();
        assertThat(guide(c, "2021-07-03")).isEqualTo(new ToolCounts(0, 1, 0, 1, 0, 0));
        assertThat(guide(c, "2021-07-04")).isEqualTo(ToolCounts.NONE);
        assertThat(guide(c, "2021-07-05")).isEqualTo(new ToolCounts(0, 0, 1, 0, 0, 0));
    }

    @Test
    void anAdopterStartedOrCompletedAndCountsOnTheEarlierOfTheTwo() {
        bob.reach(Stage.DISCOVERED, day("2021-07-01"));
        bob.reach(Stage.COMPLETED, day("2021-07-02"));

        DayChanges c = contribution();
        assertThat(guide(c, "2021-07-01")).isEqualTo(new ToolCounts(1, 0, 0, 0, 0, 0));
        assertThat(guide(c, "2021-07-02")).isEqualTo(new ToolCounts(0, 0, 1, 1, 0, 0));
    }

    @Test
    void aUserWhoOnlyDiscoveredIsNoAdopter() {
        bob.reach(Stage.DISCOVERED, day("2021-07-01"));

        assertThat(bob.adoptedIn(window("2021-07-01", "2021-08-01"))).isFalse();
        assertThat(guide(contribution(), "2021-07-01").adopters()).isZero();
    }

    @Test
    void inAWindowAUserCountsForEveryStageReachedInItHoweverOftenBefore() {
        bob.reach(Stage.STARTED, day("2021-03-01"));
        bob.reach(Stage.STARTED, day("2021-05-01"));
        bob.reach(Stage.COMPLETED, day("2021-07-09"));
        Window q2 = window("2021-04-01", "2021-07-01");

        assertThat(bob.reachedIn(Stage.STARTED, q2)).as("started again in Q2").isTrue();
        assertThat(bob.reachedIn(Stage.COMPLETED, q2)).isFalse();
        assertThat(bob.adoptedIn(q2)).isTrue();
        assertThat(bob.adoptedIn(window("2021-07-10", "2021-10-01"))).isFalse();
        assertThat(bob.firstDay(Stage.STARTED)).isEqualTo(day("2021-03-01"));
    }

    @Test
    void aWindowEndsBeforeItsToDay() {
        bob.reach(Stage.STARTED, day("2021-07-01"));

        assertThat(bob.reachedIn(Stage.STARTED, window("2021-04-01", "2021-07-01"))).isFalse();
        assertThat(bob.reachedIn(Stage.STARTED, window("2021-07-01", "2021-07-02"))).isTrue();
    }
}
