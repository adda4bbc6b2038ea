package org.together.schemas.registry;

/**
 * A Schema Registry answered with an error (Confluent's {@code {"error_code", "message"}} body), or could not be reached.
 * {@link #of} maps Confluent's error codes to the nested subclasses, so callers catch what they can handle.
 */
public class SchemaRegistryException extends RuntimeException {

    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** Subject has no subject-level config (Confluent answers this to GET /config/{subject}). */
    public static final int SUBJECT_LEVEL_CONFIG_NOT_FOUND = 40408;
    /** Incompatible schema up to Confluent 7.x; 8.x answers {@link #INCOMPATIBLE_SCHEMA_V8}. */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INCOMPATIBLE_SCHEMA_V8 = 40901;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    public static final int STORE_ERROR = 50001;
    public static final int OPERATION_TIMEOUT = 50002;
    public static final int FORWARDING_ERROR = 50003;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(int httpStatus, int errorCode, String message) {
        this(httpStatus, errorCode, message, null);
    }

    public SchemaRegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
        super(message + "; error code: " + errorCode, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** Confluent's {@code error_code}: 40401, 409, 42201, ... (0 when no registry answered). */
    public int errorCode() {
        return errorCode;
    }

    /** The HTTP status of the answer (0 when no registry answered). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The typed exception for an error answer. */
    public static SchemaRegistryException of(int httpStatus, int errorCode, String message) {
        return switch (errorCode) {
            case SUBJECT_NOT_FOUND -> new SubjectNotFoundException(httpStatus, message);
            case VERSION_NOT_FOUND -> new VersionNotFoundException(httpStatus, message);
            case SCHEMA_NOT_FOUND -> new SchemaNotFoundException(httpStatus, message);
            case INCOMPATIBLE_SCHEMA, INCOMPATIBLE_SCHEMA_V8 -> new IncompatibleSchemaException(httpStatus, errorCode, message);
            case INVALID_SCHEMA -> new InvalidSchemaException(httpStatus, message);
            case INVALID_VERSION -> new InvalidVersionException(httpStatus, message);
            case INVALID_COMPATIBILITY_LEVEL -> new InvalidCompatibilityLevelException(httpStatus, message);
            default -> httpStatus >= 500 || errorCode >= 50000
                    ? new ServerErrorException(httpStatus, errorCode, message)
                    : new SchemaRegistryException(httpStatus, errorCode, message);
        };
    }

    /** True for 40401, 40402 and 40403: the subject, version or schema does not exist. */
    public boolean isNotFound() {
        return this instanceof SubjectNotFoundException || this instanceof VersionNotFoundException
                || this instanceof SchemaNotFoundException;
    }

    /** 40401. */
    public static class SubjectNotFoundException extends SchemaRegistryException {
        public SubjectNotFoundException(int httpStatus, String message) {
            super(httpStatus, SUBJECT_NOT_FOUND, message);
        }
    }

    /** 40402. */
    public static class VersionNotFoundException extends SchemaRegistryException {
        public VersionNotFoundException(int httpStatus, String message) {
            super(httpStatus, VERSION_NOT_FOUND, message);
        }
    }

    /** 40403. */
    public static class SchemaNotFoundException extends SchemaRegistryException {
        public SchemaNotFoundException(int httpStatus, String message) {
            super(httpStatus, SCHEMA_NOT_FOUND, message);
        }
    }

    /** 409 (Confluent up to 7.x) or 40901 (8.x). */
    public static class IncompatibleSchemaException extends SchemaRegistryException {
        public IncompatibleSchemaException(int httpStatus, int errorCode, String message) {
            super(httpStatus, errorCode, message);
        }
    }

    /** 42201. */
    public static class InvalidSchemaException extends SchemaRegistryException {
        public InvalidSchemaException(int httpStatus, String message) {
            super(httpStatus, INVALID_SCHEMA, message);
        }
    }

    /** 42202. */
    public static class InvalidVersionException extends SchemaRegistryException {
        public InvalidVersionException(int httpStatus, String message) {
            super(httpStatus, INVALID_VERSION, message);
        }
    }

    /** 42203. */
    public static class InvalidCompatibilityLevelException extends SchemaRegistryException {
        public InvalidCompatibilityLevelException(int httpStatus, String message) {
            super(httpStatus, INVALID_COMPATIBILITY_LEVEL, message);
        }
    }

    /** 5xx: 50001 store error, 50002 timeout, 50003 forwarding error, or any other server failure. */
    public static class ServerErrorException extends SchemaRegistryException {
        public ServerErrorException(int httpStatus, int errorCode, String message) {
            super(httpStatus, errorCode, message);
        }
    }

    /** No answer: connection refused, timeout, interrupted. httpStatus and errorCode are 0. */
    public static class UnreachableException extends SchemaRegistryException {
        public UnreachableException(String message, Throwable cause) {
            super(0, 0, message, cause);
        }
    }
}
