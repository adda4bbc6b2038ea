package org.together.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.together.aggregation.AggregationStreamsService;
import org.together.aggregation.topology.AggregationTopology;
import org.together.schemas.EventType;
import org.together.schemas.Topics;

/**
 * The full aggregation topology against a minimal Kafka Streams count app over the same pre-loaded events, both
 * exactly_once_v2 with one stream thread, each with a fresh application id: records per second from the moment
 * the app is RUNNING to the moment its committed offsets reach the end of its input topics (and, for the full
 * topology, of its network repartition topic). A raw consumer reading the same records gives the ceiling.
 */
final class TopologyBenchmark {

    /** Time a caught-up group must stay caught up before its first caught-up moment counts (a late punctuation). */
    static final Duration STABLE = Duration.ofMillis(400);
    /** The service's own record cache, given to the count app too: the comparison is about the topology. */
    static final long CACHE_BYTES = 32L * 1024 * 1024;

    /** @param detail what else is worth knowing about the run (empty when nothing) */
    record Run(String what, long records, double startupSeconds, double processingSeconds, double perSecond,
               double cpuMicrosPerRecord, String detail) {
    }

    /** @param perEvent the least app that keeps one durable record per event: context, not part of the verdict */
    record Result(long records, Run consumer, Run count, Run perEvent, Run full, Double ratio) {
    }

    private final BenchStack stack;
    private final Path workDir;
    private final Duration timeout;
    /** Stream threads of the apps compared (the aggregation service's own are set by the caller alike). */
    private final int threads;

    TopologyBenchmark(BenchStack stack, Path workDir, Duration timeout) {
        this(stack, workDir, timeout, 1);
    }

    TopologyBenchmark(BenchStack stack, Path workDir, Duration timeout, int threads) {
        this.stack = stack;
        this.workDir = workDir;
        this.timeout = timeout;
        this.threads = threads;
    }

    static List<TopicPartition> eventPartitions() {
        List<String> topics = new ArrayList<>();
        for (EventType t : EventType.values()) {
            topics.add(t.topic().name());
        }
        return Kafka.partitions(topics, Topics.EVENT_PARTITIONS);
    }

