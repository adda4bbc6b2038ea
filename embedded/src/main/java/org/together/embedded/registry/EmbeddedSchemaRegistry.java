package org.together.embedded.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.together.http.SecurityHeaders;
import org.together.embedded.registry.RegistryState.SchemaVersion;
import org.together.schemas.registry.CompatibilityLevel;

/**
 * A schema registry speaking the subset of Confluent's REST API that serializers, deserializers and
 * operators use, so Confluent's own clients work against it. Schemas live in the compacted Kafka topic
 * {@code _schemas}: they survive restarts and global ids are never reused. Avro only.
 *
 * <p>Anyone who reaches it may read; only loopback clients, or others carrying the admin token, may change it
 * (POST, PUT, DELETE): see {@link WriteAccess}.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Set<String> ACCEPTED_CONTENT_TYPES = Set.of(CONTENT_TYPE,
            "application/vnd.schemaregistry+json", "application/json", "application/octet-stream");
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANSWERED = "registry.answered";
    private static final long MAX_REQUEST_BYTES = 4L * 1024 * 1024;
    private static final String PIPELINE_SUBJECT_PREFIX = "together.";

    private final SchemaLog schemaLog;
    private final Javalin http;
    private final String url;

    private EmbeddedSchemaRegistry(SchemaLog schemaLog, Javalin http, String url) {
        this.schemaLog = schemaLog;
        this.http = http;
        this.url = url;
    }

    /**
     * Reads {@code _schemas} (creating it if absent) up to its end, then serves HTTP; only loopback clients may write.
     *
     * @param port the HTTP port, 0 for any free one
     */
    public static EmbeddedSchemaRegistry start(String bootstrapServers, String host, int port) {
        return start(bootstrapServers, Map.of(), host, port, Optional.empty());
    }

    /**
     * Reads {@code _schemas} (creating it if absent) up to its end, then serves HTTP.
     *
     * @param kafkaProperties client properties of the store's Kafka clients (security, e.g. SASL); registry settings
     *        among them ({@code basic.auth.*}, {@code schema.registry.*}) are left out
     * @param port the HTTP port, 0 for any free one
     * @param adminToken what a client elsewhere than loopback must carry to write; without one, only loopback may
     */
    public static EmbeddedSchemaRegistry start(String bootstrapServers, Map<String, String> kafkaProperties, String host,
            int port, Optional<String> adminToken) {
        return start(bootstrapServers, kafkaProperties, host, port, adminToken, STORE_TIMEOUT, WriteAccess::isLoopback);
    }

    /** As {@link #start(String, String, int)}, giving up on the Kafka store after {@code storeTimeout}. */
    static EmbeddedSchemaRegistry start(String bootstrapServers, String host, int port, Duration storeTimeout) {
        return start(bootstrapServers, Map.of(), host, port, Optional.empty(), storeTimeout, WriteAccess::isLoopback);
    }

    /** The full form; {@code loopback} decides whether a remote address is loopback (tests make any address look remote). */
    static EmbeddedSchemaRegistry start(String bootstrapServers, Map<String, String> kafkaProperties, String host, int port,
            Optional<String> adminToken, Duration storeTimeout, Predicate<String> loopback) {
        long started = System.nanoTime();
        RegistryState state = new RegistryState();
        SchemaLog schemaLog = SchemaLog.open(bootstrapServers, kafkaProperties, state, storeTimeout);
        try {
            Registry registry = new Registry(state, schemaLog);
            WriteAccess access = new WriteAccess(adminToken, loopback);
            Javalin http = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.startup.showOldJavalinVersionWarning = false;
                config.jetty.host = host;
                config.jetty.port = port;
                // Larger than any schema the Kafka store accepts, so an oversized one gets the store's answer.
                config.http.maxRequestSize = MAX_REQUEST_BYTES;
                // first: a before handler that refuses (the write check) ends the chain
                SecurityHeaders.install(config);
                routes(config.routes, registry, access);
            }).start();
            String url = "http://" + host + ":" + http.port();
            log.info("schema registry serving {} ({} subjects, {} ms)", url, state.subjects(false).size(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
            return new EmbeddedSchemaRegistry(schemaLog, http, url);
        } catch (RuntimeException e) {
            schemaLog.close();
            throw e;
        }
    }

    /**
     * The registry client settings ({@code basic.auth.*}, as Confluent's clients and ours read them) that let a client
     * change this registry from any address: basic auth as {@code admin} with the admin token as password.
     */
    public static Map<String, String> clientCredentials(String adminToken) {
        return Map.of("basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", WriteAccess.ADMIN_USER + ":" + adminToken);
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        return url;
    }

    @Override
    public void close() {
        http.stop();
        schemaLog.close();
        log.info("schema registry at {} stopped", url);
    }

    private static void routes(io.javalin.config.RoutesConfig r, Registry registry, WriteAccess access) {
        r.before(ctx -> {
            String method = ctx.method().name();
            boolean write = method.equals("POST") || method.equals("PUT") || method.equals("DELETE");
            if (write && !access.permits(ctx.req().getRemoteAddr(), ctx.header("Authorization"))) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"schema-registry\"");
                throw new RegistryError(401, 401, "Unauthorized: changes from " + ctx.req().getRemoteAddr()
                        + " need the admin token (Authorization: Bearer <token>, or basic auth as "
                        + WriteAccess.ADMIN_USER + " with the token as password); only loopback clients go without");
            }
            if ((method.equals("POST") || method.equals("PUT")) && ctx.contentType() != null) {
                String type = ctx.contentType().split(";")[0].trim().toLowerCase(Locale.ROOT);
                if (!ACCEPTED_CONTENT_TYPES.contains(type)) {
                    throw new RegistryError(415, 415, "HTTP 415 Unsupported Media Type: " + type);
                }
            }
        });
        r.exception(RegistryError.class, (e, ctx) -> error(ctx, e.httpStatus(), e.errorCode(), e.getMessage()));
        r.exception(Exception.class, (e, ctx) -> {
            log.error("registry request {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, 500, "Internal Server Error: " + e);
        });
        r.error(404, "*", ctx -> {
            if (ctx.attribute(ANSWERED) == null) {
                error(ctx, 404, 404, "HTTP 404 Not Found");
            }
        });
        r.error(405, "*", ctx -> {
            if (ctx.attribute(ANSWERED) == null) {
                error(ctx, 405, 405, "HTTP 405 Method Not Allowed");
            }
        });

        r.get("/", ctx -> answer(ctx, JSON.createObjectNode()));
        r.get("/schemas/types", ctx -> answer(ctx, JSON.createArrayNode().add("AVRO")));

        r.get("/subjects", ctx -> {
            String prefix = ctx.queryParam("subjectPrefix") != null ? ctx.queryParam("subjectPrefix") : ctx.queryParam("subject");
            List<String> subjects = deletedOnly(ctx)
                    ? minus(registry.subjects(true), registry.subjects(false))
                    : registry.subjects(flag(ctx, "deleted"));
            answer(ctx, strings(page(ctx, subjects.stream().filter(s -> prefix == null || s.startsWith(prefix)).toList())));
        });
        r.post("/subjects/{subject}/versions", ctx -> {
            int id = registry.register(ctx.pathParam("subject"), schemaText(ctx));
            answer(ctx, JSON.createObjectNode().put("id", id));
        });
        r.post("/subjects/{subject}", ctx ->
                answer(ctx, versionJson(registry.lookup(ctx.pathParam("subject"), schemaText(ctx), flag(ctx, "deleted")))));
        r.get("/subjects/{subject}/versions", ctx -> {
            String subject = ctx.pathParam("subject");
            List<Integer> found = deletedOnly(ctx)
                    ? minus(registry.versions(subject, true), registry.versionsOrEmpty(subject))
                    : registry.versions(subject, flag(ctx, "deleted"));
            ArrayNode versions = JSON.createArrayNode();
            page(ctx, found).forEach(versions::add);
            answer(ctx, versions);
        });
        r.get("/subjects/{subject}/versions/{version}", ctx -> answer(ctx, versionJson(
                registry.version(ctx.pathParam("subject"), version(ctx), flag(ctx, "deleted")))));
        r.get("/subjects/{subject}/versions/{version}/schema", ctx -> {
            SchemaVersion v = registry.version(ctx.pathParam("subject"), version(ctx), flag(ctx, "deleted"));
            ctx.attribute(ANSWERED, true);
            ctx.status(200).contentType(CONTENT_TYPE).result(v.schema());
        });
        r.get("/subjects/{subject}/versions/{version}/referencedby", ctx -> {
            registry.version(ctx.pathParam("subject"), version(ctx), true);
            answer(ctx, JSON.createArrayNode());
        });
        r.delete("/subjects/{subject}", ctx -> {
            requireTokenForPipelineDelete(ctx, access);
            ArrayNode versions = JSON.createArrayNode();
            registry.deleteSubject(ctx.pathParam("subject"), flag(ctx, "permanent")).forEach(versions::add);
            answer(ctx, versions);
        });
        r.delete("/subjects/{subject}/versions/{version}", ctx -> {
            requireTokenForPipelineDelete(ctx, access);
            answer(ctx,
                JSON.getNodeFactory().numberNode(registry.deleteVersion(ctx.pathParam("subject"), version(ctx),
                        flag(ctx, "permanent"))));
        });

        r.get("/schemas", ctx -> {
            String prefix = ctx.queryParam("subjectPrefix");
            boolean latestOnly = flag(ctx, "latestOnly");
            List<SchemaVersion> found = new ArrayList<>();
            for (String subject : registry.subjects(flag(ctx, "deleted"))) {
                if (prefix == null || subject.startsWith(prefix)) {
                    List<SchemaVersion> versions = registry.schemaVersions(subject, flag(ctx, "deleted"));
                    found.addAll(latestOnly ? versions.subList(versions.size() - 1, versions.size()) : versions);
                }
            }
            ArrayNode list = JSON.createArrayNode();
            page(ctx, found).forEach(v -> list.add(versionJson(v)));
            answer(ctx, list);
        });
        r.get("/contexts", ctx -> answer(ctx, JSON.createArrayNode().add(".")));
        r.get("/schemas/ids/{id}", ctx -> answer(ctx, JSON.createObjectNode().put("schema", registry.schemaById(id(ctx)))));
        r.get("/schemas/ids/{id}/schema", ctx -> {
            String schema = registry.schemaById(id(ctx));
            ctx.attribute(ANSWERED, true);
            ctx.status(200).contentType(CONTENT_TYPE).result(schema);
        });
        r.get("/schemas/ids/{id}/versions", ctx -> {
            ArrayNode list = JSON.createArrayNode();
            registry.versionsById(id(ctx), flag(ctx, "deleted"))
                    .forEach(v -> list.addObject().put("subject", v.subject()).put("version", v.version()));
            answer(ctx, list);
        });
        r.get("/schemas/ids/{id}/subjects", ctx -> answer(ctx, strings(registry.versionsById(id(ctx), flag(ctx, "deleted"))
                .stream().map(SchemaVersion::subject).distinct().toList())));

        r.post("/compatibility/subjects/{subject}/versions/{version}", ctx -> compatibility(ctx, registry,
                version(ctx)));
        r.post("/compatibility/subjects/{subject}/versions", ctx -> compatibility(ctx, registry, null));

        r.get("/config", ctx -> answer(ctx, JSON.createObjectNode()
                .put("compatibilityLevel", registry.globalLevel().name())));
        r.put("/config", ctx -> {
            CompatibilityLevel level = requestedLevel(ctx);
            requireTokenForNone(ctx, access, level, null);
            registry.setLevel(null, level);
            answer(ctx, JSON.createObjectNode().put("compatibility", level.name()));
        });
        // Falls back to the global level when the subject has none of its own (what Confluent's clients document).
        r.get("/config/{subject}", ctx -> answer(ctx, JSON.createObjectNode().put("compatibilityLevel",
                registry.subjectLevel(ctx.pathParam("subject")).orElseGet(registry::globalLevel).name())));
        r.put("/config/{subject}", ctx -> {
            CompatibilityLevel level = requestedLevel(ctx);
            requireTokenForNone(ctx, access, level, ctx.pathParam("subject"));
            registry.setLevel(ctx.pathParam("subject"), level);
            answer(ctx, JSON.createObjectNode().put("compatibility", level.name()));
        });
        r.delete("/config/{subject}", ctx -> answer(ctx, JSON.createObjectNode()
                .put("compatibilityLevel", registry.deleteSubjectLevel(ctx.pathParam("subject")).name())));

        r.get("/mode", ctx -> answer(ctx, JSON.createObjectNode().put("mode", "READWRITE")));
        r.get("/mode/{subject}", ctx -> answer(ctx, JSON.createObjectNode().put("mode", "READWRITE")));
    }

    /**
     * A delete, soft or permanent, of a subject or version of the pipeline's topics needs the admin token from any
     * address, loopback included: the event log keeps records written with those schemas for ever, and a permanent delete
     * (which a soft one must precede) leaves them undecodable for good, its ids never given again (review 18).
     */
    private static void requireTokenForPipelineDelete(Context ctx, WriteAccess access) {
        String subject = ctx.pathParam("subject");
        if (isPipelineSubject(subject) && !access.carriesToken(ctx.header("Authorization"))) {
            throw needsToken(ctx, "deleting " + subject + (ctx.pathParamMap().containsKey("version")
                    ? " version " + ctx.pathParam("version") : "") + " needs the admin token, from any address: the event"
                    + " log holds records of this subject's schemas, and once deleted for good they can never be read again");
        }
    }

    /**
     * Compatibility NONE on a pipeline subject, or globally (which every subject without its own level follows), needs
     * the admin token from any address: it lets a schema that cannot read the log's records be registered under them.
     */
    private static void requireTokenForNone(Context ctx, WriteAccess access, CompatibilityLevel level, String subject) {
        if (level == CompatibilityLevel.NONE && (subject == null || isPipelineSubject(subject))
                && !access.carriesToken(ctx.header("Authorization"))) {
            throw needsToken(ctx, "compatibility NONE " + (subject == null ? "globally" : "on " + subject)
                    + " needs the admin token, from any address: the event log holds records of the pipeline's schemas,"
                    + " and NONE lets a schema that cannot read them be registered");
        }
    }

    /** The subjects of the pipeline's topics ({@code together.*}), whose records the event log keeps. */
    static boolean isPipelineSubject(String subject) {
        return subject.startsWith(PIPELINE_SUBJECT_PREFIX);
    }

    private static RegistryError needsToken(Context ctx, String why) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"schema-registry\"");
        return new RegistryError(401, 401, "Unauthorized: " + why + " (Authorization: Bearer <token>, or basic auth as "
                + WriteAccess.ADMIN_USER + " with the token as password)");
    }

    private static void compatibility(Context ctx, Registry registry, Integer version) {
        List<String> problems = registry.compatibilityProblems(ctx.pathParam("subject"), version, schemaText(ctx));
        ObjectNode result = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
        if (flag(ctx, "verbose")) {
            result.set("messages", strings(problems));
        }
        answer(ctx, result);
    }

    /** The Avro schema text of a register, lookup or compatibility request; other schema types are refused. */
    private static String schemaText(Context ctx) {
        JsonNode body = body(ctx);
        String type = body.path("schemaType").asText("AVRO");
        if (!body.path("schemaType").isNull() && !type.equalsIgnoreCase("AVRO")) {
            throw RegistryError.invalidSchema("Unsupported schema type " + type + ": this registry stores AVRO only");
        }
        JsonNode references = body.path("references");
        if (references.isArray() && !references.isEmpty()) {
            throw RegistryError.invalidSchema("Schema references are not supported by this registry");
        }
        JsonNode schema = body.path("schema");
        if (!schema.isTextual()) {
            throw RegistryError.invalidSchema("Empty schema");
        }
        return schema.asText();
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode body = JSON.readTree(ctx.body());
            if (body == null || !body.isObject()) {
                throw new RegistryError(400, 400, "The request body must be a JSON object");
            }
            return body;
        } catch (JsonProcessingException e) {
            throw new RegistryError(400, 400, "Malformed JSON body: " + e.getOriginalMessage());
        }
    }

    private static int version(Context ctx) {
        String raw = ctx.pathParam("version");
        if (raw.equalsIgnoreCase("latest")) {
            return Registry.LATEST;
        }
        try {
            int version = Integer.parseInt(raw);
            if (version == Registry.LATEST) {
                return version;
            }
            if (version < 1) {
                throw RegistryError.invalidVersion(raw);
            }
            return version;
        } catch (NumberFormatException e) {
            throw RegistryError.invalidVersion(raw);
        }
    }

    private static int id(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new RegistryError(404, 40403, "Schema " + raw + " not found");
        }
    }

    /** The level of a PUT /config body: Confluent's key is {@code compatibility}; {@code compatibilityLevel} is taken too. */
    private static CompatibilityLevel requestedLevel(Context ctx) {
        JsonNode body = body(ctx);
        JsonNode level = body.has("compatibility") ? body.get("compatibility") : body.get("compatibilityLevel");
        return Registry.level(level == null || level.isNull() ? null : level.asText());
    }

    private static boolean deletedOnly(Context ctx) {
        return flag(ctx, "deletedOnly") || flag(ctx, "deleted_only");
    }

    private static <T> List<T> minus(List<T> all, List<T> removed) {
        return all.stream().filter(x -> !removed.contains(x)).toList();
    }

    /** Confluent's {@code offset} and {@code limit} (-1: no limit) on list answers. */
    private static <T> List<T> page(Context ctx, List<T> all) {
        int offset = Math.max(0, intParam(ctx, "offset", 0));
        int limit = intParam(ctx, "limit", -1);
        List<T> rest = offset >= all.size() ? List.of() : all.subList(offset, all.size());
        return limit < 0 || limit >= rest.size() ? rest : rest.subList(0, limit);
    }

    private static int intParam(Context ctx, String name, int absent) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return absent;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new RegistryError(400, 400, "Query parameter " + name + " must be an integer, got '" + raw + "'");
        }
    }

    private static boolean flag(Context ctx, String name) {
        return Boolean.parseBoolean(ctx.queryParam(name));
    }

    private static ObjectNode versionJson(SchemaVersion v) {
        return JSON.createObjectNode().put("subject", v.subject()).put("version", v.version()).put("id", v.id())
                .put("schema", v.schema());
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private static void answer(Context ctx, JsonNode body) {
        ctx.attribute(ANSWERED, true);
        ctx.status(200).contentType(CONTENT_TYPE).result(body.toString());
    }

    private static void error(Context ctx, int status, int code, String message) {
        ctx.attribute(ANSWERED, true);
        ctx.status(status).contentType(CONTENT_TYPE)
                .result(JSON.createObjectNode().put("error_code", code).put("message", message).toString());
    }
}
