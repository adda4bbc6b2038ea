package org.together.schemas;

import java.util.Arrays;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/** The event types of the ingest contract, their wire names and their topics. */
public enum EventType {
    PARTICIPANT_JOINED("participant.joined", Topics.PARTICIPANT_JOINED),
    PARTICIPANT_LEFT("participant.left", Topics.PARTICIPANT_LEFT),
    TOOL_USED("tool.used", Topics.TOOL_USED),
    WELLBEING_EVALUATED("wellbeing.evaluated", Topics.WELLBEING_EVALUATED),
    FOOTPRINT_ASSESSED("footprint.assessed", Topics.FOOTPRINT_ASSESSED),
    APPROACH_EVALUATED("approach.evaluated", Topics.APPROACH_EVALUATED);

    private final String wireName;
    private final TopicSpec<? extends SpecificRecord> topic;

    EventType(String wireName, TopicSpec<? extends SpecificRecord> topic) {
        this.wireName = wireName;
        this.topic = topic;
    }

    /** The {@code type} field of the JSON event, e.g. {@code participant.joined}. */
    public String wireName() {
        return wireName;
    }

    public TopicSpec<? extends SpecificRecord> topic() {
        return topic;
    }

    public static Optional<EventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    public static Optional<EventType> fromTopic(String topicName) {
        return Arrays.stream(values()).filter(t -> t.topic.name().equals(topicName)).findFirst();
    }
}
