package org.together.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The headers every answer of every service carries, pages first: a Content-Security-Policy that runs only the
 * service's own script files (no inline script, no eval, no other origin), {@code nosniff}, no framing and no
 * referrer. Set on every response rather than on HTML only: a JSON answer opened in a browser is a page too, and an
 * error page is written by Jetty before any route runs.
 *
 * <p>Style: the dashboard's own CSS is a file ({@code style-src 'self'}); its chart library (ECharts) positions and
 * colours its tooltip with style attributes (under {@code style-src 'self'} alone Chromium blocks them and the
 * tooltips lose their layout), which {@code style-src-attr 'unsafe-inline'} allows: an attribute can
 * neither run script nor select elements, and every URL it could name is held to {@code 'self'}. No {@code <style>}
 * element is allowed, except on a standalone page that must carry its CSS inline (the snapshot report, opened from
 * a file): {@link #standalonePage} lets exactly that CSS in by its hash.
 *
 * <p>Caching: every answer is {@code Cache-Control: no-store} (a territory's one-time token, an admin's exact figures,
 * an internal report: no browser or proxy may keep a copy), except the static files that set their own (the
 * dashboard's: a file handler's headers replace this one's).
 */
public final class SecurityHeaders {

    public static final String CONTENT_SECURITY_POLICY = "Content-Security-Policy";

    /** The pages' policy (the dashboard's): its own files only. */
    public static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** Name to value. */
    public static final Map<String, String> HEADERS = Map.of(
            CONTENT_SECURITY_POLICY, PAGE_POLICY,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            // frame-ancestors for browsers that predate it
            "X-Frame-Options", "DENY");

    /** Unless a static file sets its own: see the class comment. */
    public static final String CACHE_CONTROL = "Cache-Control";
    public static final String NO_STORE = "no-store";

    private static final Pattern STYLE_ELEMENT = Pattern.compile("<style(?:\\s[^>]*)?>(.*?)</style>",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

    private SecurityHeaders() {
    }

    /**
     * Sets the headers on every response of the app: its routes, static files and unmatched paths (a before
     * handler) and Jetty's own error answers (its error handler, wrapped; without one of the service's own, a
     * {@link JsonErrorHandler}: no HTML page). Call it before any other before handler (one that refuses a request
     * ends the chain) and after setting an error handler.
     *
     * <p>Every server that takes these headers takes the rest of its hardening here too, so none can miss it: its
     * connection limits ({@link ServerLimits}), no method override ({@link NoMethodOverride}) and HEAD answered as
     * GET ({@link HeadRequests}).
     */
    public static void install(JavalinConfig config) {
        ServerLimits.install(config);
        NoMethodOverride.install(config);
        HeadRequests.install(config);
        config.routes.before(SecurityHeaders::apply);
        config.jetty.modifyServer(server -> server.setErrorHandler(new WithHeaders(server.getErrorHandler())));
        // Jetty's header cache matches a value whatever its case: on a kept-alive connection it could hand a route
        // the value an earlier request sent ("Bearer admin-...") for this one's ("Bearer ADMIN-..."), and tokens are
        // case-sensitive (found by ExportRequestsFuzzTest in aggregation-streams; ingest set it already)
        config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
    }

    public static void apply(Context ctx) {
        HEADERS.forEach(ctx::header);
        ctx.header(CACHE_CONTROL, NO_STORE);
    }

    /**
     * A page that must carry its own CSS inline ({@code <style>} elements) and nothing else: no script, no
     * request of any kind, only its {@code data:} images. The policy names each style element's hash.
     */
    public static void standalonePage(Context ctx, String html) {
        ctx.header(CONTENT_SECURITY_POLICY, standalonePolicy(html));
    }

    public static String standalonePolicy(String html) {
        Set<String> hashes = new LinkedHashSet<>();
        Matcher m = STYLE_ELEMENT.matcher(html);
        while (m.find()) {
            hashes.add("'sha256-" + sha256(m.group(1)) + "'");
        }
        String styles = hashes.isEmpty() ? "'none'" : String.join(" ", hashes);
        return "default-src 'none'; style-src " + styles + "; img-src data:; base-uri 'none'; form-action 'none'; "
                + "frame-ancestors 'none'";
    }

    private static String sha256(String text) {
        return Base64.getEncoder().encodeToString(Digests.sha256(text));
    }

    private static void addTo(HttpFields.Mutable fields) {
        HEADERS.forEach(fields::put);
        fields.put(CACHE_CONTROL, NO_STORE);
    }

    /** Jetty's error answers (a request it could not parse, an error before any route) with the same headers. */
    private static final class WithHeaders extends ErrorHandler {
        private final Request.Handler delegate;

        WithHeaders(Request.Handler delegate) {
            this.delegate = delegate == null ? new JsonErrorHandler() : delegate;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            addTo(response.getHeaders());
            return delegate.handle(request, response, callback);
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            addTo(fields);
            return delegate instanceof ErrorHandler errors ? errors.badMessageError(status, reason, fields)
                    : super.badMessageError(status, reason, fields);
        }
    }
}
