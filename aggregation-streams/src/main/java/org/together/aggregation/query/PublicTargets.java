package org.together.aggregation.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.together.figures.disclosure.DisclosureRule;

/**
 * A territory's targets as the public reads them. A target's {@code current} is one of the territory's current
 * figures (participants active or ever, a tool's adopters), so it is published exactly when the territory's public
 * summary publishes that figure ({@link PublicTerritories} decides it with every territory's); its progress, the pace
 * needed and the projection are published with it. The weekly values the projection is drawn from are a series of
 * the territory, which the public does not read: {@code trend} is left out. A target of a territory the figures do
 * not know is listed as it is: its figures are null and {@code notComputed} says why.
 */
final class PublicTargets {

    /** What a suppressed current takes with it. */
    private static final List<String> WITH_CURRENT = List.of("current", "progress", "requiredPerWeek", "projectedAtDue",
            "onTrack");

    private PublicTargets() {
    }

    /** The public view of the targets of a territory the figures do not know ({@link TargetQueries#ofUnknownTerritory}). */
    static List<ObjectNode> ofUnknownTerritory(ObjectMapper json, DisclosureRule rule, List<?> statuses) {
        return of(json, json.missingNode(), rule, statuses);
    }

    /**
     * @param summary  the territory's public summary
     * @param statuses the territory's exact {@link TargetQueries.TargetStatus}es
     */
    static List<ObjectNode> of(ObjectMapper json, JsonNode summary, DisclosureRule rule, List<?> statuses) {
        List<ObjectNode> published = new ArrayList<>();
        for (Object status : statuses) {
            ObjectNode t = json.valueToTree(status);
            t.put("audience", "public");
            t.put("minPublishedCount", rule.minPublishedCount());
            ArrayNode suppressed = t.putArray("suppressed");
            if (t.hasNonNull("notComputed")) {
                published.add(t); // a territory the figures do not know: no figure to publish or hide
                continue;
            }
            if (isSuppressed(summary, t.path("metric").asText(), t.path("toolId").asText(null))) {
                for (String field : WITH_CURRENT) {
                    t.putNull(field);
                    suppressed.add(field);
                }
            }
            t.putNull("trend");
            suppressed.add("trend");
            published.add(t);
        }
        return published;
    }

    /** Whether the territory's public figure of this metric is suppressed (territories active is 0 or 1: no count). */
    private static boolean isSuppressed(JsonNode summary, String metric, String toolId) {
        return switch (metric) {
            case "participantsActive", "participantsEver" -> summary.path(metric).isNull();
            case "toolAdopters" -> {
                for (JsonNode tool : summary.path("tools")) {
                    if (tool.path("toolId").asText().equals(toolId)) {
                        yield tool.path("adopters").isNull();
                    }
                }
                yield false; // no uptake of the tool in the territory: zero, published
            }
            case "territoriesActive" -> false;
            default -> true; // a metric of a later release: nothing is published until it is decided
        };
    }
}
