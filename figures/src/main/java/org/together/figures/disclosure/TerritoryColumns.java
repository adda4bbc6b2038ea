package org.together.figures.disclosure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The columns of a table of territories, each adding up to the network's published total, held in memory that follows
 * the nonzero cells (one bit per territory and column, a value only for a cell that is not zero) and decided by
 * {@link Publication#decide} one column at a time. Built for the public figures of a network of 100,000 territories,
 * where a {@link Publication} of every figure at once would hold an object per figure.
 *
 * <p>Each column is decided as registering its cells in one {@link Publication} with {@code column(measure,
 * count(value, units))}, territory after territory in the order of their indices: the columns are independent sums.
 * Measures named {@link #together} are a territory's figures that bound each other (new participants of the day,
 * week, month and quarter, each within the next): when one of a territory's is hidden for another territory's sake
 * (secondary suppression), or is a small count that only zeros protect, all of them are, and the columns that gain a
 * hidden cell are decided again with it, until no such family is split. A small count that other counts above zero
 * protect in its column stands alone: its published siblings are at least k (or it would be hidden too) and bound it
 * no better than "fewer than k" does, so a big territory with 2 new participants today keeps its other figures; its
 * zeros in the family are hidden with it ("0 active" beside a hidden "2 ever" would tell that everyone left). A
 * territory not given a measure (a tool it never used) has it as a zero, hidden when the rule needs zeros
 * ({@link Decision#leftOutHidden}).
 */
public final class TerritoryColumns {

    private final Map<String, Column> columns = new LinkedHashMap<>();
    private final List<List<String>> families = new ArrayList<>();
    private boolean decided;

    /** A territory's figures of these measures are hidden all or none: they give each other away. */
    public void together(String... measures) {
        families.add(List.of(measures));
    }

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
        // every territory given any measure: a column that leaves some out has them as zeros
        BitSet territories = new BitSet();
        columns.values().forEach(column -> territories.or(column.given));
        Map<String, BitSet> suppressed = new LinkedHashMap<>();
        Map<String, BitSet> forced = new LinkedHashMap<>();
        Set<String> leftOutHidden = new LinkedHashSet<>();
        Set<String> forcedLeftOut = new LinkedHashSet<>();
        Map<String, BitSet> zerosBesideSmall = new LinkedHashMap<>();
        columns.forEach((measure, column) -> suppressed.put(measure,
                column.decide(measure, rule, new BitSet(), false, territories, leftOutHidden)));
        // a split family forces its published members hidden; their columns are decided again with them (forced cells
        // only grow, so this ends)
        Set<String> again = splitFamilies(rule, suppressed, forced, leftOutHidden, forcedLeftOut, zerosBesideSmall);
        while (!again.isEmpty()) {
            for (String measure : again) {
                suppressed.put(measure, columns.get(measure).decide(measure, rule, forced.getOrDefault(measure, new BitSet()),
                        forcedLeftOut.contains(measure), territories, leftOutHidden));
            }
            again = splitFamilies(rule, suppressed, forced, leftOutHidden, forcedLeftOut, zerosBesideSmall);
        }
        columns.clear();
        suppressed.values().removeIf(BitSet::isEmpty);
        return new Decision(suppressed, leftOutHidden);
    }

    /**
     * Forces hidden, in every column of a family, the territories hidden in another (but for small counts that stand
     * alone, whose territories' zeros in the family are hidden instead), and the zeros of the territories a column
     * leaves out when another column of the family hides theirs; the columns that gained one.
     */
    private Set<String> splitFamilies(DisclosureRule rule, Map<String, BitSet> suppressed, Map<String, BitSet> forced,
                                      Set<String> leftOutHidden, Set<String> forcedLeftOut, Map<String, BitSet> zerosBesideSmall) {
        Set<String> gained = new LinkedHashSet<>();
        for (List<String> family : families) {
            BitSet aloneSomewhere = new BitSet();
            for (String measure : family) {
                Column column = columns.get(measure);
                if (column != null) {
                    aloneSomewhere.or(column.smallStandingAlone(suppressed.get(measure), rule));
                }
            }
            for (String measure : family) {
                Column column = columns.get(measure);
                if (column == null) {
                    continue;
                }
                BitSet zeros = column.zerosOf(aloneSomewhere);
                zeros.andNot(suppressed.get(measure));
                if (!zeros.isEmpty()) {
                    forced.computeIfAbsent(measure, m -> new BitSet()).or(zeros);
                    zerosBesideSmall.computeIfAbsent(measure, m -> new BitSet()).or(zeros);
                    gained.add(measure);
                }
            }
            if (family.stream().anyMatch(leftOutHidden::contains)) {
                for (String measure : family) {
                    if (columns.containsKey(measure) && !leftOutHidden.contains(measure) && forcedLeftOut.add(measure)) {
                        gained.add(measure);
                    }
                }
            }
            BitSet any = new BitSet();
            for (String measure : family) {
                BitSet s = suppressed.get(measure);
                if (s != null) {
                    BitSet spreading = (BitSet) s.clone();
                    spreading.andNot(columns.get(measure).smallStandingAlone(s, rule));
                    spreading.andNot(zerosBesideSmall.getOrDefault(measure, new BitSet()));
                    any.or(spreading);
                }
            }
            for (String measure : family) {
                Column column = columns.get(measure);
                if (column == null) {
                    continue;
                }
                BitSet missing = (BitSet) any.clone();
                missing.and(column.given);
                missing.andNot(suppressed.get(measure));
                if (!missing.isEmpty()) {
                    forced.computeIfAbsent(measure, m -> new BitSet()).or(missing);
                    gained.add(measure);
                }
            }
        }
        return gained;
    }

    /** Which cells are suppressed: a bit set per column that has any. */
    public static final class Decision {
        private final Map<String, BitSet> suppressed;
        private final Set<String> leftOutHidden;

        private Decision(Map<String, BitSet> suppressed, Set<String> leftOutHidden) {
            this.suppressed = suppressed;
            this.leftOutHidden = Set.copyOf(leftOutHidden);
        }

        /** Whether a territory's cell is hidden, a cell it was not given included (a zero hidden with the others). */
        public boolean suppressed(String measure, int territory) {
            BitSet s = suppressed.get(measure);
            return s != null && s.get(territory);
        }

        /**
         * The measures that only one territory has: the territories not given them have their zero hidden too, and an
         * output that lists a territory's measures must list these as hidden for it.
         */
        public Set<String> leftOutHidden() {
            return leftOutHidden;
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
         * The hidden small counts of this column that need not hide their family: two or more counts above zero are
         * hidden in it, so the column's total less its published cells is shared between them, and each one's published
         * siblings, at least k or zero, bound it no better than "fewer than k". With one count above zero hidden among
         * zeros, none: the zeros' own families would pin them, and the count would be the rest of the total.
         */
        BitSet smallStandingAlone(BitSet suppressed, DisclosureRule rule) {
            BitSet small = new BitSet();
            int hiddenAboveZero = 0;
            for (int i = 0; i < size; i++) {
                if (values[i] > 0 && suppressed.get(territories[i])) {
                    hiddenAboveZero++;
                    if (rule.isSmall(unitsAt(i))) {
                        small.set(territories[i]);
                    }
                }
            }
            return hiddenAboveZero >= 2 ? small : new BitSet();
        }

        /** Which of these territories were given this measure as zero. */
        BitSet zerosOf(BitSet of) {
            BitSet zeros = (BitSet) of.clone();
            zeros.and(given);
            for (int i = 0; i < size; i++) {
                if (values[i] > 0) {
                    zeros.clear(territories[i]);
                }
            }
            return zeros;
        }

        /**
         * The column decided by {@link Publication#decide}, the one implementation of the rule: its cells, zeros too,
         * are figures of a publication of this column alone, held only while it is decided; {@code forced} ones are
         * hidden whatever they are (their family is).
         */
        BitSet decide(String measure, DisclosureRule rule, BitSet forced, boolean forceLeftOut, BitSet everyTerritory,
                      Set<String> leftOutHidden) {
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
                figures[cell] = publication.column(measure, forced.get(t) ? publication.decided(value, unitsOf, true)
                        : publication.count(value, unitsOf));
            }
            BitSet leftOut = (BitSet) everyTerritory.clone();
            leftOut.andNot(given);
            Publication.Figure leftOutZeros = leftOut.isEmpty() ? null : forceLeftOut
                    ? publication.column(measure, publication.decided(0, 0, true)) : publication.absentZeros(measure);
            publication.decide(rule);
            BitSet suppressed = new BitSet();
            for (int c = 0; c < cells; c++) {
                if (figures[c].suppressed()) {
                    suppressed.set(territoryOf[c]);
                }
            }
            if (leftOutZeros != null && leftOutZeros.suppressed()) {
                suppressed.or(leftOut);
                leftOutHidden.add(measure);
            } else {
                leftOutHidden.remove(measure);
            }
            return suppressed;
        }
    }
}
