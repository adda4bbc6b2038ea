package org.together.figures;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.together.schemas.Annex1;

/**
 * The Annex 1 figures of one kind of approach: evaluations, distinct approaches, the sums of each component's scores,
 * how many evaluations named each key element, and the kilograms of CO2e avoided per year by the approaches as their
 * latest evaluation stating it says.
 *
 * @param scores per component: {sum of scores, evaluations that scored it}
 */
public record ApproachCounts(long evaluations, long approaches, long kilogramsAvoided, Map<String, Long> keyElements,
                             Map<String, long[]> scores) {

    public static final ApproachCounts NONE = new ApproachCounts(0, 0, 0, Map.of(), Map.of());

    /** Mean score of a component over the evaluations that scored it; null when none did. */
    public Double meanScore(String component) {
        long[] c = scores.get(component);
        return c == null || c[1] == 0 ? null : (double) c[0] / c[1];
    }

    /** Per scored component, its mean, in the grid's order of components. */
    public Map<String, Double> meanScores() {
        Map<String, Double> means = new LinkedHashMap<>();
        for (String component : Annex1.COMPONENTS) {
            Double mean = meanScore(component);
            if (mean != null) {
                means.put(component, mean);
            }
        }
        return Collections.unmodifiableMap(means);
    }

    /** Per key element, the share of the evaluations naming it (in the grid's order); empty without evaluations. */
    public Map<String, Double> keyElementShares() {
        Map<String, Double> shares = new LinkedHashMap<>();
        if (evaluations > 0) {
            Annex1.KEY_ELEMENTS.forEach(element -> shares.put(element, keyElementShare(element)));
        }
        return Collections.unmodifiableMap(shares);
    }

    /** Share of the evaluations that named the element; null without evaluations. */
    public Double keyElementShare(String element) {
        return Fractions.ratio(keyElements.getOrDefault(element, 0L), evaluations);
    }

    public double tonnesAvoided() {
        return kilogramsAvoided / 1000.0;
    }
}
