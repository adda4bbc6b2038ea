package org.together.reports.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.reports.export.ResearchExportTest.YEAR;
import static org.together.reports.snapshot.Events.at;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.together.events.ApproachKind;
import org.together.events.FootprintBreakdown;
import org.together.events.ToolStage;
import org.together.figures.disclosure.DisclosureRule;
import org.together.reference.Territory;
import org.together.reports.snapshot.Events;
import org.together.reports.snapshot.ReferenceData;

/**
 * Tables that give a territory a row only where it has some (a tool it used, an assessment, a kind of approach): when
 * one territory alone has a count in a quarter, the network's published row is that territory's count unless the
 * others' zeros are hidden too, and they can only be hidden if those territories are listed, with the same cells
 * hidden, where a reader cannot tell them from the one that had some.
 */
class LeftOutTerritoriesTest {

    private static final List<String> TERRITORIES = List.of("alpha", "beta", "gamma", "delta");
    private static final DisclosureRule K5 = ResearchExportTest.K5;

    /**
     * Four territories of 20 participants. In 2021-Q2 alpha alone starts the tool "pilot" (3 users); beta (3) and gamma
     * (9) start "common"; alpha (3) and gamma (9) assess their footprint; alpha (3) and beta (9) evaluate local
     * partnerships. In 2021-Q3 beta alone assesses (2, with a breakdown) and delta alone evaluates two community-health
     * approaches, which it still counts at the end of 2021-Q4.
     */
    private static List<SpecificRecord> network() {
        List<SpecificRecord> events = new ArrayList<>();
        for (String t : TERRITORIES) {
            for (int i = 0; i < 20; i++) {
                events.add(Events.joined(t, t + "-" + i, at("2021-01-10")));
            }
        }
        users(events, "alpha", "pilot", 3);
        users(events, "beta", "common", 3);
        users(events, "gamma", "common", 9);
        for (int i = 0; i < 3; i++) {
            events.add(Events.footprint("alpha", "alpha-" + i, 4.0 + i, at("2021-05-12")));
        }
        for (int i = 0; i < 9; i++) {
            events.add(Events.footprint("gamma", "gamma-" + i, 1.5 + i, at("2021-05-12")));
        }
        for (int i = 0; i < 2; i++) {
            events.add(Events.footprint("beta", "beta-" + i, 3.0 + i, new FootprintBreakdown(1.0, 0.8, 0.6, 0.4, 0.2 + i),
                    at("2021-08-12")));
        }
        for (int i = 0; i < 3; i++) {
            events.add(Events.approach("alpha", "alpha-partnership-" + i, ApproachKind.LOCAL_PARTNERSHIP, 4, 1.0, at("2021-05-20")));
        }
        for (int i = 0; i < 9; i++) {
            events.add(Events.approach("beta", "beta-partnership-" + i, ApproachKind.LOCAL_PARTNERSHIP, 3, 1.0, at("2021-05-20")));
        }
        for (int i = 0; i < 2; i++) {
            events.add(Events.approach("delta", "delta-health-" + i, ApproachKind.COMMUNITY_HEALTH, 5, 2.0, at("2021-08-20")));
        }
        return events;
    }

    private static void users(List<SpecificRecord> events, String territory, String tool, int users) {
        for (int i = 0; i < users; i++) {
            events.add(Events.tool(territory, territory + "-" + i, tool, ToolStage.STARTED, null, at("2021-05-10")));
        }
    }

    private static ReferenceData reference(List<String> territories) {
        Map<String, Territory> registered = new HashMap<>();
        territories.forEach(t -> registered.put(t, Events.territory(t, t, "FR", "village")));
        return new ReferenceData(registered, Map.of(), Map.of());
    }

    private static Map<String, Table> export(List<SpecificRecord> events, List<String> territories, DisclosureRule rule) {
        ResearchExport export = ResearchExports.over(YEAR, events, reference(territories), rule, Optional.empty(), Instant.parse("2022-01-02T08:00:00Z"));
        Map<String, Table> tables = new LinkedHashMap<>();
        export.files().forEach((file, bytes) -> {
            if (file.endsWith(".csv")) {
                List<List<String>> rows = ResearchExportTest.parse(new String(bytes, StandardCharsets.UTF_8));
                tables.put(file.substring(0, file.length() - 4), new Table(rows.get(0), rows.subList(1, rows.size())));
            }
        });
        return tables;
    }

