package org.together.aggregation.topology;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.together.figures.UnusableEventException;

/**
 * Sends events the figures cannot use to the dead-letter topic (raw bytes as read, the reason in
 * the same headers Kafka Streams' own dead-letter records carry) and goes on. Any other processing
 * failure is a bug: it stops the task rather than silently skipping an event.
 */
public final class DeadLetterUnusableEvents implements ProcessingExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterUnusableEvents.class);

    private String deadLetterTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        deadLetterTopic = topic == null ? null : topic.toString();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (!(exception instanceof UnusableEventException)) {
            return Response.fail();
        }
        log.warn("Event at {}-{}@{} is unusable and goes to the dead letters: {}",
                context.topic(), context.partition(), context.offset(), exception.getMessage());
        if (deadLetterTopic == null) {
            return Response.resume();
        }
        Headers headers = new RecordHeaders(context.headers().toArray());
        headers.add("__streams.errors.exception", utf8(exception.getClass().getName()));
        headers.add("__streams.errors.message", utf8(exception.getMessage()));
        headers.add("__streams.errors.topic", utf8(context.topic()));
        headers.add("__streams.errors.partition", utf8(String.valueOf(context.partition())));
        headers.add("__streams.errors.offset", utf8(String.valueOf(context.offset())));
        return Response.resume(List.of(new ProducerRecord<>(deadLetterTopic, null,
                context.sourceRawKey(), context.sourceRawValue(), headers)));
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
