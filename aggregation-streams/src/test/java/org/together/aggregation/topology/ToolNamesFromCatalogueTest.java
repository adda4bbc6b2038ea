package org.together.aggregation.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.aggregation.TestEvents.joined;
import static org.together.aggregation.TestEvents.toolUsedByParticipant;
import static org.together.events.ToolStage.COMPLETED;
import static org.together.events.ToolStage.STARTED;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.together.aggregation.query.ApiJson;
import org.together.aggregation.query.AsOf;
import org.together.aggregation.query.FigureQueries;
import org.together.aggregation.query.PublicTerritories;
import org.together.aggregation.query.Summary;
import org.together.aggregation.query.TargetQueries;
import org.together.aggregation.query.ToolsReport;
import org.together.figures.disclosure.DisclosureRule;
import org.together.reference.Target;
import org.together.reference.Tool;
import org.together.schemas.TogetherSerdes;
import org.together.schemas.registry.InMemorySchemaRegistryClient;

/**
 * Every tool answer names the tool as the catalogue (together.tools, extended and corrected at run time) names it now:
 * a tool added after its events were counted, a renamed one, one removed from the catalogue (named by its id).
 */
class ToolNamesFromCatalogueTest {

    private static final AsOf AS_OF = AsOf.endOf(LocalDate.parse("2021-07-10"));
    private static final String KIT = "repair-cafe-kit";

    private final TopologyHarness topology = new TopologyHarness();

    @AfterEach
    void close() {
        topology.close();
    }

    private static Tool tool(String id, String name, Map<String, String> names) {
        return new Tool(id, name, names, Instant.parse("2021-07-09T12:00:00Z"));
    }

    private void kitUsedInLyon() {
        topology.send(joined("lyon", "p-alice-01", "2021-07-01T09:00:00Z"),
                joined("lyon", "p-bob-0001", "2021-07-01T09:00:00Z"),
                toolUsedByParticipant("lyon", "p-alice-01", KIT, STARTED, null, "2021-07-02T09:00:00Z"),
                toolUsedByParticipant("lyon", "p-alice-01", KIT, COMPLETED, 5, "2021-07-03T09:00:00Z"),
                toolUsedByParticipant("lyon", "p-bob-0001", KIT, STARTED, null, "2021-07-04T09:00:00Z"));
    }

    /** The kit's line in every tool answer: network and territory summaries and tools reports, the network's view of a territory. */
    private List<Named> kitEverywhere() {
        FigureQueries q = topology.queries();
        List<Named> lines = new ArrayList<>();
        q.networkSummary(AS_OF).tools().stream().filter(t -> t.toolId().equals(KIT))
                .forEach(t -> lines.add(new Named("network summary", t.name(), t.names(), t.adopters())));
        q.networkTools(AS_OF).tools().stream().filter(t -> t.toolId().equals(KIT))
                .forEach(t -> lines.add(new Named("network tools", t.name(), t.names(), t.adopters())));
        q.territorySummary("lyon", AS_OF).orElseThrow().tools().stream().filter(t -> t.toolId().equals(KIT))
                .forEach(t -> lines.add(new Named("lyon summary", t.name(), t.names(), t.adopters())));
        q.territoryTools("lyon", AS_OF).orElseThrow().tools().stream().filter(t -> t.toolId().equals(KIT))
                .forEach(t -> lines.add(new Named("lyon tools", t.name(), t.names(), t.adopters())));
        FigureQueries.TerritoryNow lyon = q.territoryNow("lyon", AS_OF).orElseThrow();
        lyon.summary().tools().stream().filter(t -> t.toolId().equals(KIT))
                .forEach(t -> lines.add(new Named("lyon now summary", t.name(), t.names(), t.adopters())));
        lyon.tools().tools().stream().filter(t -> t.toolId().equals(KIT))
                .forEach(t -> lines.add(new Named("lyon now tools", t.name(), t.names(), t.adopters())));
        return lines;
    }

    record Named(String where, String name, Map<String, String> names, long adopters) {
    }

    @Test
    void aToolAddedToTheCatalogueAfterItsEventsWereCountedIsAnsweredWithItsName() {
        kitUsedInLyon();
        assertThat(kitEverywhere()).as("not in the catalogue yet: named by its id only").hasSize(6)
                .allSatisfy(t -> {
                    assertThat(t.name()).as(t.where()).isNull();
                    assertThat(t.names()).as(t.where()).isNull();
                    assertThat(t.adopters()).as(t.where()).isEqualTo(2);
                });

        topology.catalogue(tool(KIT, "Repair café kit", Map.of("en", "Repair café kit", "fr", "Kit repair café")));

        assertThat(kitEverywhere()).hasSize(6).allSatisfy(t -> {
            assertThat(t.name()).as(t.where()).isEqualTo("Repair café kit");
            assertThat(t.names()).as(t.where()).isEqualTo(Map.of("en", "Repair café kit", "fr", "Kit repair café"));
            assertThat(t.adopters()).as("%s: the figures are the same", t.where()).isEqualTo(2);
        });
    }

