package org.together.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
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
import org.together.schemas.EventType;

/**
 * Checks one JSON event against every rule of the ingest contract and turns it into its Avro record.
 * Every broken rule is reported with the path of its field; unknown fields are rejected at every level.
 */
public final class EventValidator {

    public static final Predicate<String> UUID = Shapes.UUID;
    public static final Predicate<String> TERRITORY_ID = Shapes.TERRITORY_ID;
    public static final Predicate<String> PARTICIPANT_ID = Shapes.PARTICIPANT_ID;
    public static final Predicate<String> GROUP_ID = Shapes.GROUP_ID;
    public static final Predicate<String> TOOL_ID = Shapes.TOOL_ID;
    public static final Predicate<String> DIMENSION = Shapes.DIMENSION;
    public static final Predicate<String> COMPONENT = Shapes.COMPONENT;
    public static final Predicate<String> SOURCE = Shapes.SOURCE;

    static final String UUID_RULE = "must be a UUID (8-4-4-4-12 hexadecimal digits)";
    public static final String TERRITORY_RULE = "must be 3 to 64 characters of a-z, 0-9 or '-'";
    public static final String PARTICIPANT_RULE = "must be 8 to 64 characters of A-Z, a-z, 0-9, '_' or '-' (a pseudonymous id)";
    static final String GROUP_RULE = "must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'";
    static final String TOOL_RULE = "must be 1 to 64 characters of a-z, 0-9 or '-'";
    static final String SOURCE_RULE = "must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-' (a name or "
            + "version, no free text)";
    static final int MAX_CRITERIA = 1000;
    static final int MAX_NOTES = 10_000;
    static final int MAX_DURATION_MINUTES = 10_080;
    static final double MAX_TONNES = 200;
    /** How far a breakdown's parts may add up above its total: five parts each rounded to 0.01 t. */
    static final double BREAKDOWN_ROUNDING = 0.05;

    private static final Map<String, EventType> TYPES = Stream.of(EventType.values())
            .collect(Collectors.toUnmodifiableMap(EventType::wireName, t -> t));

    private final ReferenceData reference;

    public EventValidator(ReferenceData reference) {
        this.reference = reference;
    }

    /**
     * Validates one element of a request body.
     *
     * @param window the acceptable occurredAt range (territory apps or backfill)
     * @param receivedAt when the request arrived: stamped on the envelope, not part of the content hash
     */
    public CheckedEvent validate(JsonNode node, TimeWindow window, Instant receivedAt) {
        return validate(node, window, receivedAt, ContentHash::of);
    }

    /** @param hash turns the canonical content into the content hash (tests compare constructions) */
    CheckedEvent validate(JsonNode node, TimeWindow window, Instant receivedAt, Function<Map<String, Object>, String> hash) {
        List<FieldError> errors = new ArrayList<>();
        if (node == null || !node.isObject()) {
            errors.add(new FieldError("event", "must be a JSON object"));
            return new CheckedEvent(null, Optional.empty(), null, errors);
        }
        ObjectNode obj = (ObjectNode) node;
        String sentEventId = obj.path("eventId").isTextual() ? obj.get("eventId").textValue() : null;
        Fields f = new Fields(obj, "", errors);

        String eventId = f.string("eventId", true, UUID, UUID_RULE, 36);
        if (eventId != null) {
            eventId = eventId.toLowerCase(Locale.ROOT);
            f.putCanonical("eventId", eventId);
        }
        Optional<EventType> type = type(f);
        String territoryId = f.string("territoryId", true, TERRITORY_ID, TERRITORY_RULE, 64);
        if (territoryId != null && !reference.isTerritoryRegistered(territoryId)) {
            f.error("territoryId", "unknown territory: '" + territoryId + "' is not registered");
        }
        Instant occurredAt = occurredAt(f, window);
        EventSource source = source(f);

        if (type.isEmpty()) {
            // without a type the rest of the contract is unknown: report only what can be judged
            return new CheckedEvent(sentEventId, type, null, errors);
        }
        String id = eventId;
        Supplier<EventEnvelope> envelope = () -> new EventEnvelope(id, territoryId, occurredAt, receivedAt, source);
        // records are built only once every rule passed (generated constructors reject missing values), and only
        // with the participant's pseudonym: the id the app sent never goes into a record
        Function<String, SpecificRecord> record = switch (type.get()) {
            case PARTICIPANT_JOINED -> participantJoined(f, envelope);
            case PARTICIPANT_LEFT -> participantLeft(f, envelope);
            case TOOL_USED -> toolUsed(f, envelope);
            case WELLBEING_EVALUATED -> wellbeingEvaluated(f, envelope);
            case FOOTPRINT_ASSESSED -> footprintAssessed(f, envelope);
            case APPROACH_EVALUATED -> ApproachValidation.approachEvaluated(f, envelope);
        };
        f.rejectUnknown(type.get().wireName() + " event");
        if (!errors.isEmpty()) {
            return new CheckedEvent(sentEventId, type, null, errors);
        }
        String participantId = (String) f.canonical().get("participantId");
        ValidEvent valid = new ValidEvent(eventId, type.get(), territoryId, occurredAt, participantId, record,
                f.canonical(), hash);
        return new CheckedEvent(sentEventId, type, valid, List.of());
    }

