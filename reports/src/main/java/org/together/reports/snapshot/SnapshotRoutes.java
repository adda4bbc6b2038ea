package org.together.reports.snapshot;

import static org.together.reports.replay.ReplayRequests.error;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.together.figures.Window;
import org.together.figures.disclosure.Audience;
import org.together.figures.disclosure.DisclosureRule;
import org.together.reports.replay.ReplayQueue;
import org.together.reports.replay.ReplayRequests;
import org.together.reports.replay.ReplayRequests.BadParameter;
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
 *
 * <p>Without the viewer or admin token (the public), the report covers whole calendar quarters that have ended and
 * counts every event received: {@code from} and {@code to} first days of quarters, {@code to} not after today, no
 * {@code receivedUntil}; anything else is 403 naming the parameter. A period ending on any day the public chose would
 * give each territory's figures as of that day, and consecutive days its day-by-day changes, which docs/privacy.md
 * rule 5 keeps internal (review 12, finding 1).
 *
 * <p>Requests with the viewer or admin token, and a territory's internal report with its own token, wait for a replay
 * in the team's lane of the {@link ReplayQueue}, all others in the public's; the public's answers are kept {@link PublicReports#KEPT}, so the same report asked again
 * without a token is not replayed (review 18, finding 6).
 */
public final class SnapshotRoutes {

    public static final String PATH = "/api/v1/snapshots";

    private SnapshotRoutes() {
    }

    /** Registers the route; call inside {@code Javalin.create(c -> ...)} with {@code c.routes}. */
    public static void register(RoutesConfig routes, SnapshotService snapshots) {
        register(routes, snapshots, ctx -> false, DisclosureRule.DEFAULT);
    }

    /** As below, with the admin token the only team token and no territory's token opening its report. */
    public static void register(RoutesConfig routes, SnapshotService snapshots, Predicate<Context> isAdmin,
                                DisclosureRule rule) {
        register(routes, snapshots, isAdmin, isAdmin, (ctx, territory) -> false, rule);
    }

    /**
     * @param isAdmin whether a request carries the admin token: {@code audience=internal} needs it
     * @param isTeam whether a request carries the viewer or the admin token: the coordination team asks for a public
     *     report of any period (the public, for whole quarters that have ended only)
     * @param isTerritorysOwn whether a request carries the token of the given territory: that territory's report
     *     (internal: every figure in it is about one territory) is its team's too
     * @param rule what the public report hides
     */
    public static void register(RoutesConfig routes, SnapshotService snapshots, Predicate<Context> isAdmin,
                                Predicate<Context> isTeam, BiPredicate<Context, String> isTerritorysOwn, DisclosureRule rule) {
        PublicReports publicReports = new PublicReports(Clock.systemUTC());
        routes.get(PATH, ctx -> handle(ctx, snapshots, isAdmin, isTeam, isTerritorysOwn, rule, publicReports));
    }

    private static void handle(Context ctx, SnapshotService snapshots, Predicate<Context> isAdmin, Predicate<Context> isTeam,
                               BiPredicate<Context, String> isTerritorysOwn, DisclosureRule rule, PublicReports publicReports) {
        Window period;
        SnapshotFormat format;
        Locale locale;
        try {
            period = ReplayRequests.period(ctx);
            format = parse("format", () -> SnapshotFormat.parse(Optional.ofNullable(ctx.queryParam("format")).orElse("html")));
            locale = parse("lang", () -> ReportLanguage.parseLocale(Optional.ofNullable(ctx.queryParam("lang")).orElse("en")));
        } catch (BadParameter e) {
            error(ctx, 400, e.field(), e.getMessage());
            return;
        }
        LocalDate from = period.from();
        LocalDate to = period.to();
        String table = ctx.queryParam("table");
        if (table != null && format != SnapshotFormat.CSV) {
            error(ctx, 400, "table", "table applies to format=csv only");
            return;
        }
        Optional<String> territory = Optional.ofNullable(ctx.queryParam("territory")).filter(t -> !t.isBlank());
        Optional<Instant> receivedUntil;
        try {
            receivedUntil = ReplayRequests.receivedUntil(ctx);
        } catch (BadParameter e) {
            error(ctx, 400, e.field(), e.getMessage());
            return;
        }

        Audience audience;
        try {
            audience = Audience.parse(Optional.ofNullable(ctx.queryParam("audience")).orElse("public"));
        } catch (IllegalArgumentException e) {
            error(ctx, 400, "audience", e.getMessage());
            return;
        }
        if (audience == Audience.INTERNAL && !isAdmin.test(ctx)
                && !(territory.isPresent() && isTerritorysOwn.test(ctx, territory.get()))) {
            String needs = territory.isPresent()
                    ? "a territory's report (exact figures, not to be published) needs the admin token or that territory's own token"
                    : "the internal report (exact figures, not to be published) needs the admin token";
            if (isTeam.test(ctx)) {
                // the viewer's token is good, only not for this: 403, not the 401 that tells a client to drop it
                error(ctx, 403, "audience", needs + "; the viewer token reads the public report of any period");
            } else {
                ReplayRequests.unauthorized(ctx, "audience", needs);
            }
            return;
        }
        if (audience == Audience.PUBLIC && territory.isPresent()) {
            error(ctx, 400, "audience", "a territory's report is internal (every figure in it is about one territory): "
                    + "add audience=internal with the admin token or that territory's own token, or ask for the network's report");
            return;
        }

        if (audience == Audience.PUBLIC && !isTeam.test(ctx)) {
            Optional<Refusal> refused = publicRefusal(from, to, receivedUntil.isPresent(), LocalDate.now(ZoneOffset.UTC));
            if (refused.isPresent()) {
                error(ctx, 403, refused.get().field(), refused.get().message());
                return;
            }
        }

        // the team's requests, and a territory's own internal report (its token checked above), wait in their own
        // lane: no one without a token can keep them waiting or turn them away
        boolean team = isTeam.test(ctx);
        ReplayQueue.Lane lane = team || audience == Audience.INTERNAL ? ReplayQueue.Lane.TEAM : ReplayQueue.Lane.PUBLIC;
        // the public's report of a quarter that has ended, as counted now: the same answer for a few minutes
        Optional<PublicReports.Key> kept = audience == Audience.PUBLIC && !team && territory.isEmpty() && receivedUntil.isEmpty()
                ? Optional.of(new PublicReports.Key(from, to, format == SnapshotFormat.JSON ? "" : locale.getLanguage(), format, table))
                : Optional.empty();
        PublicReports.Answer answer = kept.flatMap(publicReports::get).orElse(null);
        if (answer == null) {
            Snapshot snapshot;
            try {
                snapshot = snapshots.compute(from, to, territory, receivedUntil, audience, rule, lane);
            } catch (ReplayQueue.Busy | SnapshotUnavailableException e) {
                ReplayRequests.unavailable(ctx, e);
                return;
            } catch (UnknownTerritoryException e) {
                error(ctx, 404, "territory", e.getMessage());
                return;
            }
            try {
                answer = render(snapshot, format, locale, table);
            } catch (BadParameter e) {
                error(ctx, 400, e.field(), e.getMessage());
                return;
            }
            if (kept.isPresent()) {
                publicReports.put(kept.get(), answer);
            }
        }
        ctx.contentType(answer.contentType());
        if (answer.policy() != null) {
            ctx.header(SecurityHeaders.CONTENT_SECURITY_POLICY, answer.policy());
        }
        ctx.header("Content-Disposition", answer.disposition());
        ctx.result(answer.body());
    }

