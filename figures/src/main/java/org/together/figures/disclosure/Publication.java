package org.together.figures.disclosure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The figures of one publication (an answer, a report, an export) and how they add up, and the one function that
 * decides which of them are published to the public: {@link #decide}.
 *
 * <p>A figure carries the number of units it was computed from: a count of people, groups or assessments counts
 * itself; the criteria groups wrote count the groups; a mean counts its values. The rule:
 * <ul>
 * <li><b>primary</b>: a figure about a territory whose units are 1 to k-1 is suppressed; a count of zero is published
 * (whatever it was computed from), and so is every network-wide figure;</li>
 * <li><b>derived</b>: a ratio is published only when the counts it divides are; a share of a whole only when the whole
 * is, and neither the part nor the rest of the whole is small;</li>
 * <li><b>secondary</b>: among figures that add up to a total (territory rows to the network's, a breakdown to its
 * territory's), either none is suppressed or at least two are, together at least k and more than their number, so
 * that no suppressed one can be worked out by subtraction (nor pinned at 1); the next suppressed is the smallest
 * published one above zero (suppressed parts that are all zero need no other: zeros are published anyway); when none is
 * left above zero (a measure only one territory has, or a network total under k), a zero is suppressed with them, the
 * first in the sum's order (one standing for the territories an output leaves out, {@link #absentZeros}, comes last):
 * else the published total would be the suppressed figure. Then at least two are hidden, one may be zero, and none
 * can be told; hiding every zero would blank whole families (rule below) for one small count;</li>
 * <li><b>together</b>: figures that would give each other away (a territory's counts of one subject) are suppressed
 * all or none;</li>
 * <li><b>stock and flows</b> ({@link #stockAndFlows}): a territory's stock at each period's end (participants active)
 * and the flows that change it (in: new, returning; out: left). A suppressed flow
 * suppresses the stocks from its period's end on, a suppressed stock the ones after it; its other flows, and the
 * stocks before, stay published, unless the decision leaves a figure that the published flows could pin: then the
 * territory's stocks and flows are suppressed all or none and everything is decided again.</li>
 * </ul>
 * Internal readers get every figure exact; a publication is only decided for the public.
 */
public final class Publication {

    private enum Kind { TERRITORY, NETWORK, MEAN, RATIO, SHARE }

    /** One figure of the publication. */
    public final class Figure {
        private final int id;
        private final Kind kind;
        private final long value;
        private final long units;
        private final Figure[] components;
        /** Suppressed by a decision over more figures than this publication's ({@link #decided}). */
        private boolean decidedSuppressed;
        private boolean suppressed;
        /** The sum this figure is a part or the total of (-1: none), and which. */
        private int sum = -1;
        private boolean total;
        private boolean listedUnprotected;

        private Figure(Kind kind, long value, long units, Figure... components) {
            this.id = figures.size();
            this.kind = kind;
            this.value = value;
            this.units = units;
            this.components = components.length == 0 ? NO_COMPONENTS : components; // one empty array for millions of counts
            figures.add(this);
        }

        /** The additive value (a count, or what a group of figures adds up). */
        public long value() {
            return value;
        }

        public long units() {
            return units;
        }

        public boolean suppressed() {
            requireDecided();
            return suppressed;
        }

        public boolean published() {
            return !suppressed();
        }

        /** The count as published: null when suppressed. */
        public Long count() {
            return suppressed() ? null : value;
        }

        /** A mean, ratio or share as published: null when this figure is suppressed. */
        public Double of(Double exact) {
            return suppressed() ? null : exact;
        }

        private boolean suppressible() {
            return kind != Kind.NETWORK;
        }

        @Override
        public String toString() {
            return kind + "#" + id + "=" + value + (decided && suppressed ? " (suppressed)" : "");
        }
    }

    private record Sum(Figure total, List<Figure> parts) {
    }

    /**
     * Stocks at each period's end; flows, those of each period together ({@code flows.size()} a multiple of stocks'),
     * the first {@code inflows} of a period's flows coming in, the others going out.
     */
    private record StockAndFlows(List<Figure> stocks, List<Figure> flows, int inflows) {
        List<Figure> flows(int period) {
            int each = flows.size() / stocks.size();
            return flows.subList(period * each, (period + 1) * each);
        }

        /**
         * Whether the decision left this territory's figures safe without deciding them all or none:
         * <ul>
         * <li>every suppressed stock follows a suppressed one, or has a suppressed flow in its period (the stock before
         * the first period is not relied on: it may be known, a territory that started in the span);</li>
         * <li>every suppressed flow can move by one with another territory's suppressed flow of its column the other
         * way, and the stocks from its period on with it: the two flows stay at least 1, and the stocks that go down
         * too ({@link #canTrade}); so none of the suppressed flows, nor the suppressed stocks after them, is pinned by
         * the published flows between them;</li>
         * <li>none is unprotected.</li>
         * </ul>
         */
        boolean holds(Set<Figure> unprotected, Map<Figure, StockAndFlows> owners, IntFunction<List<Figure>> suppressedParts) {
            for (int q = 0; q < stocks.size(); q++) {
                Figure stock = stocks.get(q);
                if (unprotected.contains(stock) || flows(q).stream().anyMatch(unprotected::contains)) {
                    return false;
                }
                boolean afterSuppressed = q > 0 && stocks.get(q - 1).suppressed;
                if (stock.suppressed && !afterSuppressed && flows(q).stream().noneMatch(f -> f.suppressed)) {
                    return false;
                }
                List<Figure> flows = flows(q);
                for (int i = 0; i < flows.size(); i++) {
                    Figure flow = flows.get(i);
                    if (!flow.suppressed) {
                        continue;
                    }
                    boolean inflow = i < inflows;
                    boolean traded = false;
                    for (Figure other : flow.sum >= 0 ? suppressedParts.apply(flow.sum) : List.<Figure>of()) {
                        StockAndFlows partner = owners.get(other);
                        if (other != flow && other.suppressed && partner != null && partner != this
                                && (canTrade(other, partner, flow, this, q, inflow) || canTrade(flow, this, other, partner, q, inflow))) {
                            traded = true;
                            break;
                        }
                    }
                    if (!traded) {
                        return false;
                    }
                }
            }
            return true;
        }

        /**
         * Whether one can be taken from flow {@code from} (of {@code giver}) and added to flow {@code to} (of {@code
         * taker}) of period {@code q}, keeping both territories' stocks from q on suppressed and at least 1 (an inflow
         * taken lowers the giver's stocks, an outflow added lowers the taker's).
         */
        private static boolean canTrade(Figure from, StockAndFlows giver, Figure to, StockAndFlows taker, int q, boolean inflow) {
            if (from.value < 2) {
                return false;
            }
            for (int i = q; i < giver.stocks.size(); i++) {
                Figure g = giver.stocks.get(i);
                Figure t = taker.stocks.get(i);
                if (!g.suppressed || !t.suppressed || (inflow ? g.value : t.value) < 2) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final Figure[] NO_COMPONENTS = new Figure[0];
    private final List<Figure> figures = new ArrayList<>();
    private final List<Sum> sums = new ArrayList<>();
    private final List<List<Figure>> togethers = new ArrayList<>();
    /** Per "together" group: the figure whose suppression spreads it, or null when any of its figures does. */
    private final List<Figure> triggers = new ArrayList<>();
    private final List<StockAndFlows> stockAndFlows = new ArrayList<>();
    private boolean stocksAndFlowsGiven;
    private final List<Figure> unprotected = new ArrayList<>();
    private final Map<String, List<Figure>> columns = new LinkedHashMap<>();
    private boolean decided;

    // ---- figures ----

    /** A count about a territory (people, groups, assessments): its units are itself. */
    public Figure count(long value) {
        return count(value, value);
    }

    /** A figure about a territory adding up to {@code value} and computed from {@code units} (criteria from groups). */
    public Figure count(long value, long units) {
        requireOpen();
        return new Figure(Kind.TERRITORY, value, units);
    }

    /**
     * A count about a territory whose secondary suppression was decided with figures not in this publication (its
     * column of every territory, by {@link TerritoryColumns}): suppressed when {@code suppressed}, or when small.
     * Ratios and shares of it follow it as usual.
     */
    public Figure decided(long value, long units, boolean suppressed) {
        requireOpen();
        Figure f = new Figure(Kind.TERRITORY, value, units);
        f.decidedSuppressed = suppressed;
        return f;
    }

    /** A network-wide figure: always published. */
    public Figure network(long value) {
        requireOpen();
        return new Figure(Kind.NETWORK, value, value);
    }

    /** A mean of {@code values} values about a territory. */
    public Figure mean(long values) {
        requireOpen();
        return new Figure(Kind.MEAN, 0, values);
    }

    /**
     * A mean of {@code values} values about a territory, whose number {@code of} counts: suppressed with it too. Mean times
     * count is a sum, so a published mean of a suppressed count lets only a few counts fit (2.709… t is 29.8 t over 11
     * assessments), and the network's total then gives the suppressed partner away (review 13).
     */
    public Figure mean(long values, Figure of) {
        requireOpen();
        return new Figure(Kind.MEAN, 0, values, of);
    }

    /** A ratio of two counts (completions ÷ starts, adopters ÷ active, a growth rate). */
    public Figure ratio(Figure numerator, Figure denominator) {
        requireOpen();
        return new Figure(Kind.RATIO, 0, denominator.units, numerator, denominator);
    }

    /** The share of {@code whole} that {@code part} of its units are (assessments under 2 t of all assessments). */
    public Figure share(long part, Figure whole) {
        requireOpen();
        Kind kind = whole.kind == Kind.NETWORK ? Kind.NETWORK : Kind.TERRITORY;
        Figure partCount = new Figure(kind, part, part);
        Figure rest = new Figure(kind, whole.value - part, whole.value - part);
        return new Figure(Kind.SHARE, 0, whole.units, partCount, rest, whole);
    }

    /**
     * The share of {@code whole} that {@code part} is, where the part and the rest ({@code whole} less the part) are
     * counts of their own columns, decided with every territory's: published only when all three are. A share's part
     * adds up over the territories to the network's, which the network's published share gives, so a share hidden in
     * one row alone left its part to subtraction (review 17: 1 of 9 under 2 t, the others' shares published).
     */
    public Figure share(Figure part, Figure rest, Figure whole) {
        requireOpen();
        return new Figure(Kind.SHARE, 0, whole.units, part, rest, whole);
    }

    // ---- how figures relate ----

    /**
     * {@code parts} add up to {@code total} (the total may be a network figure, always published). A figure is in one
     * sum at most: the rule is proven for figures that each add up to one total (territory rows to the network's, one
     * territory's breakdown to its total), not for tables with margins both ways, where a figure pinned by one sum can
     * pin another through a second.
     *
     * @throws IllegalArgumentException when a figure is already in a sum
     */
    public void sum(Figure total, Collection<Figure> parts) {
        requireOpen();
        List<Figure> figures = new ArrayList<>(parts);
        figures.add(total);
        int index = sums.size();
        List<Figure> marked = new ArrayList<>();
        for (Figure f : figures) {
            if (f.suppressible()) {
                if (f.sum >= 0) {
                    marked.forEach(m -> m.sum = -1); // nothing of a refused sum stays registered
                    throw new IllegalArgumentException(f + " already adds up to another total: a figure is in one sum at most");
                }
                f.sum = index;
                marked.add(f);
            }
        }
        if (total.suppressible()) {
            total.total = true;
        }
        sums.add(new Sum(total, List.copyOf(parts)));
    }

    /**
     * {@code figure} is one territory's value of {@code measure} (participants active, a tool's starts in a quarter...):
     * the figures of one measure add up to the network's, which is published; {@link #decide} protects each such sum.
     * This is how an output about territories joins the rule: one figure per territory and measure, then decide.
     *
     * @return the figure
     */
    public Figure column(String measure, Figure figure) {
        requireOpen();
        columns.computeIfAbsent(measure, m -> new ArrayList<>()).add(figure);
        return figure;
    }

    /**
     * One figure standing for the zeros of every territory that {@code measure}'s column leaves out (an output that
     * lists a territory under a tool, a dimension or a kind only when it has some): suppressed when the rule needs a
     * zero to hide a measure only one territory has and the column lists none, and the output then lists each of those
     * territories with the figure hidden. Call it once per column, after its other figures, for a column that leaves
     * territories out.
     *
     * @return the figure, whose {@link Figure#suppressed} says whether the left-out territories must be listed hidden
     */
    public Figure absentZeros(String measure) {
        requireOpen();
        return column(measure, new Figure(Kind.TERRITORY, 0, 0));
    }

    /** These figures give each other away: all are suppressed or none. */
    public void together(Collection<Figure> group) {
        requireOpen();
        togethers.add(List.copyOf(group));
        triggers.add(null);
    }

    /**
     * A territory's stock at the end of each period ({@code stocks}, in order) and the flows that change it ({@code
     * flows}: per period in order, the {@code inflows} that came in (new, returning participants), then those that went
     * out (left), the same number each period): stock at a period's end = the one before + in - out. The stock before
     * the first period is not published.
     *
     * <p>Published stocks at both ends of a period would give its flows away (in - out = the stocks' difference), and a
     * suppressed stock after a published one is the published flows away from it. So: a
     * suppressed flow suppresses the stock at its period's end, and a suppressed stock the next one (between two
     * suppressed stocks the published flows tell only their difference). The decision then checks what that leaves
     * ({@code StockAndFlows.holds}): every suppressed stock right after a published one (or the first) has a suppressed
     * flow in its period (the stock before the first period is not relied on: a territory that started in the span had
     * none), and every suppressed flow can move by one against another territory's suppressed flow of its column, with
     * the stocks from its period on, keeping each above zero; a territory that fails is decided all or none instead
     * ({@link #together} of its stocks and flows), and the whole publication again. Proven over random exports by a
     * linear program ({@code ParticipantsOverQuartersCannotBeWorkedOutTest}).
     */
    public void stockAndFlows(List<Figure> stocks, List<Figure> flows, int inflows) {
        requireOpen();
        if (stocks.isEmpty() || flows.size() % stocks.size() != 0) {
            throw new IllegalArgumentException("flows: the same number for each of the " + stocks.size() + " periods, in "
                    + "period order; got " + flows.size());
        }
        int each = flows.size() / stocks.size();
        if (inflows < 0 || inflows > each) {
            throw new IllegalArgumentException("inflows: from 0 to the " + each + " flows of a period; got " + inflows);
        }
        stocksAndFlowsGiven = true;
        stockAndFlows.add(new StockAndFlows(List.copyOf(stocks), List.copyOf(flows), inflows));
    }

    /**
     * Wherever {@code leader} is suppressed, so are {@code followers} (not the other way round): a share's part and rest
     * add up to its whole, and would give a suppressed whole away.
     */
    public void follows(Figure leader, Figure... followers) {
        requireOpen();
        triggered(leader, List.of(followers));
    }

    /** When {@code trigger} is suppressed, so are {@code then} (not the other way round). */
    private void triggered(Figure trigger, List<Figure> then) {
        List<Figure> group = new ArrayList<>(then.size() + 1);
        group.add(trigger);
        group.addAll(then);
        togethers.add(group);
        triggers.add(trigger);
    }

    // ---- the decision ----

    /**
     * Decides what the public sees; every figure answers {@link Figure#suppressed} afterwards.
     *
     * <p>The rule is a fixed point reached in passes: each pass spreads every "together" group that has a suppressed
     * figure, then lets every unprotected sum suppress its next figure. Only the groups and sums that changed are visited
     * again, each sum keeps its counts and its candidates sorted once, so a decision costs n log n in its figures.
     */
    public Publication decide(DisclosureRule rule) {
        requireOpen();
        columns.values().forEach(column -> sum(network(column.stream().mapToLong(Figure::value).sum()), column));
        columns.clear();
        int groups = togethers.size();
        // by identity (each territory's is one instance): a list's contains compared every record field by field, n^2
        Set<StockAndFlows> allOrNone = Collections.newSetFromMap(new IdentityHashMap<>());
        while (true) {
            List<StockAndFlows> narrow = new ArrayList<>();
            for (StockAndFlows sf : stockAndFlows) {
                if (allOrNone.contains(sf)) {
                    List<Figure> all = new ArrayList<>(sf.stocks);
                    all.addAll(sf.flows);
                    together(all);
                    continue;
                }
                narrow.add(sf);
                int periods = sf.stocks.size();
                for (int q = 0; q < periods; q++) {
                    // a suppressed stock suppresses the next one: published, it would give the suppressed one away with
                    // the published flows between them
                    if (q + 1 < periods) {
                        triggered(sf.stocks.get(q), sf.stocks.subList(q + 1, q + 2));
                    }
                    // a suppressed flow suppresses the stock at its period's end (and so every later one)
                    for (Figure flow : sf.flows(q)) {
                        triggered(flow, sf.stocks.subList(q, q + 1));
                    }
                }
            }
            for (Figure f : figures) {
                f.suppressed = f.decidedSuppressed || f.suppressible() && primary(f, rule);
                f.listedUnprotected = false;
            }
            unprotected.clear();
            new Decision(rule).run();
            // a suppressed stock after a published one (or the first) whose period's flows are all published can be
            // worked out from them: that territory's figures are decided all or none, and everything is decided again
            Set<Figure> failed = new HashSet<>(unprotected);
            Map<Figure, StockAndFlows> owners = new IdentityHashMap<>();
            for (StockAndFlows sf : stockAndFlows) {
                sf.flows.forEach(f -> owners.put(f, sf));
            }
            // a flow trades with a suppressed part of its sum only: those, listed once per sum (walking every part of a
            // column of 100,000 territories for each suppressed flow took minutes)
            List<List<Figure>> suppressedParts = new ArrayList<>(Collections.nCopies(sums.size(), null));
            IntFunction<List<Figure>> suppressedOf = sum -> {
                List<Figure> parts = suppressedParts.get(sum);
                if (parts == null) {
                    parts = sums.get(sum).parts.stream().filter(f -> f.suppressed).toList();
                    suppressedParts.set(sum, parts);
                }
                return parts;
            };
            List<StockAndFlows> again = narrow.stream().filter(sf -> !sf.holds(failed, owners, suppressedOf)).toList();
            if (again.isEmpty()) {
                break;
            }
            allOrNone.addAll(again);
            togethers.subList(groups, togethers.size()).clear();
            triggers.subList(groups, triggers.size()).clear();
        }
        stockAndFlows.clear();
        for (Figure f : figures) {
            if (f.kind == Kind.RATIO || f.kind == Kind.SHARE) {
                f.suppressed = Arrays.stream(f.components).anyMatch(c -> c.suppressed);
            } else if (f.kind == Kind.MEAN) {
                f.suppressed |= Arrays.stream(f.components).anyMatch(c -> c.suppressed);
            }
        }
        // each figure keeps its decision; how it was reached goes (every figure holds this publication: an export's
        // millions of figures are read after it)
        figures.clear();
        sums.clear();
        togethers.clear();
        triggers.clear();
        decided = true;
        return this;
    }

    /**
     * Small on its own: a count or mean from 1 to k-1 units. A count of zero is published whatever it was computed from
     * (no criteria from two groups tells nothing about any of their members); ratios and shares follow their parts.
     */
    private static boolean primary(Figure f, DisclosureRule rule) {
        return switch (f.kind) {
            case TERRITORY -> f.value != 0 && rule.isSmall(f.units);
            case MEAN -> rule.isSmall(f.units);
            case NETWORK, RATIO, SHARE -> false;
        };
    }

    /** The secondary and "together" steps of one decision. */
    private final class Decision {
        private final DisclosureRule rule;
        /** Per sum: suppressed figures (parts and total), the suppressed parts' value and how many are above zero. */
        private final long[] count = new long[sums.size()];
        private final long[] mass = new long[sums.size()];
        private final long[] aboveZero = new long[sums.size()];
        /** Per sum: its suppressible parts above zero, smallest first (built when first needed), and where to look next. */
        private final Figure[][] candidates = new Figure[sums.size()][];
        private final int[] nextCandidate = new int[sums.size()];
        private final int[] nextPart = new int[sums.size()];
        /** The groups each figure is in: figure id to a range of {@code groupOf}. */
        private final int[] groupsFrom = new int[figures.size() + 1];
        private final int[] groupOf;
        private final BitSet groupsToSpread = new BitSet();
        private final BitSet sumsToProtect = new BitSet();

        Decision(DisclosureRule rule) {
            this.rule = rule;
            for (int g = 0; g < togethers.size(); g++) {
                spreadBy(g).forEach(f -> groupsFrom[f.id + 1]++);
            }
            for (int i = 1; i < groupsFrom.length; i++) {
                groupsFrom[i] += groupsFrom[i - 1];
            }
            groupOf = new int[groupsFrom[figures.size()]];
            int[] filled = Arrays.copyOf(groupsFrom, figures.size());
            for (int g = 0; g < togethers.size(); g++) {
                for (Figure f : spreadBy(g)) {
                    groupOf[filled[f.id]++] = g;
                }
                if (spreadBy(g).stream().anyMatch(f -> f.suppressed)) {
                    groupsToSpread.set(g);
                }
            }
            for (int s = 0; s < sums.size(); s++) {
                Sum sum = sums.get(s);
                count[s] = sum.total.suppressed ? 1 : 0;
                for (Figure f : sum.parts) {
                    if (f.suppressed) {
                        count[s]++;
                        mass[s] += f.value;
                        aboveZero[s] += f.value > 0 ? 1 : 0;
                    }
                }
            }
            sumsToProtect.set(0, sums.size());
        }

        /** The figures of a group whose suppression suppresses the group: all of them, or its trigger. */
        private List<Figure> spreadBy(int g) {
            Figure trigger = triggers.get(g);
            return trigger == null ? togethers.get(g) : List.of(trigger);
        }

        /** Passes as before the rewrite (groups in order, then sums in order), visiting only what may change. */
        void run() {
            boolean changed = true;
            while (changed) {
                changed = false;
                // with stocks and flows, a sum picks its next figure only once every group has spread: else a stock's
                // column would pick a partner before the stocks that a flow just suppressed in another column follow it
                boolean groupsFirst = stocksAndFlowsGiven;
                // a group after the one spreading is spread in the same pass, one before it in the next
                for (int g = groupsToSpread.nextSetBit(0); g >= 0; g = groupsToSpread.nextSetBit(g + 1)) {
                    groupsToSpread.clear(g);
                    for (Figure f : togethers.get(g)) {
                        if (!f.suppressed && f.suppressible()) {
                            suppress(f);
                            changed = true;
                        }
                    }
                }
                for (int s = sumsToProtect.nextSetBit(0); s >= 0; s = sumsToProtect.nextSetBit(s + 1)) {
                    if (groupsFirst && !groupsToSpread.isEmpty()) {
                        changed = true;
                        break;
                    }
                    sumsToProtect.clear(s);
                    if (protect(s)) {
                        changed = true;
                        sumsToProtect.set(s); // looked at again in the next pass, after the groups
                    }
                }
            }
        }

        private void suppress(Figure f) {
            f.suppressed = true;
            if (f.sum >= 0) {
                count[f.sum]++;
                if (!f.total) {
                    mass[f.sum] += f.value;
                    aboveZero[f.sum] += f.value > 0 ? 1 : 0;
                }
                sumsToProtect.set(f.sum);
            }
            for (int i = groupsFrom[f.id]; i < groupsFrom[f.id + 1]; i++) {
                groupsToSpread.set(groupOf[i]);
            }
        }

        /** @return true when it suppressed one more figure of the sum */
        private boolean protect(int s) {
            Sum sum = sums.get(s);
            if (count[s] == 0) {
                return false;
            }
            // all suppressed parts zero (suppressed with their family): the reader learns zeros, which are published anyway
            boolean onlyZeros = !sum.total.suppressed && mass[s] == 0;
            boolean safe = onlyZeros || count[s] >= 2
                    && (sum.total.suppressed || mass[s] >= rule.minPublishedCount() && mass[s] > aboveZero[s]);
            if (safe) {
                return false;
            }
            Figure next = smallestPublishedAboveZero(s);
            long zeros = count[s] - aboveZero[s] - (sum.total.suppressed ? 1 : 0);
            if (next == null && count[s] >= 2 && (mass[s] > aboveZero[s] || zeros > 0)) {
                // nothing above zero is left to hide: the hidden ones add up to the published total, and with a zero
                // among them (or more than one each) none of them can be told
                return false;
            }
            if (next == null && !sum.total.suppressed && sum.total.suppressible()) {
                next = sum.total;
            }
            while (next == null && nextPart[s] < sum.parts.size()) {
                Figure f = sum.parts.get(nextPart[s]);
                if (!f.suppressed && f.suppressible()) {
                    next = f;
                } else {
                    nextPart[s]++; // figures only ever become suppressed: the first published part only moves on
                }
            }
            if (next == null) {
                // every part is suppressed and still one is alone (a network of one territory) or all are ones
                for (Figure f : sum.parts) {
                    if (f.suppressed && !f.listedUnprotected) {
                        f.listedUnprotected = true;
                        unprotected.add(f);
                    }
                }
                return false;
            }
            suppress(next);
            return true;
        }

        private Figure smallestPublishedAboveZero(int s) {
            if (candidates[s] == null) {
                candidates[s] = sums.get(s).parts.stream()
                        .filter(f -> f.suppressible() && f.value > 0)
                        .sorted(Comparator.comparingLong(Figure::value).thenComparingInt(f -> f.id))
                        .toArray(Figure[]::new);
            }
            Figure[] c = candidates[s];
            while (nextCandidate[s] < c.length && c[nextCandidate[s]].suppressed) {
                nextCandidate[s]++;
            }
            return nextCandidate[s] < c.length ? c[nextCandidate[s]] : null;
        }
    }

    /**
     * Suppressed figures the rule could not protect from the published total: a network of one territory, or figures
     * of one each that are all of their sum's parts; the network's figure is published all the same, as the rule says.
     */
    public List<Figure> unprotected() {
        requireDecided();
        return List.copyOf(unprotected);
    }

    private void requireOpen() {
        if (decided) {
            throw new IllegalStateException("this publication is decided; figures cannot be added to it");
        }
    }

    private void requireDecided() {
        if (!decided) {
            throw new IllegalStateException("call decide(rule) first");
        }
    }
}
