package org.together.figures.disclosure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
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
 *
 * <p>Measures declared nested ({@link #atLeast}: ever at least active) are kept apart: for every territory, two
 * published figures of a declared or implied pair differ by 0 or at least k, since their difference counts people.
 * Of a pair 1 to k-1 apart one is hidden ({@link #hiddenFirst}), and so is a published figure equal to a hidden one of
 * its pairs; that hidden figure stays alone, its family published, when its column hides another count above zero
 * and a unit can move between the two with every nesting still met (so the published figures, the totals and the
 * nesting allow two values of it); else it spreads to its family like any hidden cell. Each step is decided again with
 * the others until nothing changes.
 */
public final class TerritoryColumns {

    private final Map<String, Column> columns = new LinkedHashMap<>();
    private final List<List<String>> families = new ArrayList<>();
    /** The families declared {@link #whole}: no small count stands alone in them. */
    private final List<List<String>> whole = new ArrayList<>();
    /** Per measure, the territories whose cell the public knows to be zero whatever is published ({@link #knownZero}). */
    private final Map<String, BitSet> knownZero = new LinkedHashMap<>();
    /** Per measure, the territories whose zero the public knows only while their {@link #shownBy} cell is published. */
    private final Map<String, BitSet> knownWhileShown = new LinkedHashMap<>();
    /** The measure whose published cell shows a territory's zeros of {@link #knownWhileShown}. */
    private String shownBy;
    /** Per measure, the measures whose cells are hidden wherever its cell is ({@link #follows}). */
    private final Map<String, List<String>> followers = new LinkedHashMap<>();
    /** The measures whose cells not given are zeros the public knows ({@link #knownZeroWhereNotGiven}). */
    private final Set<String> knownWhereNotGiven = new LinkedHashSet<>();
    /** Per measure, the hidden cells its last decision could not protect ({@link Publication#unprotected}). */
    private final Map<String, BitSet> unprotected = new LinkedHashMap<>();
    /** Whether a small count of a nested measure stands alone only where it can trade a unit ({@link #smallCountsTrade}). */
    private boolean smallCountsTrade;
    /** Declared nesting: a measure to the measures it is at least, for every territory. */
    private final Map<String, Set<String>> atLeast = new LinkedHashMap<>();
    private final List<String> hiddenFirst = new ArrayList<>();
    /** The nesting as decided: per measure, the measures at least it, and those it is at least (declared or implied). */
    private final Map<String, List<String>> above = new LinkedHashMap<>();
    private final Map<String, List<String>> below = new LinkedHashMap<>();
    private boolean decided;

    /** A territory's figures of these measures are hidden all or none: they give each other away. */
    public void together(String... measures) {
        families.add(List.of(measures));
    }

    /**
     * A territory's figures of these measures are hidden all or none, with no exception: unlike {@link #together}, a
     * small count protected in its column does not stand alone. For figures that bound each other beyond nesting: a
     * tool's adopters are its starters and completers together, so a published 25 adopters and 21 starters put a hidden
     * count of completers at 4 or more, and the column's total can then leave it no other value.
     */
    public void whole(String... measures) {
        List<String> family = List.of(measures);
        families.add(family);
        whole.add(family);
    }

    /**
     * Wherever a territory's cell of {@code leader} is hidden, its cells of {@code measures} are too (not the other way
     * round): the part and rest of a share of that whole, which add up to it, would give a hidden whole away.
     */
    public void follows(String leader, String... measures) {
        followers.computeIfAbsent(leader, m -> new ArrayList<>()).addAll(List.of(measures));
    }

    /**
     * The public knows the cells of {@code measures} a territory is not given are zeros (a share's part where the
     * territory has no whole): they protect no other cell, and are never hidden as the zeros a column leaves out.
     */
    public void knownZeroWhereNotGiven(String... measures) {
        knownWhereNotGiven.addAll(List.of(measures));
    }

    /**
     * The public knows {@code territory}'s cell of {@code measure} is zero from a figure published whatever the rule
     * decides (a territory shown inactive had no event, so no new participant, in the activity window). Such a zero
     * protects no other cell of its column: the column is decided without it, as if it were published. It is still
     * hidden with its family when the family is hidden. A cell that is not zero is not affected.
     */
    public void knownZero(String measure, int territory) {
        knownZero.computeIfAbsent(measure, m -> new BitSet()).set(territory);
    }

    /**
     * As {@link #knownZero}, but the public knows this zero only from a figure published with {@code territory}'s cell
     * of {@code shownBy} (a territory's last event day, published beside its participant figures, shows that it had no
     * new participant since). When such zeros are all that leave a small count of the column alone (every other cell
     * known to be zero: the count is the column's total), the decision hides one such territory's {@code shownBy} cell,
     * with what shows its zeros, and its zeros protect again: preferably one whose cell is hidden anyway, else the first.
     *
     * @throws IllegalArgumentException when another {@code shownBy} was named before
     */
    public void knownZeroWhileShown(String measure, int territory, String shownBy) {
        if (this.shownBy != null && !this.shownBy.equals(shownBy)) {
            throw new IllegalArgumentException("knownZeroWhileShown: zeros are shown by " + this.shownBy + ", not " + shownBy);
        }
        this.shownBy = shownBy;
        knownWhileShown.computeIfAbsent(measure, m -> new BitSet()).set(territory);
    }

    /**
     * A small count of a nested measure stands alone (its family published) only where a unit can move between it and
     * another hidden cell of its column with both territories' figures still nested as declared ({@link #movable}); else
     * it spreads to its family. For a table whose every territory's nested figures a reader combines at once (the query
     * API's): a new participant this week hidden beside weeks that lie between their territories' equal days and months
     * (everyone joined today) is the column's hidden total less theirs, which their days and months pin.
     */
    public void smallCountsTrade() {
        smallCountsTrade = true;
    }

    /**
     * For every territory, {@code larger} is at least {@code smaller}, and their difference counts people (new
     * participants of the month within those of the quarter; active participants within those ever). Then the decision
     * publishes no two figures of one territory that differ by 1 to k-1, for these pairs and every pair they imply
     * (ever, quarter, month, day): such a difference is a small count about the territory. One of the two is hidden
     * (the earlier in {@link #hiddenFirst}, else the smaller), and protected in its column like any hidden cell.
     *
     * @throws IllegalArgumentException when a measure is declared at least itself
     */
    public void atLeast(String larger, String smaller) {
        if (larger.equals(smaller)) {
            throw new IllegalArgumentException("atLeast: " + larger + " is declared at least itself; name two measures");
        }
        atLeast.computeIfAbsent(larger, m -> new LinkedHashSet<>()).add(smaller);
    }

    /**
     * The order in which nested figures ({@link #atLeast}) that differ by 1 to k-1 are hidden: of two such, the one
     * earlier here is hidden, the other kept (name the figures readers lose least first); a measure not named here is
     * kept before any named one, and of two not named the smaller is hidden.
     */
    public void hiddenFirst(String... measures) {
        hiddenFirst.clear();
        hiddenFirst.addAll(List.of(measures));
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
        Map<String, BitSet> nestedApart = new LinkedHashMap<>();
        List<String[]> nested = nestedPairs();
        Set<String> again = columns.keySet();
        // a split family forces its published members hidden, and so does a pair of nested figures too close to publish
        // both, or a zero shown that leaves a small count alone; their columns are decided again with them, which may
        // hide more (forced cells only grow, and known zeros only become unknown, so this ends)
        while (!again.isEmpty()) {
            for (String measure : again) {
                suppressed.put(measure, columns.get(measure).decide(measure, rule, forced.getOrDefault(measure, new BitSet()),
                        forcedLeftOut.contains(measure), knownWhereNotGiven.contains(measure) ? columns.get(measure).given
                                : territories, leftOutHidden, known(measure),
                        unprotected.computeIfAbsent(measure, m -> new BitSet())));
            }
            again = splitFamilies(rule, suppressed, forced, leftOutHidden, forcedLeftOut, zerosBesideSmall, nestedApart);
            if (again.isEmpty()) {
                again = separateNested(rule, nested, suppressed, forced, nestedApart);
            }
            if (again.isEmpty()) {
                again = stillApart(suppressed, nestedApart);
            }
            if (again.isEmpty()) {
                again = hideWhatShowsZeros(suppressed, forced);
            }
            if (again.isEmpty()) {
                again = hideFollowers(suppressed, forced);
            }
        }
        columns.clear();
        suppressed.values().removeIf(BitSet::isEmpty);
        return new Decision(suppressed, leftOutHidden);
    }

    /** The territories whose cell of {@code measure} the public knows to be zero, as things stand. */
    private BitSet known(String measure) {
        BitSet known = (BitSet) knownZero.getOrDefault(measure, new BitSet()).clone();
        known.or(knownWhileShown.getOrDefault(measure, new BitSet()));
        return known;
    }

    /** Hides the followers' cells of every hidden leader cell ({@link #follows}); the columns to decide again. */
    private Set<String> hideFollowers(Map<String, BitSet> suppressed, Map<String, BitSet> forced) {
        Set<String> again = new LinkedHashSet<>();
        followers.forEach((leader, measures) -> {
            BitSet hidden = suppressed.get(leader);
            if (hidden == null || hidden.isEmpty()) {
                return;
            }
            for (String measure : measures) {
                Column column = columns.get(measure);
                if (column == null) {
                    continue;
                }
                BitSet missing = (BitSet) hidden.clone();
                missing.and(column.given);
                missing.andNot(suppressed.getOrDefault(measure, new BitSet()));
                if (!missing.isEmpty()) {
                    forced.computeIfAbsent(measure, m -> new BitSet()).or(missing);
                    again.add(measure);
                }
            }
        });
        return again;
    }

    /**
     * For the first column whose small count only shown zeros leave alone ({@link #knownZeroWhileShown}): hides one of
     * those territories' {@link #shownBy} cell, and its zeros are no longer known; the columns to decide again.
     */
    private Set<String> hideWhatShowsZeros(Map<String, BitSet> suppressed, Map<String, BitSet> forced) {
        for (Map.Entry<String, BitSet> e : unprotected.entrySet()) {
            BitSet candidates = (BitSet) knownWhileShown.getOrDefault(e.getKey(), new BitSet()).clone();
            candidates.andNot(e.getValue());
            if (e.getValue().isEmpty() || candidates.isEmpty() || !columns.containsKey(shownBy)) {
                continue;
            }
            BitSet free = (BitSet) candidates.clone();
            free.and(suppressed.getOrDefault(shownBy, new BitSet()));
            int territory = (free.isEmpty() ? candidates : free).nextSetBit(0);
            Set<String> again = new LinkedHashSet<>();
            knownWhileShown.forEach((measure, territories) -> {
                if (territories.get(territory)) {
                    territories.clear(territory);
                    again.add(measure);
                }
            });
            forced.computeIfAbsent(shownBy, m -> new BitSet()).set(territory);
            again.add(shownBy);
            return again;
        }
        return Set.of();
    }

    /**
     * Forces hidden, in every column of a family, the territories hidden in another (but for small counts that stand
     * alone, whose territories' zeros in the family are hidden instead), and the zeros of the territories a column
     * leaves out when another column of the family hides theirs; the columns that gained one.
     */
    private Set<String> splitFamilies(DisclosureRule rule, Map<String, BitSet> suppressed, Map<String, BitSet> forced,
                                      Set<String> leftOutHidden, Set<String> forcedLeftOut, Map<String, BitSet> zerosBesideSmall,
                                      Map<String, BitSet> nestedApart) {
        Set<String> gained = new LinkedHashSet<>();
        for (List<String> family : families) {
            boolean standsAlone = !whole.contains(family);
            BitSet aloneSomewhere = new BitSet();
            for (String measure : family) {
                Column column = columns.get(measure);
                if (column != null && standsAlone) {
                    aloneSomewhere.or(standingAlone(measure, suppressed.get(measure), rule));
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
                    if (standsAlone) {
                        spreading.andNot(standingAlone(measure, s, rule));
                        spreading.andNot(zerosBesideSmall.getOrDefault(measure, new BitSet()));
                        // hidden only to keep two nested figures apart: see separateNested and stillApart
                        spreading.andNot(nestedApart.getOrDefault(measure, new BitSet()));
                    }
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

    /**
     * The small counts of {@code measure} that stand alone ({@link Column#smallStandingAlone}); of a nested measure, when
     * {@link #smallCountsTrade}, only those that can trade a unit with another hidden cell of the column.
     */
    private BitSet standingAlone(String measure, BitSet suppressed, DisclosureRule rule) {
        BitSet alone = columns.get(measure).smallStandingAlone(suppressed, rule);
        boolean nested = smallCountsTrade && (above.containsKey(measure) || below.containsKey(measure));
        return nested && !alone.isEmpty() ? movable(measure, alone, suppressed) : alone;
    }

    /**
     * Every pair {larger, smaller} of measures given cells that the declared ones imply ({@link #atLeast} is
     * transitive), the larger first.
     *
     * @throws IllegalArgumentException when the declarations make a measure at least itself through others (a cycle)
     */
    private List<String[]> nestedPairs() {
        List<String[]> pairs = new ArrayList<>();
        for (String larger : atLeast.keySet()) {
            Set<String> below = new LinkedHashSet<>();
            List<String> todo = new ArrayList<>(atLeast.get(larger));
            while (!todo.isEmpty()) {
                String m = todo.remove(todo.size() - 1);
                if (m.equals(larger)) {
                    throw new IllegalArgumentException("atLeast: " + larger + " is declared at least itself through "
                            + below + "; nesting has no cycle");
                }
                if (below.add(m)) {
                    todo.addAll(atLeast.getOrDefault(m, Set.of()));
                }
            }
            for (String smaller : below) {
                if (columns.containsKey(larger) && columns.containsKey(smaller)) {
                    pairs.add(new String[] {larger, smaller});
                    this.below.computeIfAbsent(larger, m -> new ArrayList<>()).add(smaller);
                    this.above.computeIfAbsent(smaller, m -> new ArrayList<>()).add(larger);
                }
            }
        }
        // the pairs of the figures kept longest first: hiding ever for "active 40, ever 41" also parts it from a month
        // of 37, where hiding the month first would lose both
        pairs.sort(Comparator.comparingInt((String[] pair) -> Math.max(keptRank(pair[0]), keptRank(pair[1])))
                .thenComparingInt(pair -> Math.min(keptRank(pair[0]), keptRank(pair[1]))).reversed());
        return pairs;
    }

    /** How long a measure is kept when nested figures are too close: its place in {@link #hiddenFirst}, unnamed last. */
    private int keptRank(String measure) {
        int rank = hiddenFirst.indexOf(measure);
        return rank < 0 ? Integer.MAX_VALUE : rank;
    }

    /**
     * For every territory, hides one of each pair of its published nested figures that differ by 1 to k-1 (their
     * difference is a small count about it), and any published nested figure equal to a hidden one above zero (it would
     * pin it, and a hidden figure strictly inside its published bounds is one its column's total cannot pin either);
     * repeated within the territory until neither happens. The columns that gained a hidden cell.
     */
    private Set<String> separateNested(DisclosureRule rule, List<String[]> pairs, Map<String, BitSet> suppressed,
                                       Map<String, BitSet> forced, Map<String, BitSet> nestedApart) {
        Set<String> gained = new LinkedHashSet<>();
        if (pairs.isEmpty()) {
            return gained;
        }
        BitSet territories = new BitSet();
        for (String[] pair : pairs) {
            territories.or(columns.get(pair[0]).given);
            territories.or(columns.get(pair[1]).given);
        }
        for (int t = territories.nextSetBit(0); t >= 0; t = territories.nextSetBit(t + 1)) {
            boolean changed = true;
            while (changed) {
                changed = false;
                for (String[] pair : pairs) {
                    String larger = pair[0];
                    String smaller = pair[1];
                    boolean largerHidden = suppressed.get(larger).get(t);
                    boolean smallerHidden = suppressed.get(smaller).get(t);
                    if (largerHidden && smallerHidden) {
                        continue;
                    }
                    long l = columns.get(larger).valueOf(t);
                    long s = columns.get(smaller).valueOf(t);
                    String hide = null;
                    if (!largerHidden && !smallerHidden) {
                        hide = rule.isSmall(l - s) ? hiddenOf(larger, smaller) : null;
                    } else if (l == s && l > 0) {
                        hide = largerHidden ? smaller : larger;
                    }
                    if (hide != null) {
                        suppressed.get(hide).set(t);
                        forced.computeIfAbsent(hide, m -> new BitSet()).set(t);
                        nestedApart.computeIfAbsent(hide, m -> new BitSet()).set(t);
                        gained.add(hide);
                        changed = true;
                    }
                }
            }
        }
        return gained;
    }

    /**
     * Once nothing else changes: a cell hidden to keep nested figures apart stays alone (its family published) only when
     * another count above zero is hidden in its column and a unit can move between them ({@link #movable}); the others
     * spread to their family from now on, as any hidden cell does (with one count above zero hidden among zeros, a
     * zero's family would pin that zero, and the cell would be the rest of the total). Hidden cells only grow, so a
     * cell found movable stays so. The columns that lost such a cell.
     */
    private Set<String> stillApart(Map<String, BitSet> suppressed, Map<String, BitSet> nestedApart) {
        Set<String> lost = new LinkedHashSet<>();
        nestedApart.forEach((measure, cells) -> {
            BitSet hidden = suppressed.get(measure);
            BitSet apart = columns.get(measure).hiddenAboveZero(hidden) >= 2 ? movable(measure, cells, hidden) : new BitSet();
            if (!apart.equals(cells)) {
                cells.and(apart);
                lost.add(measure);
            }
        });
        return lost;
    }

    /**
     * Of these hidden cells of {@code measure}, those that a unit can move to or from another hidden cell of the column
     * (one up, the other down) with every figure of both territories still nested as declared: then the column's total,
     * the published figures and the nesting are met by two values of each, and neither can be worked out. A reader who
     * adds up the other hidden territories' nested figures (their quarters, months and days, all equal) learns nothing
     * more, whatever they add up to, as long as one of them can move. Those that cannot spread to their family.
     */
    private BitSet movable(String measure, BitSet cells, BitSet hidden) {
        BitSet movable = new BitSet();
        if (cells.isEmpty()) {
            return movable;
        }
        Column column = columns.get(measure);
        // how many hidden cells of the column can give a unit (one less) and take one (one more): counted once, so that
        // a column of many hidden cells is not walked again for each cell asked about
        int canGive = 0;
        int canTake = 0;
        for (int u = hidden.nextSetBit(0); u >= 0; u = hidden.nextSetBit(u + 1)) {
            if (column.given.get(u)) {
                canGive += canMove(measure, u, -1) ? 1 : 0;
                canTake += canMove(measure, u, 1) ? 1 : 0;
            }
        }
        for (int t = cells.nextSetBit(0); t >= 0; t = cells.nextSetBit(t + 1)) {
            boolean up = canMove(measure, t, 1);
            boolean down = canMove(measure, t, -1);
            // another cell than t itself: t counts among them when it is hidden and can move that way
            boolean counted = hidden.get(t) && column.given.get(t);
            int othersGiving = canGive - (counted && down ? 1 : 0);
            int othersTaking = canTake - (counted && up ? 1 : 0);
            if (up && othersGiving > 0 || down && othersTaking > 0) {
                movable.set(t);
            }
        }
        return movable;
    }

    /**
     * Whether {@code territory}'s value of {@code measure} can be one more ({@code by} 1) or one less (-1) with its other
     * nested figures as they are: strictly below every one it is within, strictly above every one within it (and, one
     * less, still at least 1: a reader may know a hidden count is not zero).
     */
    private boolean canMove(String measure, int territory, int by) {
        long value = columns.get(measure).valueOf(territory);
        if (by < 0 && value < 2) {
            return false;
        }
        for (String other : by > 0 ? above.getOrDefault(measure, List.of()) : below.getOrDefault(measure, List.of())) {
            long v = columns.get(other).valueOf(territory);
            if (by > 0 ? v <= value : v >= value) {
                return false;
            }
        }
        return true;
    }

    /** Which of two nested figures too close to publish both is hidden: the earlier in {@link #hiddenFirst}. */
    private String hiddenOf(String larger, String smaller) {
        return keptRank(larger) < keptRank(smaller) ? larger : smaller;
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

        /** The territory's value of this measure: zero when it was not given or is zero. */
        long valueOf(int territory) {
            int i = Arrays.binarySearch(territories, 0, size, territory);
            return i >= 0 ? values[i] : 0;
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
        int hiddenAboveZero(BitSet suppressed) {
            int hidden = 0;
            for (int i = 0; i < size; i++) {
                hidden += values[i] > 0 && suppressed.get(territories[i]) ? 1 : 0;
            }
            return hidden;
        }

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
                      Set<String> leftOutHidden, BitSet knownZero, BitSet unprotected) {
            Publication publication = new Publication();
            int cells = given.cardinality();
            int[] territoryOf = new int[cells];
            Publication.Figure[] figures = new Publication.Figure[cells];
            boolean[] knownAndForced = new boolean[cells];
            int nonzero = 0;
            int cell = 0;
            for (int t = given.nextSetBit(0); t >= 0; t = given.nextSetBit(t + 1), cell++) {
                boolean stored = nonzero < size && territories[nonzero] == t;
                long value = stored ? values[nonzero] : 0;
                long unitsOf = stored ? unitsAt(nonzero) : 0;
                nonzero += stored ? 1 : 0;
                territoryOf[cell] = t;
                // a zero the public knows is no part of the column's decision: it can hide no other cell
                boolean known = value == 0 && knownZero.get(t);
                figures[cell] = known ? publication.decided(0, unitsOf, false) : publication.column(measure,
                        forced.get(t) ? publication.decided(value, unitsOf, true) : publication.count(value, unitsOf));
                knownAndForced[cell] = known && forced.get(t);
            }
            BitSet leftOut = (BitSet) everyTerritory.clone();
            leftOut.andNot(given);
            Publication.Figure leftOutZeros = leftOut.isEmpty() ? null : forceLeftOut
                    ? publication.column(measure, publication.decided(0, 0, true)) : publication.absentZeros(measure);
            publication.decide(rule);
            BitSet suppressed = new BitSet();
            for (int c = 0; c < cells; c++) {
                if (figures[c].suppressed() || knownAndForced[c]) {
                    suppressed.set(territoryOf[c]);
                }
            }
            unprotected.clear();
            if (!publication.unprotected().isEmpty()) {
                Set<Publication.Figure> alone = Collections.newSetFromMap(new IdentityHashMap<>());
                alone.addAll(publication.unprotected());
                for (int c = 0; c < cells; c++) {
                    if (alone.contains(figures[c])) {
                        unprotected.set(territoryOf[c]);
                    }
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
