package org.together.launcher.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.together.ingest.validation.CheckedEvent;
import org.together.ingest.validation.EventValidator;
import org.together.ingest.validation.ReferenceData;
import org.together.ingest.validation.TimeWindow;

class SimulationTest {

    private static final Instant WALL = Instant.parse("2021-07-10T08:00:00Z");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    private static final Pattern PARTICIPANT = Pattern.compile("[A-Za-z0-9_-]{8,64}");
    private static final Pattern TERRITORY = Pattern.compile("[a-z0-9-]{3,64}");
    private static final Set<String> KINDS = Set.of("village", "neighbourhood", "municipality", "city", "region",
            "collective-actor", "citizen-group");

    /** Everything one simulation sent, in order, and when (in simulated time) each batch was sent. */
    private record Run(List<Place> registered, List<Sent> batches) {
        List<ObjectNode> events() {
            return batches.stream().flatMap(b -> b.batch().events().stream()).toList();
        }
    }

    private record Sent(Instant sentAt, Simulation.Batch batch) {
    }

    private static Run simulate(Simulation.Settings settings, Instant wall, Duration after) {
        Simulation simulation = new Simulation(settings, wall);
        List<Place> registered = new ArrayList<>();
        List<Sent> batches = new ArrayList<>();
        Instant end = wall.plus(after);
        while (simulation.simTime().isBefore(end)) {
            for (Simulation.Outgoing item : simulation.step(wall)) {
                if (item instanceof Simulation.Registration r) {
                    registered.add(r.place());
                } else {
                    batches.add(new Sent(simulation.simTime(), (Simulation.Batch) item));
                }
            }
        }
        return new Run(registered, batches);
    }

    /** Four months of a 36-territory network, the demo's default, shared by the tests that only read it. */
    private static Run demoRun;

    private static synchronized Run demoRun() {
        if (demoRun == null) {
            demoRun = simulate(settings(36, 11, 120), WALL, Duration.ZERO);
        }
        return demoRun;
    }

    private static Simulation.Settings settings(int territories, long seed, int historyDays) {
        return new Simulation.Settings(territories, 100, Optional.empty(), seed, historyDays, "t3st");
    }

    @Test
    void everyEventPassesTheIngestContractValidationOfItsTerritoryApp() {
        Run run = demoRun();

        Set<String> territories = new HashSet<>();
        run.registered().forEach(p -> territories.add(p.id()));
        EventValidator validator = new EventValidator(new ReferenceData() {
            @Override
            public boolean isTerritoryRegistered(String territoryId) {
                return territories.contains(territoryId);
            }

            @Override
            public boolean isToolKnown(String toolId) {
                return Simulation.TOOLS.contains(toolId);
            }

            @Override
            public boolean isDimensionKnown(String code) {
                return code.length() == 1 && Simulation.DIMENSIONS.contains(code);
            }
        });
        List<ObjectNode> events = run.events();
        assertThat(events).hasSizeGreaterThan(2000);
        for (ObjectNode event : events) {
            CheckedEvent checked = validator.validate(event, TimeWindow.territoryApps(WALL), WALL);
            if (!checked.errors().isEmpty()) {
                assertThat(checked.errors()).as("%s", event).isEmpty();
            }
        }
        assertThat(events).extracting(e -> e.get("type").textValue()).contains("participant.joined", "participant.left",
                "tool.used", "wellbeing.evaluated", "footprint.assessed");
    }

    @Test
    void idsHaveTheirShapesAndEventIdsAreUniqueAndNoBatchExceedsTheApiLimit() {
        Run run = demoRun();
        Set<String> eventIds = new HashSet<>();
        for (ObjectNode e : run.events()) {
            assertThat(e.get("eventId").textValue()).matches(UUID);
            assertThat(eventIds.add(e.get("eventId").textValue())).as("unique eventId").isTrue();
            assertThat(e.get("territoryId").textValue()).matches(TERRITORY);
            if (e.has("participantId")) {
                assertThat(e.get("participantId").textValue()).matches(PARTICIPANT).contains("t3st");
            }
        }
        assertThat(run.batches()).allSatisfy(b -> {
            assertThat(b.batch().events()).hasSizeBetween(1, Simulation.MAX_BATCH);
            assertThat(b.batch().events()).allMatch(e -> e.get("territoryId").textValue().equals(b.batch().territoryId()));
        });
    }

