package org.together.reports.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.together.figures.Window;
import org.together.http.ApiDates;
import org.together.http.ErrorBody;

/**
 * What the HTTP routes of the reports made by replaying the log (snapshot, research export) share: reading their
 * period, and answering an error as every endpoint does: {@code {"status", "error", "message"[, "errors": [{"field",
 * "message"}]]}}.
 */
public final class ReplayRequests {

    /** Longest period a report covers (about ten years), so a typo cannot ask for centuries of weeks. */
    public static final long MAX_DAYS = 3660;
    /** Seconds a client is told to wait when the queue is full. */
    public static final String RETRY_WHEN_BUSY = "30";
    /** Seconds a client is told to wait when Kafka cannot be read. */
    public static final String RETRY_WHEN_UNAVAILABLE = "10";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplayRequests() {
    }

    /** A query parameter that is missing or wrong: answered 400 naming it. */
    public static final class BadParameter extends RuntimeException {
        private final String field;

        public BadParameter(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /**
     * {@code from} (inclusive) and {@code to} (exclusive), dates {@code yyyy-MM-dd} as written, both required, at most
     * {@value #MAX_DAYS} days apart.
     *
     * @throws BadParameter naming the parameter
     */
    public static Window period(Context ctx) {
        LocalDate from = date(ctx, "from");
        LocalDate to = date(ctx, "to");
        try {
            validate(from, to);
        } catch (IllegalArgumentException e) {
            throw new BadParameter("to", e.getMessage());
        }
        return new Window(from, to);
    }

    /** @throws IllegalArgumentException from not before to, or a period longer than {@value #MAX_DAYS} days */
    public static void validate(LocalDate from, LocalDate to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("to (" + to + ") must be after from (" + from + "): from is inclusive, to exclusive");
        }
        if (ChronoUnit.DAYS.between(from, to) > MAX_DAYS) {
            throw new IllegalArgumentException("the period from " + from + " to " + to + " is longer than " + MAX_DAYS + " days");
        }
    }

    /**
     * {@code receivedUntil}, an instant like {@code 2021-07-11T08:00:00Z}: the moment an earlier report recorded
     * (its {@code receivedUpTo}), so the same report can be made again; empty when not given.
     *
     * @throws BadParameter naming it when it is not an instant
     */
    public static Optional<Instant> receivedUntil(Context ctx) {
        String value = ctx.queryParam("receivedUntil");
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw new BadParameter("receivedUntil", "receivedUntil must be an instant like 2021-07-11T08:00:00Z, not '"
                    + value + "'");
        }
    }

    /**
     * A date as written, like every date parameter of the API: {@code yyyy-MM-dd}, a day of the calendar, nothing
     * around it (no spaces, no sign, no year beyond 9999).
     */
    private static LocalDate date(Context ctx, String field) {
        String value = ctx.queryParam(field);
        if (value == null || value.isBlank()) {
            throw new BadParameter(field, field + " is required, as a date like 2021-04-10 (yyyy-MM-dd)");
        }
        try {
            return ApiDates.parse(value);
        } catch (DateTimeParseException e) {
            // answered below, as any other text that is not a date
        }
        throw new BadParameter(field, field + " must be a date like 2021-04-10 (yyyy-MM-dd, a day of the calendar), not '"
                + value + "'");
    }

    /**
     * Answers {@code status} with one error in the body every endpoint of the product uses: {@code {"status", "error",
     * "message"}}, and {@code "errors": [{"field", "message"}]} when a field is to blame ({@code field} null: the
     * request as a whole). A value echoed in the message is cut as {@link ErrorBody#cut} cuts it.
     */
    public static void error(Context ctx, int status, String field, String message) {
        message = ErrorBody.cut(message);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", ErrorBody.reason(status));
        body.put("message", message);
        if (field != null) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("field", field);
            error.put("message", message);
            body.put("errors", List.of(error));
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            json = ErrorBody.of(status, message);
        }
        ctx.status(status).contentType("application/json").result(json);
    }

    /** 503 with Retry-After: the queue is full, or Kafka cannot be read. */
    public static void unavailable(Context ctx, RuntimeException e) {
        ctx.header("Retry-After", e instanceof ReplayQueue.Busy ? RETRY_WHEN_BUSY : RETRY_WHEN_UNAVAILABLE);
        error(ctx, 503, null, e.getMessage());
    }

    /** 401 with the challenge. */
    public static void unauthorized(Context ctx, String field, String message) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"together\"");
        error(ctx, 401, field, message);
    }
}
