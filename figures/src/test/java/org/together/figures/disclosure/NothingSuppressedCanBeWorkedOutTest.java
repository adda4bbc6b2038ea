package org.together.figures.disclosure;

import static org.together.figures.disclosure.LinearBounds.optimum;
import static org.together.figures.disclosure.LinearBounds.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.junit.jupiter.api.Test;
import org.together.figures.disclosure.Publication.Figure;

/**
 * Property: for random networks of territories of any size, no suppressed figure can be worked out from the
 * published ones. For each suppressed figure, a reader who knows every published number, every total, how the figures
 * add up, and even which suppressed figures are zero (more than the public knows) gets the smallest and largest value
 * it could have from a linear program: they always differ. Where the rule had to hide zeros (a measure only one
 * territory has: no part above zero is left published), the reader cannot tell them from the others, and only there
 * knows no more than that each hidden figure is at least zero.
 */
class NothingSuppressedCanBeWorkedOutTest {

    /** Territory rows of several figures (participants, tool users, assessments...) against the network's totals. */
    @Test
    void territoryRowsAgainstTheNetworkTotals() {
        Random random = new Random(20260515L);
        int checked = 0;
        for (int round = 0; round < 400; round++) {
            checked += territoryRows(new Random(random.nextLong()), new DisclosureRule(2 + random.nextInt(9)), round);
        }
        assertThat(checked).as("suppressed figures checked").isGreaterThan(2000);
    }

    /** One territory's figure broken down (by role, channel, footprint band) against its own total. */
    @Test
    void aTerritorysBreakdownAgainstItsTotal() {
        Random random = new Random(1789L);
        int checked = 0;
        for (int round = 0; round < 400; round++) {
            checked += breakdown(new Random(random.nextLong()), new DisclosureRule(2 + random.nextInt(9)), round);
        }
        assertThat(checked).as("suppressed figures checked").isGreaterThan(500);
    }

    private static long size(Random random, int k, boolean sparse) {
        double draw = random.nextDouble();
        if (sparse) {
            return draw < 0.85 ? 0 : draw < 0.95 ? 1 + random.nextInt(Math.max(1, k - 1)) : k + random.nextInt(80);
        }
        return draw < 0.2 ? 0 : draw < 0.65 ? 1 + random.nextInt(Math.max(1, k - 1)) : k + random.nextInt(80);
    }

    /**
     * A measure only one territory has, whose other territories an output leaves out (a tool's row exists only where it
     * was used): the left-out zeros are hidden as one figure, and the network's total is not the territory's figure.
     */
    @Test
    void aMeasureOnlyOneTerritoryHasHidesTheZerosOfTheTerritoriesLeftOut() {
        Random random = new Random(4711L);
        int checked = 0;
        for (int round = 0; round < 300; round++) {
            DisclosureRule rule = new DisclosureRule(2 + random.nextInt(9));
            Publication p = new Publication();
            int listed = 1 + random.nextInt(3);
            List<Figure> column = new ArrayList<>();
            for (int t = 0; t < listed; t++) {
                column.add(p.column("tool.x.starts", p.count(t == 0 ? 1 + random.nextInt(rule.minPublishedCount() - 1)
                        : size(random, rule.minPublishedCount(), true))));
            }
            Figure leftOut = p.absentZeros("tool.x.starts");
            column.add(leftOut);
            long total = column.stream().mapToLong(Figure::value).sum();
            p.decide(rule);
            assertThat(column.get(0).suppressed()).as("round %d: the small figure", round).isTrue();
            if (column.stream().filter(f -> f.value() > 0).count() == 1) {
                assertThat(column.stream().filter(f -> f.value() == 0 && f.suppressed()).count())
                        .as("round %d: one territory alone has it, so a zero goes with it, the left-out ones when none "
                                + "is listed", round).isEqualTo(1);
                assertThat(leftOut.suppressed()).isEqualTo(column.stream().noneMatch(f -> f != leftOut && f.value() == 0));
            }
            assertThat(p.unprotected()).as("round %d: nothing left for the reader to subtract", round).isEmpty();
            checked += audit(p, rule, column, List.of(column), List.of(total), "left-out round " + round);
        }
        assertThat(checked).as("suppressed figures checked").isGreaterThan(300);
    }

