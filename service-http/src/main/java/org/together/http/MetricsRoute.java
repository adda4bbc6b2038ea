package org.together.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}, Prometheus' scrape. With a metrics token ({@code TOGETHER_METRICS_TOKEN}) only a request
 * bearing it is served, any other 401: the series name territories (rate limits, routes). The token is its own: no
 * other token of the service opens the metrics, and it opens nothing else. Compared in constant time (digests of
 * equal length, every byte looked at); the {@code Bearer} scheme read in any case. Without a token, open.
 */
public final class MetricsRoute implements Handler {

    public static final String PATH = "/metrics";
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** SHA-256 of the token; present but blank, nothing matches it. */
    private final Optional<byte[]> token;
    private final Supplier<String> scrape;

    public MetricsRoute(Optional<String> token, Supplier<String> scrape) {
        this.token = token.map(t -> t.isBlank() ? new byte[0] : Digests.sha256(t));
        this.scrape = scrape;
    }

    @Override
    public void handle(Context ctx) {
        if (token.isPresent() && !bears(ctx.header("Authorization"), token.get())) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"together-metrics\"");
            ctx.status(401).contentType("application/json")
                    .result(ErrorBody.of(401, "the metrics need the metrics token (TOGETHER_METRICS_TOKEN) as a bearer token"));
            return;
        }
        ctx.contentType(CONTENT_TYPE).result(scrape.get());
    }

    private static boolean bears(String authorization, byte[] expected) {
        if (authorization == null || expected.length == 0) {
            return false;
        }
        String value = authorization.trim();
        if (value.length() <= 7 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return false;
        }
        String presented = value.substring(7).trim();
        return !presented.isEmpty() && MessageDigest.isEqual(expected, Digests.sha256(presented));
    }
}
