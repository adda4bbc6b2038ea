package org.together.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.figures.Days.day;
import static org.together.figures.Days.window;

import org.junit.jupiter.api.Test;

/** A group that evaluates counts once to date, on its first day, and once in every window it evaluated in. */
class EvaluatingGroupTest {

    @Test
    void aGroupCountsOnceOnTheDayItFirstEvaluated() {
        EvaluatingGroup group = new EvaluatingGroup();
        group.evaluatedOn(day("2021-06-25"));
        group.evaluatedOn(day("2021-02-10"));
        group.evaluatedOn(day("2021-05-15"));

        DayChanges c = new DayChanges();
        group.contributeTo(c, +1);
        assertThat(c.nonEmpty()).containsOnlyKeys(day("2021-02-10"));
        assertThat(Days.on(c, "2021-02-10").evaluatingGroups()).isEqualTo(1);
    }

    @Test
    void aGroupCountsInEveryWindowItEvaluatedIn() {
        EvaluatingGroup group = new EvaluatingGroup();
        group.evaluatedOn(day("2021-02-10"));
        group.evaluatedOn(day("2021-05-15"));

        assertThat(group.evaluatedIn(window("2021-04-10", "2021-07-10"))).isTrue();
        assertThat(group.evaluatedIn(window("2021-01-10", "2021-04-10"))).isTrue();
        assertThat(group.evaluatedIn(window("2021-07-10", "2021-10-10"))).isFalse();
    }
}
