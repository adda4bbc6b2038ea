package org.together.aggregation.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.together.aggregation.topology.StoreKeys;
import org.together.figures.Period;

/**
 * The read API of the query contract. Each question is answered where its figures live: a
 * territory's by the owner of its partition, the network's by the owner of the network partition;
 * any instance takes any question and forwards it (see {@link QueryRouter}). When the owner cannot
 * answer, a standby copy does (here or on another instance); when no copy can, the last figures this
 * instance answered ({@link LastFigures}), marked as such; only a question never answered before gets a 503.
 */
public final class QueryEndpoints {

    private static final Logger log = LoggerFactory.getLogger(QueryEndpoints.class);
    /** Which instance computed an answer (host:port): where a question was routed to. */
    public static final String ANSWERED_BY_HEADER = "X-Together-Answered-By";
    /** Longest growth series served: ten years of days. */
    static final int MAX_PERIODS = 3660;
    /** Growth series length when {@code from} is not given. */
    static final int DEFAULT_PERIODS = 12;

    /** How long the current network summary is shared. */
    static final long CURRENT_SUMMARY_MS = 100;
    /**
     * How long a question with no last figures waits for its figures to settle (a task moving between instances is
     * unreadable for a moment) before it is answered 503.
     */
    static final long SETTLE_MS = 1_500;
    private static final long SETTLE_STEP_MS = 250;

    private final QueryRouter router;
    private final ObjectMapper json;
    private final LastFigures lastFigures;
    private volatile Answer currentSummary;
    private volatile long currentSummaryAt;
    private final List<byte[]> readerTokens;

    public QueryEndpoints(QueryRouter router, ObjectMapper json, Optional<String> viewerToken, Optional<String> adminToken) {
        this(router, json, viewerToken, adminToken, new LastFigures(null, json, java.time.Clock.systemUTC()));
    }

    public QueryEndpoints(QueryRouter router, ObjectMapper json, Optional<String> viewerToken, Optional<String> adminToken,
                          LastFigures lastFigures) {
        this.router = router;
        this.json = json;
        this.lastFigures = lastFigures;
        // reading is open unless a viewer token is configured; then the viewer or the admin token opens it
        this.readerTokens = viewerToken.isEmpty() ? List.of()
                : java.util.stream.Stream.concat(viewerToken.stream(), adminToken.stream())
                        .map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    }

    public void register(RoutesConfig routes) {
        routes.before("/api/v1/*", this::authorize);
        routes.get("/api/v1/network/summary", ctx -> {
            if (ctx.queryParam("asOf") == null && ctx.header(QueryRouter.FORWARDED_HEADER) == null) {
                reply(ctx, currentNetworkSummary(Optional.ofNullable(ctx.header("Authorization"))));
                return;
            }
            AsOf asOf = asOf(ctx);
            answer(ctx, StoreKeys.NETWORK, q -> Optional.of(q.networkSummary(asOf)));
        });
        routes.get("/api/v1/network/tools", ctx -> {
            AsOf asOf = asOf(ctx);
            answer(ctx, StoreKeys.NETWORK, q -> Optional.of(q.networkTools(asOf)));
        });
        routes.get("/api/v1/network/wellbeing", ctx -> {
            AsOf asOf = asOf(ctx);
            answer(ctx, StoreKeys.NETWORK, q -> Optional.of(q.networkWellbeing(asOf)));
        });
        routes.get("/api/v1/network/growth", ctx -> {
            Series s = series(ctx);
            answer(ctx, StoreKeys.NETWORK, q -> Optional.of(q.networkGrowth(s.period, s.from, s.to)));
        });
        routes.get("/api/v1/territories", ctx -> {
            AsOf asOf = asOf(ctx);
            answer(ctx, StoreKeys.NETWORK, q -> Optional.of(q.territories(asOf)));
        });
        routes.get("/api/v1/territories/{id}/summary", ctx -> {
            AsOf asOf = asOf(ctx);
            String id = ctx.pathParam("id");
            answer(ctx, id, q -> q.territorySummary(id, asOf));
        });
        routes.get("/api/v1/territories/{id}/tools", ctx -> {
            AsOf asOf = asOf(ctx);
            String id = ctx.pathParam("id");
            answer(ctx, id, q -> q.territoryTools(id, asOf));
        });
        routes.get("/api/v1/territories/{id}/wellbeing", ctx -> {
            AsOf asOf = asOf(ctx);
            String id = ctx.pathParam("id");
            answer(ctx, id, q -> q.territoryWellbeing(id, asOf));
        });
        routes.get("/api/v1/territories/{id}/growth", ctx -> {
            Series s = series(ctx);
            String id = ctx.pathParam("id");
            answer(ctx, id, q -> q.territoryGrowth(id, s.period, s.from, s.to));
        });
        registerMeeting(routes);
        registerTargets(routes);
        routes.exception(BadParameter.class, (e, ctx) -> error(ctx, 400, e.getMessage(), e.field));
    }

