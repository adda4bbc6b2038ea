package org.together.ingest.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/** Writes outside transactions whose records are then read back: the vault's and the eventId claims'. */
public final class AcknowledgedWrites {

    private AcknowledgedWrites() {
    }

    /**
     * Sends the records and waits until Kafka acknowledged every one.
     *
     * @param what what the records are, for the error
     * @return per partition, the offset just after the last record written there
     * @throws WriteUnavailableException when Kafka refused a record or did not acknowledge it before the deadline
     */
    public static Map<TopicPartition, Long> send(Producer<byte[], byte[]> producer, List<ProducerRecord<byte[], byte[]>> records,
                                                 long deadlineNanos, String what) throws InterruptedException {
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        try {
            for (ProducerRecord<byte[], byte[]> r : records) {
                sent.add(producer.send(r));
            }
            Map<TopicPartition, Long> next = new HashMap<>();
            for (Future<RecordMetadata> f : sent) {
                RecordMetadata m = f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                next.merge(new TopicPartition(m.topic(), m.partition()), m.offset() + 1, Math::max);
            }
            return next;
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            throw new WriteUnavailableException("Kafka did not take " + what + ": " + e, e);
        }
    }
}
