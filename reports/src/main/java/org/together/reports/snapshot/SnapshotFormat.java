package org.together.reports.snapshot;

import java.util.Arrays;
import java.util.Locale;

/** The snapshot's formats: HTML and PDF for people, JSON and CSV for analysis. */
public enum SnapshotFormat {
    HTML("html", "text/html; charset=utf-8"),
    PDF("pdf", "application/pdf"),
    JSON("json", "application/json"),
    CSV("csv", "text/csv; charset=utf-8");

    private final String extension;
    private final String contentType;

    SnapshotFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    /**
     * @throws IllegalArgumentException naming the known formats
     */
    public static SnapshotFormat parse(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.extension.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("format must be one of html, pdf, json, csv, was '" + name + "'"));
    }
}
