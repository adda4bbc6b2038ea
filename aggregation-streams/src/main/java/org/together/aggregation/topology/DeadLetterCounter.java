package org.together.aggregation.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Counts the records sent to the dead-letter topic, by reason: {@code together_dead_letters_total{reason}} on
 * /metrics. Kafka Streams makes the handlers from their class names, so the counter reaches them through the
 * Streams configuration ({@link #CONFIG}); without it they count nothing. A record processed again after a crash
 * (its transaction aborted) counts again.
 */
public final class DeadLetterCounter {

    /** The Streams configuration key the handlers find the counter under. */
    public static final String CONFIG = "together.dead.letters.counter";

    /** Why a record went to the dead letters; the {@code reason} label. */
    public enum Reason {
        /** Its bytes are not a record of the topic's schema (not Avro, an unknown schema id). */
        UNDECODABLE,
        /** Decoded, but the figures cannot count it ({@link org.together.figures.UnusableEventException}). */
        UNUSABLE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Reason, Counter> counters = new EnumMap<>(Reason.class);

    /** Registers both series at 0, so that an alert on an increase has something to compare with from the start. */
    public DeadLetterCounter(MeterRegistry meters) {
        for (Reason reason : Reason.values()) {
            counters.put(reason, Counter.builder("together.dead.letters")
                    .description("records sent to the dead-letter topic together.dead-letters, by reason")
                    .tag("reason", reason.label())
                    .register(meters));
        }
    }

    public void count(Reason reason) {
        counters.get(reason).increment();
    }

    /** The counter given in a handler's configuration, if any. */
    static Optional<DeadLetterCounter> from(Map<String, ?> configs) {
        return configs.get(CONFIG) instanceof DeadLetterCounter counter ? Optional.of(counter) : Optional.empty();
    }
}
