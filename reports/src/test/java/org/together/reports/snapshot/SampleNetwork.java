package org.together.reports.snapshot;

import static org.together.reports.snapshot.Events.at;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
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
import org.together.reference.Territory;
import org.together.figures.SpiralDimensions;
import org.together.reference.Tool;

/**
 * A generated, seeded network of territories from late 2020 to autumn 2021: joins, leaves and rejoins,
 * tool use, evaluations and footprints, with resent duplicates and offline syncs received late.
 */
public final class SampleNetwork {

    static final List<String> TOOLS = List.of("wellbeing-workshop", "choices-guide", "footprint-calculator",
            "co-evaluation-grid", "action-plan", "added-value-grid");

    final List<SpecificRecord> events = new ArrayList<>();
    final ReferenceData reference;
    private final Random random;

    private record Place(String id, String name, String country, String kind, String firstDay, double joinsPerWeek) {
    }

    private static final List<Place> PLACES = List.of(
            new Place("mulhouse", "Mulhouse", "FR", "city", "2020-10-05", 9),
            new Place("braine-l-alleud", "Braine-l'Alleud", "BE", "municipality", "2020-10-20", 6),
            new Place("charleroi", "Charleroi", "BE", "city", "2020-11-10", 5),
            new Place("porto-paranhos", "Porto – Paranhos", "PT", "neighbourhood", "2020-12-01", 4),
            new Place("praia", "Praia", "CV", "city", "2021-01-15", 7),
            new Place("santa-catarina", "Santa Catarina", "CV", "municipality", "2021-02-01", 3),
            new Place("trento", "Trento", "IT", "city", "2020-11-20", 2.5),
            new Place("ecole-jean-jaures", "École Jean-Jaurès", "FR", "collective-actor", "2021-03-01", 3),
            new Place("timisoara", "Timișoara", "RO", "city", "2021-04-20", 6),
            new Place("louvain-la-neuve", "Louvain-la-Neuve", "BE", "neighbourhood", "2021-05-12", 5),
            new Place("kinshasa-gombe", "Kinshasa – Gombe", "CD", "neighbourhood", "2021-06-07", 8),
            new Place("wavre", "Wavre", "BE", "municipality", "2021-07-20", 4));

    SampleNetwork(long seed, LocalDate until) {
        this.random = new Random(seed);
        Map<String, Territory> territories = new HashMap<>();
        for (Place p : PLACES) {
            territories.put(p.id(), Events.territory(p.id(), p.name(), p.country(), p.kind()));
        }
        Map<String, Tool> tools = new HashMap<>();
        tools.put("wellbeing-workshop", Events.catalogueTool("wellbeing-workshop", "Well-being workshop", Map.of("fr", "Atelier bien-être")));
        tools.put("choices-guide", Events.catalogueTool("choices-guide", "Guide to good choices", Map.of("fr", "Guide des bons choix")));
        tools.put("footprint-calculator", Events.catalogueTool("footprint-calculator", "Footprint calculator", Map.of()));
        tools.put("co-evaluation-grid", Events.catalogueTool("co-evaluation-grid", "Co-evaluation grid", Map.of()));
        tools.put("action-plan", Events.catalogueTool("action-plan", "Action plan", Map.of()));
        tools.put("added-value-grid", Events.catalogueTool("added-value-grid", "Added-value grid", Map.of()));
        this.reference = new ReferenceData(territories, tools, Map.of());
        for (Place p : PLACES) {
            generate(p, LocalDate.parse(p.firstDay()), until);
        }
    }

    private void generate(Place place, LocalDate first, LocalDate until) {
        int n = 0;
        for (LocalDate day = first; day.isBefore(until); day = day.plusDays(1)) {
            // Growth speeds up over time, more on workshop days (Saturdays).
            double weeks = Duration.between(at(first.toString()), at(day.toString())).toDays() / 7.0;
            double rate = place.joinsPerWeek() / 7.0 * (1 + weeks / 20) * (day.getDayOfWeek().getValue() == 6 ? 3 : 0.7);
            int joins = poisson(rate);
            for (int j = 0; j < joins; j++) {
                String participant = place.id().substring(0, 3) + "-p" + (++n) + "-" + Integer.toHexString(random.nextInt(0xffff));
                Instant joinedAt = at(day.toString()).plusSeconds(9 * 3600 + random.nextInt(10 * 3600));
                participant(place, participant, joinedAt, until);
            }
            if (random.nextDouble() < 0.08) {
                evaluation(place, at(day.toString()).plusSeconds(14 * 3600));
            }
        }
    }

