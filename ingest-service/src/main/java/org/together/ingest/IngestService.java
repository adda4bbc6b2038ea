package org.together.ingest;

import io.javalin.Javalin;

/** The territory apps' HTTP API: validates events and writes them to Kafka as Avro. */
public final class IngestService implements AutoCloseable {

    private final IngestConfig config;
    private Javalin app;

    public IngestService(IngestConfig config) {
        this.config = config;
    }

    public void start() {
        app = Javalin.create(c -> { }).start(config.host(), config.port());
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
    }
}
