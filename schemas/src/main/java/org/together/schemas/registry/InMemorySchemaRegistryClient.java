package org.together.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A working registry in memory, with the semantics of Confluent's: global ids shared by every subject (the same
 * schema text gets the same id everywhere), versions per subject from 1, compatibility enforced on register with
 * {@link CompatibilityLevel} (BACKWARD unless configured), the same error codes. For unit tests and
 * TopologyTestDriver; serdes configured with {@code schema.registry.url=mock://<scope>} share {@link #forScope}.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private static final Map<String, InMemorySchemaRegistryClient> SCOPES = new ConcurrentHashMap<>();

    private record Version(int version, int id, Schema schema) {
    }

    // Confluent identifies a schema by its canonical text: the same text is the same schema.
    private final Map<String, Integer> idsByText = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Version>> subjects = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.DEFAULT;
    private int nextId = 1;

    public InMemorySchemaRegistryClient() {
    }

    /** The registry shared by everything configured with {@code mock://<scope>} in this JVM. */
    public static InMemorySchemaRegistryClient forScope(String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistryClient());
    }

    /** Forgets a scope, so the next {@link #forScope} starts empty. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Version> versions = subjects.getOrDefault(subject, List.of());
        String text = schema.toString();
        for (Version v : versions) {
            if (v.schema().toString().equals(text)) {
                return v.id();
            }
        }
        CompatibilityLevel level = levelOf(subject);
        List<String> problems = level.incompatibilities(schema, versions.stream().map(Version::schema).toList());
        if (!problems.isEmpty()) {
            throw SchemaRegistryException.of(409, SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                            + "\", details: " + problems);
        }
        int id = idsByText.computeIfAbsent(text, t -> nextId++);
        schemasById.putIfAbsent(id, schema);
        int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
        subjects.computeIfAbsent(subject, s -> new ArrayList<>()).add(new Version(version, id, schema));
        return id;
    }

    @Override
    public synchronized Schema getSchemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw SchemaRegistryException.of(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema getLatestVersion(String subject) {
        List<Version> versions = versionsOf(subject);
        return registered(subject, versions.get(versions.size() - 1));
    }

    @Override
    public synchronized RegisteredSchema getVersion(String subject, int version) {
        if (version == -1) {
            return getLatestVersion(subject);
        }
        if (version <= 0) {
            throw SchemaRegistryException.of(422, SchemaRegistryException.INVALID_VERSION, "The specified version '"
                    + version + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
        }
        for (Version v : versionsOf(subject)) {
            if (v.version() == version) {
                return registered(subject, v);
            }
        }
        throw SchemaRegistryException.of(404, SchemaRegistryException.VERSION_NOT_FOUND, "Version " + version + " not found.");
    }

    @Override
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        String text = schema.toString();
        for (Version v : versionsOf(subject)) {
            if (v.schema().toString().equals(text)) {
                return registered(subject, v);
            }
        }
        throw SchemaRegistryException.of(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema not found");
    }

    @Override
    public synchronized boolean testCompatibility(String subject, Schema schema) {
        List<Version> versions = subjects.getOrDefault(subject, List.of());
        return levelOf(subject).isCompatible(schema, versions.stream().map(Version::schema).toList());
    }

    @Override
    public synchronized String getCompatibility(String subjectOrNull) {
        return (subjectOrNull == null ? globalLevel : levelOf(subjectOrNull)).name();
    }

    @Override
    public synchronized void setCompatibility(String subjectOrNull, String level) {
        CompatibilityLevel parsed = CompatibilityLevel.parse(level).orElseThrow(() -> SchemaRegistryException.of(422,
                SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL, "Invalid compatibility level. Valid values are none, "
                        + "backward, forward, full, backward_transitive, forward_transitive, and full_transitive; got '"
                        + level + "'"));
        if (subjectOrNull == null) {
            globalLevel = parsed;
        } else {
            subjectLevels.put(subjectOrNull, parsed);
        }
    }

    @Override
    public synchronized List<String> getAllSubjects() {
        return subjects.keySet().stream().sorted().toList();
    }

    @Override
    public synchronized List<Integer> getAllVersions(String subject) {
        return versionsOf(subject).stream().map(Version::version).toList();
    }

    private CompatibilityLevel levelOf(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    private List<Version> versionsOf(String subject) {
        List<Version> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw SchemaRegistryException.of(404, SchemaRegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        }
        return versions;
    }

    private static RegisteredSchema registered(String subject, Version v) {
        return new RegisteredSchema(subject, v.version(), v.id(), v.schema());
    }
}
