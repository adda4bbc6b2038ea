package org.together.figures.disclosure;

import static org.together.figures.disclosure.LinearBounds.optimum;
import static org.together.figures.disclosure.LinearBounds.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.junit.jupiter.api.Test;

/**
 * Nested figures of one territory ({@link TerritoryColumns#atLeast}): participants ever at least active, new ever at
 * least of the quarter, of the quarter at least of the month, of the month and of the week at least of the day, as the
 * query API declares them. Two published figures of one territory never differ by 1 to k-1 (the difference is a count
 * of people about it), every column stays protected against its total, and no hidden figure can be narrowed to one
 * value from the published ones, the totals and the nesting.
 */
class TerritoryColumnsNestedTest {

    private static final String[] MEASURES = {"ever", "active", "quarter", "month", "week", "day"};
    private static final int EVER = 0, ACTIVE = 1, QUARTER = 2, MONTH = 3, WEEK = 4, DAY = 5;
    /** Declared: larger, smaller. */
    private static final int[][] DECLARED = {{EVER, ACTIVE}, {EVER, QUARTER}, {QUARTER, MONTH}, {MONTH, DAY}, {EVER, WEEK}, {WEEK, DAY}};
    /** Declared and implied, stated here rather than computed, so that the rule's own closure is not its answer. */
    private static final int[][] NESTED = {{EVER, ACTIVE}, {EVER, QUARTER}, {EVER, MONTH}, {EVER, DAY}, {EVER, WEEK},
            {QUARTER, MONTH}, {QUARTER, DAY}, {MONTH, DAY}, {WEEK, DAY}};

    private static TerritoryColumns declared() {
        TerritoryColumns columns = new TerritoryColumns();
        columns.together(MEASURES);
        for (int[] pair : DECLARED) {
            columns.atLeast(MEASURES[pair[0]], MEASURES[pair[1]]);
        }
        columns.hiddenFirst("day", "week", "month", "quarter", "ever");
        return columns;
    }

    private static TerritoryColumns.Decision decide(long[][] values, DisclosureRule rule) {
        TerritoryColumns columns = declared();
        for (int t = 0; t < values.length; t++) {
            for (int m = 0; m < MEASURES.length; m++) {
                columns.add(MEASURES[m], t, values[t][m], values[t][m]);
            }
        }
        return columns.decide(rule);
    }

    /**
     * Review 11's Kalamaria: 40 active, 41 ever, told the public that one participant left. Its ever is hidden, its
     * active (the headline) kept; Charleroi's 33 new this quarter beside 29 this month hides the month. The hidden ever
     * needs no partner: another territory's small ever is hidden in its column already.
     */
    @Test
    void twoFiguresOfATerritoryOneToKMinusOneApartAreNotBothPublished() {
        long[][] values = {
                // ever, active, quarter, month, week, day
                {41, 40, 12, 6, 0, 0},   // kalamaria: one left
                {60, 33, 33, 29, 8, 0},  // charleroi: 4 joined earlier this quarter
                {3, 3, 3, 3, 0, 0},      // a small territory, hidden whole
                {25, 25, 10, 5, 5, 5},   // the next smallest, hidden whole with it
                {90, 70, 40, 20, 20, 20},
                {120, 100, 60, 30, 10, 0}};
        TerritoryColumns.Decision d = decide(values, DisclosureRule.DEFAULT);
        assertThat(d.suppressed("ever", 0)).as("Kalamaria's ever, one more than its active").isTrue();
        assertThat(d.suppressed("active", 0)).as("Kalamaria's active, the headline").isFalse();
        assertThat(d.suppressed("quarter", 0)).isFalse();
        assertThat(d.suppressed("month", 1)).as("Charleroi's month, 4 under its quarter").isTrue();
        assertThat(d.suppressed("quarter", 1)).isFalse();
        assertThat(d.suppressed("active", 1)).isFalse();
        assertThat(d.suppressed("ever", 2)).isTrue();
        assertThat(d.suppressed("ever", 4)).isFalse();
        assertNestedApart(values, d, DisclosureRule.DEFAULT, "example");
    }

