package org.together.reports.snapshot;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.together.http.SecurityHeaders;

/**
 * {@code GET /api/v1/snapshots?from=2021-04-10&to=2021-07-10&format=html|pdf|json|csv&lang=en|fr&territory=ID}
 * on the aggregation-streams HTTP API.
 *
 * <p>{@code from} inclusive and {@code to} exclusive, ISO dates (UTC), both required; {@code format}
 * defaults to html and {@code lang} to en; {@code receivedUntil} (an instant) counts only the events received up
 * to it, as an earlier report that says it counted up to that moment did. For csv, {@code table=NAME} returns one table (see
 * {@link CsvReport}); without it, every table in one text, each after a line {@code # NAME}.
 * Answers 400 naming the parameter for a missing or bad date, from not before to, an unknown format,
 * language or table; 404 for an unknown territory; 503 when Kafka cannot be read.
 */
public final class SnapshotRoutes {

    public static final String PATH = "/api/v1/snapshots";

    private SnapshotRoutes() {
    }

    /** Registers the route; call inside {@code Javalin.create(c -> ...)} with {@code c.routes}. */
    public static void register(RoutesConfig routes, SnapshotService snapshots) {
        routes.get(PATH, ctx -> handle(ctx, snapshots));
    }

    private static void handle(Context ctx, SnapshotService snapshots) {
        LocalDate from;
        LocalDate to;
        SnapshotFormat format;
        Locale locale;
        try {
            from = date(ctx, "from");
            to = date(ctx, "to");
            if (!from.isBefore(to)) {
                throw new BadParameter("to", "to (" + to + ") must be after from (" + from + "): from is inclusive, to exclusive");
            }
            SnapshotService.validatePeriod(from, to);
            format = parse("format", () -> SnapshotFormat.parse(Optional.ofNullable(ctx.queryParam("format")).orElse("html")));
            locale = parse("lang", () -> ReportLanguage.parseLocale(Optional.ofNullable(ctx.queryParam("lang")).orElse("en")));
        } catch (BadParameter e) {
            error(ctx, 400, e.field, e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            error(ctx, 400, "to", e.getMessage());
            return;
        }
        String table = ctx.queryParam("table");
        if (table != null && format != SnapshotFormat.CSV) {
            error(ctx, 400, "table", "table applies to format=csv only");
            return;
        }
        Optional<String> territory = Optional.ofNullable(ctx.queryParam("territory")).filter(t -> !t.isBlank());
        Optional<Instant> receivedUntil;
        try {
            receivedUntil = Optional.ofNullable(ctx.queryParam("receivedUntil")).filter(t -> !t.isBlank()).map(t -> Instant.parse(t.trim()));
        } catch (DateTimeParseException e) {
            error(ctx, 400, "receivedUntil", "receivedUntil must be an instant like 2021-07-11T08:00:00Z, was '"
                    + ctx.queryParam("receivedUntil") + "'");
            return;
        }

        Snapshot snapshot;
        try {
            snapshot = snapshots.compute(from, to, territory, receivedUntil);
        } catch (UnknownTerritoryException e) {
            error(ctx, 404, "territory", e.getMessage());
            return;
        } catch (SnapshotUnavailableException e) {
            ctx.header("Retry-After", "10");
            error(ctx, 503, null, e.getMessage());
            return;
        }

        String name = "snapshot-" + from + "_" + to + territory.map(t -> "-" + t).orElse("");
        ctx.contentType(format.contentType());
        switch (format) {
            case HTML -> {
                String html = HtmlReport.render(snapshot, locale);
                SecurityHeaders.standalonePage(ctx, html);
                ctx.result(html.getBytes(StandardCharsets.UTF_8));
            }
            case PDF -> {
                ctx.header("Content-Disposition", "inline; filename=\"" + name + "-" + locale.getLanguage() + ".pdf\"");
                ctx.result(PdfReport.render(snapshot, locale));
            }
            case JSON -> ctx.result(JsonReport.render(snapshot));
            case CSV -> {
                String csv;
                if (table == null) {
                    csv = CsvReport.sections(snapshot, locale);
                } else {
                    Map<String, String> tables = CsvReport.tables(snapshot, locale);
                    csv = tables.get(table);
                    if (csv == null) {
                        ctx.contentType("application/json");
                        error(ctx, 400, "table", "table must be one of " + tables.keySet() + ", was '" + table + "'");
                        return;
                    }
                    name = name + "-" + table;
                }
                ctx.header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
                ctx.result(csv.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static LocalDate date(Context ctx, String field) {
        String value = ctx.queryParam(field);
        if (value == null || value.isBlank()) {
            throw new BadParameter(field, field + " is required, as a date like 2021-04-10");
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new BadParameter(field, field + " must be a date like 2021-04-10, was '" + value + "'");
        }
    }

    private static <T> T parse(String field, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new BadParameter(field, e.getMessage());
        }
    }

    private static void error(Context ctx, int status, String field, String message) {
        String body = "{\"status\":" + status + ",\"errors\":[{\"field\":" + (field == null ? "null" : quote(field))
                + ",\"message\":" + quote(message) + "}]}";
        ctx.status(status).contentType("application/json").result(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static final class BadParameter extends RuntimeException {
        final String field;

        BadParameter(String field, String message) {
            super(message);
            this.field = field;
        }
    }
}
