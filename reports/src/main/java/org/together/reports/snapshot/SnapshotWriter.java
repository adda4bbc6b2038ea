package org.together.reports.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes a snapshot's files into a folder, for the command line. File names say the period, the
 * scope, the language and, for an internal report, the audience: {@code snapshot-2021-04-10_2021-07-10[-territory]-en.html},
 * {@code .pdf}; {@code snapshot-2021-04-10_2021-07-10[-territory].json}; one CSV per table,
 * {@code snapshot-2021-04-10_2021-07-10[-territory]-en-tools.csv}; an internal report's are
 * {@code ...-en-internal.html}, {@code ...-internal.json}, {@code ...-en-internal-tools.csv}, so that a public and an internal
 * report of the same period can share a folder, and an internal file says what it is by its name.
 */
public final class SnapshotWriter {

    private SnapshotWriter() {
    }

    /**
     * @param formats which formats to write; empty means all
     * @return the files written, in format order
     */
    public static List<Path> write(Snapshot snapshot, Path outDir, Locale locale, Set<SnapshotFormat> formats) {
        Set<SnapshotFormat> wanted = formats.isEmpty() ? EnumSet.allOf(SnapshotFormat.class) : EnumSet.copyOf(formats);
        String lang = ReportLanguage.of(locale).code();
        Snapshot.Scope scope = snapshot.scope();
        boolean internal = !snapshot.isPublic();
        List<Path> written = new ArrayList<>();
        // an internal report's exact figures are its owner's only (ReportFiles)
        boolean ownerOnly = internal;
        try {
            ReportFiles.createDirectories(outDir, ownerOnly);
            String html = wanted.contains(SnapshotFormat.HTML) || wanted.contains(SnapshotFormat.PDF)
                    ? HtmlReport.render(snapshot, locale) : null;
            for (SnapshotFormat format : wanted) {
                switch (format) {
                    case HTML -> written.add(ReportFiles.write(outDir.resolve(fileName(scope, internal, lang, null, "html")),
                            html.getBytes(StandardCharsets.UTF_8), ownerOnly));
                    case PDF -> written.add(ReportFiles.write(outDir.resolve(fileName(scope, internal, lang, null, "pdf")), PdfReport.fromHtml(html),
                            ownerOnly));
                    case JSON -> written.add(ReportFiles.write(outDir.resolve(fileName(scope, internal, null, null, "json")), JsonReport.render(snapshot),
                            ownerOnly));
                    case CSV -> {
                        for (Map.Entry<String, String> table : CsvReport.tables(snapshot, locale).entrySet()) {
                            written.add(ReportFiles.write(outDir.resolve(fileName(scope, internal, lang, table.getKey(), "csv")),
                                    table.getValue().getBytes(StandardCharsets.UTF_8), ownerOnly));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the snapshot into " + outDir + ": " + e.getMessage(), e);
        }
        return written;
    }

    /**
     * A snapshot file's name, the same on disk and over HTTP: {@code snapshot-FROM_TO[-territory][-lang][-internal]
     * [-table].extension}. The audience follows the language so that an internal file never has a public file's name
     * (review 11: an internal report written into the public one's folder replaced its files without a word).
     *
     * @param lang     the language code, or null for a file without one (JSON)
     * @param table    a CSV table's name, or null
     */
    public static String fileName(Snapshot.Scope scope, boolean internal, String lang, String table, String extension) {
        return "snapshot-" + scope.from() + "_" + scope.to()
                + (scope.territoryId() == null ? "" : "-" + scope.territoryId())
                + (lang == null ? "" : "-" + lang)
                + (internal ? "-" + INTERNAL : "")
                + (table == null ? "" : "-" + table)
                + "." + extension;
    }

    /** The word an internal report's file names carry. */
    public static final String INTERNAL = "internal";
}