    /** A CSV of the export: its header and rows. */
    record Table(List<String> header, List<List<String>> rows) {
        String get(List<String> row, String field) {
            return row.get(header.indexOf(field));
        }

        Set<String> suppressed(List<String> row) {
            Set<String> named = new HashSet<>(Arrays.asList(row.get(header.size() - 1).split(" ")));
            named.remove("");
            return named;
        }

        /** The rows of a quarter (and key, when the table has one), territories' and network's. */
        List<List<String>> of(String quarter, String key) {
            return rows.stream().filter(r -> r.get(2).equals(quarter) && (key == null || r.get(5).equals(key))).toList();
        }

        List<String> territories(List<List<String>> rows) {
            return rows.stream().filter(r -> r.get(0).equals("territory")).map(r -> r.get(1)).toList();
        }

        List<String> network(List<List<String>> rows) {
            return rows.stream().filter(r -> r.get(0).equals("network")).findFirst().orElseThrow();
        }
    }

    @Test
    void aToolOneTerritoryAloneUsedListsEveryOtherTerritoryWithTheSameCountsHidden() {
        Table tools = export(network(), TERRITORIES, K5).get("tools");
        List<List<String>> pilot = tools.of("2021-Q2", "pilot");
        assertThat(tools.territories(pilot)).as("every territory has a row for the pilot tool, in id order")
                .containsExactly("alpha", "beta", "delta", "gamma");
        assertThat(tools.get(tools.network(pilot), "started")).isEqualTo("3");
        for (List<String> row : pilot.subList(0, 4)) {
            assertThat(tools.get(row, "started")).as(row.get(1)).isEmpty();
            assertThat(tools.get(row, "adopters")).as(row.get(1)).isEmpty();
            assertThat(tools.suppressed(row)).as(row.get(1)).contains("started", "adopters", "completionRate");
            // nothing tells alpha's row from the others': the same cells, the same hidden
            assertThat(row.subList(5, row.size())).as(row.get(1)).isEqualTo(pilot.get(0).subList(5, row.size()));
        }
        assertNoHiddenCountIsTheRestOfItsColumn(tools, pilot, "discovered", "started", "completed", "adopters", "ratings");
        for (String quarter : List.of("2021-Q1", "2021-Q3", "2021-Q4")) {
            assertThat(tools.of(quarter, "pilot")).as("no one used it in %s: no row", quarter).isEmpty();
        }

        List<List<String>> common = tools.of("2021-Q2", "common");
        assertThat(tools.territories(common)).as("two territories used it: no one else is listed").containsExactly("beta", "gamma");
        assertThat(common.subList(0, 2)).allSatisfy(r -> assertThat(tools.get(r, "started")).isEmpty());
        assertNoHiddenCountIsTheRestOfItsColumn(tools, common, "started", "adopters");
    }

    /**
     * Review 17, finding 1: alpha's share under 2 t (1 of 9) hidden beside beta's (5 of 20) published, and the network's
     * share of its 29 assessments gave 6 under 2 t: alpha's 1 by subtraction. Shares' parts are decided as columns:
     * beta's share is hidden with alpha's; both assessment counts stay published.
     */
    @Test
    void aShareHiddenInOneRowIsNotLeftToSubtractionFromTheNetworksShare() {
        List<SpecificRecord> events = new ArrayList<>();
        for (String t : TERRITORIES) {
            for (int i = 0; i < 20; i++) {
                events.add(Events.joined(t, t + "-" + i, at("2021-01-10")));
            }
        }
        for (int i = 0; i < 9; i++) {
            events.add(Events.footprint("alpha", "alpha-" + i, i == 0 ? 1.5 : 4.0, at("2021-05-12")));
        }
        for (int i = 0; i < 20; i++) {
            events.add(Events.footprint("beta", "beta-" + i, i < 5 ? 1.5 : 4.0, at("2021-05-12")));
        }
        Table footprint = export(events, TERRITORIES, K5).get("footprint");
        List<List<String>> q2 = footprint.of("2021-Q2", null);
        assertThat(footprint.territories(q2)).containsExactly("alpha", "beta");
        assertThat(footprint.get(footprint.network(q2), "shareUnder2t")).as("the network's 6 of 29").startsWith("0.206");
        for (List<String> row : q2.subList(0, 2)) {
            assertThat(footprint.get(row, "assessments")).as(row.get(1)).isNotEmpty();
            assertThat(footprint.get(row, "shareUnder2t")).as(row.get(1) + "'s share").isEmpty();
            assertThat(footprint.suppressed(row)).as(row.get(1)).containsExactly("shareUnder2t");
        }
    }

