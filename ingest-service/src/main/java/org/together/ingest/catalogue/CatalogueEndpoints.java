package org.together.ingest.catalogue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.together.ingest.audit.AdminAudit;
import org.together.ingest.auth.AdminToken;
import org.together.ingest.health.Readiness;
import org.together.ingest.http.ApiError;
import org.together.ingest.http.Json;
import org.together.ingest.http.JsonBody;
import org.together.ingest.kafka.AvroWriter;
import org.together.ingest.kafka.WriteUnavailableException;
import org.together.ingest.validation.EventValidator;
import org.together.ingest.validation.FieldError;
import org.together.ingest.validation.Fields;
import org.together.reference.SpiralComponent;
import org.together.reference.SpiralDimension;
import org.together.reference.Tool;
import org.together.schemas.Topics;

/**
 * The reference data the coordination team maintains without a release: the tool catalogue and SPIRAL's
 * dimensions. Reading is open (apps build their forms from it); writing takes the admin token.
 */
public final class CatalogueEndpoints {

    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?");
    private static final int NAME_MAX = 200;

    private final ToolCatalogue tools;
    private final SpiralDimensions dimensions;
    private final AdminToken admin;
    private final Readiness readiness;
    private final AvroWriter writer;
    private final Clock clock;
    private final Duration writeTimeout;

    public CatalogueEndpoints(ToolCatalogue tools, SpiralDimensions dimensions, AdminToken admin, Readiness readiness,
                              AvroWriter writer, Clock clock, Duration writeTimeout) {
        this.tools = tools;
        this.dimensions = dimensions;
        this.admin = admin;
        this.readiness = readiness;
        this.writer = writer;
        this.clock = clock;
        this.writeTimeout = writeTimeout;
    }

    /** GET /api/v1/tools */
    public void listTools(Context ctx) {
        if (!readiness.require(ctx)) {
            return;
        }
        Json.write(ctx, tools.view().values().stream().sorted(Comparator.comparing(Tool::getId))
                .map(CatalogueEndpoints::toJson).toList());
    }

    /** PUT /api/v1/tools/{toolId}: creates (201) or replaces (200) a tool. */
    public void putTool(Context ctx) throws Exception {
        if (!readiness.require(ctx) || !admin.require(ctx) || !JsonBody.requireJsonContentType(ctx)) {
            return;
        }
        String toolId = ctx.pathParam("toolId");
        if (!EventValidator.TOOL_ID.test(toolId)) {
            ApiError.send(ctx, 400, "toolId in the path must be 1 to 64 characters of a-z, 0-9 or '-'");
            return;
        }
        ObjectNode body = JsonBody.readObject(ctx, "{name, names}");
        if (body == null) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        Fields f = new Fields(body, "", errors);
        String name = f.string("name", true, null, null, NAME_MAX);
        Map<String, String> names = names(f, "names", false);
        f.rejectUnknown("tool");
        if (!errors.isEmpty()) {
            ApiError.send(ctx, 422, "the tool is not valid", errors);
            return;
        }
        boolean existed = tools.isKnown(toolId);
        Tool tool = new Tool(toolId, name, names, clock.instant());
        if (!write(ctx, new AvroWriter.Keyed(Topics.TOOLS, toolId, tool), (offset) -> tools.view().apply(toolId, tool, offset))) {
            return;
        }
        AdminAudit.record(ctx, (existed ? "replaced tool " : "added tool ") + toolId);
        ctx.status(existed ? 200 : 201);
        Json.write(ctx, toJson(tool));
    }

    /** GET /api/v1/spiral-dimensions */
    public void listDimensions(Context ctx) {
        if (!readiness.require(ctx)) {
            return;
        }
        Json.write(ctx, dimensions.view().values().stream().sorted(Comparator.comparing(SpiralDimension::getCode))
                .map(CatalogueEndpoints::toJson).toList());
    }

