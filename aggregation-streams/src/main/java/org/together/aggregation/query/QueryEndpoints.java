package org.together.aggregation.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.together.aggregation.topology.AggregationTopology;
import org.together.aggregation.topology.StoreKeys;
import org.together.figures.Period;
import org.together.figures.disclosure.Audience;
import org.together.http.OpenApiRoute;
import org.together.figures.disclosure.DisclosureRule;
import org.together.http.ApiDates;
import org.together.http.JavalinErrors;
import com.fasterxml.jackson.databind.node.ObjectNode;

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

    /** How long the current network summary is shared when this instance cannot tell whether the figures moved. */
    static final long CURRENT_SUMMARY_MS = 100;
    /**
     * How long it is shared at most while the network's figures here have not moved: the territories table, the tool
     * catalogue (its names) and the targets move a summary without them.
     */
    static final long UNMOVED_SUMMARY_MS = 1_000;
    /**
     * How long a question with no last figures waits for its figures to settle (a task moving between instances is
     * unreadable for a moment) before it is answered 503.
     */
    static final long SETTLE_MS = 1_500;
    private static final long SETTLE_STEP_MS = 250;

    /** How long the public figures of the territories, decided together, are shared between questions. */
    static final long PUBLIC_TERRITORIES_MS = 1_000;
    /** How old the public decision may be while the next one is computed in the background. */
    static final long PUBLIC_TERRITORIES_RENEWING_MS = 30_000;
    /** Who a token is: what a dashboard asks to say which figures it shows. */
    public static final String READER_PATH = "/api/v1/reader";
    /** The request attribute holding who reads: {@link Audience}. */
    public static final String AUDIENCE = "together.audience";
    /** The request attribute holding the territory whose own token reads a country's figures (exact for it only). */
    static final String OWN_TERRITORY = "together.ownTerritory";
    /** A country's figures: {@code /api/v1/countries/{countryCode}/...}. */
    static final String COUNTRIES_PREFIX = "/api/v1/countries/";
    private static final java.util.regex.Pattern COUNTRY_CODE = java.util.regex.Pattern.compile("[A-Za-z]{2}");
    /** The codes a territory may be registered with (ingest takes the same list). */
    private static final java.util.Set<String> COUNTRIES = java.util.Set.of(java.util.Locale.getISOCountries());

    private final QueryRouter router;
    private final ObjectMapper json;
    private final Readers readers;
    private final DisclosureRule disclosure;
    private final LastFigures lastFigures;
    /** The current network summary, shared by every reader ({@link #currentNetworkSummary}). */
    private volatile CurrentSummary currentSummary;
    /** The ingest API's port when the launcher told it ({@link #ingestApiPort}). */
    private volatile Integer ingestPort;
    /**
     * What this instance presents when it asks another for the shared network summary: the viewer's or the admin's
     * token, so that the answer shared is the exact one whoever asked first (none configured: nobody reads it exactly).
     */
    private final Optional<String> ownAuthorization;
    private final SharedComputation<PublicTerritories> publicDecision = new SharedComputation<>(
            PUBLIC_TERRITORIES_MS * 1_000_000L, PUBLIC_TERRITORIES_RENEWING_MS * 1_000_000L, System::nanoTime,
            () -> LocalDate.now(java.time.ZoneOffset.UTC));
    /** The answers about one territory ({@code /api/v1/territories/{id}/WHAT}) that say what the public reads. */
    private final Set<String> decidedForThePublic = ConcurrentHashMap.newKeySet();

    public QueryEndpoints(QueryRouter router, ObjectMapper json, Optional<String> viewerToken, Optional<String> adminToken) {
        this(router, json, viewerToken, adminToken, DisclosureRule.DEFAULT);
    }

    public QueryEndpoints(QueryRouter router, ObjectMapper json, Optional<String> viewerToken, Optional<String> adminToken,
                          DisclosureRule disclosure) {
        this(router, json, viewerToken, adminToken, disclosure, new LastFigures(null, json, java.time.Clock.systemUTC()));
    }

    /**
     * Reading is open and public; the viewer or the admin token reads the internal, exact figures, and a territory's
     * own token its own territory's. {@code lastFigures}
     * are kept per audience: a public reader is only ever served again what was answered to the public.
     */
    public QueryEndpoints(QueryRouter router, ObjectMapper json, Optional<String> viewerToken, Optional<String> adminToken,
                          DisclosureRule disclosure, LastFigures lastFigures) {
        this.router = router;
        this.json = json;
        this.readers = new Readers(viewerToken, adminToken,
                new TerritoryTokenIndex(() -> router.localStores().territoryCredentials(), System::nanoTime));
        this.disclosure = disclosure;
        this.lastFigures = lastFigures;
        this.ownAuthorization = viewerToken.filter(t -> !t.isBlank()).or(() -> adminToken.filter(t -> !t.isBlank()))
                .map(t -> "Bearer " + t);
    }

    public Readers readers() {
        return readers;
    }

    public void register(RoutesConfig routes) {
        routes.before("/api/v1/*", this::authorize);
        routes.before("/api/v1/territories/{id}/{what}", this::publicOnlyWhereDecided);
        routes.get(READER_PATH, this::reader);
        routes.get(OpenApiRoute.PATH, new OpenApiRoute(QueryEndpoints.class, "/org/together/aggregation/query/openapi.json"));
        routes.get("/api/v1/network/summary", ctx -> {
            boolean publicReader = isPublic(ctx);
            if (ctx.queryParam("asOf") == null && ctx.header(QueryRouter.FORWARDED_HEADER) == null) {
                reply(ctx, currentNetworkSummary(publicReader ? Audience.PUBLIC : Audience.INTERNAL));
                return;
            }
            AsOf asOf = asOf(ctx);
            answer(ctx, StoreKeys.NETWORK, q -> Optional.of(publicReader
                    ? publicNetworkSummary(json.valueToTree(q.networkSummary(asOf))) : q.networkSummary(asOf)));
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
            answer(ctx, StoreKeys.NETWORK, q -> Optional.of(q.networkGrowth(s.period, s.from, s.to, today())));
        });
        routes.get("/api/v1/territories", ctx -> {
            AsOf asOf = asOf(ctx);
            Optional<Page> page = page(ctx);
            if (isPublic(ctx)) {
                requireToday(asOf, "the ranked territories");
                // the public figures are decided over every territory together: a page is cut from them
                answer(ctx, StoreKeys.NETWORK, null, q -> {
                    PublicTerritories decided = publicTerritories(q, false);
                    return Optional.of(page.isPresent() ? decided.ranked(json, page.get().offset(), page.get().limit())
                            : new Written(decided.rankedJson(json)));
                });
                return;
            }
            answer(ctx, StoreKeys.NETWORK, q -> Optional.of(page.isEmpty() ? q.territories(asOf)
                    : q.territories(asOf, page.get().offset(), page.get().limit())));
        });
        // every route about one territory decides what the public reads: a view of PublicTerritories, or a refusal
        territoryRoute(routes, "summary", PublicTerritories.Answers::summary, FigureQueries::territorySummary);
        territoryRoute(routes, "tools", PublicTerritories.Answers::tools, FigureQueries::territoryTools);
        territoryRoute(routes, "wellbeing", PublicTerritories.Answers::wellbeing, FigureQueries::territoryWellbeing);
        decidedForThePublic.add("growth");
        routes.get("/api/v1/territories/{id}/growth", ctx -> {
            if (isPublic(ctx)) {
                throw new NeedsToken("a territory's growth series is for the coordination team (viewer or admin token): "
                        + "the public reads the network's series and each territory's current figures");
            }
            Series s = series(ctx);
            String id = ctx.pathParam("id");
            answer(ctx, id, q -> q.territoryGrowth(id, s.period, s.from, s.to, today()));
        });
        registerMeeting(routes);
        registerTargets(routes);
        registerCountries(routes);
        routes.exception(HttpResponseException.class, this::answerJavalinError);
        routes.exception(NeedsToken.class, (e, ctx) -> {
            String own = ctx.attribute(OWN_TERRITORY);
            if (own != null) {
                // a territory's good token, reading here as the public: 403, so that an app does not drop it
                error(ctx, 403, e.getMessage() + "; " + whatATerritorysTokenReads(own), null);
                return;
            }
            ctx.header("WWW-Authenticate", "Bearer realm=\"together\"");
            error(ctx, 401, e.getMessage(), null);
        });
        routes.exception(BadParameter.class, (e, ctx) -> error(ctx, 400, e.getMessage(), e.field));
        routes.exception(UnknownCountry.class, (e, ctx) -> error(ctx, 404, e.getMessage(), "countryCode"));
    }

    /**
     * The writes of the ingest API, sent here by mistake (GET /api/v1/targets is here, PUT of a target is there):
     * method, path (a {@code {name}} is one segment) and the token each takes.
     */
    private static final List<IngestWrite> WRITES_OF_THE_INGEST_API = List.of(
            new IngestWrite("POST", "/api/v1/events", "the territory's token"),
            new IngestWrite("POST", "/api/v1/import", "the admin token"),
            new IngestWrite("POST", "/api/v1/territories", "the admin token"),
            new IngestWrite("PUT", "/api/v1/territories/{id}", "the admin token"),
            new IngestWrite("POST", "/api/v1/territories/{id}/token", "the admin token"),
            new IngestWrite("DELETE", "/api/v1/territories/{id}/token", "the admin token"),
            new IngestWrite("DELETE", "/api/v1/territories/{territoryId}/participants/{participantId}",
                    "the territory's token or the admin token"),
            new IngestWrite("PUT", "/api/v1/tools/{toolId}", "the admin token"),
            new IngestWrite("PUT", "/api/v1/spiral-dimensions/{code}", "the admin token"),
            new IngestWrite("PUT", "/api/v1/targets/{targetId}", "the admin token"),
            new IngestWrite("DELETE", "/api/v1/targets/{targetId}", "the admin token"));

    /**
     * Javalin's own answers (no such route, a method the path does not take) in the API's JSON error, registered by
     * {@link #register}. A write of the ingest API keeps Javalin's status and {@code Allow}, which name what the path
     * takes here (405 with {@code Allow: GET} for POST /api/v1/territories, 404 where the query API has no such path),
     * and says where it goes and with which token, not a bare 404 (review 13): the ingest API's port when the launcher
     * told it ({@link #ingestApiPort}), the default otherwise (the two services never import each other).
     */
    public void answerJavalinError(HttpResponseException e, Context ctx) {
        Optional<IngestWrite> write = e.getStatus() == 404 || e.getStatus() == 405
                ? writeOfTheIngestApi(ctx.method().name(), ctx.path()) : Optional.empty();
        if (write.isEmpty()) {
            JavalinErrors.answer(e, ctx);
            return;
        }
        Integer port = ingestPort;
        String where = port == null ? "the ingest API (its own port: 8080 unless set otherwise)"
                : "the ingest API (port " + port + " of this stack)";
        JavalinErrors.answer(e, ctx, "this is the query API, which only reads: " + write.get().method() + " "
                + write.get().path() + " is on " + where + ", with " + write.get().token());
    }

    private record IngestWrite(String method, String path, String token) {
    }

    private static Optional<IngestWrite> writeOfTheIngestApi(String method, String path) {
        String[] segments = (path.endsWith("/") ? path.substring(0, path.length() - 1) : path).split("/", -1);
        for (IngestWrite write : WRITES_OF_THE_INGEST_API) {
            String[] template = write.path().split("/", -1);
            if (!write.method().equals(method) || template.length != segments.length) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < template.length && matches; i++) {
                matches = template[i].startsWith("{") ? !segments[i].isEmpty() : template[i].equals(segments[i]);
            }
            if (matches) {
                return Optional.of(write);
            }
        }
        return Optional.empty();
    }

    /**
     * The port of the ingest API beside this one, as the launcher that started both knows it: the answer to a write
     * sent here names it.
     */
    public void ingestApiPort(int port) {
        this.ingestPort = port;
    }

    /**
     * The meeting's questions: Annex 1 approaches, cohorts, footprint by domain. The network's are published as they
     * are; a territory's approaches and footprint are views of the public figures of every territory; a territory's
     * cohorts are a series, like its growth: for the coordination team.
     */
    private void registerMeeting(RoutesConfig routes) {
        routes.get("/api/v1/network/approaches", ctx -> {
            AsOf asOf = asOf(ctx);
            answer(ctx, StoreKeys.NETWORK, q -> Optional.of(new MeetingQueries(q).networkApproaches(asOf)));
        });
        territoryRoute(routes, "approaches", PublicTerritories.Answers::approaches,
                (q, id, asOf) -> new MeetingQueries(q).territoryApproaches(id, asOf));
        routes.get("/api/v1/network/cohorts", ctx -> {
            AsOf asOf = asOf(ctx);
            Period interval = cohortInterval(ctx);
            answer(ctx, StoreKeys.NETWORK, q -> Optional.of(new MeetingQueries(q).networkCohorts(interval, asOf)));
        });
        decidedForThePublic.add("cohorts");
        routes.get("/api/v1/territories/{id}/cohorts", ctx -> {
            if (isPublic(ctx)) {
                // its cells add up both to the network's cohorts and to the territory's own published counts: a table
                // with margins both ways, which the disclosure rule does not protect
                throw new NeedsToken("a territory's cohorts are for the coordination team (viewer or admin token): the "
                        + "public reads the network's cohorts and each territory's current figures");
            }
            AsOf asOf = asOf(ctx);
            Period interval = cohortInterval(ctx);
            String id = ctx.pathParam("id");
            answer(ctx, id, q -> new MeetingQueries(q).territoryCohorts(id, interval, asOf));
        });
        routes.get("/api/v1/network/footprint", ctx -> {
            AsOf asOf = asOf(ctx);
            answer(ctx, StoreKeys.NETWORK, q -> Optional.of(new MeetingQueries(q).networkFootprint(asOf)));
        });
        territoryRoute(routes, "footprint", PublicTerritories.Answers::footprint,
                (q, id, asOf) -> new MeetingQueries(q).territoryFootprint(id, asOf));
    }

    /**
     * Every target with its progress: each scope's targets are computed where that scope's figures live. The public
     * reads a territory's target as far as the public figures of that territory go ({@link PublicTargets}). A target
     * of a territory the figures do not know is listed with why its progress is not computed: the list still answers.
     */
    private void registerTargets(RoutesConfig routes) {
        routes.get("/api/v1/network/targets", ctx -> {
            AsOf asOf = asOf(ctx);
            answer(ctx, StoreKeys.NETWORK, q -> Optional.of(new TargetQueries(q, router.localStores()).network(asOf)));
        });
        decidedForThePublic.add("targets");
        routes.get("/api/v1/territories/{id}/targets", ctx -> {
            AsOf asOf = asOf(ctx);
            String id = ctx.pathParam("id");
            Optional<String> authorization = Optional.ofNullable(ctx.header("Authorization"));
            String target = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            reply(ctx, territoryTargets(id, asOf, target, authorization, isPublic(ctx),
                    ctx.header(QueryRouter.FORWARDED_HEADER) != null));
        });
        routes.get("/api/v1/targets", ctx -> {
            AsOf asOf = asOf(ctx);
            boolean publicReader = isPublic(ctx);
            if (publicReader) {
                requireToday(asOf, "the targets of territories");
            }
            String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
            String kept = keptQuestion(ctx.path() + query, publicReader ? Audience.PUBLIC : Audience.INTERNAL, disclosure);
            reply(ctx, wholeOrLast(kept, allTargets(asOf, query, Optional.ofNullable(ctx.header("Authorization")),
                    publicReader)));
        });
    }

    /** Every target, each scope's asked where its figures are; marked as the oldest part's when a part is kept figures. */
    private Answer allTargets(AsOf asOf, String query, Optional<String> authorization, boolean publicReader)
            throws IOException {
        java.util.Set<String> scopes = new java.util.TreeSet<>();
        try {
            new TargetQueries(null, router.localStores()).all()
                    .forEach(t -> scopes.add(t.getTerritoryId() == null ? StoreKeys.NETWORK : t.getTerritoryId()));
        } catch (RuntimeException e) {
            if (!QueryRouter.isUnavailable(e)) {
                throw e;
            }
            return unavailable("the targets are not readable here yet; retry shortly");
        }
        Map<String, String> fromLastFigures = Map.of();
        List<com.fasterxml.jackson.databind.JsonNode> targets = new java.util.ArrayList<>();
        for (String scope : scopes) {
            Answer a = scope.equals(StoreKeys.NETWORK)
                    ? ask(scope, scope, "/api/v1/network/targets" + query, authorization,
                            publicReader ? Audience.PUBLIC : Audience.INTERNAL, false,
                            q -> Optional.of(new TargetQueries(q, router.localStores()).network(asOf)))
                    : territoryTargets(scope, asOf, "/api/v1/territories/" + scope + "/targets" + query, authorization,
                            publicReader, false);
            if (a.status() == 404 && !scope.equals(StoreKeys.NETWORK)) {
                // one target of a territory the figures do not know does not take the others with it
                List<TargetQueries.TargetStatus> unknown = new TargetQueries(null, router.localStores()).ofUnknownTerritory(scope);
                if (publicReader) {
                    targets.addAll(PublicTargets.ofUnknownTerritory(json, disclosure, unknown));
                } else {
                    unknown.forEach(t -> targets.add(json.valueToTree(t)));
                }
                continue;
            }
            if (!a.ok()) {
                return a;
            }
            fromLastFigures = olderMarks(fromLastFigures, a);
            json.readTree(a.body()).forEach(targets::add);
        }
        targets.sort(java.util.Comparator.comparing(t -> t.path("targetId").asText()));
        return new Answer(200, "application/json", toJson(targets), Optional.empty(), Optional.of(router.self()),
                fromLastFigures);
    }

    /**
     * A country's figures in one answer, as its territories' answers add up for the reader: exact for the coordination
     * team; for the public, the sum of the territories' published figures only, a lower bound where some are hidden
     * ({@link CountrySummary}); for a territory's own token, its territory exact and the others as the public reads them.
     * Answered where the network's figures are, as the public territories are: they hold every territory's figures.
     */
    private void registerCountries(RoutesConfig routes) {
        routes.get(COUNTRIES_PREFIX + "{countryCode}/summary", ctx -> {
            String country = countryCode(ctx);
            AsOf asOf = asOf(ctx);
            boolean publicReader = isPublic(ctx);
            String own = ctx.attribute(OWN_TERRITORY);
            if (publicReader) {
                requireToday(asOf, "a country's figures");
            }
            String target = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            Audience audience = publicReader ? Audience.PUBLIC : Audience.INTERNAL;
            // a territory's team reads its own territory exactly: kept apart from the public's answer and the others'
            String kept = keptQuestion(target, audience, disclosure) + (own == null ? "" : " exact for territory " + own);
            reply(ctx, ask(StoreKeys.NETWORK, null, target, Optional.ofNullable(ctx.header("Authorization")), kept,
                    ctx.header(QueryRouter.FORWARDED_HEADER) != null,
                    q -> Optional.of(countrySummary(q, country, asOf, publicReader, own))));
        });
        routes.get(COUNTRIES_PREFIX + "{countryCode}/growth", ctx -> {
            String country = countryCode(ctx);
            // a territory's team reads it when its territory is the country's only one: its own series, nobody else's
            String own = ctx.attribute(OWN_TERRITORY);
            Series s = series(ctx);
            boolean publicReader = isPublic(ctx);
            if (publicReader && own == null) {
                throw new NeedsToken(COUNTRY_GROWTH_IS_INTERNAL);
            }
            String target = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            // a territory's team reads its own series: kept apart from the team's answer, as a country's summary is
            String kept = keptQuestion(target, publicReader ? Audience.PUBLIC : Audience.INTERNAL, disclosure)
                    + (own == null ? "" : " exact for territory " + own);
            reply(ctx, wholeOrLast(kept, countryGrowth(country, s, ctx.queryString(),
                    Optional.ofNullable(ctx.header("Authorization")), publicReader, own)));
        });
    }

    private ObjectNode countrySummary(FigureQueries q, String country, AsOf asOf, boolean publicReader, String own) {
        List<CountrySummary.Part> parts = new ArrayList<>();
        if (!publicReader) {
            q.forEachTerritoryOfCountry(country, asOf, t -> parts.add(new CountrySummary.Part(t.headline().territoryId(),
                    json.valueToTree(t.summary()), json.valueToTree(t.tools()))));
            return CountrySummary.of(json, country, asOf.instant(), "internal", null, parts);
        }
        List<FigureQueries.TerritoryNow> territories = new ArrayList<>();
        q.forEachTerritoryOfCountry(country, AsOf.now(), territories::add);
        PublicTerritories first = publicTerritories(q, false);
        // a territory newer than the decision: decided again, with it
        PublicTerritories decided = territories.stream().allMatch(t -> first.decided(t.headline().territoryId())) ? first
                : publicTerritories(q, true);
        for (FigureQueries.TerritoryNow t : territories) {
            String id = t.headline().territoryId();
            if (id.equals(own)) {
                parts.add(new CountrySummary.Part(id, json.valueToTree(t.summary()), json.valueToTree(t.tools())));
                continue;
            }
            // each territory's answer exactly as the public reads it: the country's sums can give nothing more
            Optional<PublicTerritories.Answers> published = decided.territory(t, json);
            parts.add(published.map(a -> new CountrySummary.Part(id, a.summary(), a.tools()))
                    .orElseGet(() -> new CountrySummary.Part(id, json.createObjectNode().putNull("participantsActive")
                            .putNull("participantsEver"), json.createObjectNode())));
        }
        ObjectNode answer = CountrySummary.of(json, country, AsOf.now().instant(), own == null ? "public" : "territory",
                disclosure.minPublishedCount(), parts);
        if (own != null) {
            answer.put("exactFor", own);
        }
        return answer;
    }

    /**
     * A country's growth series: its territories' series added up, each asked where its figures live (here without a
     * request when they are here). A territory without a row for a period keeps its last active count (carried forward).
     */
    private Answer countryGrowth(String country, Series s, String query, Optional<String> authorization,
                                 boolean publicReader, String own) {
        List<String> ids = new ArrayList<>();
        try (var it = router.localStores().territories().all()) {
            it.forEachRemaining(kv -> {
                if (kv.value != null && country.equalsIgnoreCase(kv.value.getCountryCode())) {
                    ids.add(kv.key);
                }
            });
        } catch (RuntimeException e) {
            if (!QueryRouter.isUnavailable(e)) {
                throw e;
            }
            return unavailable("the territories are not readable here yet; retry shortly");
        }
        if (publicReader && !ids.equals(List.of(own))) {
            throw new NeedsToken(COUNTRY_GROWTH_IS_INTERNAL + "; a territory's token reads it only for a country "
                    + "whose one territory is its own");
        }
        Map<String, String> fromLastFigures = Map.of();
        List<JsonNode> series = new ArrayList<>();
        for (String id : ids) {
            Answer a = ask(id, id, "/api/v1/territories/" + id + "/growth" + (query == null ? "" : "?" + query), authorization,
                    Audience.INTERNAL, false, q -> q.territoryGrowth(id, s.period, s.from, s.to, today()));
            if (a.status() == 404) {
                continue; // registered, not yet known to the figures: no series
            }
            if (!a.ok()) {
                return a;
            }
            fromLastFigures = olderMarks(fromLastFigures, a);
            try {
                series.add(json.readTree(a.body()));
            } catch (IOException e) {
                throw new IllegalStateException("the growth series of " + id + " is not JSON", e);
            }
        }
        List<Map<String, Object>> points = CountrySummary.growth(series);
        return new Answer(200, "application/json", toJson(points), Optional.empty(), Optional.of(router.self()),
                fromLastFigures);
    }

    /**
     * An answer put together here from several reads (every target, a country's series): kept whole when every part
     * was read live; when a store it needs is not readable here yet (after a restart, while it is restored) or a part
     * came from the last figures, the whole answer kept last for the same question and reader, if there is one.
     */
    private Answer wholeOrLast(String kept, Answer made) {
        if (made.status() == 503 || made.restoring()) {
            return lastFigures.answer(kept).map(this::withAnsweredBy).orElse(made);
        }
        if (made.ok()) {
            lastFigures.record(kept, made.body());
        }
        return made; // or a refusal or a mistake: not figures missing for now
    }

    /**
     * The last-figures headers a whole answer carries once {@code part} is added: the older part's, so that an answer
     * mixing live and kept figures is never said to be live, nor newer than its oldest part.
     */
    private static Map<String, String> olderMarks(Map<String, String> marks, Answer part) {
        if (!part.restoring()) {
            return marks;
        }
        if (!marks.containsKey(LastFigures.RESTORING_HEADER) || java.time.Instant.parse(part.headers().get(LastFigures.RESTORING_HEADER))
                .isBefore(java.time.Instant.parse(marks.get(LastFigures.RESTORING_HEADER)))) {
            return part.headers();
        }
        return marks;
    }

    private static final String COUNTRY_GROWTH_IS_INTERNAL = "a country's growth series adds up its territories' series, "
            + "which are for the coordination team (viewer or admin token)";

    private static String countryCode(Context ctx) {
        String code = ctx.pathParam("countryCode");
        if (!COUNTRY_CODE.matcher(code).matches()) {
            throw new BadParameter("countryCode", "countryCode must be an ISO 3166-1 alpha-2 code, two letters like FR or "
                    + "GR, not '" + code + "'");
        }
        String upper = code.toUpperCase(java.util.Locale.ROOT);
        if (!COUNTRIES.contains(upper)) {
            // not a zero answer: a country with no territory yet is 200 with zeros, a code that is no country is a mistake
            throw new UnknownCountry("no country has the ISO 3166-1 alpha-2 code '" + code + "'");
        }
        return upper;
    }

    /** A countryCode of two letters that names no country: 404. */
    static final class UnknownCountry extends RuntimeException {
        UnknownCountry(String message) {
            super(message);
        }
    }

    /**
     * A territory's targets: exact for the coordination team; for the public, each target's progress is published
     * only as far as the territory's public figure of its metric is ({@link PublicTargets}), decided with every
     * territory's where the network's figures are.
     */
    private Answer territoryTargets(String id, AsOf asOf, String pathAndQuery, Optional<String> authorization,
                                    boolean publicReader, boolean forwardedToUs) {
        Function<FigureQueries, Optional<?>> exact = q -> q.isKnownTerritory(id)
                ? Optional.of(new TargetQueries(q, router.localStores()).territory(id, asOf)) : Optional.empty();
        if (!publicReader) {
            return ask(id, id, pathAndQuery, authorization, Audience.INTERNAL, forwardedToUs, exact);
        }
        requireToday(asOf, "a territory's targets");
        Answer published = ask(StoreKeys.NETWORK, id, "/api/v1/territories/" + id + "/summary", Optional.empty(),
                Audience.PUBLIC, false, q -> publicAnswers(q, id).map(PublicTerritories.Answers::summary));
        if (!published.ok()) {
            return published;
        }
        com.fasterxml.jackson.databind.JsonNode summary;
        try {
            summary = json.readTree(published.body());
        } catch (IOException e) {
            throw new IllegalStateException("the public summary of " + id + " is not JSON", e);
        }
        return ask(id, id, pathAndQuery, Optional.empty(), Audience.PUBLIC, forwardedToUs, q -> exact.apply(q)
                .map(statuses -> PublicTargets.of(json, summary, disclosure, (List<?>) statuses)));
    }

    private static Period cohortInterval(Context ctx) {
        String interval = Optional.ofNullable(ctx.queryParam("interval")).orElse("month");
        return switch (interval) {
            case "month" -> Period.MONTH;
            case "quarter" -> Period.QUARTER;
            default -> throw new BadParameter("interval", "interval must be month or quarter, not '" + interval + "'");
        };
    }

    private interface TerritoryQuestion {
        Optional<?> ask(FigureQueries queries, String territoryId, AsOf asOf);
    }

    /**
     * A territory's current figures: internal readers ask the territory's owner; the public gets its part of the
     * public figures of every territory, decided together where the network's figures are.
     */
    private void territoryRoute(RoutesConfig routes, String what, Function<PublicTerritories.Answers, ObjectNode> publicAnswer,
                                TerritoryQuestion internal) {
        decidedForThePublic.add(what);
        routes.get("/api/v1/territories/{id}/" + what, ctx -> {
            AsOf asOf = asOf(ctx);
            String id = ctx.pathParam("id");
            if (isPublic(ctx)) {
                requireToday(asOf, "a territory's figures");
                answer(ctx, StoreKeys.NETWORK, id, q -> publicAnswers(q, id).map(publicAnswer));
                return;
            }
            answer(ctx, id, q -> internal.ask(q, id, asOf));
        });
    }

    /**
     * The safety net of the disclosure rule: a figure about one territory that no route has decided for the public
     * (a new per-territory answer not yet in {@link PublicTerritories}) is not read without a token.
     */
    private void publicOnlyWhereDecided(Context ctx) {
        if (!ctx.method().equals(HandlerType.GET) && !ctx.method().equals(HandlerType.HEAD)) {
            return; // not a read: a write of the ingest API (POST .../token) is told where it goes, see answerJavalinError
        }
        if (isPublic(ctx) && !decidedForThePublic.contains(ctx.pathParam("what"))) {
            throw new NeedsToken("this figure of a territory is not published to the public: read it with the viewer or "
                    + "admin token");
        }
    }

    private static boolean isPublic(Context ctx) {
        return ctx.attribute(AUDIENCE) != Audience.INTERNAL;
    }

    /** Public figures of territories are today's: a past day is for the coordination team. */
    private static void requireToday(AsOf asOf, String what) {
        if (asOf.day().isBefore(LocalDate.now(java.time.ZoneOffset.UTC))) {
            throw new NeedsToken(what + " as of a past day are for the coordination team (viewer or admin token): "
                    + "the public reads today's, and the network's of any day");
        }
    }

    /**
     * One territory's public answers: its figures read now, its cells suppressed as decided with every territory's.
     * Empty (404) when the territory is unknown, without deciding anything; a territory newer than the decision gets a
     * new decision, with it.
     */
    private Optional<PublicTerritories.Answers> publicAnswers(FigureQueries queries, String territoryId) {
        Optional<FigureQueries.TerritoryNow> now = queries.territoryNow(territoryId, AsOf.now());
        if (now.isEmpty()) {
            return Optional.empty();
        }
        PublicTerritories decided = publicTerritories(queries, false);
        if (!decided.decided(territoryId)) {
            decided = publicTerritories(queries, true);
        }
        return decided.territory(now.get(), json);
    }

    /**
     * The public figures of every territory as of today, shared for {@value #PUBLIC_TERRITORIES_MS} ms, or decided
     * again after this call when {@code afterNow}. One decision at a time: it reads every territory (seconds at
     * 100,000), so questions share it rather than each reading them all again; once there is one, the next is made in
     * the background and questions take the last one meanwhile (at most {@value #PUBLIC_TERRITORIES_RENEWING_MS} ms
     * old). Each territory's own answer reads its figures now and hides what became small since.
     */
    private PublicTerritories publicTerritories(FigureQueries queries, boolean afterNow) {
        return publicDecision.get(() -> PublicTerritories.decide(territory -> queries.forEachTerritoryNow(AsOf.now(), territory),
                disclosure), afterNow);
    }

    static final class NeedsToken extends RuntimeException {
        NeedsToken(String message) {
            super(message);
        }
    }

    // ---- answering, here or at the owner ----

    /** The network summary shared: as computed (the team's, exact), and as the public reads it. */
    private record CurrentSummary(Answer exact, Answer published, long at, Object of) {
    }

    private static final String NETWORK_SUMMARY = "/api/v1/network/summary";

    /**
     * The network summary as of now, shared by every dashboard and the live stream: the most asked question costs one
     * computation each time the figures move. Where the network's figures are on this instance, it is computed again
     * as soon as they moved (at the network task's commit; at least every {@value #UNMOVED_SUMMARY_MS} ms); elsewhere,
     * every {@value #CURRENT_SUMMARY_MS} ms. Each computation is kept in the last figures for both audiences, each as
     * it reads it: kept only for the audience that happened to ask, the other's kept copy stopped moving while the
     * team read all day, and a restart served the public figures hours old (review 14, finding 2).
     */
    public Answer currentNetworkSummary(Audience audience) {
        CurrentSummary current = currentSummary;
        long now = System.nanoTime();
        Object figures = networkFiguresNow();
        long sharedFor = figures == null ? CURRENT_SUMMARY_MS : current != null && figures.equals(current.of()) ? UNMOVED_SUMMARY_MS : 0;
        if (current == null || now - current.at() >= sharedFor * 1_000_000L) {
            String keptExact = keptQuestion(NETWORK_SUMMARY, Audience.INTERNAL, disclosure);
            String keptPublished = keptQuestion(NETWORK_SUMMARY, Audience.PUBLIC, disclosure);
            Answer exact = ask(StoreKeys.NETWORK, null, NETWORK_SUMMARY, ownAuthorization, keptExact, false,
                    q -> Optional.of(q.networkSummary(AsOf.now())));
            if (!exact.ok()) {
                // nothing live and nothing kept for the team: the public may still have its own kept answer
                return audience == Audience.PUBLIC ? lastFigures.answer(keptPublished).map(this::withAnsweredBy).orElse(exact)
                        : exact;
            }
            Answer published;
            if (exact.restoring()) { // the public is served only what was kept for the public
                published = lastFigures.answer(keptPublished).map(this::withAnsweredBy)
                        .orElseGet(() -> unavailable(notLive()));
            } else {
                published = publicNetworkSummary(exact);
                lastFigures.record(keptPublished, published.body());
            }
            current = new CurrentSummary(exact, published, now, figures);
            currentSummary = current;
        }
        return audience == Audience.INTERNAL ? current.exact() : current.published();
    }

    /** The public's answer made from the exact one: the same figures, decided for the public. */
    private Answer publicNetworkSummary(Answer exact) {
        try {
            ObjectNode summary = (ObjectNode) json.readTree(exact.body());
            return new Answer(exact.status(), exact.contentType(), toJson(publicNetworkSummary(summary)), exact.retryAfter(),
                    exact.answeredBy(), exact.headers());
        } catch (IOException e) {
            throw new IllegalStateException("the network summary is not JSON", e);
        }
    }

    /**
     * The network summary as the public reads it: network figures are published however small, but its last event is
     * given to the day, as a territory's is: with one event today, its second is one person's act (review 14).
     */
    static ObjectNode publicNetworkSummary(ObjectNode summary) {
        JsonNode last = summary.get("lastEventAt");
        if (last != null && last.isTextual()) {
            summary.put("lastEventAt", java.time.Instant.parse(last.asText()).truncatedTo(java.time.temporal.ChronoUnit.DAYS).toString());
        }
        return summary;
    }

    /**
     * The network's all-time figures (every counted event moves them) and today's date, when this instance runs the
     * network's task; null when it cannot tell (another instance runs it, or its stores are not readable now).
     */
    private Object networkFiguresNow() {
        try {
            if (!router.attached() || !router.locate(StoreKeys.NETWORK).local()) {
                return null;
            }
            Object allTime = router.localStores().store(AggregationTopology.NETWORK_DAY_FIGURES, StoreKeys.NETWORK).get(StoreKeys.ALL_TIME);
            return allTime == null ? null : List.of(LocalDate.now(java.time.ZoneOffset.UTC), allTime);
        } catch (RuntimeException e) {
            return null; // moving between instances, restoring: share as if elsewhere
        }
    }

    private void answer(Context ctx, String partitionKey, Function<FigureQueries, Optional<?>> question) {
        answer(ctx, partitionKey, partitionKey, question);
    }

    /** @param territoryId the territory an empty answer is unknown (404) */
    private void answer(Context ctx, String partitionKey, String territoryId, Function<FigureQueries, Optional<?>> question) {
        String target = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        reply(ctx, ask(partitionKey, territoryId, target, Optional.ofNullable(ctx.header("Authorization")),
                isPublic(ctx) ? Audience.PUBLIC : Audience.INTERNAL, ctx.header(QueryRouter.FORWARDED_HEADER) != null, question));
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
    public Answer ask(String partitionKey, String territoryId, String pathAndQuery, Optional<String> authorization,
                      boolean forwardedToUs, Function<FigureQueries, Optional<?>> question) {
        return ask(partitionKey, territoryId, pathAndQuery, authorization, Readers.audienceOf(readers.of(authorization)),
                forwardedToUs, question);
    }

    /** @param audience who reads, as {@link #authorize} decided: the last figures are kept and served per audience */
    private Answer ask(String partitionKey, String territoryId, String pathAndQuery, Optional<String> authorization,
                       Audience audience, boolean forwardedToUs, Function<FigureQueries, Optional<?>> question) {
        return ask(partitionKey, territoryId, pathAndQuery, authorization, keptQuestion(pathAndQuery, audience, disclosure),
                forwardedToUs, question);
    }

    /** @param kept what the answer is kept under ({@link #keptQuestion}, or more: who it was answered for) */
    private Answer ask(String partitionKey, String territoryId, String pathAndQuery, Optional<String> authorization,
                       String kept, boolean forwardedToUs, Function<FigureQueries, Optional<?>> question) {
        if (forwardedToUs) {
            return here(partitionKey, territoryId, question).orElseGet(() ->
                    unavailable("these figures are not readable on this instance now; retry shortly"));
        }
        long deadline = System.nanoTime() + SETTLE_MS * 1_000_000L;
        while (true) {
            Optional<Answer> live = live(partitionKey, territoryId, pathAndQuery, authorization, question);
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
                return unavailable(notLive());
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
    private Optional<Answer> live(String partitionKey, String territoryId, String pathAndQuery, Optional<String> authorization,
                                  Function<FigureQueries, Optional<?>> question) {
        QueryRouter.Location location = router.locate(partitionKey);
        if (location.owner().isPresent()) {
            Optional<Answer> fromOwner = forward(location.owner().get(), partitionKey, pathAndQuery, authorization);
            if (fromOwner.isPresent()) {
                return fromOwner;
            }
        }
        Optional<Answer> here = here(partitionKey, territoryId, question);
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

    /**
     * The answer from this instance's stores, or empty when they cannot give it now (not here, or not restored).
     * @param territoryId the territory an empty answer is unknown (404)
     */
    private Optional<Answer> here(String partitionKey, String territoryId, Function<FigureQueries, Optional<?>> question) {
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
            return Optional.of(error(404, "unknown territory '" + territoryId + "': neither registered nor seen in any event", "id"));
        }
        return Optional.of(new Answer(200, "application/json", toJson(result.get()), Optional.empty(), Optional.of(router.self())));
    }

    private Answer withAnsweredBy(Answer a) {
        return new Answer(a.status(), a.contentType(), a.body(), a.retryAfter(), Optional.of(router.self()), a.headers());
    }

    /**
     * What a question is kept under: its path and query string (less any {@code access_token}: a token is never
     * kept), and the audience it was answered for. Public answers are kept with the disclosure rule they went
     * through, so that a public reader is never served an internal answer, nor one made under a laxer k before a
     * restart; every internal reader (viewer or admin) reads the same exact figures.
     */
    static String keptQuestion(String pathAndQuery, Audience audience, DisclosureRule rule) {
        String question = pathAndQuery;
        int q = pathAndQuery.indexOf('?');
        if (q >= 0) {
            StringBuilder kept = new StringBuilder(pathAndQuery.substring(0, q));
            char separator = '?';
            for (String parameter : pathAndQuery.substring(q + 1).split("&")) {
                if (!parameter.isEmpty() && !parameter.startsWith("access_token=")) {
                    kept.append(separator).append(parameter);
                    separator = '&';
                }
            }
            question = kept.toString();
        }
        return question + " " + (audience == Audience.INTERNAL ? "internal" : "public k=" + rule.minPublishedCount());
    }

    /** Why a question with no last figures is not answered now, as far as this instance can tell. */
    private String notLive() {
        return switch (lastFigures.why()) {
            case STARTING -> "this instance has not reached Kafka yet and kept no answer to this question; retry shortly";
            case KAFKA_UNREACHABLE -> "Kafka is unreachable from this instance and it kept no answer to this question; "
                    + "retry shortly";
            case RESTORING -> "these figures are moving between instances or being restored; retry shortly";
        };
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

    /** Part of the ranked list: {@code limit} territories from rank {@code offset + 1}. */
    private record Page(int offset, int limit) {
    }

    static final int MAX_PAGE = 10_000;

    private static Optional<Page> page(Context ctx) {
        Optional<Integer> limit = count(ctx, "limit", 1, MAX_PAGE);
        Optional<Integer> offset = count(ctx, "offset", 0, Integer.MAX_VALUE);
        return limit.isEmpty() && offset.isEmpty() ? Optional.empty()
                : Optional.of(new Page(offset.orElse(0), limit.orElse(MAX_PAGE)));
    }

    private static Optional<Integer> count(Context ctx, String name, int min, int max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return Optional.of(n);
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new BadParameter(name, name + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
    }

    private record Series(Period period, LocalDate from, LocalDate to) {
    }

    /** The current UTC day: a growth series has no period starting after it. */
    private static LocalDate today() {
        return LocalDate.now(java.time.ZoneOffset.UTC);
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
            return Optional.of(ApiDates.parse(value));
        } catch (DateTimeParseException e) {
            throw new BadParameter(name, name + " must be a date like 2021-07-10 (yyyy-MM-dd, a day of the calendar), not '" + value + "'");
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

    /**
     * Who reads: no token, the public; the viewer or admin token, the coordination team; a territory's token, its team
     * about that territory (its own figures, exact), and on the live stream and a country's figures as the public (its
     * own territory exact); elsewhere a territory's live token is 403 (a good token outside what it reads: an app keeps
     * it), any other token 401 (wrong, replaced or revoked: ask for the current one). A token in the URL
     * ({@code access_token}) is taken on the live stream only, which EventSource opens without headers; anywhere else it
     * is refused (400), so a token copied into a link never opens more than the live stream.
     */
    private void authorize(Context ctx) {
        String fromUrl = ctx.queryParam("access_token");
        if (ctx.path().equals(READER_PATH) && fromUrl == null) {
            return; // it says who any token is, a refused one included: see reader()
        }
        boolean live = ctx.path().equals(LiveSummaries.PATH);
        if (fromUrl != null && !live) {
            error(ctx, 400, "access_token is accepted on " + LiveSummaries.PATH + " only; send the token as "
                    + "'Authorization: Bearer <token>' (a token in a URL ends up in logs and browser history)", "access_token");
            ctx.skipRemainingHandlers();
            return;
        }
        Optional<String> header = Optional.ofNullable(ctx.header("Authorization"));
        Readers.Reader reader;
        Readers.Reader who = null; // whose a token is, when it does not open this question
        try {
            reader = header.isEmpty() && fromUrl != null ? readers.ofToken(fromUrl) : readers.of(header,
                    territoryAskedAbout(ctx.path(), ctx.queryParam("territory")));
            if (reader instanceof Readers.Refused) {
                who = readers.identify(header.isPresent() ? header : Optional.of("Bearer " + fromUrl));
            }
        } catch (RuntimeException e) {
            if (!QueryRouter.isUnavailable(e)) {
                throw e;
            }
            // a token that is not the viewer's nor the admin's may be a territory's: not told until their table is read
            reply(ctx, unavailable("the territories' tokens are not readable here yet; retry shortly"));
            ctx.skipRemainingHandlers();
            return;
        }
        if (who instanceof Readers.OwnTerritory own) {
            if (live) {
                // the stream carries network figures only, public to everyone: a territory's own token (an app that
                // sends it on every request) reads them as the public does
                ctx.attribute(AUDIENCE, Audience.PUBLIC);
                return;
            }
            if (ctx.path().startsWith(COUNTRIES_PREFIX)) {
                // a territory's token reads a country as the public does, its own territory exactly
                ctx.attribute(OWN_TERRITORY, own.territoryId());
                ctx.attribute(AUDIENCE, Audience.PUBLIC);
                return;
            }
            // a good token outside what it reads: 403, which an app does not take as "ask for a new token"
            error(ctx, 403, whatATerritorysTokenReads(own.territoryId()), null);
            ctx.skipRemainingHandlers();
            return;
        }
        if (reader instanceof Readers.Refused refused) {
            // wrong, replaced or revoked (who says so), or not a Bearer header at all
            String why = who instanceof Readers.Refused unknown ? unknown.reason() : refused.reason();
            ctx.header("WWW-Authenticate", "Bearer realm=\"together\"");
            error(ctx, 401, why + "; without a token, the public figures are open to read", null);
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.attribute(AUDIENCE, Readers.audienceOf(reader));
    }

    /** What a territory's token reads, said in a 403: the token is good, the question is outside it. */
    private static String whatATerritorysTokenReads(String territoryId) {
        return "this is the token of territory '" + territoryId + "', which reads its own territory's figures exactly, "
                + "under /api/v1/territories/" + territoryId + "/ (and its report, /api/v1/snapshots?territory="
                + territoryId + "&audience=internal), a country's figures with its own territory exact, and the live "
                + "stream; ask for anything else without a token, as the public reads it, or with the viewer or admin token";
    }

    /**
     * {@code GET /api/v1/reader}: who the {@code Authorization} header is, so that a page can say which figures it
     * shows and ask with the token only where it opens them: {@code public} (no token), {@code viewer} or {@code admin}
     * (every figure exact), {@code territory} with its {@code territoryId} and name (that territory's figures exact,
     * under {@code /api/v1/territories/{its id}/}; everything else is read without the token, as the public).
     * A wrong, replaced or revoked token is 401. The token itself is never in the answer.
     */
    private void reader(Context ctx) {
        Optional<String> authorization = Optional.ofNullable(ctx.header("Authorization"));
        Readers.Reader reader;
        try {
            reader = readers.identify(authorization);
        } catch (RuntimeException e) {
            if (!QueryRouter.isUnavailable(e)) {
                throw e;
            }
            reply(ctx, unavailable("the territories' tokens are not readable here yet; retry shortly"));
            return;
        }
        ctx.header("Cache-Control", "no-store");
        if (reader instanceof Readers.Refused refused) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"together\"");
            error(ctx, 401, refused.reason() + "; without a token, the public figures are open to read", null);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (reader instanceof Readers.OwnTerritory own) {
            body.put("reader", "territory");
            body.put("territoryId", own.territoryId());
            territoryName(own.territoryId()).ifPresent(name -> body.put("territoryName", name));
        } else if (reader instanceof Readers.Valid) {
            body.put("reader", readers.roleOf(authorization).map(r -> r.name().toLowerCase(java.util.Locale.ROOT)).orElse("viewer"));
        } else {
            body.put("reader", "public");
        }
        body.put("minPublishedCount", disclosure.minPublishedCount());
        ctx.status(200).contentType("application/json").result(toJson(body));
    }

    /** A registered territory's name, when the territories table can be read here now. */
    private Optional<String> territoryName(String territoryId) {
        try {
            return Optional.ofNullable(router.localStores().territories().get(territoryId))
                    .map(org.together.reference.Territory::getName);
        } catch (RuntimeException e) {
            if (QueryRouter.isUnavailable(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The territory of {@code /api/v1/territories/{id}/...}, or of a territory's report
     * ({@code /api/v1/snapshots?territory=id}): what its own token may read.
     */
    static Optional<String> territoryAskedAbout(String path, String territoryParameter) {
        if (path.equals(org.together.reports.snapshot.SnapshotRoutes.PATH)) {
            return Optional.ofNullable(territoryParameter).filter(t -> !t.isBlank());
        }
        String prefix = "/api/v1/territories/";
        if (!path.startsWith(prefix)) {
            return Optional.empty();
        }
        int end = path.indexOf('/', prefix.length());
        return end > prefix.length() ? Optional.of(path.substring(prefix.length(), end)) : Optional.empty();
    }

    // ---- JSON ----

    /** An answer already written as JSON (the whole public list: written once per decision, shared). */
    private record Written(byte[] body) {
    }

    private byte[] toJson(Object body) {
        if (body instanceof Written written) {
            return written.body();
        }
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
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 503 -> "Service Unavailable";
            default -> "HTTP " + status;
        });
        String said = org.together.http.ErrorBody.cut(message); // an id echoed as sent: not 5,000 characters back
        body.put("message", said);
        if (field != null) {
            body.put("errors", List.of(Map.of("field", field, "message", said)));
        }
        return new Answer(status, "application/json", toJson(body), Optional.empty(), Optional.of(router.self()));
    }

    private void error(Context ctx, int status, String message, String field) {
        Answer a = error(status, message, field);
        ctx.status(a.status()).contentType(a.contentType()).result(a.body());
    }
}
