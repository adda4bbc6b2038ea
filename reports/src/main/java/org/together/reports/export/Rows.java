package org.together.reports.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.together.figures.disclosure.DisclosureRule;
import org.together.figures.disclosure.Publication;
import org.together.figures.disclosure.Publication.Figure;

/**
 * The rows of every table of one export, and their figures in one {@link Publication}: a territory's count joins its
 * column (the same measure of every territory in the same quarter), which adds up to the network's row, published;
 * after {@link #decide}, a suppressed figure is an empty cell named in the row's {@code suppressed} column.
 *
 * <p>Two rounds, for memory: before {@link #decide}, the tables give their figures and the rows are not kept (every
 * table's rows of 100,000 territories did not fit in a 1 GiB heap beside the figures); after it, each table gives its
 * rows again, one table at a time, and gets back the same figures, in the order it made them, now decided.
 */
final class Rows {

    /**
     * A figure in a row: its field, its decision, and its exact value (a count, mean or share). A mean or share
     * {@code of} a count is hidden like a small one when it has no value and that count is hidden: else its empty cell
     * would tell that the hidden count is zero.
     */
    record Cell(String field, Figure figure, Figure of, Object exact) {
        boolean hidden() {
            return figure != null && figure.suppressed() || exact == null && of != null && of.suppressed();
        }
    }

    /**
     * The territories a group of columns leaves out (a quarter's tool they did not use), written as {@code row} gives
     * each when the rule hides any of {@code zeros}.
     */
    private record LeftOut(List<Figure> zeros, Iterable<String> territories, Function<String, List<Object>> row) {
    }

    private final Publication publication = new Publication();
    private final Map<String, List<List<Object>>> tables = new LinkedHashMap<>();
    private final Map<String, List<LeftOut>> leftOut = new HashMap<>();
    private final Map<String, Comparator<List<Object>>> orders = new HashMap<>();
    private final Map<String, List<Figure>> families = new LinkedHashMap<>();
    /** The figures the tables made, in order: given back to them after the decision. */
    private final List<Figure> made = new ArrayList<>();
    /** -1 before the decision; after it, the next of {@link #made} to give back. */
    private int givenBack = -1;

    /** A count about a territory, in {@code column} (which adds up to the network's figure). */
    Figure count(String column, long value) {
        return count(column, value, value);
    }

    /** A figure about a territory adding up over {@code column}, computed from {@code units} (criteria from evaluations). */
    Figure count(String column, long value, long units) {
        if (decided()) {
            Figure f = givenBack();
            if (f.value() != value || f.units() != units) {
                throw new IllegalStateException("a table gave other figures after the decision: " + column + " was "
                        + f.value() + " of " + f.units() + ", now " + value + " of " + units);
            }
            return f;
        }
        return made(publication.column(column, publication.count(value, units)));
    }

    private boolean decided() {
        return givenBack >= 0;
    }

    private Figure made(Figure f) {
        made.add(f);
        return f;
    }

    private Figure givenBack() {
        if (givenBack >= made.size()) {
            throw new IllegalStateException("a table asked for more figures after the decision than before (" + made.size() + ")");
        }
        return made.get(givenBack++);
    }

    /**
     * The zeros of every territory {@code column} leaves out, as one figure ({@link Publication#absentZeros}): hidden
     * when a count above zero in one territory only needs them. Once per column, for a column that leaves some out.
     */
    Figure absentZeros(String column) {
        return decided() ? givenBack() : made(publication.absentZeros(column));
    }

    /** A mean of the values {@code of} counts: hidden when they are few, or when that count is hidden. */
    Figure mean(long values, Figure of) {
        return decided() ? givenBack() : made(publication.mean(values, of));
    }

    Figure ratio(Figure numerator, Figure denominator) {
        return decided() ? givenBack() : made(publication.ratio(numerator, denominator));
    }

    Figure share(long part, Figure whole) {
        return decided() ? givenBack() : made(publication.share(part, whole));
    }

    /**
     * The share of {@code whole} that {@code part} is, part and rest counts of their own columns: they add up over the
     * territories to the network's (its share of its whole), so they are hidden together, wherever the whole is, and
     * protected in their columns as any count (a share hidden in one row alone left its part to subtraction).
     */
    Figure share(String partColumn, String restColumn, long part, Figure whole, String family) {
        Figure under = count(partColumn, part);
        Figure rest = count(restColumn, whole.value() - part);
        if (decided()) {
            return givenBack();
        }
        family(family, under, rest);
        publication.follows(whole, under, rest);
        return made(publication.share(under, rest, whole));
    }

