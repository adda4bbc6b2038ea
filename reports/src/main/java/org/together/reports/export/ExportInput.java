package org.together.reports.export;

import java.util.List;
import java.util.Map;
import org.together.figures.Figures;
import org.together.figures.Period;
import org.together.figures.Window;
import org.together.reports.snapshot.ReferenceData;

/**
 * What an export's tables read: the quarters of its span, and every territory's figures per quarter (by the
 * model's rules, from the report driver's pass over the log).
 *
 * @param territories territory id -> its quarters, sorted by id
 */
record ExportInput(List<Window> quarters, Map<String, QuarterFold> territories, ReferenceData reference) {

    /** The network's figures of a quarter: the sum of the territories' (every figure of a territory is additive). */
    Figures network(int quarter) {
        Figures sum = new Figures();
        territories.values().forEach(t -> sum.add(t.in(quarter)));
        return sum;
    }

    /** The network's figures up to the end of a quarter. */
    Figures networkUpToEndOf(int quarter) {
        Figures sum = new Figures();
        territories.values().forEach(t -> sum.add(t.upToEndOf(quarter)));
        return sum;
    }

    long networkActiveAtEndOf(int quarter) {
        return territories.values().stream().mapToLong(t -> t.activeAtEndOf(quarter)).sum();
    }

    static String label(Window quarter) {
        return Period.QUARTER.label(Period.QUARTER.start(quarter.from()));
    }
}
