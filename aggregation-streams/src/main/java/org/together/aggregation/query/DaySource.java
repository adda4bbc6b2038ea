package org.together.aggregation.query;

import java.time.LocalDate;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.together.aggregation.topology.Figures;
import org.together.aggregation.topology.StoreKeys;

/** One scope's figures: all time, and per UTC day of event time. */
interface DaySource {

    /** Figures of every event that occurred up to the end of {@code day}. */
    Figures upTo(LocalDate day);

    /** The days in [from, to], both inclusive, ascending; days without figures are absent. */
    NavigableMap<LocalDate, Figures> days(LocalDate from, LocalDate to);

    /** The latest occurredAt (epoch millis) of an event on a day up to {@code day}, or {@link Figures#NO_EVENT}. */
    long lastEventAtUpTo(LocalDate day);

    LocalDate FIRST = LocalDate.of(0, 1, 1);
    LocalDate LAST = LocalDate.of(9999, 12, 31);

    /**
     * A scope whose days are kept under keys made by {@code dayKey}, and, when {@code allTimeKey}
     * is not null, its all-time figures too (then figures up to a day are all-time minus the days
     * after it, usually none; else the sum of the days up to it).
     */
    static DaySource of(ReadOnlyKeyValueStore<String, Figures> days, String allTimeKey, Function<LocalDate, String> dayKey) {
        return new DaySource() {
            @Override
            public Figures upTo(LocalDate day) {
                Figures figures = new Figures();
                if (allTimeKey == null) {
                    days(FIRST, day).values().forEach(figures::add);
                    return figures;
                }
                Figures allTime = days.get(allTimeKey);
                if (allTime != null) {
                    figures.add(allTime);
                }
                days(day.plusDays(1), LAST).values().forEach(figures::subtract);
                return figures;
            }

            @Override
            public NavigableMap<LocalDate, Figures> days(LocalDate from, LocalDate to) {
                NavigableMap<LocalDate, Figures> result = new TreeMap<>();
                if (from.isAfter(to)) {
                    return result;
                }
                try (KeyValueIterator<String, Figures> it = days.range(dayKey.apply(clamp(from)), dayKey.apply(clamp(to)))) {
                    while (it.hasNext()) {
                        KeyValue<String, Figures> kv = it.next();
                        result.put(StoreKeys.dayOf(kv.key), kv.value);
                    }
                }
                return result;
            }

            @Override
            public long lastEventAtUpTo(LocalDate day) {
                try (KeyValueIterator<String, Figures> it = days.reverseRange(dayKey.apply(FIRST), dayKey.apply(clamp(day)))) {
                    while (it.hasNext()) {
                        Figures f = it.next().value;
                        if (f.events() > 0) {
                            return f.lastEventAt();
                        }
                    }
                }
                return Figures.NO_EVENT;
            }
        };
    }

    /** A scope whose days are all in memory already. */
    static DaySource of(Figures allTime, NavigableMap<LocalDate, Figures> days) {
        return new DaySource() {
            @Override
            public Figures upTo(LocalDate day) {
                Figures figures = Figures.copyOf(allTime);
                days.tailMap(day, false).values().forEach(figures::subtract);
                return figures;
            }

            @Override
            public NavigableMap<LocalDate, Figures> days(LocalDate from, LocalDate to) {
                return from.isAfter(to) ? new TreeMap<>() : days.subMap(from, true, to, true);
            }

            @Override
            public long lastEventAtUpTo(LocalDate day) {
                for (Map.Entry<LocalDate, Figures> e : days.headMap(day, true).descendingMap().entrySet()) {
                    if (e.getValue().events() > 0) {
                        return e.getValue().lastEventAt();
                    }
                }
                return Figures.NO_EVENT;
            }
        };
    }

    private static LocalDate clamp(LocalDate d) {
        return d.isBefore(FIRST) ? FIRST : d.isAfter(LAST) ? LAST : d;
    }
}
