package org.together.figures;

/**
 * One SPIRAL dimension's results: the criteria groups wrote for each of SPIRAL's three questions (well-being,
 * ill-being, action), and the co-evaluation scores (1 very bad … 5 ideal).
 */
public record DimensionCounts(long wellbeing, long illbeing, long action, long scoreSum, long scores) {

    public static final DimensionCounts NONE = new DimensionCounts(0, 0, 0, 0, 0);

    public Double meanScore() {
        return Fractions.ratio(scoreSum, scores);
    }
}
