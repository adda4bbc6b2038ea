package org.together.figures;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * One decentralised approach of a territory, as its Annex 1 evaluations describe it, in event-time order. It counts
 * as one approach of the kind its latest evaluation gives, and avoids the tonnes of CO2e its latest evaluation that
 * states them says; a late evaluation moves both from its day on.
 */
public final class EvaluatedApproach implements TerritoryEntity {

    /** Kilograms of an evaluation that states no tonnes avoided. */
    public static final long NOT_STATED = -1;

    static final Comparator<Evaluation> EVENT_TIME_ORDER = Comparator.comparingLong(Evaluation::occurredAt)
            .thenComparing(Evaluation::eventId);

    /** @param kind the approach kind's wire name; @param kilogramsAvoided or {@link #NOT_STATED} */
    public record Evaluation(long occurredAt, String eventId, String kind, long kilogramsAvoided) {
    }

    private final List<Evaluation> evaluations = new ArrayList<>(2);

    /** An approach as a store kept it. */
    public static EvaluatedApproach restore(List<Evaluation> evaluations) {
        EvaluatedApproach approach = new EvaluatedApproach();
        evaluations.forEach(approach::add);
        return approach;
    }

    public List<Evaluation> evaluations() {
        return Collections.unmodifiableList(evaluations);
    }

    public boolean contains(String eventId) {
        return evaluations.stream().anyMatch(e -> e.eventId.equals(eventId));
    }

    public void add(Evaluation evaluation) {
        int at = evaluations.size();
        while (at > 0 && EVENT_TIME_ORDER.compare(evaluations.get(at - 1), evaluation) > 0) {
            at--;
        }
        evaluations.add(at, evaluation);
    }

    /**
     * From the day of each evaluation on, the approach counts once under that evaluation's kind, with the tonnes of
     * the latest evaluation so far that states them: a step per evaluation, so the figures as of any day are right.
     */
    public void contributeTo(DaySink days, int sign) {
        String kind = null;
        long kilograms = 0;
        for (Evaluation e : evaluations) {
            long stated = e.kilogramsAvoided == NOT_STATED ? kilograms : e.kilogramsAvoided;
            Figures day = days.at(e.occurredAt);
            if (kind != null) {
                day.addApproaches(kind, -sign, -sign * kilograms);
            }
            day.addApproaches(e.kind, sign, sign * stated);
            kind = e.kind;
            kilograms = stated;
        }
    }
}
