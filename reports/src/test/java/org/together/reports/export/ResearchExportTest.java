package org.together.reports.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.reports.snapshot.Events.at;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.together.events.SpiralQuestion;
import org.together.events.ToolStage;
import org.together.figures.Window;
import org.together.figures.disclosure.DisclosureRule;
import org.together.reports.snapshot.Events;
import org.together.reports.snapshot.ReferenceData;

/** The research export against its own datapackage.json, its disclosure rule, and what it must never hold. */
class ResearchExportTest {

    static final Window YEAR = new Window(LocalDate.parse("2021-01-01"), LocalDate.parse("2022-01-01"));
    static final DisclosureRule K5 = new DisclosureRule(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Territories of 2, 7, 12, 25 participants joining over the year, with tools, evaluations and footprints. */
    static List<SpecificRecord> network(Set<String> ids) {
        List<SpecificRecord> events = new ArrayList<>();
        Map<String, Integer> sizes = Map.of("hameau", 2, "bourg", 7, "saint-etienne", 12, "tbilisi", 25);
        sizes.forEach((territory, n) -> {
            for (int i = 0; i < n; i++) {
                String p = territory + "-person-" + i;
                ids.add(p);
                Instant joined = at(String.format("2021-%02d-%02d", 1 + (i * 5) % 12, 1 + i % 27));
                events.add(Events.joined(territory, p, joined));
                events.add(Events.tool(territory, p, "footprint-calculator", ToolStage.STARTED, null, joined.plusSeconds(3600)));
                if (i % 2 == 0) {
                    events.add(Events.tool(territory, p, "footprint-calculator", ToolStage.COMPLETED, 4, joined.plusSeconds(7200)));
                    double tonnes = 1.5 + i % 9;
                    events.add(Events.footprint(territory, p, tonnes, new org.together.events.FootprintBreakdown(tonnes * 0.3,
                            tonnes * 0.25, tonnes * 0.2, tonnes * 0.15, tonnes * 0.1), joined.plusSeconds(9000)));
                }
                // as many Annex 1 evaluations of local partnerships as participants, a third of them again later
                events.add(Events.approach(territory, territory + "-leader-" + i, org.together.events.ApproachKind.LOCAL_PARTNERSHIP,
                        3 + i % 3, 1.0, joined.plusSeconds(10_000)));
                if (i % 7 == 3) {
                    events.add(Events.left(territory, p, joined.plusSeconds(86_400L * 40)));
                }
            }
            for (int g = 0; g < n / 3; g++) {
                String group = territory + "-group-" + g;
                ids.add(group);
                events.add(Events.criteria(territory, group, 9, at("2021-06-1" + g % 9),
                        Events.criterion("A", SpiralQuestion.WELLBEING, 3), Events.criterion("D", SpiralQuestion.ACTION, 2)));
            }
        });
        return events;
    }

    static ReferenceData reference() {
        return new ReferenceData(Map.of(
                "hameau", Events.territory("hameau", "=HYPERLINK(\"x\")", "FR", "village"),
                "bourg", Events.territory("bourg", "Bourg-lès-Valence", "FR", "municipality"),
                "saint-etienne", Events.territory("saint-etienne", "Saint-Étienne", "FR", "city"),
                "tbilisi", Events.territory("tbilisi", "თბილისი", "GE", "city")), Map.of(), Map.of());
    }

    static ResearchExport export(Set<String> ids) {
        return ResearchExports.over(YEAR, network(ids), reference(), K5, Optional.empty(), Instant.parse("2022-01-02T08:00:00Z"));
    }

    /** RFC 4180 as the export writes it: quoted cells may hold commas and doubled quotes. */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : csv.split("\r\n")) {
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    cells.add(cell.toString());
                    cell.setLength(0);
                } else {
                    cell.append(c);
                }
            }
            cells.add(cell.toString());
            rows.add(cells);
        }
        return rows;
    }

    /**
     * Whether a cell satisfies its field's Frictionless constraints, as a validator reads them: an empty cell is a
     * missing value (the schema's missingValues), which only {@code required} refuses; patterns match the whole value.
     */
    static void assertSatisfiesConstraints(String where, JsonNode field, String value) {
        JsonNode c = field.path("constraints");
        String type = field.get("type").asText();
        if (c.path("required").asBoolean(false)) {
            assertThat(value).as("%s: required", where).isNotEmpty();
        }
        if (value.isEmpty()) {
            return;
        }
        if (c.has("enum")) {
            List<String> values = new ArrayList<>();
            c.get("enum").forEach(v -> values.add(v.asText()));
            assertThat(values).as("%s: enum", where).contains(value);
        }
        if (c.has("pattern")) {
            assertThat(value).as("%s: pattern", where).matches(c.get("pattern").asText());
        }
        for (String bound : new String[] {"minimum", "maximum"}) {
            if (!c.has(bound)) {
                continue;
            }
            int sign = bound.equals("minimum") ? 1 : -1;
            int compared = type.equals("date") ? LocalDate.parse(value).compareTo(LocalDate.parse(c.get(bound).asText()))
                    : Double.compare(Double.parseDouble(value), c.get(bound).asDouble());
            assertThat(sign * compared).as("%s: %s %s", where, bound, c.get(bound)).isGreaterThanOrEqualTo(0);
        }
    }

    /**
     * Review 17, finding 12: the fields declared types only. Every cell of every file now satisfies its field's
     * constraints, and the constraints a researcher's validator needs are declared: counts at least 0, scores 1 to 5,
     * fractions 0 to 1, scope one of two, quarters and cohorts a pattern, key fields required, dates inside the period.
     */
    @Test
    void everyCellSatisfiesTheConstraintsItsFieldDeclares() throws Exception {
        Window cut = new Window(LocalDate.parse("2021-02-15"), LocalDate.parse("2021-12-06"));
        for (ResearchExport export : List.of(export(new HashSet<>()), ResearchExports.over(cut, network(new HashSet<>()),
                reference(), K5, Optional.empty(), Instant.parse("2022-01-02T08:00:00Z")))) {
            JsonNode pkg = JSON.readTree(export.files().get(ResearchExport.DATAPACKAGE));
            String from = pkg.at("/period/from").asText();
            String lastDay = LocalDate.parse(pkg.at("/period/to").asText()).minusDays(1).toString();
            int cells = 0;
            for (JsonNode resource : pkg.get("resources")) {
                String path = resource.get("path").asText();
                List<JsonNode> fields = new ArrayList<>();
                resource.at("/schema/fields").forEach(fields::add);
                for (JsonNode f : fields) {
                    String name = f.get("name").asText();
                    JsonNode c = f.path("constraints");
                    String at = path + " " + name;
                    switch (f.get("type").asText()) {
                        case "integer" -> assertThat(c.path("minimum").asText()).as(at + ": a count").isEqualTo("0");
                        case "date" -> {
                            assertThat(c.path("required").asBoolean()).as(at).isTrue();
                            assertThat(c.path("minimum").asText()).as(at).isEqualTo(name.equals("start") ? from
                                    : LocalDate.parse(from).plusDays(1).toString());
                            assertThat(c.path("maximum").asText()).as(at).isEqualTo(name.equals("start") ? lastDay
                                    : pkg.at("/period/to").asText());
                        }
                        default -> { }
                    }
                    String unit = f.path("unit").asText();
                    if (unit.equals("fraction")) {
                        assertThat(List.of(c.path("minimum").asText(), c.path("maximum").asText())).as(at).containsExactly("0", "1");
                    } else if (unit.endsWith("1-5")) {
                        assertThat(List.of(c.path("minimum").asText(), c.path("maximum").asText())).as(at).containsExactly("1", "5");
                    } else if (unit.startsWith("t CO2e")) {
                        assertThat(c.path("minimum").asText()).as(at).isEqualTo("0");
                    }
                    if (name.equals("scope")) {
                        assertThat(c.get("enum")).as(at).hasSize(2);
                        assertThat(c.path("required").asBoolean()).as(at).isTrue();
                    }
                    if (name.equals("quarter") || name.equals("cohort")) {
                        assertThat(c.path("pattern").asText()).as(at).isEqualTo("[0-9]{4}-Q[1-4]");
                        assertThat(c.path("required").asBoolean()).as(at).isTrue();
                    }
                }
                // every key field is required, but a uniqueKey's territoryId (empty on the network's rows)
                JsonNode schema = resource.get("schema");
                List<String> keys = new ArrayList<>();
                schema.path("primaryKey").forEach(k -> keys.add(k.asText()));
                schema.path("uniqueKeys").path(0).forEach(k -> keys.add(k.asText()));
                for (JsonNode f : fields) {
                    if (keys.contains(f.get("name").asText()) && !(f.get("name").asText().equals("territoryId")
                            && schema.has("uniqueKeys"))) {
                        assertThat(f.at("/constraints/required").asBoolean()).as(path + " key " + f.get("name")).isTrue();
                    }
                }
                List<List<String>> rows = parse(new String(export.files().get(path), StandardCharsets.UTF_8));
                for (List<String> row : rows.subList(1, rows.size())) {
                    for (int i = 0; i < fields.size(); i++) {
                        assertSatisfiesConstraints(path + " " + fields.get(i).get("name").asText() + " of " + row,
                                fields.get(i), row.get(i));
                        cells++;
                    }
                }
            }
            assertThat(cells).isGreaterThan(1000);
        }
    }

    /**
     * The package is Data Package v2 throughout (uniqueKeys are Table Schema v2): no v1 profile beside it, and every
     * resource a table.
     */
    @Test
    void thePackageDeclaresDataPackageV2ForTheUniqueKeysItUses() throws Exception {
        JsonNode pkg = JSON.readTree(export(new HashSet<>()).files().get(ResearchExport.DATAPACKAGE));
        assertThat(pkg.get("$schema").asText()).isEqualTo("https://datapackage.org/profiles/2.0/datapackage.json");
        assertThat(pkg.has("profile")).isFalse();
        for (JsonNode resource : pkg.get("resources")) {
            assertThat(resource.get("$schema").asText()).isEqualTo("https://datapackage.org/profiles/2.0/dataresource.json");
            assertThat(resource.get("type").asText()).isEqualTo("table");
            assertThat(resource.has("profile")).as(resource.get("name").asText()).isFalse();
        }
    }

    /** Review 17, finding 12: territories.csv has no figure, so no suppressed column that could only ever be empty. */
    @Test
    void theTerritoriesTableHasNoSuppressedColumn() throws Exception {
        ResearchExport export = export(new HashSet<>());
        List<List<String>> rows = parse(new String(export.files().get("territories.csv"), StandardCharsets.UTF_8));
        assertThat(rows.get(0)).containsExactly("territoryId", "name", "countryCode", "kind");
        JsonNode pkg = JSON.readTree(export.files().get(ResearchExport.DATAPACKAGE));
        for (JsonNode resource : pkg.get("resources")) {
            List<String> names = new ArrayList<>();
            resource.at("/schema/fields").forEach(f -> names.add(f.get("name").asText()));
            assertThat(names.contains("suppressed")).as(resource.get("name").asText())
                    .isEqualTo(!resource.get("name").asText().equals("territories"));
        }
    }

    @Test
    void everyFileMatchesItsSchemaInTheDatapackage() throws Exception {
        ResearchExport export = export(new HashSet<>());
        JsonNode pkg = JSON.readTree(export.files().get(ResearchExport.DATAPACKAGE));
        assertThat(pkg.get("name").asText()).isEqualTo("together-research-2021-01-01-2022-01-01");
        assertThat(pkg.get("title").asText()).isNotBlank();
        assertThat(Instant.parse(pkg.get("created").asText())).isEqualTo("2022-01-02T08:00:00Z");
        assertThat(pkg.at("/period/from").asText()).isEqualTo("2021-01-01");
        assertThat(pkg.at("/disclosure/minPublishedCount").asInt()).isEqualTo(5);
        assertThat(pkg.at("/disclosure/rule").asText()).contains("1 to 4").contains("suppressed column");
        Set<String> described = new HashSet<>();
        Set<String> keyed = new HashSet<>();
        for (JsonNode resource : pkg.get("resources")) {
            String path = resource.get("path").asText();
            described.add(path);
            List<List<String>> rows = parse(new String(export.files().get(path), StandardCharsets.UTF_8));
            List<String> names = new ArrayList<>();
            Map<String, String> types = new HashMap<>();
            resource.at("/schema/fields").forEach(f -> {
                names.add(f.get("name").asText());
                types.put(f.get("name").asText(), f.get("type").asText());
                assertThat(f.get("description").asText()).as(path + " " + f.get("name")).isNotBlank();
            });
            assertThat(rows.get(0)).as(path + ": header = schema fields, in order").isEqualTo(names);
            // a declared primary key: fields of the table, never empty, unique over the rows
            List<Integer> key = new ArrayList<>();
            resource.at("/schema/primaryKey").forEach(k -> key.add(names.indexOf(k.asText())));
            assertThat(key).as(path + ": primary key fields are fields").doesNotContain(-1);
            if (!key.isEmpty()) {
                keyed.add(path);
                Set<List<String>> seen = new HashSet<>();
                for (List<String> row : rows.subList(1, rows.size())) {
                    List<String> values = key.stream().map(row::get).toList();
                    assertThat(values).as(path + ": key never empty").doesNotContain("");
                    assertThat(seen.add(values)).as(path + ": key %s unique", values).isTrue();
                }
            }
            assertThat(rows.size()).as(path).isGreaterThan(1);
            // a table of figures ends with its suppressed column; territories.csv has none
            int figures = names.get(names.size() - 1).equals("suppressed") ? names.size() - 1 : names.size();
            for (List<String> row : rows.subList(1, rows.size())) {
                assertThat(row).as(path).hasSize(names.size());
                Set<String> named = new HashSet<>(figures == names.size() ? List.of() : Arrays.asList(row.get(figures).split(" ")));
                named.remove("");
                for (int i = 0; i < figures; i++) {
                    String name = names.get(i);
                    String value = row.get(i);
                    if (named.contains(name)) {
                        assertThat(value).as("%s: %s named suppressed is empty", path, name).isEmpty();
                        continue;
                    }
                    switch (types.get(name)) {
                        case "integer" -> assertThat(value).as("%s %s", path, name).matches("-?\\d+");
                        case "number" -> {
                            if (!value.isEmpty()) { // a mean of nothing
                                Double.parseDouble(value);
                            }
                        }
                        case "date" -> LocalDate.parse(value);
                        default -> assertThat(types.get(name)).isEqualTo("string");
                    }
                }
                assertThat(names.subList(0, figures)).as("%s: what is named suppressed is a field", path).containsAll(named);
            }
        }
        assertThat(keyed).as("the tables without network rows beside territory rows (an empty territoryId)")
                .containsExactlyInAnyOrder("territories.csv", "cohorts.csv");
        assertThat(described).as("every CSV is described").containsExactlyInAnyOrderElementsOf(
                export.files().keySet().stream().filter(f -> f.endsWith(".csv")).toList());
    }

    @Test
    void aSmallTerritoryIsHiddenAndTheNetworkRowsAreExact() {
        ResearchExport export = export(new HashSet<>());
        List<List<String>> participants = parse(new String(export.files().get("participants.csv"), StandardCharsets.UTF_8));
        List<String> header = participants.get(0);
        int active = header.indexOf("activeAtEnd");
        int fresh = header.indexOf("newParticipants");
        for (List<String> row : participants.subList(1, participants.size())) {
            if (row.get(1).equals("hameau")) {
                // its active figures in every quarter; its new and left where above zero (a zero beside them tells no
                // more than the hidden actives do: nobody joined, or left, in that quarter)
                assertThat(row.get(active)).isEmpty();
                assertThat(row.get(header.size() - 1)).contains("activeAtEnd");
                assertThat(List.of(row.get(fresh), row.get(header.indexOf("leftParticipants")))).allMatch(c -> c.isEmpty() || c.equals("0"));
            }
        }
        long networkNew = participants.stream().skip(1).filter(r -> r.get(0).equals("network"))
                .mapToLong(r -> Long.parseLong(r.get(fresh))).sum();
        assertThat(networkNew).isEqualTo(2 + 7 + 12 + 25);
    }

    /**
     * Review 11, finding 8: the tool counts are users who first reached a stage in the quarter, the snapshot's distinct
     * users of its period, yet the package said "by the same rules as the live figures and the quarterly snapshot".
     */
    @Test
    void theDatapackageSaysTheToolCountsAreFirstReachedNotTheSnapshots() throws Exception {
        ResearchExport export = export(new HashSet<>());
        JsonNode pkg = JSON.readTree(export.files().get(ResearchExport.DATAPACKAGE));
        assertThat(pkg.get("description").asText()).doesNotContain("by the same rules as the live figures and the quarterly snapshot")
                .contains("Not always the same numbers: tools.csv counts the users who first reached a stage in the quarter");
        String first = "first reached in the quarter (the snapshot counts distinct users in its period, so its figures for one "
                + "quarter can be larger; adopters can be fewer than completers when they started in an earlier quarter)";
        Map<String, JsonNode> resources = new HashMap<>();
        pkg.get("resources").forEach(r -> resources.put(r.get("name").asText(), r));
        assertThat(resources.get("tools").get("description").asText().toLowerCase()).contains(first);
        for (JsonNode field : resources.get("tools").at("/schema/fields")) {
            if (List.of("discovered", "started", "completed", "adopters").contains(field.get("name").asText())) {
                assertThat(field.get("description").asText().toLowerCase()).as(field.get("name").asText()).contains(first);
            }
        }
    }

    /** Review 11, finding 7: the participants table describes its returning column and the identity it completes. */
    @Test
    void theDatapackageDescribesReturningParticipantsAndTheQuarterIdentity() throws Exception {
        JsonNode pkg = JSON.readTree(export(new HashSet<>()).files().get(ResearchExport.DATAPACKAGE));
        JsonNode participants = null;
        for (JsonNode r : pkg.get("resources")) {
            participants = r.get("name").asText().equals("participants") ? r : participants;
        }
        assertThat(participants.get("description").asText()).contains("activeAtEnd = previous activeAtEnd + newParticipants + "
                + "returningParticipants - leftParticipants");
        List<String> names = new ArrayList<>();
        participants.at("/schema/fields").forEach(f -> names.add(f.get("name").asText()));
        assertThat(names).containsSubsequence("activeAtEnd", "newParticipants", "returningParticipants", "leftParticipants");
    }

    /**
     * Review 9, item 9: the datapackage said "Zero and network rows are published" and "at least two, together at
     * least k" unconditionally, while zeros are hidden with a small partner or their family, and a network under k
     * is published over cells hidden together; the figures tables had no key and nothing linked territoryId to
     * territories.csv; a partial quarter looked whole.
     */
    @Test
    void theDatapackageSaysWhatTheFilesDoKeysEveryFiguresTableAndNamesPartialQuarters() throws Exception {
        ResearchExport export = export(new HashSet<>());
        JsonNode pkg = JSON.readTree(export.files().get(ResearchExport.DATAPACKAGE));
        String rule = pkg.at("/disclosure/rule").asText();
        assertThat(rule).doesNotContain("Zero and network rows are published").doesNotContain("and so are the other zeros")
                .contains("A zero is published, except when it is hidden as the partner of a small count or with its family")
                .contains("together at least 5 when the network's figure is at least 5")
                .contains("when the network's figure is under 5, it is published and the cells under it are hidden with at "
                        + "least one other cell")
                .contains("figures that bound each other are hidden together")
                // review 15, finding 1: true of the export alone, not beside the live API or a snapshot of another period
                .doesNotContain("so that none can be worked out by subtraction;")
                .contains("so that none can be worked out by subtraction within this export")
                .contains("do not read them beside other public outputs of a different period (the live query API, a "
                        + "quarterly snapshot)")
                // findings 3 and 5: a network figure of one person, or of one territory's people, is theirs
                .contains("Network rows are always published, however small: a network mean of one value is that "
                        + "person's own value");
        assertThat(pkg.at("/period/note").asText()).contains("every quarter of this export is whole");

        Set<String> territories = new HashSet<>();
        parse(new String(export.files().get("territories.csv"), StandardCharsets.UTF_8)).stream().skip(1)
                .forEach(r -> territories.add(r.get(0)));
        Map<String, List<String>> expected = Map.of(
                "participants", List.of("scope", "territoryId", "quarter"),
                "tools", List.of("scope", "territoryId", "quarter", "toolId"),
                "wellbeing", List.of("scope", "territoryId", "quarter"),
                "wellbeing-dimensions", List.of("scope", "territoryId", "quarter", "dimension"),
                "footprint", List.of("scope", "territoryId", "quarter"),
                "footprint-domains", List.of("scope", "territoryId", "quarter", "domain"),
                "approaches", List.of("scope", "territoryId", "quarter", "approachKind"));
        Set<String> checked = new HashSet<>();
        for (JsonNode resource : pkg.get("resources")) {
            String name = resource.get("name").asText();
            JsonNode schema = resource.get("schema");
            if (!expected.containsKey(name)) {
                continue;
            }
            checked.add(name);
            List<String> key = new ArrayList<>();
            schema.at("/uniqueKeys/0").forEach(k -> key.add(k.asText()));
            assertThat(key).as(name).isEqualTo(expected.get(name));
            assertThat(schema.at("/foreignKeys/0/fields/0").asText()).as(name).isEqualTo("territoryId");
            assertThat(schema.at("/foreignKeys/0/reference/resource").asText()).isEqualTo("territories");
            assertThat(schema.at("/foreignKeys/0/reference/fields/0").asText()).isEqualTo("territoryId");
            List<List<String>> rows = parse(new String(export.files().get(name + ".csv"), StandardCharsets.UTF_8));
            List<String> header = rows.get(0);
            List<Integer> at = key.stream().map(header::indexOf).toList();
            Set<List<String>> seen = new HashSet<>();
            int network = 0;
            for (List<String> row : rows.subList(1, rows.size())) {
                List<String> values = at.stream().map(row::get).toList();
                assertThat(seen.add(values)).as("%s: %s unique, the network's rows too", name, values).isTrue();
                String territory = row.get(header.indexOf("territoryId"));
                if (territory.isEmpty()) {
                    network++;
                } else {
                    assertThat(territories).as("%s: a territoryId is in territories.csv", name).contains(territory);
                }
            }
            assertThat(network).as(name + ": network rows, each with its own key").isPositive();
        }
        assertThat(checked).isEqualTo(expected.keySet());

        ResearchExport partial = ResearchExports.over(new Window(LocalDate.parse("2021-02-15"), LocalDate.parse("2021-12-06")),
                network(new HashSet<>()), reference(), K5, Optional.empty(), Instant.parse("2022-01-02T08:00:00Z"));
        JsonNode cut = JSON.readTree(partial.files().get(ResearchExport.DATAPACKAGE));
        assertThat(cut.at("/period/note").asText()).contains("the quarters 2021-Q1 and 2021-Q4 are partial")
                .contains("A partial quarter keeps its calendar label");
        ResearchExport lastCut = ResearchExports.over(new Window(LocalDate.parse("2021-01-01"), LocalDate.parse("2021-12-06")),
                network(new HashSet<>()), reference(), K5, Optional.empty(), Instant.parse("2022-01-02T08:00:00Z"));
        assertThat(JSON.readTree(lastCut.files().get(ResearchExport.DATAPACKAGE)).at("/period/note").asText())
                .contains("the quarter 2021-Q4 is partial");
        assertThat(cut.at("/resources/0/schema/fields/2/description").asText()).contains("may be partial");
    }

    /**
     * Review 14, finding 6: an export may end with today, as a snapshot may. Its last day has not ended: the note says
     * its figures are those received up to the export, and an export of ended days does not say so.
     */
    @Test
    void aPeriodEndingWithTheDayOfTheExportSaysItsLastDayHadNotEnded() throws Exception {
        ResearchExport withToday = ResearchExports.over(new Window(LocalDate.parse("2021-10-01"), LocalDate.parse("2021-12-08")),
                network(new HashSet<>()), reference(), K5, Optional.empty(), Instant.parse("2021-12-07T11:40:00Z"));
        assertThat(JSON.readTree(withToday.files().get(ResearchExport.DATAPACKAGE)).at("/period/note").asText())
                .contains("the quarter 2021-Q4 is partial")
                .contains("The period's last day, 2021-12-07, had not ended at receivedUpTo: its figures count the "
                        + "events received up to then");
        ResearchExport ended = ResearchExports.over(new Window(LocalDate.parse("2021-10-01"), LocalDate.parse("2021-12-07")),
                network(new HashSet<>()), reference(), K5, Optional.empty(), Instant.parse("2021-12-07T11:40:00Z"));
        assertThat(JSON.readTree(ended.files().get(ResearchExport.DATAPACKAGE)).at("/period/note").asText())
                .doesNotContain("had not ended");
    }

    /** Review 9, item 10b: the export (for named researchers) was written 0755/0644; it is its owner's only. */
    @Test
    void theExportIsWrittenForItsOwnerOnly(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        java.nio.file.Path out = dir.resolve("research");
        List<java.nio.file.Path> files = export(new HashSet<>()).write(out);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(out)))
                .isEqualTo("rwx------");
        assertThat(files).hasSize(10).allSatisfy(f -> assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------"));
        try (var listing = java.nio.file.Files.list(out)) {
            assertThat(listing.filter(p -> p.toString().endsWith(".partial"))).isEmpty();
        }
    }

    /**
     * Review 13: Alpha's 5 assessments were hidden as the partner of Beta's 1, but its mean 2.96 t was published; 6 x 2.96
     * is over the network's 15.8 t, so Alpha had 5, and the network's rows gave Beta's one footprint of 1.0 t away.
     */
    @Test
    void aMeanBesideItsHiddenCountIsHiddenWithItSoNoCountCanBeWorkedOutFromMeanTimesCount() {
        List<SpecificRecord> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(Events.joined("bourg", "bourg-" + i, at("2021-11-02")));
            events.add(Events.footprint("bourg", "bourg-" + i, 2.96, at("2021-11-03")));
        }
        events.add(Events.joined("hameau", "hameau-0", at("2021-11-02")));
        events.add(Events.footprint("hameau", "hameau-0", 1.0, at("2021-11-04")));
        for (int i = 0; i < 6; i++) {
            events.add(Events.joined("tbilisi", "tbilisi-" + i, at("2021-11-02")));
        }
        ResearchExport export = ResearchExports.over(YEAR, events, reference(), K5, Optional.empty(), Instant.parse("2022-01-02T08:00:00Z"));

        List<List<String>> rows = parse(new String(export.files().get("footprint.csv"), StandardCharsets.UTF_8));
        List<String> header = rows.get(0);
        Map<String, List<String>> q4 = new HashMap<>();
        rows.subList(1, rows.size()).stream().filter(r -> r.get(2).equals("2021-Q4")).forEach(r -> q4.put(r.get(1), r));
        assertThat(q4.get("").get(header.indexOf("assessments"))).as("the network's").isEqualTo("6");
        assertThat(q4.get("hameau").get(header.indexOf("assessments"))).isEmpty();
        assertThat(q4.get("bourg").get(header.indexOf("assessments"))).as("the partner").isEmpty();
        assertThat(q4.get("bourg").get(header.indexOf("meanTonnes"))).as("the partner's mean").isEmpty();
        assertThat(q4.get("bourg").get(header.indexOf("suppressed"))).contains("meanTonnes");
    }

    @Test
    void inEveryTableATerritorysMeanIsPublishedOnlyBesideItsPublishedCount() {
        ResearchExport export = export(new HashSet<>());
        Map<String, String[]> meanAndCount = Map.of("footprint.csv", new String[] {"meanTonnes", "assessments"},
                "footprint-domains.csv", new String[] {"meanTonnes", "assessments"},
                "tools.csv", new String[] {"meanRating", "ratings"}, "wellbeing-dimensions.csv", new String[] {"meanScore", "scores"});
        int checked = 0;
        for (Map.Entry<String, String[]> table : meanAndCount.entrySet()) {
            List<List<String>> rows = parse(new String(export.files().get(table.getKey()), StandardCharsets.UTF_8));
            int mean = rows.get(0).indexOf(table.getValue()[0]);
            int count = rows.get(0).indexOf(table.getValue()[1]);
            assertThat(mean).as(table.getKey()).isNotNegative();
            assertThat(count).as(table.getKey()).isNotNegative();
            for (List<String> r : rows.subList(1, rows.size())) {
                if (r.get(count).isEmpty()) {
                    assertThat(r.get(mean)).as(table.getKey() + " " + r).isEmpty();
                    checked++;
                }
            }
        }
        assertThat(checked).as("rows with a hidden count").isPositive();
    }

    @Test
    void inEveryQuarterTheHiddenTerritoriesAreNoneOrTwoOrMoreTogetherAtLeastK() {
        ResearchExport export = export(new HashSet<>());
        for (String table : List.of("participants.csv", "tools.csv", "wellbeing.csv", "footprint.csv", "footprint-domains.csv",
                "approaches.csv")) {
            List<List<String>> rows = parse(new String(export.files().get(table), StandardCharsets.UTF_8));
            List<String> header = rows.get(0);
            int key = table.equals("tools.csv") ? header.indexOf("toolId") : table.equals("footprint-domains.csv")
                    ? header.indexOf("domain") : table.equals("approaches.csv") ? header.indexOf("approachKind") : 2;
            for (int column = 5; column < header.size() - 1; column++) {
                if (!header.get(column).matches("activeAtEnd|newParticipants|returningParticipants|leftParticipants|discovered|started|completed|adopters|ratings|evaluations|newGroups|citizens|assessments|approachesAtEnd")) {
                    continue;
                }
                Map<String, long[]> byQuarter = new HashMap<>(); // network, published, hidden, published above zero
                for (List<String> r : rows.subList(1, rows.size())) {
                    String group = r.get(2) + "|" + r.get(key);
                    long[] g = byQuarter.computeIfAbsent(group, x -> new long[4]);
                    if (r.get(0).equals("network")) {
                        g[0] = Long.parseLong(r.get(column));
                    } else if (r.get(column).isEmpty()) {
                        g[2]++;
                    } else {
                        g[1] += Long.parseLong(r.get(column));
                        g[3] += Long.parseLong(r.get(column)) > 0 ? 1 : 0;
                    }
                }
                for (Map.Entry<String, long[]> e : byQuarter.entrySet()) {
                    long[] g = e.getValue();
                    long rest = g[0] - g[1];
                    if (g[2] > 0 && rest > 0) {
                        assertThat(g[2]).as("%s %s %s: hidden territories", table, header.get(column), e.getKey()).isGreaterThanOrEqualTo(2);
                        if (rest < 5) {
                            // the rule had no other territory to take (the others are zero): the network row is published
                            assertThat(g[3]).as("%s %s %s: what they add up to is under k only when no other territory is above zero",
                                    table, header.get(column), e.getKey()).isZero();
                        }
                    }
                }
            }
        }
    }

    @Test
    void noParticipantOrGroupIdAndNoEventLevelRowIsInAnyFile() {
        Set<String> ids = new HashSet<>();
        ResearchExport export = export(ids);
        assertThat(ids).hasSizeGreaterThan(40);
        export.files().forEach((name, bytes) -> {
            String text = new String(bytes, StandardCharsets.UTF_8);
            for (String id : ids) {
                assertThat(text).as(name).doesNotContain(id);
            }
        });
    }

    @Test
    void namesStayUnicodeCleanAndFormulasAreNeutralised() {
        String territories = new String(export(new HashSet<>()).files().get("territories.csv"), StandardCharsets.UTF_8);
        assertThat(territories).contains("tbilisi,თბილისი,GE,city\r\n").contains("saint-etienne,Saint-Étienne,FR,city\r\n")
                .contains("hameau,\"'=HYPERLINK(\"\"x\"\")\",FR,village\r\n");
    }

    @Test
    void approachesFootprintByDomainAndCohortsAreExportedWithTheSmallTerritoryHidden() {
        ResearchExport export = export(new HashSet<>());
        List<List<String>> approaches = parse(new String(export.files().get("approaches.csv"), StandardCharsets.UTF_8));
        List<String> header = approaches.get(0);
        int evaluations = header.indexOf("evaluations");
        int mean = header.indexOf("meanScore.short-circuits");
        int share = header.indexOf("share.direct-democracy");
        long networkEvaluations = 0;
        boolean hameauSeen = false;
        for (List<String> row : approaches.subList(1, approaches.size())) {
            if (row.get(0).equals("network")) {
                networkEvaluations += Long.parseLong(row.get(evaluations));
                assertThat(row.get(header.size() - 1)).as("network rows are exact").isEmpty();
            } else if (row.get(1).equals("hameau")) {
                hameauSeen = true;
                // two evaluations over the year: a quarter's count is hidden (or zero), so are its means and shares, and
                // the approaches counted at every quarter's end (all quarters or none)
                assertThat(row.get(evaluations)).isIn("", "0");
                assertThat(row.get(mean)).isEmpty();
                assertThat(row.get(share)).isEmpty();
                assertThat(row.get(header.indexOf("approachesAtEnd"))).isEmpty();
                assertThat(row.get(header.size() - 1)).contains("approachesAtEnd", "tonnesCo2eAvoidedPerYearAtEnd");
                if (row.get(evaluations).isEmpty()) {
                    assertThat(row.get(header.size() - 1)).contains("evaluations", "meanScore.short-circuits",
                            "share.direct-democracy");
                }
            }
        }
        assertThat(hameauSeen).isTrue();
        assertThat(networkEvaluations).as("one evaluation per participant").isEqualTo(2 + 7 + 12 + 25);

        List<List<String>> domains = parse(new String(export.files().get("footprint-domains.csv"), StandardCharsets.UTF_8));
        assertThat(domains.get(0)).contains("domain", "assessments", "meanTonnes");
        assertThat(domains.stream().skip(1).filter(r -> r.get(1).equals("hameau")))
                .allSatisfy(r -> assertThat(r.get(domains.get(0).indexOf("meanTonnes"))).isEmpty());

        List<List<String>> cohorts = parse(new String(export.files().get("cohorts.csv"), StandardCharsets.UTF_8));
        List<String> cohortHeader = cohorts.get(0);
        assertThat(cohorts.stream().skip(1)).as("network-wide only").allSatisfy(r -> assertThat(r.get(0)).isEqualTo("network"));
        // the cohort of 2021-Q1 at the end of 2021-Q4: everyone who first joined in January to March
        List<String> q1AtEnd = cohorts.stream().skip(1).filter(r -> r.get(2).equals("2021-Q4")
                && r.get(cohortHeader.indexOf("cohort")).equals("2021-Q1")).findFirst().orElseThrow();
        long joinedInQ1 = network(new HashSet<>()).stream().filter(e -> e instanceof org.together.events.ParticipantJoined)
                .map(e -> ((org.together.events.ParticipantJoined) e).getEnvelope().getOccurredAt())
                .filter(at -> at.isBefore(Instant.parse("2021-04-01T00:00:00Z"))).count();
        assertThat(Long.parseLong(q1AtEnd.get(cohortHeader.indexOf("joined")))).isEqualTo(joinedInQ1);
        assertThat(Long.parseLong(q1AtEnd.get(cohortHeader.indexOf("stillActive")))).isLessThanOrEqualTo(joinedInQ1).isPositive();
    }
}