    @Test
    void anAssessmentOrAKindOfApproachOneTerritoryAloneHadListsEveryOtherTerritoryHidden() {
        Map<String, Table> export = export(network(), TERRITORIES, K5);
        Table footprint = export.get("footprint");
        List<List<String>> q3 = footprint.of("2021-Q3", null);
        assertThat(footprint.territories(q3)).containsExactly("alpha", "beta", "delta", "gamma");
        assertThat(footprint.get(footprint.network(q3), "assessments")).isEqualTo("2");
        for (List<String> row : q3.subList(0, 4)) {
            // a mean and a share of a hidden count with no value are named like those of a small one
            assertThat(footprint.suppressed(row)).as(row.get(1)).containsExactlyInAnyOrder("assessments", "meanTonnes", "shareUnder2t");
        }
        assertNoHiddenCountIsTheRestOfItsColumn(footprint, q3, "assessments");
        List<List<String>> q2 = footprint.of("2021-Q2", null);
        assertThat(footprint.territories(q2)).as("two territories assessed: no one else is listed").containsExactly("alpha", "gamma");
        assertThat(footprint.territories(footprint.of("2021-Q1", null))).as("no one assessed").isEmpty();

        Table domains = export.get("footprint-domains");
        for (String domain : List.of("food", "housing", "mobility", "goods", "publicServices")) {
            List<List<String>> rows = domains.of("2021-Q3", domain);
            assertThat(domains.territories(rows)).as(domain).containsExactly("alpha", "beta", "delta", "gamma");
            assertThat(rows.subList(0, 4)).allSatisfy(r -> assertThat(domains.suppressed(r)).containsExactlyInAnyOrder("assessments", "meanTonnes"));
            assertNoHiddenCountIsTheRestOfItsColumn(domains, rows, "assessments");
        }

        Table approaches = export.get("approaches");
        for (String quarter : List.of("2021-Q3", "2021-Q4")) {
            List<List<String>> health = approaches.of(quarter, "community-health");
            assertThat(approaches.territories(health)).as(quarter).containsExactly("alpha", "beta", "delta", "gamma");
            assertThat(approaches.get(approaches.network(health), "approachesAtEnd")).isEqualTo("2");
            for (List<String> row : health.subList(0, 4)) {
                assertThat(approaches.get(row, "approachesAtEnd")).isEmpty();
                assertThat(row.subList(5, row.size())).as("%s %s", quarter, row.get(1)).isEqualTo(health.get(0).subList(5, row.size()));
            }
            assertNoHiddenCountIsTheRestOfItsColumn(approaches, health, "evaluations", "approachesAtEnd");
        }
        assertThat(approaches.suppressed(approaches.of("2021-Q3", "community-health").get(0)))
                .as("delta's evaluations and every mean and share of them, as if some were small")
                .contains("evaluations", "meanScore.short-circuits", "meanScore.relations", "share.direct-democracy")
                .containsAll(approaches.header().stream().filter(f -> f.startsWith("meanScore.")).toList());
        assertThat(approaches.territories(approaches.of("2021-Q2", "community-health"))).isEmpty();
        for (String quarter : List.of("2021-Q2", "2021-Q3", "2021-Q4")) {
            assertThat(approaches.territories(approaches.of(quarter, "local-partnership"))).as(quarter)
                    .containsExactly("alpha", "beta");
        }
    }

