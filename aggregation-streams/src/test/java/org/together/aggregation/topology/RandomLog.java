package org.together.aggregation.topology;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.together.events.EvaluationMethod;
import org.together.events.EventEnvelope;
import org.together.events.FootprintAssessed;
import org.together.events.FootprintBreakdown;
import org.together.events.JoinChannel;
import org.together.events.ParticipantJoined;
import org.together.events.ParticipantLeft;
import org.together.events.ParticipantRole;
import org.together.events.SpiralCriterion;
import org.together.events.SpiralQuestion;
import org.together.events.ToolStage;
import org.together.events.ToolUsed;
import org.together.events.WellbeingEvaluated;
import org.together.figures.SpiralDimensions;
import org.together.reference.Territory;
import org.together.reference.Tool;
import org.together.reports.snapshot.ReferenceData;
import org.together.reports.snapshot.SampleNetwork;

/**
 * A random event log, as the topics would hold it: joins, leaves and rejoins in any order (a leave before the
 * join, two at the same instant), tool funnels with repeated stages, by participants and by groups, evaluations
 * (criteria and scores, some dimensions outside A-I), footprints (exactly 2 t, sub-kilogram decimals,
 * breakdowns); received moments after they occurred, or weeks later (offline syncs), or a year later (imports);
 * in arrival order, give or take neighbours swapped (two ingest instances), with copies of some events written
 * by two instances at the same moment.
 */
final class RandomLog {

    static final LocalDate FIRST_DAY = LocalDate.parse("2020-01-01");
    static final LocalDate LAST_DAY = LocalDate.parse("2022-06-30");
    static final List<String> TOOLS = List.of("choices-guide", "action-plan", "footprint-calculator");
    private static final List<String> COUNTRIES = List.of("FR", "BE", "PT", "FR", "CV", "BE");

    final long seed;
    final List<String> territories = new ArrayList<>();
    final ReferenceData reference;
    /** In arrival order. */
    final List<SpecificRecord> events = new ArrayList<>();
    private final Random random;
    private final List<SpecificRecord> written = new ArrayList<>();

    RandomLog(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
        int count = 3 + random.nextInt(4);
        Map<String, Territory> registered = new HashMap<>();
        for (int t = 0; t < count; t++) {
            String id = "t" + t + "-" + seed;
            territories.add(id);
            if (t < count - 1) { // the last one sends events without being registered
                registered.put(id, Territory.newBuilder().setId(id).setName("Territory " + t).setCountryCode(COUNTRIES.get(t))
                        .setKind("municipality").setPopulation(null).setLat(null).setLon(null)
                        .setRegisteredAt(Instant.parse("2019-12-01T00:00:00Z")).build());
            }
        }
        Map<String, Tool> tools = new HashMap<>();
        for (String tool : TOOLS) {
            tools.put(tool, Tool.newBuilder().setId(tool).setName(tool).setNames(Map.of()).setUpdatedAt(Instant.parse("2019-12-01T00:00:00Z")).build());
        }
        this.reference = new ReferenceData(registered, tools, Map.of());
        for (String territory : territories) {
            // some territories start late: new territories in some periods
            LocalDate start = FIRST_DAY.plusDays(random.nextInt(500));
            int participants = 4 + random.nextInt(20);
            for (int p = 0; p < participants; p++) {
                participant(territory, "p" + p, start);
            }
            for (int e = random.nextInt(12); e > 0; e--) {
                evaluation(territory, "g" + random.nextInt(4), start);
            }
        }
        arrive();
    }

    private long between(LocalDate from, LocalDate to) {
        long a = from.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        long b = to.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        return (a + (long) (random.nextDouble() * (b - a))) * 1000 + random.nextInt(1000);
    }

    private Instant someTime(LocalDate start) {
        return Instant.ofEpochMilli(between(start, LAST_DAY));
    }

