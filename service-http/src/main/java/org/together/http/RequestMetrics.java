package org.together.http;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Request rate and latency per route and status, the same on every service's API:
 * {@code http_server_requests_seconds{method,route,status}}.
 */
public class RequestMetrics {

    private final MeterRegistry registry;

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** For Javalin's request logger ({@code config.requestLogger.http}), called after every request with its duration. */
    public void record(Context ctx, Float millis) {
        var endpoint = ctx.endpoints().lastHttpEndpoint();
        // unmatched paths share one tag value: a scanner must not create a time series per URL
        String route = endpoint == null ? "unmatched" : endpoint.path;
        Timer.builder("http.server.requests")
                .description("HTTP requests served")
                .tag("method", ctx.method().name())
                .tag("route", route)
                .tag("status", String.valueOf(ctx.statusCode()))
                .publishPercentileHistogram(false)
                .register(registry)
                .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
    }
}
