package org.together.aggregation.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.aggregation.TestEvents.joined;
import static org.together.aggregation.TestEvents.territory;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.together.aggregation.query.AsOf;
import org.together.aggregation.query.Summary;
import org.together.aggregation.query.TerritoryHeadline;
import org.together.schemas.Topics;

/** Territories active and countries; undecodable and unusable records go to the dead letters. */
class NetworkAndDeadLetterTest {

    private final TopologyHarness topology = new TopologyHarness();
    private static final AsOf AS_OF = AsOf.endOf(LocalDate.parse("2021-07-10"));

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void aTerritoryIsActiveWhenAnEventOccurredInTheLast90Days() {
        topology.send(joined("lyon", "p-alice-01", "2021-04-12T09:00:00Z"), // 90th day before 10 July, counting it
                joined("grenoble", "p-alice-01", "2021-04-11T23:59:00Z"),  // 91 days: no longer active
                joined("nantes", "p-alice-01", "2021-07-10T09:00:00Z"));

        assertThat(topology.queries().networkSummary(AS_OF).territoriesActive()).isEqualTo(2);
        assertThat(topology.queries().territorySummary("grenoble", AS_OF).orElseThrow().territoriesActive()).isZero();
        assertThat(topology.queries().territorySummary("lyon", AS_OF).orElseThrow().territoriesActive()).isEqualTo(1);
        assertThat(topology.queries().networkSummary(AsOf.endOf(LocalDate.parse("2021-05-01"))).territoriesActive())
                .as("as of 1 May, nantes had no event yet").isEqualTo(2);
    }

    @Test
    void countriesAreThoseOfRegisteredTerritoriesWithEvents() {
        topology.register(territory("lyon", "Lyon", "FR"));
        topology.register(territory("grenoble", "Grenoble", "FR"));
        topology.register(territory("mons", "Mons", "BE"));
        topology.register(territory("braga", "Braga", "PT")); // registered, no event yet
        topology.send(joined("lyon", "p-alice-01", "2021-07-01T09:00:00Z"),
                joined("grenoble", "p-alice-01", "2021-07-01T09:00:00Z"),
                joined("mons", "p-alice-01", "2021-07-01T09:00:00Z"));

        assertThat(topology.queries().networkSummary(AS_OF).countries()).isEqualTo(2);
    }

    @Test
    void territoriesActiveAsOfAnyDayMatchesTheirEventsWhateverOrderTheEventsArriveIn() {
        // event days per territory, sent out of order (late and imported events), with gaps of 89 to 91 days
        Map<String, List<LocalDate>> days = new TreeMap<>();
        Random random = new Random(7);
        LocalDate start = LocalDate.parse("2020-01-01");
        List<org.together.events.ParticipantJoined> events = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            String territory = "territory-" + t;
            LocalDate day = start.plusDays(random.nextInt(60));
            for (int e = 0; e < 6; e++) {
                days.computeIfAbsent(territory, k -> new ArrayList<>()).add(day);
                events.add(joined(territory, String.format("p-%02d-%02d", t, e), day + "T12:00:00Z"));
                day = day.plusDays(new int[] {1, 30, 89, 90, 91, 200}[random.nextInt(6)]);
            }
        }
        Collections.shuffle(events, random);
        topology.send(events.toArray(new org.together.events.ParticipantJoined[0]));

