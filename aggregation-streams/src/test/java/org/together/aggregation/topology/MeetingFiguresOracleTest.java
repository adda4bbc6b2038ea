package org.together.aggregation.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.together.aggregation.query.AsOf;
import org.together.aggregation.query.MeetingQueries;
import org.together.aggregation.query.MeetingReports;
import org.together.events.ApproachEvaluated;
import org.together.events.ApproachEvidence;
import org.together.events.ApproachKind;
import org.together.events.ApproachSubject;
import org.together.events.EventEnvelope;
import org.together.events.ParticipantJoined;
import org.together.events.ParticipantLeft;
import org.together.events.ParticipantRole;
import org.together.events.ToolStage;
import org.together.events.ToolUsed;
import org.together.figures.Period;
import org.together.schemas.Annex1;
import org.together.schemas.WireNames;

/**
 * The approaches and cohorts the topology keeps, against an oracle that reads the raw events directly (no entity,
 * no day figures): random joins, leaves and rejoins, tool uses, Annex 1 evaluations, sent in a shuffled order with
 * copies.
 */
class MeetingFiguresOracleTest {

    private static final LocalDate FIRST = LocalDate.parse("2021-01-01");
    private static final LocalDate AS_OF = LocalDate.parse("2021-09-30");
    private final TopologyHarness topology = new TopologyHarness();

    @AfterEach
    void close() {
        topology.close();
    }