    /** The meeting's questions: Annex 1 approaches, cohorts, footprint by domain. */
    private void registerMeeting(RoutesConfig routes) {
        routes.get("/api/v1/network/approaches", ctx -> {
            AsOf asOf = asOf(ctx);
            answer(ctx, StoreKeys.NETWORK, q -> Optional.of(new MeetingQueries(q).networkApproaches(asOf)));
        });
        routes.get("/api/v1/territories/{id}/approaches", ctx -> {
            AsOf asOf = asOf(ctx);
            String id = ctx.pathParam("id");
            answer(ctx, id, q -> new MeetingQueries(q).territoryApproaches(id, asOf));
        });
        routes.get("/api/v1/network/cohorts", ctx -> {
            AsOf asOf = asOf(ctx);
            Period interval = cohortInterval(ctx);
            answer(ctx, StoreKeys.NETWORK, q -> Optional.of(new MeetingQueries(q).networkCohorts(interval, asOf)));
        });
        routes.get("/api/v1/territories/{id}/cohorts", ctx -> {
            AsOf asOf = asOf(ctx);
            Period interval = cohortInterval(ctx);
            String id = ctx.pathParam("id");
            answer(ctx, id, q -> new MeetingQueries(q).territoryCohorts(id, interval, asOf));
        });
        routes.get("/api/v1/network/footprint", ctx -> {
            AsOf asOf = asOf(ctx);
            answer(ctx, StoreKeys.NETWORK, q -> Optional.of(new MeetingQueries(q).networkFootprint(asOf)));
        });
        routes.get("/api/v1/territories/{id}/footprint", ctx -> {
            AsOf asOf = asOf(ctx);
            String id = ctx.pathParam("id");
            answer(ctx, id, q -> new MeetingQueries(q).territoryFootprint(id, asOf));
        });
    }

    /** Every target with its progress: each scope's targets are computed where that scope's figures live. */
    private void registerTargets(RoutesConfig routes) {
        routes.get("/api/v1/network/targets", ctx -> {
            AsOf asOf = asOf(ctx);
            answer(ctx, StoreKeys.NETWORK, q -> Optional.of(new TargetQueries(q, router.localStores()).network(asOf)));
        });
        routes.get("/api/v1/territories/{id}/targets", ctx -> {
            AsOf asOf = asOf(ctx);
            String id = ctx.pathParam("id");
            answer(ctx, id, q -> q.isKnownTerritory(id)
                    ? Optional.of(new TargetQueries(q, router.localStores()).territory(id, asOf)) : Optional.empty());
        });
        routes.get("/api/v1/targets", ctx -> {
            AsOf asOf = asOf(ctx);
            java.util.Set<String> scopes = new java.util.TreeSet<>();
            try {
                new TargetQueries(null, router.localStores()).all()
                        .forEach(t -> scopes.add(t.getTerritoryId() == null ? StoreKeys.NETWORK : t.getTerritoryId()));
            } catch (RuntimeException e) {
                if (!QueryRouter.isUnavailable(e)) {
                    throw e;
                }
                reply(ctx, unavailable("the targets are not readable here yet; retry shortly"));
                return;
            }
            String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
            Optional<String> authorization = Optional.ofNullable(ctx.header("Authorization"));
            List<com.fasterxml.jackson.databind.JsonNode> targets = new java.util.ArrayList<>();
            for (String scope : scopes) {
                boolean network = scope.equals(StoreKeys.NETWORK);
                Answer a = ask(scope, (network ? "/api/v1/network/targets" : "/api/v1/territories/" + scope + "/targets") + query,
                        authorization, false, q -> network
                                ? Optional.of(new TargetQueries(q, router.localStores()).network(asOf))
                                : Optional.of(new TargetQueries(q, router.localStores()).territory(scope, asOf)));
                if (!a.ok()) {
                    reply(ctx, a);
                    return;
                }
                json.readTree(a.body()).forEach(targets::add);
            }
            targets.sort(java.util.Comparator.comparing(t -> t.path("targetId").asText()));
            reply(ctx, new Answer(200, "application/json", toJson(targets), Optional.empty(), Optional.of(router.self())));
        });
    }

