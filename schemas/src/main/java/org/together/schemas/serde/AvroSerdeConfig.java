package org.together.schemas.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.together.schemas.registry.InMemorySchemaRegistryClient;
import org.together.schemas.registry.RedactedUrls;
import org.together.schemas.registry.RestSchemaRegistryClient;
import org.together.schemas.registry.SchemaRegistryClient;

/** The serde config keys; the same names and defaults as Confluent's, so one set of properties works for both. */
public final class AvroSerdeConfig {

    /** Registry URL(s), comma-separated; {@code mock://<scope>} selects {@link InMemorySchemaRegistryClient#forScope}. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** Register the record's schema on first use (default true). */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    /** When not auto-registering: write with the subject's latest version instead of looking the schema up (default false). */
    public static final String USE_LATEST_VERSION = "use.latest.version";
    /** With use.latest.version: refuse a latest version that cannot read the record's schema (default true). */
    public static final String LATEST_COMPATIBILITY_STRICT = "latest.compatibility.strict";
    /** With use.latest.version: seconds before the latest version is fetched again (default -1: never). */
    public static final String LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";
    /** Deserialize into generated classes; this serde reads nothing else, so only true is accepted. */
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    /** The generated class to read values (keys) into, when not given to the constructor. */
    public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";
    public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";
    /** {@code user:password} for the registry's basic auth. */
    public static final String BASIC_AUTH_USER_INFO = RestSchemaRegistryClient.BASIC_AUTH_USER_INFO;

    static final String MOCK_SCHEME = "mock://";

    private AvroSerdeConfig() {
    }

    /** A client for the configured URL: a REST client, or a shared in-memory one for {@code mock://} URLs. */
    public static SchemaRegistryClient client(Map<String, ?> configs) {
        Object url = configs.get(SCHEMA_REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL + " is required (or pass a SchemaRegistryClient to the constructor)");
        }
        String urls = url instanceof java.util.List<?> list
                ? String.join(",", list.stream().map(Object::toString).toList()) : url.toString().trim();
        if (urls.startsWith(MOCK_SCHEME)) {
            return InMemorySchemaRegistryClient.forScope(urls.substring(MOCK_SCHEME.length()));
        }
        try {
            return new RestSchemaRegistryClient(urls, configs);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(SCHEMA_REGISTRY_URL, RedactedUrls.of(urls), e.getMessage());
        }
    }

    static boolean bool(Map<String, ?> configs, String key, boolean defaultValue) {
        Object value = configs.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new ConfigException(key, value, "must be true or false");
    }

    static long number(Map<String, ?> configs, String key, long defaultValue) {
        Object value = configs.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "must be a whole number");
        }
    }

    /** The configured generated class for keys or values, or null when none is configured. */
    static Class<? extends SpecificRecord> specificType(Map<String, ?> configs, boolean isKey) {
        String key = isKey ? SPECIFIC_AVRO_KEY_TYPE : SPECIFIC_AVRO_VALUE_TYPE;
        Object value = configs.get(key);
        if (value == null) {
            return null;
        }
        Class<?> type;
        if (value instanceof Class<?> c) {
            type = c;
        } else {
            try {
                type = Class.forName(value.toString().trim(), true, Thread.currentThread().getContextClassLoader() != null
                        ? Thread.currentThread().getContextClassLoader() : AvroSerdeConfig.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new ConfigException(key, value, "no such class on the classpath");
            }
        }
        if (!SpecificRecord.class.isAssignableFrom(type)) {
            throw new ConfigException(key, value, "not a generated Avro class (SpecificRecord)");
        }
        return type.asSubclass(SpecificRecord.class);
    }
}
