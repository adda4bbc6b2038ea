package org.together.ingest.targets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.together.http.ApiDates;
import org.together.ingest.audit.AdminAudit;
import org.together.ingest.auth.AdminToken;
import org.together.ingest.health.Readiness;
import org.together.ingest.http.ApiError;
import org.together.ingest.http.Json;
import org.together.ingest.http.JsonBody;
import org.together.ingest.kafka.AvroWriter;
import org.together.ingest.kafka.WriteUnavailableException;
import org.together.ingest.reference.KeyedView;
import org.together.ingest.validation.EventValidator;
import org.together.ingest.validation.FieldError;
import org.together.ingest.validation.Fields;
import org.together.ingest.validation.ReferenceData;
import org.together.ingest.validation.Shapes;
import org.together.reference.Target;
import org.together.schemas.Topics;

/**
 * The targets the meeting decides ("participantsActive 5,000 by the end of the year"), kept in the compacted targets
 * topic: written with the admin token; their progress is served by aggregation-streams at GET /api/v1/targets.
 */
public final class TargetsEndpoints {

    /** What a target can be set on. */
    public static final List<String> METRICS = List.of("participantsActive", "participantsEver", "territoriesActive",
            "toolAdopters");
    static final Predicate<String> TARGET_ID = Shapes.chars(3, 64, c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-');

    private final KeyedView<Target> targets;
    private final ReferenceData reference;
    private final AdminToken admin;
    private final Readiness readiness;
    private final AvroWriter writer;
    private final Clock clock;
    private final Duration writeTimeout;

    public TargetsEndpoints(KeyedView<Target> targets, ReferenceData reference, AdminToken admin, Readiness readiness,
                            AvroWriter writer, Clock clock, Duration writeTimeout) {
        this.targets = targets;
        this.reference = reference;
        this.admin = admin;
        this.readiness = readiness;
        this.writer = writer;
        this.clock = clock;
        this.writeTimeout = writeTimeout;
    }

    /**
     * GET /api/v1/targets and /api/v1/targets/{targetId} on this port: 405. Reading targets means their progress,
     * which only aggregation-streams knows; say where, and which methods this port takes (none on the list).
     */
    public static void readElsewhere(Context ctx) {
        boolean one = ctx.pathParamMap().containsKey("targetId");
        ctx.header("Allow", one ? "PUT, DELETE" : "");
        ApiError.send(ctx, 405, "targets are read with their progress on the query API (aggregation-streams, port 8090 "
                + "by default): GET /api/v1/targets there; this ingest API only sets them, with PUT and DELETE "
                + "/api/v1/targets/{targetId}");
    }

    /** PUT /api/v1/targets/{targetId}: creates (201) or replaces (200) a target. */
    public void put(Context ctx) throws Exception {
        if (!readiness.require(ctx) || !admin.require(ctx) || !JsonBody.requireJsonContentType(ctx)) {
            return;
        }
        String id = ctx.pathParam("targetId");
        if (!validId(ctx, id)) {
            return;
        }
        ObjectNode body = JsonBody.readObject(ctx, "{metric, toolId, territoryId, value, due}");
        if (body == null) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        Target target = target(id, new Fields(body, "", errors));
        if (!errors.isEmpty()) {
            ApiError.send(ctx, 422, "the target is not valid", errors);
            return;
        }
        boolean existed = targets.contains(id);
        if (!write(ctx, id, target)) {
            return;
        }
        AdminAudit.record(ctx, (existed ? "replaced target " : "set target ") + id + " (" + target.getMetric()
                + (target.getToolId() == null ? "" : " of tool " + target.getToolId())
                + (target.getTerritoryId() == null ? "" : " of territory " + target.getTerritoryId())
                + " " + target.getValue() + " due " + target.getDue() + ")");
        ctx.status(existed ? 200 : 201);
        Json.write(ctx, toJson(target));
    }

    private Target target(String id, Fields f) {
        String metric = f.string("metric", true, METRICS::contains, "must be one of " + String.join(", ", METRICS), 64);
        String toolId = f.string("toolId", false, EventValidator.TOOL_ID, "must be 1 to 64 characters of a-z, 0-9 or '-'", 64);
        if ("toolAdopters".equals(metric) && toolId == null && f.present("toolId") == null) {
            f.error("toolId", "is required for metric toolAdopters");
        } else if (metric != null && !"toolAdopters".equals(metric) && toolId != null) {
            f.error("toolId", "only for metric toolAdopters");
        } else if (toolId != null && !reference.isToolKnown(toolId)) {
            f.error("toolId", "unknown tool: '" + toolId + "' is not in the tool catalogue");
        }
        String territoryId = f.string("territoryId", false, EventValidator.TERRITORY_ID, "must be 3 to 64 characters of a-z, 0-9 or '-'", 64);
        if ("territoriesActive".equals(metric) && territoryId != null) {
            // one territory's "territories active" is 0 or 1: a goal above 1 could never be reached
            f.error("territoryId", "only for metrics participantsActive, participantsEver and toolAdopters: "
                    + "territoriesActive counts the network's territories, leave territoryId out");
        } else if (territoryId != null && !reference.isTerritoryRegistered(territoryId)) {
            f.error("territoryId", "unknown territory: '" + territoryId + "' is not registered");
        }
        Integer value = f.integer("value", true, 1, Integer.MAX_VALUE);
        LocalDate due = due(f);
        f.rejectUnknown("target");
        return f.errors().isEmpty() ? new Target(id, metric, toolId, territoryId, (long) value, due, clock.instant()) : null;
    }

    private LocalDate due(Fields f) {
        String text = f.string("due", true, null, null, 10);
        if (text == null) {
            return null;
        }
        LocalDate due;
        try {
            due = ApiDates.parse(text);
        } catch (DateTimeParseException e) {
            f.error("due", "must be a date like 2021-12-31 (yyyy-MM-dd)");
            return null;
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (due.isBefore(today)) {
            f.error("due", "must not be in the past (today is " + today + ", UTC)");
            return null;
        }
        return due;
    }

    /** DELETE /api/v1/targets/{targetId}: 204, or 404 for a target that does not exist. */
    public void delete(Context ctx) {
        if (!readiness.require(ctx) || !admin.require(ctx)) {
            return;
        }
        String id = ctx.pathParam("targetId");
        if (!validId(ctx, id)) {
            return;
        }
        if (!targets.contains(id)) {
            ApiError.send(ctx, 404, "no target '" + id + "'");
            return;
        }
        if (write(ctx, id, null)) {
            AdminAudit.record(ctx, "removed target " + id);
            ctx.status(204);
        }
    }

    /** A target id as the contract has it, or 400 naming {@code targetId}. */
    private static boolean validId(Context ctx, String id) {
        if (TARGET_ID.test(id)) {
            return true;
        }
        ApiError.send(ctx, 400, "targetId in the path must be 3 to 64 characters of a-z, 0-9 or '-'",
                List.of(new FieldError("targetId", "must be 3 to 64 characters of a-z, 0-9 or '-'")));
        return false;
    }

    private boolean write(Context ctx, String id, Target target) {
        try {
            RecordMetadata metadata = writer.write(List.of(new AvroWriter.Keyed(Topics.TARGETS, id, target)), writeTimeout).get(0);
            targets.apply(id, target, metadata.offset());
            return true;
        } catch (WriteUnavailableException e) {
            ApiError.unavailable(ctx, 5, "Kafka is unavailable, nothing was written: retry later");
            return false;
        }
    }

    static Map<String, Object> toJson(Target t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("targetId", t.getId());
        m.put("metric", t.getMetric());
        m.put("toolId", t.getToolId());
        m.put("territoryId", t.getTerritoryId());
        m.put("value", t.getValue());
        m.put("due", t.getDue().toString());
        m.put("updatedAt", t.getUpdatedAt().toString());
        return m;
    }
}
