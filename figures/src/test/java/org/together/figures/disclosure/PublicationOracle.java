package org.together.figures.disclosure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Test-only: {@link Publication#decide} as it was before it was made compact and linear (a pass over every sum for
 * each figure it hides), kept while the two are compared on random publications.
 */
final class PublicationOracle {

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

        private Figure(Kind kind, long value, long units, Figure... components) {
            this.id = figures.size();
            this.kind = kind;
            this.value = value;
            this.units = units;
            this.components = components;
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

    private final List<Figure> figures = new ArrayList<>();
    private final List<Sum> sums = new ArrayList<>();
    private final List<List<Figure>> togethers = new ArrayList<>();
    private final List<Figure> unprotected = new ArrayList<>();
    private final java.util.Map<String, List<Figure>> columns = new java.util.LinkedHashMap<>();
    private final java.util.Set<Figure> inSums = new java.util.HashSet<>();
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
     * column of every territory, by TerritoryColumns): suppressed when {@code suppressed}, or when small.
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
        for (Figure f : figures) {
            if (f.suppressible() && !inSums.add(f)) {
                throw new IllegalArgumentException(f + " already adds up to another total: a figure is in one sum at most");
            }
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

    /** These figures give each other away: all are suppressed or none. */
    public void together(Collection<Figure> group) {
        requireOpen();
        togethers.add(List.copyOf(group));
    }

    // ---- the decision ----

    /** Decides what the public sees; every figure answers {@link Figure#suppressed} afterwards. */
    public PublicationOracle decide(DisclosureRule rule) {
        requireOpen();
        columns.values().forEach(column -> sum(network(column.stream().mapToLong(Figure::value).sum()), column));
        columns.clear();
        for (Figure f : figures) {
            f.suppressed = f.decidedSuppressed
                    || f.suppressible() && f.kind != Kind.RATIO && f.kind != Kind.SHARE && rule.isSmall(f.units);
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (List<Figure> group : togethers) {
                if (group.stream().anyMatch(f -> f.suppressed)) {
                    for (Figure f : group) {
                        if (!f.suppressed && f.suppressible()) {
                            f.suppressed = true;
                            changed = true;
                        }
                    }
                }
            }
            for (Sum sum : sums) {
                changed |= protect(sum, rule);
            }
        }
        for (Figure f : figures) {
            if (f.kind == Kind.RATIO || f.kind == Kind.SHARE) {
                f.suppressed = java.util.Arrays.stream(f.components).anyMatch(c -> c.suppressed);
            }
        }
        decided = true;
        return this;
    }

    /** @return true when it suppressed one more figure of the sum */
    private boolean protect(Sum sum, DisclosureRule rule) {
        List<Figure> all = new ArrayList<>(sum.parts);
        all.add(sum.total);
        long suppressed = all.stream().filter(f -> f.suppressed).count();
        if (suppressed == 0) {
            return false;
        }
        long mass = sum.parts.stream().filter(f -> f.suppressed).mapToLong(Figure::value).sum();
        long aboveZero = sum.parts.stream().filter(f -> f.suppressed && f.value > 0).count();
        // all suppressed parts zero (suppressed with their family): the reader learns zeros, which are published anyway
        boolean onlyZeros = !sum.total.suppressed && mass == 0;
        boolean safe = onlyZeros || suppressed >= 2 && (sum.total.suppressed || mass >= rule.minPublishedCount() && mass > aboveZero);
        if (safe) {
            return false;
        }
        Optional<Figure> next = sum.parts.stream()
                .filter(f -> !f.suppressed && f.suppressible() && f.value > 0)
                .min(Comparator.comparingLong(Figure::value).thenComparingInt(f -> f.id));
        if (next.isEmpty() && !sum.total.suppressed && sum.total.suppressible()) {
            next = Optional.of(sum.total);
        }
        if (next.isEmpty()) {
            next = sum.parts.stream().filter(f -> !f.suppressed && f.suppressible()).findFirst();
        }
        if (next.isEmpty()) {
            // a network total made of one territory's small count: the network's figures are published by the rule
            sum.parts.stream().filter(f -> f.suppressed && !unprotected.contains(f)).forEach(unprotected::add);
            return false;
        }
        next.get().suppressed = true;
        return true;
    }

    /**
     * Suppressed figures the rule could not pair with another (a network total made of one territory's figure
     * alone): the network's figure is published all the same, as the rule says.
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
