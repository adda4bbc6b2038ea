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
 * @param territories territory id -> its quarters, sorted by id, without the groups read network-wide only
 *                    ({@link ExportFolds#NETWORK_ONLY})
 * @param network the sum of every territory's full figures (every figure of a territory is additive)
 */
record ExportInput(List<Window> quarters, Map<String, QuarterFold> territories, QuarterFold network, ReferenceData reference) {

    /** The network's figures of a quarter (a copy: the fold's own stay as they are). */
    Figures network(int quarter) {
        return Figures.copyOf(network.in(quarter));
    }

    /** The network's figures up to the end of a quarter. */
    Figures networkUpToEndOf(int quarter) {
        return network.upToEndOf(quarter);
    }

    long networkActiveAtEndOf(int quarter) {
        return network.activeAtEndOf(quarter);
    }

    static String label(Window quarter) {
        return Period.QUARTER.label(Period.QUARTER.start(quarter.from()));
    }
}
