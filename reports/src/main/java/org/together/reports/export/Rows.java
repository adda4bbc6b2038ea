package org.together.reports.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.together.figures.disclosure.DisclosureRule;
import org.together.figures.disclosure.Publication;
import org.together.figures.disclosure.Publication.Figure;

/**
 * The rows of every table of one export, and their figures in one {@link Publication}: a territory's count joins its
 * column (the same measure of every territory in the same quarter), which adds up to the network's row, published;
 * after {@link #decide}, a suppressed figure is an empty cell named in the row's {@code suppressed} column.
 */
final class Rows {

    /** A figure in a row: its field, its decision, and its exact value (a count, mean or share). */
    record Cell(String field, Figure figure, Object exact) {
    }

    private final Publication publication = new Publication();
    private final Map<String, List<List<Object>>> tables = new LinkedHashMap<>();

    /** A count about a territory, in {@code column} (which adds up to the network's figure). */
    Figure count(String column, long value) {
        return count(column, value, value);
    }

    /** A figure about a territory adding up over {@code column}, computed from {@code units} (criteria from evaluations). */
    Figure count(String column, long value, long units) {
        return publication.column(column, publication.count(value, units));
    }

    Figure mean(long values) {
        return publication.mean(values);
    }

    Figure ratio(Figure numerator, Figure denominator) {
        return publication.ratio(numerator, denominator);
    }

    Figure share(long part, Figure whole) {
        return publication.share(part, whole);
    }

    /** Figures of a territory that give each other away (its participants of consecutive quarters). */
    void together(List<Figure> figures) {
        publication.together(figures);
    }

    static Cell cell(String field, Figure figure, Object exact) {
        return new Cell(field, figure, exact);
    }

    /** A row; the table's last column, {@code suppressed}, is filled in by {@link #csvRows}. */
    void add(String table, List<Object> cells) {
        tables.computeIfAbsent(table, t -> new ArrayList<>()).add(cells);
    }

    void decide(DisclosureRule rule) {
        publication.decide(rule);
    }

    /** A table's rows as written: suppressed cells empty, and named (space-separated) in the last column. */
    List<List<Object>> csvRows(String table) {
        List<List<Object>> rows = new ArrayList<>();
        for (List<Object> cells : tables.getOrDefault(table, List.of())) {
            List<Object> row = new ArrayList<>();
            List<String> suppressed = new ArrayList<>();
            for (Object cell : cells) {
                if (cell instanceof Cell c) {
                    if (c.figure() != null && c.figure().suppressed()) {
                        suppressed.add(c.field());
                        row.add(null);
                    } else {
                        row.add(c.exact());
                    }
                } else {
                    row.add(cell);
                }
            }
            row.add(String.join(" ", suppressed));
            rows.add(row);
        }
        return rows;
    }
}
