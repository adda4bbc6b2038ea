package org.together.aggregation.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.aggregation.TestEvents.joined;
import static org.together.aggregation.TestEvents.toolUsedByGroup;
import static org.together.aggregation.TestEvents.toolUsedByParticipant;
import static org.together.events.ToolStage.COMPLETED;
import static org.together.events.ToolStage.DISCOVERED;
import static org.together.events.ToolStage.STARTED;

import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.together.aggregation.query.AsOf;
import org.together.aggregation.query.Summary;
import org.together.aggregation.query.ToolsReport;
import org.together.events.ToolUsed;

/** The tool uptake funnel: distinct users per stage, adopters, completion and uptake rates, ratings. */
class ToolUptakeFiguresTest {

    private final TopologyHarness topology = new TopologyHarness();
    private static final AsOf AS_OF = AsOf.endOf(LocalDate.parse("2021-07-10"));

    @AfterEach
    void close() {
        topology.close();
    }

    private ToolsReport.ToolFunnel funnel(String toolId) {
        return topology.queries().networkTools(AS_OF).tools().stream()
                .filter(t -> t.toolId().equals(toolId)).findFirst().orElseThrow();
    }

    @Test
    void eachUserCountsOncePerStageWhateverHowOftenTheyUsedTheTool() {
        topology.send(joined("lyon", "p-alice-01", "2021-07-01T09:00:00Z"),
                joined("lyon", "p-bob-0001", "2021-07-01T09:00:00Z"),
                joined("lyon", "p-carol-01", "2021-07-01T09:00:00Z"),
                joined("lyon", "p-dave-001", "2021-07-01T09:00:00Z"),
                toolUsedByParticipant("lyon", "p-alice-01", "choices-guide", DISCOVERED, null, "2021-07-02T09:00:00Z"),
                toolUsedByParticipant("lyon", "p-alice-01", "choices-guide", STARTED, null, "2021-07-03T09:00:00Z"),
                toolUsedByParticipant("lyon", "p-alice-01", "choices-guide", STARTED, null, "2021-07-04T09:00:00Z"),
                toolUsedByParticipant("lyon", "p-alice-01", "choices-guide", COMPLETED, 4, "2021-07-05T09:00:00Z"),
                toolUsedByParticipant("lyon", "p-bob-0001", "choices-guide", DISCOVERED, null, "2021-07-02T09:00:00Z"),
                toolUsedByParticipant("lyon", "p-bob-0001", "choices-guide", STARTED, 2, "2021-07-06T09:00:00Z"),
                toolUsedByParticipant("lyon", "p-carol-01", "choices-guide", DISCOVERED, null, "2021-07-06T09:00:00Z"));

        ToolsReport.ToolFunnel guide = funnel("choices-guide");
        assertThat(guide.discovered()).isEqualTo(3);
        assertThat(guide.starts()).isEqualTo(2);
        assertThat(guide.completions()).isEqualTo(1);
        assertThat(guide.adopters()).isEqualTo(2);
        assertThat(guide.completionRate()).isEqualTo(0.5);
        assertThat(guide.uptakeRate()).isEqualTo(0.5); // 2 adopters of 4 active participants
        assertThat(guide.meanRating()).isEqualTo(3.0);
        assertThat(guide.ratings()).isEqualTo(2);

        Summary.ToolUptake inSummary = topology.queries().networkSummary(AS_OF).tools().get(0);
        assertThat(inSummary).isEqualTo(new Summary.ToolUptake("choices-guide", 2, 2, 1, 0.5, 0.5, 3.0));
    }

    @Test
    void aUserWhoOnlyCompletedIsAnAdopterAndAGroupCountsAsOneUser() {
        topology.send(toolUsedByParticipant("lyon", "p-alice-01", "footprint-calculator", COMPLETED, null, "2021-07-05T09:00:00Z"),
                toolUsedByGroup("lyon", "g-school-1", "footprint-calculator", STARTED, "2021-07-05T09:00:00Z"),
                toolUsedByGroup("lyon", "g-school-1", "footprint-calculator", STARTED, "2021-07-06T09:00:00Z"));

        ToolsReport.ToolFunnel calculator = funnel("footprint-calculator");
        assertThat(calculator.adopters()).isEqualTo(2);
        assertThat(calculator.starts()).isEqualTo(1);
        assertThat(calculator.completions()).isEqualTo(1);
        assertThat(calculator.completionRate()).isEqualTo(1.0);
        assertThat(calculator.uptakeRate()).as("nobody has joined: nothing to divide by").isNull();
        assertThat(calculator.meanRating()).as("no rating given").isNull();
    }

    @Test
    void aLateEarlierStartMovesTheAdoptionToItsDay() {
        topology.send(toolUsedByParticipant("lyon", "p-alice-01", "action-plan", STARTED, null, "2021-07-08T09:00:00Z"));
        topology.send(toolUsedByParticipant("lyon", "p-alice-01", "action-plan", STARTED, null, "2021-06-08T09:00:00Z"));

        assertThat(topology.queries().networkTools(AsOf.endOf(LocalDate.parse("2021-06-30"))).tools())
                .singleElement().satisfies(t -> {
                    assertThat(t.starts()).isEqualTo(1);
                    assertThat(t.adopters()).isEqualTo(1);
                });
        assertThat(funnel("action-plan").starts()).isEqualTo(1);
    }

    @Test
    void aResentToolEventIsCountedOnce() {
        ToolUsed rated = toolUsedByParticipant("lyon", "p-alice-01", "choices-guide", COMPLETED, 5, "2021-07-05T09:00:00Z");
        ToolUsed other = toolUsedByParticipant("lyon", "p-alice-01", "choices-guide", COMPLETED, 3, "2021-07-06T09:00:00Z");
        topology.send(rated, other, rated);

        assertThat(funnel("choices-guide").ratings()).isEqualTo(2);
        assertThat(funnel("choices-guide").meanRating()).isEqualTo(4.0);
    }
}
