package org.together.aggregation.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.aggregation.TestEvents.assessed;
import static org.together.aggregation.TestEvents.joined;
import static org.together.aggregation.TestEvents.toolUsedByParticipant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.together.aggregation.query.ApiJson;
import org.together.aggregation.query.AsOf;
import org.together.figures.Period;
import org.together.events.ToolStage;

/** The JSON of a summary and of a growth series has exactly the fields of the query contract. */
class SummaryContractTest {

    private final ObjectMapper json = ApiJson.mapper();

    @Test
    void aSummaryHasTheContractsFieldsAndARatioWithNothingToDivideByIsNull() throws Exception {
        try (TopologyHarness topology = new TopologyHarness()) {
            topology.send(joined("lyon", "p-alice-01", "2021-07-10T09:00:00Z"),
                    toolUsedByParticipant("lyon", "p-alice-01", "choices-guide", ToolStage.DISCOVERED, null, "2021-07-10T10:00:00Z"),
                    assessed("lyon", "p-alice-01", 1.5, "2021-07-10T11:00:00Z"));
            JsonNode summary = json.valueToTree(topology.queries().networkSummary(AsOf.endOf(LocalDate.parse("2021-07-10"))));

            assertThat(names(summary)).containsExactly("scope", "asOf", "participantsActive", "participantsEver", "newParticipants",
                    "growth", "territoriesActive", "countries", "tools", "wellbeing", "footprint", "lastEventAt");
            assertThat(names(summary.get("newParticipants"))).containsExactly("day", "week", "month", "quarter");
            assertThat(names(summary.get("growth"))).containsExactly("weekOverWeek", "quarterOverQuarter");
            assertThat(names(summary.get("tools").get(0))).containsExactly("toolId", "name", "names", "adopters", "starts", "completions",
                    "completionRate", "uptakeRate", "meanRating");
            assertThat(names(summary.get("wellbeing"))).containsExactly("evaluations", "groups", "citizens", "dimensions");
            assertThat(names(summary.get("wellbeing").get("dimensions").get(0)))
                    .containsExactly("dimension", "wellbeing", "illbeing", "action", "meanScore");
            assertThat(names(summary.get("footprint"))).containsExactly("assessments", "meanTonnes", "shareUnder2t");

            assertThat(summary.get("asOf").asText()).isEqualTo("2021-07-10T23:59:59.999Z");
            assertThat(summary.get("lastEventAt").asText()).isEqualTo("2021-07-10T11:00:00Z");
            assertThat(summary.get("tools").get(0).get("completionRate").isNull()).as("no starts: nothing to divide by").isTrue();
            assertThat(summary.get("tools").get(0).get("uptakeRate").asDouble()).isEqualTo(0.0);
            assertThat(summary.get("footprint").get("shareUnder2t").asDouble()).isEqualTo(1.0);
            assertThat(summary.get("growth").get("weekOverWeek").isNull()).isTrue();

            JsonNode week = json.valueToTree(topology.queries().networkGrowth(Period.WEEK,
                    LocalDate.parse("2021-07-05"), LocalDate.parse("2021-07-12"), LocalDate.parse("2021-07-10"))).get(0);
            assertThat(names(week)).containsExactly("period", "start", "newParticipants", "returningParticipants", "leftParticipants",
                    "activeAtEnd");
            assertThat(week.get("period").asText()).isEqualTo("2021-W27");
            assertThat(week.get("start").asText()).isEqualTo("2021-07-05");
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
