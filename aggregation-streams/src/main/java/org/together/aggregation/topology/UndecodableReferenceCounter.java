package org.together.aggregation.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts the records of the reference tables that cannot be decoded, by topic:
 * {@code together_undecodable_reference_records_total{topic}} on /metrics. Not dead letters: nothing is written for
 * them (see {@link ReferenceTable}). An instance reading a table from the start (a new one, a replay) counts again the
 * records it reads again. Reaches the tables through the Streams configuration ({@link #CONFIG}), as
 * {@link DeadLetterCounter} does.
 */
public final class UndecodableReferenceCounter {

    /** The Streams configuration key the reference tables find the counter under. */
    public static final String CONFIG = "together.undecodable.reference.counter";

    private final Map<String, Counter> counters = new HashMap<>();

    /** Registers one series per reference topic at 0, so that an alert on an increase has something to compare with. */
    public UndecodableReferenceCounter(MeterRegistry meters) {
        for (String topic : AggregationTopology.REFERENCE_TOPICS) {
            counters.put(topic, Counter.builder("together.undecodable.reference.records")
                    .description("records of a reference topic whose value cannot be decoded; their key reads as absent")
                    .tag("topic", topic)
                    .register(meters));
        }
    }

    void count(String topic) {
        Counter counter = counters.get(topic);
        if (counter != null) {
            counter.increment();
        }
    }

    /** The counter given in the Streams configuration, if any. */
    static Optional<UndecodableReferenceCounter> from(Map<String, ?> configs) {
        return configs.get(CONFIG) instanceof UndecodableReferenceCounter counter ? Optional.of(counter) : Optional.empty();
    }
}
