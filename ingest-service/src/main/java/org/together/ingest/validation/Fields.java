package org.together.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.together.schemas.WireNames;

/**
 * Reads the fields of one JSON object under a path prefix, recording a {@link FieldError} per broken rule
 * and the canonical value of every field that passed (what the content hash is computed from).
 * JSON {@code null} counts as absent.
 */
public final class Fields {

    /** Direction controls in text ({@link Shapes#hasBidiControl}): refused as control characters are. */
    public static final String BIDI_RULE = "must not contain Unicode direction controls (U+061C, U+200E, U+200F, "
            + "U+202A to U+202E, U+2066 to U+2069)";

    /** Wire name to symbol, per enum: a map lookup instead of case conversions and exceptions per field. */
    private static final ClassValue<Map<String, Enum<?>>> WIRE_NAMES = new ClassValue<>() {
        @Override
        protected Map<String, Enum<?>> computeValue(Class<?> type) {
            Map<String, Enum<?>> m = new java.util.HashMap<>();
            for (Object symbol : type.getEnumConstants()) {
                m.put(WireNames.of((Enum<?>) symbol), (Enum<?>) symbol);
            }
            return Map.copyOf(m);
        }
    };

    private final ObjectNode node;
    private final String prefix;
    private final List<FieldError> errors;
    /** The names asked for: a dozen for an event (an array beats a hash set), any number for a scores object. */
    private final String[] known = new String[16];
    private int knownCount;
    private Set<String> manyKnown;
    private final Map<String, Object> canonical = new TreeMap<>();

    public Fields(ObjectNode node, String prefix, List<FieldError> errors) {
        this.node = node;
        this.prefix = prefix;
        this.errors = errors;
    }

    public String path(String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    public void error(String name, String message) {
        errors.add(new FieldError(path(name), message));
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, Object> canonical() {
        return canonical;
    }

    public void putCanonical(String name, Object value) {
        canonical.put(name, value);
    }

    /** The field's value, or null when it is absent or JSON null; marks the name as part of the contract. */
    public JsonNode present(String name) {
        if (!isKnown(name)) {
            if (knownCount < known.length) {
                known[knownCount++] = name;
            } else {
                if (manyKnown == null) {
                    manyKnown = new HashSet<>();
                }
                manyKnown.add(name);
            }
        }
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    private boolean missing(String name, JsonNode v, boolean required) {
        if (v == null) {
            if (required) {
                error(name, "is required");
            }
            return true;
        }
        return false;
    }

    /** A string of the given shape (described by {@code rule}) and at most {@code maxLength} characters. */
    public String string(String name, boolean required, Predicate<String> shape, String rule, int maxLength) {
        JsonNode v = present(name);
        if (missing(name, v, required)) {
            return null;
        }
        if (!v.isTextual()) {
            error(name, "must be a string");
            return null;
        }
        String s = v.textValue();
        if (shape != null && (s.length() > maxLength || !shape.test(s))) {
            error(name, rule);
            return null;
        }
        if (s.length() > maxLength) {
            error(name, "must be at most " + maxLength + " characters");
            return null;
        }
        if (s.isBlank()) {
            error(name, "must not be blank");
            return null;
        }
        if (Shapes.hasControlCharacter(s)) {
            error(name, "must not contain control characters");
            return null;
        }
        if (Shapes.hasBidiControl(s)) {
            error(name, BIDI_RULE);
            return null;
        }
        canonical.put(name, s);
        return s;
    }

    /** An integer (no fraction, no exponent) from {@code min} to {@code max}. */
    public Integer integer(String name, boolean required, int min, int max) {
        JsonNode v = present(name);
        if (missing(name, v, required)) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            error(name, max == Integer.MAX_VALUE
                    ? "must be an integer of at least " + min
                    : "must be an integer from " + min + " to " + max);
            return null;
        }
        canonical.put(name, v.longValue());
        return (int) v.longValue();
    }

    /** A finite number from {@code min} to {@code max}. */
    public Double number(String name, boolean required, double min, double max) {
        JsonNode v = present(name);
        if (missing(name, v, required)) {
            return null;
        }
        double d = v.isNumber() ? v.doubleValue() : Double.NaN;
        if (!Double.isFinite(d) || d < min || d > max) {
            // "6,4" from a spreadsheet: say why it is not one
            String hint = v.isTextual() ? ", written as a JSON number without quotes and with a decimal point (6.4, not \"6,4\")" : "";
            error(name, "must be a number from " + fmt(min) + " to " + fmt(max) + hint);
            return null;
        }
        canonical.put(name, d);
        return d;
    }

    /** One of the enum's wire names ({@code public-actor}). */
    public <E extends Enum<E>> E enumValue(String name, boolean required, Class<E> type) {
        JsonNode v = present(name);
        if (missing(name, v, required)) {
            return null;
        }
        E e = v.isTextual() ? type.cast(WIRE_NAMES.get(type).get(v.textValue())) : null;
        if (e == null) {
            error(name, "must be one of " + wireNames(type));
            return null;
        }
        canonical.put(name, WireNames.of(e));
        return e;
    }

    public ObjectNode object(String name, boolean required) {
        JsonNode v = present(name);
        if (missing(name, v, required)) {
            return null;
        }
        if (!v.isObject()) {
            error(name, "must be a JSON object");
            return null;
        }
        return (ObjectNode) v;
    }

    public ArrayNode array(String name, boolean required) {
        JsonNode v = present(name);
        if (missing(name, v, required)) {
            return null;
        }
        if (!v.isArray()) {
            error(name, "must be a JSON array");
            return null;
        }
        return (ArrayNode) v;
    }

    /** Rejects every field that was never asked for: nothing outside the contract (no personal data) gets in. */
    public void rejectUnknown(String contract) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!isKnown(n)) {
                error(n, "unknown field: not part of the " + contract + " contract");
            }
        }
    }

    private boolean isKnown(String name) {
        for (int i = 0; i < knownCount; i++) {
            if (known[i].equals(name)) {
                return true;
            }
        }
        return manyKnown != null && manyKnown.contains(name);
    }

    public static <E extends Enum<E>> String wireNames(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireNames::of).collect(Collectors.joining(", "));
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