    /**
     * Ever 33, active 31, quarter 33: hiding ever alone would leave it pinned at the published quarter's 33 (ever is at
     * least the quarter), so the quarter goes with it; the month's 29, 4 under a hidden quarter, stays. The hidden ever
     * and quarter share their columns' hidden totals with the next smallest territory's, whose ever (25, 5 above its
     * active) can give or take one. When no hidden figure of its column can (its ever equal to its active), one more
     * or less in the hidden ever would break a nesting, so the totals could pin it: the territory's figures are then
     * hidden whole, as before this rule.
     */
    @Test
    void aPublishedFigureEqualToAHiddenNeighbourIsHiddenWithIt() {
        long[][] values = {
                {33, 31, 33, 29, 8, 0},
                {3, 3, 3, 3, 0, 0},
                {25, 20, 10, 5, 5, 5},
                {90, 70, 40, 20, 20, 20},
                {200, 150, 60, 30, 10, 0}};
        TerritoryColumns.Decision d = decide(values, DisclosureRule.DEFAULT);
        assertThat(d.suppressed("ever", 0)).isTrue();
        assertThat(d.suppressed("quarter", 0)).isTrue();
        assertThat(d.suppressed("active", 0)).isFalse();
        assertThat(d.suppressed("month", 0)).isFalse();
        assertNestedApart(values, d, DisclosureRule.DEFAULT, "equal neighbours");

        values[2] = new long[] {25, 25, 10, 5, 5, 5};
        TerritoryColumns.Decision whole = decide(values, DisclosureRule.DEFAULT);
        for (String measure : MEASURES) {
            assertThat(whole.suppressed(measure, 0)).as("nothing hidden in its ever column can move: %s", measure).isTrue();
        }
        assertNestedApart(values, whole, DisclosureRule.DEFAULT, "hidden whole");
    }

