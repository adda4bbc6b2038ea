package org.together.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.together.events.ApproachEvaluated;
import org.together.events.ApproachEvidence;
import org.together.events.ApproachKind;
import org.together.events.ApproachSubject;
import org.together.events.EvaluationMethod;
import org.together.events.EventEnvelope;
import org.together.events.EventSource;
import org.together.events.FootprintAssessed;
import org.together.events.FootprintBreakdown;
import org.together.events.JoinChannel;
import org.together.events.ParticipantJoined;
import org.together.events.ParticipantLeft;
import org.together.events.ParticipantLeftReason;
import org.together.events.ParticipantRole;
import org.together.events.SpiralCriterion;
import org.together.events.SpiralQuestion;
import org.together.events.ToolStage;
import org.together.events.ToolUsed;
import org.together.events.WellbeingEvaluated;
import org.together.schemas.Annex1;
import org.together.schemas.EventType;
import org.together.schemas.WireNames;

/**
 * A deterministic stream of valid territory events of all five types, as the ingest contract's JSON and as the
 * Avro records ingest would write for them: joins grow each territory's population, the other events are about
 * participants and groups that exist. Every event has a fresh eventId, and each mix has its own participant ids
 * (its tag), so two mixes never collide.
 *
 * <p>Share of each type: 35% joins, 5% leaves, 40% tool uses, 8% evaluations (half SPIRAL criteria, half
 * co-evaluation), 12% footprints; events occurred up to {@code historyDays} before now.
 */
final class EventMix {

    static final List<String> TOOLS = List.of("wellbeing-workshop", "choices-guide", "footprint-calculator",
            "co-evaluation-grid", "action-plan", "added-value-grid");
    private static final String DIMENSIONS = "ABCDEFGHI";
    private static final int GROUPS_PER_TERRITORY = 24;
    private static final EventSource SOURCE = new EventSource("together-bench", "1.0", "f1");

    /** One event, as Avro (what Kafka holds) with its territory and type. */
    record Event(EventType type, String territoryId, SpecificRecord record) {
        String eventId() {
            return ((EventEnvelope) record.get(0)).getEventId();
        }
    }

    private final List<String> territories;
    private final int[] participants;
    private final Random random;
    private final String tag;
    private final long historyMillis;
    private final Instant now;

