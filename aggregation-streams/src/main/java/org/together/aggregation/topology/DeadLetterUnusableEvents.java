package org.together.aggregation.topology;

import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.together.figures.UnusableEventException;

/**
 * Sends events the figures cannot use to the dead-letter topic (raw bytes as read, the reason in
 * the same headers Kafka Streams' own dead-letter records carry, {@link DeadLetters}), counts them
 * ({@link DeadLetterCounter}) and goes on. Any other processing
 * failure is a bug: it stops the task rather than silently skipping an event.
 */
public final class DeadLetterUnusableEvents implements ProcessingExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterUnusableEvents.class);

    private DeadLetters.Settings settings = DeadLetters.Settings.NONE;

    @Override
    public void configure(Map<String, ?> configs) {
        settings = DeadLetters.Settings.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (!(exception instanceof UnusableEventException)) {
            return Response.fail();
        }
        if (settings.topic().isEmpty()) {
            log.warn("Event at {}-{}@{} is unusable ({}); skipped, processing goes on",
                    context.topic(), context.partition(), context.offset(), exception.getMessage());
            return Response.resume();
        }
        log.warn("Event at {}-{}@{} is unusable ({}); it goes to {} and processing goes on",
                context.topic(), context.partition(), context.offset(), exception.getMessage(), settings.topic().get());
        settings.counter().ifPresent(c -> c.count(DeadLetterCounter.Reason.UNUSABLE));
        return Response.resume(List.of(DeadLetters.of(settings, context, exception)));
    }
}
