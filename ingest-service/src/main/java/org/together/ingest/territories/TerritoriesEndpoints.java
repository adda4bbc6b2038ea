package org.together.ingest.territories;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.together.ingest.audit.AdminAudit;
import org.together.ingest.auth.AdminToken;
import org.together.ingest.auth.TerritoryTokens;
import org.together.ingest.auth.Tokens;
import org.together.ingest.health.Readiness;
import org.together.ingest.http.ApiError;
import org.together.ingest.http.Json;
import org.together.ingest.http.JsonBody;
import org.together.ingest.kafka.AvroWriter;
import org.together.ingest.kafka.WriteUnavailableException;
import org.together.ingest.validation.EventValidator;
import org.together.ingest.validation.FieldError;
import org.together.ingest.validation.Fields;
import org.together.reference.Territory;
import org.together.reference.TerritoryCredential;
import org.together.schemas.Topics;

/**
 * The coordination team registers territories and manages their tokens. A token is shown once, when it is
 * issued; only its SHA-256 is stored. All of it takes the admin token.
 */
public final class TerritoriesEndpoints {

    public static final List<String> KINDS = List.of("village", "neighbourhood", "municipality", "city", "region",
            "collective-actor", "citizen-group");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final TerritoryRegistry territories;
    private final TerritoryTokens tokens;
    private final AdminToken admin;
    private final Readiness readiness;
    private final AvroWriter writer;
    private final Clock clock;
    private final Duration writeTimeout;

    public TerritoriesEndpoints(TerritoryRegistry territories, TerritoryTokens tokens, AdminToken admin,
                                Readiness readiness, AvroWriter writer, Clock clock, Duration writeTimeout) {
        this.territories = territories;
        this.tokens = tokens;
        this.admin = admin;
        this.readiness = readiness;
        this.writer = writer;
        this.clock = clock;
        this.writeTimeout = writeTimeout;
    }

    /** POST /api/v1/territories: 201 {territoryId, token}; 409 when the id is taken. */
    public void register(Context ctx) throws Exception {
        if (!readiness.require(ctx) || !admin.require(ctx) || !JsonBody.requireJsonContentType(ctx)) {
            return;
        }
        ObjectNode body = JsonBody.readObject(ctx, "{id, name, countryCode, kind[, population, lat, lon]}");
        if (body == null) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        Territory territory = territory(body, errors, clock.instant());
        if (!errors.isEmpty()) {
            ApiError.send(ctx, 422, "the territory is not valid", errors);
            return;
        }
        // one registration at a time on this instance: two requests for one id cannot both win here
        synchronized (this) {
            if (territories.isRegistered(territory.getId())) {
                ApiError.send(ctx, 409, "territory '" + territory.getId() + "' is already registered");
                return;
            }
            String token = Tokens.newTerritoryToken();
            TerritoryCredential credential = new TerritoryCredential(territory.getId(), Tokens.hash(token),
                    territory.getRegisteredAt(), false);
            List<RecordMetadata> written = write(ctx, List.of(
                    new AvroWriter.Keyed(Topics.TERRITORIES, territory.getId(), territory),
                    new AvroWriter.Keyed(Topics.TERRITORY_CREDENTIALS, territory.getId(), credential)));
            if (written == null) {
                return;
            }
            territories.view().apply(territory.getId(), territory, written.get(0).offset());
            tokens.apply(territory.getId(), credential, written.get(1).offset());
            AdminAudit.record(ctx, "registered territory " + territory.getId());
            ctx.status(201);
            ctx.header("Location", "/api/v1/territories/" + territory.getId());
            Json.write(ctx, issued(territory.getId(), token));
        }
    }

    /**
     * PUT /api/v1/territories/{id}: corrects a registered territory (a misspelt name, a wrong kind or country) with the
     * same fields as its registration, all of them: a field left out is cleared. The id and the registration time stay;
     * the token is untouched. Reports made from then on show the corrected territory, past ones as they were made.
     */
    public void correct(Context ctx) throws Exception {
        if (!readiness.require(ctx) || !admin.require(ctx) || !JsonBody.requireJsonContentType(ctx)) {
            return;
        }
        String id = ctx.pathParam("id");
        if (!territories.isRegistered(id)) {
            ApiError.send(ctx, 404, "territory '" + id + "' is not registered: register it with POST /api/v1/territories");
            return;
        }
        ObjectNode body = JsonBody.readObject(ctx, "{name, countryCode, kind[, population, lat, lon]}");
        if (body == null) {
            return;
        }
        ObjectNode fields = body.deepCopy();
        List<FieldError> errors = new ArrayList<>();
        JsonNode givenId = fields.get("id");
        if (givenId != null && !(givenId.isTextual() && givenId.asText().equals(id))) {
            // events, tokens and figures are keyed by the id: a territory cannot be renamed to another id
            errors.add(new FieldError("id", "must be the territory's id in the path, '" + id
                    + "': an id cannot change (correct the name instead)"));
        }
        fields.put("id", id);
        Territory corrected = territory(fields, errors, clock.instant());
        if (!errors.isEmpty()) {
            ApiError.send(ctx, 422, "the territory is not valid", errors);
            return;
        }
        synchronized (this) {
            Territory registered = territories.view().get(id).orElse(null);
            if (registered == null) {
                ApiError.send(ctx, 404, "territory '" + id + "' is not registered: register it with POST /api/v1/territories");
                return;
            }
            corrected.setRegisteredAt(registered.getRegisteredAt());
            List<RecordMetadata> written = write(ctx, List.of(new AvroWriter.Keyed(Topics.TERRITORIES, id, corrected)));
            if (written == null) {
                return;
            }
            territories.view().apply(id, corrected, written.get(0).offset());
            AdminAudit.record(ctx, "corrected territory " + id);
            Json.write(ctx, toJson(corrected));
        }
    }