    EventMix(List<String> territories, long seed, String tag, int historyDays) {
        this.territories = List.copyOf(territories);
        this.participants = new int[territories.size()];
        this.random = new Random(seed);
        this.tag = tag;
        this.historyMillis = Duration.ofDays(historyDays).toMillis();
        this.now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    int territoryCount() {
        return territories.size();
    }

    /** The next event of a random territory. */
    Event next() {
        return next(random.nextInt(territories.size()));
    }

    /** The next event of territory {@code t} (an index into the territory list). */
    Event next(int t) {
        int roll = random.nextInt(100);
        if (roll < 35 || participants[t] == 0) {
            return joined(t, occurredAt());
        } else if (roll < 40) {
            return new Event(EventType.PARTICIPANT_LEFT, territories.get(t), new ParticipantLeft(
                    envelope(t, occurredAt()), existingParticipant(t), null,
                    random.nextInt(4) == 0 ? ParticipantLeftReason.MOVED : null));
        } else if (roll < 80) {
            return toolUsed(t);
        } else if (roll < 88) {
            return evaluated(t);
        } else if (roll < 99) {
            return footprint(t);
        } else {
            return approachEvaluated(t);
        }
    }

    /** A new participant of territory {@code t}, joining at {@code occurredAt}. */
    Event joined(int t, Instant occurredAt) {
        String id = participantId(t, participants[t]++);
        ParticipantRole role = random.nextInt(10) < 8 ? ParticipantRole.CITIZEN
                : ParticipantRole.values()[1 + random.nextInt(ParticipantRole.values().length - 1)];
        JoinChannel channel = JoinChannel.values()[random.nextInt(JoinChannel.values().length)];
        String group = random.nextBoolean() ? groupId(t) : null;
        return new Event(EventType.PARTICIPANT_JOINED, territories.get(t),
                new ParticipantJoined(envelope(t, occurredAt), id, role, group, channel));
    }

    /** One tool use by a group of territory {@code t}: gives a territory activity without a participant. */
    Event groupToolUse(int t, Instant occurredAt) {
        return new Event(EventType.TOOL_USED, territories.get(t), new ToolUsed(envelope(t, occurredAt),
                TOOLS.get(random.nextInt(TOOLS.size())), ToolStage.DISCOVERED, null, groupId(t), null, null));
    }

    private Event toolUsed(int t) {
        boolean byGroup = random.nextInt(10) == 0;
        ToolStage stage = ToolStage.values()[random.nextInt(ToolStage.values().length)];
        Integer rating = stage == ToolStage.COMPLETED && random.nextBoolean() ? 1 + random.nextInt(5) : null;
        Integer minutes = stage == ToolStage.DISCOVERED ? null : 10 + random.nextInt(120);
        return new Event(EventType.TOOL_USED, territories.get(t), new ToolUsed(envelope(t, occurredAt()),
                TOOLS.get(random.nextInt(TOOLS.size())), stage,
                byGroup ? null : existingParticipant(t), byGroup ? groupId(t) : null, rating, minutes));
    }

    private Event evaluated(int t) {
        boolean criteria = random.nextBoolean();
        List<SpiralCriterion> notes = new ArrayList<>();
        Map<String, Integer> scores = new TreeMap<>();
        if (criteria) {
            int n = 3 + random.nextInt(6);
            for (int i = 0; i < n; i++) {
                char d = DIMENSIONS.charAt(random.nextInt(DIMENSIONS.length()));
                String component = random.nextBoolean() ? d + String.format("%02d", 1 + random.nextInt(7)) : null;
                notes.add(new SpiralCriterion(String.valueOf(d), component,
                        SpiralQuestion.values()[random.nextInt(3)], 1 + random.nextInt(12)));
            }
        } else {
            int n = 3 + random.nextInt(7);
            for (int i = 0; i < n; i++) {
                scores.put(String.valueOf(DIMENSIONS.charAt(random.nextInt(DIMENSIONS.length()))), 1 + random.nextInt(5));
            }
        }
        return new Event(EventType.WELLBEING_EVALUATED, territories.get(t), new WellbeingEvaluated(envelope(t, occurredAt()),
                groupId(t), 7 + random.nextInt(6), criteria ? EvaluationMethod.SPIRAL_CRITERIA : EvaluationMethod.CO_EVALUATION,
                notes, scores));
    }

    private Event footprint(int t) {
        double tonnes = Math.round((0.8 + random.nextDouble() * 9) * 100) / 100.0;
        FootprintBreakdown breakdown = random.nextBoolean() ? null : new FootprintBreakdown(
                round(tonnes * 0.25), round(tonnes * 0.3), round(tonnes * 0.25), round(tonnes * 0.1), round(tonnes * 0.1));
        return new Event(EventType.FOOTPRINT_ASSESSED, territories.get(t), new FootprintAssessed(envelope(t, occurredAt()),
                existingParticipant(t), null, tonnes, breakdown));
    }

    /** An Annex 1 evaluation of one of the territory's few approaches. */
    private Event approachEvaluated(int t) {
        ApproachKind kind = ApproachKind.values()[random.nextInt(ApproachKind.values().length)];
        Map<String, Integer> efficiency = new TreeMap<>();
        Map<String, Integer> wellbeing = new TreeMap<>();
        Annex1.RESOURCE_EFFICIENCY.stream().filter(c -> random.nextBoolean()).forEach(c -> efficiency.put(c, 1 + random.nextInt(5)));
        Annex1.IMMATERIAL_WELLBEING.forEach(c -> wellbeing.put(c, 1 + random.nextInt(5)));
        // a set, as ingest keeps it: in alphabetical order
        List<String> elements = Annex1.KEY_ELEMENTS.stream().filter(e -> random.nextBoolean()).sorted().toList();
        return new Event(EventType.APPROACH_EVALUATED, territories.get(t), new ApproachEvaluated(envelope(t, occurredAt()),
                kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-" + random.nextInt(3), kind,
                ApproachSubject.APPROACH, null, efficiency, wellbeing, elements, ApproachEvidence.SPIRAL_CO_EVALUATION,
                random.nextBoolean() ? round(random.nextDouble() * 50) : null));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private EventEnvelope envelope(int t, Instant occurredAt) {
        return new EventEnvelope(eventId(), territories.get(t), occurredAt, now, random.nextInt(4) == 0 ? null : SOURCE);
    }

    private Instant occurredAt() {
        return now.minusMillis((long) (random.nextDouble() * historyMillis));
    }

    /** A version 4 UUID from the seeded random: reproducible, and far cheaper than SecureRandom. */
    private String eventId() {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    private String participantId(int t, int n) {
        return "bp-" + tag + "-" + t + "-" + n;
    }

    private String existingParticipant(int t) {
        return participantId(t, random.nextInt(participants[t]));
    }

    private String groupId(int t) {
        return "g" + t + "-" + random.nextInt(GROUPS_PER_TERRITORY);
    }

    // ---- the ingest contract's JSON for an event ----

    /** The event as a territory app sends it to {@code POST /api/v1/events}. */
    static String json(Event event) {
        StringBuilder b = new StringBuilder(256);
        SpecificRecord r = event.record();
        EventEnvelope e = (EventEnvelope) r.get(0);
        b.append("{\"eventId\":\"").append(e.getEventId())
                .append("\",\"type\":\"").append(event.type().wireName())
                .append("\",\"territoryId\":\"").append(e.getTerritoryId())
                .append("\",\"occurredAt\":\"").append(e.getOccurredAt()).append('"');
        if (e.getSource() != null) {
            EventSource s = e.getSource();
            b.append(",\"source\":{\"app\":\"").append(s.getApp()).append("\",\"version\":\"").append(s.getVersion())
                    .append("\",\"formVersion\":\"").append(s.getFormVersion()).append("\"}");
        }
        if (r instanceof ParticipantJoined j) {
            field(b, "participantId", j.getParticipantId());
            field(b, "role", WireNames.of(j.getRole()));
            field(b, "groupId", j.getGroupId());
            field(b, "channel", j.getChannel() == null ? null : WireNames.of(j.getChannel()));
        } else if (r instanceof ParticipantLeft l) {
            field(b, "participantId", l.getParticipantId());
            field(b, "reason", l.getReasonCode() == null ? null : WireNames.of(l.getReasonCode()));
        } else if (r instanceof ToolUsed u) {
            field(b, "toolId", u.getToolId());
            field(b, "stage", WireNames.of(u.getStage()));
            field(b, "participantId", u.getParticipantId());
            field(b, "groupId", u.getGroupId());
            number(b, "rating", u.getRating());
            number(b, "durationMinutes", u.getDurationMinutes());
        } else if (r instanceof WellbeingEvaluated w) {
            field(b, "groupId", w.getGroupId());
            number(b, "participantsCount", w.getParticipantsCount());
            field(b, "method", WireNames.of(w.getMethod()));
            if (w.getMethod() == EvaluationMethod.SPIRAL_CRITERIA) {
                b.append(",\"criteria\":[");
                for (int i = 0; i < w.getCriteria().size(); i++) {
                    SpiralCriterion c = w.getCriteria().get(i);
                    b.append(i == 0 ? "{" : ",{").append("\"dimension\":\"").append(c.getDimension()).append('"');
                    field(b, "component", c.getComponent());
                    field(b, "question", WireNames.of(c.getQuestion()));
                    number(b, "count", c.getCount());
                    b.append('}');
                }
                b.append(']');
            } else {
                b.append(",\"scores\":{");
                boolean first = true;
                for (Map.Entry<String, Integer> s : w.getScores().entrySet()) {
                    b.append(first ? "" : ",").append('"').append(s.getKey()).append("\":").append(s.getValue());
                    first = false;
                }
                b.append('}');
            }
        } else if (r instanceof FootprintAssessed f) {
            field(b, "participantId", f.getParticipantId());
            field(b, "groupId", f.getGroupId());
            number(b, "tonnesCo2ePerYear", f.getTonnesCo2ePerYear());
            FootprintBreakdown d = f.getBreakdown();
            if (d != null) {
                b.append(",\"breakdown\":{\"food\":").append(d.getFood()).append(",\"housing\":").append(d.getHousing())
                        .append(",\"mobility\":").append(d.getMobility()).append(",\"goods\":").append(d.getGoods())
                        .append(",\"publicServices\":").append(d.getPublicServices()).append('}');
            }
        } else if (r instanceof ApproachEvaluated a) {
            field(b, "approachId", a.getApproachId());
            field(b, "approachKind", WireNames.of(a.getApproachKind()));
            field(b, "subject", WireNames.of(a.getSubject()));
            field(b, "groupId", a.getGroupId());
            scores(b, "resourceEfficiency", a.getResourceEfficiency());
            scores(b, "immaterialWellbeing", a.getImmaterialWellbeing());
            b.append(",\"keyElements\":[");
            for (int i = 0; i < a.getKeyElements().size(); i++) {
                b.append(i == 0 ? "\"" : ",\"").append(a.getKeyElements().get(i)).append('"');
            }
            b.append(']');
            field(b, "evidence", WireNames.of(a.getEvidence()));
            number(b, "tonnesCo2eAvoidedPerYear", a.getTonnesCo2eAvoidedPerYear());
        }
        return b.append('}').toString();
    }

    /** A JSON array of events: one request body. */
    static String jsonArray(List<Event> events) {
        StringBuilder b = new StringBuilder(events.size() * 300).append('[');
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(json(events.get(i)));
        }
        return b.append(']').toString();
    }

    // ids, codes and wire names never need escaping; free text here is our own ("moved away")
    private static void field(StringBuilder b, String name, String value) {
        if (value != null) {
            b.append(",\"").append(name).append("\":\"").append(value).append('"');
        }
    }

    private static void scores(StringBuilder b, String name, Map<String, Integer> scores) {
        b.append(",\"").append(name).append("\":{");
        boolean first = true;
        for (Map.Entry<String, Integer> s : scores.entrySet()) {
            b.append(first ? "" : ",").append('"').append(s.getKey()).append("\":").append(s.getValue());
            first = false;
        }
        b.append('}');
    }

    private static void number(StringBuilder b, String name, Number value) {
        if (value != null) {
            b.append(",\"").append(name).append("\":").append(value);
        }
    }
}