    private static Optional<EventType> type(Fields f) {
        JsonNode v = f.present("type");
        if (v == null) {
            f.error("type", "is required");
            return Optional.empty();
        }
        Optional<EventType> type = v.isTextual() ? Optional.ofNullable(TYPES.get(v.textValue())) : Optional.empty();
        if (type.isEmpty()) {
            f.error("type", "must be one of " + Stream.of(EventType.values())
                    .map(EventType::wireName).collect(Collectors.joining(", ")));
        } else {
            f.putCanonical("type", type.get().wireName());
        }
        return type;
    }

    private static Instant occurredAt(Fields f, TimeWindow window) {
        JsonNode v = f.present("occurredAt");
        if (v == null) {
            f.error("occurredAt", "is required");
            return null;
        }
        if (!v.isTextual() || !Rfc3339.matches(v.textValue())) {
            f.error("occurredAt", "must be an RFC 3339 date-time with seconds and an offset, like 2021-07-10T10:00:00Z");
            return null;
        }
        Instant t;
        try {
            t = parseRfc3339(v.textValue());
        } catch (DateTimeException | ArithmeticException e) {
            f.error("occurredAt", "must be a valid RFC 3339 date-time (no such date or time)");
            return null;
        }
        if (!window.contains(t)) {
            f.error("occurredAt", window.refusal(t));
            return null;
        }
        // Kafka and Avro keep milliseconds: the stored value is what identity is judged on
        t = t.truncatedTo(ChronoUnit.MILLIS);
        f.putCanonical("occurredAt", Rfc3339.format(t));
        return t;
    }

    /** Parses text already matched by {@link Rfc3339#matches}; DateTimeException for a date or offset that does not exist. */
    static Instant parseRfc3339(String s) {
        int nanos = 0;
        int i = 19;
        if (s.charAt(i) == '.') {
            int digits = 0;
            i++;
            while (Shapes.isDigit(s.charAt(i))) {
                nanos = nanos * 10 + (s.charAt(i) - '0');
                digits++;
                i++;
            }
            for (; digits < 9; digits++) {
                nanos *= 10;
            }
        }
        ZoneOffset offset;
        char z = s.charAt(i);
        if (z == 'Z' || z == 'z') {
            offset = ZoneOffset.UTC;
        } else {
            int sign = z == '-' ? -1 : 1;
            offset = ZoneOffset.ofHoursMinutes(sign * number(s, i + 1, 2), sign * number(s, i + 4, 2));
        }
        LocalDateTime local = LocalDateTime.of(number(s, 0, 4), number(s, 5, 2), number(s, 8, 2),
                number(s, 11, 2), number(s, 14, 2), number(s, 17, 2), nanos);
        return local.toInstant(offset);
    }

    private static int number(String s, int from, int length) {
        int n = 0;
        for (int i = from; i < from + length; i++) {
            n = n * 10 + (s.charAt(i) - '0');
        }
        return n;
    }

    private static EventSource source(Fields f) {
        ObjectNode node = f.object("source", false);
        if (node == null) {
            return null;
        }
        Fields s = new Fields(node, f.path("source"), f.errors());
        String app = s.string("app", false, SOURCE, SOURCE_RULE, 64);
        String version = s.string("version", false, SOURCE, SOURCE_RULE, 64);
        String formVersion = s.string("formVersion", false, SOURCE, SOURCE_RULE, 64);
        s.rejectUnknown("source");
        f.putCanonical("source", s.canonical());
        return new EventSource(app, version, formVersion);
    }

