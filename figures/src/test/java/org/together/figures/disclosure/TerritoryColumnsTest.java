package org.together.figures.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.together.figures.disclosure.Publication.Figure;

/** The compact decision of territory columns is the decision of a {@link Publication} of the same cells. */
class TerritoryColumnsTest {

    /**
     * New participants of the day within those of the month. Column by column, territory 0's small day takes territory
     * 2's day with it (the smallest other) and its small month territory 3's month: the families of territories 2 and 3
     * would be split (a month of at least 12 beside a published day of 12 narrows it). So each is hidden whole, and the
     * columns are decided again with them: territories 0, 2 and 3 hidden in both, territory 1 published in both.
     */
    @Test
    void aTerritorysFiguresThatGiveEachOtherAwayAreHiddenAllOrNone() {
        TerritoryColumns columns = new TerritoryColumns();
        columns.together("day", "month");
        long[][] dayMonth = {{2, 3}, {30, 40}, {12, 50}, {25, 11}};
        for (int t = 0; t < dayMonth.length; t++) {
            columns.add("day", t, dayMonth[t][0], dayMonth[t][0]);
            columns.add("month", t, dayMonth[t][1], dayMonth[t][1]);
        }
        TerritoryColumns.Decision decision = columns.decide(new DisclosureRule(5));
        for (String measure : new String[] {"day", "month"}) {
            for (int t : new int[] {0, 2, 3}) {
                assertThat(decision.suppressed(measure, t)).as("territory %d's %s", t, measure).isTrue();
            }
            assertThat(decision.suppressed(measure, 1)).as("territory 1's %s", measure).isFalse();
        }
    }

    /**
     * A tool only territory 0 used, 3 times: the territories never given it have it as zero, and those zeros are hidden
     * with its 3, else the network's published 3 is territory 0's. A tool two territories used needs no zero hidden.
     */
    @Test
    void aMeasureOnlyOneTerritoryHasHidesItForTheTerritoriesNotGivenIt() {
        TerritoryColumns columns = new TerritoryColumns();
        for (int t = 0; t < 4; t++) {
            columns.add("participantsActive", t, 20 + t, 20 + t);
        }
        columns.add("tool.pilot.starts", 0, 3, 3);
        columns.add("tool.common.starts", 1, 3, 3);
        columns.add("tool.common.starts", 2, 9, 9);
        TerritoryColumns.Decision decision = columns.decide(new DisclosureRule(5));
        for (int t = 0; t < 4; t++) {
            assertThat(decision.suppressed("tool.pilot.starts", t)).as("territory %d's pilot starts", t).isTrue();
            assertThat(decision.suppressed("participantsActive", t)).isFalse();
        }
        assertThat(decision.leftOutHidden()).containsExactly("tool.pilot.starts");
        assertThat(decision.suppressed("tool.common.starts", 0)).as("a zero not needed as a partner").isFalse();
        assertThat(decision.suppressed("tool.common.starts", 1)).isTrue();
        assertThat(decision.suppressed("tool.common.starts", 2)).isTrue();
    }

    /**
     * A share's part and rest (assessments under 2 t and the others) follow the whole: territory 0's 3 assessments and
     * territory 1's 4 are hidden (small), so their parts and rests are too, though 2 of 3 and 0 of 4 alone would not
     * all be; and then each column has its two hidden cells. Territories 2 and 3, with 20 and 30 assessments and parts
     * and rests of at least 5, keep them. A hidden part or rest does not hide the whole.
     */
    @Test
    void aShareFollowsItsWholeNotTheOtherWayRound() {
        TerritoryColumns columns = new TerritoryColumns();
        columns.whole("under", "from");
        columns.follows("assessments", "under", "from");
        long[][] cells = {{3, 2}, {4, 0}, {20, 5}, {30, 10}, {9, 1}}; // assessments, under 2 t
        for (int t = 0; t < cells.length; t++) {
            columns.add("assessments", t, cells[t][0], cells[t][0]);
        }
        for (int t = 0; t < cells.length; t++) {
            columns.add("under", t, cells[t][1], cells[t][1]);
        }
        for (int t = 0; t < cells.length; t++) {
            columns.add("from", t, cells[t][0] - cells[t][1], cells[t][0] - cells[t][1]);
        }
        TerritoryColumns.Decision decision = columns.decide(new DisclosureRule(5));
        for (int t : new int[] {0, 1}) {
            assertThat(decision.suppressed("assessments", t)).as("territory %d's assessments", t).isTrue();
            assertThat(decision.suppressed("under", t)).as("territory %d's part, following its whole", t).isTrue();
            assertThat(decision.suppressed("from", t)).as("territory %d's rest, following its whole", t).isTrue();
        }
        assertThat(decision.suppressed("under", 4)).as("territory 4's part of 1").isTrue();
        assertThat(decision.suppressed("from", 4)).as("its rest, hidden with it").isTrue();
        assertThat(decision.suppressed("assessments", 4)).as("its 9 assessments stay published").isFalse();
    }

