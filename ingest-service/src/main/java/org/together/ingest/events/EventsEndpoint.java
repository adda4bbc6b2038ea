package org.together.ingest.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.TopicPartition;
import org.together.ingest.audit.AdminAudit;
import org.together.ingest.auth.AdminToken;
import org.together.ingest.auth.TerritoryTokens;
import org.together.ingest.auth.Tokens;
import org.together.ingest.health.Readiness;
import org.together.ingest.http.ApiError;
import org.together.ingest.http.JsonBody;
import org.together.ingest.idempotency.ClaimIndex;
import org.together.ingest.idempotency.EventIdsBusyException;
import org.together.ingest.kafka.WriteUnavailableException;
import org.together.ingest.limits.RateLimit;
import org.together.ingest.validation.CheckedEvent;
import org.together.ingest.validation.EventValidator;
import org.together.ingest.validation.TimeWindow;
import org.together.schemas.EventType;

/**
 * {@code POST /api/v1/events} (territory apps) and {@code POST /api/v1/import} (admin backfill), the HTTP side: who
 * may send what, how much at once, the body read and validated, and the answer with one result per event. What
 * becomes of the valid events is the {@link Intake}'s decision.
 */
public final class EventsEndpoint {

    public static final int MAX_EVENTS = 1_000;
    /** How many territories an import's audit line names. */
    private static final int AUDITED_TERRITORIES = 10;

    private final EventValidator validator;
    private final Intake intake;
    private final TerritoryTokens tokens;
    private final AdminToken admin;
    private final Readiness readiness;
    private final Admission admission;
    private final RateLimit rateLimit;
    private final EventMetrics metrics;
    private final Clock clock;

    public EventsEndpoint(EventValidator validator, Intake intake, TerritoryTokens tokens, AdminToken admin,
                          Readiness readiness, Admission admission, RateLimit rateLimit, EventMetrics metrics,
                          Clock clock) {
        this.validator = validator;
        this.intake = intake;
        this.tokens = tokens;
        this.admin = admin;
        this.readiness = readiness;
        this.admission = admission;
        this.rateLimit = rateLimit;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** POST /api/v1/events: the token's territory only, occurredAt within 400 days. */
    public void events(Context ctx) throws Exception {
        if (!readiness.require(ctx)) {
            return;
        }
        Optional<String> territory = Tokens.bearer(ctx).flatMap(tokens::authenticate);
        if (territory.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"together\"");
            // an app offline for weeks meets this after its token was replaced: say so
            ApiError.send(ctx, 401, Tokens.bearer(ctx).isPresent()
                    ? "this bearer token is not a territory's current token: a territory's token ends when it is replaced "
                    + "or revoked; ask the coordination team for the current one (Authorization: Bearer <token>)"
                    : "a valid territory bearer token is required (Authorization: Bearer <token>)");
            return;
        }
        handle(ctx, territory, "events");
    }

    /** POST /api/v1/import: admin, any registered territory, any past occurredAt. */
    public void importEvents(Context ctx) throws Exception {
        if (!readiness.require(ctx) || !admin.require(ctx)) {
            return;
        }
        handle(ctx, Optional.empty(), "import");
    }

    private void handle(Context ctx, Optional<String> territory, String endpoint) throws Exception {
        if (!JsonBody.requireJsonContentType(ctx)) {
            return;
        }
        int cost = admission.cost(JsonBody.decodedLength(ctx));
        if (!admission.tryAcquire(cost)) {
            ApiError.unavailable(ctx, 1, "too many requests in progress: retry shortly");
            return;
        }
        CompletableFuture<Map<TopicPartition, Long>> fresh = intake.arrived();
        try {
            JsonNode body;
            try (EventMetrics.Phase t = metrics.phase("read")) {
                body = JsonBody.read(ctx, JsonBody.MAX_BYTES);
            }
            if (body == null) {
                return;
            }
            List<JsonNode> elements = new ArrayList<>();
            if (body.isArray()) {
                body.forEach(elements::add);
            } else if (body.isObject()) {
                elements.add(body);
            } else {
                ApiError.send(ctx, 400, "body must be one event object or an array of event objects");
                return;
            }
            if (elements.size() > MAX_EVENTS) {
                ApiError.send(ctx, 413, "at most " + MAX_EVENTS + " events per request, got " + elements.size());
                return;
            }
            if (territory.isPresent() && (!ownTerritoryOnly(ctx, elements, territory.get())
                    || !withinRateLimit(ctx, territory.get(), elements.size()))) {
                return;
            }
            Instant now = clock.instant();
            TimeWindow window = territory.isPresent() ? TimeWindow.territoryApps(now) : TimeWindow.backfill(now);
            List<CheckedEvent> checked = new ArrayList<>(elements.size());
            try (EventMetrics.Phase t = metrics.phase("validate")) {
                for (JsonNode e : elements) {
                    checked.add(tooOldUnlessStored(validator.validate(e, window, now), e, window, now));
                }
            }
            EventResult[] results;
            try {
                results = intake.accept(checked, now, fresh);
            } catch (WriteUnavailableException | TimeoutException e) {
                ApiError.unavailable(ctx, 5, "Kafka is unavailable: no event of this request was accepted, "
                        + "retry the same request later");
                return;
            } catch (EventIdsBusyException e) {
                ApiError.unavailable(ctx, 5, e.getMessage() + " (sent at the same moment to this or another "
                        + "ingest instance, or by a request that did not finish): no event of this request was accepted, "
                        + "retry the same request later; once that write is decided, a resend is a duplicate or a "
                        + "conflict, or is accepted if it never committed (at the latest "
                        + ClaimIndex.LIFETIME_MS / 60_000 + " minutes later)");
                return;
            }
            respond(ctx, checked, results, endpoint);
        } finally {
            admission.release(cost);
        }
    }

