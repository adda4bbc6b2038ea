package org.together.aggregation.topology;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The additive figures of one territory or of the network, either for one UTC day (what
 * happened that day, in event time) or for all time. Figures as of a day are all-time figures
 * minus the days after it, so every period's figure is a sum of days.
 *
 * <p>Distinct things (a participant, a tool user, an evaluating group) are counted on the day of
 * their earliest event; when a late event moves that day, the old day gets -1 and the new +1.
 * Only {@code lastEventAt} is not additive: it is the latest occurredAt, combined with max.
 */
public final class Figures {

    /** No event yet. */
    public static final long NO_EVENT = Long.MIN_VALUE;

    /** Columns of a tool's figures. */
    public static final int DISCOVERED = 0, STARTS = 1, COMPLETIONS = 2, ADOPTERS = 3, RATING_SUM = 4, RATING_COUNT = 5;
    private static final int TOOL_COLUMNS = 6;
    /** Columns of a SPIRAL dimension's figures. */
    public static final int WELLBEING = 0, ILLBEING = 1, ACTION = 2, SCORE_SUM = 3, SCORE_COUNT = 4;
    private static final int DIMENSION_COLUMNS = 5;

    private static final int FORMAT = 1;

    private long newParticipants;
    private long activations;
    private long deactivations;
    private long events;
    private long lastEventAt = NO_EVENT;
    private final TreeMap<String, long[]> tools = new TreeMap<>();
    private long evaluations;
    private long evaluatingGroups;
    private long citizens;
    private final TreeMap<String, long[]> dimensions = new TreeMap<>();
    private long assessments;
    private long footprintKilograms;
    private long assessmentsUnder2t;

    public Figures() {
    }

    public static Figures copyOf(Figures other) {
        return new Figures().add(other);
    }

    // ---- changes, used by the topology ----

    void participantChanges(long newOnes, long activated, long deactivated) {
        newParticipants += newOnes;
        activations += activated;
        deactivations += deactivated;
    }

    void event(long occurredAt) {
        events++;
        lastEventAt = Math.max(lastEventAt, occurredAt);
    }

    void tool(String toolId, int column, long delta) {
        tools.computeIfAbsent(toolId, t -> new long[TOOL_COLUMNS])[column] += delta;
    }

    void evaluation(long citizensInvolved) {
        evaluations++;
        citizens += citizensInvolved;
    }

    void evaluatingGroups(long delta) {
        evaluatingGroups += delta;
    }

    void dimension(String dimension, int column, long delta) {
        dimensions.computeIfAbsent(dimension, d -> new long[DIMENSION_COLUMNS])[column] += delta;
    }

    void assessment(long kilograms, boolean under2t) {
        assessments++;
        footprintKilograms += kilograms;
        if (under2t) {
            assessmentsUnder2t++;
        }
    }

    /** Adds other's figures to these (lastEventAt: the later one). */
    public Figures add(Figures other) {
        return combine(other, 1);
    }

    /** Removes other's figures from these; lastEventAt is left alone (it is not additive). */
    public Figures subtract(Figures other) {
        return combine(other, -1);
    }

    private Figures combine(Figures o, int sign) {
        newParticipants += sign * o.newParticipants;
        activations += sign * o.activations;
        deactivations += sign * o.deactivations;
        events += sign * o.events;
        if (sign > 0) {
            lastEventAt = Math.max(lastEventAt, o.lastEventAt);
        }
        combineColumns(tools, o.tools, TOOL_COLUMNS, sign);
        evaluations += sign * o.evaluations;
        evaluatingGroups += sign * o.evaluatingGroups;
        citizens += sign * o.citizens;
        combineColumns(dimensions, o.dimensions, DIMENSION_COLUMNS, sign);
        assessments += sign * o.assessments;
        footprintKilograms += sign * o.footprintKilograms;
        assessmentsUnder2t += sign * o.assessmentsUnder2t;
        return this;
    }

    /** Adds the columns of from into into; an entry left all zero goes (only the ones touched can become zero). */
    private static void combineColumns(TreeMap<String, long[]> into, TreeMap<String, long[]> from, int width, int sign) {
        if (from.isEmpty()) {
            return;
        }
        for (Map.Entry<String, long[]> e : from.entrySet()) {
            long[] columns = into.get(e.getKey());
            if (columns == null) {
                columns = new long[width];
                into.put(e.getKey(), columns);
            }
            long[] add = e.getValue();
            for (int i = 0; i < width; i++) {
                columns[i] += sign * add[i];
            }
            if (allZero(columns)) {
                into.remove(e.getKey());
            }
        }
    }

    private static boolean allZero(long[] columns) {
        for (long c : columns) {
            if (c != 0) {
                return false;
            }
        }
        return true;
    }

