package org.together.launcher.backfill;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV one record at a time: separated by commas (or the separator given: spreadsheets of French or
 * Belgian locales write ';'), fields in double quotes may hold separators, line breaks and doubled quotes
 * ({@code ""}). Remembers the line each record starts on, for reports.
 */
final class CsvRows {

    /** One record and the 1-based line of the file it starts on. */
    record Row(int line, List<String> cells) {
    }

    /** A record the reader could not make sense of, e.g. a quote never closed. */
    static final class MalformedCsvException extends IOException {
        final int line;

        MalformedCsvException(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    private final java.io.BufferedReader in;
    private int line = 1;
    private int pushedBack = -2;
    private final char separator;

    CsvRows(java.io.BufferedReader in) {
        this(in, ',');
    }

    CsvRows(java.io.BufferedReader in, char separator) {
        this.in = in;
        this.separator = separator;
    }

    /** The next record, or null at the end of the input. Blank lines are skipped. */
    Row next() throws IOException {
        while (true) {
            int startLine = line;
            int c = read();
            if (c == -1) {
                return null;
            }
            if (c == '\n') {
                continue;
            }
            unread(c);
            List<String> cells = record(startLine);
            if (cells.size() == 1 && cells.get(0).isEmpty()) {
                continue;
            }
            return new Row(startLine, cells);
        }
    }

    private List<String> record(int startLine) throws IOException {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean afterQuote = false;
        while (true) {
            int c = read();
            if (quoted) {
                if (c == -1) {
                    throw new MalformedCsvException(startLine, "a quoted field opened on line " + startLine + " is never closed");
                }
                if (c == '"') {
                    int next = read();
                    if (next == '"') {
                        cell.append('"');
                    } else {
                        quoted = false;
                        afterQuote = true;
                        unread(next);
                    }
                } else {
                    cell.append((char) c);
                }
                continue;
            }
            if (c == -1 || c == '\n') {
                cells.add(cell.toString());
                return cells;
            }
            if (c == separator) {
                cells.add(cell.toString());
                cell.setLength(0);
                afterQuote = false;
            } else if (c == '"' && cell.length() == 0 && !afterQuote) {
                quoted = true;
            } else if (afterQuote) {
                throw new MalformedCsvException(startLine, "unexpected character '" + (char) c + "' after a closing quote");
            } else {
                cell.append((char) c);
            }
        }
    }

    /** Reads one char, folding CRLF and lone CR into LF and counting lines. */
    private int read() throws IOException {
        int c;
        if (pushedBack != -2) {
            c = pushedBack;
            pushedBack = -2;
        } else {
            c = in.read();
            if (c == '\r') {
                in.mark(1);
                int next = in.read();
                if (next != '\n' && next != -1) {
                    in.reset();
                }
                c = '\n';
            }
        }
        if (c == '\n') {
            line++;
        }
        return c;
    }

    private void unread(int c) {
        pushedBack = c;
        if (c == '\n') {
            line--;
        }
    }
}
