package org.together.aggregation.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.aggregation.TestEvents.joined;
import static org.together.aggregation.TestEvents.left;
import static org.together.aggregation.TestEvents.toolUsedByParticipant;
import static org.together.events.ToolStage.COMPLETED;
import static org.together.events.ToolStage.DISCOVERED;
import static org.together.events.ToolStage.STARTED;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.together.aggregation.query.AsOf;
import org.together.aggregation.query.MeetingQueries;
import org.together.aggregation.query.MeetingReports;
import org.together.figures.Period;

/**
 * Do participants come back? Lyon's participants by the month (or quarter) of their first join: who is still
 * active at the end of each month since, and who started or completed a tool in each.
 */
class CohortFiguresTest {

    private static final AsOf AS_OF = AsOf.endOf(LocalDate.parse("2021-07-10"));
    private final TopologyHarness topology = new TopologyHarness();

    @BeforeEach
    void lyon() {
        // sent in the order an offline workshop app might sync them: late, and out of order
        topology.send(
                toolUsedByParticipant("lyon", "p-alice-01", "choices-guide", COMPLETED, null, "2021-05-02T10:00:00Z"),
                joined("lyon", "p-alice-01", "2021-03-05T10:00:00Z"),
                toolUsedByParticipant("lyon", "p-alice-01", "choices-guide", STARTED, null, "2021-03-20T10:00:00Z"),
                toolUsedByParticipant("lyon", "p-alice-01", "action-plan", STARTED, null, "2021-03-28T10:00:00Z"),
                left("lyon", "p-alice-01", "2021-06-10T10:00:00Z"),
                joined("lyon", "p-bob-0001", "2021-03-25T10:00:00Z"),
                toolUsedByParticipant("lyon", "p-bob-0001", "choices-guide", DISCOVERED, null, "2021-04-01T10:00:00Z"),
                toolUsedByParticipant("lyon", "p-bob-0001", "choices-guide", STARTED, null, "2021-04-15T10:00:00Z"),
                joined("lyon", "p-carol-01", "2021-04-02T10:00:00Z"),
                // Dan joined in February, left, and came back in April
                left("lyon", "p-dan-0001", "2021-03-01T10:00:00Z"),
                joined("lyon", "p-dan-0001", "2021-04-20T10:00:00Z"),
                joined("lyon", "p-dan-0001", "2021-02-10T10:00:00Z"),
                // Erin tried a tool before she joined
                toolUsedByParticipant("lyon", "p-erin-001", "choices-guide", STARTED, null, "2021-02-20T10:00:00Z"),
                joined("lyon", "p-erin-001", "2021-03-10T10:00:00Z"));
    }

    @AfterEach
    void close() {
        topology.close();
    }

    private static MeetingReports.Cohort row(MeetingReports.Cohorts cohorts, String cohort) {
        return cohorts.cohorts().stream().filter(c -> c.cohort().equals(cohort)).findFirst()
                .orElseThrow(() -> new AssertionError("no cohort " + cohort + " in " + cohorts));
    }

    @Test
    void monthlyCohortsFollowWhoStaysAndWhoUsesATool() {
        MeetingReports.Cohorts cohorts = new MeetingQueries(topology.queries()).territoryCohorts("lyon", Period.MONTH, AS_OF)
                .orElseThrow();

        assertThat(cohorts.interval()).isEqualTo("month");
        assertThat(cohorts.cohorts()).extracting(MeetingReports.Cohort::cohort)
                .containsExactly("2021-02", "2021-03", "2021-04", "2021-05", "2021-06", "2021-07");
        MeetingReports.Cohort february = row(cohorts, "2021-02");
        assertThat(february.joined()).isEqualTo(1);
        assertThat(february.stillActive()).as("Dan left in March and came back in April").containsExactly(1L, 0L, 1L, 1L, 1L, 1L);
        assertThat(february.usedATool()).containsExactly(0L, 0L, 0L, 0L, 0L, 0L);

        MeetingReports.Cohort march = row(cohorts, "2021-03");
        assertThat(march.joined()).isEqualTo(3);
        assertThat(march.stillActive()).as("Alice left in June").containsExactly(3L, 3L, 3L, 2L, 2L);
        assertThat(march.usedATool()).as("Alice twice in March counts once; Bob's discovery is not a use; Erin's use "
                + "before she joined is not her cohort's").containsExactly(1L, 1L, 1L, 0L, 0L);

        MeetingReports.Cohort april = row(cohorts, "2021-04");
        assertThat(april.joined()).isEqualTo(1);
        assertThat(april.stillActive()).containsExactly(1L, 1L, 1L, 1L);
        assertThat(row(cohorts, "2021-07").stillActive()).containsExactly(0L);
    }

    @Test
    void quarterlyCohortsAndTheNetworkAgree() {
        MeetingReports.Cohorts network = new MeetingQueries(topology.queries()).networkCohorts(Period.QUARTER, AS_OF);

        assertThat(network.cohorts()).extracting(MeetingReports.Cohort::cohort).containsExactly("2021-Q1", "2021-Q2", "2021-Q3");
        MeetingReports.Cohort q1 = row(network, "2021-Q1");
        assertThat(q1.joined()).isEqualTo(4);
        assertThat(q1.stillActive()).as("Dan was away at the end of Q1; Alice had left by the end of Q2")
                .containsExactly(3L, 3L, 3L);
        assertThat(q1.usedATool()).as("Erin's February use is in her cohort's quarter").containsExactly(2L, 2L, 0L);
        MeetingReports.Cohort q2 = row(network, "2021-Q2");
        assertThat(q2.joined()).isEqualTo(1);
        assertThat(q2.stillActive()).containsExactly(1L, 1L);
        assertThat(q2.usedATool()).containsExactly(0L, 0L);
    }

    @Test
    void asOfAnEarlierDayTheTriangleStopsThere() {
        MeetingReports.Cohorts inApril = new MeetingQueries(topology.queries())
                .territoryCohorts("lyon", Period.MONTH, AsOf.endOf(LocalDate.parse("2021-04-30"))).orElseThrow();
        assertThat(inApril.cohorts()).extracting(MeetingReports.Cohort::cohort).containsExactly("2021-02", "2021-03", "2021-04");
        assertThat(row(inApril, "2021-03").stillActive()).containsExactly(3L, 3L);
        assertThat(row(inApril, "2021-03").usedATool()).containsExactly(1L, 1L);
    }

    @Test
    void aResentToolUseAddsNothing() {
        var use = toolUsedByParticipant("lyon", "p-carol-01", "choices-guide", STARTED, null, "2021-06-03T10:00:00Z");
        topology.send(use, use);
        MeetingReports.Cohort april = row(new MeetingQueries(topology.queries())
                .territoryCohorts("lyon", Period.MONTH, AS_OF).orElseThrow(), "2021-04");
        assertThat(april.usedATool()).containsExactly(0L, 0L, 1L, 0L);
        assertThat(List.of(april.joined())).containsExactly(1L);
    }
}
