package org.together.reports.replay;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.together.figures.disclosure.DisclosureRule;
import org.together.reports.snapshot.SnapshotService;
import org.together.schemas.TogetherSerdes;

/**
 * The HTTP routes of a replayed report (snapshot, research export) served with no broker behind them: every request
 * a test sends is answered before the event log would be read. One replay runs at a time, so that a
 * {@link FullQueue} of {@link #queue()} fills it.
 */
public final class ReplayRoutesFixture implements AutoCloseable {

    /** The admin token the routes take. */
    public static final String ADMIN = "admin-" + UUID.randomUUID();

    /** How a report's routes are registered, as {@code SnapshotRoutes.register} and {@code ExportRoutes.register} are. */
    @FunctionalInterface
    public interface Routes {
        void register(RoutesConfig routes, SnapshotService reports, Predicate<Context> isAdmin, DisclosureRule rule);
    }

    private final ReplayQueue queue = new ReplayQueue(1);
    private final String path;
    private final Javalin http;

    /** Starts the routes on a free loopback port; {@code path} is where they answer. */
    public ReplayRoutesFixture(String path, Routes routes) {
        this.path = path;
        SnapshotService service = new SnapshotService("127.0.0.1:1", TogetherSerdes.forRegistryUrl("http://127.0.0.1:1"), Map.of(),
                Clock.systemUTC(), queue);
        http = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            routes.register(c.routes, service, ctx -> ("Bearer " + ADMIN).equals(ctx.header("Authorization")),
                    DisclosureRule.DEFAULT);
        }).start("127.0.0.1", 0);
    }

    /** The queue the routes' replays wait in. */
    public ReplayQueue queue() {
        return queue;
    }

    /** GET of the routes' path with {@code query} ("" or "?..."), with the bearer {@code token} unless null. */
    public HttpResponse<String> get(String query, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path + query));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A query parameter's value as sent in a URL. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        http.stop();
    }
}
