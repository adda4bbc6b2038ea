package org.together.launcher.backfill;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
 * text, {@code keyElements} JSON text or names separated by ';', spaces around a cell's value are dropped, an empty
 * cell (or one of spaces) is an absent field, and the numeric
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

    /**
     * How a file is laid out, found from its first characters before anything is sent: a JSON array rather than JSON
     * lines (what {@code POST /api/v1/events} takes and tools export), and the separator a CSV header uses (French and
     * Belgian spreadsheets save with ';'). The import says it on its first line.
     */
    public record Layout(Format format, boolean jsonArray, char separator) {
        /** What results are numbered by: a line of the file, or an event's position in the array. */
        public String unit() {
            return jsonArray ? "event" : "line";
        }

        /** Said after the file name when it is not the plain case (JSON lines, or CSV with commas); else empty. */
        public String description() {
            if (jsonArray) {
                return " (a JSON array: events numbered by their position in it)";
            }
            if (format == Format.CSV && separator != ',') {
                return " (CSV separated by " + (separator == '\t' ? "tabs" : "'" + separator + "'") + ", as its header is)";
            }
            return "";
        }
    }

    /** Looks at the file's first characters (after a byte-order mark) to tell its layout; reads nothing else. */
    public static Layout inspect(Path file, Format format) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            skipByteOrderMark(reader);
            if (format == Format.CSV) {
                return new Layout(format, false, headerSeparator(reader));
            }
            int c;
            do {
                c = reader.read();
            } while (c != -1 && Character.isWhitespace(c));
            return new Layout(format, c == '[', ',');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the file entry by entry, without holding it all in memory. */
    public static void read(Path file, Format format, Consumer<Entry> sink) {
        read(file, inspect(file, format), sink);
    }

    /** Reads the file entry by entry as {@link #inspect} found it laid out, without holding it all in memory. */
    public static void read(Path file, Layout layout, Consumer<Entry> sink) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            skipByteOrderMark(reader);
            if (layout.format() == Format.CSV) {
                readCsv(reader, layout.separator(), sink);
            } else if (layout.jsonArray()) {
                readJsonArray(reader, sink);
            } else {
                readJsonLines(reader, sink);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The separator of the header row: whichever of ',', ';' and tab it holds most often outside quotes, ',' on a tie.
     * Read as commas, a ';' header is one column and every row would be missing every field (review 11).
     */
    static char headerSeparator(BufferedReader reader) throws IOException {
        int limit = 1 << 20;
        reader.mark(limit);
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean quoted = false;
        for (int read = 0; read < limit; read++) {
            int c = reader.read();
            if (c == -1) {
                break;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                break;
            } else if (!quoted && c == ',') {
                commas++;
            } else if (!quoted && c == ';') {
                semicolons++;
            } else if (!quoted && c == '\t') {
                tabs++;
            }
        }
        reader.reset();
        if (semicolons > commas && semicolons >= tabs) {
            return ';';
        }
        return tabs > commas && tabs > semicolons ? '\t' : ',';
    }

    /**
     * A file holding one JSON array of events, as {@code POST /api/v1/events} takes it, read element by element with a
     * streaming parser; each entry is numbered by its position in the array (1 for the first).
     */
    static void readJsonArray(BufferedReader reader, Consumer<Entry> sink) throws IOException {
        int position = 0; // of the event being read, or of the next one: a parse error is reported there
        try (JsonParser parser = JSON.getFactory().createParser(reader)) {
            parser.nextToken(); // '['
            while (true) {
                position++;
                JsonToken token = parser.nextToken();
                if (token == JsonToken.END_ARRAY) {
                    break;
                }
                if (token == null) {
                    sink.accept(Entry.unreadable(position, "not valid JSON: the array is never closed with ']'"));
                    return;
                }
                JsonNode node = parser.readValueAsTree();
                if (node instanceof ObjectNode event) {
                    sink.accept(Entry.of(position, event));
                } else {
                    sink.accept(Entry.unreadable(position, "must be a JSON object (one event), not "
                            + node.getNodeType().name().toLowerCase(Locale.ROOT)));
                }
            }
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                sink.accept(Entry.unreadable(position, "the file goes on after the array's closing ']' (at line "
                        + at.getLineNr() + ", column " + at.getColumnNr() + "): one array per file; that rest is not read"));
            }
        } catch (JsonProcessingException e) {
            // the parser cannot find where the next event starts: the rest of the file is not read
            JsonLocation at = e.getLocation();
            sink.accept(Entry.unreadable(position, "not valid JSON (at line " + (at == null ? 0 : at.getLineNr())
                    + ", column " + column(e) + "): the rest of the file is not read"));
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
                // Jackson's own message names its parser's internals ("Source: REDACTED ..."): say where, not how
                sink.accept(Entry.unreadable(line, "not valid JSON (at column " + column(e) + ")"));
            }
        }
    }

    private static int column(JsonProcessingException e) {
        return e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getColumnNr());
    }

    static void readCsv(BufferedReader reader, char separator, Consumer<Entry> sink) throws IOException {
        CsvRows rows = new CsvRows(reader, separator);
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
            sink.accept(toEvent(columns, row, separator == ';'));
        }
    }

    /**
     * One CSV row as the JSON event the API expects. {@code decimalComma}: the file is separated by ';', as
     * spreadsheets write it where a comma is the decimal mark, so a number cell of {@code 6,4} is 6.4.
     */
    static Entry toEvent(List<String> columns, CsvRows.Row row, boolean decimalComma) {
        if (row.cells().size() != columns.size()) {
            return Entry.unreadable(row.line(), "has " + row.cells().size() + " cells, the header has " + columns.size());
        }
        ObjectNode event = JSON.createObjectNode();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String column = columns.get(i);
            // a spreadsheet easily adds a space around a value typed or pasted into a cell ("citizen ", " id"): no
            // field of the contract starts or ends with one, and the API keeps its strict rule for what apps send
            String cell = row.cells().get(i).strip();
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
            if (numeric && decimalComma && cell.matches("-?\\d+,\\d+")) {
                cell = cell.replace(',', '.');
            }
            if (column.equals(KEY_ELEMENTS) && !cell.startsWith("[")) {
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
                            + " (not valid JSON at column " + column(e) + " of the cell)");
                }
            } else if (numeric && cell.matches("-?\\d{1,18}")) {
                parent.put(leaf, Long.parseLong(cell));
            } else if (numeric && isNumber(cell)) {
                parent.put(leaf, Double.parseDouble(cell));
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
