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

/**
 * {@code together import FILE}: a backlog of events, reported line by line; the coordination team's history of any
 * age with the admin token, a territory team's own recent events with its territory token.
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Imports events from a JSON lines or CSV file.",
                "With the admin token: events of any territory and any age, to POST /api/v1/import.",
                "With a territory token (tgt_...): that territory's own events of the last 400 days, to POST /api/v1/events,",
                "within its rate limit. In batches of up to 1,000 events and 1 MiB; each line is reported: accepted,",
                "duplicate, conflict or rejected. A 429 or 503 is waited out (Retry-After) and the batch sent again, for up to",
                "10 minutes. Running it twice is safe: already stored events come back as duplicates.",
                "A host that does not resolve is not retried; --ingest given the query API's address is named as such.",
                "Exit status: 0 all lines stored, 1 some line rejected or in conflict, 2 a usage error (no file or token,",
                "--ingest is the query API), 3 the API could not be used (unknown host, token refused, unavailable)."},
        footer = {"",
                "CSV: a header row names the fields; nested fields are dotted columns (source.app, breakdown.food);",
                "criteria and scores are JSON text in their cell; an empty cell is an absent field. See docs/cli.md."})
public final class ImportCommand implements Callable<Integer> {

    /** How long one batch may keep waiting on 429s, 503s and refused connections before the import stops. */
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Events as JSON lines (.jsonl, .ndjson, .json), a JSON array of events,"
            + " or CSV (.csv) separated by ',', ';' or tabs, as its header is.")
    Path file;

    @Mixin
    ClientOptions client;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "json-lines or csv (default: csv for a .csv file, json-lines otherwise).")
    String format;

    @Option(names = "--problems-only", description = "Report only lines rejected, in conflict or accepted with a warning, and the summary.")
    boolean problemsOnly;

    /**
     * A wait as it is, to a tenth of a second: a refused connection is retried after 0.2, 0.4, 0.8 s, and printing
     * those as "1 s" made the countdown beside them look stuck (review 17).
     */
    static String seconds(Duration wait) {
        long tenths = (wait.toMillis() + 99) / 100;
        return tenths % 10 == 0 ? String.valueOf(tenths / 10) : tenths / 10 + "." + tenths % 10;
    }

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
        EventFile.Layout layout;
        try {
            layout = EventFile.inspect(file, fileFormat);
        } catch (java.io.UncheckedIOException e) {
            err.println("import: " + e.getMessage());
            return 2;
        }
        String unit = layout.unit();
        String token;
        try {
            token = client.adminToken();
        } catch (IllegalArgumentException e) {
            err.println("import: " + e.getMessage());
            return 2;
        }
        IngestClient ingest = new IngestClient(client.ingest(spec, err), GIVE_UP_AFTER, (why, wait, left) -> err.printf(
                "waiting %s s, then sending the same batch again (%s; giving up in %d s)%n",
                seconds(wait), why, Math.round(left.toMillis() / 1000.0)));
        Importer importer = new Importer(ingest, token, result -> {
            if (problemsOnly && result.warnings().isEmpty()
                    && (result.status() == Importer.Status.ACCEPTED || result.status() == Importer.Status.DUPLICATE)) {
                return;
            }
            out.printf("%s %d: %s%s%s%s%n", unit, result.line(), result.status().wireName(),
                    result.eventId() == null ? "" : " " + result.eventId(),
                    result.errors().isEmpty() ? "" : " - " + String.join("; ", result.errors()),
                    result.warnings().isEmpty() ? "" : " - warning: " + String.join("; ", result.warnings()));
        });
        out.println(importer.endpoint() == Importer.Endpoint.EVENTS
                ? "importing " + file + layout.description() + " to POST " + importer.url() + " with a territory token: its own territory's events"
                        + " of the last 400 days, within its rate limit"
                : "importing " + file + layout.description() + " to POST " + importer.url() + " with the admin token: events of any territory and age");
        try {
            EventFile.read(file, layout, importer::add);
            importer.flush();
        } catch (Importer.WrongAddressException e) {
            out.flush();
            err.println("import stopped: " + e.getMessage());
            err.println("so far: " + importer.summary().describe(unit));
            return 2;
        } catch (Importer.RefusedException | IngestClient.UnavailableException e) {
            out.flush();
            err.println("import stopped: " + e.getMessage());
            err.println("so far: " + importer.summary().describe(unit));
            return 3;
        } catch (java.io.UncheckedIOException e) {
            out.flush();
            err.println("import stopped: " + e.getMessage());
            err.println("so far: " + importer.summary().describe(unit));
            return 2;
        }
        Importer.Summary summary = importer.summary();
        out.println(summary.describe(unit));
        if (summary.tooOld() > 0) {
            out.println(summary.tooOld() + " " + unit + (summary.tooOld() == 1 ? " is" : "s are") + " older than 400 days:"
                    + " a territory token sends only the last 400 days; the coordination team imports older events"
                    + " with the admin token");
        }
        out.flush();
        return summary.allStored() ? 0 : 1;
    }
}