        for (LocalDate asOf = start.minusDays(1); asOf.isBefore(start.plusDays(900)); asOf = asOf.plusDays(1)) {
            LocalDate day = asOf;
            long expected = days.values().stream()
                    .filter(eventDays -> eventDays.stream().anyMatch(d -> !d.isAfter(day) && d.isAfter(day.minusDays(90))))
                    .count();
            assertThat(topology.queries().networkSummary(AsOf.endOf(day)).territoriesActive()).as("as of %s", day).isEqualTo(expected);
        }
    }

    @Test
    void aTerritoryRegisteredAfterItsEventsCountsItsCountryOnceTheTableIsChecked() {
        topology.register(territory("lyon", "Lyon", "FR"));
        topology.send(joined("lyon", "p-alice-01", "2021-07-01T09:00:00Z"),
                joined("mons", "p-alice-01", "2021-06-01T09:00:00Z"));
        topology.checkRegistrations();
        assertThat(topology.queries().networkSummary(AS_OF).countries()).isEqualTo(1);

        topology.register(territory("mons", "Mons", "BE"));
        topology.checkRegistrations();

        assertThat(topology.queries().networkSummary(AS_OF).countries()).isEqualTo(2);
        assertThat(topology.queries().networkSummary(AsOf.endOf(LocalDate.parse("2021-06-15"))).countries())
                .as("as of 15 June only mons (BE) had an event").isEqualTo(1);
    }

    @Test
    void aCorrectedCountryCodeOrARemovedTerritoryMovesTheCountries() {
        topology.register(territory("lyon", "Lyon", "FR"));
        topology.register(territory("mons", "Mons", "FR")); // a mistake, corrected below
        topology.send(joined("lyon", "p-alice-01", "2021-07-01T09:00:00Z"),
                joined("mons", "p-alice-01", "2021-06-01T09:00:00Z"));
        assertThat(topology.queries().networkSummary(AS_OF).countries()).isEqualTo(1);

        topology.register(territory("mons", "Mons", "BE"));
        topology.checkRegistrations();
        assertThat(topology.queries().networkSummary(AS_OF).countries()).isEqualTo(2);
        assertThat(topology.queries().networkSummary(AsOf.endOf(LocalDate.parse("2021-06-15"))).countries())
                .as("FR's first event is now lyon's, on 1 July").isEqualTo(1);

        topology.unregister("lyon");
        topology.checkRegistrations();
        assertThat(topology.queries().networkSummary(AS_OF).countries()).isEqualTo(1);
    }

    @Test
    void territoriesAreRankedByActiveParticipantsWithTheirNames() {
        topology.register(territory("lyon", "Lyon", "FR"));
        topology.register(territory("braga", "Braga", "PT"));
        topology.send(joined("mons", "p-alice-01", "2021-07-01T09:00:00Z"),
                joined("lyon", "p-alice-01", "2021-07-01T09:00:00Z"),
                joined("lyon", "p-bob-0001", "2021-07-09T09:00:00Z"));

        List<TerritoryHeadline> ranked = topology.queries().territories(AS_OF);
        assertThat(ranked).extracting(TerritoryHeadline::rank, TerritoryHeadline::territoryId, TerritoryHeadline::participantsActive)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "lyon", 2L),
                        org.assertj.core.groups.Tuple.tuple(2, "mons", 1L),
                        org.assertj.core.groups.Tuple.tuple(3, "braga", 0L));
        assertThat(ranked.get(0).name()).isEqualTo("Lyon");
        assertThat(ranked.get(0).newParticipants()).isEqualTo(new Summary.NewParticipants(0, 1, 2, 2));
        assertThat(ranked.get(0).active()).isTrue();
        assertThat(ranked.get(2).active()).isFalse();
    }

    @Test
    void anUnknownTerritoryHasNoSummaryButARegisteredOneWithoutEventsHasZeros() {
        topology.register(territory("braga", "Braga", "PT"));

        assertThat(topology.queries().territorySummary("atlantis", AS_OF)).isEmpty();
        Summary braga = topology.queries().territorySummary("braga", AS_OF).orElseThrow();
        assertThat(braga.participantsActive()).isZero();
        assertThat(braga.lastEventAt()).isNull();
        assertThat(braga.growth()).isEqualTo(new Summary.Growth(null, null));
    }

    @Test
    void undecodableBytesGoToTheDeadLettersWithTheReasonAndProcessingContinues() {
        // TopologyTestDriver drops dead-letter records of deserialization failures under exactly_once_v2
        // (they are sent outside its mock transaction); the broker-backed integration test covers EOS.
        topology.close();
        try (TopologyHarness atLeastOnce = new TopologyHarness(org.apache.kafka.streams.StreamsConfig.AT_LEAST_ONCE)) {
            atLeastOnce.sendRawBytes(Topics.PARTICIPANT_JOINED, "lyon", "not avro at all".getBytes(StandardCharsets.UTF_8));
            atLeastOnce.send(joined("lyon", "p-alice-01", "2021-07-01T09:00:00Z"));

            TestRecord<byte[], byte[]> dead = atLeastOnce.deadLetters().readRecord();
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not avro at all");
            assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("lyon");
            assertThat(header(dead, "__streams.errors.message")).contains("magic byte");
            assertThat(header(dead, "__streams.errors.topic")).isEqualTo(Topics.PARTICIPANT_JOINED.name());
            assertThat(atLeastOnce.queries().networkSummary(AS_OF).participantsActive()).isEqualTo(1);
        }
    }

    @Test
    void anEventKeyedByAnotherTerritoryGoesToTheDeadLettersAndCountsNowhere() {
        topology.sendKeyed("grenoble", joined("lyon", "p-alice-01", "2021-07-01T09:00:00Z"));
        topology.send(joined("lyon", "p-bob-0001", "2021-07-01T09:00:00Z"));

        TestRecord<byte[], byte[]> dead = topology.deadLetters().readRecord();
        assertThat(header(dead, "__streams.errors.message")).contains("is not the event's territoryId");
        assertThat(topology.queries().networkSummary(AS_OF).participantsEver()).isEqualTo(1);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
