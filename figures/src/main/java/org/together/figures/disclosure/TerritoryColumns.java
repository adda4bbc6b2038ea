package org.together.figures.disclosure;

import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The columns of a table of territories, each adding up to the network's published total, decided by the rule of
 * {@link Publication} (primary, then secondary suppression of each column) in memory that follows the nonzero cells:
 * one bit per territory and column, and a value only for a cell that is not zero. Built for the public figures of a
 * network of 100,000 territories, where a {@link Publication} of every figure holds an object per figure.
 *
 * <p>The same decision as registering each cell in a {@link Publication} with {@code column(measure,
 * count(value, units))}, territory after territory in the order of their indices, and deciding it: the columns are
 * independent sums (no figure of one is in another, and nothing here is suppressed "together"), so each column's
 * secondary suppression is its own.
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
            BitSet s = column.decide(rule);
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

        /** {@link Publication#decide} for one sum whose total is the network's (published, not suppressible). */
        BitSet decide(DisclosureRule rule) {
            BitSet suppressed = new BitSet();
            long count = 0;
            long mass = 0;
            long aboveZero = 0;
            for (int i = 0; i < size; i++) {
                if (rule.isSmall(unitsAt(i))) {
                    suppressed.set(territories[i]);
                    count++;
                    mass += values[i];
                    aboveZero += values[i] > 0 ? 1 : 0;
                }
            }
            if (count == 0) {
                return suppressed;
            }
            int[] candidates = null;
            int next = 0;
            int firstFrom = 0; // parts only ever become suppressed: the first published one only moves on
            while (true) {
                boolean onlyZeros = mass == 0;
                boolean safe = onlyZeros || count >= 2 && mass >= rule.minPublishedCount() && mass > aboveZero;
                if (safe) {
                    return suppressed;
                }
                if (candidates == null) {
                    candidates = published(suppressed);
                }
                // the smallest published part above zero (then the first by territory), as Publication#protect
                long value;
                int territory;
                if (next < candidates.length) {
                    int i = candidates[next++];
                    value = values[i];
                    territory = territories[i];
                } else {
                    territory = firstPublished(suppressed, firstFrom);
                    firstFrom = territory + 1;
                    if (territory < 0) {
                        return suppressed; // a network total of small counts only: published all the same
                    }
                    int at = Arrays.binarySearch(territories, 0, size, territory);
                    value = at >= 0 ? values[at] : 0;
                }
                suppressed.set(territory);
                count++;
                mass += value;
                aboveZero += value > 0 ? 1 : 0;
            }
        }

        /** Cells published so far with a value above zero, smallest first, then by territory. */
        private int[] published(BitSet suppressed) {
            return java.util.stream.IntStream.range(0, size)
                    .filter(i -> values[i] > 0 && !suppressed.get(territories[i]))
                    .boxed()
                    .sorted((a, b) -> values[a] != values[b] ? Long.compare(values[a], values[b])
                            : Integer.compare(territories[a], territories[b]))
                    .mapToInt(Integer::intValue)
                    .toArray();
        }

        /** The first territory giving this measure whose cell is published, or -1. */
        private int firstPublished(BitSet suppressed, int from) {
            for (int t = given.nextSetBit(from); t >= 0; t = given.nextSetBit(t + 1)) {
                if (!suppressed.get(t)) {
                    return t;
                }
            }
            return -1;
        }
    }
}
