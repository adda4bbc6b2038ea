package org.together.embedded.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.together.embedded.registry.RegistryState.SchemaVersion;
import org.together.schemas.registry.CompatibilityLevel;

/**
 * The registry's rules: what may be registered, deleted and configured. Reads come from the state;
 * every change goes through the log and is visible once {@link SchemaLog#write} returns. Changes are
 * serialized so that id and version allocation never race.
 */
final class Registry {
    static final int LATEST = -1;

    private final RegistryState state;
    private final SchemaLog log;

    Registry(RegistryState state, SchemaLog log) {
        this.state = state;
        this.log = log;
    }

    /** Registers {@code schemaText} under {@code subject}; the same schema again gets its existing id. */
    synchronized int register(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        String canonical = schema.toString();
        List<SchemaVersion> live = state.versions(subject, false);
        Optional<SchemaVersion> same = live.stream().filter(v -> v.schema().equals(canonical)).findFirst();
        if (same.isPresent()) {
            return same.get().id();
        }
        CompatibilityLevel level = state.effectiveLevel(subject);
        List<String> problems = level.incompatibilities(schema, parseAll(live));
        if (!problems.isEmpty()) {
            throw RegistryError.incompatible("Schema being registered is incompatible with an earlier schema for subject \""
                    + subject + "\", details: " + problems);
        }
        int id = state.idOf(canonical).orElse(state.maxId() + 1);
        int version = state.maxVersion(subject) + 1;
        log.write(List.of(new SchemaLog.Entry(SchemaLog.schemaKey(subject, version),
                SchemaLog.schemaValue(subject, version, id, canonical, false))));
        return id;
    }

    /** The version of {@code subject} holding exactly this schema, without registering anything. */
    SchemaVersion lookup(String subject, String schemaText, boolean includeDeleted) {
        String canonical = parse(schemaText).toString();
        List<SchemaVersion> versions = state.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return versions.stream().filter(v -> v.schema().equals(canonical))
                .max(Comparator.comparingInt(SchemaVersion::version))
                .orElseThrow(RegistryError::schemaNotFound);
    }

    String schemaById(int id) {
        return state.schemaById(id).orElseThrow(() -> RegistryError.schemaIdNotFound(id));
    }

    List<SchemaVersion> versionsById(int id, boolean includeDeleted) {
        List<SchemaVersion> versions = state.versionsById(id, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryError.schemaIdNotFound(id);
        }
        return versions;
    }

    List<String> subjects(boolean includeDeleted) {
        return state.subjects(includeDeleted);
    }

    List<Integer> versions(String subject, boolean includeDeleted) {
        List<SchemaVersion> versions = state.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return versions.stream().map(SchemaVersion::version).toList();
    }

    /** The versions of a subject, oldest first; empty when it has none. */
    List<SchemaVersion> schemaVersions(String subject, boolean includeDeleted) {
        return state.versions(subject, includeDeleted);
    }

    /** Live version numbers, empty rather than 40401 when there are none. */
    List<Integer> versionsOrEmpty(String subject) {
        return state.versions(subject, false).stream().map(SchemaVersion::version).toList();
    }

    SchemaVersion version(String subject, int version, boolean includeDeleted) {
        List<SchemaVersion> versions = state.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        if (version == LATEST) {
            return versions.get(versions.size() - 1);
        }
        return versions.stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow(() -> RegistryError.versionNotFound(version));
    }

    /**
     * What stops {@code schemaText} from being registered: against the given version when there is one
     * ({@code null} means every version the subject's level looks at). Empty when compatible.
     */
    List<String> compatibilityProblems(String subject, Integer version, String schemaText) {
        Schema schema = parse(schemaText);
        CompatibilityLevel level = state.effectiveLevel(subject);
        List<SchemaVersion> live = state.versions(subject, false);
        if (version == null || (version == LATEST && live.isEmpty())) {
            return level.incompatibilities(schema, parseAll(live));
        }
        SchemaVersion against = version(subject, version, false);
        return level.incompatibilities(schema, List.of(parse(against.schema())));
    }

