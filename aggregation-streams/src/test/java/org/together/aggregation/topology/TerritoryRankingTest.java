package org.together.aggregation.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.together.aggregation.query.AsOf;
import org.together.aggregation.query.FigureQueries;
import org.together.aggregation.query.TerritoryHeadline;
import org.together.reference.Territory;

/**
 * The network keeps its territories in rank order, so a page of the ranked list reads only its own territories: every
 * page is the same part of the whole list ranked at query time, through joins, leaves, registrations and removals.
 */
class TerritoryRankingTest {

    @Test
    void keysSortAsTheRanking() {
        List<String> ordered = List.of(
                TerritoryRanking.key("b", Long.MAX_VALUE, 0),
                TerritoryRanking.key("a", 1_000_000, 2_000_000),
                TerritoryRanking.key("a", 1_000_000, 5),
                TerritoryRanking.key("b", 1_000_000, 5),
                TerritoryRanking.key("z", 1, 1),
                TerritoryRanking.key("a", 0, 3),
                TerritoryRanking.key("a", 0, 0),
                TerritoryRanking.key("b", 0, 0),
                TerritoryRanking.key("c", -1, 0),
                TerritoryRanking.key("c", Long.MIN_VALUE, 0));
        assertThat(ordered).isSorted();
        assertThat(TerritoryRanking.territoryOf(TerritoryRanking.key("t-01", 12, 40))).isEqualTo("t-01");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {20210710L, 7L, 1234567L})
    void everyPageIsThatPartOfTheWholeRankedList(long seed) {
        RandomLog log = new RandomLog(seed);
        try (TopologyHarness live = new TopologyHarness()) {
            log.reference.territories().values().forEach(live::register);
            live.register(territory("registered-without-events", "BE"));
            live.checkRegistrations();
            for (int i = 0; i < log.events.size(); i += 25) {
                live.send(log.events.subList(i, Math.min(i + 25, log.events.size())).toArray(SpecificRecord[]::new));
            }
            live.checkRegistrations();
            FigureQueries queries = live.queries();
            AsOf today = AsOf.endOf(RandomLog.LAST_DAY.plusDays(30));

            List<TerritoryHeadline> whole = queries.territories(today);
            assertThat(whole).extracting(TerritoryHeadline::territoryId).contains("registered-without-events");
            assertPagesAreTheWhole(queries, today, whole);
            // as of a day with figures after it, the page is cut from the whole list ranked as of that day
            AsOf earlier = AsOf.endOf(RandomLog.FIRST_DAY.plusDays(300));
            assertPagesAreTheWhole(queries, earlier, queries.territories(earlier));

            // a removed registration leaves the ranking, a new one joins it
            live.unregister("registered-without-events");
            live.register(territory("newly-registered", "FR"));
            live.checkRegistrations();
            List<TerritoryHeadline> after = queries.territories(today);
            assertThat(after).extracting(TerritoryHeadline::territoryId)
                    .contains("newly-registered").doesNotContain("registered-without-events");
            assertPagesAreTheWhole(queries, today, after);
        }
    }

    private static void assertPagesAreTheWhole(FigureQueries queries, AsOf asOf, List<TerritoryHeadline> whole) {
        assertThat(whole.size()).as("territories in the log").isGreaterThan(3);
        for (int size : new int[] {1, 2, 3, whole.size() + 5}) {
            List<TerritoryHeadline> pages = new ArrayList<>();
            for (int offset = 0; offset < whole.size() + size; offset += size) {
                List<TerritoryHeadline> page = queries.territories(asOf, offset, size);
                assertThat(page.size()).as("page at " + offset + " of " + size).isLessThanOrEqualTo(size);
                pages.addAll(page);
            }
            assertThat(pages).as("pages of " + size + " as of " + asOf.day()).isEqualTo(whole);
        }
    }

    private static Territory territory(String id, String country) {
        return new Territory(id, "Territory " + id, country, "municipality", 1000L, null, null, Instant.parse("2019-01-01T00:00:00Z"));
    }
}
