package org.together.aggregation.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * A country's figures: the sum of its territories' answers as the reader reads each of them (exact, or public). A
 * territory's count the reader may not read ({@code null} in its public answer) is left out of the sum, which is then a
 * lower bound: the object holding it lists the field in {@code "atLeast"} and, in {@code "leftOut"}, how many
 * territories' figures were left out. A country is not a small count, so nothing is suppressed here: the sums are of
 * published figures only, and a rate or mean is computed only when every part it needs is published (else null), so a
 * public country answer tells nothing that its territories' public answers do not.
 *
 * <p>The same rules the dashboard applied in the browser: counts add up (participants are unique within a territory);
 * completion and uptake rates are recomputed from the sums; means are weighted by what they average (assessments,
 * ratings); the mean co-evaluation score cannot be rebuilt without its own count of scores, so it stays null.
 */
final class CountrySummary {

    /** Why a territory's figure is left out of a public sum (docs/privacy.md). */
    static final String LEFT_OUT_BECAUSE = "hidden in the territory's public answer: a count under k, or hidden with "
            + "one so that it cannot be worked out (docs/privacy.md); the sum is of the published figures, at least";

    private static final List<String> PERIODS = List.of("day", "week", "month", "quarter");
    private static final List<String> TOOL_COUNTS = List.of("starts", "completions", "adopters", "discovered");
    private static final List<String> WELLBEING_COUNTS = List.of("evaluations", "groups", "citizens");
    private static final List<String> CRITERIA = List.of("wellbeing", "illbeing", "action");

    /** One territory's answers as its reader reads them: its summary and its tools report (with discovered, ratings). */
    record Part(String territoryId, JsonNode summary, JsonNode tools) {
    }

    private final ObjectMapper json;
    /** The parts with any figure left out. */
    private final Set<Integer> partial = new TreeSet<>();

