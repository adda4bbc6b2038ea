package org.together.aggregation.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.together.figures.DimensionCounts;
import org.together.figures.Figures;
import org.together.figures.Footprints;
import org.together.figures.ToolCounts;

/**
 * {@link Figures} in the stores, their changelogs and the network-deltas topic. Format 3 added the Annex 1 approaches
 * and the cohorts; format 2 the newcomers by role and channel and the footprint's bands and breakdown; earlier formats
 * are read as figures without what came later.
 */
final class FiguresSerde {

    private static final int FORMAT = 3;

    private FiguresSerde() {
    }

    static Serde<Figures> serde() {
        return Serdes.serdeFrom((topic, f) -> f == null ? null : encode(f), (topic, bytes) -> bytes == null ? null : decode(bytes));
    }

    /**
     * Figures encoded once before are of a store, written again at every commit that changes them: their groups of
     * columns are kept as encoded, and only those changed since are encoded again (the bytes are the same). Figures
     * encoded once only (a day's change sent to the network) keep nothing.
     */
    static byte[] encode(Figures f) {
        Object kept = f.encodingKept();
        byte[][] parts = kept == null ? null : kept instanceof byte[][] p ? p : new byte[GROUPS][];
        Binary.Writer w = Binary.Writer.reused().version(FORMAT)
                .writeLong(f.newParticipants()).writeLong(f.activations()).writeLong(f.deactivations())
                .writeLong(f.events()).writeLong(f.lastEventAt() == Figures.NO_EVENT ? -1 : f.lastEventAt())
                .writeLong(f.evaluations()).writeLong(f.evaluatingGroups()).writeLong(f.citizens())
                .writeLong(f.assessments()).writeLong(f.footprintKilograms()).writeLong(f.assessmentsUnder2t());
        group(w, f, Figures.Columns.TOOLS, parts);
        group(w, f, Figures.Columns.DIMENSIONS, parts);
        // format 2
        group(w, f, Figures.Columns.NEW_BY_ROLE, parts);
        group(w, f, Figures.Columns.NEW_BY_CHANNEL, parts);
        group(w, f, Figures.Columns.FOOTPRINT_DOMAINS, parts);
        long[] bands = f.footprintBands();
        boolean anyBand = java.util.Arrays.stream(bands).anyMatch(b -> b != 0);
        w.writeLong(anyBand ? bands.length : 0);
        if (anyBand) {
            for (long band : bands) {
                w.writeLong(band);
            }
        }
        // format 3
        group(w, f, Figures.Columns.APPROACHES, parts);
        group(w, f, Figures.Columns.APPROACH_SCORES, parts);
        group(w, f, Figures.Columns.COHORTS, parts);
        f.encodingKept(parts == null ? ENCODED_ONCE : parts);
        return w.toByteArray();
    }

    private static final int GROUPS = Figures.Columns.values().length;
    /** Kept by figures encoded once: the next encoding keeps its groups. */
    private static final Object ENCODED_ONCE = new Object();

    /** A group as kept when unchanged, else written (and kept, when {@code parts} is not null). */
    private static void group(Binary.Writer w, Figures f, Figures.Columns group, byte[][] parts) {
        int i = group.ordinal();
        if (parts != null && parts[i] != null && !f.changedSinceKept(group)) {
            w.writeRaw(parts[i]);
            return;
        }
        int start = w.size();
        if (group == Figures.Columns.APPROACHES) {
            w.writeLong(f.size(group));
            f.forEach(group, (kind, c) -> {
                w.writeString(kind).writeLong(c.length);
                for (long v : c) {
                    w.writeLong(v);
                }
            });
        } else {
            writeColumns(w, f, group);
        }
        if (parts != null) {
            parts[i] = w.copyFrom(start);
        }
    }

    static Figures decode(byte[] bytes) {
        Binary.Reader r = new Binary.Reader(bytes);
        int format = r.readVersion("figures", 1, 2, FORMAT);
        Figures f = new Figures();
        f.addParticipants(r.readLong(), r.readLong(), r.readLong());
        long events = r.readLong();
        long last = r.readLong();
        f.addEvents(events, last == -1 ? Figures.NO_EVENT : last);
        f.addEvaluations(r.readLong(), r.readLong(), r.readLong());
        f.addAssessments(r.readLong(), r.readLong(), r.readLong());
        int tools = r.readInt();
        for (int i = 0; i < tools; i++) {
            f.addTool(r.readString(), new ToolCounts(r.readLong(), r.readLong(), r.readLong(), r.readLong(), r.readLong(), r.readLong()));
        }
        int dimensions = r.readInt();
        for (int i = 0; i < dimensions; i++) {
            f.addDimension(r.readString(), new DimensionCounts(r.readLong(), r.readLong(), r.readLong(), r.readLong(), r.readLong()));
        }
        if (format == 1) {
            return f;
        }
        int roles = r.readInt();
        for (int i = 0; i < roles; i++) {
            f.addNewcomers(r.readString(), null, r.readLong());
        }
        int channels = r.readInt();
        for (int i = 0; i < channels; i++) {
            f.addNewcomers(null, r.readString(), r.readLong());
        }
        int domains = r.readInt();
        for (int i = 0; i < domains; i++) {
            f.addFootprintDomain(r.readString(), r.readLong(), r.readLong());
        }
        int bands = r.readInt();
        for (int band = 0; band < bands && band < Footprints.BAND_FLOORS.size(); band++) {
            f.addFootprintBand(band, r.readLong());
        }
        if (format == 2) {
            return f;
        }
        int kinds = r.readInt();
        for (int i = 0; i < kinds; i++) {
            String kind = r.readString();
            long[] columns = new long[r.readInt()];
            for (int c = 0; c < columns.length; c++) {
                columns[c] = r.readLong();
            }
            f.addApproachColumns(kind, columns);
        }
        int scores = r.readInt();
        for (int i = 0; i < scores; i++) {
            String key = r.readString();
            int split = key.indexOf('|');
            f.addApproachScore(key.substring(0, split), key.substring(split + 1), r.readLong(), r.readLong());
        }
        int cells = r.readInt();
        for (int i = 0; i < cells; i++) {
            f.addCohortCell(r.readString(), r.readLong());
        }
        return f;
    }

    /** A group of named columns whose width the format fixes: its size, then each name and its columns. */
    private static void writeColumns(Binary.Writer w, Figures f, Figures.Columns group) {
        w.writeLong(f.size(group));
        f.forEach(group, (name, columns) -> {
            w.writeString(name);
            for (long c : columns) {
                w.writeLong(c);
            }
        });
    }
}
