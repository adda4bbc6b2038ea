package org.together.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Arrays;

/**
 * Javalin's own answers (no such route, a method the path does not take, ...) in the services' JSON error body
 * ({@link ErrorBody}) instead of its text; a 405 names the path's methods in {@code Allow}, as RFC 9110 requires.
 * Register with {@code c.routes.exception(HttpResponseException.class, JavalinErrors::answer)} and
 * {@code c.http.prefer405over404 = true}.
 */
public final class JavalinErrors {

    private JavalinErrors() {
    }

    public static void answer(HttpResponseException e, Context ctx) {
        answer(e, ctx, e.getMessage());
    }

    /** As {@link #answer(HttpResponseException, Context)}, the same status and {@code Allow}, with a message of ours. */
    public static void answer(HttpResponseException e, Context ctx, String message) {
        String methods = e.getDetails().get("availableMethods");
        if (e.getStatus() == 405 && methods != null) {
            ctx.header("Allow", String.join(", ", Arrays.stream(methods.split(",")).map(String::trim)
                    .filter(m -> !m.isEmpty()).toList()));
        }
        ctx.status(e.getStatus()).contentType("application/json").result(ErrorBody.of(e.getStatus(), message));
    }
}
