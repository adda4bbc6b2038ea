package org.together.aggregation.topology;

import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The values of the territory-entities store: a participant's timeline, a tool user, an
 * evaluating group, or a counted assessment, each tagged by its kind. One store (one changelog)
 * for all of them keeps the number of partitions each exactly-once transaction touches small.
 */
final class EntitySerde {

    private static final byte TIMELINE = 1, TOOL_USER = 2, GROUP = 3, ASSESSMENT = 4;

    private static final Serde<ParticipantTimeline> TIMELINES = ParticipantTimeline.serde();
    private static final Serde<ToolUser> TOOL_USERS = ToolUser.serde();
    private static final Serde<EvaluatingGroup> GROUPS = EvaluatingGroup.serde();

    /** A footprint assessment already counted: only its occurredAt is kept. */
    record CountedAssessment(long occurredAt) {
    }

    private EntitySerde() {
    }

    static Serde<Object> serde() {
        Serializer<Object> serializer = (topic, entity) -> {
            if (entity == null) {
                return null;
            }
            if (entity instanceof ParticipantTimeline t) {
                return tagged(TIMELINE, TIMELINES.serializer().serialize(topic, t));
            } else if (entity instanceof ToolUser u) {
                return tagged(TOOL_USER, TOOL_USERS.serializer().serialize(topic, u));
            } else if (entity instanceof EvaluatingGroup g) {
                return tagged(GROUP, GROUPS.serializer().serialize(topic, g));
            } else if (entity instanceof CountedAssessment a) {
                return tagged(ASSESSMENT, new Binary.Writer().writeLong(a.occurredAt()).toByteArray());
            }
            throw new SerializationException("not an entity: " + entity.getClass());
        };
        Deserializer<Object> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            byte[] body = Arrays.copyOfRange(bytes, 1, bytes.length);
            return switch (bytes[0]) {
                case TIMELINE -> TIMELINES.deserializer().deserialize(topic, body);
                case TOOL_USER -> TOOL_USERS.deserializer().deserialize(topic, body);
                case GROUP -> GROUPS.deserializer().deserialize(topic, body);
                case ASSESSMENT -> new CountedAssessment(new Binary.Reader(body).readLong());
                default -> throw new SerializationException("unknown entity kind " + bytes[0]);
            };
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private static byte[] tagged(byte kind, byte[] body) {
        byte[] bytes = new byte[body.length + 1];
        bytes[0] = kind;
        System.arraycopy(body, 0, bytes, 1, body.length);
        return bytes;
    }
}