    /**
     * Territory 0 alone has a whole (9 assessments), its part 1 under 2 t: the territories not given the part have no
     * assessment, and the public knows their part is zero, so none of them is hidden as its partner; the part stays
     * hidden, unprotected (the network's figure of one territory, docs/privacy.md).
     */
    @Test
    void cellsNotGivenAreKnownZerosWhenDeclaredSo() {
        TerritoryColumns columns = new TerritoryColumns();
        columns.knownZeroWhereNotGiven("under");
        for (int t = 0; t < 3; t++) {
            columns.add("participantsActive", t, 20 + t, 20 + t);
        }
        columns.add("under", 0, 1, 1);
        TerritoryColumns.Decision decision = columns.decide(new DisclosureRule(5));
        assertThat(decision.suppressed("under", 0)).isTrue();
        assertThat(decision.suppressed("under", 1)).as("a known zero protects nothing").isFalse();
        assertThat(decision.suppressed("under", 2)).isFalse();
        assertThat(decision.leftOutHidden()).doesNotContain("under");
    }

    /**
     * A family is hidden all or none for a territory, the cells it was not given included: territory 0 alone wrote
     * criteria under dimension C (3, small), territories 0 and 1 under D (9 and 8). C's zeros of territories 1 to 3
     * are hidden with territory 0's 3 (no other is listed); so their D, which goes with C, is hidden too: territory 1's
     * 8, and the zeros of 2 and 3, which no table lists.
     */
    @Test
    void theCellsAFamilyLeavesOutAreHiddenWithIt() {
        TerritoryColumns columns = new TerritoryColumns();
        columns.together("criteria.C", "criteria.D");
        for (int t = 0; t < 4; t++) {
            columns.add("participantsActive", t, 20 + t, 20 + t);
        }
        columns.add("criteria.C", 0, 3, 3);
        columns.add("criteria.D", 0, 9, 9);
        columns.add("criteria.D", 1, 8, 8);
        TerritoryColumns.Decision decision = columns.decide(new DisclosureRule(5));
        for (int t = 0; t < 4; t++) {
            assertThat(decision.suppressed("criteria.C", t)).as("territory %d's C", t).isTrue();
            assertThat(decision.suppressed("criteria.D", t)).as("territory %d's D", t).isTrue();
            assertThat(decision.suppressed("participantsActive", t)).isFalse();
        }
        assertThat(decision.leftOutHidden()).containsExactlyInAnyOrder("criteria.C", "criteria.D");
    }

