package org.together.schemas;

import java.util.List;

/**
 * The grid of Annex 1 (added value of decentralised approaches): the components an {@code approach.evaluated} event
 * scores 1 to 5 and the key elements it may name, as the contract spells them.
 */
public final class Annex1 {

    /** Resource efficiency: what the approach saves or puts to use. */
    public static final List<String> RESOURCE_EFFICIENCY = List.of("local-resource-cost", "administrative-cost",
            "needs-targeting", "unused-resources", "local-availability", "short-circuits");
    /** Immaterial well-being: what it brings that money does not measure. */
    public static final List<String> IMMATERIAL_WELLBEING = List.of("relations", "recognition", "inclusion", "social-capital");
    /** Every scored component, resource efficiency first. */
    public static final List<String> COMPONENTS = java.util.stream.Stream.concat(RESOURCE_EFFICIENCY.stream(),
            IMMATERIAL_WELLBEING.stream()).toList();
    /** The key elements of a decentralised approach. */
    public static final List<String> KEY_ELEMENTS = List.of("direct-democracy", "decision-autonomy", "collective-learning");
    /** Upper bound of {@code tonnesCo2eAvoidedPerYear}. */
    public static final double MAX_TONNES_AVOIDED = 1_000_000;

    private Annex1() {
    }
}