    /**
     * A territory's participants active at each quarter's end ({@code stocks}) and its new, returning and left
     * participants of each quarter ({@code flows}, in that order), which change them ({@link Publication#stockAndFlows}).
     */
    void stockAndFlows(List<Figure> stocks, List<Figure> flows) {
        if (decided()) {
            return;
        }
        publication.stockAndFlows(stocks, flows, 2);
    }

    /**
     * Adds {@code figures} to the family named {@code key}, hidden all or none ({@link #together}) once every table has
     * given its rows: a subject's counts bound each other, across tables too (a territory's assessments of a quarter
     * bound its assessments per domain), so a published zero beside a hidden one would tell it.
     */
    void family(String key, Figure... figures) {
        if (decided()) {
            return;
        }
        families.computeIfAbsent(key, k -> new ArrayList<>()).addAll(List.of(figures));
    }

    static Cell cell(String field, Figure figure, Object exact) {
        return new Cell(field, figure, null, exact);
    }

    /** A mean or share of the values {@code of} counts: hidden when it is, or when it has no value and {@code of} is hidden. */
    static Cell of(String field, Figure figure, Figure of, Object exact) {
        return new Cell(field, figure, of, exact);
    }

    /**
     * A row, kept after the decision only; the last column of a table of figures, {@code suppressed}, is filled in by
     * {@link #csvRows}.
     */
    void add(String table, List<Object> cells) {
        if (!decided()) {
            return;
        }
        tables.computeIfAbsent(table, t -> new ArrayList<>()).add(cells);
    }

    /**
     * The territories a group of columns leaves out, each given a row by {@code row} (after {@link #decide}) when the
     * rule hides any of {@code zeros}: they then stand for the zeros that keep a count above zero in one territory only
     * from being the network's. Otherwise they get no row (a territory without a row had none). Memory: the group, not
     * its territories; {@code territories} is walked when the rows are written.
     */
    void leftOut(String table, List<Figure> zeros, Iterable<String> territories, Function<String, List<Object>> row) {
        if (!decided()) {
            return;
        }
        leftOut.computeIfAbsent(table, t -> new ArrayList<>()).add(new LeftOut(List.copyOf(zeros), territories, row));
    }

    /** The table's rows are written in this order (a stable sort), those of territories left out among the others. */
    void order(String table, Comparator<List<Object>> order) {
        orders.put(table, order);
    }

    void decide(DisclosureRule rule) {
        families.values().forEach(publication::together);
        families.clear();
        publication.decide(rule);
        givenBack = 0;
    }

    /** After the tables gave their rows again: each figure was given back. */
    void requireAllGivenBack() {
        if (givenBack != made.size()) {
            throw new IllegalStateException("the tables asked for " + givenBack + " figures after the decision, " + made.size() + " before");
        }
    }

    /**
     * A table's rows as written, each given to {@code into} in turn: suppressed cells empty, and named (space-separated)
     * in the last column. Its rows are then let go.
     */
    void csvRows(String table, boolean suppressedColumn, Consumer<List<Object>> into) {
        List<List<Object>> all = new ArrayList<>(tables.getOrDefault(table, List.of()));
        tables.remove(table);
        for (LeftOut group : leftOut.getOrDefault(table, List.of())) {
            if (group.zeros().stream().anyMatch(Figure::suppressed)) {
                group.territories().forEach(id -> all.add(group.row().apply(id)));
            }
        }
        Comparator<List<Object>> order = orders.get(table);
        if (order != null) {
            all.sort(order);
        }
        leftOut.remove(table);
        for (int i = 0; i < all.size(); i++) {
            List<Object> cells = all.set(i, null); // let each row go once written
            List<Object> row = new ArrayList<>();
            List<String> suppressed = new ArrayList<>();
            for (Object cell : cells) {
                if (cell instanceof Cell c) {
                    if (c.hidden()) {
                        suppressed.add(c.field());
                        row.add(null);
                    } else {
                        row.add(c.exact());
                    }
                } else {
                    row.add(cell);
                }
            }
            if (suppressedColumn) {
                row.add(String.join(" ", suppressed));
            } else if (!suppressed.isEmpty()) {
                throw new IllegalStateException(table + " has no suppressed column but hides " + suppressed);
            }
            into.accept(row);
        }
    }
}
