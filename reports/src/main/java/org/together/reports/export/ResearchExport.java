package org.together.reports.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.together.figures.Window;
import org.together.figures.disclosure.DisclosureRule;
import org.together.reports.csv.CsvTable;

/**
 * The research export for the Council of Alliances: anonymous aggregates per territory and quarter and network-wide,
 * with the public disclosure rule applied, as CSV files described by a Frictionless Data Package
 * ({@code datapackage.json}). No pseudonym, no event: every row is a count, a mean or a share of a territory or of
 * the network in a quarter.
 */
public final class ResearchExport {

    public static final String DATAPACKAGE = "datapackage.json";
    /** The description's last sentence when the network chose no licence ({@link ExportLicence#ENVIRONMENT}). */
    static final String NO_LICENCE = "No licence was chosen for this data (" + ExportLicence.ENVIRONMENT + " is not set): ask "
            + "the network's coordination team before reusing it.";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Where the Data Package v2 profiles are ({@code $schema}). */
    static final String V2 = "https://datapackage.org/profiles/2.0/";

    private final String name;
    private final Map<String, byte[]> files;

    private ResearchExport(String name, Map<String, byte[]> files) {
        this.name = name;
        this.files = files;
    }

    /**
     * The export's last day is today at the latest, as a snapshot's: {@code to} (exclusive) is tomorrow at the latest,
     * and a period that ends with today counts today's events received up to the export ({@code receivedUpTo}; its last
     * quarter is partial, and its {@code activeAtEnd} the participants active then). A day not begun has no event.
     *
     * @throws IllegalArgumentException when {@code to} (exclusive) is after the day after {@code today}
     */
    public static void requireBegun(LocalDate to, LocalDate today) {
        LocalDate latest = today.plusDays(1);
        if (to.isAfter(latest)) {
            throw new IllegalArgumentException("to must be " + latest + " or earlier (to is exclusive: the period ends with "
                    + "today, " + today + ", at the latest), was " + to + ": a day not begun has no events");
        }
    }

    /** The package's name, like {@code together-research-2021-01-01-2022-01-01} (also the zip's file name). */
    public String name() {
        return name;
    }

    /**
     * @param span the export's days ({@code from} inclusive, {@code to} exclusive)
     * @param receivedUpTo the events counted are those received up to this moment
     * @param licence what researchers may reuse the data under, when the network chose it
     */
    static ResearchExport of(Window span, ExportInput input, DisclosureRule rule, Optional<ExportLicence> licence,
                             Instant generatedAt, Instant receivedUpTo) {
        Rows rows = new Rows();
        List<ExportTable> tables = ResearchTables.all();
        tables.forEach(t -> t.rows(input, rows)); // the figures, decided together
        rows.decide(rule);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (ExportTable t : tables) {
            t.rows(input, rows); // the rows, one table at a time (see Rows)
            CsvTable csv = new CsvTable(t.fields().stream().map(ExportTable.Field::name).toList());
            rows.csvRows(t.name(), suppressible(t), csv::row);
            files.put(t.name() + ".csv", csv.csv().getBytes(StandardCharsets.UTF_8));
        }
        rows.requireAllGivenBack();
        String name = "together-research-" + span.from() + "-" + span.to();
        files.put(DATAPACKAGE, datapackage(name, span, tables, rule, licence, generatedAt, receivedUpTo));
        return new ResearchExport(name, files);
    }

    /** Whether the table has a {@code suppressed} column (its last): a table of figures the rule may hide. */
    static boolean suppressible(ExportTable t) {
        return t.fields().get(t.fields().size() - 1).name().equals("suppressed");
    }