    /** True when these figures add nothing (a retraction and its re-addition cancelled out). */
    public boolean isEmpty() {
        return newParticipants == 0 && activations == 0 && deactivations == 0 && events == 0
                && lastEventAt == NO_EVENT && tools.isEmpty() && evaluations == 0 && evaluatingGroups == 0
                && citizens == 0 && dimensions.isEmpty() && assessments == 0 && footprintKilograms == 0
                && assessmentsUnder2t == 0;
    }

    // ---- reading ----

    /** Participants whose earliest join falls here. */
    public long newParticipants() {
        return newParticipants;
    }

    /** Participants who became active here (a join, or a rejoin after leaving). */
    public long activations() {
        return activations;
    }

    /** Active participants who left here. */
    public long deactivations() {
        return deactivations;
    }

    /** Change of the number of active participants. */
    public long activeChange() {
        return activations - deactivations;
    }

    public long events() {
        return events;
    }

    /** Latest occurredAt in epoch millis, or {@link #NO_EVENT}. */
    public long lastEventAt() {
        return lastEventAt;
    }

    /** toolId -> columns DISCOVERED..RATING_COUNT (read only). */
    public Map<String, long[]> tools() {
        return java.util.Collections.unmodifiableMap(tools);
    }

    public long evaluations() {
        return evaluations;
    }

    public long evaluatingGroups() {
        return evaluatingGroups;
    }

    public long citizens() {
        return citizens;
    }

    /** dimension code -> columns WELLBEING..SCORE_COUNT (read only). */
    public Map<String, long[]> dimensions() {
        return java.util.Collections.unmodifiableMap(dimensions);
    }

    public long assessments() {
        return assessments;
    }

    /** Sum of assessed footprints in kilograms of CO2e per person per year (exact integer sums). */
    public long footprintKilograms() {
        return footprintKilograms;
    }

    public long assessmentsUnder2t() {
        return assessmentsUnder2t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Figures f && java.util.Arrays.equals(encode(this), encode(f));
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(encode(this));
    }

    @Override
    public String toString() {
        return "Figures{new=" + newParticipants + ", activations=" + activations + ", deactivations=" + deactivations
                + ", events=" + events + ", tools=" + tools.keySet() + ", evaluations=" + evaluations
                + ", groups=" + evaluatingGroups + ", citizens=" + citizens + ", assessments=" + assessments + "}";
    }

    // ---- encoding ----

    static byte[] encode(Figures f) {
        Binary.Writer w = new Binary.Writer().version(FORMAT)
                .writeLong(f.newParticipants).writeLong(f.activations).writeLong(f.deactivations)
                .writeLong(f.events).writeLong(f.lastEventAt == NO_EVENT ? -1 : f.lastEventAt)
                .writeLong(f.evaluations).writeLong(f.evaluatingGroups).writeLong(f.citizens)
                .writeLong(f.assessments).writeLong(f.footprintKilograms).writeLong(f.assessmentsUnder2t);
        writeColumns(w, f.tools);
        writeColumns(w, f.dimensions);
        return w.toByteArray();
    }

    static Figures decode(byte[] bytes) {
        Binary.Reader r = new Binary.Reader(bytes).expectVersion(FORMAT, "figures");
        Figures f = new Figures();
        f.newParticipants = r.readLong();
        f.activations = r.readLong();
        f.deactivations = r.readLong();
        f.events = r.readLong();
        long last = r.readLong();
        f.lastEventAt = last == -1 ? NO_EVENT : last;
        f.evaluations = r.readLong();
        f.evaluatingGroups = r.readLong();
        f.citizens = r.readLong();
        f.assessments = r.readLong();
        f.footprintKilograms = r.readLong();
        f.assessmentsUnder2t = r.readLong();
        readColumns(r, f.tools, TOOL_COLUMNS);
        readColumns(r, f.dimensions, DIMENSION_COLUMNS);
        return f;
    }

    private static void writeColumns(Binary.Writer w, TreeMap<String, long[]> map) {
        w.writeLong(map.size());
        map.forEach((key, columns) -> {
            w.writeString(key);
            for (long c : columns) {
                w.writeLong(c);
            }
        });
    }

    private static void readColumns(Binary.Reader r, TreeMap<String, long[]> into, int width) {
        int n = r.readInt();
        for (int i = 0; i < n; i++) {
            String key = r.readString();
            long[] columns = new long[width];
            for (int c = 0; c < width; c++) {
                columns[c] = r.readLong();
            }
            into.put(key, columns);
        }
    }

    public static Serde<Figures> serde() {
        Serializer<Figures> serializer = (topic, f) -> f == null ? null : encode(f);
        Deserializer<Figures> deserializer = (topic, bytes) -> bytes == null ? null : decode(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