    /**
     * Review 9's empty participants table: in 2021-Q2 alpha alone had leavers (3). Its 3 is hidden with one zero, and
     * that territory's participant family with it; the rest of the table stays published (hiding every zero took every
     * territory's family, so every row was empty).
     */
    @Test
    void aSmallCountOneTerritoryAloneHasHidesItWithOneZeroNotTheWholeTable() {
        List<String> territories = List.of("alpha", "beta", "delta", "epsilon", "gamma");
        List<SpecificRecord> events = new ArrayList<>();
        for (String t : territories) {
            for (int i = 0; i < 20; i++) {
                events.add(Events.joined(t, t + "-" + i, at("2021-01-10")));
            }
        }
        for (int i = 0; i < 3; i++) {
            events.add(Events.left("alpha", "alpha-" + i, at("2021-05-10")));
        }
        Table participants = export(events, territories, K5).get("participants");

        List<List<String>> q2 = participants.of("2021-Q2", null);
        assertThat(participants.get(participants.network(q2), "leftParticipants")).isEqualTo("3");
        List<String> hidden = q2.stream().filter(r -> r.get(0).equals("territory") && participants.get(r, "leftParticipants").isEmpty())
                .map(r -> r.get(1)).toList();
        assertThat(hidden).as("alpha's 3 and one zero with it").hasSize(2).contains("alpha");
        for (List<String> row : participants.rows()) {
            if (row.get(0).equals("territory") && !hidden.contains(row.get(1))) {
                assertThat(participants.suppressed(row)).as("%s %s", row.get(1), row.get(2)).isEmpty();
            }
        }
    }

    /**
     * A subject's counts bound each other: a territory that started a tool is among its adopters, one with no
     * evaluation wrote no criteria, one with no assessment gave no domain. So a published zero (or a published count
     * that is the whole network's) beside a hidden count would give it away: a territory's counts of one subject in a
     * quarter are hidden all or none, the listed territories' too, across tables. In 2021-Q2 beta alone has 1 starter
     * and 6 completers of "solo" (7 adopters), and alpha alone 1 evaluation of 12 citizens; in 2021-Q3 gamma alone has
     * 6 assessments, 3 of them with a breakdown by domain.
     */
    @Test
    void aHiddenCountIsNotGivenAwayByAPublishedCountOfTheSameSubject() {
        List<SpecificRecord> events = new ArrayList<>();
        for (String t : TERRITORIES) {
            for (int i = 0; i < 20; i++) {
                events.add(Events.joined(t, t + "-" + i, at("2021-01-10")));
            }
        }
        events.add(Events.tool("beta", "beta-0", "solo", ToolStage.STARTED, null, at("2021-05-10")));
        for (int i = 1; i <= 6; i++) {
            events.add(Events.tool("beta", "beta-" + i, "solo", ToolStage.COMPLETED, null, at("2021-05-10")));
        }
        events.add(Events.criteria("alpha", "alpha-group", 12, at("2021-05-11"),
                Events.criterion("C", org.together.events.SpiralQuestion.WELLBEING, 4)));
        for (int i = 0; i < 6; i++) {
            events.add(i < 3 ? Events.footprint("gamma", "gamma-" + i, 5.0, new FootprintBreakdown(1.0, 1.0, 1.0, 1.0, 1.0), at("2021-08-12"))
                    : Events.footprint("gamma", "gamma-" + i, 5.0, at("2021-08-12")));
        }
        Map<String, Table> export = export(events, TERRITORIES, K5);

        Table tools = export.get("tools");
        List<List<String>> solo = tools.of("2021-Q2", "solo");
        assertThat(tools.territories(solo)).containsExactly("alpha", "beta", "delta", "gamma");
        assertThat(tools.get(tools.network(solo), "adopters")).isEqualTo("7");
        for (List<String> row : solo.subList(0, 4)) {
            assertThat(tools.suppressed(row)).as("%s: else 7 adopters, or 0, would pin 1 starter", row.get(1))
                    .contains("discovered", "started", "completed", "adopters", "ratings");
        }
        Table wellbeing = export.get("wellbeing");
        List<List<String>> q2 = wellbeing.of("2021-Q2", null);
        assertThat(wellbeing.territories(q2)).containsExactly("alpha", "beta", "delta", "gamma");
        for (List<String> row : q2.subList(0, 4)) {
            assertThat(wellbeing.suppressed(row)).as("%s: else 12 citizens, or 0, would pin 1 evaluation", row.get(1))
                    .containsExactlyInAnyOrder("evaluations", "newGroups", "citizens");
        }
        Table footprint = export.get("footprint");
        List<List<String>> q3 = footprint.of("2021-Q3", null);
        assertThat(footprint.get(footprint.network(q3), "assessments")).isEqualTo("6");
        assertThat(footprint.territories(q3)).containsExactly("alpha", "beta", "delta", "gamma");
        for (List<String> row : q3.subList(0, 4)) {
            assertThat(footprint.suppressed(row)).as("%s: else 6 assessments, or 0, would pin the 3 per domain", row.get(1))
                    .contains("assessments");
        }
    }