    private void participant(Place place, String id, Instant joinedAt, LocalDate until) {
        Instant end = at(until.toString());
        ParticipantRole role = random.nextDouble() < 0.8 ? ParticipantRole.CITIZEN
                : ParticipantRole.values()[1 + random.nextInt(ParticipantRole.values().length - 1)];
        JoinChannel channel = random.nextDouble() < 0.1 ? null : JoinChannel.values()[random.nextInt(JoinChannel.values().length)];
        add(Events.joined(envelope(place.id(), joinedAt), id, role, channel));
        if (random.nextDouble() < 0.12) {
            Instant leftAt = joinedAt.plus(Duration.ofDays(5 + random.nextInt(90)));
            if (leftAt.isBefore(end)) {
                add(ParticipantLeft.newBuilder().setEnvelope(envelope(place.id(), leftAt)).setParticipantId(id).setReason(null).build());
                if (random.nextDouble() < 0.35) {
                    Instant back = leftAt.plus(Duration.ofDays(3 + random.nextInt(60)));
                    if (back.isBefore(end)) {
                        add(Events.joined(envelope(place.id(), back), id, role, channel));
                    }
                }
            }
        }
        for (String tool : TOOLS) {
            if (random.nextDouble() < 0.35) {
                Instant discovered = joinedAt.plus(Duration.ofHours(1 + random.nextInt(24 * 20)));
                toolUse(place, id, tool, ToolStage.DISCOVERED, null, discovered, end);
                if (random.nextDouble() < 0.6) {
                    Instant started = discovered.plus(Duration.ofHours(1 + random.nextInt(24 * 10)));
                    toolUse(place, id, tool, ToolStage.STARTED, null, started, end);
                    if (random.nextDouble() < 0.55) {
                        toolUse(place, id, tool, ToolStage.COMPLETED, 2 + random.nextInt(4),
                                started.plus(Duration.ofHours(1 + random.nextInt(24 * 15))), end);
                    }
                }
            }
        }
        if (random.nextDouble() < 0.3) {
            Instant assessed = joinedAt.plus(Duration.ofDays(random.nextInt(40)));
            if (assessed.isBefore(end)) {
                double tonnes = Math.max(0.6, Math.exp(1.6 + random.nextGaussian() * 0.6) * ("FR".equals(place.country()) || "BE".equals(place.country()) ? 1.3 : 0.45));
                tonnes = Math.round(tonnes * 10) / 10.0;
                FootprintBreakdown breakdown = random.nextDouble() < 0.7 ? FootprintBreakdown.newBuilder()
                        .setFood(round(tonnes * 0.25)).setHousing(round(tonnes * 0.28)).setMobility(round(tonnes * 0.22))
                        .setGoods(round(tonnes * 0.13)).setPublicServices(round(tonnes * 0.12)).build() : null;
                add(FootprintAssessed.newBuilder().setEnvelope(envelope(place.id(), assessed)).setParticipantId(id)
                        .setGroupId(null).setTonnesCo2ePerYear(tonnes).setBreakdown(breakdown).build());
            }
        }
    }

    /** Knuth's method: fine for the small rates here. */
    private int poisson(double rate) {
        double limit = Math.exp(-rate);
        double product = random.nextDouble();
        int n = 0;
        while (product > limit) {
            product *= random.nextDouble();
            n++;
        }
        return n;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private void toolUse(Place place, String participant, String tool, ToolStage stage, Integer rating, Instant at, Instant end) {
        if (at.isBefore(end)) {
            add(ToolUsed.newBuilder().setEnvelope(envelope(place.id(), at)).setToolId(tool).setStage(stage)
                    .setParticipantId(participant).setGroupId(null).setRating(rating).setDurationMinutes(null).build());
        }
    }

    private void evaluation(Place place, Instant at) {
        String group = "g" + random.nextInt(6);
        int people = 7 + random.nextInt(6);
        WellbeingEvaluated.Builder b = WellbeingEvaluated.newBuilder().setEnvelope(envelope(place.id(), at)).setGroupId(group)
                .setParticipantsCount(people);
        if (random.nextDouble() < 0.65) {
            List<SpiralCriterion> criteria = new ArrayList<>();
            for (String d : SpiralDimensions.CODES) {
                for (SpiralQuestion q : SpiralQuestion.values()) {
                    if (random.nextDouble() < 0.6) {
                        criteria.add(Events.criterion(d, q, 1 + random.nextInt(d.equals("A") || d.equals("D") ? 9 : 5)));
                    }
                }
            }
            b.setMethod(org.together.events.EvaluationMethod.SPIRAL_CRITERIA).setCriteria(criteria).setScores(Map.of());
        } else {
            Map<String, Integer> scores = new HashMap<>();
            for (String d : SpiralDimensions.CODES) {
                if (random.nextDouble() < 0.8) {
                    scores.put(d, 1 + Math.min(4, Math.max(0, (int) Math.round(2.2 + random.nextGaussian()))));
                }
            }
            b.setMethod(org.together.events.EvaluationMethod.CO_EVALUATION).setCriteria(List.of()).setScores(scores);
        }
        add(b.build());
    }

    /** Most events arrive a minute later; one in ten after an offline sync weeks later; 3% are sent twice. */
    private EventEnvelope envelope(String territory, Instant occurredAt) {
        Instant received = random.nextDouble() < 0.1 ? occurredAt.plus(Duration.ofDays(1 + random.nextInt(40)))
                : occurredAt.plusSeconds(60);
        return Events.envelope(new java.util.UUID(random.nextLong(), random.nextLong()).toString(), territory, occurredAt, received);
    }

    private void add(SpecificRecord event) {
        events.add(event);
        if (random.nextDouble() < 0.03) {
            events.add(resend(event));
        }
    }

    /** The same event (same eventId and content) sent again later, as a retrying app does. */
    public static SpecificRecord resend(SpecificRecord event) {
        try {
            SpecificRecord copy = event.getClass().getConstructor().newInstance();
            for (int i = 0; i < event.getSchema().getFields().size(); i++) {
                copy.put(i, event.get(i));
            }
            return copy;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
