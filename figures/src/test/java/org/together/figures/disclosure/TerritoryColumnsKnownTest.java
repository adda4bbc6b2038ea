package org.together.figures.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What the public knows beside the decision: a zero it can tell from elsewhere ({@link TerritoryColumns#knownZero})
 * hides no other cell, and figures that bound each other beyond nesting ({@link TerritoryColumns#whole}) let no small
 * count stand alone.
 */
class TerritoryColumnsKnownTest {

    private static final DisclosureRule K5 = new DisclosureRule(5);

    /**
     * Territory 0 alone has new participants this week (3). The rule hides a zero with it, the first by id: territory
     * 1's. Shown inactive, territory 1 had no new participant this week, and everyone knows it: territory 2's zero is
     * hidden instead. When every other zero is known, none can hide which territory has the 3.
     */
    @Test
    void aZeroThePublicKnowsHidesNoOtherCell() {
        TerritoryColumns.Decision plain = week(new int[0]);
        assertThat(plain.suppressed("week", 0)).isTrue();
        assertThat(plain.suppressed("week", 1)).as("the first zero by id").isTrue();
        assertThat(plain.suppressed("week", 2)).isFalse();

        TerritoryColumns.Decision known = week(new int[] {1});
        assertThat(known.suppressed("week", 0)).isTrue();
        assertThat(known.suppressed("week", 1)).as("a zero everyone knows").isFalse();
        assertThat(known.suppressed("week", 2)).as("the first zero not known").isTrue();

        TerritoryColumns.Decision allKnown = week(new int[] {1, 2});
        assertThat(allKnown.suppressed("week", 1)).isFalse();
        assertThat(allKnown.suppressed("week", 2)).isFalse();
    }

    /**
     * Territory 0 alone has a new participant this week; territory 1 is shown inactive and territory 2 shows its last
     * event before the week began, a day published with its participant figures. Territory 0's hidden participants
     * take territory 1's as their partner, so its figures are hidden, but its zero is known all the same: left so, the
     * network's 1 would be territory 0's. The decision hides territory 2's participant figures instead (its last event
     * day with them), and its zero, no longer known, hides which territory has the 1.
     */
    @Test
    void whenShownZerosLeaveASmallCountAloneOneTerritoryStopsShowingItsZero() {
        TerritoryColumns.Decision d = shownZeros(new long[] {6, 6, 20}).decide(K5);
        assertThat(d.suppressed("week", 0)).as("the small count").isTrue();
        assertThat(d.suppressed("active", 1)).as("the inactive territory, partner of territory 0's participants").isTrue();
        assertThat(d.suppressed("active", 2)).as("what shows territory 2's zero").isTrue();
        assertThat(d.suppressed("week", 2)).as("its zero, no longer known, hidden with the 1").isTrue();
    }

    /** Of the territories showing their zeros, one whose participant figures are hidden anyway costs nothing: it is chosen. */
    @Test
    void aTerritoryWhoseFiguresAreHiddenAnywayIsTheOneThatStopsShowingItsZero() {
        TerritoryColumns.Decision d = shownZeros(new long[] {6, 6, 20, 3}).decide(K5);
        assertThat(d.suppressed("active", 3)).as("a small count, hidden anyway").isTrue();
        assertThat(d.suppressed("week", 3)).as("its zero hides the 1").isTrue();
        assertThat(d.suppressed("active", 2)).isFalse();
        assertThat(d.suppressed("week", 2)).isFalse();
    }

    /**
     * Territory 0 with 1 new participant this week; territory 1 shown inactive (its zero known whatever is published);
     * every other one active, with no new participant, its zero shown by its participant figures.
     */
    private static TerritoryColumns shownZeros(long[] active) {
        TerritoryColumns columns = new TerritoryColumns();
        columns.together("active", "week");
        for (int t = 0; t < active.length; t++) {
            columns.add("active", t, active[t], active[t]);
        }
        for (int t = 0; t < active.length; t++) {
            columns.add("week", t, t == 0 ? 1 : 0, t == 0 ? 1 : 0);
            if (t == 1) {
                columns.knownZero("week", t);
            } else if (t > 1) {
                columns.knownZeroWhileShown("week", t, "active");
            }
        }
        return columns;
    }

    private static TerritoryColumns.Decision week(int[] known) {
        TerritoryColumns columns = new TerritoryColumns();
        long[] week = {3, 0, 0};
        for (int t = 0; t < week.length; t++) {
            columns.add("week", t, week[t], week[t]);
        }
        for (int t : known) {
            columns.knownZero("week", t);
        }
        return columns.decide(K5);
    }

    /**
     * Territory 0: 21 starters, 4 completers, 25 adopters; territory 2's 6 completers are hidden with its 4. In a family
     * declared {@code together} the 4 stands alone beside its published 21 and 25; but adopters are starters and
     * completers together, so those put the 4 at 4 or more, and the column's 10 (less territory 2's 6 at most) at 4 or
     * less. Declared {@code whole}, the three are hidden together.
     */
    @Test
    void aSmallCountOfAWholeFamilyDoesNotStandAlone() {
        for (boolean whole : new boolean[] {false, true}) {
            TerritoryColumns columns = new TerritoryColumns();
            if (whole) {
                columns.whole("starts", "completions", "adopters");
            } else {
                columns.together("starts", "completions", "adopters");
            }
            long[][] funnel = {{21, 4, 25}, {24, 0, 24}, {0, 6, 6}, {40, 30, 50}};
            for (int t = 0; t < funnel.length; t++) {
                columns.add("starts", t, funnel[t][0], funnel[t][0]);
                columns.add("completions", t, funnel[t][1], funnel[t][1]);
                columns.add("adopters", t, funnel[t][2], funnel[t][2]);
            }
            TerritoryColumns.Decision d = columns.decide(K5);
            assertThat(d.suppressed("completions", 0)).as("the small count").isTrue();
            assertThat(d.suppressed("completions", 2)).as("its partner").isTrue();
            assertThat(d.suppressed("starts", 0)).as("whole: %s", whole).isEqualTo(whole);
            assertThat(d.suppressed("adopters", 0)).as("whole: %s", whole).isEqualTo(whole);
        }
    }
}
