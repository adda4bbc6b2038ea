package org.together.reports.replay;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.together.figures.DayFigures;
import org.together.figures.Figures;
import org.together.figures.Window;
import org.together.figures.WindowActivity;

/**
 * What a {@link ReportPass} kept: the figures of the period and of the one before, by the model's rules.
 *
 * @param network the network's (or the one territory's) figures per day, from before the previous period to the
 *                end of the period
 * @param territories per territory with counted events: its event days and participants
 * @param territoryDays the own days of the territories the pass was asked to keep apart (their targets), as their
 *                      own report keeps them; already added to {@code network}
 * @param current distinct users and groups active in the period
 * @param previous the same in the previous period
 * @param recordsRead event records read, copies included
 * @param duplicates copies of events already counted
 * @param unusable events the figures cannot use (filed under another territory, naming no one)
 * @param eventsCounted distinct events that occurred before the end of the period
 * @param eventsAfterPeriod distinct events that occurred at or after the end of the period
 * @param latestReceivedAt the latest receipt time of a counted event, or null
 * @param territorySeen for a territory's report: whether the log has any record of it
 */
public record ReplayedFigures(
        Window period,
        Optional<String> territory,
        DayFigures network,
        Map<String, TerritoryInPeriod> territories,
        Map<String, ? extends DayFigures> territoryDays,
        WindowActivity current,
        WindowActivity previous,
        long recordsRead,
        long duplicates,
        long unusable,
        long eventsCounted,
        long eventsAfterPeriod,
        Instant latestReceivedAt,
        boolean territorySeen) {

    /** The sum of the network's days in a window of the period or the one before. */
    public Figures in(Window window) {
        Figures sum = new Figures();
        network.days(window.from(), window.lastDay()).values().forEach(sum::add);
        return sum;
    }
}
