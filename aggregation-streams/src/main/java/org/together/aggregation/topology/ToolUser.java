package org.together.aggregation.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One participant's (or group's) use of one tool in one territory: the earliest time it reached
 * each stage, and the events already counted (so a second copy of one is recognised).
 */
final class ToolUser {

    /** 2: absorbed events with their receipt times; 1: ids only. */
    private static final int FORMAT = 2;
    static final long NEVER = Long.MAX_VALUE;

    long discoveredAt = NEVER;
    long startedAt = NEVER;
    long completedAt = NEVER;
    final AbsorbedEvents absorbed;

    ToolUser() {
        this(new AbsorbedEvents());
    }

    private ToolUser(AbsorbedEvents absorbed) {
        this.absorbed = absorbed;
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
                            .writeLong(u.discoveredAt).writeLong(u.startedAt).writeLong(u.completedAt);
                    u.absorbed.writeTo(w);
                    return w.toByteArray();
                },
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    Binary.Reader r = new Binary.Reader(bytes);
                    int format = r.readVersion("tool user", 1, FORMAT);
                    long discovered = r.readLong();
                    long started = r.readLong();
                    long completed = r.readLong();
                    ToolUser u = new ToolUser(AbsorbedEvents.readFrom(r, format));
                    u.discoveredAt = discovered;
                    u.startedAt = started;
                    u.completedAt = completed;
                    return u;
                });
    }
}
