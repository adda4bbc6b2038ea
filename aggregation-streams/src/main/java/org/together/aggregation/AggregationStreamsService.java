package org.together.aggregation;

import io.javalin.Javalin;

/**
 * One aggregation-streams instance: the Kafka Streams topology and the HTTP query API.
 * (Early skeleton so dependants compile; the topology is being wired in.)
 */
public final class AggregationStreamsService implements AutoCloseable {

    private final AggregationConfig config;
    private Javalin http;

    public AggregationStreamsService(AggregationConfig config) {
        this.config = config;
    }

    public void start() {
        http = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.routes.get("/health/live", ctx -> ctx.result("ok"));
        }).start(config.host(), config.port());
    }

    public int port() {
        return http.port();
    }

    public boolean isRunning() {
        return http != null;
    }

    @Override
    public void close() {
        if (http != null) {
            http.stop();
            http = null;
        }
    }
}
