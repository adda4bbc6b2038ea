package org.together.reports.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String name;
    private final Map<String, byte[]> files;

    private ResearchExport(String name, Map<String, byte[]> files) {
        this.name = name;
        this.files = files;
    }

    /**
     * The export covers ended periods only: a quarter not ended has no participants active at its end, and its
     * {@code activeAtEnd} would count people who may still leave.
     *
     * @throws IllegalArgumentException when {@code to} (exclusive) is after {@code today}
     */
    public static void requireEnded(LocalDate to, LocalDate today) {
        if (to.isAfter(today)) {
            throw new IllegalArgumentException("to must be today (" + today + ") or earlier, was " + to
                    + ": the export covers ended periods only (a quarter not ended has no participants active at its end)");
        }
    }

    /** The package's name, like {@code together-research-2021-01-01-2022-01-01} (also the zip's file name). */
    public String name() {
        return name;
    }

    /**
     * @param span the export's days ({@code from} inclusive, {@code to} exclusive)
     * @param receivedUpTo the events counted are those received up to this moment
     */
    static ResearchExport of(Window span, ExportInput input, DisclosureRule rule, Instant generatedAt, Instant receivedUpTo) {
        Rows rows = new Rows();
        List<ExportTable> tables = ResearchTables.all();
        tables.forEach(t -> t.rows(input, rows));
        rows.decide(rule);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (ExportTable t : tables) {
            CsvTable csv = new CsvTable(t.fields().stream().map(ExportTable.Field::name).toList());
            rows.csvRows(t.name()).forEach(csv::row);
            files.put(t.name() + ".csv", csv.csv().getBytes(StandardCharsets.UTF_8));
        }
        String name = "together-research-" + span.from() + "-" + span.to();
        files.put(DATAPACKAGE, datapackage(name, span, tables, rule, generatedAt, receivedUpTo));
        return new ResearchExport(name, files);
    }

    private static byte[] datapackage(String name, Window span, List<ExportTable> tables, DisclosureRule rule, Instant generatedAt,
                                      Instant receivedUpTo) {
        int k = rule.minPublishedCount();
        ObjectNode p = JSON.createObjectNode();
        p.put("profile", "tabular-data-package");
        p.put("name", name);
        p.put("title", "TOGETHER network: participation, tool uptake, well-being and footprint per territory and quarter, "
                + span.from() + " to " + span.lastDay());
        p.put("description", "Anonymous aggregates of the TOGETHER network of Territories of Co-responsibility (SPIRAL), per "
                + "territory and calendar quarter and network-wide, counted from the event log by the same rules as the "
                + "live figures and the quarterly snapshot. No pseudonym and no event-level row.");
        p.put("created", generatedAt.toString());
        ObjectNode period = p.putObject("period");
        period.put("from", span.from().toString());
        period.put("to", span.to().toString());
        period.put("note", "from inclusive, to exclusive, UTC days");
        p.put("receivedUpTo", receivedUpTo == null ? null : receivedUpTo.toString());
        ObjectNode disclosure = p.putObject("disclosure");
        disclosure.put("minPublishedCount", k);
        disclosure.put("rule", "Public rule. A count of 1 to " + (k - 1) + " people, groups, evaluations or assessments about "
                + "one territory is not published, nor a mean or share computed from fewer than " + k + " values, nor a "
                + "ratio of a hidden count, nor a mean or share of a hidden count when it has no value; among the "
                + "territories of one quarter adding up to a network row, either none is hidden or at least two, together at "
                + "least " + k + ", so that none can be worked out by subtraction; when no other count above zero is left to "
                + "hide with one (a count above zero in one territory only), the others' zeros are hidden instead, and a table "
                + "that gives a territory a row only where it has some (a tool, a dimension, a domain, a kind of approach, "
                + "evaluations, assessments) then gives each of them a row with those cells hidden; a territory with a "
                + "hidden participant figure in any quarter has all its participant figures hidden. Network rows are "
                + "published, and so are the other zeros: a territory without a row had none. A hidden value is an empty "
                + "cell, named in the row's suppressed column.");
        ArrayNode resources = p.putArray("resources");
        for (ExportTable t : tables) {
            ObjectNode r = resources.addObject();
            r.put("name", t.name());
            r.put("path", t.name() + ".csv");
            r.put("profile", "tabular-data-resource");
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
            }
            schema.putArray("missingValues").add("");
            if (!t.primaryKey().isEmpty()) {
                ArrayNode key = schema.putArray("primaryKey");
                t.primaryKey().forEach(key::add);
            }
        }
        try {
            return JSON.writeValueAsBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** File name -> content: the CSV files, then {@code datapackage.json}. */
    public Map<String, byte[]> files() {
        return files;
    }

    /** Writes the files into {@code dir} (created if missing), each whole or not at all. */
    public List<Path> write(Path dir) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path target = dir.resolve(f.getKey());
                Path partial = dir.resolve(f.getKey() + ".partial");
                Files.write(partial, f.getValue());
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                written.add(target);
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
