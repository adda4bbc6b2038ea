package org.together.aggregation.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A group of one territory that evaluates well-being: when it first did, and the evaluations
 * already counted (so a second copy of one is recognised). A group counts once, on its first day.
 */
final class EvaluatingGroup {

    /** 2: absorbed events with their receipt times; 1: ids only. */
    private static final int FORMAT = 2;

    long firstEvaluatedAt = Long.MAX_VALUE;
    final AbsorbedEvents absorbed;

    EvaluatingGroup() {
        this(new AbsorbedEvents());
    }

    private EvaluatingGroup(AbsorbedEvents absorbed) {
        this.absorbed = absorbed;
    }

    void contributeTo(DayChanges days, int sign) {
        if (firstEvaluatedAt != Long.MAX_VALUE) {
            days.at(firstEvaluatedAt).evaluatingGroups(sign);
        }
    }

    static Serde<EvaluatingGroup> serde() {
        return Serdes.serdeFrom(
                (topic, g) -> {
                    if (g == null) {
                        return null;
                    }
                    Binary.Writer w = new Binary.Writer().version(FORMAT)
                            .writeLong(g.firstEvaluatedAt);
                    g.absorbed.writeTo(w);
                    return w.toByteArray();
                },
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    Binary.Reader r = new Binary.Reader(bytes);
                    int format = r.readVersion("evaluating group", 1, FORMAT);
                    long first = r.readLong();
                    EvaluatingGroup g = new EvaluatingGroup(AbsorbedEvents.readFrom(r, format));
                    g.firstEvaluatedAt = first;
                    return g;
                });
    }
}