    private void participant(String territory, String id, LocalDate start) {
        ParticipantRole role = ParticipantRole.values()[random.nextInt(ParticipantRole.values().length)];
        JoinChannel channel = random.nextInt(4) == 0 ? null : JoinChannel.values()[random.nextInt(JoinChannel.values().length)];
        int transitions = 1 + random.nextInt(4);
        Instant previous = null;
        for (int i = 0; i < transitions; i++) {
            // now and then two at the same instant
            Instant at = previous != null && random.nextInt(10) == 0 ? previous : someTime(start);
            boolean join = i == 0 ? random.nextInt(8) != 0 : random.nextBoolean();
            if (join) {
                add(ParticipantJoined.newBuilder().setEnvelope(envelope(territory, at)).setParticipantId(id).setRole(role)
                        .setGroupId(null).setChannel(channel).build());
            } else {
                add(ParticipantLeft.newBuilder().setEnvelope(envelope(territory, at)).setParticipantId(id).setReason(null).build());
            }
            previous = at;
        }
        for (String tool : TOOLS) {
            if (random.nextInt(3) != 0) {
                continue;
            }
            boolean asGroup = random.nextInt(5) == 0;
            for (int use = 1 + random.nextInt(4); use > 0; use--) {
                ToolStage stage = ToolStage.values()[random.nextInt(ToolStage.values().length)];
                Integer rating = stage == ToolStage.COMPLETED && random.nextBoolean() ? 1 + random.nextInt(5) : null;
                add(ToolUsed.newBuilder().setEnvelope(envelope(territory, someTime(start))).setToolId(tool).setStage(stage)
                        .setParticipantId(asGroup ? null : id).setGroupId(asGroup ? "g" + random.nextInt(4) : null)
                        .setRating(rating).setDurationMinutes(null).build());
            }
        }
        if (random.nextInt(3) == 0) {
            double tonnes = switch (random.nextInt(4)) {
                case 0 -> 2.0;
                case 1 -> Math.round(random.nextDouble() * 4000) / 1000.0 + 0.0004; // sub-kilogram decimals
                default -> Math.round(random.nextDouble() * 150) / 10.0;
            };
            FootprintBreakdown breakdown = random.nextBoolean() ? null : FootprintBreakdown.newBuilder()
                    .setFood(tonnes * 0.3).setHousing(random.nextBoolean() ? null : tonnes * 0.25).setMobility(tonnes * 0.2)
                    .setGoods(null).setPublicServices(tonnes * 0.1).build();
            add(FootprintAssessed.newBuilder().setEnvelope(envelope(territory, someTime(start))).setParticipantId(id).setGroupId(null)
                    .setTonnesCo2ePerYear(tonnes).setBreakdown(breakdown).build());
        }
    }

    private void evaluation(String territory, String group, LocalDate start) {
        WellbeingEvaluated.Builder b = WellbeingEvaluated.newBuilder().setEnvelope(envelope(territory, someTime(start)))
                .setGroupId(group).setParticipantsCount(1 + random.nextInt(200));
        if (random.nextBoolean()) {
            List<SpiralCriterion> criteria = new ArrayList<>();
            for (int c = 1 + random.nextInt(6); c > 0; c--) {
                String dimension = random.nextInt(10) == 0 ? "J" : SpiralDimensions.CODES.get(random.nextInt(9));
                criteria.add(SpiralCriterion.newBuilder().setDimension(dimension).setComponent(null)
                        .setQuestion(SpiralQuestion.values()[random.nextInt(3)]).setCount(1 + random.nextInt(9)).build());
            }
            b.setMethod(EvaluationMethod.SPIRAL_CRITERIA).setCriteria(criteria).setScores(Map.of());
        } else {
            Map<String, Integer> scores = new HashMap<>();
            for (String d : SpiralDimensions.CODES) {
                if (random.nextBoolean()) {
                    scores.put(d, 1 + random.nextInt(5));
                }
            }
            b.setMethod(EvaluationMethod.CO_EVALUATION).setCriteria(List.of()).setScores(scores);
        }
        add(b.build());
    }

    /** Received a minute later mostly; weeks later (an offline sync) or a year later (an import) now and then. */
    private EventEnvelope envelope(String territory, Instant occurredAt) {
        int roll = random.nextInt(10);
        Duration delay = roll < 7 ? Duration.ofSeconds(1 + random.nextInt(120))
                : roll < 9 ? Duration.ofDays(1 + random.nextInt(40)) : Duration.ofDays(100 + random.nextInt(300));
        return EventEnvelope.newBuilder().setEventId(new UUID(random.nextLong(), random.nextLong()).toString())
                .setTerritoryId(territory).setOccurredAt(occurredAt).setReceivedAt(occurredAt.plus(delay)).setSource(null).build();
    }

    private void add(SpecificRecord event) {
        written.add(event);
    }

    /** The log's order: by receipt, neighbours swapped now and then, and some events written twice at once. */
    private void arrive() {
        written.sort(Comparator.comparing((SpecificRecord e) -> ((EventEnvelope) e.get(0)).getReceivedAt()));
        for (int i = 0; i + 1 < written.size(); i++) {
            if (random.nextInt(10) == 0) {
                Collections.swap(written, i, i + 1);
            }
        }
        for (SpecificRecord event : written) {
            events.add(event);
            if (random.nextInt(20) == 0) {
                events.add(SampleNetwork.resend(event)); // as a second ingest instance wrote it
            }
        }
    }

}