    /** Soft-deletes every live version of a subject, or permanently removes a soft-deleted subject. */
    synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        List<SchemaVersion> all = state.versions(subject, true);
        if (all.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        List<SchemaVersion> live = state.versions(subject, false);
        List<SchemaLog.Entry> entries = new ArrayList<>();
        List<SchemaVersion> deleted;
        if (permanent) {
            if (!live.isEmpty()) {
                throw RegistryError.subjectNotSoftDeleted(subject);
            }
            entries.add(idHighWater());
            all.forEach(v -> entries.add(new SchemaLog.Entry(SchemaLog.schemaKey(subject, v.version()), null)));
            if (state.subjectLevel(subject).isPresent()) {
                entries.add(new SchemaLog.Entry(SchemaLog.configKey(subject), null));
            }
            deleted = all;
        } else {
            if (live.isEmpty()) {
                throw RegistryError.subjectSoftDeleted(subject);
            }
            live.forEach(v -> entries.add(softDeleted(v)));
            // As Confluent: deleting a subject also drops its own compatibility level.
            if (state.subjectLevel(subject).isPresent()) {
                entries.add(new SchemaLog.Entry(SchemaLog.configKey(subject), null));
            }
            deleted = live;
        }
        log.write(entries);
        return deleted.stream().map(SchemaVersion::version).toList();
    }

    /** Soft-deletes one version, or permanently removes a soft-deleted one. */
    synchronized int deleteVersion(String subject, int version, boolean permanent) {
        // "latest" means the latest live version for a soft delete; a given number may name a soft-deleted one.
        SchemaVersion target = version(subject, version, version != LATEST || permanent);
        if (permanent) {
            if (!target.deleted()) {
                throw RegistryError.versionNotSoftDeleted(subject, target.version());
            }
            log.write(List.of(idHighWater(), new SchemaLog.Entry(SchemaLog.schemaKey(subject, target.version()), null)));
        } else {
            if (target.deleted()) {
                throw RegistryError.versionSoftDeleted(subject, target.version());
            }
            log.write(List.of(softDeleted(target)));
        }
        return target.version();
    }

    CompatibilityLevel globalLevel() {
        return state.globalLevel();
    }

    Optional<CompatibilityLevel> subjectLevel(String subject) {
        return state.subjectLevel(subject);
    }

    /** Sets the level of a subject, or the global one when {@code subject} is null. */
    synchronized void setLevel(String subject, CompatibilityLevel level) {
        log.write(List.of(new SchemaLog.Entry(SchemaLog.configKey(subject), SchemaLog.configValue(level))));
    }

    /**
     * Removes a subject's own level so the global one applies again; returns the level that applied
     * before. Deleting a level that is not set changes nothing.
     */
    synchronized CompatibilityLevel deleteSubjectLevel(String subject) {
        Optional<CompatibilityLevel> own = state.subjectLevel(subject);
        if (own.isEmpty()) {
            if (state.versions(subject, true).isEmpty()) {
                throw RegistryError.subjectNotFound(subject);
            }
            return state.globalLevel();
        }
        log.write(List.of(new SchemaLog.Entry(SchemaLog.configKey(subject), null)));
        return own.get();
    }

    private SchemaLog.Entry idHighWater() {
        return new SchemaLog.Entry(SchemaLog.idHighWaterKey(), SchemaLog.idHighWaterValue(state.maxId()));
    }

    private static SchemaLog.Entry softDeleted(SchemaVersion v) {
        return new SchemaLog.Entry(SchemaLog.schemaKey(v.subject(), v.version()),
                SchemaLog.schemaValue(v.subject(), v.version(), v.id(), v.schema(), true));
    }

    /** A level as the REST API spells it, case-insensitive; anything else is a 42203. */
    static CompatibilityLevel level(String name) {
        return CompatibilityLevel.parse(name).orElseThrow(() -> RegistryError.invalidCompatibilityLevel(String.valueOf(name)));
    }

    static Schema parse(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw RegistryError.invalidSchema("Empty schema");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (SchemaParseException | NullPointerException | IllegalArgumentException e) {
            throw RegistryError.invalidSchema("Invalid schema " + schemaText + " with refs [] of type AVRO, details: "
                    + e.getMessage());
        } catch (RuntimeException e) {
            throw RegistryError.invalidSchema("Invalid schema " + schemaText + ", details: " + e);
        }
    }

    private static List<Schema> parseAll(List<SchemaVersion> versions) {
        return versions.stream().map(v -> parse(v.schema())).toList();
    }
}
