package org.together.aggregation.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.together.figures.TargetProgress;

/**
 * The query API's OpenAPI document: valid OpenAPI 3.1, every route of the service in it, and each documented object
 * holding exactly the fields the answers write (a record that gains a field without the document fails here).
 */
class QueryApiDocumentTest {

    private static Javalin api;
    private static JsonNode document;
    private static String text;

    @BeforeAll
    static void serve() throws Exception {
        QueryEndpoints endpoints = new QueryEndpoints(new QueryRouter(), new ObjectMapper(), Optional.empty(), Optional.empty());
        api = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            endpoints.register(c.routes);
        }).start("127.0.0.1", 0);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + api.port() + org.together.http.OpenApiRoute.PATH)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        text = r.body();
        document = new ObjectMapper().readTree(text);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.stop();
        }
    }

    @Test
    void theDocumentIsValidOpenApi31AndDescribesEveryRouteOfTheService() {
        SwaggerParseResult parsed = new OpenAPIParser().readContents(text, null, null);
        assertThat(parsed.getMessages()).isEmpty();
        OpenAPI openApi = parsed.getOpenAPI();
        assertThat(openApi.getOpenapi()).isEqualTo("3.1.0");
        Set<String> documented = new TreeSet<>();
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().keySet().forEach(m -> documented.add(m + " " + path)));
        List<String> routes = new ArrayList<>();
        for (String path : List.of("/api/v1/network/summary", "/api/v1/network/tools", "/api/v1/network/wellbeing",
                "/api/v1/network/growth", "/api/v1/network/approaches", "/api/v1/network/cohorts", "/api/v1/network/footprint",
                "/api/v1/network/targets", "/api/v1/targets", "/api/v1/territories", "/api/v1/territories/{id}/summary",
                "/api/v1/territories/{id}/tools", "/api/v1/territories/{id}/wellbeing", "/api/v1/territories/{id}/growth",
                "/api/v1/territories/{id}/approaches", "/api/v1/territories/{id}/cohorts", "/api/v1/territories/{id}/footprint",
                "/api/v1/territories/{id}/targets", "/api/v1/countries/{countryCode}/summary",
                "/api/v1/countries/{countryCode}/growth", "/api/v1/reader", "/api/v1/live", "/api/v1/snapshots", "/api/v1/exports/research",
                "/api/v1/openapi.json", "/health/live", "/health/ready", "/metrics")) {
            routes.add("GET " + path);
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(routes);
        JsonNode growth = document.at("/paths/~1api~1v1~1territories~1{id}~1growth/get/security");
        assertThat(growth.toString()).as("a territory's growth: a token, the territory's own included").contains("territoryToken")
                .doesNotContain("{}");
    }

    /** Review 18, finding 15: the document named localhost:8090 whatever port served it; its server is where it was read. */
    @Test
    void theDocumentsServerIsTheAddressAndPortItWasFetchedFrom() {
        URI fetched = URI.create("http://127.0.0.1:" + api.port() + org.together.http.OpenApiRoute.PATH);
        JsonNode servers = document.path("servers");
        assertThat(servers).hasSize(1);
        URI server = fetched.resolve(servers.get(0).path("url").asText());
        assertThat(server).isEqualTo(URI.create("http://127.0.0.1:" + api.port() + "/"));
        assertThat(text).doesNotContain("localhost:8090");
    }

    @Test
    void eachDocumentedObjectHasTheFieldsTheAnswersWrite() throws Exception {
        ObjectMapper json = ApiJson.mapper();
        Instant now = Instant.parse("2026-12-06T10:00:00Z");
        LocalDate day = LocalDate.parse("2026-12-06");
        Summary.NewParticipants fresh = new Summary.NewParticipants(1, 2, 3, 4);
        Summary.Growth growth = new Summary.Growth(0.1, null);
        Summary.Dimension dimension = new Summary.Dimension("A", 1, 2, 3, 4.5);
        Summary summary = new Summary("network", now, 10, 12, fresh, growth, 3, 2,
                List.of(new Summary.ToolUptake("choices-guide", 4, 5, 3, 0.6, 0.4, 4.0)),
                new Summary.Wellbeing(2, 1, 9, List.of(dimension)), new Summary.Footprint(5, 6.1, 0.2), now);
        Map<String, Object> answers = Map.of(
                "Summary", summary,
                "GrowthPoint", new GrowthPoint("2026-W49", day, 1, 1, 1, 10),
                "TerritoryHeadline", new TerritoryHeadline(1, "lyon", "Lyon", "FR", "city", 45.7, 4.8, 10, 12, fresh, growth, 2, 5,
                        true, day, now),
                "ToolsReport", new ToolsReport("network", now, 10, List.of(new ToolsReport.ToolFunnel("choices-guide", 6, 5, 3, 4,
                        0.6, 0.4, 4.0, 3))),
                "WellbeingReport", new WellbeingReport("network", now, 2, 1, 9, List.of(dimension)),
                "Approaches", new MeetingReports.Approaches("network", now, List.of(new MeetingReports.ApproachKind("local-energy", 2, 1,
                        Map.of("short-circuits", 3.5), Map.of("direct-democracy", 0.5), 1.0))),
                "Cohorts", new MeetingReports.Cohorts("network", now, "month", List.of(new MeetingReports.Cohort("2026-11", day, 4,
                        List.of(4L, 3L), List.of(2L, 3L)))),
                "FootprintByDomain", new MeetingReports.FootprintByDomain("network", now, 2.0, 5, 6.1,
                        List.of(new MeetingReports.Domain("food", 1.9, 5))),
                "TargetStatus", new TargetQueries.TargetStatus("t1", "participantsActive", null, "lyon", 20, day, 10L, 0.5, 1.0, 15.0,
                        false, List.of(new TargetProgress.WeekValue("2026-W49", day, 10)), null),
                "Reader", Map.of("reader", "territory", "territoryId", "lyon", "territoryName", "Lyon", "minPublishedCount", 5));
        for (Map.Entry<String, Object> answer : answers.entrySet()) {
            conforms(answer.getKey(), json.valueToTree(answer.getValue()), schema(answer.getKey()));
        }
        // a country's answer for a territory's token: one territory exact, one public with hidden figures
        ToolsReport tools = new ToolsReport("territory:a", now, 10, List.of(new ToolsReport.ToolFunnel("choices-guide", 6, 5, 3, 4,
                0.6, 0.4, 4.0, 3)));
        com.fasterxml.jackson.databind.node.ObjectNode hidden = json.valueToTree(summary);
        hidden.putNull("participantsActive");
        hidden.putArray("suppressed").add("participantsActive");
        com.fasterxml.jackson.databind.node.ObjectNode hiddenTools = json.valueToTree(tools);
        ((com.fasterxml.jackson.databind.node.ObjectNode) hiddenTools.get("tools").get(0)).putNull("starts");
        com.fasterxml.jackson.databind.node.ObjectNode country = CountrySummary.of(json, "FR", now, "territory", 5, List.of(
                new CountrySummary.Part("a", json.valueToTree(summary), json.valueToTree(tools)),
                new CountrySummary.Part("b", hidden, hiddenTools)));
        country.put("exactFor", "a");
        assertThat(country.path("atLeast").toString()).contains("participantsActive");
        conforms("CountrySummary", country, schema("CountrySummary"));
    }

    private static JsonNode schema(String name) {
        JsonNode s = document.at("/components/schemas/" + name);
        assertThat(s.isMissingNode()).as("schema %s documented", name).isFalse();
        return s;
    }

    /** Every field written is documented, every required one is written; objects and arrays within, the same. */
    private static void conforms(String where, JsonNode value, JsonNode schema) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            conforms(where, value, schema(ref.substring(ref.lastIndexOf('/') + 1)));
            return;
        }
        if (value.isObject() && schema.has("properties")) {
            JsonNode properties = schema.get("properties");
            for (Iterator<String> fields = value.fieldNames(); fields.hasNext(); ) {
                String field = fields.next();
                assertThat(properties.has(field)).as("%s.%s is documented", where, field).isTrue();
                conforms(where + "." + field, value.get(field), properties.get(field));
            }
            for (JsonNode required : schema.path("required")) {
                assertThat(value.has(required.asText())).as("%s writes its required %s", where, required.asText()).isTrue();
            }
        } else if (value.isArray() && schema.has("items")) {
            for (JsonNode item : value) {
                conforms(where + "[]", item, schema.get("items"));
            }
        }
    }
}
