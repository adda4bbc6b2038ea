package org.together.ingest.http;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.together.http.ErrorBody;
import org.together.ingest.validation.FieldError;

/** The JSON error body every non-2xx answer carries: {@code {status, error, message[, errors]}}. */
public final class ApiError {

    private ApiError() {
    }

    public static void send(Context ctx, int status, String message) {
        send(ctx, status, message, List.of());
    }

    public static void send(Context ctx, int status, String message, List<FieldError> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", reason(status));
        // an id or path echoed in it is cut when long
        body.put("message", ErrorBody.cut(message));
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        ctx.status(status);
        Json.write(ctx, body);
    }

    /** 503 with Retry-After: the client should retry the same request, unchanged, later. */
    public static void unavailable(Context ctx, int retryAfterSeconds, String message) {
        ctx.header("Retry-After", String.valueOf(retryAfterSeconds));
        send(ctx, 503, message);
    }

    static String reason(int status) {
        return ErrorBody.reason(status);
    }
}