    private static Period cohortInterval(Context ctx) {
        String interval = Optional.ofNullable(ctx.queryParam("interval")).orElse("month");
        return switch (interval) {
            case "month" -> Period.MONTH;
            case "quarter" -> Period.QUARTER;
            default -> throw new BadParameter("interval", "interval must be month or quarter, not '" + interval + "'");
        };
    }

    // ---- answering, here or at the owner ----

    /**
     * The network summary as of now, shared by every dashboard and the live stream for
     * {@value #CURRENT_SUMMARY_MS} ms: the most asked question costs one computation per interval.
     */
    public Answer currentNetworkSummary(Optional<String> authorization) {
        Answer cached = currentSummary;
        long now = System.nanoTime();
        if (cached != null && now - currentSummaryAt < CURRENT_SUMMARY_MS * 1_000_000L) {
            return cached;
        }
        Answer fresh = ask(StoreKeys.NETWORK, "/api/v1/network/summary", authorization, false,
                q -> Optional.of(q.networkSummary(AsOf.now())));
        if (fresh.ok()) {
            currentSummary = fresh;
            currentSummaryAt = now;
        }
        return fresh;
    }

    private void answer(Context ctx, String partitionKey, Function<FigureQueries, Optional<?>> question) {
        String target = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        reply(ctx, ask(partitionKey, target, Optional.ofNullable(ctx.header("Authorization")),
                ctx.header(QueryRouter.FORWARDED_HEADER) != null, question));
    }

    private static void reply(Context ctx, Answer answer) {
        ctx.status(answer.status()).contentType(answer.contentType());
        answer.retryAfter().ifPresent(r -> ctx.header("Retry-After", r));
        answer.answeredBy().ifPresent(by -> ctx.header(ANSWERED_BY_HEADER, by));
        answer.headers().forEach(ctx::header);
        ctx.result(answer.body());
    }

    /** An answer to a question, from this instance or the one holding its figures; {@code headers}: any more to send. */
    public record Answer(int status, String contentType, byte[] body, Optional<String> retryAfter, Optional<String> answeredBy,
                         Map<String, String> headers) {
        public Answer(int status, String contentType, byte[] body, Optional<String> retryAfter, Optional<String> answeredBy) {
            this(status, contentType, body, retryAfter, answeredBy, Map.of());
        }

        public boolean ok() {
            return status == 200;
        }

        /** Served from the last figures kept, not computed now. */
        public boolean restoring() {
            return headers.containsKey(LastFigures.RESTORING_HEADER);
        }
    }

