package org.together.reports.snapshot;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import org.together.figures.disclosure.DisclosureRule;
import org.together.figures.disclosure.TerritoryColumns;
import org.together.reports.snapshot.Snapshot.TerritoryRow;

/**
 * The public snapshot's territory table: which of each territory's four participant figures (new in the period, active
 * at the start and at the end, ever) are published. Decided by the live API's code ({@link TerritoryColumns}) with
 * what the snapshot knows beside it:
 * <ul>
 * <li>a row's figures bound each other: new participants and both active counts are within ever, and ever is at least
 * active at the start plus new (the difference is the people who had left before the period). Of figures that would
 * tell a difference of 1 to k-1 one is hidden: ever first, then new participants; the actives are kept;</li>
 * <li>a territory new in the period has 0 active at its start by definition ({@code newInPeriod} is published): that
 * zero is published, never a partner hiding another territory's small count;</li>
 * <li>a count hidden for another territory's sake (its column's partner) stands alone, its row's other figures
 * published, when the decision with it alone hides fewer figures and hides no row whole that was not: a territory of
 * 270 is not shown "&lt; k" in every column because its 51 active at the start was the smallest partner of a small
 * one (review 12, finding 3). The partner is then chosen among the other territories first (one that did not grow,
 * then the smallest), so the growing one keeps its growth;</li>
 * <li>a count hidden on its own by this class (ever beside the bound, a partner standing alone) can trade a unit with
 * another hidden count of its column, every bound of both rows still met, so the published figures and totals allow
 * two values of it; a row where that fails, or whose published figures are 1 to k-1 apart (124 ever beside 120 active
 * at the start would tell 4 new), is hidden whole, described as small in every figure.</li>
 * </ul>
 */
final class PublicTerritoryTable {

    /** The table's columns, in the order of a row's figures; each adds up to the network's. */
    static final List<String> COLUMNS = List.of("newParticipants", "activeAtStart", "activeAtEnd", "everAtEnd");
    private static final int NEW = 0;
    private static final int START = 1;
    private static final int END = 2;
    private static final int EVER = 3;
    /** Where a partner standing alone is looked for: the column whose small count needs it is not known here. */
    private static final int[] PARTNER_COLUMNS = {START, END, NEW, EVER};

    private final List<TerritoryRow> rows;
    private final DisclosureRule rule;
    private final long[][] values;

    private PublicTerritoryTable(List<TerritoryRow> rows, DisclosureRule rule) {
        this.rows = rows;
        this.rule = rule;
        this.values = new long[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            TerritoryRow r = rows.get(i);
            values[i] = new long[] {r.newParticipants(), r.activeAtStart(), r.activeAtEnd(), r.everAtEnd()};
        }
    }

    /** The rows as the public reads them (see the class comment); exact rows in, the same order out. */
    static List<TerritoryRow> decide(List<TerritoryRow> rows, DisclosureRule rule) {
        return new PublicTerritoryTable(rows, rule).decide();
    }

