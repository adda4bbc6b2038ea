package org.together.aggregation.topology;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * A dead letter as both handlers write it: the raw key and value as read, the record's own headers, and the reason in
 * the headers Kafka Streams' own dead-letter records carry ({@code __streams.errors.*}), without the stack trace.
 */
final class DeadLetters {

    static final String EXCEPTION = "__streams.errors.exception";
    static final String MESSAGE = "__streams.errors.message";
    static final String TOPIC = "__streams.errors.topic";
    static final String PARTITION = "__streams.errors.partition";
    static final String OFFSET = "__streams.errors.offset";
    /** The application that wrote it: each application writes its own (two beside each other list a bad record twice). */
    static final String APPLICATION = "together.application";

    private DeadLetters() {
    }

    /**
     * What both handlers configure themselves from: the dead-letter topic, if any (without one they log and skip), and
     * the counter, if any ({@link DeadLetterCounter#CONFIG}). One place, so that the two read their settings alike.
     */
    record Settings(Optional<String> topic, Optional<DeadLetterCounter> counter, Optional<String> application) {

        /** Before {@code configure}: no topic, no counter. */
        static final Settings NONE = new Settings(Optional.empty(), Optional.empty(), Optional.empty());

        static Settings from(Map<String, ?> configs) {
            Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
            Object application = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
            return new Settings(topic == null || topic.toString().isBlank() ? Optional.empty() : Optional.of(topic.toString()),
                    DeadLetterCounter.from(configs), Optional.ofNullable(application).map(Object::toString));
        }
    }

    /** The dead letter of the record {@code context} read, to {@code settings}' topic (there must be one). */
    static ProducerRecord<byte[], byte[]> of(Settings settings, ErrorHandlerContext context, Exception exception) {
        Headers headers = new RecordHeaders(context.headers().toArray());
        settings.application().ifPresent(application -> headers.add(APPLICATION, utf8(application)));
        headers.add(EXCEPTION, utf8(exception.getClass().getName()));
        headers.add(MESSAGE, utf8(message(exception)));
        headers.add(TOPIC, utf8(context.topic()));
        headers.add(PARTITION, utf8(String.valueOf(context.partition())));
        headers.add(OFFSET, utf8(String.valueOf(context.offset())));
        return new ProducerRecord<>(settings.topic().orElseThrow(), null, context.sourceRawKey(), context.sourceRawValue(), headers);
    }

    /**
     * The exception's message, with its causes' when they say more (the registry's "Schema 9999 not found" is the
     * cause of the deserializer's "Error retrieving Avro schema"), on one line.
     */
    static String message(Throwable exception) {
        StringBuilder message = new StringBuilder(String.valueOf(exception.getMessage()));
        for (Throwable cause = exception.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append(": ").append(cause.getMessage());
            }
        }
        return message.toString().replaceAll("\\s+", " ").strip();
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
