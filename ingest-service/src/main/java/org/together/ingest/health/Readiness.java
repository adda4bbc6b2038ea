package org.together.ingest.health;

import io.javalin.http.Context;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.together.ingest.http.ApiError;

/** Whether this instance may answer requests that read reference data or write to Kafka, and if not, why. */
public final class Readiness {

    private final BooleanSupplier viewsReady;
    private final Supplier<Optional<String>> refusal;

    /**
     * @param viewsReady true once the views have caught up and the reference data is seeded
     * @param refusal why this instance will never serve (a pseudonym key that is not the vault's), once known
     */
    public Readiness(BooleanSupplier viewsReady, Supplier<Optional<String>> refusal) {
        this.viewsReady = viewsReady;
        this.refusal = refusal;
    }

    public boolean ready() {
        return viewsReady.getAsBoolean();
    }

    /** Why this instance will never serve, once known. */
    public Optional<String> refusal() {
        return refusal.get();
    }

    /**
     * True when ready; otherwise answers 503 and returns false: with Retry-After while it starts or Kafka is away,
     * without it and with the reason when retrying cannot help.
     */
    public boolean require(Context ctx) {
        if (ready()) {
            return true;
        }
        Optional<String> never = refusal();
        if (never.isPresent()) {
            ApiError.send(ctx, 503, "the ingest service does not serve: " + never.get());
        } else {
            ApiError.unavailable(ctx, 5, "the ingest service is starting or cannot reach Kafka: retry later");
        }
        return false;
    }
}
