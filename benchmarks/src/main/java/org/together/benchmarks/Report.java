package org.together.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one run measured, in sections of rows, with a verdict per quality bar. Rendered as plain text for the
 * terminal and as Markdown for {@code docs/benchmarks.md}.
 */
final class Report {

    record Row(String name, String value, String detail) {
    }

    static final class Section {
        final String title;
        final List<String> header;
        final List<List<String>> rows = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        Section(String title, List<String> header) {
            this.title = title;
            this.header = header;
        }

        Section row(String... cells) {
            if (cells.length != header.size()) {
                throw new IllegalArgumentException("row of " + cells.length + " cells in a table of " + header.size() + " columns");
            }
            rows.add(List.of(cells));
            return this;
        }

        Section note(String note) {
            notes.add(note);
            return this;
        }
    }

    private final String mode;
    private final Machine machine;
    private final List<Section> sections = new ArrayList<>();
    private final List<Verdict> verdicts = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private Duration took = Duration.ZERO;

    Report(String mode, Machine machine) {
        this.mode = mode;
        this.machine = machine;
    }

    Section section(String title, String... header) {
        Section s = new Section(title, List.of(header));
        sections.add(s);
        return s;
    }

    void verdict(Verdict v) {
        verdicts.add(v);
    }

    void note(String note) {
        notes.add(note);
    }

    void took(Duration d) {
        took = d;
    }

    List<Section> sections() {
        return List.copyOf(sections);
    }

    List<Verdict> verdicts() {
        return List.copyOf(verdicts);
    }

    String mode() {
        return mode;
    }

    boolean allPassed() {
        return !verdicts.isEmpty() && verdicts.stream().allMatch(Verdict::passed);
    }

    // ---- plain text ----

    String verdictsText() {
        StringBuilder b = new StringBuilder();
        for (Verdict v : verdicts) {
            b.append(v.line()).append('\n');
        }
        return b.toString();
    }

    String toText() {
        StringBuilder b = new StringBuilder();
        b.append("TOGETHER benchmarks (").append(mode).append(") ").append(machine.dateText()).append('\n');
        b.append(machineLine()).append("\n\n");
        for (Section s : sections) {
            b.append("== ").append(s.title).append('\n');
            b.append(textTable(s.header, s.rows));
            for (String n : s.notes) {
                b.append("  note: ").append(n).append('\n');
            }
            b.append('\n');
        }
        b.append("== Verdicts\n").append(verdictsText());
        for (String n : notes) {
            b.append("note: ").append(n).append('\n');
        }
        b.append("took ").append(Fmt.seconds(took)).append('\n');
        return b.toString();
    }

    static String textTable(List<String> header, List<List<String>> rows) {
        int[] width = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            width[i] = header.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        appendTextRow(b, header, width);
        StringBuilder rule = new StringBuilder("  ");
        for (int w : width) {
            rule.append("-".repeat(w)).append("  ");
        }
        b.append(rule.toString().stripTrailing()).append('\n');
        for (List<String> r : rows) {
            appendTextRow(b, r, width);
        }
        return b.toString();
    }

    private static void appendTextRow(StringBuilder b, List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder("  ");
        for (int i = 0; i < cells.size(); i++) {
            line.append(String.format(Locale.ROOT, "%-" + width[i] + "s", cells.get(i))).append("  ");
        }
        b.append(line.toString().stripTrailing()).append('\n');
    }

    private String machineLine() {
        return "machine: " + machine.cores() + " cores, " + Fmt.bytes(machine.memoryBytes()) + " memory, " + machine.jdk()
                + ", max heap " + Fmt.bytes(machine.maxHeapBytes()) + " (JVM options " + machine.jvmArgs() + "), " + machine.os();
    }

    // ---- Markdown ----

    String toMarkdown() {
        StringBuilder b = new StringBuilder();
        b.append("Run of ").append(machine.dateText()).append(", took ").append(Fmt.seconds(took)).append(".\n\n");
        b.append("| machine | |\n|---|---|\n");
        b.append("| cores | ").append(machine.cores()).append(" |\n");
        b.append("| memory | ").append(Fmt.bytes(machine.memoryBytes())).append(" |\n");
        b.append("| JDK | ").append(cell(machine.jdk())).append(" |\n");
        b.append("| OS | ").append(cell(machine.os())).append(" |\n");
        b.append("| max heap | ").append(Fmt.bytes(machine.maxHeapBytes())).append(" (JVM options `").append(machine.jvmArgs()).append("`) |\n\n");

        b.append("#### Verdicts\n\n| floor | measured | verdict |\n|---|---|---|\n");
        for (Verdict v : verdicts) {
            b.append("| ").append(cell(v.floor())).append(" | ").append(cell(v.measured())).append(" | **")
                    .append(v.outcome()).append("** |\n");
        }
        b.append('\n');
        for (Section s : sections) {
            b.append("#### ").append(s.title).append("\n\n");
            b.append(markdownTable(s.header, s.rows));
            for (String n : s.notes) {
                b.append("\n- ").append(n);
            }
            b.append(s.notes.isEmpty() ? "\n" : "\n\n");
        }
        if (!notes.isEmpty()) {
            b.append("#### Notes\n\n");
            for (String n : notes) {
                b.append("- ").append(n).append('\n');
            }
        }
        return b.toString();
    }

    static String markdownTable(List<String> header, List<List<String>> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| ").append(String.join(" | ", header.stream().map(Report::cell).toList())).append(" |\n");
        b.append("|").append("---|".repeat(header.size())).append('\n');
        for (List<String> r : rows) {
            b.append("| ").append(String.join(" | ", r.stream().map(Report::cell).toList())).append(" |\n");
        }
        return b.toString();
    }

    /** A Markdown table cell: pipes escaped, no line breaks. */
    static String cell(String s) {
        return s.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