    /**
     * A reader who takes the published cells from the network row: in every column where something is left, at least
     * two territories are hidden (a territory without a row had none, so it is no help).
     */
    private static void assertNoHiddenCountIsTheRestOfItsColumn(Table table, List<List<String>> rows, String... fields) {
        for (String field : fields) {
            long rest = Long.parseLong(table.get(table.network(rows), field));
            int hidden = 0;
            for (List<String> row : rows) {
                if (row.get(0).equals("territory")) {
                    String cell = table.get(row, field);
                    if (cell.isEmpty()) {
                        hidden++;
                    } else {
                        rest -= Long.parseLong(cell);
                    }
                }
            }
            if (rest > 0) {
                assertThat(hidden).as("%s %s: the network's %s less the published", rows.get(0).get(2), field, rest)
                        .isGreaterThanOrEqualTo(2);
            }
        }
    }

    /**
     * Property: random networks where most territories have none of a tool, an assessment or an approach in a quarter.
     * Every count the test knows is checked against the CSV as a reader would: a territory without a row had none, a
     * published cell is exact and not small, and no hidden count can be worked out from the published ones and the
     * network's row, even by a reader who knows which hidden counts are above zero, as in the figures' own audit
     * ({@code NothingSuppressedCanBeWorkedOutTest}: where zeros are hidden as partners, no one can tell them apart).
     */
    @Test
    void randomSparseNetworksLeaveNoHiddenCountToSubtraction() {
        Random seeds = new Random(20261206L);
        int checked = 0;
        int listed = 0;
        for (int round = 0; round < 20; round++) {
            Random random = new Random(seeds.nextLong());
            DisclosureRule rule = new DisclosureRule(2 + random.nextInt(5));
            SparseNetwork network = new SparseNetwork(random, rule.minPublishedCount(), 2 + random.nextInt(6));
            Map<String, Table> export = export(network.events, network.territories, rule);
            for (Map.Entry<String, Map<String, Long>> column : network.truth.entrySet()) {
                String[] at = column.getKey().split("\\|", -1); // table|field|quarter|key
                Table table = export.get(at[0]);
                List<List<String>> rows = table.of(at[2], at[3].isEmpty() ? null : at[3]);
                checked += audit(table, rows, at[1], column.getValue(), network.territories, rule,
                        "round " + round + " (k=" + rule.minPublishedCount() + ") " + column.getKey());
            }
            for (String name : List.of("tools", "footprint", "footprint-domains", "approaches")) {
                Table table = export.get(name);
                listed += (int) table.rows().stream().filter(r -> r.get(0).equals("territory") && network.noneOf(name, r)).count();
                assertInQuarterTerritoryKeyOrder(table, name.equals("footprint") ? -1 : 5);
                if (name.equals("tools")) {
                    assertMeansOfAHiddenCountAreNamed(table, "started", List.of("completionRate"));
                    assertMeansOfAHiddenCountAreNamed(table, "ratings", List.of("meanRating"));
                } else {
                    assertMeansOfAHiddenCountAreNamed(table, name.equals("approaches") ? "evaluations" : "assessments",
                            table.header().stream().filter(f -> f.startsWith("mean") || f.startsWith("share")).toList());
                }
            }
        }
        assertThat(checked).as("hidden counts above zero audited").isGreaterThan(500);
        assertThat(listed).as("territories listed for their hidden zeros").isGreaterThan(300);
    }

