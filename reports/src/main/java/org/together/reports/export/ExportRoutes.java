package org.together.reports.export;

import static org.together.reports.replay.ReplayRequests.error;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Predicate;
import org.together.figures.Window;
import org.together.figures.disclosure.DisclosureRule;
import org.together.reports.replay.ReplayQueue;
import org.together.reports.replay.ReplayRequests;
import org.together.reports.replay.ReplayRequests.BadParameter;
import org.together.reports.snapshot.SnapshotService;
import org.together.reports.snapshot.SnapshotUnavailableException;

/**
 * {@code GET /api/v1/exports/research?from=2021-01-01&to=2022-01-01} (admin token): the research export as a zip of CSV
 * files and their {@code datapackage.json}; {@code receivedUntil} (an instant) counts only the events received up to
 * then, as the snapshot's. 401 without the admin token, 403 with the viewer's, 400 naming the parameter for a bad period,
 * 503 with Retry-After when four reports already wait or Kafka cannot be read. The export is public output whoever
 * asks: the admin token only decides who may make the log be replayed.
 */
public final class ExportRoutes {

    public static final String PATH = "/api/v1/exports/research";

    private ExportRoutes() {
    }

    /**
     * Registers the route; call inside {@code Javalin.create(c -> ...)} with {@code c.routes}.
     *
     * @param isAdmin whether a request carries the admin token, which the export needs
     * @param isTeam whether it carries the viewer or the admin token: the viewer's is good, only not for this (403)
     * @param licence the network's licence of the export, written into its {@code datapackage.json}; none when not chosen
     */
    public static void register(RoutesConfig routes, SnapshotService reports, Predicate<Context> isAdmin,
                                Predicate<Context> isTeam, DisclosureRule rule, Optional<ExportLicence> licence) {
        routes.get(PATH, ctx -> handle(ctx, reports, isAdmin, isTeam, rule, licence));
    }

    private static void handle(Context ctx, SnapshotService reports, Predicate<Context> isAdmin, Predicate<Context> isTeam,
                               DisclosureRule rule, Optional<ExportLicence> licence) {
        if (!isAdmin.test(ctx)) {
            if (isTeam.test(ctx)) {
                error(ctx, 403, null, "the research export needs the admin token; the viewer token reads figures and "
                        + "reports, not the export");
            } else {
                ReplayRequests.unauthorized(ctx, null, "the research export needs the admin token");
            }
            return;
        }
        Window span;
        try {
            span = ReplayRequests.period(ctx);
            ResearchExport.requireBegun(span.to(), LocalDate.now(ZoneOffset.UTC));
        } catch (IllegalArgumentException e) {
            error(ctx, 400, "to", e.getMessage());
            return;
        } catch (BadParameter e) {
            error(ctx, 400, e.field(), e.getMessage());
            return;
        }
        Optional<Instant> receivedUntil;
        try {
            receivedUntil = ReplayRequests.receivedUntil(ctx);
        } catch (BadParameter e) {
            error(ctx, 400, e.field(), e.getMessage());
            return;
        }
        ResearchExport export;
        try {
            export = reports.export(span.from(), span.to(), rule, licence, receivedUntil);
        } catch (ReplayQueue.Busy | SnapshotUnavailableException e) {
            ReplayRequests.unavailable(ctx, e);
            return;
        }
        ctx.contentType("application/zip");
        ctx.header("Content-Disposition", "attachment; filename=\"" + export.name() + ".zip\"");
        ctx.result(export.zip());
    }
}
