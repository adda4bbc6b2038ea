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
 * Property: the research export's participants table (per territory and quarter: active at the end, new, returning,
 * left; the network's row published) hides nothing that can be worked out, over random multi-quarter exports. The figures are
 * described to {@link Publication} as the export does (a column per quarter and measure adding up to the network's
 * figure, and each territory's {@link Publication#stockAndFlows}), and for every hidden figure above zero a linear
 * program finds its smallest and largest value under what a reader knows; they must differ:
 * <ul>
 * <li>every published figure, every column's network total;</li>
 * <li>each territory's quarter equations, active_q = active_(q-1) + new_q + returning_q - left_q, with the active
 * count before the first quarter unknown (at least 1 when it is); returning participants are published like new and
 * left ones, so the reader knows a territory's returning count only where it is published;</li>
 * <li>which hidden figures are above zero (at least 1), as in {@link NothingSuppressedCanBeWorkedOutTest}, but for
 * the zeros a column had to hide because nothing above zero was left to hide with a small count (indistinct).</li>
 * </ul>
 * The same exports decided all or none (the export's former rule) pass too: the narrower rule is checked against the
 * same reader.
 */
class ParticipantsOverQuartersCannotBeWorkedOutTest {

    private static final int ACTIVE = 0, NEW = 1, RETURNING = 2, LEFT = 3, MEASURES = 4;
    private static final List<String> NAMES = List.of("active", "new", "returning", "left");

    /** One territory's exact figures per quarter. */
    private record Territory(long before, long[] active, long[] joined, long[] left, long[] returning) {
    }

    @Test
    void noHiddenParticipantFigureCanBeNarrowedToOneValue() {
        int checked = audit(20261207L, 250, false);
        assertThat(pinned).as("hidden figures a reader can narrow to one value").isEmpty();
        assertThat(checked).as("hidden figures checked").isGreaterThan(3000);
    }

    /**
     * The former rule, all or none, against the same reader on the same exports. (Over other seeds, both rules leave
     * the same few figures pinned, never one rule alone: a first quarter's 1 in a network of two to four territories
     * that all started in the export, where the reader is told that someone was active before it, which this
     * export never publishes.)
     */
    @Test
    void theFormerAllOrNoneRuleIsSafeUnderTheSameReader() {
        // the reader's check of the rule in use, not the rule itself: the first 100 of the same exports are enough
        int checked = audit(20261207L, 100, true);
        assertThat(pinned).as("hidden figures a reader can narrow to one value").isEmpty();
        assertThat(checked).as("hidden figures checked").isGreaterThan(1200);
    }

    /**
     * What the narrower rule publishes that all or none hid, on the same random exports: new, returning and left of the
     * quarters without a hidden one, active figures before the first; and it hides little that all or none published
     * (a partner in a column may differ).
     */
    @Test
    void theNarrowerRulePublishesFlowsAllOrNoneHid() {
        Random random = new Random(7L);
        long gained = 0;
        long lost = 0;
        for (int round = 0; round < 300; round++) {
            long seed = random.nextLong();
            DisclosureRule rule = new DisclosureRule(2 + new Random(seed).nextInt(9));
            Export narrow = Export.decide(seed, rule, false);
            Export allOrNone = Export.decide(seed, rule, true);
            for (int t = 0; t < narrow.cells.length; t++) {
                for (int q = 0; q < narrow.cells[t].length; q++) {
                    for (int m = 0; m < MEASURES; m++) {
                        boolean now = narrow.cells[t][q][m].published();
                        boolean before = allOrNone.cells[t][q][m].published();
                        gained += now && !before ? 1 : 0;
                        lost += before && !now ? 1 : 0;
                    }
                }
            }
        }
        System.out.printf("participants figures published that all or none hid: %d; hidden that it published: %d%n", gained, lost);
        assertThat(gained).as("figures published that all or none hid").isGreaterThan(500);
        assertThat(lost).as("figures all or none published that are now hidden (other partners in a column)")
                .isLessThan(gained / 4);
    }

    /** An export's territories, their figures in one publication, decided. */
    private record Export(List<Territory> territories, Figure[][][] cells, long[][] network, Publication publication) {

        static Export decide(long seed, DisclosureRule rule, boolean allOrNone) {
            Random random = new Random(seed);
            random.nextInt(9); // the rule's k was drawn from it
            int quarters = 2 + random.nextInt(5);
            int count = 2 + random.nextInt(6);
            int k = rule.minPublishedCount();
            List<Territory> territories = new ArrayList<>();
            for (int t = 0; t < count; t++) {
                territories.add(territory(random, k, quarters));
            }
            Publication p = new Publication();
            Figure[][][] cells = new Figure[count][quarters][MEASURES];
            long[][] network = new long[quarters][MEASURES];
            for (int t = 0; t < count; t++) {
                Territory territory = territories.get(t);
                List<Figure> stocks = new ArrayList<>();
                List<Figure> flows = new ArrayList<>();
                // as the export: each quarter's measure is a column adding up to the network's published figure, the
                // new, returning and left columns first
                for (int q = 0; q < quarters; q++) {
                    cells[t][q][NEW] = p.column(q + "|new", p.count(territory.joined[q]));
                    cells[t][q][RETURNING] = p.column(q + "|returning", p.count(territory.returning[q]));
                    cells[t][q][LEFT] = p.column(q + "|left", p.count(territory.left[q]));
                    flows.addAll(List.of(cells[t][q][NEW], cells[t][q][RETURNING], cells[t][q][LEFT]));
                }
                for (int q = 0; q < quarters; q++) {
                    cells[t][q][ACTIVE] = p.column(q + "|active", p.count(territory.active[q]));
                    stocks.add(cells[t][q][ACTIVE]);
                    network[q][ACTIVE] += territory.active[q];
                    network[q][NEW] += territory.joined[q];
                    network[q][RETURNING] += territory.returning[q];
                    network[q][LEFT] += territory.left[q];
                }
                if (allOrNone) {
                    List<Figure> family = new ArrayList<>(stocks);
                    family.addAll(flows);
                    p.together(family);
                } else {
                    p.stockAndFlows(stocks, flows, 2);
                }
            }
            p.decide(rule);
            return new Export(territories, cells, network, p);
        }
    }

    /** Sizes from 0 to big; returning often 0; leavers at most who could leave. */
    private static Territory territory(Random random, int k, int quarters) {
        long before = size(random, k, 400);
        long[] active = new long[quarters], joined = new long[quarters], left = new long[quarters], returning = new long[quarters];
        long previous = before;
        for (int q = 0; q < quarters; q++) {
            joined[q] = size(random, k, 120);
            returning[q] = random.nextInt(4) == 0 ? 1 + random.nextInt(k + 2) : 0;
            long could = previous + joined[q] + returning[q];
            double draw = random.nextDouble();
            left[q] = could == 0 || draw < 0.45 ? 0 : draw < 0.8 ? Math.min(could, 1 + random.nextInt(Math.max(1, k - 1)))
                    : random.nextInt((int) Math.min(could, 200) + 1);
            active[q] = could - left[q];
            previous = active[q];
        }
        return new Territory(before, active, joined, left, returning);
    }

    private static long size(Random random, int k, int big) {
        double draw = random.nextDouble();
        return draw < 0.3 ? 0 : draw < 0.55 ? 1 + random.nextInt(Math.max(1, k - 1)) : k + random.nextInt(big);
    }

    /** @return hidden figures checked over {@code rounds} random exports */
    private int audit(long seed, int rounds, boolean allOrNone) {
        Random random = new Random(seed);
        int checked = 0;
        for (int round = 0; round < rounds; round++) {
            long exportSeed = random.nextLong();
            DisclosureRule rule = new DisclosureRule(2 + new Random(exportSeed).nextInt(9));
            Export export = Export.decide(exportSeed, rule, allOrNone);
            checked += audit(export, rule, (allOrNone ? "all or none" : "stock and flows") + " round " + round);
        }
        return checked;
    }

    private final List<String> pinned = new ArrayList<>();

    private int audit(Export export, DisclosureRule rule, String round) {
        int k = rule.minPublishedCount();
        int territories = export.territories.size();
        int quarters = export.network.length;
        // variables: per territory, per quarter active, new, returning, left; then the unknown active before the first
        // quarter
        int perTerritory = MEASURES * quarters + 1;
        int width = territories * perTerritory;
        List<LinearConstraint> constraints = new ArrayList<>();
        Set<Integer> unprotected = new HashSet<>();
        for (Figure f : export.publication.unprotected()) {
            unprotected.add(System.identityHashCode(f));
        }
        // zeros a column hid for want of anything above zero: the reader cannot tell them from the small one
        boolean[][] indistinct = new boolean[quarters][MEASURES];
        for (int q = 0; q < quarters; q++) {
            for (int m = 0; m < MEASURES; m++) {
                boolean publishedAboveZero = false, hiddenZero = false;
                for (int t = 0; t < territories; t++) {
                    Figure f = export.cells[t][q][m];
                    publishedAboveZero |= f.published() && f.value() > 0;
                    hiddenZero |= f.suppressed() && f.value() == 0;
                }
                indistinct[q][m] = !publishedAboveZero && hiddenZero;
            }
        }
        for (int t = 0; t < territories; t++) {
            Territory territory = export.territories.get(t);
            for (int q = 0; q < quarters; q++) {
                for (int m = 0; m < MEASURES; m++) {
                    Figure f = export.cells[t][q][m];
                    assertThat(f.published() && rule.isSmall(f.value())).as("%s: a small count published", round).isFalse();
                    int i = variable(t, q, m, quarters);
                    if (f.published()) {
                        constraints.add(new LinearConstraint(unit(width, i), Relationship.EQ, f.value()));
                    } else {
                        long bound = indistinct[q][m] ? 0 : Math.min(1, f.value());
                        constraints.add(new LinearConstraint(unit(width, i), Relationship.GEQ, bound));
                    }
                }
                // active_q - active_(q-1) - new_q - returning_q + left_q = 0
                double[] row = new double[width];
                row[variable(t, q, ACTIVE, quarters)] = 1;
                row[variable(t, q, NEW, quarters)] = -1;
                row[variable(t, q, RETURNING, quarters)] = -1;
                row[variable(t, q, LEFT, quarters)] = 1;
                row[q == 0 ? t * perTerritory + MEASURES * quarters : variable(t, q - 1, ACTIVE, quarters)] = -1;
                constraints.add(new LinearConstraint(row, Relationship.EQ, 0));
            }
            constraints.add(new LinearConstraint(unit(width, t * perTerritory + MEASURES * quarters), Relationship.GEQ,
                    Math.min(1, territory.before)));
        }
        for (int q = 0; q < quarters; q++) {
            for (int m = 0; m < MEASURES; m++) {
                double[] row = new double[width];
                for (int t = 0; t < territories; t++) {
                    row[variable(t, q, m, quarters)] = 1;
                }
                constraints.add(new LinearConstraint(row, Relationship.EQ, export.network[q][m]));
            }
        }
        int checked = 0;
        for (int t = 0; t < territories; t++) {
            for (int q = 0; q < quarters; q++) {
                for (int m = 0; m < MEASURES; m++) {
                    Figure f = export.cells[t][q][m];
                    if (f.published() || f.value() == 0 || unprotected.contains(System.identityHashCode(f))) {
                        continue;
                    }
                    int i = variable(t, q, m, quarters);
                    double min = optimum(width, i, constraints, GoalType.MINIMIZE);
                    double max = optimum(width, i, constraints, GoalType.MAXIMIZE);
                    if (max - min < 1 - 1e-6) {
                        pinned.add(String.format("%s (k=%d): territory %d quarter %d %s = %d lies in [%s, %s]; %s", round, k, t,
                                q, NAMES.get(m), f.value(), min, max, describe(export)));
                        continue;
                    }
                    checked++;
                }
            }
        }
        return checked;
    }

    private static String describe(Export export) {
        StringBuilder s = new StringBuilder();
        for (int t = 0; t < export.cells.length; t++) {
            s.append("\n t").append(t).append(" before ").append(export.territories.get(t).before).append(':');
            for (int q = 0; q < export.cells[t].length; q++) {
                s.append(" [");
                for (int m = 0; m < MEASURES; m++) {
                    Figure f = export.cells[t][q][m];
                    s.append(m == 0 ? "" : " ").append(f.value()).append(f.suppressed() ? "*" : "");
                }
                s.append(']');
            }
        }
        return s.toString();
    }

    private static int variable(int territory, int quarter, int measure, int quarters) {
        return territory * (MEASURES * quarters + 1) + MEASURES * quarter + measure;
    }


}
