package org.together.ingest.pseudonyms;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.together.ingest.auth.AdminToken;
import org.together.ingest.auth.TerritoryTokens;
import org.together.ingest.auth.Tokens;
import org.together.ingest.health.Readiness;
import org.together.ingest.http.ApiError;
import org.together.ingest.http.Json;
import org.together.ingest.kafka.WriteUnavailableException;
import org.together.ingest.limits.RateLimit;
import org.together.ingest.reference.TailBarrier;
import org.together.ingest.validation.EventValidator;
import org.together.ingest.validation.FieldError;

/**
 * {@code DELETE /api/v1/territories/{territoryId}/participants/{participantId}}: erases a participant (right to
 * erasure), with that territory's token or the admin token. 202 {@code {territoryId, status: "erased"}}, again 202
 * when repeated; the participant id is never echoed or logged. With a territory's token each request counts one
 * against that token's rate limit, the one its events count against (the admin is not limited).
 */
public final class ErasureEndpoint {

    private static final Logger log = LoggerFactory.getLogger(ErasureEndpoint.class);

    private final PseudonymVault vault;
    private final TailBarrier barrier;
    private final TerritoryTokens tokens;
    private final AdminToken admin;
    private final Predicate<String> registered;
    private final RateLimit rateLimit;
    private final Readiness readiness;
    private final Duration timeout;
    private final Counter erasures;

    public ErasureEndpoint(PseudonymVault vault, TailBarrier barrier, TerritoryTokens tokens, AdminToken admin,
                           Predicate<String> registered, RateLimit rateLimit, Readiness readiness, Duration timeout,
                           MeterRegistry meters) {
        this.vault = vault;
        this.barrier = barrier;
        this.tokens = tokens;
        this.admin = admin;
        this.registered = registered;
        this.rateLimit = rateLimit;
        this.readiness = readiness;
        this.timeout = timeout;
        this.erasures = Counter.builder("together.ingest.erasures")
                .description("participants erased (requests that found a mapping to erase)").register(meters);
    }

    public void erase(Context ctx) throws InterruptedException {
        if (!readiness.require(ctx)) {
            return;
        }
        String territoryId = ctx.pathParam("territoryId");
        String participantId = ctx.pathParam("participantId");
        Optional<String> token = Tokens.bearer(ctx);
        boolean isAdmin = token.filter(admin::matches).isPresent();
        Optional<String> tokenTerritory = isAdmin ? Optional.empty() : token.flatMap(tokens::authenticate);
        if (!isAdmin && tokenTerritory.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"together\"");
            ApiError.send(ctx, 401, "the territory's bearer token or the admin token is required");
            return;
        }
        if (tokenTerritory.isPresent() && !tokenTerritory.get().equals(territoryId)) {
            ApiError.send(ctx, 403, "the token is for territory '" + tokenTerritory.get()
                    + "': only its own participants can be erased with it; nothing was erased");
            return;
        }
        RateLimit.Decision decision = tokenTerritory.isPresent() ? rateLimit.take(tokenTerritory.get(), 1) : null;
        tokenTerritory.ifPresent(t -> rateLimit.headers(t).forEach(ctx::header));
        if (decision instanceof RateLimit.Refused refused) {
            ctx.header("Retry-After", String.valueOf(refused.retryAfterSeconds()));
            ApiError.send(ctx, 429, "territory '" + tokenTerritory.get() + "' is over its rate limit ("
                    + rateLimit.eventsPerSecond() + " events per second, an erasure counting as one): nothing was "
                    + "erased, send the same request again after " + refused.retryAfterSeconds() + " s");
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        if (!EventValidator.TERRITORY_ID.test(territoryId)) {
            errors.add(new FieldError("territoryId", EventValidator.TERRITORY_RULE));
        }
        if (!EventValidator.PARTICIPANT_ID.test(participantId)) {
            errors.add(new FieldError("participantId", EventValidator.PARTICIPANT_RULE));
        }
        if (!errors.isEmpty()) {
            ApiError.send(ctx, 422, "the participant to erase is not well named: nothing was erased", errors);
            return;
        }
        if (!registered.test(territoryId)) {
            ApiError.send(ctx, 404, "territory '" + territoryId + "' is not registered");
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        int erased;
        try {
            CompletableFuture<Map<TopicPartition, Long>> ends = barrier.start();
            barrier.await(ends, deadline);
            erased = vault.erase(new Participant(territoryId, participantId), deadline);
        } catch (WriteUnavailableException e) {
            ApiError.unavailable(ctx, 5, "Kafka is unavailable: the erasure may not be complete, retry the same request");
            return;
        }
        if (erased > 0) {
            erasures.increment();
            // who, as the admin audit lines say it; never the participant's id
            log.info("erased a participant of territory {} ({} claim(s) tombstoned) at the request of {} (from {})",
                    territoryId, erased, isAdmin ? "the admin" : "the territory's token", ctx.ip());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("territoryId", territoryId);
        body.put("status", "erased");
        ctx.status(202);
        Json.write(ctx, body);
    }
}
