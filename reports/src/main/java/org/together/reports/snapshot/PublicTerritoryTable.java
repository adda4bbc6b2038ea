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
 * <li>every hidden count above zero of a row that keeps some figures can trade a unit with another row's hidden count
 * of its column (other figures hidden in both rows may move with it), every bound of both rows still met, so the
 * published figures and totals allow two values of it. Where one cannot (two hidden evers each at start plus new), a
 * pair of counts of one column standing alone is looked for first (both rows' new participants); a row where that
 * fails too, or whose published figures are 1 to k-1 apart (124 ever beside 120 active at the start would tell 4
 * new), is hidden whole, described as small in every figure.</li>
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
    /** Territories not new in the period: with one alone, its start is the network's. */
    private final long notNew;

    private PublicTerritoryTable(List<TerritoryRow> rows, DisclosureRule rule) {
        this.rows = rows;
        this.rule = rule;
        this.values = new long[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            TerritoryRow r = rows.get(i);
            values[i] = new long[] {r.newParticipants(), r.activeAtStart(), r.activeAtEnd(), r.everAtEnd()};
        }
        this.notNew = rows.stream().filter(r -> !r.newInPeriod()).count();
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
                Outcome freed = hiddenForAnother(outcome, v) ? fewerHidden(free(outcome, v), freeInPairs(outcome, v)) : null;
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
        /** Growth rates among them. */
        private final long hiddenGrowth;

        Outcome(BitSet alone, TerritoryColumns.Decision decision) {
            this.alone = alone;
            this.decision = decision;
            long hidden = 0;
            long growth = 0;
            for (int i = 0; i < rows.size(); i++) {
                int hiddenHere = 0;
                for (int column = 0; column < COLUMNS.size(); column++) {
                    hiddenHere += hidden(i, column) ? 1 : 0;
                }
                hidden += hiddenHere;
                // a growth rate is a figure too, hidden with either active count
                growth += rows.get(i).growthRate() != null && growthHidden(i) ? 1 : 0;
                // a new territory's 0 at the start is published whatever: its row is whole without it
                boolean known = rows.get(i).newInPeriod() && !hidden(i, START);
                wholeRows.set(i, hiddenHere + (known ? 1 : 0) == COLUMNS.size());
            }
            this.hiddenFigures = hidden + growth;
            this.hiddenGrowth = growth;
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
     * The decision with two counts of one column standing alone, {@code victim}'s and another territory's, so that
     * {@code victim}'s row is no longer hidden whole, or null. Two hidden evers each at its least (start plus new) pin
     * each other; with both rows' new participants hidden too, one ever can be more by one while its new participants
     * are, and the other's both less (Bilbao 200 ever, 180 at the start, 20 new, beside Mulhouse 170, 130, 40).
     */
    private Outcome freeInPairs(Outcome from, int victim) {
        Outcome best = null;
        for (int column : PARTNER_COLUMNS) {
            if (values[victim][column] == 0 || column == START && rows.get(victim).newInPeriod()) {
                continue;
            }
            for (int other = 0; other < rows.size(); other++) {
                if (other == victim || values[other][column] == 0 || column == START && rows.get(other).newInPeriod()) {
                    continue;
                }
                BitSet tried = (BitSet) from.alone.clone();
                tried.set(cell(victim, column));
                tried.set(cell(other, column));
                Outcome o = outcome(tried);
                if (o.better(from, victim)) {
                    best = fewerHidden(best, o);
                }
            }
        }
        return best;
    }

    /**
     * The one hiding fewer figures; of as few, the one hiding fewer growth rates (the actives are the headline figures,
     * new participants and ever are hidden first); the first of the same; null when both are.
     */
    private static Outcome fewerHidden(Outcome a, Outcome b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return b.hiddenFigures < a.hiddenFigures || b.hiddenFigures == a.hiddenFigures && b.hiddenGrowth < a.hiddenGrowth ? b : a;
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
                if (!wholeRow.get(i) && (givesAHiddenFigureAway(i, decision) || pinned(i, decision))) {
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
     * A figure above zero of this partly published row that cannot trade a unit with another row's hidden figures: its
     * published siblings, the column's total and the bounds would pin it. Bilbao's 200 ever hidden beside its published
     * 180 at the start and 20 new is at its least (ever is at least start plus new), so it can only be more, and only
     * while another hidden ever is less: when every other hidden ever is at its least too, the column's total less the
     * published evers is the sum of those least values, and each ever, with how many left, is told.
     */
    private boolean pinned(int territory, TerritoryColumns.Decision decision) {
        int hidden = 0;
        boolean pinned = false;
        for (int column = 0; column < COLUMNS.size(); column++) {
            if (hiddenFigure(territory, column, decision)) {
                hidden++;
                // the start of the one territory that is not new is the network's: published anyway
                pinned |= values[territory][column] > 0 && !(column == START && notNew < 2)
                        && !tradesAUnit(territory, column, decision);
            }
        }
        return pinned && hidden < (rows.get(territory).newInPeriod() ? COLUMNS.size() - 1 : COLUMNS.size());
    }

    private boolean hiddenFigure(int territory, int column, TerritoryColumns.Decision decision) {
        return decision.suppressed(COLUMNS.get(column), territory) && !(column == START && rows.get(territory).newInPeriod());
    }

    /**
     * Whether the hidden figure can be one more (or one less) while another row's is one less (or one more), with some
     * other figures hidden in both rows moving the same way in one and the other way in the other, every bound of both
     * rows met: then the published figures and the totals allow two values of it. (Trades through three rows or more
     * are not looked for: that can only find fewer moves than a reader has.)
     */
    private boolean tradesAUnit(int territory, int column, TerritoryColumns.Decision decision) {
        for (int other = 0; other < rows.size(); other++) {
            if (other == territory || !hiddenFigure(other, column, decision)) {
                continue;
            }
            // each of the other columns hidden in both rows moves by -1, 0 or +1: 3^3 trades besides the column's unit
            for (int by = -1; by <= 1; by += 2) {
                for (int trade = 0; trade < 27; trade++) {
                    long[] mine = values[territory].clone();
                    long[] theirs = values[other].clone();
                    mine[column] += by;
                    theirs[column] -= by;
                    boolean possible = true;
                    for (int c = 0, code = trade; c < COLUMNS.size(); c++) {
                        if (c == column) {
                            continue;
                        }
                        int move = code % 3 - 1;
                        code /= 3;
                        if (move != 0) {
                            possible &= hiddenFigure(territory, c, decision) && hiddenFigure(other, c, decision);
                            mine[c] += move;
                            theirs[c] -= move;
                        }
                    }
                    if (possible && fits(mine, rows.get(territory).newInPeriod()) && fits(theirs, rows.get(other).newInPeriod())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * A row's figures as a reader knows them to be: new, both actives within ever, start plus new within ever, none below
     * zero; and for a territory new in the period (published as such), no one before it: 0 at the start, ever its new
     * participants. Without that, a new territory's hidden ever could "trade" while its new one cannot, and the column
     * totals pinned another row's ever (95 = 102 less the two new territories' 3 and 4).
     */
    private static boolean fits(long[] row, boolean newInPeriod) {
        for (long v : row) {
            if (v < 0) {
                return false;
            }
        }
        if (newInPeriod && (row[START] != 0 || row[EVER] != row[NEW])) {
            return false;
        }
        return row[NEW] <= row[EVER] && row[START] <= row[EVER] && row[END] <= row[EVER] && row[START] + row[NEW] <= row[EVER];
    }

    private static int cell(int territory, int column) {
        return territory * 4 + column;
    }
}