    @Test
    void aRenamedToolIsAnsweredWithItsNewNameAndOnlyTheNamesItNowHas() {
        topology.catalogue(tool(KIT, "Repair kit", Map.of("en", "Repair kit", "fr", "Kit de réparation")));
        kitUsedInLyon();
        assertThat(kitEverywhere()).allSatisfy(t -> assertThat(t.name()).as(t.where()).isEqualTo("Repair kit"));

        topology.catalogue(tool(KIT, "Repair café kit", Map.of("en", "Repair café kit")));

        assertThat(kitEverywhere()).hasSize(6).allSatisfy(t -> {
            assertThat(t.name()).as(t.where()).isEqualTo("Repair café kit");
            assertThat(t.names()).as("%s: the French name was dropped from the catalogue", t.where())
                    .isEqualTo(Map.of("en", "Repair café kit"));
        });
    }

    @Test
    void aToolRemovedFromTheCatalogueKeepsItsFiguresAndIsNamedByItsId() {
        topology.catalogue(tool(KIT, "Repair café kit", Map.of("en", "Repair café kit")));
        kitUsedInLyon();

        topology.removeFromCatalogue(KIT);

        assertThat(kitEverywhere()).hasSize(6).allSatisfy(t -> {
            assertThat(t.name()).as(t.where()).isNull();
            assertThat(t.names()).as(t.where()).isNull();
            assertThat(t.adopters()).as(t.where()).isEqualTo(2);
        });
    }

    @Test
    void theWrittenAnswersCarryTheNamesPublicOnesToo() {
        kitUsedInLyon();
        topology.catalogue(tool(KIT, "Repair café kit", Map.of("fr", "Kit repair café")));
        FigureQueries q = topology.queries();

        JsonNode summary = ApiJson.mapper().valueToTree(q.networkSummary(AS_OF));
        assertThat(summary.at("/tools/0/toolId").asText()).isEqualTo(KIT);
        assertThat(summary.at("/tools/0/name").asText()).isEqualTo("Repair café kit");
        assertThat(summary.at("/tools/0/names/fr").asText()).isEqualTo("Kit repair café");

        PublicTerritories decided = PublicTerritories.decide(c -> q.forEachTerritoryNow(AS_OF, c), DisclosureRule.DEFAULT);
        PublicTerritories.Answers lyon = decided.territory(q.territoryNow("lyon", AS_OF).orElseThrow(), ApiJson.mapper()).orElseThrow();
        for (JsonNode tools : List.of(lyon.summary().get("tools"), lyon.tools().get("tools"))) {
            assertThat(tools).hasSize(1);
            assertThat(tools.get(0).path("adopters").isNull()).as("2 adopters in one territory: hidden from the public").isTrue();
            assertThat(tools.get(0).path("name").asText()).as("the name is not a figure: published").isEqualTo("Repair café kit");
            assertThat(tools.get(0).at("/names/fr").asText()).isEqualTo("Kit repair café");
        }
    }

    @Test
    void aToolTargetCarriesTheToolsCatalogueNameAndOtherTargetsNone() {
        kitUsedInLyon();
        Instant set = Instant.parse("2021-07-01T00:00:00Z");
        topology.target("kit", new Target("kit", "toolAdopters", KIT, null, 10L, LocalDate.parse("2021-12-31"), set));
        topology.target("lyon-kit", new Target("lyon-kit", "toolAdopters", KIT, "lyon", 5L, LocalDate.parse("2021-12-31"), set));
        topology.target("people", new Target("people", "participantsActive", null, null, 50L, LocalDate.parse("2021-12-31"), set));
        topology.catalogue(tool(KIT, "Repair kit", Map.of("en", "Repair kit")));
        topology.catalogue(tool(KIT, "Repair café kit", Map.of("en", "Repair café kit", "fr", "Kit repair café")));

        TargetQueries targets = new TargetQueries(topology.queries(), topology.stores());
        List<TargetQueries.TargetStatus> network = targets.network(AS_OF);
        assertThat(network).extracting(TargetQueries.TargetStatus::targetId).containsExactly("kit", "people");
        assertThat(network.get(0).toolName()).isEqualTo("Repair café kit");
        assertThat(network.get(0).toolNames()).containsEntry("fr", "Kit repair café");
        assertThat(network.get(0).current()).isEqualTo(2);
        assertThat(network.get(1).toolName()).as("not a tool's target").isNull();
        assertThat(network.get(1).toolNames()).isNull();
        TargetQueries.TargetStatus lyon = targets.territory("lyon", AS_OF).get(0);
        assertThat(lyon.toolName()).isEqualTo("Repair café kit");
        assertThat(targets.ofUnknownTerritory("lyon").get(0).toolName()).isEqualTo("Repair café kit");
    }

    @Test
    void theCatalogueIsOffTheEventPath() {
        TopologyDescription described = AggregationTopology.buildTopology(new TogetherSerdes(new InMemorySchemaRegistryClient()))
                .describe();
        described.subtopologies().forEach(s -> s.nodes().forEach(n -> {
            if (n instanceof TopologyDescription.Processor p) {
                assertThat(p.stores()).as("processor %s of the event path", p.name()).doesNotContain(AggregationTopology.TOOLS);
            }
        }));
        assertThat(described.globalStores()).anySatisfy(g -> {
            assertThat(g.source().topicSet()).containsExactly("together.tools");
            assertThat(g.processor().stores()).containsExactly(AggregationTopology.TOOLS);
        });
    }
}
