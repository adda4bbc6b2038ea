package org.together.aggregation.topology;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One participant's (or group's) use of one tool in one territory: the earliest time it reached
 * each stage, and the events already counted (so a redelivered event is recognised).
 */
final class ToolUser {

    private static final int FORMAT = 1;
    static final long NEVER = Long.MAX_VALUE;

    long discoveredAt = NEVER;
    long startedAt = NEVER;
    long completedAt = NEVER;
    final List<String> eventIds;

    ToolUser() {
        this(new ArrayList<>());
    }

    private ToolUser(List<String> eventIds) {
        this.eventIds = eventIds;
    }

    /**
     * Counts this user once per stage it reached, on the day it first reached it; an adopter is
     * a user who started or completed the tool, counted on the earlier of the two.
     */
    void contributeTo(DayChanges days, String toolId, int sign) {
        if (discoveredAt != NEVER) {
            days.at(discoveredAt).tool(toolId, Figures.DISCOVERED, sign);
        }
        if (startedAt != NEVER) {
            days.at(startedAt).tool(toolId, Figures.STARTS, sign);
        }
        if (completedAt != NEVER) {
            days.at(completedAt).tool(toolId, Figures.COMPLETIONS, sign);
        }
        long adoptedAt = Math.min(startedAt, completedAt);
        if (adoptedAt != NEVER) {
            days.at(adoptedAt).tool(toolId, Figures.ADOPTERS, sign);
        }
    }

    static Serde<ToolUser> serde() {
        return Serdes.serdeFrom(
                (topic, u) -> {
                    if (u == null) {
                        return null;
                    }
                    Binary.Writer w = new Binary.Writer().version(FORMAT)
                            .writeLong(u.discoveredAt).writeLong(u.startedAt).writeLong(u.completedAt)
                            .writeLong(u.eventIds.size());
                    u.eventIds.forEach(w::writeString);
                    return w.toByteArray();
                },
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    Binary.Reader r = new Binary.Reader(bytes).expectVersion(FORMAT, "tool user");
                    long discovered = r.readLong();
                    long started = r.readLong();
                    long completed = r.readLong();
                    int n = r.readInt();
                    List<String> ids = new ArrayList<>(n + 1);
                    for (int i = 0; i < n; i++) {
                        ids.add(r.readString());
                    }
                    ToolUser u = new ToolUser(ids);
                    u.discoveredAt = discovered;
                    u.startedAt = started;
                    u.completedAt = completed;
                    return u;
                });
    }
}
