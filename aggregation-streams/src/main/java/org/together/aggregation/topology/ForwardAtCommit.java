package org.together.aggregation.topology;

import java.util.function.LongConsumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;

/**
 * Lets a processor forward right before its task commits, so what it sends goes out in the transaction that
 * commits the state it comes from and the input offsets that made it: nothing waits for a timer, and a change is
 * never committed without what it forwards (a crash before the commit aborts both, and the input is read again).
 *
 * <p>The hook is {@link WriteBackStore}'s write at commit ({@code CachedStateStore.flushCache}, called in the
 * task's prepare-commit step before the record collector is flushed; {@code KafkaStreamsCommitHookTest} pins it).
 * A processor may forward only while Kafka Streams runs one of its nodes, which the commit step is not, so the
 * processor's node and a record context are set around the action, as Kafka Streams' own caching stores do when
 * their flush at commit forwards a table's changes ({@code TimestampedCacheFlushListener}) and as a punctuation's
 * record context is (no offset, no topic): internal classes, for want of a public hook before a commit in 4.4.
 */
final class ForwardAtCommit {

    private ForwardAtCommit() {
    }

    /**
     * From the processor's {@code init} (where its node is the current one): {@code action} runs right before each
     * commit of the task with the wall-clock time, and may forward as from a punctuation.
     *
     * @param store a write-back store of the processor's task (its commit hook)
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static void schedule(ProcessorContext<?, ?> context, WriteBackStore<?>.Values store, LongConsumer action) {
        InternalProcessorContext internal = (InternalProcessorContext) context;
        ProcessorNode<?, ?, ?, ?> node = internal.currentNode();
        if (node == null) {
            throw new IllegalStateException("schedule from the processor's init, where its node is known");
        }
        store.beforeCommit(() -> {
            ProcessorNode<?, ?, ?, ?> previousNode = internal.currentNode();
            ProcessorRecordContext previousRecord = internal.recordContext();
            long now = context.currentSystemTimeMs();
            internal.setCurrentNode(node);
            internal.setRecordContext(new ProcessorRecordContext(now, -1L, -1, null, new RecordHeaders()));
            try {
                action.accept(now);
            } finally {
                internal.setRecordContext(previousRecord);
                internal.setCurrentNode(previousNode);
            }
        });
    }
}