    /** @return how many hidden counts above zero it checked */
    private static int audit(Table table, List<List<String>> rows, String field, Map<String, Long> truth, List<String> territories,
                             DisclosureRule rule, String what) {
        long total = Long.parseLong(table.get(table.network(rows), field));
        assertThat(total).as("%s: the network's row", what).isEqualTo(truth.values().stream().mapToLong(Long::longValue).sum());
        long published = 0;
        boolean publishedAboveZero = false;
        List<Long> hidden = new ArrayList<>();
        Set<String> withRow = new HashSet<>();
        for (List<String> row : rows) {
            if (!row.get(0).equals("territory")) {
                continue;
            }
            withRow.add(row.get(1));
            long value = truth.getOrDefault(row.get(1), 0L);
            String cell = table.get(row, field);
            if (cell.isEmpty()) {
                assertThat(table.suppressed(row)).as("%s: %s's empty cell is named", what, row.get(1)).contains(field);
                hidden.add(value);
            } else {
                assertThat(Long.parseLong(cell)).as("%s: %s published", what, row.get(1)).isEqualTo(value);
                assertThat(rule.isSmall(value)).as("%s: %s published small", what, row.get(1)).isFalse();
                published += value;
                publishedAboveZero |= value > 0;
            }
        }
        for (String t : territories) {
            if (!withRow.contains(t)) {
                assertThat(truth.getOrDefault(t, 0L)).as("%s: %s has no row, so it had none", what, t).isZero();
            }
        }
        long rest = total - published;
        // zeros hidden as partners where nothing above zero is published: a reader cannot tell them from the others
        boolean indistinct = !publishedAboveZero && hidden.contains(0L);
        // the rule's one figure it cannot protect: every territory hidden, each with one, the network's published anyway
        boolean unprotected = hidden.size() == territories.size() && hidden.stream().allMatch(v -> v == 1);
        int checked = 0;
        for (int i = 0; i < hidden.size(); i++) {
            if (hidden.get(i) == 0 || unprotected) {
                continue;
            }
            long othersAtLeast = 0;
            for (int j = 0; j < hidden.size(); j++) {
                othersAtLeast += j == i || indistinct ? 0 : Math.min(1, hidden.get(j));
            }
            long max = rest - othersAtLeast;
            long min = hidden.size() == 1 ? rest : indistinct ? 0 : 1;
            assertThat(max - min).as("%s: a hidden %d lies in [%d, %d] (hidden %s, %d left)", what, hidden.get(i), min, max,
                    hidden, rest).isGreaterThanOrEqualTo(1);
            checked++;
        }
        return checked;
    }

    /**
     * Where a count is hidden, a mean, share or rate of it with no value is named hidden too: an empty cell that is not
     * named would tell that the count is zero.
     */
    private static void assertMeansOfAHiddenCountAreNamed(Table table, String count, List<String> of) {
        assertThat(table.header()).containsAll(of);
        for (List<String> row : table.rows()) {
            if (table.suppressed(row).contains(count)) {
                for (String field : of) {
                    assertThat(!table.get(row, field).isEmpty() || table.suppressed(row).contains(field))
                            .as("%s of a hidden %s: a value or named, in %s", field, count, row).isTrue();
                }
            }
        }
    }

    /** A quarter's rows together, its territories' by id (then key) before the network's. */
    private static void assertInQuarterTerritoryKeyOrder(Table table, int key) {
        for (int i = 1; i < table.rows().size(); i++) {
            List<String> a = table.rows().get(i - 1);
            List<String> b = table.rows().get(i);
            String left = a.get(3) + (a.get(0).equals("network") ? "|1|" : "|0|") + a.get(1) + "|" + (key < 0 ? "" : a.get(key));
            String right = b.get(3) + (b.get(0).equals("network") ? "|1|" : "|0|") + b.get(1) + "|" + (key < 0 ? "" : b.get(key));
            assertThat(left.compareTo(right)).as("%s: %s before %s", table.rows().get(0), left, right).isLessThanOrEqualTo(0);
        }
    }