    private record Happening(String territory, String participant, long at, String eventId, int kind) {
        // kind: 0 join, 1 leave, 2 tool start/completion, 3 discovery
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 2021})
    void approachesAndCohortsAreWhatTheEventsSay(long seed) {
        Random random = new Random(seed);
        List<SpecificRecord> events = new ArrayList<>();
        List<Happening> happenings = new ArrayList<>();
        List<ApproachEvaluated> evaluations = new ArrayList<>();
        for (String territory : List.of("lyon", "pikine")) {
            for (int p = 0; p < 40; p++) {
                String participant = territory + "-p" + p;
                for (int e = 0, n = 1 + random.nextInt(5); e < n; e++) {
                    int kind = random.nextInt(4);
                    long at = time(random);
                    String id = UUID.randomUUID().toString();
                    happenings.add(new Happening(territory, participant, at, id, kind));
                    EventEnvelope envelope = new EventEnvelope(id, territory, Instant.ofEpochMilli(at), Instant.ofEpochMilli(at), null);
                    events.add(switch (kind) {
                        case 0 -> new ParticipantJoined(envelope, participant, ParticipantRole.CITIZEN, null, null);
                        case 1 -> new ParticipantLeft(envelope, participant, null, null);
                        default -> new ToolUsed(envelope, random.nextBoolean() ? "choices-guide" : "action-plan",
                                kind == 3 ? ToolStage.DISCOVERED : random.nextBoolean() ? ToolStage.STARTED : ToolStage.COMPLETED,
                                participant, null, null, null);
                    });
                }
            }
            for (int e = 0; e < 30; e++) {
                Map<String, Integer> efficiency = new TreeMap<>();
                Map<String, Integer> wellbeing = new TreeMap<>();
                Annex1.RESOURCE_EFFICIENCY.stream().filter(c -> random.nextBoolean()).forEach(c -> efficiency.put(c, 1 + random.nextInt(5)));
                Annex1.IMMATERIAL_WELLBEING.stream().filter(c -> random.nextBoolean()).forEach(c -> wellbeing.put(c, 1 + random.nextInt(5)));
                List<String> elements = Annex1.KEY_ELEMENTS.stream().filter(k -> random.nextBoolean()).toList();
                long at = time(random);
                ApproachEvaluated evaluation = new ApproachEvaluated(new EventEnvelope(UUID.randomUUID().toString(), territory,
                        Instant.ofEpochMilli(at), Instant.ofEpochMilli(at), null), "approach-" + random.nextInt(8),
                        ApproachKind.values()[random.nextInt(3)], ApproachSubject.APPROACH, null, efficiency, wellbeing, elements,
                        ApproachEvidence.SURVEY, random.nextInt(3) == 0 ? null : (double) random.nextInt(50));
                evaluations.add(evaluation);
                events.add(evaluation);
            }
        }
        List<SpecificRecord> arrival = new ArrayList<>(events);
        for (int i = 0; i < 40; i++) {
            arrival.add(events.get(random.nextInt(events.size()))); // resends
        }
        Collections.shuffle(arrival, random);
        arrival.forEach(e -> topology.send(e));

        MeetingQueries queries = new MeetingQueries(topology.queries());
        AsOf asOf = AsOf.endOf(AS_OF);
        assertApproaches(queries.networkApproaches(asOf), evaluations);
        assertCohorts(queries.networkCohorts(Period.MONTH, asOf), happenings);
    }

    private static long time(Random random) {
        return FIRST.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()
                + (long) (random.nextDouble() * (AS_OF.toEpochDay() - FIRST.toEpochDay() + 1) * 86_400_000L);
    }

    private static void assertApproaches(MeetingReports.Approaches report, List<ApproachEvaluated> evaluations) {
        Map<String, List<ApproachEvaluated>> byKind = new TreeMap<>();
        evaluations.forEach(e -> byKind.computeIfAbsent(WireNames.of(e.getApproachKind()), k -> new ArrayList<>()).add(e));
        // each approach by its latest evaluation; its tonnes: the latest evaluation stating them
        Map<String, List<ApproachEvaluated>> byApproach = new HashMap<>();
        evaluations.forEach(e -> byApproach.computeIfAbsent(e.getEnvelope().getTerritoryId() + "/" + e.getApproachId(),
                k -> new ArrayList<>()).add(e));
        Map<String, Long> approaches = new HashMap<>();
        Map<String, Double> tonnes = new HashMap<>();
        Comparator<ApproachEvaluated> order = Comparator.comparing((ApproachEvaluated e) -> e.getEnvelope().getOccurredAt())
                .thenComparing(e -> e.getEnvelope().getEventId());
        byApproach.values().forEach(list -> {
            list.sort(order);
            String kind = WireNames.of(list.get(list.size() - 1).getApproachKind());
            approaches.merge(kind, 1L, Long::sum);
            double stated = list.stream().filter(e -> e.getTonnesCo2eAvoidedPerYear() != null)
                    .reduce((a, b) -> b).map(ApproachEvaluated::getTonnesCo2eAvoidedPerYear).orElse(0.0);
            tonnes.merge(kind, stated, Double::sum);
        });
        assertThat(report.approaches()).extracting(MeetingReports.ApproachKind::approachKind)
                .containsExactlyElementsOf(byKind.keySet());
        for (MeetingReports.ApproachKind k : report.approaches()) {
            List<ApproachEvaluated> of = byKind.get(k.approachKind());
            assertThat(k.evaluations()).as(k.approachKind()).isEqualTo(of.size());
            assertThat(k.approaches()).as(k.approachKind()).isEqualTo(approaches.getOrDefault(k.approachKind(), 0L));
            assertThat(k.tonnesCo2eAvoidedPerYear()).as(k.approachKind()).isCloseTo(tonnes.getOrDefault(k.approachKind(), 0.0), within(1e-6));
            for (String component : Annex1.COMPONENTS) {
                double[] sum = new double[2];
                of.forEach(e -> {
                    Integer s = e.getResourceEfficiency().getOrDefault(component, e.getImmaterialWellbeing().get(component));
                    if (s != null) {
                        sum[0] += s;
                        sum[1]++;
                    }
                });
                Double expected = sum[1] == 0 ? null : sum[0] / sum[1];
                assertThat(k.meanScores().get(component)).as(k.approachKind() + " " + component).isEqualTo(expected);
            }
            for (String element : Annex1.KEY_ELEMENTS) {
                long naming = of.stream().filter(e -> e.getKeyElements().contains(element)).count();
                assertThat(k.keyElementShares().get(element)).isEqualTo((double) naming / of.size());
            }
        }
    }

    private static void assertCohorts(MeetingReports.Cohorts report, List<Happening> happenings) {
        Map<String, List<Happening>> byParticipant = new HashMap<>();
        happenings.forEach(h -> byParticipant.computeIfAbsent(h.territory + "/" + h.participant, k -> new ArrayList<>()).add(h));
        // a participant's state at a moment: the latest join or leave at or before it (a join before a leave at the same instant)
        Comparator<Happening> order = Comparator.comparingLong(Happening::at).thenComparing(h -> h.kind == 0 ? 0 : 1)
                .thenComparing(Happening::eventId);
        Map<YearMonth, Long> joined = new TreeMap<>();
        Map<YearMonth, Map<YearMonth, Long>> active = new HashMap<>();
        Map<YearMonth, Map<YearMonth, Long>> used = new HashMap<>();
        YearMonth last = YearMonth.from(AS_OF);
        for (List<Happening> list : byParticipant.values()) {
            List<Happening> states = list.stream().filter(h -> h.kind <= 1).sorted(order).toList();
            Happening firstJoin = states.stream().filter(h -> h.kind == 0).findFirst().orElse(null);
            if (firstJoin == null) {
                continue;
            }
            YearMonth cohort = month(firstJoin.at);
            joined.merge(cohort, 1L, Long::sum);
            for (YearMonth m = cohort; !m.isAfter(last); m = m.plusMonths(1)) {
                long end = m.atEndOfMonth().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - 1;
                Happening latest = states.stream().filter(h -> h.at <= end).reduce((a, b) -> b).orElse(null);
                if (latest != null && latest.kind == 0) {
                    active.computeIfAbsent(cohort, c -> new HashMap<>()).merge(m, 1L, Long::sum);
                }
            }
            Set<YearMonth> usedIn = new HashSet<>();
            list.stream().filter(h -> h.kind == 2).forEach(h -> usedIn.add(month(h.at)));
            usedIn.stream().filter(m -> !m.isBefore(cohort)).forEach(m -> used.computeIfAbsent(cohort, c -> new HashMap<>()).merge(m, 1L, Long::sum));
        }
        YearMonth first = joined.keySet().iterator().next();
        assertThat(report.cohorts()).hasSize((int) (last.getYear() * 12L + last.getMonthValue() - first.getYear() * 12L - first.getMonthValue() + 1));
        for (MeetingReports.Cohort c : report.cohorts()) {
            YearMonth cohort = YearMonth.parse(c.cohort());
            assertThat(c.joined()).as(c.cohort()).isEqualTo(joined.getOrDefault(cohort, 0L));
            for (int k = 0; k < c.stillActive().size(); k++) {
                YearMonth m = cohort.plusMonths(k);
                assertThat(c.stillActive().get(k)).as(c.cohort() + " active at the end of " + m)
                        .isEqualTo(active.getOrDefault(cohort, Map.of()).getOrDefault(m, 0L));
                assertThat(c.usedATool().get(k)).as(c.cohort() + " tool users in " + m)
                        .isEqualTo(used.getOrDefault(cohort, Map.of()).getOrDefault(m, 0L));
            }
        }
    }

    private static YearMonth month(long at) {
        return YearMonth.from(Instant.ofEpochMilli(at).atZone(ZoneOffset.UTC));
    }
}
