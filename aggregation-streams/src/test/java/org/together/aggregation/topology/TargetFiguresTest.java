package org.together.aggregation.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.together.aggregation.TestEvents.joined;
import static org.together.aggregation.TestEvents.toolUsedByParticipant;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.together.aggregation.query.AsOf;
import org.together.aggregation.query.TargetQueries;
import org.together.events.ToolStage;
import org.together.reference.Target;

/** The meeting's targets against the live figures: where they stand and where the trend leads. */
class TargetFiguresTest {

    /** A Wednesday: the last 8 complete ISO weeks are 2021-W20 (17-23 May) to 2021-W27 (5-11 July). */
    private static final AsOf AS_OF = AsOf.endOf(LocalDate.parse("2021-07-14"));
    private final TopologyHarness topology = new TopologyHarness();

    @AfterEach
    void close() {
        topology.close();
    }

    private static Target target(String id, String metric, String toolId, String territoryId, long value, String due) {
        return new Target(id, metric, toolId, territoryId, value, LocalDate.parse(due), Instant.parse("2021-07-01T00:00:00Z"));
    }

    /** Two people join Lyon every Wednesday of weeks W20 to W27; one of each pair starts the choices guide. */
    private void twoJoinsAWeek() {
        LocalDate wednesday = LocalDate.parse("2021-05-19");
        for (int week = 0; week < 8; week++, wednesday = wednesday.plusWeeks(1)) {
            String at = wednesday + "T10:00:00Z";
            topology.send(joined("lyon", "p-w" + week + "-first", at), joined("lyon", "p-w" + week + "-second", at),
                    toolUsedByParticipant("lyon", "p-w" + week + "-first", "choices-guide", ToolStage.STARTED, null, at));
        }
    }

    @Test
    void aNetworkTargetAboveTheTrendIsNotOnTrackAndOneBelowIs() {
        twoJoinsAWeek();
        topology.target("active-autumn", target("active-autumn", "participantsActive", null, null, 35, "2021-09-30"));
        topology.target("active-stretch", target("active-stretch", "participantsActive", null, null, 45, "2021-09-30"));

        List<TargetQueries.TargetStatus> network = new TargetQueries(topology.queries(), topology.stores()).network(AS_OF);

        assertThat(network).extracting(TargetQueries.TargetStatus::targetId).containsExactly("active-autumn", "active-stretch");
        TargetQueries.TargetStatus autumn = network.get(0);
        assertThat(autumn.current()).isEqualTo(16);
        assertThat(autumn.progress()).isCloseTo(16 / 35.0, within(1e-12));
        assertThat(autumn.trend()).extracting(w -> w.value()).containsExactly(2L, 4L, 6L, 8L, 10L, 12L, 14L, 16L);
        // a straight line: 2 at the end of W20 (23 May), 2 more a week; 30 September is 130 days later
        assertThat(autumn.projectedAtDue()).isCloseTo(2 + 2 * 130 / 7.0, within(1e-9));
        assertThat(autumn.onTrack()).isTrue();
        // 19 left in the 11 whole weeks from 14 July to 30 September
        assertThat(autumn.requiredPerWeek()).isCloseTo(19 / 11.0, within(1e-12));
        assertThat(network.get(1).onTrack()).isFalse();
    }

    @Test
    void aTerritoryToolTargetCountsThatToolsAdoptersThereAndADeletedTargetGoes() {
        twoJoinsAWeek();
        topology.target("lyon-guide", target("lyon-guide", "toolAdopters", "choices-guide", "lyon", 20, "2021-12-31"));
        topology.target("gone", target("gone", "participantsEver", null, "lyon", 20, "2021-12-31"));
        topology.target("gone", null);

        TargetQueries queries = new TargetQueries(topology.queries(), topology.stores());
        assertThat(queries.network(AS_OF)).isEmpty();
        List<TargetQueries.TargetStatus> lyon = queries.territory("lyon", AS_OF);
        assertThat(lyon).extracting(TargetQueries.TargetStatus::targetId).containsExactly("lyon-guide");
        assertThat(lyon.get(0).current()).as("one adopter a week for 8 weeks").isEqualTo(8);
        assertThat(lyon.get(0).trend()).extracting(w -> w.week()).startsWith("2021-W20").endsWith("2021-W27");
    }
}
