package org.together.aggregation.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.together.figures.Figures;
import org.together.figures.Footprints;
import org.together.figures.disclosure.DisclosureRule;
import org.together.reference.Territory;
import org.together.schemas.Annex1;

/**
 * The compact public figures of territories publish exactly what deciding every figure of every territory together
 * did ({@link WholeNetworkPublicTerritories}): the same ranked list, the same answers, the same figures suppressed.
 */
class PublicTerritoriesTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void everyAnswerAndTheRankedListAreThoseOfTheWholeNetworkDecision() throws Exception {
        Random random = new Random(611L);
        AsOf asOf = AsOf.now();
        int suppressedLines = 0;
        for (int round = 0; round < 40; round++) {
            DisclosureRule rule = new DisclosureRule(2 + random.nextInt(7));
            List<FigureQueries.TerritoryNow> territories = new ArrayList<>();
            int n = 1 + random.nextInt(round % 6 == 0 ? 80 : 20);
            for (int i = 0; i < n; i++) {
                territories.add(territory(String.format("t-%04d", i), new Random(random.nextLong()), rule.minPublishedCount(), asOf));
            }
            WholeNetworkPublicTerritories reference = WholeNetworkPublicTerritories.of(territories, rule, json);
            PublicTerritories compact = PublicTerritories.of(territories, rule);

            List<ObjectNode> lines = compact.ranked(json, 0, Integer.MAX_VALUE);
            assertThat(lines).as("round %d, k=%d: the ranked list", round, rule.minPublishedCount())
                    .isEqualTo(reference.ranked());
            assertThat(new String(compact.rankedJson(json), java.nio.charset.StandardCharsets.UTF_8))
                    .as("the whole list, written line by line").isEqualTo(json.valueToTree(reference.ranked()).toString());
            assertThat(compact.ranked(json, 2, 3)).isEqualTo(reference.ranked().subList(Math.min(2, n), Math.min(5, n)));
            suppressedLines += (int) lines.stream().filter(l -> !l.get("suppressed").isEmpty()).count();
            for (FigureQueries.TerritoryNow t : territories) {
                String id = t.headline().territoryId();
                WholeNetworkPublicTerritories.Answers expected = reference.territory(id).orElseThrow();
                PublicTerritories.Answers answers = compact.territory(t, json).orElseThrow();
                String where = "round " + round + ", " + id;
                assertThat(answers.summary()).as(where + " summary").isEqualTo(expected.summary());
                assertThat(answers.tools()).as(where + " tools").isEqualTo(expected.tools());
                assertThat(answers.wellbeing()).as(where + " wellbeing").isEqualTo(expected.wellbeing());
                assertThat(answers.approaches()).as(where + " approaches").isEqualTo(expected.approaches());
                assertThat(answers.footprint()).as(where + " footprint").isEqualTo(expected.footprint());
            }
        }
        assertThat(suppressedLines).as("lines with a figure suppressed").isGreaterThan(120);
    }

    @Test
    void aTerritoryNotKnownWhenTheFiguresWereDecidedHasNoAnswerFromThem() {
        AsOf asOf = AsOf.now();
        PublicTerritories decided = PublicTerritories.of(List.of(territory("t-a", new Random(1), 5, asOf)), DisclosureRule.DEFAULT);
        FigureQueries.TerritoryNow newer = territory("t-b", new Random(2), 5, asOf);
        assertThat(decided.decided("t-b")).isFalse();
        assertThat(decided.territory(newer, json)).isEqualTo(Optional.empty());
    }

    /** A territory of random figures, many of them small. */
    static FigureQueries.TerritoryNow territory(String id, Random random, int k, AsOf asOf) {
        LocalDate today = asOf.day();
        Figures totals = new Figures();
        long participants = count(random, k);
        totals.addParticipants(participants, participants, random.nextInt(2));
        for (String tool : List.of("climate-fresk", "spiral-grid", "footprint-calculator")) {
            if (random.nextInt(3) > 0) {
                totals.addToolStage(tool, Figures.ToolStage.DISCOVERED, count(random, k));
                totals.addToolStage(tool, Figures.ToolStage.STARTED, count(random, k));
                totals.addToolStage(tool, Figures.ToolStage.COMPLETED, count(random, k));
                totals.addToolStage(tool, Figures.ToolStage.ADOPTED, count(random, k));
                for (int r = random.nextInt(8); r > 0; r--) {
                    totals.addToolRating(tool, 1 + random.nextInt(5));
                }
            }
        }
        if (random.nextBoolean()) {
            long groups = count(random, k);
            totals.addEvaluations(groups, groups, groups * (1 + random.nextInt(9)));
            for (String dimension : List.of("A", "C", "H")) {
                totals.addCriteria(dimension, Figures.Question.WELLBEING, random.nextInt(3) == 0 ? 1 : count(random, k));
                totals.addCriteria(dimension, Figures.Question.ACTION, count(random, k));
                for (int s = random.nextInt(7); s > 0; s--) {
                    totals.addScore(dimension, 1 + random.nextInt(5));
                }
            }
        }
        if (random.nextBoolean()) {
            long assessments = count(random, k);
            totals.addAssessments(assessments, 1900 * assessments + random.nextInt(5000), random.nextInt((int) assessments + 1));
            for (String domain : Footprints.DOMAINS) {
                if (random.nextBoolean()) {
                    totals.addFootprintDomain(domain, 300 + random.nextInt(2000), count(random, k));
                }
            }
        }
        if (random.nextInt(3) == 0) {
            for (String kind : List.of("local-partnership", "exchange-system")) {
                for (int e = (int) count(random, k); e > 0; e--) {
                    totals.addApproachEvaluation(kind, Map.of(Annex1.COMPONENTS.get(random.nextInt(3)), 1 + random.nextInt(5)),
                            random.nextBoolean() ? List.of(Annex1.KEY_ELEMENTS.get(random.nextInt(3))) : List.of(), 1);
                }
                totals.addApproaches(kind, count(random, k), random.nextInt(90_000));
            }
        }
        TreeMap<LocalDate, Figures> recent = new TreeMap<>();
        for (int d = random.nextInt(6); d > 0; d--) {
            long joined = count(random, k);
            recent.merge(today.minusDays(random.nextInt(200)), new Figures().addParticipants(joined, joined, random.nextInt(2)),
                    Figures::add);
        }
        Territory registered = random.nextInt(5) == 0 ? null : new Territory(id, "Territory " + id, "FR", "municipality",
                1000L + random.nextInt(100_000), null, null, Instant.parse("2025-01-01T00:00:00Z"));
        return FigureQueries.territoryNow(id, registered, totals, recent, random.nextBoolean(), today.minusDays(300), asOf);
    }

    /** Zero, small (1 to k-1) or not. */
    private static long count(Random random, int k) {
        int draw = random.nextInt(10);
        return draw < 2 ? 0 : draw < 5 ? 1 + random.nextInt(Math.max(1, k - 1)) : k + random.nextInt(40);
    }
}