    /**
     * Answers {@code question} about the figures of {@code partitionKey}, asking {@code pathAndQuery} of other
     * instances: the owner first (it has the latest figures), then a copy here, then the other standby copies, then
     * the last figures this instance answered. A question forwarded to us is answered from a copy here or not at all,
     * so that the instance asking can try the next copy.
     */
    public Answer ask(String partitionKey, String pathAndQuery, Optional<String> authorization, boolean forwardedToUs,
                      Function<FigureQueries, Optional<?>> question) {
        if (forwardedToUs) {
            return here(partitionKey, question).orElseGet(() ->
                    unavailable("these figures are not readable on this instance now; retry shortly"));
        }
        String kept = keptQuestion(pathAndQuery, authorization);
        long deadline = System.nanoTime() + SETTLE_MS * 1_000_000L;
        while (true) {
            Optional<Answer> live = live(partitionKey, pathAndQuery, authorization, question);
            if (live.isPresent()) {
                if (live.get().ok()) {
                    lastFigures.record(kept, live.get().body());
                }
                return live.get();
            }
            Optional<Answer> last = lastFigures.answer(kept);
            if (last.isPresent()) {
                return withAnsweredBy(last.get());
            }
            if (!router.attached() || System.nanoTime() > deadline) {
                return unavailable("these figures are moving between instances or being restored; retry shortly");
            }
            try {
                Thread.sleep(SETTLE_STEP_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return unavailable("interrupted; retry shortly");
            }
        }
    }

    /** The live answer from the first instance that has the figures, or empty when none can give it now. */
    private Optional<Answer> live(String partitionKey, String pathAndQuery, Optional<String> authorization,
                                  Function<FigureQueries, Optional<?>> question) {
        QueryRouter.Location location = router.locate(partitionKey);
        if (location.owner().isPresent()) {
            Optional<Answer> fromOwner = forward(location.owner().get(), partitionKey, pathAndQuery, authorization);
            if (fromOwner.isPresent()) {
                return fromOwner;
            }
        }
        Optional<Answer> here = here(partitionKey, question);
        if (here.isPresent()) {
            return here;
        }
        for (HostInfo standby : location.standbys()) {
            Optional<Answer> fromStandby = forward(standby, partitionKey, pathAndQuery, authorization);
            if (fromStandby.isPresent()) {
                return fromStandby;
            }
        }
        return Optional.empty();
    }

    /** Another instance's answer, unless it did not answer or had no readable copy either (503). */
    private Optional<Answer> forward(HostInfo host, String partitionKey, String pathAndQuery, Optional<String> authorization) {
        if (router.recentlyUnreachable(host)) {
            return Optional.empty();
        }
        try {
            QueryRouter.Forwarded answer = router.forward(host, pathAndQuery, authorization);
            if (answer.status() == 503 || answer.status() >= 500) {
                return Optional.empty();
            }
            return Optional.of(new Answer(answer.status(), answer.contentType(), answer.body().getBytes(StandardCharsets.UTF_8),
                    answer.retryAfter(), answer.answeredBy()));
        } catch (IOException e) {
            log.info("instance {} holding figures of {} did not answer ({}); trying another copy", host, partitionKey, e.toString());
            return Optional.empty();
        }
    }

    /** The answer from this instance's stores, or empty when they cannot give it now (not here, or not restored). */
    private Optional<Answer> here(String partitionKey, Function<FigureQueries, Optional<?>> question) {
        Optional<?> result;
        try {
            result = question.apply(new FigureQueries(router.localStores()));
        } catch (RuntimeException e) {
            if (QueryRouter.isUnavailable(e)) {
                log.debug("figures of {} not readable here now: {}", partitionKey, e.toString());
                return Optional.empty();
            }
            throw e;
        }
        if (result.isEmpty()) {
            return Optional.of(error(404, "unknown territory '" + partitionKey + "': neither registered nor seen in any event", "id"));
        }
        return Optional.of(new Answer(200, "application/json", toJson(result.get()), Optional.empty(), Optional.of(router.self())));
    }

    private Answer withAnsweredBy(Answer a) {
        return new Answer(a.status(), a.contentType(), a.body(), a.retryAfter(), Optional.of(router.self()), a.headers());
    }

    /**
     * What a question is kept under: its path and query string, and who asked (a digest of the bearer token, or of an
     * {@code access_token} parameter, so that an answer is only ever served again to a reader with the same token;
     * never the token itself).
     */
    static String keptQuestion(String pathAndQuery, Optional<String> authorization) {
        String question = pathAndQuery;
        String token = authorization.map(a -> a.startsWith("Bearer ") ? a.substring(7).trim() : a).orElse(null);
        int q = pathAndQuery.indexOf('?');
        if (q >= 0) {
            StringBuilder kept = new StringBuilder(pathAndQuery.substring(0, q));
            char separator = '?';
            for (String parameter : pathAndQuery.substring(q + 1).split("&")) {
                if (parameter.startsWith("access_token=")) {
                    if (token == null) {
                        token = java.net.URLDecoder.decode(parameter.substring("access_token=".length()), StandardCharsets.UTF_8);
                    }
                } else if (!parameter.isEmpty()) {
                    kept.append(separator).append(parameter);
                    separator = '&';
                }
            }
            question = kept.toString();
        }
        return question + " " + (token == null ? "public" : digest(token));
    }

    private static String digest(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 12));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private Answer unavailable(String message) {
        Answer a = error(503, message, null);
        return new Answer(a.status(), a.contentType(), a.body(), Optional.of("1"), a.answeredBy());
    }

