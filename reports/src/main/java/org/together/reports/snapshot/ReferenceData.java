package org.together.reports.snapshot;

import java.util.Map;
import org.together.reference.SpiralDimension;
import org.together.reference.Target;
import org.together.reference.Territory;
import org.together.reference.Tool;

/**
 * The reference data a snapshot names things with: latest value per key of the compacted topics.
 * Names, and the meeting's targets; no figure depends on it except countries (a territory's country code).
 */
public record ReferenceData(
        Map<String, Territory> territories,
        Map<String, Tool> tools,
        Map<String, SpiralDimension> dimensions,
        Map<String, Target> targets) {

    public ReferenceData {
        territories = Map.copyOf(territories);
        tools = Map.copyOf(tools);
        dimensions = Map.copyOf(dimensions);
        targets = Map.copyOf(targets);
    }

    /** Without targets. */
    public ReferenceData(Map<String, Territory> territories, Map<String, Tool> tools, Map<String, SpiralDimension> dimensions) {
        this(territories, tools, dimensions, Map.of());
    }

    public static ReferenceData empty() {
        return new ReferenceData(Map.of(), Map.of(), Map.of());
    }
}
