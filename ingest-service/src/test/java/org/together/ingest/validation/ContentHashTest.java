package org.together.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.together.events.EvaluationMethod;
import org.together.events.JoinChannel;
import org.together.events.ParticipantLeftReason;
import org.together.events.ParticipantRole;
import org.together.events.SpiralQuestion;
import org.together.events.ToolStage;
import org.together.schemas.EventType;
import org.together.schemas.WireNames;

/**
 * The content hash written directly must be byte for byte the hash of the original construction (canonical map
 * written by Jackson, then SHA-256): receipts in Kafka hold hashes made the old way.
 */
class ContentHashTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2021-07-10T12:00:00Z");
    /** Free text as apps send it: accents, CJK, emoji (surrogate pairs), quotes, backslashes, slashes, DEL-free. */
    private static final String[] TEXTS = {"spiral-app", "2.1", "Émile à l'école", "quote \" inside", "back\\slash",
        "slash/ed", "日本語のフォーム", "emoji 🙂 and 👩‍👩‍👧", "tab-free but spaced   out", "ü", "€100", "x", "𝄞 clef",
        "a\u2028b", "mixed ñ \" \\ 🙂 end"};

    /** What source fields hold: app names, versions, form versions. */
    private static final String[] NAMES = {"spiral-app", "2.1", "v3.0.1-beta", "form_7", "2021-06", "X", "together.app"};

    private final EventValidator validator = new EventValidator(EverythingKnown.REFERENCE);
    private final Random random = new Random(20261126);

    @Test
    void directHashEqualsJacksonConstructionForThousandsOfVariedEventsOfEveryType() {
        Map<EventType, Integer> seen = new EnumMap<>(EventType.class);
        for (int i = 0; i < 5_000; i++) {
            EventType type = EventType.values()[i % EventType.values().length];
            ObjectNode event = event(type);
            TimeWindow window = TimeWindow.territoryApps(NOW);
            CheckedEvent direct = validator.validate(event, window, NOW);
            CheckedEvent old = validator.validate(event, window, NOW, ContentHash::viaJackson);

            assertThat(direct.errors()).as("generated event must be valid: %s", event).isEmpty();
            assertThat(direct.event().sentContentHash()).as("hash of %s", event).isEqualTo(old.event().sentContentHash());
            seen.merge(type, 1, Integer::sum);
        }
        assertThat(seen).hasSize(EventType.values().length);
    }

    @Test
    void directHashEqualsJacksonConstructionForAwkwardValues() {
        List<Object> values = new ArrayList<>(List.of("", "\"", "\\", "\\\"", "/", "\u007f", "\u0080", "\u07ff", "\u0800",
                "\uffff", "\ud83d\ude42", "é", 0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 7, 0.0, -0.0, 2.0, 7.4, 0.1 + 0.2,
                1e-7, 1e21, 1e-300, 123456789.123, 200.0, Double.MIN_VALUE, Double.MAX_VALUE, List.of(), List.of(1L, "a")));
        for (int i = 0; i < 2_000; i++) {
            values.add(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            values.add(random.nextLong());
            values.add(randomText());
        }
        for (Object v : values) {
            Map<String, Object> inner = new TreeMap<>(Map.of("k\"ey", v, "a", "b"));
            Map<String, Object> canonical = new TreeMap<>(Map.of("value", v, "nested", inner, "list", List.of(inner, inner)));
            assertThat(ContentHash.of(canonical)).as("hash of %s", canonical).isEqualTo(ContentHash.viaJackson(canonical));
        }
    }

    @Test
    void loneSurrogatesAndControlCharactersHashExactlyAsJacksonWroteThem() {
        for (String s : List.of("lone high \ud83d end", "lone low \ude42", "\ud83d", "ctrl \u0001", "new\nline")) {
            Map<String, Object> canonical = new TreeMap<>(Map.of("app", s));
            String expected;
            try {
                expected = ContentHash.viaJackson(canonical);
            } catch (IllegalStateException e) {
                assertThatThrownBy(() -> ContentHash.of(canonical)).isInstanceOf(IllegalStateException.class);
                continue;
            }
            assertThat(ContentHash.of(canonical)).isEqualTo(expected);
        }
    }

    private String randomText() {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(6)) {
                case 0 -> b.append((char) (0x20 + random.nextInt(0x5f)));
                case 1 -> b.append((char) (0xa0 + random.nextInt(0x700)));
                case 2 -> b.append((char) (0x800 + random.nextInt(0xd000)));
                case 3 -> b.appendCodePoint(0x10000 + random.nextInt(0x10000));
                case 4 -> b.append(random.nextBoolean() ? '"' : '\\');
                default -> b.append(TEXTS[random.nextInt(TEXTS.length)]);
            }
        }
        return b.toString();
    }

    private ObjectNode event(EventType type) {
        ObjectNode e = JSON.createObjectNode();
        String id = UUID.randomUUID().toString();
        e.put("eventId", random.nextInt(4) == 0 ? id.toUpperCase() : id);
        e.put("type", type.wireName());
        e.put("territoryId", "territory-" + random.nextInt(50));
        e.put("occurredAt", occurredAt());
        if (random.nextBoolean()) {
            ObjectNode source = e.putObject("source");
            maybeName(source, "app");
            maybeName(source, "version");
            maybeName(source, "formVersion");
        }
        switch (type) {
            case PARTICIPANT_JOINED -> {
                e.put("participantId", participantId());
                e.put("role", wire(ParticipantRole.values()));
                if (random.nextBoolean()) {
                    e.put("groupId", "group_" + random.nextInt(1000));
                }
                if (random.nextBoolean()) {
                    e.put("channel", wire(JoinChannel.values()));
                }
            }
            case PARTICIPANT_LEFT -> {
                e.put("participantId", participantId());
                if (random.nextBoolean()) {
                    e.put("reason", wire(ParticipantLeftReason.values()));
                }
            }
            case TOOL_USED -> {
                e.put("toolId", "tool-" + random.nextInt(20));
                e.put("stage", wire(ToolStage.values()));
                participantOrGroup(e);
                if (random.nextBoolean()) {
                    e.put("rating", 1 + random.nextInt(5));
                }
                if (random.nextBoolean()) {
                    e.put("durationMinutes", random.nextInt(10_081));
                }
            }
            case WELLBEING_EVALUATED -> {
                e.put("groupId", "g-" + random.nextInt(1000));
                e.put("participantsCount", 1 + random.nextInt(200));
                if (random.nextBoolean()) {
                    e.put("method", WireNames.of(EvaluationMethod.SPIRAL_CRITERIA));
                    ArrayNode criteria = e.putArray("criteria");
                    for (int i = 0, n = 1 + random.nextInt(6); i < n; i++) {
                        ObjectNode c = criteria.addObject();
                        char d = (char) ('A' + random.nextInt(9));
                        c.put("dimension", String.valueOf(d));
                        if (random.nextBoolean()) {
                            c.put("component", d + String.format("%02d", random.nextInt(100)));
                        }
                        c.put("question", wire(SpiralQuestion.values()));
                        c.put("count", 1 + random.nextInt(10_000));
                    }
                } else {
                    e.put("method", WireNames.of(EvaluationMethod.CO_EVALUATION));
                    ObjectNode scores = e.putObject("scores");
                    for (int i = 0, n = 1 + random.nextInt(9); i < n; i++) {
                        scores.put(String.valueOf((char) ('A' + random.nextInt(9))), 1 + random.nextInt(5));
                    }
                }
            }
            case FOOTPRINT_ASSESSED -> {
                participantOrGroup(e);
                double total = tonnes();
                e.put("tonnesCo2ePerYear", total);
                if (random.nextBoolean()) {
                    ObjectNode breakdown = e.putObject("breakdown");
                    for (String k : List.of("food", "housing", "mobility", "goods", "publicServices")) {
                        if (random.nextBoolean()) {
                            breakdown.put(k, Math.floor(total * random.nextDouble() / 5 * 100) / 100); // parts within the total
                        }
                    }
                }
            }
            case APPROACH_EVALUATED -> {
                e.put("approachId", "csa-" + random.nextInt(100));
                e.put("approachKind", wire(org.together.events.ApproachKind.values()));
                e.put("subject", wire(org.together.events.ApproachSubject.values()));
                ObjectNode scores = e.putObject("immaterialWellbeing");
                for (String c : org.together.schemas.Annex1.IMMATERIAL_WELLBEING) {
                    if (random.nextBoolean() || scores.isEmpty()) {
                        scores.put(c, 1 + random.nextInt(5));
                    }
                }
                ArrayNode elements = e.putArray("keyElements");
                org.together.schemas.Annex1.KEY_ELEMENTS.stream().filter(k -> random.nextBoolean()).forEach(elements::add);
                e.put("evidence", wire(org.together.events.ApproachEvidence.values()));
                if (random.nextBoolean()) {
                    e.put("tonnesCo2eAvoidedPerYear", tonnes());
                }
            }
        }
        return e;
    }

    private void participantOrGroup(ObjectNode e) {
        int which = random.nextInt(3);
        if (which != 1) {
            e.put("participantId", participantId());
        }
        if (which != 0) {
            e.put("groupId", "grp-" + random.nextInt(1000));
        }
    }

    private double tonnes() {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt(201);
            case 1 -> Math.round(random.nextDouble() * 2000) / 10.0;
            case 2 -> random.nextDouble() * 200;
            default -> random.nextDouble() * 1e-3;
        };
    }

    private String participantId() {
        return "p-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + "_X";
    }

    /** Source fields are names and versions: no free text gets into an event any more. */
    private void maybeName(ObjectNode node, String field) {
        if (random.nextBoolean()) {
            node.put(field, NAMES[random.nextInt(NAMES.length)] + (random.nextBoolean() ? "" : "." + random.nextInt(100)));
        }
    }

    private String occurredAt() {
        Instant t = NOW.minusSeconds(random.nextInt(390 * 86_400)).minusNanos(random.nextInt(1_000_000_000));
        ZoneOffset offset = ZoneOffset.ofHoursMinutes(random.nextInt(25) - 12, 0);
        String pattern = switch (random.nextInt(3)) {
            case 0 -> "yyyy-MM-dd'T'HH:mm:ss";
            case 1 -> "yyyy-MM-dd'T'HH:mm:ss.SSS";
            default -> "yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS";
        };
        String offsetText = offset.getTotalSeconds() == 0 && random.nextBoolean() ? "Z" : offset.getId().replace("Z", "+00:00");
        return DateTimeFormatter.ofPattern(pattern).format(t.atOffset(offset)) + offsetText;
    }

    private <E extends Enum<E>> String wire(E[] values) {
        return WireNames.of(values[random.nextInt(values.length)]);
    }
}
