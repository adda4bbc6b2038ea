package org.together.ingest.health;

import io.micrometer.core.instrument.MeterRegistry;
import org.together.http.RequestMetrics;

/** Request rate and latency per route and status, as every service measures them ({@link RequestMetrics}). */
public final class HttpMetrics extends RequestMetrics {

    public HttpMetrics(MeterRegistry registry) {
        super(registry);
    }
}