    /** Reads every event record once, without a group: how fast this broker hands them out. */
    Run rawConsumer() {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<TopicPartition> partitions = eventPartitions();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            long cpu = Heap.processCpuNanos();
            long started = System.nanoTime();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long records = 0;
            long deadline = started + timeout.toNanos();
            while (!reachedEnd(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("raw consumer did not reach the end in " + timeout.toSeconds() + " s");
                }
                records += consumer.poll(Duration.ofMillis(100)).count();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            cpu = Heap.processCpuNanos() - cpu;
            return new Run("raw consumer (fetch only, read_committed)", records, 0, seconds, records / seconds,
                    cpu / 1e3 / Math.max(1, records), "");
        }
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** {@code stream(event topics).groupByKey().count()}, values left as bytes: the least a Streams app can do. */
    Run minimalCount(long records, String applicationId) throws InterruptedException {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(eventTopicNames(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .groupByKey()
                .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("bench-counts"));
        return runApp("minimal count app (groupByKey().count())", builder, records, applicationId);
    }

    /**
     * The least an app can do that keeps one durable record per event, as the aggregation keeps each event's
     * entity (its participant, tool user, group or assessment): each record puts its own key (topic, partition,
     * offset) into a changelogged store, so each event is one store write and one changelog record. No record
     * cache: with keys that never repeat it would save nothing and cost its own bookkeeping. Context for the
     * topology's floor, not a verdict.
     */
    Run oneStoredRecordPerEvent(long records, String applicationId) throws InterruptedException {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("bench-per-event"),
                Serdes.String(), Serdes.Long()));
        builder.stream(eventTopicNames(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(() -> new Processor<String, byte[], Void, Void>() {
                    private ProcessorContext<Void, Void> context;
                    private KeyValueStore<String, Long> store;

                    @Override
                    public void init(ProcessorContext<Void, Void> context) {
                        this.context = context;
                        this.store = context.getStateStore("bench-per-event");
                    }

                    @Override
                    public void process(Record<String, byte[]> record) {
                        RecordMetadata at = context.recordMetadata().orElseThrow();
                        store.put(at.topic() + '|' + at.partition() + '|' + at.offset(), 1L);
                    }
                }, Named.as("bench-store-each-event"), "bench-per-event");
        return runApp("one stored record per event (put into a changelogged store)", builder, records, applicationId);
    }

    private Run runApp(String what, StreamsBuilder builder, long records, String applicationId) throws InterruptedException {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap());
        props.put(StreamsConfig.STATE_DIR_CONFIG, workDir.resolve("streams-" + applicationId).toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, CACHE_BYTES);
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L); // as the service: counting does not depend on order either
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        AtomicLong runningAt = new AtomicLong();
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                runningAt.compareAndSet(0, System.nanoTime());
            }
        });
        try (Admin admin = Kafka.admin(stack.bootstrap())) {
            long started = System.nanoTime();
            streams.start();
            return measure(what, records, admin, applicationId, List.of(),
                    started, () -> runningAt.get() == 0 ? null : runningAt.get());
        } finally {
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
        }
    }

    private static List<String> eventTopicNames() {
        return eventPartitions().stream().map(TopicPartition::topic).distinct().toList();
    }

    /** The aggregation service (topology, query API, live stream), started for real; left running for the next phases. */
    Run fullTopology(long records, AggregationStreamsService service, String applicationId) throws InterruptedException {
        AtomicLong runningAt = new AtomicLong();
        try (Admin admin = Kafka.admin(stack.bootstrap())) {
            long started = System.nanoTime();
            service.start();
            TopicPartition deltas = new TopicPartition(applicationId + "-" + AggregationTopology.NETWORK_DAY_CHANGES + "-repartition", 0);
            Run run = measure("full aggregation topology", records, admin, applicationId, List.of(deltas), started, () -> {
                if (runningAt.get() == 0 && service.streamsState() == KafkaStreams.State.RUNNING) {
                    runningAt.set(System.nanoTime());
                }
                return runningAt.get() == 0 ? null : runningAt.get();
            });
            long forwarded = Kafka.endOffsets(admin, List.of(deltas)).get(deltas);
            return new Run(run.what(), run.records(), run.startupSeconds(), run.processingSeconds(), run.perSecond(),
                    run.cpuMicrosPerRecord(), run.detail() + "; the territory task forwarded " + Fmt.number(forwarded) + " coalesced day changes to the network task ("
                            + Fmt.number((double) forwarded / Math.max(1, records)) + " per event; offsets, transaction markers included)");
        }
    }

    private Run measure(String what, long records, Admin admin, String group, List<TopicPartition> internal,
                        long started, Supplier<Long> runningAt) throws InterruptedException {
        long deadline = started + timeout.toNanos();
        while (runningAt.get() == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not reach RUNNING in " + timeout.toSeconds() + " s");
            }
            Thread.sleep(10);
        }
        long running = runningAt.get();
        long cpu = Heap.processCpuNanos();
        Map<Long, Long> threadsCpu = threadsCpuNanos();
        Map<String, Long> nativeCpu = nativeThreadsCpuTicks();
        long caughtUp = awaitCaughtUp(admin, group, internal, deadline, what);
        // the CPU of the STABLE confirmation after catching up is idle time mostly: small next to the processing
        cpu = Heap.processCpuNanos() - cpu;
        Map<String, Long> byThreads = cpuSince(threadsCpu);
        long streamCpu = byThreads.entrySet().stream().filter(e -> e.getKey().contains("-StreamThread-"))
                .mapToLong(Map.Entry::getValue).sum();
        if (System.getProperty("probe.threads") != null) {
            long javaThreads = byThreads.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("  %-70s %8.2f µs per record%n", "(not Java threads: GC, JIT, RocksDB's own)",
                    (cpu - javaThreads) / 1e3 / Math.max(1, records));
            Map<String, Long> nativeNow = nativeThreadsCpuTicks();
            nativeNow.forEach((name, ticks) -> {
                long used = ticks - nativeCpu.getOrDefault(name, 0L);
                if (used > 0) {
                    System.out.printf("    %-68s %8.2f µs per record%n", name, used * 1e4 / Math.max(1, records));
                }
            });
            byThreads.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(15)
                    .forEach(e -> System.out.printf("  %-70s %8.2f µs per record%n", e.getKey(), e.getValue() / 1e3 / Math.max(1, records)));
        }
        double startup = (running - started) / 1e9;
        double processing = (caughtUp - running) / 1e9;
        return new Run(what, records, startup, processing, records / processing, cpu / 1e3 / Math.max(1, records),
                String.format("stream threads %.2f µs of CPU per record", streamCpu / 1e3 / Math.max(1, records)));
    }

    /** CPU clock ticks (10 ms) of the JVM's own threads (GC, JIT, VM) and RocksDB's, by /proc name with numbers as N. */
    private static Map<String, Long> nativeThreadsCpuTicks() {
        Map<String, Long> ticks = new java.util.TreeMap<>();
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) {
            return ticks;
        }
        for (java.io.File task : tasks) {
            try {
                String comm = java.nio.file.Files.readString(task.toPath().resolve("comm")).trim();
                if (!comm.matches("(?i).*(GC|G1|C1 Comp|C2 Comp|VM |rocksdb|Conc|Refine|Service|Sweeper).*")) {
                    continue;
                }
                String name = comm.replaceAll("#[0-9]+$", "#N");
                String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
            } catch (java.io.IOException | RuntimeException e) {
                // the thread ended meanwhile
            }
        }
        return ticks;
    }

    /** CPU time of each live Java thread, by thread id. */
    private static Map<Long, Long> threadsCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new java.util.HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            cpu.put(id, Math.max(0, threads.getThreadCpuTime(id)));
        }
        return cpu;
    }

    /**
     * CPU time of the live Java threads since {@code before}, by thread name with its numbers as N: the stream threads
     * and their producers' network threads ({@code -StreamThread-}) are the app's own work, which other processes on
     * the machine disturb less than the whole JVM's (broker included).
     */
    private static Map<String, Long> cpuSince(Map<Long, Long> before) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> byName = new java.util.HashMap<>();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                long used = Math.max(0, threads.getThreadCpuTime(info.getThreadId())) - before.getOrDefault(info.getThreadId(), 0L);
                String name = info.getThreadName().replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<uuid>").replaceAll("[0-9]+", "N");
                byName.merge(name, Math.max(0, used), Long::sum);
            }
        }
        return byName;
    }

    /** The first moment the group's committed offsets reached the ends, confirmed {@link #STABLE} later. */
    private static long awaitCaughtUp(Admin admin, String group, List<TopicPartition> internal, long deadline, String what)
            throws InterruptedException {
        Map<TopicPartition, Long> eventEnds = Kafka.endOffsets(admin, eventPartitions());
        long candidate = 0;
        while (true) {
            long now = System.nanoTime();
            if (now > deadline) {
                Map<TopicPartition, Long> committed = Kafka.committed(admin, group);
                throw new IllegalStateException(what + " did not catch up in time; lag " + Kafka.lag(committed, eventEnds));
            }
            Map<TopicPartition, Long> ends = new HashMap<>(eventEnds);
            if (!internal.isEmpty()) {
                ends.putAll(Kafka.endOffsets(admin, internal));
            }
            boolean caughtUp = Kafka.caughtUp(Kafka.committed(admin, group), ends);
            if (caughtUp) {
                if (candidate == 0) {
                    candidate = now;
                } else if (now - candidate >= STABLE.toNanos()) {
                    return candidate;
                }
            } else {
                candidate = 0;
            }
            Thread.sleep(100);
        }
    }
}
