package org.together.launcher.backfill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A file of historical events: JSON lines (one event object per line) or CSV (a header row naming the
 * fields, one event per row). In CSV, nested fields are dotted columns ({@code source.app},
 * {@code breakdown.food}, {@code resourceEfficiency.short-circuits}), {@code criteria} and {@code scores} hold JSON
 * text, {@code keyElements} JSON text or names separated by ';', an empty cell is an absent field, and the numeric
 * fields of the contract are sent as numbers. Everything else is sent as text and
 * judged by the API, so the rules live in one place.
 */
public final class EventFile {

    /** One line (JSON lines) or row (CSV) of the file: the event to send, or why it cannot be sent. */
    public record Entry(int line, ObjectNode event, String error) {
        public static Entry of(int line, ObjectNode event) {
            return new Entry(line, event, null);
        }

        public static Entry unreadable(int line, String error) {
            return new Entry(line, null, error);
        }

        public boolean readable() {
            return event != null;
        }
    }

    public enum Format {
        JSON_LINES, CSV;

        /** CSV for a {@code .csv} file, JSON lines otherwise. */
        public static Format of(Path file) {
            return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? CSV : JSON_LINES;
        }
    }

    /** Columns (or dotted column leaves) whose cells are numbers in the event contract. */
    static final Set<String> NUMERIC = Set.of(
            "participantsCount", "rating", "durationMinutes", "tonnesCo2ePerYear",
            "breakdown.food", "breakdown.housing", "breakdown.mobility", "breakdown.goods", "breakdown.publicServices",
            "tonnesCo2eAvoidedPerYear");
    /** Groups of columns whose every leaf is a number: an approach's scores. */
    static final Set<String> NUMERIC_GROUPS = Set.of("resourceEfficiency", "immaterialWellbeing");
    /** Columns whose cells are JSON text: the list of criteria and the map of scores (and scores of an approach). */
    static final Set<String> JSON_CELLS = Set.of("criteria", "scores", "resourceEfficiency", "immaterialWellbeing");
    /** A list of names: JSON text, or the names separated by ';'. */
    static final String KEY_ELEMENTS = "keyElements";

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventFile() {
    }

    /** Reads the file entry by entry, without holding it all in memory. */
    public static void read(Path file, Format format, Consumer<Entry> sink) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            skipByteOrderMark(reader);
            if (format == Format.CSV) {
                readCsv(reader, sink);
            } else {
                readJsonLines(reader, sink);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static void readJsonLines(BufferedReader reader, Consumer<Entry> sink) throws IOException {
        String text;
        int line = 0;
        while ((text = reader.readLine()) != null) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(text);
                if (node instanceof ObjectNode event) {
                    sink.accept(Entry.of(line, event));
                } else {
                    sink.accept(Entry.unreadable(line, "must be one JSON object per line"));
                }
            } catch (JsonProcessingException e) {
                sink.accept(Entry.unreadable(line, "not valid JSON: " + e.getOriginalMessage()));
            }
        }
    }

    static void readCsv(BufferedReader reader, Consumer<Entry> sink) throws IOException {
        CsvRows rows = new CsvRows(reader);
        CsvRows.Row header = rows.next();
        if (header == null) {
            return;
        }
        List<String> columns = header.cells().stream().map(String::strip).toList();
        for (String column : columns) {
            if (column.isEmpty() || column.startsWith(".") || column.endsWith(".") || column.contains("..")) {
                throw new IOException("header line " + header.line() + ": column name '" + column + "' is not a field name or a dotted path");
            }
        }
        while (true) {
            CsvRows.Row row;
            try {
                row = rows.next();
            } catch (CsvRows.MalformedCsvException e) {
                sink.accept(Entry.unreadable(e.line, e.getMessage()));
                return; // the rest of the file cannot be split into rows reliably
            }
            if (row == null) {
                return;
            }
            sink.accept(toEvent(columns, row));
        }
    }

    /** One CSV row as the JSON event the API expects. */
    static Entry toEvent(List<String> columns, CsvRows.Row row) {
        if (row.cells().size() != columns.size()) {
            return Entry.unreadable(row.line(), "has " + row.cells().size() + " cells, the header has " + columns.size());
        }
        ObjectNode event = JSON.createObjectNode();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String column = columns.get(i);
            String cell = row.cells().get(i);
            if (cell.isEmpty()) {
                continue;
            }
            String[] path = column.split("\\.");
            ObjectNode parent = event;
            for (int p = 0; p < path.length - 1; p++) {
                JsonNode child = parent.get(path[p]);
                if (child == null) {
                    parent = parent.putObject(path[p]);
                } else if (child instanceof ObjectNode object) {
                    parent = object;
                } else {
                    errors.add(column + ": '" + path[p] + "' is both a value and a group of columns");
                    parent = null;
                    break;
                }
            }
            if (parent == null) {
                continue;
            }
            String leaf = path[path.length - 1];
            boolean numeric = NUMERIC.contains(column) || path.length == 2 && NUMERIC_GROUPS.contains(path[0]);
            if (column.equals(KEY_ELEMENTS) && !cell.strip().startsWith("[")) {
                var list = parent.putArray(leaf);
                for (String name : cell.split(";")) {
                    if (!name.isBlank()) {
                        list.add(name.strip());
                    }
                }
            } else if (JSON_CELLS.contains(column) || column.equals(KEY_ELEMENTS)) {
                try {
                    parent.set(leaf, JSON.readTree(cell));
                } catch (JsonProcessingException e) {
                    errors.add(column + ": must be JSON text, like "
                            + (column.equals("criteria")
                            ? "[{\"dimension\":\"A\",\"question\":\"wellbeing\",\"count\":3}]"
                            : column.equals(KEY_ELEMENTS) ? "[\"direct-democracy\",\"collective-learning\"]"
                            : "{\"A\":4,\"B\":3}")
                            + " (" + e.getOriginalMessage() + ")");
                }
            } else if (numeric && cell.strip().matches("-?\\d{1,18}")) {
                parent.put(leaf, Long.parseLong(cell.strip()));
            } else if (numeric && isNumber(cell.strip())) {
                parent.put(leaf, Double.parseDouble(cell.strip()));
            } else {
                parent.put(leaf, cell);
            }
        }
        if (!errors.isEmpty()) {
            return Entry.unreadable(row.line(), String.join("; ", errors));
        }
        return Entry.of(row.line(), event);
    }

    private static boolean isNumber(String text) {
        return text.matches("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
    }

    private static void skipByteOrderMark(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
    }
}