    @Test
    void territoriesAreRegisteredOnceBeforeTheirFirstEventAcrossCountriesWithCoordinates() {
        Run run = simulate(settings(36, 13, 120), WALL, Duration.ofDays(60));
        assertThat(run.registered()).hasSize(36);
        assertThat(run.registered()).extracting(Place::id).doesNotHaveDuplicates();
        assertThat(new HashSet<>(run.registered().stream().map(Place::countryCode).toList())).hasSizeGreaterThanOrEqualTo(12)
                .contains("BE", "FR", "IT", "PT", "ES", "GR", "RO", "MD", "GE", "TN", "SN", "BR");
        assertThat(run.registered()).allSatisfy(p -> {
            assertThat(p.id()).matches(TERRITORY);
            assertThat(KINDS).contains(p.kind());
            assertThat(p.countryCode()).matches("[A-Z]{2}");
            assertThat(p.lat()).isBetween(-90.0, 90.0);
            assertThat(p.lon()).isBetween(-180.0, 180.0);
        });
    }

    @Test
    void territoriesJoinOverTimeNotAllAtOnce() {
        Simulation simulation = new Simulation(settings(36, 14, 120), WALL);
        List<Integer> joinedByMonth = new ArrayList<>();
        for (int month = 0; month < 5; month++) {
            for (int step = 0; step < 30 * 4; step++) {
                simulation.step(WALL);
            }
            joinedByMonth.add(simulation.territoriesJoined());
        }
        assertThat(joinedByMonth.get(0)).isBetween(9, 30);
        assertThat(joinedByMonth).isSorted();
        assertThat(joinedByMonth.get(4)).isGreaterThan(joinedByMonth.get(1));
    }

    @Test
    void participantsJoinEachTerritoryAlongAnSCurve() {
        Run run = simulate(settings(8, 15, 365), WALL, Duration.ZERO);
        // first join of each participant, per territory and week since the start
        Instant origin = WALL.minus(Duration.ofDays(365)).truncatedTo(ChronoUnit.HOURS);
        Map<String, TreeMap<Long, Integer>> weekly = new HashMap<>();
        Map<String, Instant> firstEvent = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (ObjectNode e : run.events()) {
            Instant at = Instant.parse(e.get("occurredAt").textValue());
            String territory = e.get("territoryId").textValue();
            firstEvent.merge(territory, at, (a, b) -> a.isBefore(b) ? a : b);
            if (e.get("type").textValue().equals("participant.joined") && seen.add(e.get("participantId").textValue())) {
                weekly.computeIfAbsent(territory, t -> new TreeMap<>())
                        .merge(Duration.between(origin, at).toDays() / 7, 1, Integer::sum);
            }
        }
        int checked = 0;
        for (var entry : weekly.entrySet()) {
            if (Duration.between(origin, firstEvent.get(entry.getKey())).toDays() > 100) {
                continue; // joined late: its curve is not complete within the year
            }
            checked++;
            List<Integer> counts = new ArrayList<>();
            long firstWeek = entry.getValue().firstKey();
            for (long w = firstWeek; w < 52; w++) {
                counts.add(entry.getValue().getOrDefault(w, 0));
            }
            int peak = counts.stream().mapToInt(Integer::intValue).max().orElseThrow();
            int peakWeek = counts.indexOf(peak);
            double lastEight = counts.subList(counts.size() - 8, counts.size()).stream().mapToInt(Integer::intValue).average().orElseThrow();
            assertThat(peakWeek).as("slow start, then growth: %s", counts).isGreaterThan(1);
            assertThat(counts.get(0)).as("slow start: %s", counts).isLessThan(peak);
            assertThat(lastEight).as("saturation: %s", counts).isLessThan(peak / 4.0);
        }
        assertThat(checked).isGreaterThanOrEqualTo(2);
    }

