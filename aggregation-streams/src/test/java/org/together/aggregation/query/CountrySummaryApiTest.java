package org.together.aggregation.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.together.aggregation.AggregationConfig;
import org.together.aggregation.AggregationStreamsService;
import org.together.aggregation.Poll;
import org.together.aggregation.dashboard.TerritoryTraffic;
import org.together.embedded.EmbeddedStack;
import org.together.figures.disclosure.DisclosureRule;

/**
 * {@code GET /api/v1/countries/{countryCode}/summary} and {@code /growth} on two instances of one application over the
 * shared broker: the country's figures in one answer, exact for the coordination team, for the public the sum of its
 * territories' public answers (never more), for a territory's team its own territory exact and the others public.
 */
class CountrySummaryApiTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String VIEWER = "viewer-" + RUN + "-of-24-chars-or-more";
    /** No other test registers a territory in Iceland: the country is this class's. */
    private static final String COUNTRY = "IS";
    private static final String CITY = "is-city-" + RUN;
    private static final String HAMLET = "is-hamlet-" + RUN;
    private static final String TOWN = "is-town-" + RUN;
    private static final String VILLAGE = "is-village-" + RUN;
    private static final Map<String, Integer> PARTICIPANTS = Map.of(CITY, 40, HAMLET, 3, TOWN, 12, VILLAGE, 7);
    private static final String HAMLET_TOKEN = "tgt_is-hamlet-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> COUNTS = List.of("participantsActive", "participantsEver");
    private static final List<String> PERIODS = List.of("day", "week", "month", "quarter");
    private static final List<String> TOOL_COUNTS = List.of("discovered", "starts", "completions", "adopters");

    private static AggregationStreamsService first;
    private static AggregationStreamsService second;
    private static TerritoryTraffic traffic;

    @BeforeAll
    static void start() throws Exception {
        EmbeddedStack stack = EmbeddedStack.sharedForTests();
        String applicationId = "country-summary-" + RUN;
        first = start(stack, applicationId);
        second = start(stack, applicationId);
        traffic = new TerritoryTraffic(stack.bootstrapServers(), stack.registryUrl());
        double lat = 64.1;
        for (String id : PARTICIPANTS.keySet()) {
            traffic.territory(id, id, COUNTRY, "municipality", lat, -21.9);
            lat += 0.1;
            // joined in the nine weeks before this one: some of each territory's counts are small, some not
            traffic.history(id, PARTICIPANTS.get(id), 5.0, Instant.now());
        }
        traffic.credential(HAMLET, HAMLET_TOKEN, false);
        traffic.flush();
        Poll.until("Iceland's figures readable on both instances within 120 s", Duration.ofSeconds(120), Duration.ofMillis(300),
                CountrySummaryApiTest::settled);
        // the public decision renewed after the last figures moved (it is renewed about once a second)
        Thread.sleep(QueryEndpoints.PUBLIC_TERRITORIES_MS * 2 + 500);
    }

    private static AggregationStreamsService start(EmbeddedStack stack, String applicationId) throws Exception {
        AggregationStreamsService service = new AggregationStreamsService(new AggregationConfig(stack.bootstrapServers(),
                stack.registryUrl(), applicationId, "127.0.0.1", 0, "127.0.0.1", Files.createTempDirectory("country-summary-"),
                Optional.of(VIEWER), Optional.empty(), Map.of("consumer.session.timeout.ms", "10000",
                "consumer.heartbeat.interval.ms", "1000"), new DisclosureRule(5), Optional.empty(), Optional.empty()));
        service.start();
        return service;
    }

    /** Every territory's exact figures counted, and the country's exact answer on both instances is their sum. */
    private static boolean settled() throws Exception {
        for (var e : PARTICIPANTS.entrySet()) {
            HttpResponse<String> r = get(first, "/api/v1/territories/" + e.getKey() + "/summary", VIEWER);
            if (r.statusCode() != 200 || JSON.readTree(r.body()).path("participantsEver").asLong() != e.getValue()) {
                return false;
            }
        }
        for (AggregationStreamsService instance : List.of(first, second)) {
            HttpResponse<String> r = get(instance, "/api/v1/countries/" + COUNTRY + "/summary", VIEWER);
            if (r.statusCode() != 200 || JSON.readTree(r.body()).path("participantsEver").asLong() != 62) {
                return false;
            }
        }
        return true;
    }

    @AfterAll
    static void stop() {
        if (traffic != null) {
            traffic.close();
        }
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void theCoordinationTeamReadsTheExactSumsOfTheCountrysTerritoriesOnEitherInstance() throws Exception {
        List<JsonNode> summaries = new ArrayList<>();
        List<JsonNode> tools = new ArrayList<>();
        for (String id : PARTICIPANTS.keySet()) {
            summaries.add(ok(get(first, "/api/v1/territories/" + id + "/summary", VIEWER)));
            tools.add(ok(get(second, "/api/v1/territories/" + id + "/tools", VIEWER)));
        }
        for (AggregationStreamsService instance : List.of(first, second)) {
            JsonNode country = ok(get(instance, "/api/v1/countries/is/summary", VIEWER));
            assertThat(country.path("audience").asText()).isEqualTo("internal");
            assertThat(country.path("scope").asText()).isEqualTo("country:IS");
            assertThat(country.path("territories").asInt()).isEqualTo(4);
            assertThat(country.path("territoriesLeftOut").asInt()).isZero();
            assertThat(country.has("atLeast")).as("nothing is a lower bound for the coordination team").isFalse();
            for (String f : COUNTS) {
                assertThat(country.path(f).asLong()).as(f).isEqualTo(sum(summaries, s -> s.get(f)));
            }
            for (String p : PERIODS) {
                assertThat(country.at("/newParticipants/" + p).asLong()).as("new " + p)
                        .isEqualTo(sum(summaries, s -> s.at("/newParticipants/" + p)));
            }
            assertThat(country.path("territoriesActive").asLong()).isEqualTo(4);
            assertThat(country.path("countries").asLong()).isEqualTo(1);
            for (String f : List.of("evaluations", "groups", "citizens")) {
                assertThat(country.at("/wellbeing/" + f).asLong()).as(f).isEqualTo(sum(summaries, s -> s.at("/wellbeing/" + f)));
            }
            assertThat(country.at("/footprint/assessments").asLong()).isEqualTo(sum(summaries, s -> s.at("/footprint/assessments")));
            double tonnes = 0;
            for (JsonNode s : summaries) {
                tonnes += s.at("/footprint/meanTonnes").asDouble() * s.at("/footprint/assessments").asLong();
            }
            assertThat(country.at("/footprint/meanTonnes").asDouble())
                    .isCloseTo(tonnes / country.at("/footprint/assessments").asLong(), within(1e-9));
            Map<String, JsonNode> countryTools = byTool(country.get("tools"));
            assertThat(countryTools.keySet()).isEqualTo(toolIds(tools));
            for (var tool : countryTools.entrySet()) {
                for (String f : TOOL_COUNTS) {
                    assertThat(tool.getValue().path(f).asLong()).as(tool.getKey() + " " + f)
                            .isEqualTo(sum(tools, t -> byTool(t.get("tools")).getOrDefault(tool.getKey(), JSON.nullNode()).get(f)));
                }
                long starts = tool.getValue().path("starts").asLong();
                if (starts > 0) {
                    assertThat(tool.getValue().path("completionRate").asDouble())
                            .isCloseTo((double) tool.getValue().path("completions").asLong() / starts, within(1e-9));
                }
            }
        }
    }

    /**
     * The public answer is the sum of the territories' public answers, field by field: a hidden figure is left out and
     * counted, never added; so no public country figure less its published territories' gives a hidden one.
     */
    @Test
    void thePublicReadsTheSumOfThePublishedFiguresOnlyMarkedAsALowerBound() throws Exception {
        JsonNode exact = ok(get(first, "/api/v1/countries/IS/summary", VIEWER));
        Published published = consistentlyPublished(null);
        JsonNode country = published.country();
        assertThat(country.path("audience").asText()).isEqualTo("public");
        assertThat(country.path("minPublishedCount").asInt()).isEqualTo(5);
        assertThat(published.summaries().get(HAMLET).path("participantsActive").isNull())
                .as("the hamlet's 3 are hidden from the public").isTrue();
        assertSumOfParts(country, published, Set.of());
        assertThat(country.path("participantsActive").asLong()).as("never the exact total")
                .isLessThan(exact.path("participantsActive").asLong());
        assertThat(country.path("leftOutBecause").asText()).contains("hidden in the territory's public answer");
        // on the other instance too: the same decision, answered where the network's figures are
        JsonNode elsewhere = ok(get(second, "/api/v1/countries/IS/summary", null));
        ((ObjectNode) elsewhere).remove("asOf");
        ((ObjectNode) country).remove("asOf");
        assertThat(elsewhere).isEqualTo(country);
    }

    /** The hamlet's team reads its own territory exactly in the country's figures, every other territory as the public. */
    @Test
    void aTerritorysTokenReadsItsOwnTerritoryExactlyAndTheOthersAsThePublic() throws Exception {
        JsonNode own = ok(get(first, "/api/v1/territories/" + HAMLET + "/summary", HAMLET_TOKEN));
        JsonNode ownTools = ok(get(first, "/api/v1/territories/" + HAMLET + "/tools", HAMLET_TOKEN));
        Published published = consistentlyPublished(HAMLET_TOKEN);
        JsonNode country = published.country();
        assertThat(country.path("audience").asText()).isEqualTo("territory");
        assertThat(country.path("exactFor").asText()).isEqualTo(HAMLET);
        published.summaries().put(HAMLET, own);
        published.tools().put(HAMLET, ownTools);
        assertSumOfParts(country, published, Set.of(HAMLET));
        // its token opens no other country's series, nor this one's: the country has other territories
        // (403: a good token outside what it reads, which an app keeps; review 21, finding 5)
        HttpResponse<String> series = get(first, "/api/v1/countries/IS/growth?interval=week", HAMLET_TOKEN);
        assertThat(series.statusCode()).isEqualTo(403);
        assertThat(series.body()).contains("coordination team", "this is the token of territory '" + HAMLET + "'");
        // and no other territory's figures
        assertThat(get(first, "/api/v1/territories/" + CITY + "/summary", HAMLET_TOKEN).statusCode()).isEqualTo(403);
    }

    /** The country's weekly series adds up its territories' (read on both instances), for the coordination team only. */
    @Test
    void theCountrysGrowthIsTheSumOfItsTerritoriesSeriesForTheCoordinationTeam() throws Exception {
        String query = "?interval=week&from=" + java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusWeeks(12)
                + "&to=" + java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1);
        Map<String, long[]> expected = new TreeMap<>();
        for (String id : PARTICIPANTS.keySet()) {
            for (JsonNode p : ok(get(first, "/api/v1/territories/" + id + "/growth" + query, VIEWER))) {
                long[] sum = expected.computeIfAbsent(p.get("period").asText(), x -> new long[4]);
                sum[0] += p.get("newParticipants").asLong();
                sum[1] += p.get("returningParticipants").asLong();
                sum[2] += p.get("leftParticipants").asLong();
                sum[3] += p.get("activeAtEnd").asLong();
            }
        }
        for (AggregationStreamsService instance : List.of(first, second)) {
            Map<String, long[]> country = new TreeMap<>();
            for (JsonNode p : ok(get(instance, "/api/v1/countries/IS/growth" + query, VIEWER))) {
                country.put(p.get("period").asText(), new long[] {p.get("newParticipants").asLong(),
                        p.get("returningParticipants").asLong(), p.get("leftParticipants").asLong(), p.get("activeAtEnd").asLong()});
            }
            assertThat(country.keySet()).isEqualTo(expected.keySet());
            expected.forEach((period, sum) -> assertThat(country.get(period)).as(period).containsExactly(sum));
            assertThat(country.values().stream().mapToLong(s -> s[0]).sum()).isEqualTo(62);
        }
        HttpResponse<String> publicGrowth = get(first, "/api/v1/countries/IS/growth" + query, null);
        assertThat(publicGrowth.statusCode()).isEqualTo(401);
        assertThat(publicGrowth.body()).contains("coordination team");
    }

    @Test
    void aCountryCodeThatIsNotTwoLettersIs400NamingTheParameterAndTheRule() throws Exception {
        for (String bad : List.of("ISL", "1S", "I")) {
            for (String what : List.of("summary", "growth")) {
                HttpResponse<String> r = get(first, "/api/v1/countries/" + bad + "/" + what, VIEWER);
                assertThat(r.statusCode()).as(bad + " " + what).isEqualTo(400);
                JsonNode body = JSON.readTree(r.body());
                assertThat(body.at("/errors/0/field").asText()).isEqualTo("countryCode");
                assertThat(body.path("message").asText()).contains("ISO 3166-1 alpha-2", "two letters", "'" + bad + "'");
            }
        }
        // a country with no territory is no error: nothing to add up
        JsonNode none = ok(get(first, "/api/v1/countries/AQ/summary", null));
        assertThat(none.path("territories").asInt()).isZero();
        assertThat(none.path("participantsActive").asLong()).isZero();
    }

    /** Review 18, finding 15: XX answered 200 with zeros as if it were a country without territories. */
    @Test
    void aTwoLetterCodeOfNoCountryIs404NamingItWhileAKnownCountryInAnyCaseAnswers() throws Exception {
        for (String unknown : List.of("XX", "zz", "QQ")) {
            for (String token : java.util.Arrays.asList(null, VIEWER)) {
                HttpResponse<String> r = get(first, "/api/v1/countries/" + unknown + "/summary", token);
                assertThat(r.statusCode()).as(unknown + " with " + token).isEqualTo(404);
                JsonNode body = JSON.readTree(r.body());
                assertThat(body.path("message").asText()).contains("ISO 3166-1 alpha-2", "'" + unknown + "'");
                assertThat(body.at("/errors/0/field").asText()).isEqualTo("countryCode");
            }
            assertThat(get(first, "/api/v1/countries/" + unknown + "/growth?interval=week", VIEWER).statusCode()).isEqualTo(404);
        }
        // a known country without a territory: zeros; lower case reads the same country as upper case
        assertThat(ok(get(first, "/api/v1/countries/aq/summary", null)).path("territories").asInt()).isZero();
        JsonNode lower = ok(get(first, "/api/v1/countries/is/summary", VIEWER));
        assertThat(lower.path("countryCode").asText()).isEqualTo("IS");
        assertThat(lower.path("participantsEver").asLong()).isEqualTo(62);
    }

    /** Review 18, finding 15: a 404 echoed a 5,000-character territory id whole. */
    @Test
    void anUnknownTerritorysLongIdIsNotEchoedWhole() throws Exception {
        String id = "t".repeat(5_000);
        HttpResponse<String> r = get(first, "/api/v1/territories/" + id + "/summary", VIEWER);
        assertThat(r.statusCode()).isEqualTo(404);
        String message = JSON.readTree(r.body()).path("message").asText();
        assertThat(message).startsWith("unknown territory 'ttt").contains("…").hasSizeLessThan(300);
    }

    // ---- helpers ----

    /** The public (or a territory token's) answers of the country and its territories, read while the decision held. */
    private record Published(JsonNode country, Map<String, JsonNode> summaries, Map<String, JsonNode> tools) {
    }

    private static Published consistentlyPublished(String token) throws Exception {
        for (int attempt = 0; ; attempt++) {
            Map<String, JsonNode> summaries = new LinkedHashMap<>();
            Map<String, JsonNode> tools = new LinkedHashMap<>();
            for (String id : PARTICIPANTS.keySet()) {
                summaries.put(id, ok(get(first, "/api/v1/territories/" + id + "/summary", null)));
                tools.put(id, ok(get(first, "/api/v1/territories/" + id + "/tools", null)));
            }
            JsonNode country = ok(get(first, "/api/v1/countries/IS/summary", token));
            boolean same = true;
            for (String id : PARTICIPANTS.keySet()) {
                same &= withoutAsOf(ok(get(first, "/api/v1/territories/" + id + "/summary", null))).equals(withoutAsOf(summaries.get(id)))
                        && withoutAsOf(ok(get(first, "/api/v1/territories/" + id + "/tools", null))).equals(withoutAsOf(tools.get(id)));
            }
            if (same || attempt == 5) {
                return new Published(country, summaries, tools);
            }
        }
    }

    /** Each count of {@code country} is the sum of the parts' numbers; each null left out, listed and counted. */
    private static void assertSumOfParts(JsonNode country, Published parts, Set<String> exact) {
        Collection summaries = new Collection(parts.summaries().values());
        Set<String> partial = new HashSet<>();
        summaries.assertSum(country, "participantsActive", n -> n.get("participantsActive"), country.path("atLeast"),
                country.path("leftOut"));
        // a territory's hidden ever counts as its published active (ever holds active): the bound is the sum of those
        summaries.assertSum(country, "participantsEver", n -> n.get("participantsEver"), country.path("atLeast"),
                country.path("leftOut"), "participantsEver", "/participantsEver",
                n -> n.get("participantsEver").isNull() && !n.get("participantsActive").isNull() ? n.get("participantsActive").asLong() : 0);
        assertThat(country.path("participantsEver").asLong()).as("the country's ever at least its active")
                .isGreaterThanOrEqualTo(country.path("participantsActive").asLong());
        for (String p : PERIODS) {
            summaries.assertSum(country, "new " + p, n -> n.at("/newParticipants/" + p), country.at("/newParticipants/atLeast"),
                    country.at("/newParticipants/leftOut"), p);
        }
        for (String f : List.of("evaluations", "groups", "citizens")) {
            summaries.assertSum(country, f, n -> n.at("/wellbeing/" + f), country.at("/wellbeing/atLeast"),
                    country.at("/wellbeing/leftOut"), f, "/wellbeing/" + f);
        }
        summaries.assertSum(country, "assessments", n -> n.at("/footprint/assessments"), country.at("/footprint/atLeast"),
                country.at("/footprint/leftOut"), "assessments", "/footprint/assessments");
        Map<String, JsonNode> countryTools = byTool(country.get("tools"));
        for (var tool : countryTools.entrySet()) {
            List<JsonNode> listing = new ArrayList<>();
            parts.tools().values().forEach(t -> {
                JsonNode line = byTool(t.get("tools")).get(tool.getKey());
                if (line != null) {
                    listing.add(line);
                }
            });
            Collection lines = new Collection(listing);
            for (String f : TOOL_COUNTS) {
                lines.assertSum(country, tool.getKey() + " " + f, n -> n.get(f), tool.getValue().path("atLeast"),
                        tool.getValue().path("leftOut"), f, "/tools/" + tool.getKey() + "/" + f);
            }
            boolean rateFromPublished = !contains(tool.getValue().path("atLeast"), "starts")
                    && !contains(tool.getValue().path("atLeast"), "completions");
            if (!rateFromPublished) {
                assertThat(tool.getValue().get("completionRate").isNull()).as("a rate of a lower bound is not given").isTrue();
            }
        }
        for (var e : parts.summaries().entrySet()) {
            if (hasHidden(e.getValue()) || hasHidden(parts.tools().get(e.getKey()))) {
                partial.add(e.getKey());
            }
        }
        for (String id : exact) {
            assertThat(partial).as("the territory read exactly has nothing left out").doesNotContain(id);
        }
        assertThat(country.path("territoriesLeftOut").asInt()).as("territories with a figure left out").isEqualTo(partial.size());
        if (country.path("footprint").path("atLeast").size() > 0) {
            assertThat(country.at("/footprint/meanTonnes").isNull()).as("no mean from a lower bound").isTrue();
        }
    }

    /** The parts' values of one figure, asserted against the country's. */
    private record Collection(java.util.Collection<JsonNode> parts) {
        void assertSum(JsonNode country, String name, java.util.function.Function<JsonNode, JsonNode> value, JsonNode atLeast,
                       JsonNode leftOut) {
            assertSum(country, name, value, atLeast, leftOut, name, "/" + name);
        }

        void assertSum(JsonNode country, String name, java.util.function.Function<JsonNode, JsonNode> value, JsonNode atLeast,
                       JsonNode leftOut, String field) {
            assertSum(country, name, value, atLeast, leftOut, field, "/newParticipants/" + field);
        }

        void assertSum(JsonNode country, String name, java.util.function.Function<JsonNode, JsonNode> value, JsonNode atLeast,
                       JsonNode leftOut, String field, String pointer) {
            assertSum(country, name, value, atLeast, leftOut, field, pointer, p -> 0L);
        }

        /** {@code boundOfHidden}: what a hidden part adds to the lower bound (a published figure it holds). */
        void assertSum(JsonNode country, String name, java.util.function.Function<JsonNode, JsonNode> value, JsonNode atLeast,
                       JsonNode leftOut, String field, String pointer, java.util.function.ToLongFunction<JsonNode> boundOfHidden) {
            long sum = 0;
            int hidden = 0;
            for (JsonNode p : parts) {
                JsonNode v = value.apply(p);
                if (v == null || v.isNull()) {
                    hidden++;
                    sum += boundOfHidden.applyAsLong(p);
                } else {
                    sum += v.asLong();
                }
            }
            JsonNode figure = pointer.startsWith("/tools/") ? byTool(country.get("tools")).get(pointer.split("/")[2]).get(field)
                    : country.at(pointer);
            assertThat(figure.asLong()).as("%s: the sum of the published figures", name).isEqualTo(sum);
            assertThat(contains(atLeast, field)).as("%s: a lower bound when a territory's is hidden", name).isEqualTo(hidden > 0);
            assertThat(leftOut.path(field).asInt()).as("%s: territories left out", name).isEqualTo(hidden);
        }
    }

    private static boolean hasHidden(JsonNode answer) {
        if (answer.isObject() && answer.path("suppressed").isArray()) {
            for (JsonNode f : answer.get("suppressed")) {
                String field = f.asText();
                if (List.of("participantsActive", "participantsEver", "evaluations", "groups", "citizens", "assessments",
                        "discovered", "starts", "completions", "adopters").contains(field) || field.startsWith("criteria")) {
                    return true;
                }
            }
        }
        for (String child : List.of("newParticipants", "wellbeing", "footprint")) {
            if (answer.has(child) && hasHidden(answer.get(child))) {
                return true;
            }
        }
        if (answer.path("wellbeing").path("dimensions").isArray()) {
            for (JsonNode d : answer.at("/wellbeing/dimensions")) {
                for (String q : List.of("wellbeing", "illbeing", "action")) {
                    if (d.path(q).isNull()) {
                        return true;
                    }
                }
            }
        }
        if (answer.path("tools").isArray()) {
            for (JsonNode t : answer.get("tools")) {
                for (String f : TOOL_COUNTS) {
                    if (t.path(f).isNull()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static JsonNode withoutAsOf(JsonNode n) {
        ObjectNode copy = n.deepCopy();
        copy.remove("asOf");
        return copy;
    }

    private static boolean contains(JsonNode list, String field) {
        for (JsonNode n : list) {
            if (n.asText().equals(field)) {
                return true;
            }
        }
        return false;
    }

    private static long sum(List<JsonNode> nodes, java.util.function.Function<JsonNode, JsonNode> value) {
        long sum = 0;
        for (JsonNode n : nodes) {
            JsonNode v = value.apply(n);
            sum += v == null ? 0 : v.asLong();
        }
        return sum;
    }

    private static Map<String, JsonNode> byTool(JsonNode list) {
        Map<String, JsonNode> byId = new TreeMap<>();
        list.forEach(t -> byId.put(t.get("toolId").asText(), t));
        return byId;
    }

    private static Set<String> toolIds(List<JsonNode> toolsReports) {
        Set<String> ids = new java.util.TreeSet<>();
        toolsReports.forEach(r -> r.get("tools").forEach(t -> ids.add(t.get("toolId").asText())));
        return ids;
    }

    private static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.uri() + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> get(AggregationStreamsService instance, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.port() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
