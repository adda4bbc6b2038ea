package org.together.embedded.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import com.fasterxml.jackson.databind.JsonNode;
import org.together.schemas.registry.CompatibilityLevel;

/**
 * What the {@code _schemas} topic says, folded into memory. Only the log reader changes it (through
 * {@link #apply}); HTTP threads read it.
 */
final class RegistryState {

    /** One version of one subject. {@code schema} is Avro's canonical JSON of the schema. */
    record SchemaVersion(String subject, int version, int id, String schema, boolean deleted) {
    }

    private final Map<String, TreeMap<Integer, SchemaVersion>> subjects = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    /** Highest id ever handed out, including ids of permanently deleted schemas: never reused. */
    private int maxId;

    synchronized void apply(JsonNode key, JsonNode value) {
        switch (key.path("keytype").asText()) {
            case SchemaLog.SCHEMA -> {
                String subject = key.path("subject").asText();
                int version = key.path("version").asInt();
                if (value == null) {
                    TreeMap<Integer, SchemaVersion> versions = subjects.get(subject);
                    if (versions != null) {
                        versions.remove(version);
                        if (versions.isEmpty()) {
                            subjects.remove(subject);
                        }
                    }
                    return;
                }
                int id = value.path("id").asInt();
                maxId = Math.max(maxId, id);
                subjects.computeIfAbsent(subject, s -> new TreeMap<>()).put(version, new SchemaVersion(
                        subject, version, id, value.path("schema").asText(), value.path("deleted").asBoolean(false)));
            }
            case SchemaLog.CONFIG -> {
                JsonNode subject = key.path("subject");
                CompatibilityLevel level = value == null ? null : Registry.level(value.path("compatibilityLevel").asText());
                if (subject.isMissingNode() || subject.isNull()) {
                    globalLevel = level;
                } else if (level == null) {
                    subjectLevels.remove(subject.asText());
                } else {
                    subjectLevels.put(subject.asText(), level);
                }
            }
            case SchemaLog.ID_HIGH_WATER -> {
                if (value != null) {
                    maxId = Math.max(maxId, value.path("id").asInt());
                }
            }
            default -> {
                // other key types (a Confluent registry's NOOP, MODE, DELETE_SUBJECT) carry nothing we serve
            }
        }
    }

    synchronized List<String> subjects(boolean includeDeleted) {
        List<String> names = new ArrayList<>();
        new TreeSet<>(subjects.keySet()).forEach(subject -> {
            if (!versions(subject, includeDeleted).isEmpty()) {
                names.add(subject);
            }
        });
        return names;
    }

    /** Versions of a subject, oldest first. */
    synchronized List<SchemaVersion> versions(String subject, boolean includeDeleted) {
        TreeMap<Integer, SchemaVersion> versions = subjects.get(subject);
        if (versions == null) {
            return List.of();
        }
        return versions.values().stream().filter(v -> includeDeleted || !v.deleted()).toList();
    }

    synchronized Optional<SchemaVersion> version(String subject, int version) {
        TreeMap<Integer, SchemaVersion> versions = subjects.get(subject);
        return Optional.ofNullable(versions == null ? null : versions.get(version));
    }

    /** The highest version number the subject ever had that is still in the log, 0 if none. */
    synchronized int maxVersion(String subject) {
        TreeMap<Integer, SchemaVersion> versions = subjects.get(subject);
        return versions == null || versions.isEmpty() ? 0 : versions.lastKey();
    }

    /** The global id of a schema text stored under any subject, soft-deleted versions included. */
    synchronized OptionalInt idOf(String canonicalSchema) {
        return subjects.values().stream().flatMap(m -> m.values().stream())
                .filter(v -> v.schema().equals(canonicalSchema))
                .mapToInt(SchemaVersion::id).findFirst();
    }

    synchronized Optional<String> schemaById(int id) {
        return subjects.values().stream().flatMap(m -> m.values().stream())
                .filter(v -> v.id() == id).map(SchemaVersion::schema).findFirst();
    }

    /** Every subject version that uses the schema with this id, by subject then version. */
    synchronized List<SchemaVersion> versionsById(int id, boolean includeDeleted) {
        return new TreeSet<>(subjects.keySet()).stream()
                .flatMap(s -> subjects.get(s).values().stream())
                .filter(v -> v.id() == id && (includeDeleted || !v.deleted()))
                .toList();
    }

    synchronized int maxId() {
        return maxId;
    }

    synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    synchronized CompatibilityLevel globalLevel() {
        return globalLevel == null ? CompatibilityLevel.DEFAULT : globalLevel;
    }

    synchronized CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevel(subject).orElseGet(this::globalLevel);
    }
}