    /**
     * Random tables with families: a territory's family is split only by small counts standing alone (each with another
     * count above zero hidden in its column), its published figures then at least k, never a zero; and every column stays
     * protected against its total.
     */
    @Test
    void familiesAreSplitOnlyBySmallCountsOthersProtectAndEveryColumnStaysSafe() {
        Random random = new Random(20261207L);
        long forcedSeen = 0;
        long splitSeen = 0;
        for (int round = 0; round < 1_000; round++) {
            DisclosureRule rule = new DisclosureRule(2 + random.nextInt(9));
            int k = rule.minPublishedCount();
            int territories = 1 + random.nextInt(60);
            int measures = 2 + random.nextInt(4);
            TerritoryColumns columns = new TerritoryColumns();
            String[] family = new String[measures - 1];
            for (int m = 0; m < measures - 1; m++) {
                family[m] = "m" + m;
            }
            columns.together(family);
            long[][] values = new long[territories][measures];
            for (int t = 0; t < territories; t++) {
                for (int m = 0; m < measures; m++) {
                    values[t][m] = size(random, k);
                    columns.add("m" + m, t, values[t][m], values[t][m]);
                }
            }
            TerritoryColumns.Decision decision = columns.decide(rule);
            for (int t = 0; t < territories; t++) {
                boolean anyHidden = false;
                boolean allHidden = true;
                for (int m = 0; m < measures - 1; m++) {
                    anyHidden |= decision.suppressed("m" + m, t);
                    allHidden &= decision.suppressed("m" + m, t);
                }
                if (anyHidden && !allHidden) {
                    splitSeen++;
                    for (int m = 0; m < measures - 1; m++) {
                        long v = values[t][m];
                        String where = String.format("round %d, k=%d: territory %d's m%d (%d) in a split family", round, k, t, m, v);
                        if (decision.suppressed("m" + m, t)) {
                            assertThat(v == 0 || rule.isSmall(v)).as(where + ": hidden, so small or zero").isTrue();
                            if (v > 0) {
                                long othersAboveZero = 0;
                                for (int o = 0; o < territories; o++) {
                                    othersAboveZero += o != t && values[o][m] > 0 && decision.suppressed("m" + m, o) ? 1 : 0;
                                }
                                assertThat(othersAboveZero).as(where + ": another count above zero hidden in its column").isPositive();
                            }
                        } else {
                            assertThat(v).as(where + ": published, so at least k").isGreaterThanOrEqualTo(k);
                        }
                    }
                }
                for (int m = 0; m < measures - 1; m++) {
                    forcedSeen += decision.suppressed("m" + m, t) && !rule.isSmall(values[t][m]) ? 1 : 0;
                }
            }
            for (int m = 0; m < measures; m++) {
                long sum = 0;
                long aboveZero = 0;
                int hidden = 0;
                int publishedAboveZero = 0;
                for (int t = 0; t < territories; t++) {
                    if (decision.suppressed("m" + m, t)) {
                        hidden++;
                        sum += values[t][m];
                        aboveZero += values[t][m] > 0 ? 1 : 0;
                    } else {
                        publishedAboveZero += values[t][m] > 0 ? 1 : 0;
                        assertThat(rule.isSmall(values[t][m]) && values[t][m] > 0).as("round %d: a small count published", round).isFalse();
                    }
                }
                boolean everyCellHidden = hidden == territories;
                // nothing above zero left to hide with them: at least two hidden, a zero among them or more than ones
                boolean nothingLeft = publishedAboveZero == 0 && hidden >= 2 && (sum > aboveZero || hidden > aboveZero);
                assertThat(sum == 0 || everyCellHidden || nothingLeft || hidden >= 2 && sum >= k && sum > aboveZero)
                        .as("round %d, k=%d: column m%d hides %d cells adding to %d", round, k, m, hidden, sum).isTrue();
            }
        }
        assertThat(forcedSeen).as("cells hidden for their family or as secondaries").isGreaterThan(1_000);
        assertThat(splitSeen).as("families split by a small count standing alone").isGreaterThan(100);
    }

    /**
     * A territory of 40 participants with 2 new this month, beside others with new participants of the month: its month
     * is hidden, its other figures published (each at least 5, they bound the 2 no better than "< 5" does), its zeros
     * (nobody new today) hidden with it. Alone in the month with only zeros beside it, its whole family is hidden, as
     * before: the zeros' own families would pin them and the 2 would be the network's month.
     */
    @Test
    void aBigTerritorysSmallCountOthersProtectHidesOnlyItselfAndItsZeros() {
        DisclosureRule rule = new DisclosureRule(5);
        TerritoryColumns shared = new TerritoryColumns();
        shared.together("ever", "month", "day");
        long[][] everMonthDay = {{40, 2, 0}, {30, 3, 0}, {25, 9, 1}, {60, 12, 6}};
        for (int t = 0; t < everMonthDay.length; t++) {
            shared.add("ever", t, everMonthDay[t][0], everMonthDay[t][0]);
            shared.add("month", t, everMonthDay[t][1], everMonthDay[t][1]);
            shared.add("day", t, everMonthDay[t][2], everMonthDay[t][2]);
        }
        TerritoryColumns.Decision decision = shared.decide(rule);
        assertThat(decision.suppressed("month", 0)).isTrue();
        assertThat(decision.suppressed("month", 1)).isTrue();
        assertThat(decision.suppressed("day", 0)).as("its zero beside its small count").isTrue();
        assertThat(decision.suppressed("ever", 0)).as("40 ever published").isFalse();
        assertThat(decision.suppressed("ever", 1)).as("30 ever published").isFalse();

        TerritoryColumns alone = new TerritoryColumns();
        alone.together("ever", "month");
        long[][] everMonth = {{40, 2}, {30, 0}, {25, 0}};
        for (int t = 0; t < everMonth.length; t++) {
            alone.add("ever", t, everMonth[t][0], everMonth[t][0]);
            alone.add("month", t, everMonth[t][1], everMonth[t][1]);
        }
        TerritoryColumns.Decision lone = alone.decide(rule);
        assertThat(lone.suppressed("month", 0)).isTrue();
        assertThat(lone.suppressed("ever", 0)).as("only zeros beside it in its month: hidden whole").isTrue();
    }

