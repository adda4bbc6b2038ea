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

    static byte[] encode(Figures f) {
        Binary.Writer w = Binary.Writer.reused().version(FORMAT)
                .writeLong(f.newParticipants()).writeLong(f.activations()).writeLong(f.deactivations())
                .writeLong(f.events()).writeLong(f.lastEventAt() == Figures.NO_EVENT ? -1 : f.lastEventAt())
                .writeLong(f.evaluations()).writeLong(f.evaluatingGroups()).writeLong(f.citizens())
                .writeLong(f.assessments()).writeLong(f.footprintKilograms()).writeLong(f.assessmentsUnder2t());
        writeColumns(w, f, Figures.Columns.TOOLS);
        writeColumns(w, f, Figures.Columns.DIMENSIONS);
        // format 2
        writeColumns(w, f, Figures.Columns.NEW_BY_ROLE);
        writeColumns(w, f, Figures.Columns.NEW_BY_CHANNEL);
        writeColumns(w, f, Figures.Columns.FOOTPRINT_DOMAINS);
        long[] bands = f.footprintBands();
        boolean anyBand = java.util.Arrays.stream(bands).anyMatch(b -> b != 0);
        w.writeLong(anyBand ? bands.length : 0);
        if (anyBand) {
            for (long band : bands) {
                w.writeLong(band);
            }
        }
        // format 3
        Figures.Columns approaches = Figures.Columns.APPROACHES;
        w.writeLong(f.size(approaches));
        f.forEach(approaches, (kind, c) -> {
            w.writeString(kind).writeLong(c.length);
            for (long v : c) {
                w.writeLong(v);
            }
        });
        writeColumns(w, f, Figures.Columns.APPROACH_SCORES);
        writeColumns(w, f, Figures.Columns.COHORTS);
        return w.toByteArray();
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