    @Test
    void workshopsAreGroupsOfSevenToTwelveWithCriteriaCountsAndSomeCoEvaluations() {
        Run run = demoRun();
        List<ObjectNode> criteria = new ArrayList<>();
        List<ObjectNode> coEvaluations = new ArrayList<>();
        for (ObjectNode e : run.events()) {
            if (e.get("type").textValue().equals("wellbeing.evaluated")) {
                (e.get("method").textValue().equals("spiral-criteria") ? criteria : coEvaluations).add(e);
            }
        }
        assertThat(criteria).hasSizeGreaterThan(20);
        assertThat(coEvaluations).isNotEmpty();
        for (ObjectNode e : criteria) {
            assertThat(e.get("participantsCount").intValue()).isBetween(7, 12);
            Set<String> questions = new HashSet<>();
            for (JsonNode c : e.get("criteria")) {
                assertThat(c.get("dimension").textValue()).matches("[A-I]");
                assertThat(c.get("count").intValue()).isPositive();
                questions.add(c.get("question").textValue());
            }
            assertThat(questions).containsExactlyInAnyOrder("wellbeing", "illbeing", "action");
        }
        for (ObjectNode e : coEvaluations) {
            e.get("scores").fields().forEachRemaining(s -> {
                assertThat(s.getKey()).matches("[A-I]");
                assertThat(s.getValue().intValue()).isBetween(1, 5);
            });
        }
    }

    @Test
    void toolFunnelsNarrowFromDiscoveredToStartedToCompletedWithRatings() {
        Run run = demoRun();
        Map<String, Map<String, Integer>> funnel = new TreeMap<>();
        List<Integer> ratings = new ArrayList<>();
        for (ObjectNode e : run.events()) {
            if (e.get("type").textValue().equals("tool.used")) {
                funnel.computeIfAbsent(e.get("toolId").textValue(), t -> new HashMap<>())
                        .merge(e.get("stage").textValue(), 1, Integer::sum);
                if (e.has("rating")) {
                    ratings.add(e.get("rating").intValue());
                }
            }
        }
        assertThat(funnel.keySet()).containsExactlyInAnyOrderElementsOf(Simulation.TOOLS);
        for (String tool : List.of("choices-guide", "footprint-calculator", "action-plan", "added-value-grid")) {
            Map<String, Integer> stages = funnel.get(tool);
            assertThat(stages.get("discovered")).as(tool).isGreaterThan(stages.get("started"));
            assertThat(stages.get("started")).as(tool).isGreaterThan(stages.get("completed"));
        }
        assertThat(ratings).isNotEmpty().allMatch(r -> r >= 1 && r <= 5);
    }

    @Test
    void footprintsMostlyLieBetweenTwoAndTwelveTonnesAndTheBreakdownAddsUp() {
        Run run = demoRun();
        List<Double> tonnes = new ArrayList<>();
        for (ObjectNode e : run.events()) {
            if (e.get("type").textValue().equals("footprint.assessed")) {
                double t = e.get("tonnesCo2ePerYear").doubleValue();
                tonnes.add(t);
                double sum = 0;
                for (JsonNode part : e.get("breakdown")) {
                    sum += part.doubleValue();
                }
                assertThat(sum).isCloseTo(t, org.assertj.core.data.Offset.offset(0.011));
            }
        }
        assertThat(tonnes).hasSizeGreaterThan(100).allMatch(t -> t > 0 && t <= 200);
        long inRange = tonnes.stream().filter(t -> t >= 2 && t <= 12).count();
        assertThat(inRange).isGreaterThan((long) (tonnes.size() * 0.85));
    }

    @Test
    void someParticipantsLeaveAndComeBackInEventTimeOrder() {
        Run run = demoRun();
        Map<String, List<String>> lives = new HashMap<>();
        run.events().stream()
                .filter(e -> e.get("type").textValue().startsWith("participant."))
                .map(e -> Map.entry(Instant.parse(e.get("occurredAt").textValue()), e))
                .sorted(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue)
                .forEach(e -> lives.computeIfAbsent(e.get("participantId").textValue(), p -> new ArrayList<>())
                        .add(e.get("type").textValue()));
        long rejoined = 0;
        for (List<String> life : lives.values()) {
            assertThat(life.get(0)).isEqualTo("participant.joined");
            for (int i = 1; i < life.size(); i++) {
                assertThat(life.get(i)).as("joins and leaves alternate: %s", life).isNotEqualTo(life.get(i - 1));
            }
            if (life.size() >= 3) {
                rejoined++;
            }
        }
        assertThat(lives.values().stream().filter(l -> l.contains("participant.left")).count()).isGreaterThan(10);
        assertThat(rejoined).isPositive();
    }