    private List<TerritoryRow> decide() {
        BitSet alone = new BitSet();
        Outcome outcome = outcome(alone);
        // cells hidden alone only grow, so this ends
        for (boolean changed = true; changed; ) {
            changed = false;
            for (int i = 0; i < rows.size(); i++) {
                // 298 ever beside 51 active at the start and 245 new would tell that 2 had left before the period
                if (!alone.get(cell(i, EVER)) && !outcome.hidden(i, EVER) && !outcome.hidden(i, START) && !outcome.hidden(i, NEW)
                        && rule.isSmall(values[i][EVER] - values[i][START] - values[i][NEW])) {
                    alone.set(cell(i, EVER));
                    changed = true;
                }
            }
            if (changed) {
                outcome = outcome(alone);
            }
            for (int v = 0; v < rows.size(); v++) {
                Outcome freed = hiddenForAnother(outcome, v) ? free(outcome, v) : null;
                if (freed != null && !freed.alone.equals(alone)) {
                    outcome = freed;
                    alone = freed.alone;
                    changed = true;
                }
            }
        }
        List<TerritoryRow> decided = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            TerritoryRow r = rows.get(i);
            Long[] published = new Long[COLUMNS.size()];
            List<String> suppressed = new ArrayList<>();
            for (int column = 0; column < published.length; column++) {
                // a new territory's 0 at the start is known whatever the column's zeros left out were decided
                if (outcome.hidden(i, column) && !(column == START && r.newInPeriod())) {
                    suppressed.add(COLUMNS.get(column));
                } else {
                    published[column] = values[i][column];
                }
            }
            boolean growthHidden = published[START] == null || published[END] == null;
            if (growthHidden && r.growthRate() != null) {
                suppressed.add("growthRate");
            }
            decided.add(new TerritoryRow(r.territoryId(), r.name(), r.countryCode(), published[NEW], published[START],
                    published[END], published[EVER], growthHidden ? null : r.growthRate(), r.newInPeriod(),
                    List.copyOf(suppressed), suppressed.isEmpty() ? null : rule.minPublishedCount()));
        }
        return decided;
    }

    /** A decision: its hidden cells, and its rows hidden whole (by this class's fallback or by a family spread). */
    private final class Outcome {
        private final BitSet alone;
        private final TerritoryColumns.Decision decision;
        private final BitSet wholeRows = new BitSet();
        /** Hidden figures: cells, and growth rates hidden with an active count. */
        private final long hiddenFigures;

        Outcome(BitSet alone, TerritoryColumns.Decision decision) {
            this.alone = alone;
            this.decision = decision;
            long hidden = 0;
            for (int i = 0; i < rows.size(); i++) {
                int hiddenHere = 0;
                for (int column = 0; column < COLUMNS.size(); column++) {
                    hiddenHere += hidden(i, column) ? 1 : 0;
                }
                hidden += hiddenHere;
                // a growth rate is a figure too, hidden with either active count
                hidden += rows.get(i).growthRate() != null && growthHidden(i) ? 1 : 0;
                // a new territory's 0 at the start is published whatever: its row is whole without it
                boolean known = rows.get(i).newInPeriod() && !hidden(i, START);
                wholeRows.set(i, hiddenHere + (known ? 1 : 0) == COLUMNS.size());
            }
            this.hiddenFigures = hidden;
        }

        boolean hidden(int territory, int column) {
            return decision.suppressed(COLUMNS.get(column), territory);
        }

        boolean growthHidden(int territory) {
            return hidden(territory, START) || hidden(territory, END);
        }

        /**
         * {@code victim}'s row no longer whole, no row hidden whole that was not, and no more figures hidden (a
         * partner standing alone may move a hidden figure or two to other rows, each keeping the rest of its own).
         */
        boolean better(Outcome before, int victim) {
            BitSet newlyWhole = (BitSet) wholeRows.clone();
            newlyWhole.andNot(before.wholeRows);
            return hiddenFigures <= before.hiddenFigures && !wholeRows.get(victim) && newlyWhole.isEmpty();
        }
    }

    /**
     * The decision with counts standing alone as partners, one in each of some columns, so that {@code victim}'s row
     * is no longer hidden whole, or null: the fewest columns first (a row hidden whole may need partners in several),
     * then the fewest figures hidden. What is kept hides no row whole that {@code from} did not, and no more figures.
     */
    private Outcome free(Outcome from, int victim) {
        int[][] partners = new int[COLUMNS.size()][];
        for (int column = 0; column < COLUMNS.size(); column++) {
            partners[column] = candidates(from, victim, column).stream().mapToInt(Integer::intValue).toArray();
        }
        for (int size = 1; size <= COLUMNS.size(); size++) {
            Outcome best = null;
            for (int columns = 1; columns < 1 << COLUMNS.size(); columns++) {
                if (Integer.bitCount(columns) != size) {
                    continue;
                }
                // in each column the first candidate (another territory when there is one) or the second (the victim's own)
                for (int choices = 0; choices < 1 << COLUMNS.size(); choices++) {
                    if ((choices & ~columns) != 0) {
                        continue;
                    }
                    BitSet tried = (BitSet) from.alone.clone();
                    boolean complete = true;
                    for (int column = 0; column < COLUMNS.size(); column++) {
                        if ((columns & 1 << column) != 0) {
                            int choice = (choices & 1 << column) != 0 ? 1 : 0;
                            int[] c = partners[column];
                            complete &= c.length > choice;
                            if (c.length > choice) {
                                tried.set(cell(c[choice], column));
                            }
                        }
                    }
                    if (!complete) {
                        continue;
                    }
                    Outcome o = outcome(tried);
                    // the fewest figures hidden; of as few, one that keeps the victim's growth (it ranks the territory)
                    if (o.better(from, victim) && (best == null || o.hiddenFigures < best.hiddenFigures
                            || o.hiddenFigures == best.hiddenFigures && best.growthHidden(victim) && !o.growthHidden(victim))) {
                        best = o;
                    }
                }
            }
            if (best != null) {
                return best;
            }
        }
        return null;
    }

    /**
     * A row hidden whole for another territory's sake: nothing in it is 1 to k-1 (such a row is hidden as a family,
     * rule 4) and something is k or more.
     */
    private boolean hiddenForAnother(Outcome o, int territory) {
        if (!o.wholeRows.get(territory)) {
            return false;
        }
        boolean big = false;
        for (long value : values[territory]) {
            if (rule.isSmall(value)) {
                return false;
            }
            big |= value > 0;
        }
        return big;
    }

    /**
     * Who may stand alone as {@code column}'s partner instead of the whole row of {@code victim}: the first other
     * territory publishing a count of k or more there (one that did not grow first, then the smallest), then the
     * victim itself. A new territory's 0 at the start is known, so never one.
     */
    private List<Integer> candidates(Outcome o, int victim, int column) {
        List<Integer> others = new ArrayList<>();
        for (int j = 0; j < rows.size(); j++) {
            if (j != victim && !o.hidden(j, column) && values[j][column] >= rule.minPublishedCount()
                    && !(column == START && rows.get(j).newInPeriod())) {
                others.add(j);
            }
        }
        others.sort(Comparator.comparing((Integer j) -> values[j][END] > values[j][START]).thenComparingLong(j -> values[j][column]));
        List<Integer> candidates = new ArrayList<>(others.subList(0, Math.min(1, others.size())));
        if (values[victim][column] > 0) {
            candidates.add(victim);
        }
        return candidates;
    }

    /**
     * The columns decided with the {@code alone} cells hidden on their own (described as small counts, so each stands
     * alone when its column hides another count above zero), then again with every row hidden whole whose published
     * figures would give a hidden one away, until none does (rows hidden whole only grow, so this ends).
     */
    private Outcome outcome(BitSet alone) {
        BitSet wholeRow = new BitSet();
        TerritoryColumns.Decision decision = columns(alone, wholeRow);
        for (boolean again = true; again; ) {
            again = false;
            for (int i = 0; i < rows.size(); i++) {
                if (!wholeRow.get(i) && (givesAHiddenFigureAway(i, decision) || aloneButPinned(i, alone, decision))) {
                    wholeRow.set(i);
                    again = true;
                }
            }
            if (again) {
                decision = columns(alone, wholeRow);
            }
        }
        return new Outcome(alone, decision);
    }

    private TerritoryColumns.Decision columns(BitSet alone, BitSet wholeRow) {
        TerritoryColumns columns = new TerritoryColumns();
        columns.together(COLUMNS.toArray(String[]::new));
        // ever holds the period's new participants and both active counts: a difference of 1 to k-1 is a small count
        // (149 ever beside 148 active: one left); new participants are hidden first, then ever, the actives kept
        columns.atLeast("everAtEnd", "newParticipants");
        columns.atLeast("everAtEnd", "activeAtStart");
        columns.atLeast("everAtEnd", "activeAtEnd");
        columns.hiddenFirst("newParticipants", "everAtEnd");
        for (int i = 0; i < rows.size(); i++) {
            for (int column = 0; column < COLUMNS.size(); column++) {
                if (column == START && rows.get(i).newInPeriod()) {
                    // 0 by definition and published as new: left out of the column, it is no partner of a small count
                    continue;
                }
                long value = values[i][column];
                // a count of people counts itself; a row to hide whole, or a cell to hide alone, counts as small
                boolean small = value > 0 && (wholeRow.get(i) || alone.get(cell(i, column)));
                columns.add(COLUMNS.get(column), i, value, small ? 1 : value);
            }
        }
        return columns.decide(rule);
    }

    /** Some of the row's figures hidden, and two published ones 1 to k-1 apart (124 ever beside 120 at the start: 4 new). */
    private boolean givesAHiddenFigureAway(int territory, TerritoryColumns.Decision decision) {
        List<Long> published = new ArrayList<>();
        for (int column = 0; column < COLUMNS.size(); column++) {
            if (!decision.suppressed(COLUMNS.get(column), territory)) {
                published.add(values[territory][column]);
            }
        }
        if (published.size() == COLUMNS.size() || published.isEmpty()) {
            return false;
        }
        for (int a = 0; a < published.size(); a++) {
            for (int b = a + 1; b < published.size(); b++) {
                if (rule.isSmall(Math.abs(published.get(a) - published.get(b)))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A count of this partly published row hidden on its own ({@code alone}) that cannot trade a unit with another
     * hidden count of its column, both rows' bounds met: its published siblings and the column's total would pin it.
     */
    private boolean aloneButPinned(int territory, BitSet alone, TerritoryColumns.Decision decision) {
        int hidden = 0;
        boolean pinned = false;
        for (int column = 0; column < COLUMNS.size(); column++) {
            if (decision.suppressed(COLUMNS.get(column), territory)) {
                hidden++;
                pinned |= alone.get(cell(territory, column)) && !tradesAUnit(territory, column, decision);
            }
        }
        return pinned && hidden < COLUMNS.size();
    }

    /** Whether the hidden cell can be one more while another hidden cell of its column is one less, or the reverse. */
    private boolean tradesAUnit(int territory, int column, TerritoryColumns.Decision decision) {
        boolean up = canMove(territory, column, 1);
        boolean down = canMove(territory, column, -1);
        for (int other = 0; other < rows.size() && (up || down); other++) {
            if (other != territory && decision.suppressed(COLUMNS.get(column), other)
                    && !(column == START && rows.get(other).newInPeriod())
                    && (up && canMove(other, column, -1) || down && canMove(other, column, 1))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a row's figure can be one more or one less with its other figures as they are: new, both actives within
     * ever, active at the start plus new within ever, none below zero. (The other figures are taken as they are, hidden
     * or not: that can only find fewer moves than a reader has.)
     */
    static boolean canMove(long[] row, int column, int by) {
        long[] moved = row.clone();
        moved[column] += by;
        return moved[column] >= 0 && moved[NEW] <= moved[EVER] && moved[START] <= moved[EVER] && moved[END] <= moved[EVER]
                && moved[START] + moved[NEW] <= moved[EVER];
    }

    private boolean canMove(int territory, int column, int by) {
        return canMove(values[territory], column, by);
    }

    private static int cell(int territory, int column) {
        return territory * 4 + column;
    }
}