    private static Function<String, SpecificRecord> participantJoined(Fields f, Supplier<EventEnvelope> envelope) {
        f.string("participantId", true, PARTICIPANT_ID, PARTICIPANT_RULE, 64);
        ParticipantRole role = f.enumValue("role", true, ParticipantRole.class);
        String groupId = f.string("groupId", false, GROUP_ID, GROUP_RULE, 64);
        JoinChannel channel = f.enumValue("channel", false, JoinChannel.class);
        return pseudonym -> new ParticipantJoined(envelope.get(), pseudonym, role, groupId, channel);
    }

    private static Function<String, SpecificRecord> participantLeft(Fields f, Supplier<EventEnvelope> envelope) {
        f.string("participantId", true, PARTICIPANT_ID, PARTICIPANT_RULE, 64);
        // a code, never free text: a reason written by hand can name or describe the person
        ParticipantLeftReason reason = f.enumValue("reason", false, ParticipantLeftReason.class);
        return pseudonym -> new ParticipantLeft(envelope.get(), pseudonym, null, reason);
    }

    private Function<String, SpecificRecord> toolUsed(Fields f, Supplier<EventEnvelope> envelope) {
        String toolId = f.string("toolId", true, TOOL_ID, TOOL_RULE, 64);
        if (toolId != null && !reference.isToolKnown(toolId)) {
            f.error("toolId", "unknown tool: '" + toolId + "' is not in the tool catalogue");
        }
        ToolStage stage = f.enumValue("stage", true, ToolStage.class);
        f.string("participantId", false, PARTICIPANT_ID, PARTICIPANT_RULE, 64);
        String groupId = f.string("groupId", false, GROUP_ID, GROUP_RULE, 64);
        requireOneOf(f);
        Integer rating = f.integer("rating", false, 1, 5);
        Integer duration = f.integer("durationMinutes", false, 0, MAX_DURATION_MINUTES);
        return pseudonym -> new ToolUsed(envelope.get(), toolId, stage, pseudonym, groupId, rating, duration);
    }

    private Function<String, SpecificRecord> wellbeingEvaluated(Fields f, Supplier<EventEnvelope> envelope) {
        String groupId = f.string("groupId", true, GROUP_ID, GROUP_RULE, 64);
        Integer count = f.integer("participantsCount", true, 1, 200);
        EvaluationMethod method = f.enumValue("method", true, EvaluationMethod.class);
        List<SpiralCriterion> criteria = new ArrayList<>();
        Map<String, Integer> scores = new TreeMap<>();
        if (method == EvaluationMethod.SPIRAL_CRITERIA) {
            criteria = criteria(f);
            if (f.present("scores") != null) {
                f.error("scores", "only for method co-evaluation");
            }
        } else if (method == EvaluationMethod.CO_EVALUATION) {
            scores = scores(f);
            if (f.present("criteria") != null) {
                f.error("criteria", "only for method spiral-criteria");
            }
        } else {
            // method missing or wrong: the shape of criteria/scores cannot be judged, but they are known fields
            f.present("criteria");
            f.present("scores");
        }
        List<SpiralCriterion> c = criteria;
        Map<String, Integer> sc = scores;
        return noParticipant -> new WellbeingEvaluated(envelope.get(), groupId, count, method, c, sc);
    }

    private List<SpiralCriterion> criteria(Fields f) {
        ArrayNode array = f.array("criteria", true);
        List<SpiralCriterion> criteria = new ArrayList<>();
        if (array == null) {
            return criteria;
        }
        if (array.isEmpty() || array.size() > MAX_CRITERIA) {
            f.error("criteria", "must list 1 to " + MAX_CRITERIA + " criteria");
            return criteria;
        }
        List<Object> canonical = new ArrayList<>();
        List<FieldError> errors = f.errors();
        for (int i = 0; i < array.size(); i++) {
            String path = f.path("criteria") + "[" + i + "]";
            JsonNode item = array.get(i);
            if (!item.isObject()) {
                errors.add(new FieldError(path, "must be a JSON object"));
                continue;
            }
            Fields c = new Fields((ObjectNode) item, path, errors);
            String dimension = dimension(c, "dimension");
            String component = c.string("component", false, COMPONENT, "must be a component code like A01 (a letter A to I and two digits)", 3);
            if (component != null && dimension != null && component.charAt(0) != dimension.charAt(0)) {
                c.error("component", "must belong to dimension " + dimension + " (start with " + dimension + ")");
            }
            SpiralQuestion question = c.enumValue("question", true, SpiralQuestion.class);
            Integer count = c.integer("count", true, 1, MAX_NOTES);
            c.rejectUnknown("criterion");
            canonical.add(c.canonical());
            if (dimension != null && question != null && count != null) {
                criteria.add(new SpiralCriterion(dimension, component, question, count));
            }
        }
        f.putCanonical("criteria", canonical);
        return criteria;
    }