    private CountrySummary(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @param audience {@code internal}, {@code public} or {@code territory} (its own territory exact, the others public)
     * @param k the smallest published count, said in a public or territory answer; null for an internal one
     */
    static ObjectNode of(ObjectMapper json, String countryCode, Instant asOf, String audience, Integer k, List<Part> parts) {
        return new CountrySummary(json).sum(countryCode, asOf, audience, k, parts);
    }

    private ObjectNode sum(String countryCode, Instant asOf, String audience, Integer k, List<Part> parts) {
        ObjectNode total = json.createObjectNode();
        total.put("scope", "country:" + countryCode);
        total.put("countryCode", countryCode);
        total.put("asOf", asOf.toString());
        total.put("audience", audience);
        if (k != null) {
            total.put("minPublishedCount", k);
        }
        total.put("territories", parts.size());
        ObjectNode newParticipants = json.createObjectNode();
        long territoriesActive = 0;
        String lastEventAt = null;
        for (int i = 0; i < parts.size(); i++) {
            JsonNode s = parts.get(i).summary();
            add(total, "participantsActive", s.get("participantsActive"), i);
            add(total, "participantsEver", s.get("participantsEver"), i);
            if (hidden(s.get("participantsEver")) && isNumber(s.get("participantsActive"))) {
                // a territory's hidden ever is at least its published active count (else the country's "at least"
                // ever could read below its active)
                total.put("participantsEver", total.path("participantsEver").asLong() + s.get("participantsActive").asLong());
            }
            for (String period : PERIODS) {
                add(newParticipants, period, s.path("newParticipants").get(period), i);
            }
            territoriesActive += s.path("territoriesActive").asLong();
            String last = s.path("lastEventAt").isTextual() ? s.get("lastEventAt").asText() : null;
            if (last != null && (lastEventAt == null || Instant.parse(last).isAfter(Instant.parse(lastEventAt)))) {
                lastEventAt = last;
            }
        }
        zeros(total, "participantsActive", "participantsEver");
        zeros(newParticipants, PERIODS.toArray(String[]::new));
        total.set("newParticipants", newParticipants);
        // a country's growth rates need its weekly series (GET /api/v1/countries/{code}/growth, exact readers)
        ObjectNode growth = total.putObject("growth");
        growth.putNull("weekOverWeek");
        growth.putNull("quarterOverQuarter");
        total.put("territoriesActive", territoriesActive);
        total.put("countries", territoriesActive > 0 ? 1 : 0);
        total.set("tools", tools(parts, total));
        total.set("wellbeing", wellbeing(parts));
        total.set("footprint", footprint(parts));
        if (lastEventAt == null) {
            total.putNull("lastEventAt");
        } else {
            total.put("lastEventAt", lastEventAt);
        }
        total.put("territoriesLeftOut", partial.size());
        if (!partial.isEmpty()) {
            total.put("leftOutBecause", LEFT_OUT_BECAUSE);
        }
        return total;
    }

    private ArrayNode tools(List<Part> parts, ObjectNode total) {
        Map<String, List<Map.Entry<Integer, JsonNode>>> byTool = new TreeMap<>();
        for (int i = 0; i < parts.size(); i++) {
            for (JsonNode t : parts.get(i).tools().path("tools")) {
                byTool.computeIfAbsent(t.get("toolId").asText(), x -> new ArrayList<>()).add(Map.entry(i, t));
            }
        }
        boolean activeExact = !atLeast(total, "participantsActive");
        ArrayNode tools = json.createArrayNode();
        byTool.forEach((toolId, list) -> {
            JsonNode first = list.get(0).getValue();
            ObjectNode tool = tools.addObject();
            tool.put("toolId", toolId);
            tool.set("name", first.path("name").isMissingNode() ? json.nullNode() : first.get("name"));
            tool.set("names", first.path("names").isMissingNode() ? json.nullNode() : first.get("names"));
            for (var e : list) {
                for (String f : TOOL_COUNTS) {
                    add(tool, f, e.getValue().get(f), e.getKey());
                }
            }
            zeros(tool, TOOL_COUNTS.toArray(String[]::new));
            long starts = tool.get("starts").asLong();
            long completions = tool.get("completions").asLong();
            long adopters = tool.get("adopters").asLong();
            put(tool, "completionRate", !atLeast(tool, "starts") && !atLeast(tool, "completions") && starts > 0
                    ? (double) completions / starts : null);
            long active = total.get("participantsActive").asLong();
            put(tool, "uptakeRate", !atLeast(tool, "adopters") && activeExact && active > 0 ? (double) adopters / active : null);
            // a mean rating from every territory's: each published with its number of ratings (none: no mean needed)
            List<JsonNode> all = list.stream().map(Map.Entry::getValue).toList();
            boolean rated = all.stream().allMatch(t -> isNumber(t.get("ratings"))
                    && (t.get("ratings").asLong() == 0 || isNumber(t.get("meanRating"))));
            put(tool, "meanRating", rated ? weighted(all, t -> t.path("meanRating").asDouble(), t -> t.get("ratings").asLong()) : null);
            if (rated) {
                tool.put("ratings", all.stream().mapToLong(t -> t.get("ratings").asLong()).sum());
            } else {
                tool.putNull("ratings");
            }
        });
        return tools;
    }

    private ObjectNode wellbeing(List<Part> parts) {
        ObjectNode w = json.createObjectNode();
        Map<String, ObjectNode> dimensions = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            JsonNode s = parts.get(i).summary().path("wellbeing");
            for (String f : WELLBEING_COUNTS) {
                add(w, f, s.get(f), i);
            }
            for (JsonNode d : s.path("dimensions")) {
                ObjectNode sum = dimensions.computeIfAbsent(d.get("dimension").asText(), code -> {
                    ObjectNode n = json.createObjectNode();
                    n.put("dimension", code);
                    return n;
                });
                for (String f : CRITERIA) {
                    add(sum, f, d.get(f), i);
                }
            }
        }
        zeros(w, WELLBEING_COUNTS.toArray(String[]::new));
        ArrayNode list = w.putArray("dimensions");
        dimensions.values().forEach(d -> {
            zeros(d, CRITERIA.toArray(String[]::new));
            // not rebuilt: a mean score needs its own count of scores, which the territories' answers do not give
            d.putNull("meanScore");
            list.add(d);
        });
        return w;
    }

    private ObjectNode footprint(List<Part> parts) {
        ObjectNode f = json.createObjectNode();
        List<JsonNode> fps = parts.stream().map(p -> p.summary().path("footprint")).toList();
        for (int i = 0; i < fps.size(); i++) {
            add(f, "assessments", fps.get(i).get("assessments"), i);
        }
        zeros(f, "assessments");
        boolean complete = fps.stream().allMatch(x -> isNumber(x.get("assessments"))
                && (x.get("assessments").asLong() == 0 || isNumber(x.get("meanTonnes"))));
        ToDoubleFunction<JsonNode> weight = x -> x.get("assessments").asLong();
        put(f, "meanTonnes", complete ? weighted(fps, x -> x.path("meanTonnes").asDouble(), weight) : null);
        boolean shares = complete && fps.stream().allMatch(x -> x.get("assessments").asLong() == 0 || isNumber(x.get("shareUnder2t")));
        put(f, "shareUnder2t", shares ? weighted(fps, x -> x.path("shareUnder2t").asDouble(), weight) : null);
        return f;
    }

