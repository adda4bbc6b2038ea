package org.together.aggregation.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Tool uptake per tool, with the whole funnel (discovered, started, completed) and the rating count. */
public record ToolsReport(String scope, Instant asOf, long participantsActive, List<ToolFunnel> tools) {

    /**
     * One tool's funnel; {@code name} and {@code names} (by language) are the tool catalogue's, null when the
     * catalogue does not hold the tool (then its toolId names it).
     */
    public record ToolFunnel(String toolId, String name, Map<String, String> names, long discovered, long starts,
                             long completions, long adopters, Double completionRate, Double uptakeRate, Double meanRating,
                             long ratings) {

        /** A tool's funnel without its catalogue names. */
        public ToolFunnel(String toolId, long discovered, long starts, long completions, long adopters,
                          Double completionRate, Double uptakeRate, Double meanRating, long ratings) {
            this(toolId, null, null, discovered, starts, completions, adopters, completionRate, uptakeRate, meanRating, ratings);
        }
    }
}
