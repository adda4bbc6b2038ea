package org.together.reports.export;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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
    private final Figures before = new Figures();
    private final Figures[] within;
    private final Figures after = new Figures();

    QuarterFold(List<Window> quarters) {
        this.quarters = quarters;
        this.from = quarters.get(0).from().toEpochDay();
        this.ends = quarters.stream().mapToLong(q -> q.to().toEpochDay()).toArray();
        this.within = new Figures[quarters.size()];
        for (int i = 0; i < within.length; i++) {
            within[i] = new Figures();
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
                return within[i];
            }
        }
        return after;
    }

    Figures in(int quarter) {
        return within[quarter];
    }

    /** Participants active at the end of a quarter: every change before it and in the quarters up to it. */
    long activeAtEndOf(int quarter) {
        long active = before.activeChange();
        for (int i = 0; i <= quarter; i++) {
            active += within[i].activeChange();
        }
        return active;
    }

    /** Everything up to the end of a quarter: the stock figures at its end (approaches counted, cohorts still active). */
    Figures upToEndOf(int quarter) {
        Figures sum = new Figures().add(before);
        for (int i = 0; i <= quarter; i++) {
            sum.add(within[i]);
        }
        return sum;
    }

    List<Window> quarters() {
        return quarters;
    }
}