    private int territoryRows(Random random, DisclosureRule rule, int round) {
        int territories = 2 + random.nextInt(12);
        int measures = 1 + random.nextInt(4);
        boolean[] sparse = new boolean[measures];
        for (int m = 0; m < measures; m++) {
            sparse[m] = random.nextInt(3) == 0; // most territories have none of it: a tool only a few use
        }
        Publication p = new Publication();
        Figure[][] cells = new Figure[territories][measures];
        for (int t = 0; t < territories; t++) {
            for (int m = 0; m < measures; m++) {
                cells[t][m] = p.count(size(random, rule.minPublishedCount(), sparse[m]));
            }
            if (random.nextBoolean()) {
                p.together(List.of(cells[t])); // a family that gives itself away (active, new, left)
            }
        }
        List<List<Figure>> sums = new ArrayList<>();
        List<Long> totals = new ArrayList<>();
        for (int m = 0; m < measures; m++) {
            List<Figure> column = new ArrayList<>();
            for (int t = 0; t < territories; t++) {
                column.add(cells[t][m]);
            }
            long total = column.stream().mapToLong(Figure::value).sum();
            p.sum(p.network(total), column);
            sums.add(column);
            totals.add(total);
        }
        p.decide(rule);
        List<Figure> variables = new ArrayList<>();
        for (Figure[] row : cells) {
            variables.addAll(List.of(row));
        }
        return audit(p, rule, variables, sums, totals, "round " + round);
    }

    private int breakdown(Random random, DisclosureRule rule, int round) {
        int categories = 2 + random.nextInt(6);
        Publication p = new Publication();
        List<Figure> parts = new ArrayList<>();
        for (int c = 0; c < categories; c++) {
            parts.add(p.count(size(random, rule.minPublishedCount(), false)));
        }
        long total = parts.stream().mapToLong(Figure::value).sum();
        Figure territoryTotal = p.count(total);
        p.sum(territoryTotal, parts);
        p.decide(rule);
        List<Figure> variables = new ArrayList<>(parts);
        variables.add(territoryTotal);
        // the total is one of the unknowns: parts - total = 0
        List<Figure> equation = new ArrayList<>(parts);
        return audit(p, rule, variables, List.of(equation), List.of(0L), "breakdown round " + round, territoryTotal);
    }

    private int audit(Publication p, DisclosureRule rule, List<Figure> variables, List<List<Figure>> sums, List<Long> totals,
                      String round, Figure... totalsAsVariables) {
        int width = variables.size();
        // zeros hidden as partners: their sum has nothing above zero published, and a reader cannot tell them apart
        Set<Figure> indistinct = new HashSet<>();
        for (List<Figure> sum : sums) {
            if (sum.stream().noneMatch(f -> f.published() && f.value() > 0)
                    && sum.stream().anyMatch(f -> f.suppressed() && f.value() == 0)) {
                indistinct.addAll(sum);
            }
        }
        List<LinearConstraint> constraints = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            Figure f = variables.get(i);
            assertThat(f.published() && rule.isSmall(f.value())).as("%s: a small count published", round).isFalse();
            constraints.add(new LinearConstraint(unit(width, i), f.published() ? Relationship.EQ : Relationship.GEQ,
                    f.published() ? f.value() : indistinct.contains(f) ? 0 : Math.min(1, f.value())));
        }
        for (int s = 0; s < sums.size(); s++) {
            double[] row = new double[width];
            for (Figure part : sums.get(s)) {
                row[variables.indexOf(part)] = 1;
            }
            if (totalsAsVariables.length > 0) {
                row[variables.indexOf(totalsAsVariables[0])] = -1;
            }
            constraints.add(new LinearConstraint(row, Relationship.EQ, totals.get(s)));
        }
        Set<Figure> unprotected = new HashSet<>(p.unprotected());
        int checked = 0;
        for (int i = 0; i < width; i++) {
            Figure f = variables.get(i);
            if (f.published() || f.value() == 0 || unprotected.contains(f)) {
                continue;
            }
            double min = optimum(width, i, constraints, GoalType.MINIMIZE);
            double max = optimum(width, i, constraints, GoalType.MAXIMIZE);
            assertThat(max - min).as("%s (k=%d): suppressed %s lies in [%s, %s] among %s",
                    round, rule.minPublishedCount(), f, min, max, variables).isGreaterThanOrEqualTo(1 - 1e-6);
            checked++;
        }
        return checked;
    }


}
