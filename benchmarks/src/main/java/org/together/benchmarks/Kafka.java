package org.together.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.together.schemas.EventType;
import org.together.schemas.TogetherSerdes;
import org.together.schemas.TopicSpec;

/** Kafka plumbing shared by the benchmarks: the raw producer, offsets, serialization through TogetherSerdes. */
final class Kafka {

    private Kafka() {
    }

    static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /**
     * The raw producer the ingest service is compared with: acks=all, idempotent, lz4, with the ingest service's own
     * batching (linger 5 ms, 128 KiB batches), values already in the Confluent wire format.
     */
    static KafkaProducer<String, byte[]> rawProducer(String bootstrap) {
        Map<String, Object> p = ingestLikeSettings(bootstrap);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        return new KafkaProducer<>(p);
    }

    /** A transactional producer with the same settings. */
    static KafkaProducer<String, byte[]> transactionalProducer(String bootstrap, String transactionalId) {
        Map<String, Object> p = ingestLikeSettings(bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return new KafkaProducer<>(p);
    }

    private static Map<String, Object> ingestLikeSettings(String bootstrap) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }

    /** The event's value in the Confluent wire format, through the pipeline's own serde (schema id from the registry). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static byte[] serialize(TogetherSerdes serdes, EventType type, SpecificRecord record) {
        TopicSpec topic = type.topic();
        return serdes.value((TopicSpec<SpecificRecord>) topic).serializer().serialize(topic.name(), record);
    }

    static List<TopicPartition> partitions(List<String> topics, int partitions) {
        List<TopicPartition> all = new ArrayList<>();
        for (String t : topics) {
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(t, p));
            }
        }
        return all;
    }

    /** End offsets as a read_committed reader sees them (the last stable offsets). */
    static Map<TopicPartition, Long> endOffsets(Admin admin, List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
        try {
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                    .forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list end offsets: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What a consumer group has committed; partitions it never committed are absent. */
    static Map<TopicPartition, Long> committed(Admin admin, String groupId) {
        try {
            Map<TopicPartition, Long> committed = new HashMap<>();
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get();
            offsets.forEach((tp, om) -> {
                if (om != null) {
                    committed.put(tp, om.offset());
                }
            });
            return committed;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list offsets of group " + groupId + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** True when the group has committed at least {@code ends} on every partition. */
    static boolean caughtUp(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (end.getValue() == 0) {
                continue;
            }
            Long c = committed.get(end.getKey());
            if (c == null || c < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Records still to read: the sum over partitions of end minus committed. */
    static long lag(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> ends) {
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            lag += Math.max(0, end.getValue() - committed.getOrDefault(end.getKey(), 0L));
        }
        return lag;
    }
}
