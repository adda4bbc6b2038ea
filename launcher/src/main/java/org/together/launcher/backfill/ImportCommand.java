package org.together.launcher.backfill;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.together.launcher.ClientOptions;
import org.together.launcher.IngestClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code together import FILE}: admin backfill of historical events, reported line by line. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Imports historical events from a JSON lines or CSV file.",
                "Sends historical events (any age) from a JSON lines or CSV file to POST /api/v1/import with the admin token,",
                "in batches of up to 1,000 events and 1 MiB, and reports each line: accepted, duplicate, conflict or rejected.",
                "Running it twice is safe: already stored events come back as duplicates.",
                "Exit status: 0 all lines stored, 1 some line rejected or in conflict, 3 the API could not be used."},
        footer = {"",
                "CSV: a header row names the fields; nested fields are dotted columns (source.app, breakdown.food);",
                "criteria and scores are JSON text in their cell; an empty cell is an absent field. See docs/cli.md."})
public final class ImportCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Events as JSON lines (.jsonl, .ndjson, .json) or CSV (.csv).")
    Path file;

    @Mixin
    ClientOptions client;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "json-lines or csv (default: csv for a .csv file, json-lines otherwise).")
    String format;

    @Option(names = "--problems-only", description = "Report only lines rejected or in conflict, and the summary.")
    boolean problemsOnly;

    public ClientOptions client() {
        return client;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            err.println("import: no such file: " + file);
            return 2;
        }
        EventFile.Format fileFormat = format == null ? EventFile.Format.of(file) : switch (format) {
            case "csv" -> EventFile.Format.CSV;
            case "json-lines", "jsonl", "ndjson" -> EventFile.Format.JSON_LINES;
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--format must be json-lines or csv");
        };
        String token;
        try {
            token = client.adminToken();
        } catch (IllegalArgumentException e) {
            err.println("import: " + e.getMessage());
            return 2;
        }
        Importer importer = new Importer(new IngestClient(client.ingest, Duration.ofMinutes(5)), token, result -> {
            if (problemsOnly && (result.status() == Importer.Status.ACCEPTED || result.status() == Importer.Status.DUPLICATE)) {
                return;
            }
            out.printf("line %d: %s%s%s%n", result.line(), result.status().wireName(),
                    result.eventId() == null ? "" : " " + result.eventId(),
                    result.errors().isEmpty() ? "" : " - " + String.join("; ", result.errors()));
        });
        try {
            EventFile.read(file, fileFormat, importer::add);
            importer.flush();
        } catch (Importer.RefusedException | IngestClient.UnavailableException e) {
            out.flush();
            err.println("import stopped: " + e.getMessage());
            err.println("so far: " + importer.summary());
            return 3;
        } catch (java.io.UncheckedIOException e) {
            out.flush();
            err.println("import stopped: " + e.getMessage());
            err.println("so far: " + importer.summary());
            return 2;
        }
        Importer.Summary summary = importer.summary();
        out.println(summary);
        out.flush();
        return summary.allStored() ? 0 : 1;
    }
}