    /**
     * An event a territory's app may no longer send (over 400 days old) may still be a resend of one stored then, or
     * imported since: that resend is a duplicate, as anywhere else, not a refusal that tells the app it was never
     * stored (review 13). Nothing too old is written.
     */
    private CheckedEvent tooOldUnlessStored(CheckedEvent c, JsonNode e, TimeWindow window, Instant now) {
        if (c.errors().size() != 1 || !c.errors().get(0).field().equals("occurredAt")
                || !c.errors().get(0).message().startsWith(window.rule()) || window.notBefore().equals(Instant.EPOCH)) {
            return c;
        }
        CheckedEvent asBackfill = validator.validate(e, TimeWindow.backfill(now), now);
        return asBackfill.isValid() ? c.onlyIfStored(asBackfill) : c;
    }

    /** 403 for the whole request when any event names another territory than the token's. */
    private static boolean ownTerritoryOnly(Context ctx, List<JsonNode> elements, String territory) {
        for (int i = 0; i < elements.size(); i++) {
            JsonNode t = elements.get(i).path("territoryId");
            if (t.isTextual() && !t.textValue().equals(territory)) {
                ApiError.send(ctx, 403, "event " + i + " names territory '" + abbreviate(t.textValue())
                        + "' but the token is for '" + territory + "': nothing was written");
                return false;
            }
        }
        return true;
    }

    /**
     * The territory token's events per second (the import is not limited): over it, 429 with Retry-After and
     * nothing written. An empty request counts as one event: it costs the service all the same.
     */
    private boolean withinRateLimit(Context ctx, String territory, int events) {
        int cost = Math.max(1, events);
        RateLimit.Decision decision = rateLimit.take(territory, cost);
        rateLimit.headers(territory).forEach(ctx::header);
        if (decision instanceof RateLimit.Refused refused) {
            metrics.rateLimited(territory, cost);
            ctx.header("Retry-After", String.valueOf(refused.retryAfterSeconds()));
            ApiError.send(ctx, 429, "territory '" + territory + "' is over its rate limit (" + rateLimit.eventsPerSecond()
                    + " events per second, bursts of " + rateLimit.burst() + "): nothing was "
                    + "written, send the same request again after " + refused.retryAfterSeconds() + " s");
            return false;
        }
        if (decision instanceof RateLimit.TooLarge tooLarge) {
            metrics.rateLimited(territory, cost);
            ApiError.send(ctx, 413, "at most " + tooLarge.burst() + " events per request under this service's rate "
                    + "limit, got " + events + ": nothing was written, split the request");
            return false;
        }
        return true;
    }

    private void respond(Context ctx, List<CheckedEvent> checked, EventResult[] results, String endpoint) {
        int accepted = 0;
        int duplicates = 0;
        int conflicts = 0;
        int rejected = 0;
        Map<Outcome, Integer> outcomes = new HashMap<>();
        for (int i = 0; i < results.length; i++) {
            EventResult r = results[i];
            switch (r.status()) {
                case EventResult.ACCEPTED -> accepted++;
                case EventResult.DUPLICATE -> duplicates++;
                case EventResult.CONFLICT -> conflicts++;
                default -> rejected++;
            }
            outcomes.merge(new Outcome(checked.get(i).type().map(EventType::wireName).orElse("unknown"), r.status()), 1, Integer::sum);
        }
        outcomes.forEach((outcome, n) -> metrics.count(outcome.type(), outcome.status(), endpoint, n));
        int stored = accepted + duplicates;
        int status = results.length == 0 || stored == 0 ? 422 : stored == results.length ? 202 : 207;
        ctx.status(status);
        ctx.contentType("application/json");
        ctx.result(ResultsBody.of(results, accepted, duplicates, conflicts, rejected));
        if (endpoint.equals("import") && stored > 0) { // a 422 stored nothing
            AdminAudit.record(ctx, "imported " + results.length + " event(s) of " + territories(checked) + ": "
                    + accepted + " accepted, " + duplicates + " duplicate, " + conflicts + " conflict, " + rejected
                    + " rejected");
        }
    }

    /** The valid events' territories, for the audit line: the first few by id, then how many more. */
    private static String territories(List<CheckedEvent> checked) {
        TreeSet<String> ids = new TreeSet<>();
        checked.stream().filter(CheckedEvent::isValid).forEach(c -> ids.add(c.event().territoryId()));
        if (ids.isEmpty()) {
            return "no territory";
        }
        List<String> first = ids.stream().limit(AUDITED_TERRITORIES).toList();
        return (ids.size() == 1 ? "territory " : "territories ") + String.join(", ", first)
                + (ids.size() > first.size() ? " and " + (ids.size() - first.size()) + " more" : "");
    }

    /** An event type and what became of it, the unit the events counter counts by. */
    private record Outcome(String type, String status) {
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
