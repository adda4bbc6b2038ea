package org.together.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Client of Confluent's Schema Registry REST API ({@code application/vnd.schemaregistry.v1+json}), for a real
 * Confluent registry and the embedded one alike. Caches like Confluent's client: schema to id per subject, id to
 * schema, and lookups, each bounded (1000 entries unless configured), so the registry sees one request per schema.
 *
 * <p>Config keys (the same as Confluent's): {@code basic.auth.user.info} ({@code user:password}),
 * {@code basic.auth.credentials.source} ({@code USER_INFO} default, or {@code URL} for {@code http://user:pw@host}),
 * {@code http.connect.timeout.ms}, {@code http.read.timeout.ms}, {@code max.schemas.per.subject} (cache size).
 * Several base URLs may be given comma-separated: each request tries them in turn until one answers.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";
    public static final String CACHE_CAPACITY = "max.schemas.per.subject";
    public static final int DEFAULT_CACHE_CAPACITY = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private record SubjectSchema(String subject, Schema schema) {
    }

    private final List<String> baseUrls;
    private final Optional<String> authorization;
    private final Duration readTimeout;
    private final Duration connectTimeout;
    /** Built on the first request: its TLS set-up costs a starting service a second or more before it can answer. */
    private volatile HttpClient http;
    private final BoundedCache<SubjectSchema, Integer> idsBySubjectSchema;
    private final BoundedCache<Integer, Schema> schemasById;
    private final BoundedCache<SubjectSchema, RegisteredSchema> lookups;

    public RestSchemaRegistryClient(String baseUrl) {
        this(baseUrl, Map.of());
    }

    /** @param baseUrls one registry URL, or several comma-separated; @param config the keys above, others ignored */
    public RestSchemaRegistryClient(String baseUrls, Map<String, ?> config) {
        if (baseUrls == null || baseUrls.isBlank()) {
            throw new IllegalArgumentException("schema registry URL is missing");
        }
        List<String> urls = new ArrayList<>();
        String userInfoFromUrl = null;
        for (String raw : baseUrls.split(",")) {
            String url = raw.trim();
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) { // its message quotes the URL, password and all: the reason alone
                String reason = e.getCause() instanceof java.net.URISyntaxException syntax
                        ? syntax.getReason() + " at index " + syntax.getIndex() : "not a URL";
                throw new IllegalArgumentException("schema registry URL must be http(s)://host[:port]: " + reason);
            }
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("schema registry URL must be http(s)://host[:port], got '"
                        + RedactedUrls.of(url) + "'");
            }
            if (uri.getRawUserInfo() != null) {
                userInfoFromUrl = URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8);
                url = url.replace(uri.getRawUserInfo() + "@", "");
            }
            urls.add(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        }
        this.baseUrls = List.copyOf(urls);
        String source = string(config, BASIC_AUTH_CREDENTIALS_SOURCE).orElse("USER_INFO");
        Optional<String> userInfo = switch (source) {
            case "USER_INFO" -> string(config, BASIC_AUTH_USER_INFO).or(() -> string(config, "schema.registry." + BASIC_AUTH_USER_INFO));
            case "URL" -> Optional.ofNullable(userInfoFromUrl);
            default -> throw new IllegalArgumentException(BASIC_AUTH_CREDENTIALS_SOURCE + " must be USER_INFO or URL, got '" + source + "'");
        };
        this.authorization = userInfo.filter(s -> !s.isEmpty()).map(s -> {
            if (!s.contains(":")) {
                throw new IllegalArgumentException(BASIC_AUTH_USER_INFO + " must be user:password");
            }
            return "Basic " + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
        });
        this.readTimeout = Duration.ofMillis(number(config, HTTP_READ_TIMEOUT_MS, 60_000));
        this.connectTimeout = Duration.ofMillis(number(config, HTTP_CONNECT_TIMEOUT_MS, 60_000));
        int capacity = (int) number(config, CACHE_CAPACITY, DEFAULT_CACHE_CAPACITY);
        this.idsBySubjectSchema = new BoundedCache<>(capacity);
        this.schemasById = new BoundedCache<>(capacity);
        this.lookups = new BoundedCache<>(capacity);
    }

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
                }
                client = http;
            }
        }
        return client;
    }

    /** The registry URLs this client talks to, without credentials. */
    public List<String> baseUrls() {
        return baseUrls;
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        int id = requiredInt(answer, "id");
        idsBySubjectSchema.put(key, id);
        schemasById.put(id, schema);
        return id;
    }

    @Override
    public Schema getSchemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("GET", "/schemas/ids/" + id, null);
        Schema schema = parseAvro(answer, "schema id " + id);
        schemasById.put(id, schema);
        return schema;
    }

    @Override
    public RegisteredSchema getLatestVersion(String subject) {
        return registered(send("GET", "/subjects/" + encode(subject) + "/versions/latest", null), subject);
    }

    @Override
    public RegisteredSchema getVersion(String subject, int version) {
        return registered(send("GET", "/subjects/" + encode(subject) + "/versions/" + version, null), subject);
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        RegisteredSchema cached = lookups.get(key);
        if (cached != null) {
            return cached;
        }
        RegisteredSchema found = registered(send("POST", "/subjects/" + encode(subject), schemaBody(schema)), subject);
        lookups.put(key, found);
        idsBySubjectSchema.put(key, found.id());
        return found;
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
        try {
            JsonNode answer = send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest", schemaBody(schema));
            JsonNode verdict = answer.get("is_compatible");
            if (verdict == null || !verdict.isBoolean()) {
                throw malformed("is_compatible", answer);
            }
            return verdict.booleanValue();
        } catch (SchemaRegistryException.SubjectNotFoundException | SchemaRegistryException.VersionNotFoundException e) {
            // Older registries answer 404 for a subject without versions: nothing to be incompatible with.
            return true;
        }
    }

    @Override
    public String getCompatibility(String subjectOrNull) {
        if (subjectOrNull != null) {
            try {
                return requiredText(send("GET", "/config/" + encode(subjectOrNull) + "?defaultToGlobal=true", null),
                        "compatibilityLevel");
            } catch (SchemaRegistryException e) {
                // Registries without defaultToGlobal answer 40401/40408 when the subject has no level of its own.
                if (e.errorCode() != SchemaRegistryException.SUBJECT_NOT_FOUND
                        && e.errorCode() != SchemaRegistryException.SUBJECT_LEVEL_CONFIG_NOT_FOUND) {
                    throw e;
                }
            }
        }
        return requiredText(send("GET", "/config", null), "compatibilityLevel");
    }

    @Override
    public void setCompatibility(String subjectOrNull, String level) {
        CompatibilityLevel parsed = CompatibilityLevel.parse(level).orElseThrow(() -> SchemaRegistryException.of(422,
                SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL, "Invalid compatibility level '" + level
                        + "'; valid levels are " + Arrays.toString(CompatibilityLevel.values())));
        ObjectNode body = JSON.createObjectNode().put("compatibility", parsed.name());
        send("PUT", subjectOrNull == null ? "/config" : "/config/" + encode(subjectOrNull), body);
    }

    @Override
    public List<String> getAllSubjects() {
        JsonNode answer = send("GET", "/subjects", null);
        if (!answer.isArray()) {
            throw malformed("a list of subjects", answer);
        }
        List<String> subjects = new ArrayList<>();
        answer.forEach(n -> subjects.add(n.asText()));
        return subjects;
    }

    @Override
    public List<Integer> getAllVersions(String subject) {
        JsonNode answer = send("GET", "/subjects/" + encode(subject) + "/versions", null);
        if (!answer.isArray()) {
            throw malformed("a list of versions", answer);
        }
        List<Integer> versions = new ArrayList<>();
        answer.forEach(n -> versions.add(n.asInt()));
        return versions;
    }

    private JsonNode send(String method, String path, JsonNode body) {
        SchemaRegistryException.UnreachableException lastFailure = null;
        for (String base : baseUrls) {
            URI uri = URI.create(base + path);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(readTimeout)
                    .header("Accept", CONTENT_TYPE)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
            if (body != null) {
                request.header("Content-Type", CONTENT_TYPE);
            }
            authorization.ifPresent(a -> request.header("Authorization", a));
            HttpResponse<String> response;
            try {
                response = http().send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                lastFailure = new SchemaRegistryException.UnreachableException(
                        "Schema Registry unreachable: " + method + " " + uri + " failed: " + e, e);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException.UnreachableException("interrupted during " + method + " " + uri, e);
            }
            return answer(method, uri, response);
        }
        throw lastFailure;
    }

    private static JsonNode answer(String method, URI uri, HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode json = null;
        try {
            json = response.body().isEmpty() ? null : JSON.readTree(response.body());
        } catch (IOException e) {
            // Not JSON: a proxy page or a server that is not a schema registry; reported below.
        }
        if (status >= 200 && status < 300 && json != null) {
            return json;
        }
        if (status >= 400 && json != null && json.path("error_code").isInt()) {
            throw SchemaRegistryException.of(status, json.get("error_code").intValue(),
                    json.path("message").asText("") + " (" + method + " " + uri + ")");
        }
        String snippet = response.body().length() > 200 ? response.body().substring(0, 200) + "..." : response.body();
        // Without Confluent's error body, the HTTP status stands for the error code, as Confluent's client does.
        throw SchemaRegistryException.of(status, status, "unexpected answer HTTP " + status + " to " + method + " " + uri
                + (snippet.isEmpty() ? "" : ": " + snippet));
    }

    private static ObjectNode schemaBody(Schema schema) {
        // schemaType is left out for Avro, as Confluent's own client does.
        return JSON.createObjectNode().put("schema", schema.toString());
    }

    private static RegisteredSchema registered(JsonNode answer, String subject) {
        return new RegisteredSchema(answer.path("subject").asText(subject), requiredInt(answer, "version"),
                requiredInt(answer, "id"), parseAvro(answer, "subject '" + subject + "'"));
    }

    private static Schema parseAvro(JsonNode answer, String what) {
        String type = answer.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new SchemaRegistryException(200, 0, "the registry holds a " + type + " schema for " + what
                    + "; this client reads Avro only");
        }
        String text = requiredText(answer, "schema");
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(200, SchemaRegistryException.INVALID_SCHEMA,
                    "the registry returned a schema for " + what + " that Avro cannot parse: " + e.getMessage());
        }
    }

    private static int requiredInt(JsonNode answer, String field) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            throw malformed(field, answer);
        }
        return value.intValue();
    }

    private static String requiredText(JsonNode answer, String field) {
        JsonNode value = answer.get(field);
        if (value == null || !value.isTextual()) {
            throw malformed(field, answer);
        }
        return value.textValue();
    }

    private static SchemaRegistryException malformed(String expected, JsonNode answer) {
        String text = answer.toString();
        return new SchemaRegistryException(200, 0, "malformed registry answer, expected " + expected + " in "
                + (text.length() > 200 ? text.substring(0, 200) + "..." : text));
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Optional<String> string(Map<String, ?> config, String key) {
        Object value = config.get(key);
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }

    private static long number(Map<String, ?> config, String key, long defaultValue) {
        Object value = config.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + value + "'");
        }
    }
}