    // ---- parameters ----

    private static AsOf asOf(Context ctx) {
        try {
            return AsOf.parse(ctx.queryParam("asOf"));
        } catch (IllegalArgumentException e) {
            throw new BadParameter("asOf", e.getMessage());
        }
    }

    private record Series(Period period, LocalDate from, LocalDate to) {
    }

    private static Series series(Context ctx) {
        String interval = Optional.ofNullable(ctx.queryParam("interval")).orElse("week");
        Period period = Period.fromWireName(interval).orElseThrow(() ->
                new BadParameter("interval", "interval must be one of day, week, month, quarter, not '" + interval + "'"));
        LocalDate to = date(ctx, "to").orElse(LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1));
        Optional<LocalDate> givenFrom = date(ctx, "from");
        LocalDate from = givenFrom.orElseGet(() -> {
            LocalDate start = period.start(to.minusDays(1));
            for (int i = 1; i < DEFAULT_PERIODS; i++) {
                start = period.start(start.minusDays(1));
            }
            return start;
        });
        if (!from.isBefore(to)) {
            throw new BadParameter("to", "to (" + to + ") must be after from (" + from + "): from is inclusive, to exclusive");
        }
        if (periodsBetween(period, period.start(from), to) > MAX_PERIODS) {
            throw new BadParameter("from", "at most " + MAX_PERIODS + " periods per series: narrow from/to or use a longer interval");
        }
        return new Series(period, from, to);
    }

    private static long periodsBetween(Period period, LocalDate from, LocalDate to) {
        return switch (period) {
            case DAY -> ChronoUnit.DAYS.between(from, to);
            case WEEK -> ChronoUnit.WEEKS.between(from, to);
            case MONTH -> ChronoUnit.MONTHS.between(from, to);
            case QUARTER -> ChronoUnit.MONTHS.between(from, to) / 3;
        };
    }

    private static Optional<LocalDate> date(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value));
        } catch (DateTimeParseException e) {
            throw new BadParameter(name, name + " must be a date like 2021-07-10, not '" + value + "'");
        }
    }

    static final class BadParameter extends RuntimeException {
        final String field;

        BadParameter(String field, String message) {
            super(message);
            this.field = field;
        }
    }

    // ---- access ----

    private void authorize(Context ctx) {
        if (readerTokens.isEmpty()) {
            return;
        }
        String header = ctx.header("Authorization");
        String presented = header != null && header.startsWith("Bearer ") ? header.substring(7).trim()
                : ctx.queryParam("access_token"); // EventSource cannot send headers
        if (presented != null) {
            byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
            for (byte[] token : readerTokens) {
                if (MessageDigest.isEqual(token, bytes)) {
                    return;
                }
            }
        }
        ctx.header("WWW-Authenticate", "Bearer realm=\"together\"");
        error(ctx, 401, presented == null ? "reading the figures needs a bearer token (viewer or admin)"
                : "this token does not open the figures", null);
        ctx.skipRemainingHandlers();
    }

    // ---- JSON ----

    private byte[] toJson(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private Answer error(int status, String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 503 -> "Service Unavailable";
            default -> "HTTP " + status;
        });
        body.put("message", message);
        if (field != null) {
            body.put("errors", List.of(Map.of("field", field, "message", message)));
        }
        return new Answer(status, "application/json", toJson(body), Optional.empty(), Optional.of(router.self()));
    }

    private void error(Context ctx, int status, String message, String field) {
        Answer a = error(status, message, field);
        ctx.status(a.status()).contentType(a.contentType()).result(a.body());
    }
}
