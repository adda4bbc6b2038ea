package org.together.figures.disclosure;

import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The columns of a table of territories, each adding up to the network's published total, held in memory that follows
 * the nonzero cells (one bit per territory and column, a value only for a cell that is not zero) and decided by
 * {@link Publication#decide} one column at a time. Built for the public figures of a network of 100,000 territories,
 * where a {@link Publication} of every figure at once would hold an object per figure.
 *
 * <p>The same decision as registering each cell in one {@link Publication} with {@code column(measure,
 * count(value, units))}, territory after territory in the order of their indices: the columns are independent sums (no
 * figure of one is in another, and nothing here is suppressed "together"), so each column's decision is its own.
 */
public final class TerritoryColumns {

    private final Map<String, Column> columns = new LinkedHashMap<>();
    private boolean decided;

    /**
     * {@code territory}'s cell of {@code measure}: a count adding up to {@code value} over the territories and computed
     * from {@code units} people, groups or assessments. Territories come in increasing index order within a measure.
     *
     * @throws IllegalArgumentException when the territory is not after the last one given this measure
     */
    public void add(String measure, int territory, long value, long units) {
        if (decided) {
            throw new IllegalStateException("these columns are decided; cells cannot be added to them");
        }
        columns.computeIfAbsent(measure, m -> new Column()).add(measure, territory, value, units);
    }

    /** Decides every column; the cells answer {@link Decision#suppressed} afterwards. */
    public Decision decide(DisclosureRule rule) {
        decided = true;
        Map<String, BitSet> suppressed = new LinkedHashMap<>();
        columns.forEach((measure, column) -> {
            BitSet s = column.decide(measure, rule);
            if (!s.isEmpty()) {
                suppressed.put(measure, s);
            }
        });
        columns.clear();
        return new Decision(suppressed);
    }

    /** Which cells are suppressed: a bit set per column that has any. */
    public static final class Decision {
        private final Map<String, BitSet> suppressed;

        private Decision(Map<String, BitSet> suppressed) {
            this.suppressed = suppressed;
        }

        public boolean suppressed(String measure, int territory) {
            BitSet s = suppressed.get(measure);
            return s != null && s.get(territory);
        }

        /** How many cells are suppressed, over every column. */
        public long count() {
            return suppressed.values().stream().mapToLong(BitSet::cardinality).sum();
        }
    }

    /** One measure: the territories giving it, and the value and units of its nonzero cells, by territory. */
    private static final class Column {
        private final BitSet given = new BitSet();
        private int last = -1;
        private int size;
        private int[] territories = new int[8];
        private long[] values = new long[8];
        /** Null while every cell's units are its value (a count of people counts itself). */
        private long[] units;

        void add(String measure, int territory, long value, long unitsOf) {
            if (territory <= last) {
                throw new IllegalArgumentException("territory " + territory + " of " + measure + " comes after territory "
                        + last + ": cells are given in increasing territory order, once each");
            }
            last = territory;
            given.set(territory);
            if (value == 0 && unitsOf == 0) {
                return;
            }
            if (size == territories.length) {
                int grown = size + (size >> 1) + 1;
                territories = Arrays.copyOf(territories, grown);
                values = Arrays.copyOf(values, grown);
                if (units != null) {
                    units = Arrays.copyOf(units, grown);
                }
            }
            if (units == null && unitsOf != value) {
                units = Arrays.copyOf(values, territories.length);
            }
            territories[size] = territory;
            values[size] = value;
            if (units != null) {
                units[size] = unitsOf;
            }
            size++;
        }

        private long unitsAt(int i) {
            return units == null ? values[i] : units[i];
        }

        /**
         * The column decided by {@link Publication#decide}, the one implementation of the rule: its cells, zeros too,
         * are figures of a publication of this column alone, held only while it is decided.
         */
        BitSet decide(String measure, DisclosureRule rule) {
            Publication publication = new Publication();
            int cells = given.cardinality();
            int[] territoryOf = new int[cells];
            Publication.Figure[] figures = new Publication.Figure[cells];
            int nonzero = 0;
            int cell = 0;
            for (int t = given.nextSetBit(0); t >= 0; t = given.nextSetBit(t + 1), cell++) {
                boolean stored = nonzero < size && territories[nonzero] == t;
                long value = stored ? values[nonzero] : 0;
                long unitsOf = stored ? unitsAt(nonzero) : 0;
                nonzero += stored ? 1 : 0;
                territoryOf[cell] = t;
                figures[cell] = publication.column(measure, publication.count(value, unitsOf));
            }
            publication.decide(rule);
            BitSet suppressed = new BitSet();
            for (int c = 0; c < cells; c++) {
                if (figures[c].suppressed()) {
                    suppressed.set(territoryOf[c]);
                }
            }
            return suppressed;
        }
    }
}
