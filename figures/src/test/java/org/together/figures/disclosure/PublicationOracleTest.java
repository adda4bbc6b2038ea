package org.together.figures.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Sameness while {@link Publication#decide} is rewritten: random publications (territory columns, the snapshot's sums
 * to network totals, breakdowns to a territory's total, families suppressed together, ratios, shares, means, figures
 * decided elsewhere) are registered in it and in {@link PublicationOracle}, and every figure is decided the same.
 */
class PublicationOracleTest {

    /** The same registrations on both. */
    private static final class Both {
        final Publication p = new Publication();
        final PublicationOracle o = new PublicationOracle();
        final List<Publication.Figure> ps = new ArrayList<>();
        final List<PublicationOracle.Figure> os = new ArrayList<>();

        int add(Publication.Figure a, PublicationOracle.Figure b) {
            ps.add(a);
            os.add(b);
            return ps.size() - 1;
        }

        int count(long value, long units) {
            return add(p.count(value, units), o.count(value, units));
        }

        int decided(long value, long units, boolean suppressed) {
            return add(p.decided(value, units, suppressed), o.decided(value, units, suppressed));
        }

        int network(long value) {
            return add(p.network(value), o.network(value));
        }

        void column(String measure, int f) {
            p.column(measure, ps.get(f));
            o.column(measure, os.get(f));
        }

        void sum(int total, List<Integer> parts) {
            p.sum(ps.get(total), parts.stream().map(ps::get).toList());
            o.sum(os.get(total), parts.stream().map(os::get).toList());
        }

        void together(List<Integer> group) {
            p.together(group.stream().map(ps::get).toList());
            o.together(group.stream().map(os::get).toList());
        }
    }

    @Test
    void decidesEveryFigureAsBefore() {
        Random random = new Random(20261206L);
        long suppressedSeen = 0;
        long secondarySeen = 0;
        long unprotectedSeen = 0;
        for (int round = 0; round < 4_000; round++) {
            DisclosureRule rule = new DisclosureRule(1 + random.nextInt(8));
            int k = rule.minPublishedCount();
            Both b = new Both();
            List<Integer> counts = new ArrayList<>();
            int territories = 1 + random.nextInt(round % 10 == 0 ? 300 : 20);
            int measures = 1 + random.nextInt(5);
            double givenShare = random.nextDouble();
            boolean snapshotStyle = random.nextBoolean();
            List<List<Integer>> snapshotColumns = new ArrayList<>();
            for (int m = 0; m < measures; m++) {
                snapshotColumns.add(new ArrayList<>());
            }
            double togetherShare = random.nextDouble();
            for (int t = 0; t < territories; t++) {
                List<Integer> family = new ArrayList<>();
                for (int m = 0; m < measures; m++) {
                    if (m > 0 && random.nextDouble() > givenShare) {
                        continue;
                    }
                    long value = size(random, k);
                    long units = m % 2 == 1 ? size(random, k) : value;
                    int f = random.nextInt(40) == 0 ? b.decided(value, units, random.nextBoolean()) : b.count(value, units);
                    if (snapshotStyle) {
                        snapshotColumns.get(m).add(f);
                    } else {
                        b.column("m" + m, f);
                    }
                    family.add(f);
                    counts.add(f);
                }
                if (family.size() > 1 && random.nextDouble() < togetherShare) {
                    b.together(family);
                }
                if (random.nextInt(4) == 0) { // a breakdown of this territory adding up to its own total
                    List<Integer> parts = new ArrayList<>();
                    long total = 0;
                    for (int i = 0, n = 1 + random.nextInt(5); i < n; i++) {
                        long v = size(random, k);
                        total += v;
                        int part = b.count(v, v);
                        parts.add(part);
                        counts.add(part);
                    }
                    int totalFigure = b.count(total, total);
                    b.sum(totalFigure, parts);
                    if (random.nextBoolean()) {
                        b.together(List.of(totalFigure, parts.get(0)));
                    }
                }
            }
            for (List<Integer> column : snapshotColumns) {
                if (!column.isEmpty()) {
                    long total = column.stream().mapToLong(i -> b.ps.get(i).value()).sum();
                    b.sum(b.network(total), column);
                }
            }
            for (int i = 0, n = random.nextInt(10); i < n && !counts.isEmpty(); i++) {
                int num = counts.get(random.nextInt(counts.size()));
                int den = counts.get(random.nextInt(counts.size()));
                b.add(b.p.ratio(b.ps.get(num), b.ps.get(den)), b.o.ratio(b.os.get(num), b.os.get(den)));
                int whole = counts.get(random.nextInt(counts.size()));
                long part = b.ps.get(whole).value() == 0 ? 0 : random.nextLong(b.ps.get(whole).value() + 1);
                b.add(b.p.share(part, b.ps.get(whole)), b.o.share(part, b.os.get(whole)));
                long values = size(random, k);
                b.add(b.p.mean(values), b.o.mean(values));
            }
            b.p.decide(rule);
            b.o.decide(rule);
            for (int i = 0; i < b.ps.size(); i++) {
                assertThat(b.ps.get(i).suppressed()).as("round %d, k=%d, figure %d: %s", round, k, i, b.os.get(i))
                        .isEqualTo(b.os.get(i).suppressed());
                if (b.os.get(i).suppressed()) {
                    suppressedSeen++;
                    secondarySeen += rule.isSmall(b.os.get(i).units()) ? 0 : 1;
                }
            }
            assertThat(b.p.unprotected().stream().map(Object::toString).toList()).as("round %d", round)
                    .isEqualTo(b.o.unprotected().stream().map(Object::toString).toList());
            unprotectedSeen += b.o.unprotected().size();
        }
        assertThat(suppressedSeen).as("suppressed figures compared").isGreaterThan(20_000);
        assertThat(secondarySeen).as("figures suppressed to protect another").isGreaterThan(2_000);
        assertThat(unprotectedSeen).as("unprotected figures compared").isGreaterThan(10);
    }

    private static long size(Random random, int k) {
        double draw = random.nextDouble();
        return draw < 0.3 ? 0 : draw < 0.6 ? 1 + random.nextInt(Math.max(1, k - 1)) : draw < 0.7 ? 1 : k + random.nextInt(60);
    }
}
