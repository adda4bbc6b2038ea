package org.together.aggregation.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.together.aggregation.AggregationConfig;
import org.together.aggregation.AggregationStreamsService;
import org.together.aggregation.Poll;
import org.together.aggregation.dashboard.TerritoryTraffic;
import org.together.embedded.EmbeddedStack;
import org.together.embedded.kafka.FreePorts;
import org.together.figures.disclosure.DisclosureRule;

/**
 * Small territories read without a token (public) and with the viewer token (internal), through the real query API
 * over a real broker.
 */
class PublicAndInternalReadsTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String VIEWER = "viewer-" + RUN + "-of-24-chars-or-more";
    private static final String SMALL = "hamlet-" + RUN;
    private static final String BIG = "city-" + RUN;
    private static final String TOWN = "town-" + RUN;
    private static final String PILOT = "pilot-" + RUN;
    /** The hamlet's own token, as ingest gave it to its team. */
    private static final String HAMLET_TOKEN = "tgt_hamlet-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static AggregationStreamsService service;
    private static java.nio.file.Path stateDir;
    private static TerritoryTraffic traffic;
    /** The town's participants who discovered and started the pilot tool. */
    private static List<String> townPilots;

    @BeforeAll
    static void start() throws Exception {
        EmbeddedStack stack = EmbeddedStack.sharedForTests();
        stateDir = Files.createTempDirectory("public-reads-");
        service = new AggregationStreamsService(new AggregationConfig(stack.bootstrapServers(), stack.registryUrl(),
                "public-reads-" + RUN, "127.0.0.1", FreePorts.pick(), "127.0.0.1", stateDir,
                Optional.of(VIEWER), Optional.empty(), Map.of(), new DisclosureRule(5), Optional.empty(), Optional.empty()));
        service.start();
        traffic = new TerritoryTraffic(stack.bootstrapServers(), stack.registryUrl());
        traffic.territory(SMALL, "Hamlet", "FR", "village", 45.0, 4.0);
        traffic.territory(BIG, "Big City", "FR", "city", 45.7, 4.8);
        // Everyone joined before this quarter: no territory has new participants of the day, week, month or quarter,
        // whatever day the test runs (on 7 December the big city alone had 2 new in the month, a count only zeros
        // protect, which hides its whole family: PublicTerritoriesTest covers that rule).
        Instant beforeThisQuarter = Instant.now().minus(Duration.ofDays(120));
        traffic.history(SMALL, 3, 4.0, beforeThisQuarter);
        traffic.territory(TOWN, "Town", "FR", "municipality", 45.2, 4.2);
        traffic.history(BIG, 40, 6.0, beforeThisQuarter);
        List<String> town = traffic.history(TOWN, 12, 6.0, beforeThisQuarter);
        townPilots = town.subList(0, 3);
        for (String participant : townPilots) { // a tool only the town pilots, 3 of its participants
            traffic.toolUsed(TOWN, participant, PILOT, org.together.events.ToolStage.DISCOVERED, null, Instant.now());
            traffic.toolUsed(TOWN, participant, PILOT, org.together.events.ToolStage.STARTED, null, Instant.now());
        }
        meetingFigures();
        traffic.credential(SMALL, HAMLET_TOKEN, false);
        traffic.flush();
        // the ranked list is kept by the network's task, a moment after the territories' own figures
        Poll.until("figures readable within 90 s", Duration.ofSeconds(90), Duration.ofMillis(200),
                () -> ranked(SMALL, 3) && ranked(BIG, 40) && ranked(TOWN, 12) && meetingFiguresCounted());
        Thread.sleep(QueryEndpoints.PUBLIC_TERRITORIES_MS + 100); // the public table made meanwhile is renewed
    }

    @AfterAll
    static void stop() {
        if (traffic != null) {
            traffic.close();
        }
        if (service != null) {
            service.close();
        }
    }

    /**
     * Annex 1 evaluations of local energy approaches (a kind no other test sends): the hamlet 2, the town 6, the city
     * 12; footprints by domain; a target of the hamlet's and of the city's active participants.
     */
    private static void meetingFigures() {
        Instant recently = Instant.now().minus(Duration.ofDays(2));
        int[] evaluations = {2, 6, 12};
        String[] territories = {SMALL, TOWN, BIG};
        for (int t = 0; t < territories.length; t++) {
            for (int i = 0; i < evaluations[t]; i++) {
                traffic.approachEvaluated(territories[t], "energy-" + i, org.together.events.ApproachKind.LOCAL_ENERGY,
                        Map.of("short-circuits", 3 + i % 3), Map.of("relations", 4),
                        i % 2 == 0 ? java.util.List.of("direct-democracy") : java.util.List.of(), 1.0, recently);
            }
        }
        traffic.footprint(SMALL, SMALL + "-p0", breakdown(2.5), recently);
        for (int i = 0; i < 10; i++) {
            traffic.footprint(BIG, BIG + "-p" + i, breakdown(3.0 + i * 0.1), recently);
        }
        traffic.target(SMALL_TARGET, target(SMALL_TARGET, SMALL, 10));
        traffic.target(BIG_TARGET, target(BIG_TARGET, BIG, 100));
    }

    private static final String SMALL_TARGET = "hamlet-active-" + RUN;
    private static final String BIG_TARGET = "city-active-" + RUN;

    private static org.together.events.FootprintBreakdown breakdown(double tonnes) {
        return org.together.events.FootprintBreakdown.newBuilder().setFood(tonnes * 0.3).setHousing(tonnes * 0.25)
                .setMobility(tonnes * 0.2).setGoods(tonnes * 0.15).setPublicServices(tonnes * 0.1).build();
    }

    private static org.together.reference.Target target(String id, String territoryId, long value) {
        return org.together.reference.Target.newBuilder().setId(id).setMetric("participantsActive").setToolId(null)
                .setTerritoryId(territoryId).setValue(value).setDue(java.time.LocalDate.now().plusYears(1))
                .setUpdatedAt(Instant.now()).build();
    }

    private static boolean meetingFiguresCounted() throws Exception {
        JsonNode city = kind(get("/api/v1/territories/" + BIG + "/approaches", VIEWER));
        JsonNode hamlet = kind(get("/api/v1/territories/" + SMALL + "/approaches", VIEWER));
        JsonNode town = kind(get("/api/v1/territories/" + TOWN + "/approaches", VIEWER));
        JsonNode targets = get("/api/v1/targets", VIEWER);
        return city != null && city.get("evaluations").asLong() == 12 && hamlet != null
                && hamlet.get("evaluations").asLong() == 2 && town != null && town.get("evaluations").asLong() == 6
                && get("/api/v1/territories/" + BIG + "/footprint", VIEWER).at("/domains/0/assessments").asLong() >= 10
                && target(targets, SMALL_TARGET) != null && target(targets, BIG_TARGET) != null
                && pilot(get("/api/v1/territories/" + TOWN + "/tools", VIEWER)).path("starts").asLong() == 3;
    }

    /** The local energy approaches of an answer, or null. */
    private static JsonNode kind(JsonNode approaches) {
        for (JsonNode kind : approaches.path("approaches")) {
            if (kind.get("approachKind").asText().equals("local-energy")) {
                return kind;
            }
        }
        return null;
    }

    /** The pilot tool's line of a tools answer, or a missing node. */
    private static JsonNode pilot(JsonNode tools) {
        for (JsonNode tool : tools.path("tools")) {
            if (tool.get("toolId").asText().equals(PILOT)) {
                return tool;
            }
        }
        return JSON.missingNode();
    }

    private static JsonNode target(JsonNode targets, String id) {
        for (JsonNode t : targets) {
            if (t.path("targetId").asText().equals(id)) {
                return t;
            }
        }
        return null;
    }

    private static boolean ranked(String territory, long active) throws Exception {
        for (JsonNode line : get("/api/v1/territories", VIEWER)) {
            if (line.get("territoryId").asText().equals(territory)) {
                return line.get("participantsActive").asLong() == active;
            }
        }
        return false;
    }

    private static HttpResponse<String> request(String path, String token) throws Exception {
        return request(service, path, token);
    }

    private static HttpResponse<String> request(AggregationStreamsService instance, String path, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.port() + path));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(String path, String token) throws Exception {
        HttpResponse<String> response = request(path, token);
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createObjectNode();
    }

    @Test
    void theServiceAnswersNoGrowthPeriodAfterTodayAndWritesEveryFractionAsAPlainDecimal() throws Exception {
        java.time.LocalDate nextYear = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusYears(1).withDayOfYear(1);
        HttpResponse<String> future = request("/api/v1/network/growth?interval=month&from=" + nextYear + "&to="
                + nextYear.plusMonths(2), null);
        assertThat(future.statusCode()).isEqualTo(200);
        assertThat(future.body()).as("months that have not happened").isEqualTo("[]");
        JsonNode thisMonth = get("/api/v1/network/growth?interval=month", null);
        JsonNode current = thisMonth.get(thisMonth.size() - 1);
        assertThat(current.get("start").asText()).isEqualTo(java.time.LocalDate.now(java.time.ZoneOffset.UTC).withDayOfMonth(1).toString());
        assertThat(current.has("returningParticipants")).isTrue();

        java.util.regex.Pattern fraction = java.util.regex.Pattern.compile(
                "\"(\\w*Rate|meanRating|meanScore|meanTonnes|shareUnder2t|weekOverWeek|quarterOverQuarter)\":([^,}\\]]+)");
        for (String path : java.util.List.of("/api/v1/network/summary", "/api/v1/territories/" + BIG + "/summary",
                "/api/v1/territories/" + BIG + "/tools")) {
            for (String token : java.util.Arrays.asList(null, VIEWER)) {
                String body = request(path, token).body();
                assertThat(body).as(path + ": no exponent").doesNotContainPattern("[:,\\[]-?\\d+(\\.\\d+)?[eE][-+]?\\d");
                java.util.regex.Matcher m = fraction.matcher(body);
                int seen = 0;
                while (m.find()) {
                    seen++;
                    assertThat(m.group(2)).as(path + " " + m.group(1)).matches("null|-?\\d+\\.\\d+");
                }
                assertThat(seen).as(path + ": fractions found").isPositive();
            }
        }
    }

    @Test
    void aPublicReadOfATerritoryOfThreeParticipantsHidesTheCountAndSaysSo() throws Exception {
        JsonNode summary = get("/api/v1/territories/" + SMALL + "/summary", null);
        assertThat(summary.get("participantsActive").isNull()).isTrue();
        assertThat(summary.get("participantsEver").isNull()).isTrue();
        assertThat(summary.get("suppressed")).extracting(JsonNode::asText).contains("participantsActive", "participantsEver");
        assertThat(summary.get("minPublishedCount").asInt()).isEqualTo(5);
        assertThat(summary.get("audience").asText()).isEqualTo("public");
        assertThat(summary.at("/footprint/meanTonnes").isNull()).as("a mean of at most 3 assessments").isTrue();
        if (get("/api/v1/territories/" + SMALL + "/summary", VIEWER).at("/footprint/assessments").asLong() > 0) {
            assertThat(summary.at("/footprint/suppressed")).extracting(JsonNode::asText).contains("assessments", "meanTonnes");
        }
    }

    @Test
    void theViewerTokenReadsTheSameTerritoryExactly() throws Exception {
        JsonNode summary = get("/api/v1/territories/" + SMALL + "/summary", VIEWER);
        assertThat(summary.get("participantsActive").asLong()).isEqualTo(3);
        assertThat(summary.has("suppressed")).isFalse();
        JsonNode growth = get("/api/v1/territories/" + SMALL + "/growth", VIEWER);
        assertThat(growth.isArray()).isTrue();
    }

    @Test
    void aBigTerritoryIsPublishedExactlyToThePublicAndTheNextSmallestIsHiddenWithTheSmallOne() throws Exception {
        JsonNode summary = get("/api/v1/territories/" + BIG + "/summary", null);
        assertThat(summary.get("participantsEver").asLong()).isEqualTo(40);
        assertThat(summary.get("suppressed")).extracting(JsonNode::asText).doesNotContain("participantsEver");
        assertThat(get("/api/v1/territories/" + SMALL + "/summary", null).get("participantsEver").isNull()).isTrue();
        // the shared broker's network holds other test classes' territories: when none of them has a small count to
        // hide with the hamlet's 3, the town's 12 (the next smallest) is its partner
        boolean otherSmall = false;
        for (JsonNode line : get("/api/v1/territories", VIEWER)) {
            long ever = line.path("participantsEver").asLong();
            otherSmall |= !line.path("territoryId").asText().equals(SMALL) && ever >= 1 && ever <= 4;
        }
        if (!otherSmall) {
            JsonNode town = get("/api/v1/territories/" + TOWN + "/summary", null);
            assertThat(town.get("participantsEver").isNull()).as("else the network's total less 40 gives the hamlet's 3").isTrue();
        }
    }

    @Test
    void theRankedListHidesTheSmallTerritoryAndNothingHiddenCanBeWorkedOutFromTheNetworkTotals() throws Exception {
        JsonNode lines = get("/api/v1/territories", null);
        JsonNode network = get("/api/v1/network/summary", null);
        JsonNode small = null;
        for (JsonNode line : lines) {
            if (line.get("territoryId").asText().equals(SMALL)) {
                small = line;
            }
        }
        assertThat(small).isNotNull();
        assertThat(small.get("participantsActive").isNull()).isTrue();
        for (String column : new String[] {"participantsActive", "participantsEver", "evaluations", "assessments"}) {
            long published = 0;
            long hidden = 0;
            for (JsonNode line : lines) {
                if (line.get(column).isNull()) {
                    hidden++;
                } else {
                    published += line.get(column).asLong();
                }
            }
            long rest = network.at(networkPath(column)).asLong() - published;
            if (hidden > 0) {
                assertThat(hidden).as("%s: suppressed territories", column).isGreaterThanOrEqualTo(2);
                assertThat(rest).as("%s: what the suppressed territories add up to", column).isGreaterThanOrEqualTo(5).isGreaterThan(hidden);
            }
        }
    }

    private static String networkPath(String column) {
        return switch (column) {
            case "evaluations" -> "/wellbeing/evaluations";
            case "assessments" -> "/footprint/assessments";
            default -> "/" + column;
        };
    }

    @Test
    void aTerritorysSeriesAndPastDaysAreForTheCoordinationTeam() throws Exception {
        assertThat(request("/api/v1/territories/" + BIG + "/growth", null).statusCode()).isEqualTo(401);
        assertThat(request("/api/v1/territories/" + BIG + "/summary?asOf=2021-07-10", null).statusCode()).isEqualTo(401);
        assertThat(request("/api/v1/territories?asOf=2021-07-10", null).statusCode()).isEqualTo(401);
        assertThat(request("/api/v1/network/summary?asOf=2021-07-10", null).statusCode()).as("the network's are public").isEqualTo(200);
        assertThat(request("/api/v1/territories/" + BIG + "/growth", VIEWER).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownTerritoryIs404ForThePublicToo() throws Exception {
        HttpResponse<String> response = request("/api/v1/territories/nowhere-" + RUN + "/summary", null);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("nowhere-" + RUN);
    }

    /**
     * A restarted instance answers from the last figures it kept before it reaches Kafka: the public reads the
     * figures it was given, small counts hidden, never the exact ones kept for the coordination team; a question
     * answered only to the team, or under another k, has nothing kept for the public.
     */
    @Test
    void aRestartedInstanceServesThePublicOnlyItsSuppressedLastFigures() throws Exception {
        String summary = "/api/v1/territories/" + SMALL + "/summary";
        String tools = "/api/v1/territories/" + SMALL + "/tools";
        assertThat(get(summary, null).get("participantsActive").isNull()).isTrue();
        assertThat(get(summary, VIEWER).get("participantsActive").asLong()).isEqualTo(3);
        assertThat(request(tools, VIEWER).statusCode()).as("asked by the team only").isEqualTo(200);
        java.nio.file.Path kept = stateDir.resolve(LastFigures.FILE_NAME);
        Poll.until("the last figures saved within 30 s", Duration.ofSeconds(30), Duration.ofMillis(200), // saved every 2 s
                () -> Files.exists(kept) && Files.readString(kept).contains(tools + " internal"));
        java.nio.file.Path restartedState = Files.createTempDirectory("public-reads-restarted-");
        Files.copy(kept, restartedState.resolve(LastFigures.FILE_NAME));

        // Kafka is never reached: nothing listens at this address
        String noKafka = "127.0.0.1:" + FreePorts.pick();
        try (AggregationStreamsService restarted = new AggregationStreamsService(new AggregationConfig(noKafka,
                "http://" + noKafka, "public-reads-" + RUN, "127.0.0.1", FreePorts.pick(), "127.0.0.1", restartedState,
                Optional.of(VIEWER), Optional.empty(), Map.of(), new DisclosureRule(5), Optional.empty(), Optional.empty()));
             AggregationStreamsService stricter = new AggregationStreamsService(new AggregationConfig(noKafka,
                "http://" + noKafka, "public-reads-" + RUN, "127.0.0.1", FreePorts.pick(), "127.0.0.1", restartedState,
                Optional.of(VIEWER), Optional.empty(), Map.of(), new DisclosureRule(10), Optional.empty(), Optional.empty()))) {
            restarted.serve();

            HttpResponse<String> publicRead = request(restarted, summary, null);
            assertThat(publicRead.statusCode()).isEqualTo(200);
            assertThat(publicRead.headers().firstValue(LastFigures.RESTORING_HEADER)).as("from the last figures").isPresent();
            JsonNode publicFigures = JSON.readTree(publicRead.body());
            assertThat(publicFigures.get("restoring").asBoolean()).isTrue();
            assertThat(publicFigures.get("audience").asText()).isEqualTo("public");
            assertThat(publicFigures.get("participantsActive").isNull()).as("3 participants stay hidden").isTrue();
            assertThat(publicFigures.get("suppressed")).extracting(JsonNode::asText).contains("participantsActive");

            JsonNode teamFigures = JSON.readTree(request(restarted, summary, VIEWER).body());
            assertThat(teamFigures.get("restoring").asBoolean()).isTrue();
            assertThat(teamFigures.get("participantsActive").asLong()).as("the team's kept figures are exact").isEqualTo(3);

            HttpResponse<String> publicTools = request(restarted, tools, null);
            assertThat(publicTools.statusCode()).as("nothing kept for the public: the team's answer is not served").isEqualTo(503);
            assertThat(request(restarted, tools, VIEWER).statusCode()).isEqualTo(200);

            stricter.serve();
            assertThat(request(stricter, summary, null).statusCode())
                    .as("figures published under k = 5 are not served under k = 10").isEqualTo(503);
        } finally {
            try (var files = Files.walk(restartedState)) {
                for (java.nio.file.Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /**
     * Review 19, finding 2: every target and a country's growth series are put together here from the targets and
     * territories tables, which a restarted instance reads only once they are restored: they answered 503 for 23-71 s
     * while every other question was answered from the last figures. Now they are too, each reader's answer kept apart.
     */
    @Test
    void aRestartedInstanceServesEveryTargetAndACountrysGrowthFromItsLastFiguresEachReaderItsOwn() throws Exception {
        String targets = "/api/v1/targets";
        String growth = "/api/v1/countries/FR/growth?interval=month";
        HttpResponse<String> publicTargets = request(targets, null);
        HttpResponse<String> teamTargets = request(targets, VIEWER);
        HttpResponse<String> teamGrowth = request(growth, VIEWER);
        for (HttpResponse<String> live : List.of(publicTargets, teamTargets, teamGrowth)) {
            assertThat(live.statusCode()).as(live.uri() + " " + live.body()).isEqualTo(200);
        }
        // a question asked after them: once its answer is saved (every 2 s), whatever was kept before it is too
        String marker = "/api/v1/network/tools";
        Instant markerAsked = Instant.now();
        assertThat(request(marker, VIEWER).statusCode()).isEqualTo(200);
        java.nio.file.Path kept = stateDir.resolve(LastFigures.FILE_NAME);
        Poll.until("the last figures saved within 30 s", Duration.ofSeconds(30), Duration.ofMillis(200), () -> {
            JsonNode saved = keptAnswer(kept, marker + " internal");
            return saved != null && !Instant.parse(saved.get("computedAt").asText()).isBefore(markerAsked);
        });
        java.nio.file.Path restartedState = Files.createTempDirectory("public-reads-restarted-targets-");
        Files.copy(kept, restartedState.resolve(LastFigures.FILE_NAME));

        String noKafka = "127.0.0.1:" + FreePorts.pick(); // never reached: the targets and territories are never readable
        try (AggregationStreamsService restarted = new AggregationStreamsService(new AggregationConfig(noKafka,
                "http://" + noKafka, "public-reads-" + RUN, "127.0.0.1", FreePorts.pick(), "127.0.0.1", restartedState,
                Optional.of(VIEWER), Optional.empty(), Map.of(), new DisclosureRule(5), Optional.empty(), Optional.empty()))) {
            restarted.serve();
            Map<String, HttpResponse<String>> liveBefore = Map.of("public " + targets, publicTargets,
                    "team " + targets, teamTargets, "team " + growth, teamGrowth);
            for (Map.Entry<String, HttpResponse<String>> before : liveBefore.entrySet()) {
                String path = before.getKey().substring(before.getKey().indexOf(' ') + 1);
                HttpResponse<String> r = request(restarted, path, before.getKey().startsWith("team") ? VIEWER : null);
                assertThat(r.statusCode()).as(before.getKey() + ": " + r.body()).isEqualTo(200);
                assertThat(r.headers().firstValue(LastFigures.RESTORING_HEADER)).as("from the last figures").isPresent();
                assertThat(r.headers().firstValue(LastFigures.REASON_HEADER)).hasValue("starting");
                assertThat(JSON.readTree(r.body())).as(before.getKey() + " as answered before the restart")
                        .isEqualTo(JSON.readTree(before.getValue().body()));
            }
            JsonNode publicHamlet = target(JSON.readTree(request(restarted, targets, null).body()), SMALL_TARGET);
            assertThat(publicHamlet.get("current").isNull()).as("the public is served its own kept answer").isTrue();
            JsonNode teamHamlet = target(JSON.readTree(request(restarted, targets, VIEWER).body()), SMALL_TARGET);
            assertThat(teamHamlet.get("current").asLong()).as("the team's kept answer is exact").isEqualTo(3);
            assertThat(request(restarted, growth, null).statusCode()).as("still the team's only").isEqualTo(401);
            HttpResponse<String> neverAsked = request(restarted, "/api/v1/countries/FR/growth?interval=day", VIEWER);
            assertThat(neverAsked.statusCode()).as("a question never answered has nothing kept").isEqualTo(503);
            assertThat(neverAsked.headers().firstValue("Retry-After")).hasValue("1");
        } finally {
            try (var files = Files.walk(restartedState)) {
                for (java.nio.file.Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /**
     * Review 14, finding 2: the network summary computed for the team is kept for the public too, as the public reads
     * it, so the public's last figures move while only the team reads; finding 6: served from them, an answer says
     * why, and "restoring" is not what it says while Kafka is away.
     */
    @Test
    void theTeamsReadsKeepThePublicsLastNetworkSummaryMovingAndARestartSaysWhyItServesThem() throws Exception {
        String network = "/api/v1/network/summary";
        assertThat(request(network, null).statusCode()).as("the public asked once").isEqualTo(200);
        Thread.sleep(QueryEndpoints.UNMOVED_SUMMARY_MS + 200); // the shared summary is computed again at the next question
        Instant teamRead = Instant.now();
        JsonNode team = get(network, VIEWER);
        Instant lastEvent = Instant.parse(team.get("lastEventAt").asText());
        java.nio.file.Path kept = stateDir.resolve(LastFigures.FILE_NAME);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonNode publicKept = keptAnswer(kept, network + " public k=5");
        while (publicKept == null || Instant.parse(publicKept.get("computedAt").asText()).isBefore(teamRead)) { // saved every 2 s
            assertThat(System.nanoTime()).as("the public's kept network summary moved with the team's read, within 15 s")
                    .isLessThan(deadline);
            Thread.sleep(200);
            publicKept = keptAnswer(kept, network + " public k=5");
        }
        JsonNode publicFigures = JSON.readTree(publicKept.get("body").asText());
        assertThat(publicFigures.get("participantsEver")).isEqualTo(team.get("participantsEver"));
        assertThat(publicFigures.get("lastEventAt").asText()).as("kept as the public reads it: the last event's day")
                .isEqualTo(lastEvent.truncatedTo(java.time.temporal.ChronoUnit.DAYS).toString());

        java.nio.file.Path restartedState = Files.createTempDirectory("public-reads-kafka-away-");
        Files.copy(kept, restartedState.resolve(LastFigures.FILE_NAME));
        String noKafka = "127.0.0.1:" + FreePorts.pick(); // nothing listens there: Kafka is away
        // Kafka Streams gives up its start after a second here (else it waits 5 minutes for its global table)
        Map<String, String> giveUpSoon = Map.of("default.api.timeout.ms", "1000", "request.timeout.ms", "1000",
                "task.timeout.ms", "1000");
        try (AggregationStreamsService restarted = new AggregationStreamsService(new AggregationConfig(noKafka,
                "http://" + noKafka, "public-reads-away-" + RUN, "127.0.0.1", FreePorts.pick(), "127.0.0.1", restartedState,
                Optional.of(VIEWER), Optional.empty(), giveUpSoon, new DisclosureRule(5), Optional.empty(), Optional.empty()))) {
            restarted.serve();
            HttpResponse<String> starting = request(restarted, network, null);
            assertThat(starting.statusCode()).isEqualTo(200);
            assertThat(Instant.parse(starting.headers().firstValue(LastFigures.RESTORING_HEADER).orElseThrow()))
                    .as("the public is served the figures of the team's last read").isAfterOrEqualTo(teamRead);
            assertThat(starting.headers().firstValue(LastFigures.REASON_HEADER)).hasValue("starting");
            assertThat(JSON.readTree(starting.body()).get("lastEventAt").asText()).endsWith("T00:00:00Z");

            // Kafka Streams' start waits for Kafka meanwhile
            Thread connecting = new Thread(() -> {
                try {
                    restarted.start();
                } catch (RuntimeException e) {
                    // closed while waiting for Kafka
                }
            }, "start-without-kafka");
            connecting.setDaemon(true);
            connecting.start();
            HttpResponse<String> away = request(restarted, network, VIEWER);
            long lookedAt = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!away.headers().firstValue(LastFigures.REASON_HEADER).orElse("").equals("kafka-unreachable")) {
                assertThat(System.nanoTime()).as("said within 20 s: " + away.headers().map()).isLessThan(lookedAt);
                Thread.sleep(200);
                away = request(restarted, network, VIEWER);
            }
            JsonNode awayFigures = JSON.readTree(away.body());
            assertThat(awayFigures.get("restoring").asBoolean()).as("served from the last figures").isTrue();
            assertThat(awayFigures.get("lastFiguresReason").asText()).isEqualTo("kafka-unreachable");
            assertThat(awayFigures.get("lastEventAt").asText()).as("the team's kept copy is exact").isEqualTo(lastEvent.toString());
        } finally {
            try (var files = Files.walk(restartedState)) {
                for (java.nio.file.Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** The kept answer to {@code question} in the last figures' file ({@code computedAt}, {@code body}), or null. */
    private static JsonNode keptAnswer(java.nio.file.Path file, String question) throws Exception {
        if (!Files.exists(file)) {
            return null;
        }
        for (JsonNode answer : JSON.readTree(file.toFile()).path("answers")) {
            if (answer.path("question").asText().equals(question)) {
                return answer;
            }
        }
        return null;
    }

    /**
     * Review 14, finding 6: the network's public last event was exact to the second, one person's join time when one
     * event came today; it is given to the day, as a territory's, in the answer, any day's, and the live stream.
     */
    @Test
    void theNetworksPublicLastEventIsGivenToTheDayAndTheTeamsToTheInstant() throws Exception {
        Instant exact = Instant.parse(get("/api/v1/network/summary", VIEWER).get("lastEventAt").asText());
        String day = exact.truncatedTo(java.time.temporal.ChronoUnit.DAYS).toString();
        assertThat(exact.toString()).as("an event time of day").isNotEqualTo(day);
        assertThat(get("/api/v1/network/summary", null).get("lastEventAt").asText()).isEqualTo(day);
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        assertThat(get("/api/v1/network/summary?asOf=" + today, null).get("lastEventAt").asText()).isEqualTo(day);
        assertThat(get("/api/v1/network/summary?asOf=" + today, VIEWER).get("lastEventAt").asText()).isEqualTo(exact.toString());
        assertThat(firstLiveSummary(null).get("lastEventAt").asText()).as("the public's live stream").isEqualTo(day);
        assertThat(firstLiveSummary(VIEWER).get("lastEventAt").asText()).as("the team's live stream").isEqualTo(exact.toString());
    }

    /**
     * The dashboard reads a live event as "the figures moved" and asks its panels again (a territory's, the meeting's),
     * which the summary does not hold: a public listener is told too when its own summary reads the same. Here the town
     * discovers its pilot tool again: no count moves, only the network's last event, which the public reads to the day.
     */
    @Test
    void everyListenerIsToldWhenTheNetworksFiguresMovedEvenWhenItsOwnSummaryReadsTheSame() throws Exception {
        try (LiveListener team = LiveListener.open(VIEWER); LiveListener everyone = LiveListener.open(null)) {
            JsonNode teamBefore = team.quiet();
            JsonNode publicBefore = everyone.quiet();
            traffic.toolUsed(TOWN, townPilots.get(0), PILOT, org.together.events.ToolStage.DISCOVERED, null, Instant.now());
            traffic.flush();
            JsonNode teamAfter = team.next();
            JsonNode publicAfter = everyone.next();
            assertThat(teamAfter.get("lastEventAt")).as("the team reads the new last event").isNotEqualTo(teamBefore.get("lastEventAt"));
            assertThat(publicAfter.get("lastEventAt")).as("the public, to the day").isEqualTo(publicBefore.get("lastEventAt"));
            assertThat(publicAfter.get("tools")).as("no count moved").isEqualTo(publicBefore.get("tools"));
        }
    }

    /**
     * Review 17, finding 8: the live stream carries the network's figures only, which are public: a territory's own
     * token (an app that sends it on every request, as a header or as {@code access_token}) opens it and reads exactly
     * the public's summary, its last event to the day; it was refused (401), which a browser's EventSource takes as
     * final. A wrong token is still refused.
     */
    @Test
    void aTerritorysOwnTokenOpensTheLiveStreamWithThePublicsSummaryAndAWrongTokenIsRefused() throws Exception {
        waitFor(() -> get("/api/v1/reader", HAMLET_TOKEN), r -> r.has("reader")); // the token's hash is read here
        assertThat(liveStatus("?access_token=" + HAMLET_TOKEN, null)).as("the hamlet's token in the URL").isEqualTo(200);
        assertThat(liveStatus("", HAMLET_TOKEN)).as("the hamlet's token as a header").isEqualTo(200);
        // the same summary as the public's (read again if the figures moved between the two reads)
        Poll.until("the hamlet's live summary equal to the public's", Duration.ofSeconds(30), Duration.ofMillis(200), () -> {
            JsonNode everyone = withoutAsOf(firstLiveSummary(null));
            return everyone.equals(withoutAsOf(firstLiveSummary("?access_token=" + HAMLET_TOKEN, null)))
                    && everyone.equals(withoutAsOf(firstLiveSummary("", HAMLET_TOKEN)))
                    && everyone.equals(withoutAsOf(firstLiveSummary(null)));
        });
        Instant lastEvent = Instant.parse(firstLiveSummary("", HAMLET_TOKEN).get("lastEventAt").asText());
        assertThat(lastEvent).as("to the day").isEqualTo(lastEvent.truncatedTo(java.time.temporal.ChronoUnit.DAYS));

        String wrong = "tgt_hamlet-" + UUID.randomUUID();
        assertThat(liveStatus("?access_token=" + wrong, null)).as("a wrong token in the URL").isEqualTo(401);
        assertThat(liveStatus("", wrong)).as("a wrong token as a header").isEqualTo(401);
    }

    private static JsonNode withoutAsOf(JsonNode summary) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) summary).remove("asOf");
        return summary;
    }

    /** A live stream read on its own thread: each summary it sends, in order. */
    private static final class LiveListener implements AutoCloseable {
        private final java.util.concurrent.BlockingQueue<JsonNode> summaries = new java.util.concurrent.LinkedBlockingQueue<>();
        private final java.io.InputStream body;

        private LiveListener(java.io.InputStream body) {
            this.body = body;
            Thread reader = new Thread(() -> {
                try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(body, java.nio.charset.StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        if (line.startsWith("data:")) {
                            summaries.add(JSON.readTree(line.substring(5).trim()));
                        }
                    }
                } catch (java.io.IOException closed) {
                    // closed by the test
                }
            }, "live-listener");
            reader.setDaemon(true);
            reader.start();
        }

        static LiveListener open(String token) throws Exception {
            String query = token == null ? "" : "?access_token=" + token;
            return new LiveListener(HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + service.port() + LiveSummaries.PATH + query))
                    .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream()).body());
        }

        /** The last summary sent once the stream has been quiet for 2 s (a change under way is sent meanwhile). */
        JsonNode quiet() throws InterruptedException {
            JsonNode last = next();
            for (JsonNode more; (more = summaries.poll(2, java.util.concurrent.TimeUnit.SECONDS)) != null; ) {
                last = more;
            }
            return last;
        }

        /** The next summary sent, within 30 s. */
        JsonNode next() throws InterruptedException {
            JsonNode summary = summaries.poll(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(summary).as("a summary sent within 30 s").isNotNull();
            return summary;
        }

        @Override
        public void close() throws java.io.IOException {
            body.close();
        }
    }

    /** The summary the live stream sends first on connecting, the token (if any) as {@code access_token}. */
    private static JsonNode firstLiveSummary(String token) throws Exception {
        return firstLiveSummary(token == null ? "" : "?access_token=" + token, null);
    }

    /** The live stream opened with this query string and {@code Authorization: Bearer <bearer>} (if any). */
    private static HttpResponse<java.io.InputStream> openLive(String query, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + service.port() + LiveSummaries.PATH + query))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static int liveStatus(String query, String bearer) throws Exception {
        HttpResponse<java.io.InputStream> response = openLive(query, bearer);
        response.body().close();
        return response.statusCode();
    }

    private static JsonNode firstLiveSummary(String query, String bearer) throws Exception {
        HttpResponse<java.io.InputStream> response = openLive(query, bearer);
        assertThat(response.statusCode()).as("the live stream%s opens", query).isEqualTo(200);
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(response.body(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data:")) {
                    return JSON.readTree(line.substring(5).trim());
                }
            }
        }
        throw new AssertionError("the live stream sent no summary");
    }

    @Test
    void aTerritorysApproachesHideSmallCountsFromThePublicAndTheNextSmallestWithThem() throws Exception {
        JsonNode hamlet = kind(get("/api/v1/territories/" + SMALL + "/approaches", null));
        for (String field : new String[] {"evaluations", "approaches", "tonnesCo2eAvoidedPerYear"}) {
            assertThat(hamlet.get(field).isNull()).as(field).isTrue();
        }
        assertThat(hamlet.at("/meanScores/short-circuits").isNull()).as("a mean of 2 scores").isTrue();
        assertThat(hamlet.at("/keyElementShares/direct-democracy").isNull()).as("a share of 2 evaluations").isTrue();
        assertThat(hamlet.get("suppressed")).extracting(JsonNode::asText).contains("evaluations", "approaches",
                "tonnesCo2eAvoidedPerYear", "meanScores.short-circuits", "keyElementShares.direct-democracy");
        assertThat(hamlet.get("minPublishedCount").asInt()).isEqualTo(5);
        assertThat(get("/api/v1/territories/" + SMALL + "/approaches", null).get("audience").asText()).isEqualTo("public");

        JsonNode town = kind(get("/api/v1/territories/" + TOWN + "/approaches", null));
        assertThat(town.get("evaluations").isNull()).as("else the network's 20 less the city's 12 gives the hamlet's 2").isTrue();
        assertThat(town.get("approaches").isNull()).isTrue();

        JsonNode city = kind(get("/api/v1/territories/" + BIG + "/approaches", null));
        assertThat(city.get("evaluations").asLong()).isEqualTo(12);
        assertThat(city.get("approaches").asLong()).isEqualTo(12);
        assertThat(city.at("/meanScores/short-circuits").asDouble()).isEqualTo(4.0);
        // the network's share (10 of 20) less the city's 6 of 12 would leave the hamlet and the town 4 evaluations that
        // named direct democracy, and 4 that did not: under 5 together (review 17), so the city's share is hidden too
        assertThat(city.get("keyElementShares").get("direct-democracy").isNull()).isTrue();
        assertThat(city.get("suppressed")).extracting(JsonNode::asText).containsExactly("keyElementShares.direct-democracy");

        JsonNode exact = kind(get("/api/v1/territories/" + SMALL + "/approaches", VIEWER));
        assertThat(exact.get("evaluations").asLong()).as("the coordination team reads the exact count").isEqualTo(2);
        assertThat(exact.at("/meanScores/short-circuits").asDouble()).isEqualTo(3.5);
        assertThat(exact.has("suppressed")).isFalse();
    }

    /**
     * A tool only the town piloted, 3 participants: the network publishes its 3, and every territory's public answers
     * list it with its starts hidden, the town's and the others' alike, so no one of them is the network's 3.
     */
    @Test
    void aToolOneTerritoryAlonePilotedIsListedHiddenByEveryTerritoryAndTheNetworkPublishesItsTotal() throws Exception {
        assertThat(pilot(get("/api/v1/network/tools", null)).path("starts").asLong()).as("the network's figure").isEqualTo(3);
        JsonNode town = pilot(get("/api/v1/territories/" + TOWN + "/tools", null));
        for (String territory : new String[] {TOWN, BIG}) {
            JsonNode pilot = pilot(get("/api/v1/territories/" + territory + "/tools", null));
            assertThat(pilot.path("starts").isNull()).as("%s lists the pilot, its starts hidden: %s", territory, pilot).isTrue();
            assertThat(pilot.get("suppressed")).extracting(JsonNode::asText).as(territory).contains("starts", "discovered");
            assertThat(pilot.get("minPublishedCount").asInt()).isEqualTo(5);
            assertThat(pilot).as("%s's line reads as the town's", territory).isEqualTo(town);
        }
        // the hamlet's summary (its tools answer is left unasked by the public: the restart test needs it so)
        JsonNode hamlet = pilot(get("/api/v1/territories/" + SMALL + "/summary", null));
        assertThat(hamlet.path("starts").isNull()).as("the hamlet's summary lists the pilot hidden: %s", hamlet).isTrue();
        assertThat(hamlet).isEqualTo(pilot(get("/api/v1/territories/" + TOWN + "/summary", null)));
        assertThat(pilot(get("/api/v1/territories/" + BIG + "/tools", VIEWER)).isMissingNode())
                .as("the coordination team reads that the city never used it").isTrue();
    }

    @Test
    void aTerritorysFootprintByDomainHidesAFewAssessmentsFromThePublic() throws Exception {
        JsonNode hamlet = get("/api/v1/territories/" + SMALL + "/footprint", null);
        assertThat(hamlet.get("assessments").isNull()).isTrue();
        assertThat(hamlet.get("meanTonnes").isNull()).isTrue();
        for (JsonNode domain : hamlet.get("domains")) {
            assertThat(domain.get("meanTonnes").isNull()).as(domain.toString()).isTrue();
        }
        assertThat(hamlet.get("suppressed")).extracting(JsonNode::asText).contains("assessments", "meanTonnes",
                "domains.food.meanTonnes", "domains.food.assessments");
        JsonNode city = get("/api/v1/territories/" + BIG + "/footprint", null);
        assertThat(city.at("/domains/0/domain").asText()).isEqualTo("food");
        // the city's food assessments are the partner of the hamlet's few in the food column: its mean of at least 10
        // is hidden with them, since mean times count is a sum (review 13)
        assertThat(city.at("/domains/0/assessments").isNull()).as("the partner: %s", city).isTrue();
        assertThat(city.at("/domains/0/meanTonnes").isNull()).as("the partner's mean: %s", city).isTrue();
        assertThat(city.get("suppressed")).extracting(JsonNode::asText).contains("domains.food.assessments",
                "domains.food.meanTonnes");
        JsonNode exact = get("/api/v1/territories/" + SMALL + "/footprint", VIEWER);
        assertThat(exact.get("assessments").asLong()).isPositive();
        assertThat(exact.at("/domains/0/meanTonnes").isNumber()).isTrue();
    }

    @Test
    void aTerritorysTargetIsPublishedAsFarAsItsPublicFigureOfTheMetricIs() throws Exception {
        for (String path : new String[] {"/api/v1/targets", "/api/v1/territories/" + SMALL + "/targets"}) {
            JsonNode hamlet = target(get(path, null), SMALL_TARGET);
            assertThat(hamlet).as(path).isNotNull();
            assertThat(hamlet.get("value").asLong()).as("the meeting's target is not a count of people").isEqualTo(10);
            for (String field : new String[] {"current", "progress", "requiredPerWeek", "projectedAtDue", "onTrack", "trend"}) {
                assertThat(hamlet.get(field).isNull()).as(path + " " + field).isTrue();
            }
            assertThat(hamlet.get("suppressed")).extracting(JsonNode::asText).contains("current", "progress", "trend");
            assertThat(hamlet.get("minPublishedCount").asInt()).isEqualTo(5);
        }
        JsonNode city = target(get("/api/v1/targets", null), BIG_TARGET);
        assertThat(city.get("current").asLong()).isEqualTo(40);
        assertThat(city.get("progress").asDouble()).isEqualTo(0.4);
        assertThat(city.get("trend").isNull()).as("a territory's weekly values are a series: for the team").isTrue();

        JsonNode exact = target(get("/api/v1/targets", VIEWER), SMALL_TARGET);
        assertThat(exact.get("current").asLong()).isEqualTo(3);
        assertThat(exact.get("trend").isArray()).isTrue();
        assertThat(exact.has("suppressed")).isFalse();
        assertThat(request("/api/v1/targets?asOf=2021-07-10", null).statusCode()).as("a past day: for the team").isEqualTo(401);
    }

    @Test
    void aTargetOfATerritoryTheFiguresDoNotKnowIsListedWithoutProgressAndTheOthersStillAnswer() throws Exception {
        String ghost = "ghost-" + RUN;
        String ghostTarget = "ghost-active-" + RUN;
        traffic.target(ghostTarget, target(ghostTarget, ghost, 10)); // neither registered nor seen in any event
        traffic.flush();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            HttpResponse<String> internal = request("/api/v1/targets", VIEWER);
            while (!internal.body().contains(ghostTarget) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                internal = request("/api/v1/targets", VIEWER);
            }
            assertThat(internal.statusCode()).as(internal.body()).isEqualTo(200);
            HttpResponse<String> published = request("/api/v1/targets", null);
            assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
            for (JsonNode targets : new JsonNode[] {JSON.readTree(internal.body()), JSON.readTree(published.body())}) {
                JsonNode unknown = target(targets, ghostTarget);
                assertThat(unknown).as("listed").isNotNull();
                assertThat(unknown.get("territoryId").asText()).isEqualTo(ghost);
                assertThat(unknown.get("value").asLong()).isEqualTo(10);
                for (String field : new String[] {"current", "progress", "requiredPerWeek", "projectedAtDue", "onTrack", "trend"}) {
                    assertThat(unknown.get(field).isNull()).as(field + " not computed").isTrue();
                }
                assertThat(unknown.get("notComputed").asText())
                        .isEqualTo("unknown territory '" + ghost + "': neither registered nor seen in any event");
                assertThat(target(targets, BIG_TARGET).get("current").asLong()).as("the other targets").isEqualTo(40);
                assertThat(target(targets, BIG_TARGET).has("notComputed")).isFalse();
            }
            JsonNode publicView = target(JSON.readTree(published.body()), ghostTarget);
            assertThat(publicView.get("audience").asText()).isEqualTo("public");
            assertThat(publicView.get("suppressed")).as("nothing hidden: nothing computed").isEmpty();
            assertThat(request("/api/v1/territories/" + ghost + "/targets", VIEWER).statusCode())
                    .as("the territory's own question is still about an unknown territory").isEqualTo(404);
        } finally {
            traffic.target(ghostTarget, null);
            traffic.flush();
        }
    }

    @Test
    void aTerritorysCohortsAreForTheCoordinationTeamAndTheNetworksArePublished() throws Exception {
        HttpResponse<String> refused = request("/api/v1/territories/" + BIG + "/cohorts", null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("cohorts are for the coordination team");
        assertThat(request("/api/v1/territories/" + BIG + "/cohorts", VIEWER).statusCode()).isEqualTo(200);
        JsonNode network = get("/api/v1/network/cohorts", null);
        assertThat(network.get("cohorts")).isNotEmpty();
        assertThat(network.has("suppressed")).as("network-wide figures are published").isFalse();
    }

    @Test
    void aTerritorysOwnTokenReadsItsOwnFiguresExactlyAndOnlyThose() throws Exception {
        JsonNode summary = waitFor(() -> get("/api/v1/territories/" + SMALL + "/summary", HAMLET_TOKEN),
                s -> s.has("participantsActive"));
        assertThat(summary.get("participantsActive").asLong()).as("3 participants: hidden from the public").isEqualTo(3);
        assertThat(summary.has("suppressed")).isFalse();
        assertThat(request("/api/v1/territories/" + SMALL + "/growth?interval=month", HAMLET_TOKEN).statusCode())
                .as("its growth series: the coordination team's, and its own team's").isEqualTo(200);
        assertThat(request("/api/v1/territories/" + SMALL + "/cohorts", HAMLET_TOKEN).statusCode()).isEqualTo(200);
        assertThat(kind(get("/api/v1/territories/" + SMALL + "/approaches", HAMLET_TOKEN)).get("evaluations").asLong())
                .as("2 evaluations: hidden from the public").isEqualTo(2);

        // a good token outside what it reads is 403 naming what it reads, not the 401 of a wrong token, which tells an
        // app to drop it (review 21, finding 5); the research export and a report are refused the same way
        waitFor(() -> get("/api/v1/reader", HAMLET_TOKEN), r -> r.has("territoryId")); // whose it is: read from an index
        for (String elsewhere : new String[] {"/api/v1/territories/" + BIG + "/summary", "/api/v1/territories/" + TOWN + "/growth",
                "/api/v1/territories/" + BIG + "/cohorts", "/api/v1/territories/" + BIG + "/targets", "/api/v1/network/summary",
                "/api/v1/network/approaches", "/api/v1/territories", "/api/v1/targets", "/api/v1/network/targets",
                "/api/v1/exports/research?from=2021-01-01&to=2021-04-01",
                "/api/v1/snapshots?from=2021-04-01&to=2021-07-01&format=json",
                "/api/v1/snapshots?from=2021-04-01&to=2021-07-01&format=json&audience=internal&territory=" + BIG}) {
            HttpResponse<String> refused = request(elsewhere, HAMLET_TOKEN);
            assertThat(refused.statusCode()).as(elsewhere).isEqualTo(403);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).as(elsewhere).isEmpty();
            JsonNode error = JSON.readTree(refused.body());
            assertThat(error.get("error").asText()).isEqualTo("Forbidden");
            assertThat(error.get("message").asText()).as(elsewhere).contains("this is the token of territory '" + SMALL + "'",
                    "/api/v1/territories/" + SMALL + "/", "without a token");
        }
        // and it keeps working where it reads
        assertThat(get("/api/v1/territories/" + SMALL + "/summary", HAMLET_TOKEN).get("participantsActive").asLong()).isEqualTo(3);
        assertThat(get("/api/v1/reader", HAMLET_TOKEN).get("territoryId").asText()).isEqualTo(SMALL);
        assertThat(liveStatus("", HAMLET_TOKEN)).as("the live stream, as the public reads it").isEqualTo(200);
        String wrong = "tgt_hamlet-" + UUID.randomUUID();
        HttpResponse<String> unknown = request("/api/v1/territories/" + BIG + "/summary", wrong);
        assertThat(unknown.statusCode()).as("a token no one has: 401, as before").isEqualTo(401);
        assertThat(unknown.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(unknown.body()).contains("not accepted");
        assertThat(request("/api/v1/network/summary", wrong).statusCode()).isEqualTo(401);
        HttpResponse<String> ownReport = request("/api/v1/snapshots?from=2021-04-01&to=2021-07-01&format=json&audience=internal&territory="
                + SMALL, HAMLET_TOKEN);
        assertThat(ownReport.statusCode()).as(ownReport.body()).isEqualTo(200);
        assertThat(JSON.readTree(ownReport.body()).toString()).contains(SMALL);
    }

    /**
     * {@code GET /api/v1/reader} says who a token is, without the territory it is about (how the dashboard knows which
     * figures it shows and where its token opens them), and never echoes the token.
     */
    @Test
    void theReaderEndpointSaysWhoATokenIsAndNeverEchoesIt() throws Exception {
        JsonNode hamlet = waitFor(() -> get("/api/v1/reader", HAMLET_TOKEN), r -> r.has("reader"));
        assertThat(hamlet.get("reader").asText()).isEqualTo("territory");
        assertThat(hamlet.get("territoryId").asText()).isEqualTo(SMALL);
        assertThat(hamlet.get("territoryName").asText()).isEqualTo("Hamlet");
        assertThat(hamlet.get("minPublishedCount").asInt()).isEqualTo(5);
        HttpResponse<String> answer = request("/api/v1/reader", HAMLET_TOKEN);
        assertThat(answer.body()).doesNotContain(HAMLET_TOKEN).doesNotContain(org.together.http.Digests.sha256Hex(HAMLET_TOKEN));
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");

        JsonNode viewer = get("/api/v1/reader", VIEWER);
        assertThat(viewer.get("reader").asText()).isEqualTo("viewer");
        assertThat(viewer.has("territoryId")).isFalse();
        assertThat(get("/api/v1/reader", null).get("reader").asText()).isEqualTo("public");

        String wrong = "tgt_hamlet-" + UUID.randomUUID();
        HttpResponse<String> refused = request("/api/v1/reader", wrong);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(refused.body()).contains("not accepted").doesNotContain(wrong);
        assertThat(request("/api/v1/reader", HAMLET_TOKEN.substring(1)).statusCode()).as("half a token").isEqualTo(401);
        HttpResponse<String> inUrl = request("/api/v1/reader?access_token=" + HAMLET_TOKEN, null);
        assertThat(inUrl.statusCode()).as("a token in the URL, here too").isEqualTo(400);
        assertThat(inUrl.body()).doesNotContain(HAMLET_TOKEN);
    }

    @Test
    void aTerritorysTokenStopsOpeningItsFiguresWhenReplacedOrRevoked() throws Exception {
        String first = "tgt_town-first-" + UUID.randomUUID();
        String second = "tgt_town-second-" + UUID.randomUUID();
        String path = "/api/v1/territories/" + TOWN + "/summary";
        traffic.credential(TOWN, first, false);
        traffic.flush();
        assertThat(waitFor(() -> get(path, first), s -> s.has("participantsActive")).get("participantsActive").asLong()).isEqualTo(12);

        traffic.credential(TOWN, second, false); // rotated by the coordination team
        traffic.flush();
        waitFor(() -> get(path, second), s -> s.has("participantsActive"));
        assertThat(request(path, first).statusCode()).as("the replaced token").isEqualTo(401);
        // told by the index of the tokens' hashes, read again at most once a second: the new token is known within it
        assertThat(waitFor(() -> get("/api/v1/reader", second), r -> r.has("territoryId")).get("territoryId").asText())
                .isEqualTo(TOWN);
        assertThat(request("/api/v1/reader", first).statusCode()).as("who the replaced token is: no one").isEqualTo(401);
        assertThat(liveStatus("?access_token=" + first, null)).as("the replaced token on the live stream").isEqualTo(401);
        assertThat(liveStatus("", second)).as("the current token on the live stream").isEqualTo(200);

        traffic.credential(TOWN, second, true);
        traffic.flush();
        Poll.until("the revoked token refused within 30 s", Duration.ofSeconds(30), Duration.ofMillis(100),
                () -> request(path, second).statusCode() == 401);
        assertThat(get(path, null).get("audience").asText()).as("without a token: the public figures").isEqualTo("public");
        assertThat(request("/api/v1/reader", second).statusCode()).as("who the revoked token is: no one").isEqualTo(401);
        assertThat(liveStatus("", second)).as("the revoked token on the live stream").isEqualTo(401);
    }

    private interface Read {
        JsonNode get() throws Exception;
    }

    /** The first answer that passes {@code until}, within 30 s: the tokens' table is read a moment after they are written. */
    private static JsonNode waitFor(Read read, java.util.function.Predicate<JsonNode> until) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode answer = read.get();
            if (until.test(answer)) {
                return answer;
            }
            assertThat(System.nanoTime()).as("answered within 30 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