    /** GET /api/v1/territories */
    public void list(Context ctx) {
        if (!readiness.require(ctx) || !admin.require(ctx)) {
            return;
        }
        Json.write(ctx, territories.view().values().stream().sorted(Comparator.comparing(Territory::getId))
                .map(this::toJson).toList());
    }

    /** POST /api/v1/territories/{id}/token: issues a new token; the previous one stops working at once. */
    public void rotate(Context ctx) {
        String token = Tokens.newTerritoryToken();
        changeCredential(ctx, id -> new TerritoryCredential(id, Tokens.hash(token), clock.instant(), false),
                id -> Json.write(ctx, issued(id, token)), "rotated the token of territory ");
    }

    /** DELETE /api/v1/territories/{id}/token: the territory's token stops working; 204. */
    public void revoke(Context ctx) {
        changeCredential(ctx, id -> new TerritoryCredential(id,
                        tokens.credential(id).map(TerritoryCredential::getTokenHash).orElse(""), clock.instant(), true),
                id -> ctx.status(204), "revoked the token of territory ");
    }

    /** Writes the registered territory's new credential, applies it once written, then answers. */
    private void changeCredential(Context ctx, Function<String, TerritoryCredential> credential,
                                  Consumer<String> answer, String audit) {
        if (!readiness.require(ctx) || !admin.require(ctx)) {
            return;
        }
        String id = ctx.pathParam("id");
        synchronized (this) {
            if (!territories.isRegistered(id)) {
                ApiError.send(ctx, 404, "territory '" + id + "' is not registered");
                return;
            }
            TerritoryCredential changed = credential.apply(id);
            List<RecordMetadata> written = write(ctx, List.of(new AvroWriter.Keyed(Topics.TERRITORY_CREDENTIALS, id, changed)));
            if (written == null) {
                return;
            }
            tokens.apply(id, changed, written.get(0).offset());
            AdminAudit.record(ctx, audit + id);
            answer.accept(id);
        }
    }

    private List<RecordMetadata> write(Context ctx, List<AvroWriter.Keyed> records) {
        try {
            return writer.write(records, writeTimeout);
        } catch (WriteUnavailableException e) {
            ApiError.unavailable(ctx, 5, "Kafka is unavailable, nothing was written: retry later");
            return null;
        }
    }

    static Territory territory(ObjectNode body, List<FieldError> errors, Instant now) {
        Fields f = new Fields(body, "", errors);
        String id = f.string("id", true, EventValidator.TERRITORY_ID, "must be 3 to 64 characters of a-z, 0-9 or '-'", 64);
        String name = f.string("name", true, null, null, 200);
        String country = f.string("countryCode", true, null, null, 2);
        if (country != null && !COUNTRIES.contains(country)) {
            f.error("countryCode", "must be an ISO 3166-1 alpha-2 code in capitals, like BE, FR or PT");
        }
        String kind = f.string("kind", true, null, null, 32);
        if (kind != null && !KINDS.contains(kind)) {
            f.error("kind", "must be one of " + String.join(", ", KINDS));
        }
        Long population = population(f);
        Double lat = f.number("lat", false, -90, 90);
        Double lon = f.number("lon", false, -180, 180);
        if ((f.present("lat") == null) != (f.present("lon") == null)) {
            f.error(f.present("lat") == null ? "lat" : "lon", "lat and lon go together: give both or neither");
        }
        f.rejectUnknown("territory");
        return errors.isEmpty() ? new Territory(id, name, country, kind, population, lat, lon, now) : null;
    }

    private static Long population(Fields f) {
        JsonNode v = f.present("population");
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0 || v.longValue() > 20_000_000_000L) {
            f.error("population", "must be a whole number of inhabitants, 0 or more");
            return null;
        }
        return v.longValue();
    }

    private static Map<String, Object> issued(String territoryId, String token) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("territoryId", territoryId);
        m.put("token", token);
        return m;
    }

    private Map<String, Object> toJson(Territory t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.getId());
        m.put("name", t.getName());
        m.put("countryCode", t.getCountryCode());
        m.put("kind", t.getKind());
        m.put("population", t.getPopulation());
        m.put("lat", t.getLat());
        m.put("lon", t.getLon());
        m.put("registeredAt", t.getRegisteredAt().toString());
        tokens.credential(t.getId()).ifPresent(c -> {
            Map<String, Object> token = new LinkedHashMap<>();
            token.put("issuedAt", c.getIssuedAt().toString());
            token.put("revoked", c.getRevoked());
            m.put("token", token);
        });
        return m;
    }
}