    @Test
    void nestingWithACycleIsRefusedNamingTheMeasure() {
        TerritoryColumns columns = new TerritoryColumns();
        assertThatThrownBy(() -> columns.atLeast("ever", "ever")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ever");
        columns.atLeast("month", "day");
        columns.atLeast("day", "month");
        columns.add("month", 0, 3, 3);
        columns.add("day", 0, 3, 3);
        assertThatThrownBy(() -> columns.decide(DisclosureRule.DEFAULT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cycle");
    }

    /**
     * Thousands of random networks of territories whose figures nest as a territory's do, with many differences of 1 to
     * k-1, k from 2 to 10: no nested pair of published figures differs by 1 to k-1, no hidden figure above zero equals
     * a published neighbour, no small count is published, and every column stays safe.
     */
    @Test
    void nestedPublishedFiguresDifferByZeroOrAtLeastKAndEveryColumnStaysSafe() {
        Random random = new Random(20261207_1L);
        long apartSeen = 0;
        for (int round = 0; round < 3_000; round++) {
            DisclosureRule rule = new DisclosureRule(2 + random.nextInt(9));
            long[][] values = network(random, rule.minPublishedCount(), 1 + random.nextInt(round % 10 == 0 ? 300 : 40));
            TerritoryColumns.Decision d = decide(values, rule);
            assertNestedApart(values, d, rule, "round " + round);
            assertColumnsSafe(values, d, rule, "round " + round);
            apartSeen += closeButHidden(values, d, rule);
        }
        assertThat(apartSeen).as("nested pairs 1 to k-1 apart, one hidden").isGreaterThan(5_000);
    }

    /**
     * Smaller random networks, each hidden figure above zero given to a linear program as a reader knows it: every
     * published figure, every column's total, the nesting of each territory's figures, and (more than the public knows)
     * that it is at least 1. Its smallest and largest values always differ.
     */
    @Test
    void noHiddenFigureCanBeWorkedOutFromThePublishedOnesTheTotalsAndTheNesting() {
        Random random = new Random(4_2026_12_07L);
        int checked = 0;
        for (int round = 0; round < 400; round++) {
            DisclosureRule rule = new DisclosureRule(2 + random.nextInt(9));
            long[][] values = network(random, rule.minPublishedCount(), 2 + random.nextInt(6));
            checked += audit(values, decide(values, rule), rule, "round " + round);
        }
        assertThat(checked).as("hidden figures checked").isGreaterThan(1_000);
    }

    /** A territory's figures, built as they nest: the day within the month and the week, the month within the quarter... */
    private static long[][] network(Random random, int k, int territories) {
        long[][] values = new long[territories][];
        for (int t = 0; t < territories; t++) {
            long quarter = up(random, k, 0);
            long month = down(random, k, quarter);
            long day = down(random, k, month);
            long week = up(random, k, day);
            long ever = up(random, k, Math.max(quarter, week));
            long active = down(random, k, ever);
            values[t] = new long[] {ever, active, quarter, month, week, day};
        }
        return values;
    }

    /** {@code from} plus nothing, a little (1 to k-1) or more. */
    private static long up(Random random, int k, long from) {
        double draw = random.nextDouble();
        return from + (draw < 0.3 ? 0 : draw < 0.7 ? 1 + random.nextInt(k - 1) : k + random.nextInt(60));
    }

    /** {@code from} less nothing, a little or anything down to zero. */
    private static long down(Random random, int k, long from) {
        double draw = random.nextDouble();
        long less = draw < 0.3 ? 0 : draw < 0.7 ? 1 + random.nextInt(k - 1) : random.nextLong(from + 1);
        return Math.max(0, from - less);
    }

    private static void assertNestedApart(long[][] values, TerritoryColumns.Decision d, DisclosureRule rule, String where) {
        int k = rule.minPublishedCount();
        for (int t = 0; t < values.length; t++) {
            for (int m = 0; m < MEASURES.length; m++) {
                assertThat(!d.suppressed(MEASURES[m], t) && values[t][m] >= 1 && values[t][m] <= k - 1)
                        .as("%s (k=%d): territory %d's %s of %d published", where, k, t, MEASURES[m], values[t][m]).isFalse();
            }
            for (int[] pair : NESTED) {
                long larger = values[t][pair[0]];
                long smaller = values[t][pair[1]];
                boolean largerHidden = d.suppressed(MEASURES[pair[0]], t);
                boolean smallerHidden = d.suppressed(MEASURES[pair[1]], t);
                String what = String.format("%s (k=%d): territory %d's %s %d and %s %d", where, k, t, MEASURES[pair[0]],
                        larger, MEASURES[pair[1]], smaller);
                if (!largerHidden && !smallerHidden) {
                    assertThat(larger - smaller == 0 || larger - smaller >= k).as(what + " both published").isTrue();
                } else if (largerHidden != smallerHidden) {
                    long hidden = largerHidden ? larger : smaller;
                    assertThat(hidden > 0 && larger == smaller).as(what + ": a hidden one pinned by its equal neighbour")
                            .isFalse();
                }
            }
        }
    }

    private static long closeButHidden(long[][] values, TerritoryColumns.Decision d, DisclosureRule rule) {
        long seen = 0;
        for (int t = 0; t < values.length; t++) {
            for (int[] pair : NESTED) {
                long difference = values[t][pair[0]] - values[t][pair[1]];
                boolean oneHidden = d.suppressed(MEASURES[pair[0]], t) != d.suppressed(MEASURES[pair[1]], t);
                seen += oneHidden && rule.isSmall(difference) && !rule.isSmall(values[t][pair[1]]) ? 1 : 0;
            }
        }
        return seen;
    }

    /** The column property of {@code TerritoryColumnsTest}: none hidden, or at least two, together at least k. */
    private static void assertColumnsSafe(long[][] values, TerritoryColumns.Decision d, DisclosureRule rule, String where) {
        int k = rule.minPublishedCount();
        for (int m = 0; m < MEASURES.length; m++) {
            long sum = 0;
            long aboveZero = 0;
            int hidden = 0;
            int publishedAboveZero = 0;
            for (int t = 0; t < values.length; t++) {
                long v = values[t][m];
                if (d.suppressed(MEASURES[m], t)) {
                    hidden++;
                    sum += v;
                    aboveZero += v > 0 ? 1 : 0;
                } else {
                    publishedAboveZero += v > 0 ? 1 : 0;
                }
            }
            boolean everyCellHidden = hidden == values.length;
            boolean nothingLeft = publishedAboveZero == 0 && hidden >= 2 && (sum > aboveZero || hidden > aboveZero);
            assertThat(sum == 0 || everyCellHidden || nothingLeft || hidden >= 2 && sum >= k && sum > aboveZero)
                    .as("%s, k=%d: column %s hides %d cells adding to %d", where, k, MEASURES[m], hidden, sum).isTrue();
        }
    }

    private static int audit(long[][] values, TerritoryColumns.Decision d, DisclosureRule rule, String where) {
        int territories = values.length;
        int width = territories * MEASURES.length;
        List<LinearConstraint> constraints = new ArrayList<>();
        boolean[] skip = new boolean[MEASURES.length];
        for (int m = 0; m < MEASURES.length; m++) {
            long total = 0;
            long hiddenSum = 0;
            long hiddenAboveZero = 0;
            int hidden = 0;
            boolean publishedAboveZero = false;
            double[] row = new double[width];
            for (int t = 0; t < territories; t++) {
                long v = values[t][m];
                row[t * MEASURES.length + m] = 1;
                total += v;
                if (d.suppressed(MEASURES[m], t)) {
                    hidden++;
                    hiddenSum += v;
                    hiddenAboveZero += v > 0 ? 1 : 0;
                } else {
                    publishedAboveZero |= v > 0;
                }
            }
            constraints.add(new LinearConstraint(row, Relationship.EQ, total));
            // zeros hidden as partners (nothing above zero published): the reader cannot tell them from the others
            boolean indistinct = !publishedAboveZero && hidden > hiddenAboveZero;
            // every cell hidden and still one alone or all ones: the rule's "unprotected" case (a network of one)
            skip[m] = hidden == territories && !(hidden >= 2 && (hiddenSum > hiddenAboveZero || indistinct));
            for (int t = 0; t < territories; t++) {
                long v = values[t][m];
                boolean published = !d.suppressed(MEASURES[m], t);
                constraints.add(new LinearConstraint(unit(width, t * MEASURES.length + m),
                        published ? Relationship.EQ : Relationship.GEQ, published ? v : indistinct ? 0 : Math.min(1, v)));
            }
        }
        for (int t = 0; t < territories; t++) {
            for (int[] pair : DECLARED) {
                double[] row = new double[width];
                row[t * MEASURES.length + pair[0]] = 1;
                row[t * MEASURES.length + pair[1]] = -1;
                constraints.add(new LinearConstraint(row, Relationship.GEQ, 0));
            }
        }
        int checked = 0;
        for (int t = 0; t < territories; t++) {
            for (int m = 0; m < MEASURES.length; m++) {
                if (!d.suppressed(MEASURES[m], t) || values[t][m] == 0 || skip[m]) {
                    continue;
                }
                int i = t * MEASURES.length + m;
                double min = optimum(width, i, constraints, GoalType.MINIMIZE);
                double max = optimum(width, i, constraints, GoalType.MAXIMIZE);
                assertThat(max - min).as("%s (k=%d): territory %d's hidden %s (%d) lies in [%s, %s] in %s", where,
                        rule.minPublishedCount(), t, MEASURES[m], values[t][m], min, max,
                        java.util.Arrays.deepToString(values)).isGreaterThanOrEqualTo(1 - 1e-6);
                checked++;
            }
        }
        return checked;
    }


}
