package org.together.reports.export;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.together.figures.DaySink;
import org.together.figures.Figures;
import org.together.figures.Period;
import org.together.figures.Window;

/**
 * One territory's figures per quarter of an export's span (the first and last quarters cut at its bounds), with the
 * sum of everything before the span (for the participants active at each quarter's end). Memory: a few figures per
 * quarter, whatever the number of events.
 */
final class QuarterFold implements DaySink {

    private final List<Window> quarters;
    private final long from;
    private final long[] ends;
    private Figures before = new Figures();
    /** A quarter's figures; null in a kept fold while it has none (see {@link #in}). */
    private final Figures[] within;
    /** Never read: null in a kept fold, which is only added to. */
    private Figures after;

    QuarterFold(List<Window> quarters) {
        this(quarters, quarters.stream().mapToLong(q -> q.to().toEpochDay()).toArray());
        for (int i = 0; i < within.length; i++) {
            within[i] = new Figures();
        }
        after = new Figures();
    }

    private QuarterFold(List<Window> quarters, long[] ends) {
        this.quarters = quarters;
        this.from = quarters.get(0).from().toEpochDay();
        this.ends = ends;
        this.within = new Figures[quarters.size()];
    }

    /**
     * What a territory's export rows read of {@code open} (its figures while its partition is read), without the
     * {@code dropped} groups of columns, which the network's fold keeps: a fold that is only added to and read.
     */
    static QuarterFold kept(QuarterFold open, Set<Figures.Columns> dropped, UnaryOperator<String> names) {
        QuarterFold kept = new QuarterFold(open.quarters, open.ends);
        kept.before = Figures.copyWithout(open.before, dropped, names);
        for (int i = 0; i < kept.within.length; i++) {
            if (!open.within[i].isEmpty()) {
                kept.within[i] = Figures.copyWithout(open.within[i], dropped, names);
            }
        }
        return kept;
    }

    /** Adds another fold of the same quarters to this one. */
    void add(QuarterFold other) {
        before.add(other.before);
        for (int i = 0; i < within.length; i++) {
            if (other.within[i] != null) {
                if (within[i] == null) {
                    within[i] = new Figures();
                }
                within[i].add(other.within[i]);
            }
        }
        if (other.after != null && after != null) {
            after.add(other.after);
        }
    }

    /** The calendar quarters overlapping the span, cut at its bounds. */
    static List<Window> quarters(Window span) {
        List<Window> quarters = new ArrayList<>();
        for (LocalDate start = span.from(); start.isBefore(span.to()); ) {
            LocalDate next = Period.QUARTER.next(Period.QUARTER.start(start));
            LocalDate end = next.isBefore(span.to()) ? next : span.to();
            quarters.add(new Window(start, end));
            start = end;
        }
        return quarters;
    }

    @Override
    public Figures onDay(long epochDay) {
        if (epochDay < from) {
            return before;
        }
        for (int i = 0; i < ends.length; i++) {
            if (epochDay < ends[i]) {
                if (within[i] == null) {
                    within[i] = new Figures();
                }
                return within[i];
            }
        }
        if (after == null) {
            after = new Figures();
        }
        return after;
    }

    /** A quarter's figures, to read (in a kept fold, a new empty one when it has none). */
    Figures in(int quarter) {
        return within[quarter] == null ? new Figures() : within[quarter];
    }

    /** Participants active at the end of a quarter: every change before it and in the quarters up to it. */
    long activeAtEndOf(int quarter) {
        long active = before.activeChange();
        for (int i = 0; i <= quarter; i++) {
            active += in(i).activeChange();
        }
        return active;
    }

    /** Everything up to the end of a quarter: the stock figures at its end (approaches counted, cohorts still active). */
    Figures upToEndOf(int quarter) {
        Figures sum = new Figures().add(before);
        for (int i = 0; i <= quarter; i++) {
            sum.add(in(i));
        }
        return sum;
    }

    List<Window> quarters() {
        return quarters;
    }
}