    /** PUT /api/v1/spiral-dimensions/{code}: corrects a dimension's names or its components. */
    public void putDimension(Context ctx) throws Exception {
        if (!readiness.require(ctx) || !admin.require(ctx) || !JsonBody.requireJsonContentType(ctx)) {
            return;
        }
        String code = ctx.pathParam("code");
        if (!EventValidator.DIMENSION.test(code)) {
            ApiError.send(ctx, 400, "the dimension code in the path must be one letter A to I");
            return;
        }
        ObjectNode body = JsonBody.readObject(ctx, "{names, components}");
        if (body == null) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        Fields f = new Fields(body, "", errors);
        Map<String, String> names = names(f, "names", true);
        List<SpiralComponent> components = components(f, code);
        f.rejectUnknown("SPIRAL dimension");
        if (!errors.isEmpty()) {
            ApiError.send(ctx, 422, "the dimension is not valid", errors);
            return;
        }
        boolean existed = dimensions.isKnown(code);
        SpiralDimension dimension = new SpiralDimension(code, names, components, clock.instant());
        if (!write(ctx, new AvroWriter.Keyed(Topics.SPIRAL_DIMENSIONS, code, dimension),
                (offset) -> dimensions.view().apply(code, dimension, offset))) {
            return;
        }
        AdminAudit.record(ctx, (existed ? "replaced SPIRAL dimension " : "added SPIRAL dimension ") + code);
        ctx.status(existed ? 200 : 201);
        Json.write(ctx, toJson(dimension));
    }

    private interface Applied {
        void at(long offset);
    }

    private boolean write(Context ctx, AvroWriter.Keyed record, Applied applied) {
        try {
            RecordMetadata metadata = writer.write(List.of(record), writeTimeout).get(0);
            applied.at(metadata.offset());
            return true;
        } catch (WriteUnavailableException e) {
            ApiError.unavailable(ctx, 5, "Kafka is unavailable, nothing was written: retry later");
            return false;
        }
    }

    private static Map<String, String> names(Fields f, String field, boolean required) {
        Map<String, String> names = new TreeMap<>();
        ObjectNode node = f.object(field, required);
        if (node == null) {
            return names;
        }
        if (required && node.isEmpty()) {
            f.error(field, "must give at least one name, keyed by language (en, fr, ...)");
        }
        Fields n = new Fields(node, f.path(field), f.errors());
        node.fieldNames().forEachRemaining(lang -> {
            if (!LANGUAGE.matcher(lang).matches()) {
                n.present(lang);
                n.error(lang, "must be a language code like en, fr or pt-BR");
                return;
            }
            String value = n.string(lang, true, null, null, NAME_MAX);
            if (value != null) {
                names.put(lang, value);
            }
        });
        return names;
    }

    private static List<SpiralComponent> components(Fields f, String dimension) {
        List<SpiralComponent> components = new ArrayList<>();
        ArrayNode array = f.array("components", false);
        if (array == null) {
            return components;
        }
        Pattern own = Pattern.compile(dimension + "[0-9]{2}");
        for (int i = 0; i < array.size(); i++) {
            String path = f.path("components") + "[" + i + "]";
            if (!array.get(i).isObject()) {
                f.errors().add(new FieldError(path, "must be a JSON object {code, names}"));
                continue;
            }
            Fields c = new Fields((ObjectNode) array.get(i), path, f.errors());
            String code = c.string("code", true, own.asMatchPredicate(), "must be a component code of dimension " + dimension
                    + ", like " + dimension + "01", 3);
            Map<String, String> names = names(c, "names", true);
            c.rejectUnknown("SPIRAL component");
            if (code != null) {
                components.add(new SpiralComponent(code, names));
            }
        }
        return components;
    }

    static Map<String, Object> toJson(Tool t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("toolId", t.getId());
        m.put("name", t.getName());
        m.put("names", new TreeMap<>(t.getNames()));
        m.put("updatedAt", t.getUpdatedAt().toString());
        return m;
    }

    static Map<String, Object> toJson(SpiralDimension d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", d.getCode());
        m.put("names", new TreeMap<>(d.getNames()));
        m.put("components", d.getComponents().stream().map(c -> {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("code", c.getCode());
            cm.put("names", new TreeMap<>(c.getNames()));
            return cm;
        }).toList());
        m.put("updatedAt", d.getUpdatedAt().toString());
        return m;
    }
}
