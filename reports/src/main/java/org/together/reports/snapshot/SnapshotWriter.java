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
 * scope and the language: {@code snapshot-2021-04-10_2021-07-10[-territory]-en.html}, {@code .pdf};
 * {@code snapshot-2021-04-10_2021-07-10[-territory].json}; one CSV per table,
 * {@code snapshot-2021-04-10_2021-07-10[-territory]-en-tools.csv}.
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
        String base = "snapshot-" + snapshot.scope().from() + "_" + snapshot.scope().to()
                + (snapshot.scope().territoryId() == null ? "" : "-" + snapshot.scope().territoryId());
        List<Path> written = new ArrayList<>();
        // an internal report's exact figures are its owner's only (ReportFiles)
        boolean ownerOnly = !snapshot.isPublic();
        try {
            ReportFiles.createDirectories(outDir, ownerOnly);
            String html = wanted.contains(SnapshotFormat.HTML) || wanted.contains(SnapshotFormat.PDF)
                    ? HtmlReport.render(snapshot, locale) : null;
            for (SnapshotFormat format : wanted) {
                switch (format) {
                    case HTML -> written.add(ReportFiles.write(outDir.resolve(base + "-" + lang + ".html"),
                            html.getBytes(StandardCharsets.UTF_8), ownerOnly));
                    case PDF -> written.add(ReportFiles.write(outDir.resolve(base + "-" + lang + ".pdf"), PdfReport.fromHtml(html),
                            ownerOnly));
                    case JSON -> written.add(ReportFiles.write(outDir.resolve(base + ".json"), JsonReport.render(snapshot),
                            ownerOnly));
                    case CSV -> {
                        for (Map.Entry<String, String> table : CsvReport.tables(snapshot, locale).entrySet()) {
                            written.add(ReportFiles.write(outDir.resolve(base + "-" + lang + "-" + table.getKey() + ".csv"),
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
}
