package org.together.aggregation.query;

import java.time.Instant;
import java.util.List;

/** Well-being evaluations of one scope, per SPIRAL dimension. */
public record WellbeingReport(String scope, Instant asOf, long evaluations, long groups, long citizens,
                              List<Summary.Dimension> dimensions) {
}
