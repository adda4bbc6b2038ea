package org.together.ingest.health;

import io.javalin.http.Context;
import java.util.function.BooleanSupplier;
import org.together.ingest.http.ApiError;

/** Whether this instance may answer requests that read reference data or write to Kafka. */
public final class Readiness {

    private final BooleanSupplier viewsReady;

    public Readiness(BooleanSupplier viewsReady) {
        this.viewsReady = viewsReady;
    }

    public boolean ready() {
        return viewsReady.getAsBoolean();
    }

    /** True when ready; otherwise answers 503 with Retry-After and returns false. */
    public boolean require(Context ctx) {
        if (ready()) {
            return true;
        }
        ApiError.unavailable(ctx, 5, "the ingest service is starting or cannot reach Kafka: retry later");
        return false;
    }
}
