package org.together.aggregation.topology;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.together.schemas.EventType;

/**
 * Sends records whose bytes cannot be decoded to the dead-letter topic and goes on, saying so in one log line (topic,
 * partition, offset, reason, where it went). In place of Kafka's {@code LogAndContinueExceptionHandler}, whose warning
 * and stack trace read as if the record were dropped. A custom handler must build the dead letter itself: Kafka Streams
 * sends what the handler's response carries, nothing more ({@code DeserializationExceptionHandler.Response.resume(List)}).
 *
 * <p>Only the event topics' records go there; any other record reaching this handler is skipped, logged. Today that is
 * a record of the repartition topic only: the reference tables decode their values themselves ({@link ReferenceTable}:
 * an undecodable one reads as absent) and their String keys always decode. Keep it so for any topic of Kafka Streams'
 * global thread, which has no producer: in 4.4 its context is not the {@code RecordCollector.Supplier} that
 * {@code RecordDeserializer} casts to when a response carries dead letters (with Kafka's own handler, one undecodable
 * record in {@code together.territories} stopped every running instance: a ClassCastException, seen on a real broker).
 */
public final class DeadLetterUndecodableRecords implements DeserializationExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterUndecodableRecords.class);
    private static final Set<String> EVENT_TOPICS = java.util.Arrays.stream(EventType.values())
            .map(t -> t.topic().name()).collect(Collectors.toUnmodifiableSet());

    private DeadLetters.Settings settings = DeadLetters.Settings.NONE;

    @Override
    public void configure(Map<String, ?> configs) {
        settings = DeadLetters.Settings.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        String reason = exception.getClass().getSimpleName() + ": " + DeadLetters.message(exception);
        if (settings.topic().isEmpty() || !EVENT_TOPICS.contains(context.topic())) {
            log.warn("Record at {}-{}@{} cannot be decoded ({}); skipped, processing goes on",
                    context.topic(), context.partition(), context.offset(), reason);
            return Response.resume();
        }
        log.warn("Record at {}-{}@{} cannot be decoded ({}); it goes to {} and processing goes on",
                context.topic(), context.partition(), context.offset(), reason, settings.topic().get());
        settings.counter().ifPresent(c -> c.count(DeadLetterCounter.Reason.UNDECODABLE));
        return Response.resume(List.of(DeadLetters.of(settings, context, exception)));
    }
}