    private static byte[] datapackage(String name, Window span, List<ExportTable> tables, DisclosureRule rule,
                                      Optional<ExportLicence> licence, Instant generatedAt, Instant receivedUpTo) {
        int k = rule.minPublishedCount();
        ObjectNode p = JSON.createObjectNode();
        // Data Package v2, not v1's "profile": "tabular-data-package": uniqueKeys (the figures tables' keys, which hold
        // the network rows' empty territoryId, so cannot be a primaryKey) are Table Schema v2. Frictionless v5 reads
        // the v2 $schema (it takes the standard's version from it) and checks types, constraints, primaryKey and
        // foreignKeys as in v1; it does not check uniqueKeys, which v2 tools do. Dropping them for v1 would leave the
        // seven figures tables with no declared key at all.
        p.put("$schema", V2 + "datapackage.json");
        p.put("name", name);
        p.put("title", "TOGETHER network: participation, tool uptake, well-being and footprint per territory and quarter, "
                + span.from() + " to " + span.lastDay());
        p.put("description", "Anonymous aggregates of the TOGETHER network of Territories of Co-responsibility (SPIRAL), per "
                + "territory and calendar quarter and network-wide, counted from the event log by the live figures' and the "
                + "quarterly snapshot's rules of what counts (a participant, a territory's event, a tool stage). Not always "
                + "the same numbers: tools.csv counts the users who first reached a stage in the quarter, so that quarters "
                + "add up, where the snapshot and the live figures count the distinct users who reached it in their period "
                + "(see that table's description). No pseudonym and no event-level row. The figures count the events "
                + "received up to receivedUpTo: the export made again with that moment (--received-until, or receivedUntil "
                + "over HTTP) has the same files, whatever arrived since, but for the time it was created."
                + (licence.isPresent() ? "" : " " + NO_LICENCE));
        // the network's choice, not ours: without it no licences key, rather than a default researchers would rely on
        licence.ifPresent(l -> p.putArray("licenses").addObject().put("name", l.name()).put("path", l.path()).put("title", l.title()));
        p.put("created", generatedAt.toString());
        ObjectNode period = p.putObject("period");
        period.put("from", span.from().toString());
        period.put("to", span.to().toString());
        List<String> partial = partialQuarters(span);
        period.put("note", "from inclusive, to exclusive, UTC days. Rows are per calendar quarter: "
                + (partial.isEmpty() ? "every quarter of this export is whole."
                : (partial.size() == 1 ? "the quarter " + partial.get(0) + " is partial"
                : "the quarters " + String.join(" and ", partial) + " are partial")
                + ", cut at from or to. A partial quarter keeps its calendar label (its start and end columns say which "
                + "days it counts): do not add its rows to another export's rows of the same label.")
                + (endsUnended(span, receivedUpTo == null ? generatedAt : receivedUpTo) ? " The period's last day, "
                + span.lastDay() + ", had not ended at receivedUpTo: its figures count the events received up to then, "
                + "and the last quarter's "
                + "activeAtEnd is the participants active then (people may still join or leave that day)." : ""));
        p.put("receivedUpTo", receivedUpTo == null ? null : receivedUpTo.toString());
        ObjectNode disclosure = p.putObject("disclosure");
        disclosure.put("minPublishedCount", k);
        disclosure.put("rule", "Public rule. A count of 1 to " + (k - 1) + " people, groups, evaluations or assessments about "
                + "one territory is not published, nor a mean or share computed from fewer than " + k + " values, nor a "
                + "ratio of a hidden count, nor a mean or share of a hidden count (mean times count is a sum). A zero is published, "
                + "except when it is hidden as the partner of a small count or with its family (below). Among the territory "
                + "cells adding up to a network row, either none is hidden or at least two, together at least " + k + " when "
                + "the network's figure is at least " + k + ", so that none can be worked out by subtraction within this "
                + "export; when the network's figure is under " + k + ", it is published and the cells under it are "
                + "hidden with at least one other cell, so that none can be told. When no other count above zero is left to hide with a small one (a "
                + "count above zero in one territory only), a zero is hidden with it instead, and a table that gives a "
                + "territory a row only where it has some (a tool, a dimension, a domain, a kind of approach, evaluations, "
                + "assessments) then gives every territory it left out a row with those cells hidden. A territory's figures "
                + "that bound each other are hidden together (see each table's description). Network rows are always "
                + "published, however small: a network mean of one value is that person's own value, and a network row or "
                + "cohort whose people are all one territory's (an imported history) gives that territory's figures. "
                + "Otherwise a territory without a row in a table had none. A hidden value is an empty cell, named in the "
                + "row's suppressed column. The rule protects this export's own cells, decided on their own per "
                + "quarter: do not read them beside other public outputs of a different period (the live query API, a "
                + "quarterly snapshot), which hide other cells and together can give a hidden figure away.");
        ArrayNode resources = p.putArray("resources");
        for (ExportTable t : tables) {
            ObjectNode r = resources.addObject();
            r.put("name", t.name());
            r.put("path", t.name() + ".csv");
            r.put("$schema", V2 + "dataresource.json");
            r.put("type", "table"); // v2's word for v1's "profile": "tabular-data-resource"
            r.put("format", "csv");
            r.put("mediatype", "text/csv");
            r.put("encoding", "utf-8");
            r.put("description", t.description());
            ObjectNode schema = r.putObject("schema");
            ArrayNode fields = schema.putArray("fields");
            for (ExportTable.Field f : t.fields()) {
                ObjectNode field = fields.addObject().put("name", f.name()).put("type", f.type()).put("description", f.description());
                if (f.unit() != null) {
                    field.put("unit", f.unit());
                }
                Map<String, Object> constraints = constraints(f, t, span);
                if (!constraints.isEmpty()) {
                    field.set("constraints", JSON.valueToTree(constraints));
                }
            }
            schema.putArray("missingValues").add("");
            if (!t.primaryKey().isEmpty()) {
                ArrayNode key = schema.putArray("primaryKey");
                t.primaryKey().forEach(key::add);
            }
            if (!t.uniqueKey().isEmpty()) {
                // not a primaryKey: a key field cannot be null, and the network's rows have no territoryId
                ArrayNode key = schema.putArray("uniqueKeys").addArray();
                t.uniqueKey().forEach(key::add);
            }
            if (t.fields().stream().anyMatch(f -> f.name().equals("territoryId")) && !t.name().equals("territories")) {
                // the network's rows have no territoryId: a null, which a foreign key does not check
                ObjectNode fk = schema.putArray("foreignKeys").addObject();
                fk.putArray("fields").add("territoryId");
                ObjectNode reference = fk.putObject("reference");
                reference.put("resource", "territories");
                reference.putArray("fields").add("territoryId");
            }
        }
        try {
            return JSON.writeValueAsBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A field's constraints as the package states them: its own, and those of the export's period for the {@code start}
     * and {@code end} dates (inside it) and the {@code suppressed} list (names of the table's figures).
     */
    private static Map<String, Object> constraints(ExportTable.Field f, ExportTable t, Window span) {
        ExportTable.Field field = switch (f.name()) {
            case "start" -> f.with("minimum", span.from().toString()).with("maximum", span.lastDay().toString());
            case "end" -> f.with("minimum", span.from().plusDays(1).toString()).with("maximum", span.to().toString());
            case "suppressed" -> {
                String figure = t.fields().stream().filter(x -> x.type().equals("integer") || x.type().equals("number"))
                        .map(x -> x.name().replace(".", "\\.")).collect(java.util.stream.Collectors.joining("|", "(", ")"));
                yield f.pattern(figure + "( " + figure + ")*");
            }
            default -> f;
        };
        return field.constraints();
    }

    /**
     * Whether the span's last day had not ended at {@code receivedUpTo} (a period ending with the day the events were
     * counted up to): that moment, not the file's creation, so that the export made again for it says the same.
     */
    static boolean endsUnended(Window span, Instant receivedUpTo) {
        return span.to().isAfter(receivedUpTo.atZone(java.time.ZoneOffset.UTC).toLocalDate());
    }

    /** The span's partial quarters (its first or last, when cut at from or to), by label. */
    static List<String> partialQuarters(Window span) {
        List<String> partial = new ArrayList<>();
        LocalDate firstStart = org.together.figures.Period.QUARTER.start(span.from());
        if (!firstStart.equals(span.from())) {
            partial.add(org.together.figures.Period.QUARTER.label(firstStart));
        }
        LocalDate lastStart = org.together.figures.Period.QUARTER.start(span.lastDay());
        if (!lastStart.plusMonths(3).equals(span.to())) {
            String label = org.together.figures.Period.QUARTER.label(lastStart);
            if (!partial.contains(label)) {
                partial.add(label);
            }
        }
        return partial;
    }

    /** File name -> content: the CSV files, then {@code datapackage.json}. */
    public Map<String, byte[]> files() {
        return files;
    }

    /**
     * Writes the files into {@code dir} (created if missing, 0700), each whole or not at all and readable by its owner
     * only (0600): the export is for named researchers, not for publishing as it is.
     */
    public List<Path> write(Path dir) {
        List<Path> written = new ArrayList<>();
        try {
            org.together.reports.snapshot.ReportFiles.createDirectories(dir, true);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                written.add(org.together.reports.snapshot.ReportFiles.write(dir.resolve(f.getKey()), f.getValue(), true));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export into " + dir + ": " + e.getMessage(), e);
        }
        return written;
    }

    /** The files as one zip (what the HTTP API answers). */
    public byte[] zip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
