package org.together.ingest.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.together.schemas.TogetherSerdes;
import org.together.schemas.TopicSpec;

/** Serializes records with the pipeline's serdes (Confluent wire format) and writes them in one transaction. */
public final class AvroWriter {

    /**
     * One record to write: its topic, key and Avro value (null: a tombstone), the partition when it is not
     * the key's default one, and its headers (null: none).
     */
    public record Keyed(TopicSpec<? extends SpecificRecord> topic, String key, SpecificRecord value, Integer partition,
                        Header[] headers) {
        public Keyed(TopicSpec<? extends SpecificRecord> topic, String key, SpecificRecord value) {
            this(topic, key, value, null, null);
        }
    }

    private final TogetherSerdes serdes;
    private final TransactionalWriter writer;
    /**
     * The value serializer of each topic, by identity (topics are constants): a record's {@code hashCode} for every
     * record written was a measurable share of the request threads. Copied on write, read without a lock.
     */
    private volatile Map<TopicSpec<?>, Serializer<SpecificRecord>> serializers = new IdentityHashMap<>();

    public AvroWriter(TogetherSerdes serdes, TransactionalWriter writer) {
        this.serdes = serdes;
        this.writer = writer;
    }

    /**
     * Serializes in the caller's thread (so the committers only move bytes).
     *
     * @throws WriteUnavailableException when the schema registry cannot be reached
     */
    public List<ProducerRecord<byte[], byte[]>> serialize(List<Keyed> records) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(records.size());
        Serializer<String> keys = serdes.key().serializer();
        for (Keyed r : records) {
            String topic = r.topic().name();
            try {
                out.add(new ProducerRecord<>(topic, r.partition(), keys.serialize(topic, r.key()),
                        valueSerializer(r.topic()).serialize(topic, r.value()),
                        r.headers() == null ? null : new RecordHeaders(r.headers())));
            } catch (RuntimeException e) {
                throw new WriteUnavailableException("cannot serialize for " + topic + " (schema registry unavailable?): "
                        + e.getMessage(), e);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Serializer<SpecificRecord> valueSerializer(TopicSpec<? extends SpecificRecord> topic) {
        Serializer<SpecificRecord> s = serializers.get(topic);
        if (s == null) {
            s = (Serializer<SpecificRecord>) serdes.value(topic).serializer();
            Map<TopicSpec<?>, Serializer<SpecificRecord>> more = new IdentityHashMap<>(serializers);
            more.put(topic, s);
            serializers = more;
        }
        return s;
    }

    public CompletableFuture<List<RecordMetadata>> writeAsync(List<ProducerRecord<byte[], byte[]>> records, Duration timeout) {
        return writer.write(records, timeout);
    }

    /**
     * Writes and waits for the commit.
     *
     * @return each record's metadata, in order
     * @throws WriteUnavailableException when Kafka did not commit in time
     */
    public List<RecordMetadata> write(List<Keyed> records, Duration timeout) {
        CompletableFuture<List<RecordMetadata>> done = writer.write(serialize(records), timeout);
        return await(done, timeout);
    }

    public static List<RecordMetadata> await(CompletableFuture<List<RecordMetadata>> done, Duration timeout) {
        try {
            return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new WriteUnavailableException("timed out waiting for Kafka to commit", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WriteUnavailableException w) {
                throw w;
            }
            throw new WriteUnavailableException("Kafka did not commit the write: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WriteUnavailableException("interrupted waiting for Kafka", e);
        }
    }
}
