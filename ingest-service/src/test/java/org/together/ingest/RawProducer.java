package org.together.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.together.schemas.Topics;
import org.together.events.EventEnvelope;
import org.together.events.ParticipantJoined;
import org.together.events.ParticipantRole;

/** The probes' comparison: a raw idempotent producer writing serialized joins, as the bench's raw side does. */
final class RawProducer {

    private RawProducer() {
    }

    /** That many joins of new participants, serialized before the clock starts. */
    static List<byte[]> joins(String territory, int events) {
        List<byte[]> values = new ArrayList<>(events);
        var serializer = IngestTestSupport.serdes().value(Topics.PARTICIPANT_JOINED).serializer();
        for (int i = 0; i < events; i++) {
            ParticipantJoined r = new ParticipantJoined(new EventEnvelope(UUID.randomUUID().toString(), territory,
                    Instant.now().minusSeconds(3600), Instant.now(), null), "p-" + UUID.randomUUID().toString().substring(0, 13),
                    ParticipantRole.CITIZEN, "workshop-12", null);
            values.add(serializer.serialize(Topics.PARTICIPANT_JOINED.name(), r));
        }
        return values;
    }

    static KafkaProducer<String, byte[]> open() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, IngestTestSupport.stack().bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(p);
    }
}
