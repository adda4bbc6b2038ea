package org.together.benchmarks;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.together.aggregation.AggregationStreamsService;

/**
 * One point of a curve (a size of network, a length of history): a fresh stack in a directory of its own, deleted
 * when the point closes, and one aggregation application on it, processed to the end of the events, then restarted
 * on its state and restored after losing it.
 */
final class AggregationPoint implements AutoCloseable {

    /**
     * The service leaves its group when it closes; should a member linger anyway (a close that timed out), the points
     * shorten its session to 10 s and wait until the group is empty before timing a restart, so the restart figures
     * are startup plus state restore.
     */
    static final Map<String, String> RESTARTABLE = Map.of("session.timeout.ms", "10000");

    /** Seconds to ready after a clean restart; after losing the local state, to the first answer and to ready. */
    record Restarts(double restartSeconds, double answeringSeconds, double restoreSeconds) {
    }

    final Path dir;
    final BenchStack stack;
    final String applicationId;
    final Path stateDir;
    private final Duration timeout;

    private AggregationPoint(Path dir, BenchStack stack, String applicationId, Duration timeout) {
        this.dir = dir;
        this.stack = stack;
        this.applicationId = applicationId;
        this.stateDir = dir.resolve("streams");
        this.timeout = timeout;
    }

    /**
     * @param kind    what the curve measures ({@code scale}, {@code history}): the point's directory is
     *                {@code kind-index} and its application {@code bench-kind-index}
     * @param timeout how long a restart may take, and the group to empty
     */
    static AggregationPoint start(Path workDir, String kind, int index, Duration timeout) {
        Path dir = workDir.resolve(kind + "-" + index);
        try {
            return new AggregationPoint(dir, BenchStack.start(dir), "bench-" + kind + "-" + index, timeout);
        } catch (RuntimeException e) {
            Heap.deleteRecursively(dir);
            throw e;
        }
    }

    /** A new service of the point's application on its state directory, not started. */
    AggregationStreamsService aggregation() {
        return stack.aggregation(applicationId, stateDir, RESTARTABLE);
    }

    /** Starts the service and returns the seconds from RUNNING until it has consumed every event. */
    double processAll(AggregationStreamsService service, long deadline) throws InterruptedException {
        try (Admin admin = Kafka.admin(stack.bootstrap())) {
            service.start();
            while (service.streamsState() != KafkaStreams.State.RUNNING) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not RUNNING in time");
                }
                Thread.sleep(10);
            }
            long running = System.nanoTime();
            return (awaitEventsConsumed(admin, applicationId, deadline) - running) / 1e9;
        }
    }

    /** The computed network summary's latency, after warming the JIT of its path. */
    static Latency timeComputedSummary(HttpClient client, String url, int samples) throws Exception {
        String computed = ScaleBenchmark.computedSummary(url);
        for (int i = 0; i < 20; i++) { // warm the JIT of the query paths before timing them
            Http.get(client, computed);
        }
        return ScaleBenchmark.timeGets(client, samples, () -> computed);
    }

    /** The service restarted on its state, then on none (what exactly-once does to it after a crash). */
    Restarts restarts() throws Exception {
        try (Admin admin = Kafka.admin(stack.bootstrap())) {
            awaitGroupEmpty(admin);
            double restart = timeToReady(aggregation());
            // the last figures kept beside the state stay
            Heap.deleteRecursively(stateDir.resolve(applicationId));
            awaitGroupEmpty(admin);
            double[] restore = timeToAnswerThenReady(aggregation());
            return new Restarts(restart, restore[0], restore[1]);
        }
    }

    @Override
    public void close() {
        try {
            stack.close();
        } finally {
            Heap.deleteRecursively(dir);
        }
    }

    /** Waits until the group has no member left (the closed instance's session expired). */
    private void awaitGroupEmpty(Admin admin) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var description = admin.describeConsumerGroups(List.of(applicationId)).all().get().get(applicationId);
            if (description == null || description.members().isEmpty()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("group " + applicationId + " still has members after " + timeout.toSeconds() + " s");
    }

    private static long awaitEventsConsumed(Admin admin, String group, long deadline) throws InterruptedException {
        var ends = Kafka.endOffsets(admin, TopologyBenchmark.eventPartitions());
        while (true) {
            if (Kafka.caughtUp(Kafka.committed(admin, group), ends)) {
                return System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("did not catch up in time; lag " + Kafka.lag(Kafka.committed(admin, group), ends));
            }
            Thread.sleep(100);
        }
    }

    /**
     * Seconds from start to the network summary answering 200 (from the last figures kept, before Kafka Streams even
     * starts), then to /health/ready answering 200 (its stores restored).
     */
    private double[] timeToAnswerThenReady(AggregationStreamsService service) throws Exception {
        long started = System.nanoTime();
        try {
            service.serve();
            Http.awaitOk(Http.client(), BenchStack.url(service) + "/api/v1/network/summary", timeout);
            double answering = (System.nanoTime() - started) / 1e9;
            service.start();
            BenchStack.awaitReady(service, timeout);
            return new double[] {answering, (System.nanoTime() - started) / 1e9};
        } finally {
            service.close();
        }
    }

    /** Seconds from start to /health/ready answering 200 (Kafka Streams RUNNING, its stores restored and queryable). */
    private double timeToReady(AggregationStreamsService service) throws InterruptedException {
        long started = System.nanoTime();
        try {
            service.start();
            BenchStack.awaitReady(service, timeout);
            return (System.nanoTime() - started) / 1e9;
        } finally {
            service.close();
        }
    }
}
