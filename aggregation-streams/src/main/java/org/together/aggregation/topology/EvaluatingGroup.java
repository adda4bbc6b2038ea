package org.together.aggregation.topology;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A group of one territory that evaluates well-being: when it first did, and the evaluations
 * already counted (so a redelivered one is recognised). A group counts once, on its first day.
 */
final class EvaluatingGroup {

    private static final int FORMAT = 1;

    long firstEvaluatedAt = Long.MAX_VALUE;
    final List<String> eventIds;

    EvaluatingGroup() {
        this(new ArrayList<>());
    }

    private EvaluatingGroup(List<String> eventIds) {
        this.eventIds = eventIds;
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
                            .writeLong(g.firstEvaluatedAt).writeLong(g.eventIds.size());
                    g.eventIds.forEach(w::writeString);
                    return w.toByteArray();
                },
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    Binary.Reader r = new Binary.Reader(bytes).expectVersion(FORMAT, "evaluating group");
                    long first = r.readLong();
                    int n = r.readInt();
                    List<String> ids = new ArrayList<>(n + 1);
                    for (int i = 0; i < n; i++) {
                        ids.add(r.readString());
                    }
                    EvaluatingGroup g = new EvaluatingGroup(ids);
                    g.firstEvaluatedAt = first;
                    return g;
                });
    }
}
