package org.together.aggregation.topology;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.together.schemas.EventType;
import org.together.schemas.TogetherSerdes;

/**
 * Reads a record of any of the five event topics into its generated class, choosing the class by
 * the topic it came from, so one source node can read all five topics.
 */
final class TerritoryEventDeserializer implements Deserializer<SpecificRecord> {

    private final Map<String, Deserializer<? extends SpecificRecord>> byTopic = new java.util.HashMap<>();

    TerritoryEventDeserializer(TogetherSerdes serdes) {
        for (EventType type : EventType.values()) {
            byTopic.put(type.topic().name(), serdes.value(type.topic()).deserializer());
        }
    }

    @Override
    public SpecificRecord deserialize(String topic, byte[] data) {
        return deserializer(topic).deserialize(topic, data);
    }

    @Override
    public SpecificRecord deserialize(String topic, Headers headers, byte[] data) {
        return deserializer(topic).deserialize(topic, headers, data);
    }

    private Deserializer<? extends SpecificRecord> deserializer(String topic) {
        Deserializer<? extends SpecificRecord> d = byTopic.get(topic);
        if (d == null) {
            throw new SerializationException("not an event topic: " + topic);
        }
        return d;
    }
}
