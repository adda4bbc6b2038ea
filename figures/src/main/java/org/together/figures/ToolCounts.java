package org.together.figures;

/**
 * One tool's uptake: distinct users (a participant, or a group when no participant is named) that discovered,
 * started or completed it; adopters started or completed it; the ratings given.
 */
public record ToolCounts(long discovered, long starts, long completions, long adopters, long ratingSum, long ratings) {

    public static final ToolCounts NONE = new ToolCounts(0, 0, 0, 0, 0, 0);

    /** completions ÷ starts. */
    public Double completionRate() {
        return Fractions.ratio(completions, starts);
    }

    /** adopters ÷ participants active. */
    public Double uptakeRate(long participantsActive) {
        return Fractions.ratio(adopters, participantsActive);
    }

    public Double meanRating() {
        return Fractions.ratio(ratingSum, ratings);
    }

    public ToolCounts plus(ToolCounts o) {
        return new ToolCounts(discovered + o.discovered, starts + o.starts, completions + o.completions,
                adopters + o.adopters, ratingSum + o.ratingSum, ratings + o.ratings);
    }
}