    private Map<String, Integer> scores(Fields f) {
        ObjectNode node = f.object("scores", true);
        Map<String, Integer> scores = new TreeMap<>();
        if (node == null) {
            return scores;
        }
        if (node.isEmpty()) {
            f.error("scores", "must score at least one dimension (A to I) from 1 to 5");
            return scores;
        }
        Fields s = new Fields(node, f.path("scores"), f.errors());
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!DIMENSION.test(key) || !reference.isDimensionKnown(key)) {
                s.present(key);
                s.error(key, "unknown SPIRAL dimension: keys must be dimension codes A to I");
                continue;
            }
            Integer score = s.integer(key, true, 1, 5);
            if (score != null) {
                scores.put(key, score);
            }
        }
        f.putCanonical("scores", s.canonical());
        return scores;
    }

    private String dimension(Fields f, String name) {
        String code = f.string(name, true, DIMENSION, "must be a SPIRAL dimension code, one letter A to I", 1);
        if (code != null && !reference.isDimensionKnown(code)) {
            f.error(name, "unknown SPIRAL dimension '" + code + "'");
            return null;
        }
        return code;
    }

    private static Function<String, SpecificRecord> footprintAssessed(Fields f, Supplier<EventEnvelope> envelope) {
        f.string("participantId", false, PARTICIPANT_ID, PARTICIPANT_RULE, 64);
        String groupId = f.string("groupId", false, GROUP_ID, GROUP_RULE, 64);
        requireOneOf(f);
        Double tonnes = f.number("tonnesCo2ePerYear", true, 0, MAX_TONNES);
        FootprintBreakdown breakdown = null;
        ObjectNode node = f.object("breakdown", false);
        if (node != null) {
            Fields b = new Fields(node, f.path("breakdown"), f.errors());
            breakdown = new FootprintBreakdown(
                    b.number("food", false, 0, MAX_TONNES),
                    b.number("housing", false, 0, MAX_TONNES),
                    b.number("mobility", false, 0, MAX_TONNES),
                    b.number("goods", false, 0, MAX_TONNES),
                    b.number("publicServices", false, 0, MAX_TONNES));
            b.rejectUnknown("breakdown");
            f.putCanonical("breakdown", b.canonical());
            partsWithinTotal(f, tonnes, breakdown);
        }
        FootprintBreakdown b = breakdown;
        return pseudonym -> new FootprintAssessed(envelope.get(), pseudonym, groupId, tonnes, b);
    }

    /**
     * A breakdown's parts may leave some of the total unassigned, never exceed it (a kg-for-t slip would show domains
     * adding up to more than the footprint, and an event cannot be corrected); rounding of each part is tolerated.
     */
    private static void partsWithinTotal(Fields f, Double tonnes, FootprintBreakdown b) {
        if (tonnes == null) {
            return;
        }
        double parts = 0;
        for (Double part : new Double[] {b.getFood(), b.getHousing(), b.getMobility(), b.getGoods(), b.getPublicServices()}) {
            parts += part == null ? 0 : part;
        }
        if (parts > tonnes + Math.max(BREAKDOWN_ROUNDING, tonnes * 0.01)) {
            f.error("breakdown", "its parts add up to " + Math.round(parts * 100) / 100.0 + " t, more than tonnesCo2ePerYear ("
                    + tonnes + " t): the parts are shares of that total, in the same unit");
        }
    }

    private static void requireOneOf(Fields f) {
        boolean participantSent = f.present("participantId") != null;
        boolean groupSent = f.present("groupId") != null;
        if (!participantSent && !groupSent) {
            f.error("participantId", "participantId or groupId is required (at least one)");
        }
    }
}