    /** A random network where most territories have none of each measure in a quarter; the truth kept per cell. */
    static final class SparseNetwork {
        private static final String[] QUARTERS = {"2021-Q1", "2021-Q2", "2021-Q3", "2021-Q4"};
        private static final String[] DAYS = {"2021-02-10", "2021-05-10", "2021-08-10", "2021-11-10"};
        private static final List<String> DOMAINS = List.of("food", "goods", "housing", "mobility", "publicServices");
        private static final List<ApproachKind> KINDS = List.of(ApproachKind.LOCAL_PARTNERSHIP, ApproachKind.COMMUNITY_HEALTH);

        final List<String> territories = new ArrayList<>();
        final List<SpecificRecord> events = new ArrayList<>();
        /** table|field|quarter|key -> territory -> its count, for the territories with any */
        final Map<String, Map<String, Long>> truth = new TreeMap<>();

        SparseNetwork(Random random, int k, int size) {
            for (int t = 0; t < size; t++) {
                String id = "t" + t;
                territories.add(id);
                for (int i = 0; i < 12; i++) {
                    events.add(Events.joined(id, id + "-p" + i, at("2021-01-05")));
                }
            }
            Map<String, Long> approaches = new HashMap<>(); // territory|kind -> approaches so far
            for (int q = 0; q < QUARTERS.length; q++) {
                Instant day = at(DAYS[q]);
                for (String id : territories) {
                    for (String tool : List.of("x", "y", "z")) {
                        long users = draw(random, k);
                        for (int i = 0; i < users; i++) {
                            events.add(Events.tool(id, id + "-" + tool + q + "-" + i, tool, ToolStage.STARTED, null, day));
                        }
                        count("tools|started|" + QUARTERS[q] + "|" + tool, id, users);
                        count("tools|adopters|" + QUARTERS[q] + "|" + tool, id, users);
                    }
                    long assessments = draw(random, k);
                    boolean breakdown = random.nextBoolean();
                    for (int i = 0; i < assessments; i++) {
                        double tonnes = 1 + random.nextInt(8);
                        events.add(Events.footprint(id, id + "-f" + q + "-" + i, tonnes, breakdown
                                ? new FootprintBreakdown(tonnes * 0.3, tonnes * 0.25, tonnes * 0.2, tonnes * 0.15, tonnes * 0.1) : null, day));
                    }
                    count("footprint|assessments|" + QUARTERS[q] + "|", id, assessments);
                    for (String domain : DOMAINS) {
                        count("footprint-domains|assessments|" + QUARTERS[q] + "|" + domain, id, breakdown ? assessments : 0);
                    }
                    for (ApproachKind kind : KINDS) {
                        String wire = kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
                        long evaluations = draw(random, k);
                        for (int i = 0; i < evaluations; i++) {
                            events.add(Events.approach(id, id + "-" + wire + q + "-" + i, kind, 3, 1.0, day));
                        }
                        count("approaches|evaluations|" + QUARTERS[q] + "|" + wire, id, evaluations);
                        long atEnd = approaches.merge(id + "|" + wire, evaluations, Long::sum);
                        count("approaches|approachesAtEnd|" + QUARTERS[q] + "|" + wire, id, atEnd);
                    }
                }
            }
            truth.values().removeIf(Map::isEmpty);
        }

        /** Mostly none; sometimes a small count, rarely k or more. */
        private static long draw(Random random, int k) {
            double draw = random.nextDouble();
            return draw < 0.7 ? 0 : draw < 0.9 ? 1 + random.nextInt(k - 1) : k + random.nextInt(7);
        }

        private void count(String column, String territory, long value) {
            Map<String, Long> cells = truth.computeIfAbsent(column, c -> new TreeMap<>());
            if (value > 0) {
                cells.put(territory, value);
            }
        }

        /** Whether a territory's row stands for counts it had none of (listed for its hidden zeros). */
        boolean noneOf(String table, List<String> row) {
            String quarter = row.get(2);
            String territory = row.get(1);
            String key = table.equals("footprint") ? "" : row.get(5);
            List<String> fields = switch (table) {
                case "tools" -> List.of("started");
                case "approaches" -> List.of("evaluations", "approachesAtEnd");
                default -> List.of("assessments");
            };
            return fields.stream().noneMatch(f -> truth.getOrDefault(table + "|" + f + "|" + quarter + "|" + key, Map.of())
                    .containsKey(territory));
        }
    }
}