    /**
     * The answer to send: the report in its format and language, named as the command line's files (an internal
     * download says so in its name).
     *
     * @throws BadParameter a table this report does not have
     */
    static PublicReports.Answer render(Snapshot snapshot, SnapshotFormat format, Locale locale, String table) {
        boolean internal = !snapshot.isPublic();
        String lang = locale.getLanguage();
        return switch (format) {
            case HTML -> {
                String html = HtmlReport.render(snapshot, locale);
                yield new PublicReports.Answer(format.contentType(), "inline; filename=\""
                        + SnapshotWriter.fileName(snapshot.scope(), internal, lang, null, "html") + "\"",
                        SecurityHeaders.standalonePolicy(html), html.getBytes(StandardCharsets.UTF_8));
            }
            case PDF -> new PublicReports.Answer(format.contentType(), "inline; filename=\""
                    + SnapshotWriter.fileName(snapshot.scope(), internal, lang, null, "pdf") + "\"", null,
                    PdfReport.render(snapshot, locale));
            case JSON -> new PublicReports.Answer(format.contentType(), "inline; filename=\""
                    + SnapshotWriter.fileName(snapshot.scope(), internal, null, null, "json") + "\"", null,
                    JsonReport.render(snapshot));
            case CSV -> {
                String csv;
                String name;
                if (table == null) {
                    csv = CsvReport.sections(snapshot, locale);
                    name = SnapshotWriter.fileName(snapshot.scope(), internal, null, null, "csv");
                } else {
                    Map<String, String> tables = CsvReport.tables(snapshot, locale);
                    csv = tables.get(table);
                    if (csv == null) {
                        throw new BadParameter("table", "table must be one of " + tables.keySet() + ", was '" + table + "'");
                    }
                    name = SnapshotWriter.fileName(snapshot.scope(), internal, null, table, "csv");
                }
                yield new PublicReports.Answer(format.contentType(), "attachment; filename=\"" + name + "\"", null,
                        csv.getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    /** Why a request is refused: the parameter and a message naming it and the rule. */
    record Refusal(String field, String message) {
    }

    /**
     * Why the public may not have this report, or empty: it covers whole quarters that have ended
     * by {@code today} and every event received.
     */
    static Optional<Refusal> publicRefusal(LocalDate from, LocalDate to, boolean receivedUntil, LocalDate today) {
        String rule = "a public snapshot covers whole calendar quarters that have ended (from and to the first day of a "
                + "quarter, e.g. from=2021-04-01&to=2021-07-01); other periods need the viewer or admin token";
        if (receivedUntil) {
            return Optional.of(new Refusal("receivedUntil", "receivedUntil: a public snapshot counts every event received; "
                    + "a report as counted up to an earlier moment needs the viewer or admin token"));
        }
        if (!isQuarterStart(from)) {
            return Optional.of(new Refusal("from", "from: " + rule + " (was " + from + ")"));
        }
        if (!isQuarterStart(to)) {
            return Optional.of(new Refusal("to", "to: " + rule + " (was " + to + ")"));
        }
        if (to.isAfter(today)) {
            return Optional.of(new Refusal("to", "to: " + rule + "; the quarter before " + to + " has not ended yet"));
        }
        return Optional.empty();
    }

    private static boolean isQuarterStart(LocalDate day) {
        return day.getDayOfMonth() == 1 && (day.getMonthValue() - 1) % 3 == 0;
    }

    private static <T> T parse(String field, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new BadParameter(field, e.getMessage());
        }
    }
}
