package org.together.reports.export;

import java.util.List;
import java.util.Map;

/**
 * One CSV file of the research export and its Frictionless schema. A new figure of the model (approaches, cohorts...)
 * joins the export as one more table: it declares its fields and writes its rows through {@link Rows}, whose counts
 * and means are decided by the same rule as every other public figure.
 */
interface ExportTable {

    /** The file's name without {@code .csv}, also the resource's name in {@code datapackage.json}. */
    String name();

    String description();

    List<Field> fields();

    /**
     * The fields whose values identify a row, never empty (Frictionless' {@code primaryKey}); none for a table with
     * network rows beside territory rows, whose {@code territoryId} is empty on the network's (a key field cannot be
     * null): those declare {@link #uniqueKey()}.
     */
    default List<String> primaryKey() {
        return List.of();
    }

    /**
     * For a figures table with network rows: the fields unique over its rows, the empty {@code territoryId} of the
     * network's rows included (Frictionless' {@code uniqueKeys}, which allows a null in a key); empty for one with a
     * {@link #primaryKey()}. Within one export; two exports' partial quarters share a label (see {@code start}).
     */
    default List<String> uniqueKey() {
        return List.of();
    }

    /** Adds the rows: one per territory and quarter and one per quarter for the network, as the table needs. */
    void rows(ExportInput input, Rows rows);

    /**
     * A column of the table, as Frictionless describes it.
     *
     * @param type {@code string}, {@code integer}, {@code number}, {@code date}
     * @param unit the unit of a number, or null
     * @param constraints Frictionless field constraints ({@code required}, {@code minimum}, {@code maximum},
     *                    {@code enum}, {@code pattern}) every cell of the column satisfies, in the order written
     */
    record Field(String name, String type, String description, String unit, Map<String, Object> constraints) {

        Field(String name, String type, String description, String unit) {
            this(name, type, description, unit, Map.of());
        }

        static Field of(String name, String type, String description) {
            return new Field(name, type, description, null);
        }

        /** A count of people, groups, evaluations...: an integer, never below 0. */
        static Field count(String name, String description, String unit) {
            return new Field(name, "integer", description, unit).with("minimum", 0);
        }

        /** A number between {@code minimum} and {@code maximum} (a score 1-5, a share 0-1). */
        Field between(Number minimum, Number maximum) {
            return with("minimum", minimum).with("maximum", maximum);
        }

        /** Never empty, on any row. */
        Field required() {
            return with("required", true);
        }

        Field oneOf(List<String> values) {
            return with("enum", List.copyOf(values));
        }

        /** A regular expression the whole value matches (Frictionless' patterns are anchored at both ends). */
        Field pattern(String regex) {
            return with("pattern", regex);
        }

        Field with(String constraint, Object value) {
            Map<String, Object> all = new java.util.LinkedHashMap<>(constraints);
            all.put(constraint, value);
            return new Field(name, type, description, unit, java.util.Collections.unmodifiableMap(all));
        }
    }
}
