package org.together.reports.csv;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Every CSV the product writes (snapshot tables, research export): RFC 4180 (comma, double quotes, CRLF), UTF-8 text
 * as it is (accents and any script), numbers in machine form (dot decimals, to 15 significant digits), null as an
 * empty cell. A text cell that
 * a spreadsheet would take for a formula (starting with {@code = + - @}, a tab or a carriage return, or with
 * {@code = + - @} after leading spaces, which some imports trim) is neutralised with a leading {@code '}; numbers are
 * never touched.
 */
public final class CsvTable {

    public static final String EOL = "\r\n";
    private final List<String> lines = new ArrayList<>();
    private final int width;

    public CsvTable(String... header) {
        this.width = header.length;
        row((Object[]) header);
    }

    public CsvTable(List<String> header) {
        this(header.toArray(String[]::new));
    }

    /** One row: numbers as numbers, anything else as text; null is an empty cell. */
    public CsvTable row(Object... cells) {
        if (cells.length != width) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + width + " columns");
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(cell(cells[i]));
        }
        lines.add(line.toString());
        return this;
    }

    public CsvTable row(List<?> cells) {
        return row(cells.toArray());
    }

    public String csv() {
        return String.join(EOL, lines) + EOL;
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof Number n ? number(n) : neutralised(String.valueOf(value));
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    /**
     * A text a spreadsheet would run as a formula gets a leading apostrophe: one starting with a formula character, or
     * with one after blanks (spaces, tabs, line breaks, no-break spaces), which an import that trims cells lays bare.
     */
    public static String neutralised(String text) {
        int first = 0;
        while (first < text.length() && blank(text.charAt(first))) {
            first++;
        }
        boolean formula = first < text.length() && "=+-@".indexOf(text.charAt(first)) >= 0;
        if (formula || (!text.isEmpty() && "\t\r".indexOf(text.charAt(0)) >= 0)) {
            return "'" + text;
        }
        return text;
    }

    private static boolean blank(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /**
     * A decimal to 15 significant digits, what a double holds of a decimal: the noise of binary arithmetic beyond them
     * goes (0.7999999999999999 is 0.8), a decimal written with fewer digits reads back as written. Plain notation, no
     * trailing zeros; whole numbers without a point.
     */
    static String number(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return String.valueOf(d);
            }
            BigDecimal rounded = new BigDecimal(d).round(SIGNIFICANT).stripTrailingZeros();
            return rounded.signum() == 0 ? "0" : rounded.toPlainString();
        }
        return String.valueOf(n);
    }

    private static final MathContext SIGNIFICANT = new MathContext(15, RoundingMode.HALF_EVEN);
}
