package org.together.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry API the pipeline uses. Failures are {@link SchemaRegistryException}s
 * carrying Confluent's error codes. Implementations are thread-safe.
 */
public interface SchemaRegistryClient {

    /** Registers the schema under the subject and returns its global id; the same schema again gets the same id. */
    int register(String subject, Schema schema);

    /** The schema with this global id (40403 when absent). */
    Schema getSchemaById(int id);

    /** The subject's newest version (40401 when the subject is unknown). */
    RegisteredSchema getLatestVersion(String subject);

    /** One version of the subject (40401 unknown subject, 40402 unknown version, 42202 invalid version). */
    RegisteredSchema getVersion(String subject, int version);

    /** The version of the subject holding this schema, without registering it (40401, 40403 when absent). */
    RegisteredSchema lookup(String subject, Schema schema);

    /** Whether registering the schema under the subject would pass the subject's compatibility level. */
    boolean testCompatibility(String subject, Schema schema);

    /** The compatibility level of the subject (its own, else the global one), or the global one when null. */
    String getCompatibility(String subjectOrNull);

    /** Sets the subject's level, or the global one when null (42203 for an unknown level). */
    void setCompatibility(String subjectOrNull, String level);

    List<String> getAllSubjects();

    /** The subject's versions, oldest first (40401 when the subject is unknown). */
    List<Integer> getAllVersions(String subject);
}