    // ---- sums ----

    /** Adds territory {@code i}'s count to {@code holder.field}; a hidden one (null) makes the sum a lower bound. */
    private void add(ObjectNode holder, String field, JsonNode value, int i) {
        if (value == null || value.isMissingNode()) {
            return; // not in this territory's answer (a tool's discovered in a summary): nothing to add
        }
        if (!isNumber(value)) {
            ArrayNode atLeast = holder.has("atLeast") ? (ArrayNode) holder.get("atLeast") : holder.putArray("atLeast");
            if (!contains(atLeast, field)) {
                atLeast.add(field);
            }
            ObjectNode leftOut = holder.has("leftOut") ? (ObjectNode) holder.get("leftOut") : holder.putObject("leftOut");
            leftOut.put(field, leftOut.path(field).asLong() + 1);
            partial.add(i);
            return;
        }
        holder.put(field, holder.path(field).asLong() + value.asLong());
    }

    /**
     * A country's weekly (or monthly...) series from its territories' series: new, returning and left added up; a
     * territory without a row for a period keeps its last active count (carried forward), so the sum is not dented by
     * sparse series.
     */
    static List<Map<String, Object>> growth(List<JsonNode> territorySeries) {
        TreeMap<String, long[]> sums = new TreeMap<>(); // new, returning, left, active
        Map<String, String> starts = new HashMap<>();
        List<Map<String, JsonNode>> series = new ArrayList<>();
        for (JsonNode territory : territorySeries) {
            Map<String, JsonNode> byPeriod = new HashMap<>();
            territory.forEach(p -> {
                byPeriod.put(p.get("period").asText(), p);
                sums.computeIfAbsent(p.get("period").asText(), x -> new long[4]);
                starts.putIfAbsent(p.get("period").asText(), p.path("start").asText(null));
            });
            series.add(byPeriod);
        }
        long[] lastActive = new long[series.size()];
        List<Map<String, Object>> points = new ArrayList<>();
        sums.forEach((period, sum) -> {
            for (int i = 0; i < series.size(); i++) {
                JsonNode p = series.get(i).get(period);
                if (p != null) {
                    sum[0] += p.path("newParticipants").asLong();
                    sum[1] += p.path("returningParticipants").asLong();
                    sum[2] += p.path("leftParticipants").asLong();
                    lastActive[i] = p.path("activeAtEnd").asLong();
                }
                sum[3] += lastActive[i];
            }
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("period", period);
            point.put("start", starts.get(period));
            point.put("newParticipants", sum[0]);
            point.put("returningParticipants", sum[1]);
            point.put("leftParticipants", sum[2]);
            point.put("activeAtEnd", sum[3]);
            points.add(point);
        });
        return points;
    }

    private static boolean hidden(JsonNode value) {
        return value != null && value.isNull();
    }

    /** A field no territory had a published figure of is 0 (the sum of none), at least when listed in atLeast. */
    private static void zeros(ObjectNode holder, String... fields) {
        for (String f : fields) {
            if (!holder.has(f)) {
                holder.put(f, 0L);
            }
        }
    }

    private static boolean atLeast(ObjectNode holder, String field) {
        return holder.has("atLeast") && contains((ArrayNode) holder.get("atLeast"), field);
    }

    private static boolean contains(ArrayNode list, String field) {
        for (JsonNode n : list) {
            if (n.asText().equals(field)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNumber(JsonNode n) {
        return n != null && n.isNumber();
    }

    private static void put(ObjectNode holder, String field, Double value) {
        if (value == null) {
            holder.putNull(field);
        } else {
            holder.put(field, value);
        }
    }

    private static Double weighted(List<JsonNode> items, ToDoubleFunction<JsonNode> value, ToDoubleFunction<JsonNode> weight) {
        double w = 0;
        double sum = 0;
        for (JsonNode x : items) {
            double wx = weight.applyAsDouble(x);
            if (wx > 0) {
                w += wx;
                sum += value.applyAsDouble(x) * wx;
            }
        }
        return w > 0 ? sum / w : null;
    }
}
