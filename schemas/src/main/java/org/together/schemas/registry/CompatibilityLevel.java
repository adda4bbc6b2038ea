package org.together.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * The Schema Registry compatibility levels, checked with Avro's own {@link SchemaCompatibility}.
 * One place for the rules, shared by {@link InMemorySchemaRegistryClient} and the embedded registry server.
 *
 * <p>BACKWARD: the candidate (new reader) reads data written with earlier schemas.
 * FORWARD: earlier schemas (old readers) read data written with the candidate.
 * FULL: both. Non-transitive levels compare with the latest version only; _TRANSITIVE ones with every version.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    /** The level of a registry nobody configured, as Confluent's. */
    public static final CompatibilityLevel DEFAULT = BACKWARD;

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** The level of a name as the REST API spells it ({@code "FULL_TRANSITIVE"}); case-insensitive, like Confluent's. */
    public static Optional<CompatibilityLevel> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public boolean isTransitive() {
        return transitive;
    }

    /** True when the candidate may follow the previous versions (oldest first) under this level. */
    public boolean isCompatible(Schema candidate, List<Schema> previousOldestFirst) {
        return incompatibilities(candidate, previousOldestFirst).isEmpty();
    }

    /**
     * Why the candidate may not follow the previous versions (oldest first), one message per problem,
     * in the spirit of Confluent's verbose compatibility answer; empty when compatible.
     */
    public List<String> incompatibilities(Schema candidate, List<Schema> previousOldestFirst) {
        List<String> messages = new ArrayList<>();
        if (this == NONE || previousOldestFirst.isEmpty()) {
            return messages;
        }
        int first = transitive ? 0 : previousOldestFirst.size() - 1;
        // Newest first, as Confluent reports: the most relevant conflict leads.
        for (int i = previousOldestFirst.size() - 1; i >= first; i--) {
            Schema previous = previousOldestFirst.get(i);
            List<String> found = new ArrayList<>();
            if (backward) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, previous), "new", "old", found);
            }
            if (forward) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(previous, candidate), "old", "new", found);
            }
            if (!found.isEmpty()) {
                messages.addAll(found);
                messages.add("{oldSchema: '" + previous + "'}");
                messages.add("{compatibility: '" + name() + "'}");
            }
        }
        return messages;
    }

    private static void describe(SchemaCompatibility.SchemaPairCompatibility pair, String readerRole, String writerRole,
                                 List<String> into) {
        for (Incompatibility problem : pair.getResult().getIncompatibilities()) {
            into.add("{errorType:'" + problem.getType() + "', description:'" + description(problem, readerRole, writerRole)
                    + "', additionalInfo:'" + problem.getMessage() + "'}");
        }
    }

    private static String description(Incompatibility problem, String readerRole, String writerRole) {
        String at = " at path '" + problem.getLocation() + "'";
        return switch (problem.getType()) {
            case READER_FIELD_MISSING_DEFAULT_VALUE -> "The field '" + problem.getMessage() + "'" + at + " in the "
                    + readerRole + " schema has no default value and is missing in the " + writerRole + " schema";
            case MISSING_ENUM_SYMBOLS -> "The " + readerRole + " schema is missing enum symbols '" + problem.getMessage()
                    + "'" + at + " in the " + writerRole + " schema";
            case MISSING_UNION_BRANCH -> "The " + readerRole + " schema is missing a type inside a union field" + at
                    + " in the " + writerRole + " schema";
            case NAME_MISMATCH -> "The type" + at + " in the " + readerRole + " schema does not match the name in the "
                    + writerRole + " schema";
            case FIXED_SIZE_MISMATCH -> "The size of FIXED type" + at + " in the " + readerRole
                    + " schema does not match the size in the " + writerRole + " schema";
            case TYPE_MISMATCH -> "The type" + at + " in the " + readerRole + " schema does not match the type in the "
                    + writerRole + " schema";
        };
    }
}