    /**
     * Random tables (small counts, zeros, criteria of many notes from few groups, measures only some territories give),
     * registered once in a Publication as the old public figures did and once in TerritoryColumns: every cell is decided
     * the same.
     */
    @Test
    void decidesEveryCellAsAPublicationOfTheSameCells() {
        Random random = new Random(20261206L);
        long suppressedSeen = 0;
        long secondarySeen = 0;
        for (int round = 0; round < 3_000; round++) {
            DisclosureRule rule = new DisclosureRule(2 + random.nextInt(9));
            int territories = 1 + random.nextInt(round % 10 == 0 ? 400 : 25);
            int measures = 1 + random.nextInt(5);
            double givenShare = random.nextDouble();
            Publication publication = new Publication();
            TerritoryColumns columns = new TerritoryColumns();
            Figure[][] cells = new Figure[territories][measures];
            for (int t = 0; t < territories; t++) {
                for (int m = 0; m < measures; m++) {
                    if (m > 0 && random.nextDouble() > givenShare) {
                        continue; // a tool or an approach this territory has not used
                    }
                    long value = size(random, rule.minPublishedCount());
                    long units = m % 2 == 1 ? size(random, rule.minPublishedCount()) : value; // criteria from groups
                    cells[t][m] = publication.column("m" + m, publication.count(value, units));
                    columns.add("m" + m, t, value, units);
                }
            }
            Figure[] leftOut = new Figure[measures];
            for (int m = 1; m < measures; m++) {
                int column = m;
                long given = java.util.Arrays.stream(cells).filter(row -> row[column] != null).count();
                if (given > 0 && given < territories) {
                    leftOut[m] = publication.absentZeros("m" + m); // the zeros of the territories not given it
                }
            }
            publication.decide(rule);
            TerritoryColumns.Decision decision = columns.decide(rule);
            long suppressed = 0;
            for (int t = 0; t < territories; t++) {
                for (int m = 0; m < measures; m++) {
                    if (cells[t][m] == null) {
                        boolean hidden = leftOut[m] != null && leftOut[m].suppressed();
                        assertThat(decision.suppressed("m" + m, t)).isEqualTo(hidden);
                        assertThat(decision.leftOutHidden().contains("m" + m)).isEqualTo(hidden);
                        suppressed += hidden ? 1 : 0;
                        continue;
                    }
                    assertThat(decision.suppressed("m" + m, t))
                            .as("round %d, k=%d, territory %d of %d, measure %d: %s", round, rule.minPublishedCount(), t,
                                    territories, m, cells[t][m])
                            .isEqualTo(cells[t][m].suppressed());
                    if (cells[t][m].suppressed()) {
                        suppressed++;
                        secondarySeen += rule.isSmall(cells[t][m].units()) ? 0 : 1;
                    }
                }
            }
            assertThat(decision.count()).isEqualTo(suppressed);
            suppressedSeen += suppressed;
        }
        assertThat(suppressedSeen).as("suppressed cells compared").isGreaterThan(10_000);
        assertThat(secondarySeen).as("cells suppressed to protect another").isGreaterThan(1_000);
    }

    private static long size(Random random, int k) {
        double draw = random.nextDouble();
        return draw < 0.3 ? 0 : draw < 0.6 ? 1 + random.nextInt(Math.max(1, k - 1)) : draw < 0.7 ? 1 : k + random.nextInt(60);
    }

    @Test
    void aLoneSmallTerritoryTakesTheNextSmallestWithIt() {
        TerritoryColumns columns = new TerritoryColumns();
        long[] active = {40, 3, 0, 12, 9};
        for (int t = 0; t < active.length; t++) {
            columns.add("participantsActive", t, active[t], active[t]);
        }
        TerritoryColumns.Decision d = columns.decide(DisclosureRule.DEFAULT);
        assertThat(new boolean[] {d.suppressed("participantsActive", 0), d.suppressed("participantsActive", 1),
                d.suppressed("participantsActive", 2), d.suppressed("participantsActive", 3),
                d.suppressed("participantsActive", 4)}).containsExactly(false, true, false, false, true);
    }

    @Test
    void cellsComeInTerritoryOrderOnceEach() {
        TerritoryColumns columns = new TerritoryColumns();
        columns.add("participantsActive", 3, 10, 10);
        assertThatThrownBy(() -> columns.add("participantsActive", 3, 10, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("increasing territory order");
        columns.add("evaluations", 1, 10, 10);
        columns.decide(DisclosureRule.DEFAULT);
        assertThatThrownBy(() -> columns.add("evaluations", 5, 1, 1)).isInstanceOf(IllegalStateException.class);
    }
}