    @Test
    void offlineAppsSyncLateBurstsOfEventsHoursToWeeksOld() {
        Run run = demoRun();
        List<Sent> late = run.batches().stream().filter(b -> b.batch().lateSync()).toList();
        assertThat(late).isNotEmpty();
        Duration oldest = Duration.ZERO;
        for (Sent sent : late) {
            for (ObjectNode e : sent.batch().events()) {
                Duration age = Duration.between(Instant.parse(e.get("occurredAt").textValue()), sent.sentAt());
                if (age.compareTo(oldest) > 0) {
                    oldest = age;
                }
            }
        }
        assertThat(oldest).isGreaterThan(Duration.ofDays(7));
        assertThat(late.stream().mapToInt(s -> s.batch().events().size()).max().orElseThrow()).isGreaterThan(10);
    }

    @Test
    void eventsOfflineAppsStillHoldAreCountedUnsentUntilTheirAppSyncsThemAndTheSummarySaysSo() {
        Simulation simulation = new Simulation(settings(36, 11, 30), WALL);
        java.util.Set<String> sent = new java.util.HashSet<>();
        while (simulation.simTime().isBefore(WALL)) {
            for (Simulation.Outgoing item : simulation.step(WALL)) {
                if (item instanceof Simulation.Batch batch) {
                    batch.events().forEach(e -> sent.add(e.get("eventId").asText()));
                }
            }
        }
        List<String> unsent = simulation.unsentEventIds();
        assertThat(simulation.unsentEvents()).isPositive().isEqualTo(unsent.size());
        assertThat(unsent).as("held, not sent").doesNotContainAnyElementsOf(sent);
        assertThat(Simulator.unsent(simulation)).hasValueSatisfying(line -> assertThat(line).startsWith("not sent: "
                + unsent.size() + " events were still waiting in the outboxes of " + simulation.appsWithUnsentEvents()
                + " offline apps").contains("the pipeline counts only the events sent"));

        // their apps sync within 14 simulated days: then they are sent, late, and no longer counted
        java.util.Set<String> syncedLate = new java.util.HashSet<>();
        Instant later = WALL.plus(Duration.ofDays(15));
        while (simulation.simTime().isBefore(later)) {
            for (Simulation.Outgoing item : simulation.step(later)) {
                if (item instanceof Simulation.Batch batch && batch.lateSync()) {
                    batch.events().forEach(e -> syncedLate.add(e.get("eventId").asText()));
                }
            }
        }
        assertThat(syncedLate).containsAll(unsent);
        assertThat(simulation.unsentEventIds()).doesNotContainAnyElementsOf(unsent);
    }

    @Test
    void noEventClaimsToOccurAfterTheWallClockAndEachAppSendsInOrder() {
        Instant wall = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Simulation simulation = new Simulation(settings(36, 21, 30), wall);
        Map<String, Instant> lastSentByTerritory = new HashMap<>();
        for (int step = 0; step < 30 * 4 + 40; step++) {
            Instant now = wall.plusSeconds(step);
            for (Simulation.Outgoing item : simulation.step(now)) {
                if (item instanceof Simulation.Batch batch && !batch.lateSync()) {
                    for (ObjectNode e : batch.events()) {
                        Instant at = Instant.parse(e.get("occurredAt").textValue());
                        assertThat(at).isBeforeOrEqualTo(now.plusSeconds(1));
                        assertThat(at).isAfter(now.minus(Duration.ofDays(31)));
                        Instant last = lastSentByTerritory.put(batch.territoryId(), at);
                        if (last != null) {
                            assertThat(at).isAfter(last);
                        }
                    }
                }
            }
        }
        assertThat(simulation.caughtUp(wall.plusSeconds(200))).isTrue();
    }

    @Test
    void theSameSeedAndRunTagReplayTheSameTraffic() {
        List<ObjectNode> a = simulate(settings(10, 22, 60), WALL, Duration.ZERO).events();
        List<ObjectNode> b = simulate(settings(10, 22, 60), WALL, Duration.ZERO).events();
        assertThat(a).isEqualTo(b);
        List<ObjectNode> otherRun = simulate(new Simulation.Settings(10, 100, Optional.empty(), 22, 60, "oth3r"), WALL,
                Duration.ZERO).events();
        assertThat(otherRun.get(0).get("eventId")).isNotEqualTo(a.get(0).get("eventId"));
    }
}
