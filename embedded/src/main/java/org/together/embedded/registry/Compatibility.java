package org.together.embedded.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/** The compatibility levels of Confluent's registry, checked with Avro's own reader/writer rules. */
enum Compatibility {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

    static final Compatibility DEFAULT = BACKWARD;

    static Compatibility parse(String level) {
        if (level == null) {
            throw RegistryError.invalidCompatibilityLevel("null");
        }
        try {
            return valueOf(level.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RegistryError.invalidCompatibilityLevel(level);
        }
    }

    boolean transitive() {
        return name().endsWith("_TRANSITIVE");
    }

    /**
     * Problems found reading between {@code candidate} and the live versions {@code existing} (oldest first);
     * empty when compatible. Non-transitive levels compare with the latest version only.
     */
    List<String> problems(Schema candidate, List<Schema> existing) {
        List<String> problems = new ArrayList<>();
        if (this == NONE || existing.isEmpty()) {
            return problems;
        }
        List<Schema> against = transitive() ? existing : List.of(existing.get(existing.size() - 1));
        boolean backward = name().startsWith("BACKWARD") || name().startsWith("FULL");
        boolean forward = name().startsWith("FORWARD") || name().startsWith("FULL");
        for (Schema previous : against) {
            if (backward) {
                problems.addAll(check(candidate, previous, "new schema cannot read data written by an earlier one"));
            }
            if (forward) {
                problems.addAll(check(previous, candidate, "an earlier schema cannot read data written by the new one"));
            }
        }
        return problems;
    }

    private static List<String> check(Schema reader, Schema writer, String what) {
        SchemaCompatibility.SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        return result.getResult().getIncompatibilities().stream()
                .map(i -> "{errorType:'" + i.getType() + "', description:'" + what + ": " + i.getMessage()
                        + "', additionalInfo:'" + i.getLocation() + "'}")
                .toList();
    }
}
