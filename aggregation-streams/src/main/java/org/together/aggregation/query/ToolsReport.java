package org.together.aggregation.query;

import java.time.Instant;
import java.util.List;

/** Tool uptake per tool, with the whole funnel (discovered, started, completed) and the rating count. */
public record ToolsReport(String scope, Instant asOf, long participantsActive, List<ToolFunnel> tools) {

    public record ToolFunnel(String toolId, long discovered, long starts, long completions, long adopters,
                             Double completionRate, Double uptakeRate, Double meanRating, long ratings) {
    }
}
