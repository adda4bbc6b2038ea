package org.together.aggregation.query;

import java.time.LocalDate;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.together.aggregation.topology.StoreKeys;
import org.together.figures.DayFigures;
import org.together.figures.Figures;

/**
 * A scope's day figures read from a store of the topology: the days are kept under keys made by {@code dayKey}
 * and, when {@code allTimeKey} is not null, the all-time figures too (then figures up to a day are all time minus
 * the days after it, usually none; else the sum of the days up to it).
 */
final class StoreDays implements DayFigures {

    private final ReadOnlyKeyValueStore<String, Figures> store;
    private final String allTimeKey;
    private final Function<LocalDate, String> dayKey;

    StoreDays(ReadOnlyKeyValueStore<String, Figures> store, String allTimeKey, Function<LocalDate, String> dayKey) {
        this.store = store;
        this.allTimeKey = allTimeKey;
        this.dayKey = dayKey;
    }

    @Override
    public Figures upTo(LocalDate day) {
        Figures figures = new Figures();
        if (allTimeKey == null) {
            days(FIRST, day).values().forEach(figures::add);
            return figures;
        }
        Figures allTime = store.get(allTimeKey);
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
        try (KeyValueIterator<String, Figures> it = store.range(dayKey.apply(clamp(from)), dayKey.apply(clamp(to)))) {
            while (it.hasNext()) {
                KeyValue<String, Figures> kv = it.next();
                result.put(StoreKeys.dayOf(kv.key), kv.value);
            }
        }
        return result;
    }

    @Override
    public long lastEventAtUpTo(LocalDate day) {
        try (KeyValueIterator<String, Figures> it = store.reverseRange(dayKey.apply(FIRST), dayKey.apply(clamp(day)))) {
            while (it.hasNext()) {
                Figures f = it.next().value;
                if (f.events() > 0) {
                    return f.lastEventAt();
                }
            }
        }
        return Figures.NO_EVENT;
    }

    private static LocalDate clamp(LocalDate d) {
        return d.isBefore(FIRST) ? FIRST : d.isAfter(LAST) ? LAST : d;
    }
}
