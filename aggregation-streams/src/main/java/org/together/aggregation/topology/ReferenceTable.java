package org.together.aggregation.topology;

import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.together.schemas.TogetherSerdes;
import org.together.schemas.TopicSpec;

/**
 * A reference table (territories, tools, targets, token hashes): a global store on every instance, kept from its topic
 * by this processor, which decodes each value itself. A value it cannot decode (a rogue or broken writer) makes the key
 * absent (an unregistered territory, an unknown tool, no target, no token) until a decodable record replaces it, with
 * one WARN line naming topic, key and reason, counted in {@link UndecodableReferenceCounter}.
 *
 * <p>Why not {@code builder.globalTable(...)}: a global table is restored (a new instance, a replay) by copying its
 * topic's bytes into the store undecoded, so an undecodable record was loaded there and every later read of its key
 * threw, stopping the stream thread of every new instance (NetworkFigures reads the territories on the event path).
 * A global store added with a processor ({@code StreamsBuilder.addGlobalStore}) is restored through that processor,
 * record by record (Kafka Streams 4.4): the restore and the running instance keep the same store. Same store name,
 * format and node names as the global tables before, so an instance's global state directory stays valid.
 */
final class ReferenceTable<V extends SpecificRecord> implements Processor<String, byte[], Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(ReferenceTable.class);
    /** A key is logged as written, control characters escaped, at most this long: one line, whoever wrote it. */
    private static final int KEY_LOGGED_MAX = 200;

    private final String storeName;
    private final String topic;
    private final Deserializer<V> values;
    private ProcessorContext<Void, Void> context;
    private TimestampedKeyValueStore<String, V> store;
    private Optional<UndecodableReferenceCounter> counter = Optional.empty();

    private ReferenceTable(String storeName, String topic, Deserializer<V> values) {
        this.storeName = storeName;
        this.topic = topic;
        this.values = values;
    }

    /** Adds the global store {@code storeName}, kept from {@code topic}, to the topology. */
    static <V extends SpecificRecord> void add(StreamsBuilder builder, TopicSpec<V> topic, String storeName, TogetherSerdes serdes) {
        builder.addGlobalStore(
                Stores.timestampedKeyValueStoreBuilder(Stores.persistentTimestampedKeyValueStore(storeName),
                        serdes.key(), serdes.value(topic)).withLoggingDisabled(), // its topic is its changelog
                topic.name(),
                Consumed.with(serdes.key(), Serdes.ByteArray()).withName(storeName + "-table"),
                () -> new ReferenceTable<>(storeName, topic.name(), serdes.value(topic).deserializer()));
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.counter = UndecodableReferenceCounter.from(context.appConfigs());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return; // keys nothing (a global table skips it too)
        }
        V value = null;
        if (record.value() != null) {
            try {
                value = values.deserialize(topic, record.headers(), record.value());
            } catch (RuntimeException undecodable) {
                warn(record.key(), undecodable);
            }
        }
        // put, not delete: a delete decodes the value it replaces
        store.put(record.key(), value == null ? null : ValueAndTimestamp.make(value, record.timestamp()));
    }

    private void warn(String key, RuntimeException undecodable) {
        String at = context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse(topic);
        log.warn("Record at {}, key {}, cannot be decoded ({}: {}); the key reads as absent from the {} table until a "
                        + "decodable record replaces it",
                at, escaped(key), undecodable.getClass().getSimpleName(), DeadLetters.message(undecodable), storeName);
        counter.ifPresent(c -> c.count(context.recordMetadata().map(RecordMetadata::topic).orElse(topic)));
    }

    static String escaped(String key) {
        StringBuilder out = new StringBuilder();
        key.codePoints().limit(KEY_LOGGED_MAX).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return key.codePointCount(0, key.length()) > KEY_LOGGED_MAX ? out + "..." : out.toString();
    }
}
