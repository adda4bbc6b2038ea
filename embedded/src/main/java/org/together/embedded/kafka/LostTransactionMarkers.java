package org.together.embedded.kafka;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.ApiVersions;
import org.apache.kafka.clients.BootstrapConfiguration;
import org.apache.kafka.clients.ClientResponse;
import org.apache.kafka.clients.ClientUtils;
import org.apache.kafka.clients.ManualMetadataUpdater;
import org.apache.kafka.clients.MetadataRecoveryStrategy;
import org.apache.kafka.clients.NetworkClient;
import org.apache.kafka.clients.NetworkClientUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeProducersResult.PartitionProducerState;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.network.Selector;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.TransactionResult;
import org.apache.kafka.common.requests.WriteTxnMarkersRequest;
import org.apache.kafka.common.requests.WriteTxnMarkersResponse;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.common.utils.internals.LogContext;
import org.apache.kafka.coordinator.transaction.TransactionState;
import org.apache.kafka.coordinator.transaction.generated.TransactionLogKey;
import org.apache.kafka.coordinator.transaction.generated.TransactionLogValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds transactions that a Kafka broker completed without writing their markers, and writes them as the
 * transaction's coordinator decided.
 *
 * <p>Why: Kafka 4.4's transaction coordinator skips the markers of a partition whose leader it cannot find, taking the
 * partition for deleted. A single-node broker restarted after a crash (kill -9, power cut) has every partition
 * leaderless for a moment while the controller fences its former self; a transaction that was committing at the
 * crash is then recorded complete with no commit marker in its partitions. The partitions keep an open transaction
 * for ever: read_committed readers stop at it, and a Kafka Streams task whose offsets are in it cannot start
 * ("Timeout ... before the last committed offset ... could be determined").
 *
 * <p>A partition's open transaction is taken for lost only when, seen twice {@link #SETTLE} apart with the same start
 * offset, its coordinator does not list that partition in the producer's transaction any more. The marker written is
 * the decision the coordinator recorded in {@code __transaction_state} for that partition (commit or abort); with no
 * such record, nothing is written and the operator is told how to look. Commit markers matter: the producer was told
 * its commit succeeded (ingest answered 202), so aborting would lose acknowledged events.
 */
public final class LostTransactionMarkers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LostTransactionMarkers.class);

    /** How long a lost-looking transaction must stay open before anything is written: more than a marker round trip. */
    static final Duration SETTLE = Duration.ofSeconds(10);

    /** A transaction left open in a partition whose coordinator has moved on. */
    public record Repair(TopicPartition partition, long producerId, String transactionalId, long startOffset,
            TransactionResult result) {
    }

    private record OpenTransaction(TopicPartition partition, long producerId, long startOffset) {
    }

    /** What the coordinator decided for one partition of a transaction: the marker to write. */
    private record Decision(TransactionResult result, short producerEpoch, short transactionVersion) {
    }

    private final Map<String, Object> clientConfig;
    private final Map<OpenTransaction, Instant> firstSeen = new ConcurrentHashMap<>();
    private final Set<OpenTransaction> reported = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler;
    private volatile boolean notAuthorised;
    private Admin admin; // the scheduler's thread only, then close()

    private LostTransactionMarkers(Map<String, ?> clientConfig, boolean scheduled) {
        this.clientConfig = Map.copyOf(clientConfig);
        this.scheduler = scheduled ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lost-transaction-markers");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /**
     * Looks every {@code every} for the rest of this object's life.
     *
     * @param clientConfig admin client properties (bootstrap servers, security) of a principal allowed to describe
     *     producers and transactions, read {@code __transaction_state} and write markers (ClusterAction)
     */
    public static LostTransactionMarkers watch(Map<String, ?> clientConfig, Duration every) {
        LostTransactionMarkers watch = new LostTransactionMarkers(clientConfig, true);
        watch.scheduler.scheduleWithFixedDelay(watch::lookQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return watch;
    }

    /** For one look at a time (tests): nothing runs in the background. */
    static LostTransactionMarkers manual(Map<String, ?> clientConfig) {
        return new LostTransactionMarkers(clientConfig, false);
    }

    private void lookQuietly() {
        if (notAuthorised) {
            return;
        }
        try {
            look(Instant.now());
        } catch (Exception e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof AuthorizationException) {
                    notAuthorised = true;
                    log.info("transactions left open by a broker crash are not looked for: this principal may not ({}); "
                            + "an operator can, with kafka-transactions.sh find-hanging", cause.getMessage());
                    return;
                }
            }
            // the broker may be down or starting: the next look will do
            log.debug("looking for lost transaction markers failed", e);
        }
    }

    /** One look: returns the markers written. */
    List<Repair> look(Instant now) throws Exception {
        if (admin == null) {
            Map<String, Object> config = new HashMap<>(clientConfig);
            config.keySet().retainAll(AdminClientConfig.configNames());
            admin = Admin.create(config);
        }
        try {
            return look(admin, now);
        } catch (Exception e) {
            admin.close(Duration.ZERO); // a new client next time, in case this one's connections are what failed
            admin = null;
            throw e;
        }
    }

    private List<Repair> look(Admin admin, Instant now) throws Exception {
        Map<TopicPartition, TopicPartitionInfo> partitions = partitions(admin);
        Map<OpenTransaction, ProducerState> open = openTransactions(admin, partitions.keySet());
        firstSeen.keySet().retainAll(open.keySet());
        reported.retainAll(open.keySet());
        List<OpenTransaction> settled = new ArrayList<>();
        for (OpenTransaction t : open.keySet()) {
            Instant first = firstSeen.computeIfAbsent(t, k -> now);
            if (!first.plus(SETTLE).isAfter(now)) {
                settled.add(t);
            }
        }
        if (settled.isEmpty()) {
            return List.of();
        }
        Set<Long> producerIds = settled.stream().map(OpenTransaction::producerId).collect(Collectors.toSet());
        Map<Long, String> transactionalIds = new HashMap<>();
        for (TransactionListing listing : admin.listTransactions(new ListTransactionsOptions().filterProducerIds(producerIds))
                .all().get()) {
            transactionalIds.put(listing.producerId(), listing.transactionalId());
        }
        Map<String, TransactionDescription> descriptions = new HashMap<>();
        if (!transactionalIds.isEmpty()) {
            descriptions.putAll(admin.describeTransactions(new HashSet<>(transactionalIds.values())).all().get());
        }
        List<OpenTransaction> lost = new ArrayList<>();
        for (OpenTransaction t : settled) {
            String transactionalId = transactionalIds.get(t.producerId());
            TransactionDescription d = transactionalId == null ? null : descriptions.get(transactionalId);
            if (d != null && d.producerId() == t.producerId() && d.topicPartitions().contains(t.partition())) {
                continue; // its coordinator still has markers to write there, or the transaction is running
            }
            lost.add(t);
        }
        if (lost.isEmpty()) {
            return List.of();
        }
        // still open, with the same start, after the coordinator said it has moved on: its markers are not coming
        Map<OpenTransaction, ProducerState> stillOpen = openTransactions(admin,
                lost.stream().map(OpenTransaction::partition).collect(Collectors.toSet()));
        List<Repair> repairs = new ArrayList<>();
        Map<String, List<TransactionLogValue>> logs = new HashMap<>();
        for (OpenTransaction t : lost) {
            ProducerState state = stillOpen.get(t);
            if (state == null) {
                continue;
            }
            String transactionalId = transactionalIds.get(t.producerId());
            Optional<Decision> decision = transactionalId == null ? Optional.empty()
                    : decision(logs.computeIfAbsent(transactionalId, id -> coordinatorLog(id)), t, state);
            if (decision.isEmpty()) {
                if (reported.add(t)) {
                    log.warn("{} holds an open transaction of {} (producer {}) from offset {} that its coordinator no longer "
                            + "lists, and its decision about it is no longer in __transaction_state: readers stop at it and "
                            + "nothing is written. Aborting it discards what it holds (see docs/operations.md): "
                            + "kafka-transactions.sh --bootstrap-server {} abort --topic {} --partition {} --start-offset {}",
                            t.partition(), transactionalId == null ? "an unknown transactional id" : transactionalId,
                            t.producerId(), t.startOffset(), clientConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG),
                            t.partition().topic(), t.partition().partition(), t.startOffset());
                }
                continue;
            }
            Node leader = partitions.get(t.partition()).leader();
            int coordinatorEpoch = Math.max(0, state.coordinatorEpoch().orElse(0));
            writeMarker(leader, t, decision.get(), coordinatorEpoch);
            Repair repair = new Repair(t.partition(), t.producerId(), transactionalId, t.startOffset(), decision.get().result());
            log.warn("wrote the {} marker that the broker lost after a crash: {} had kept the transaction of {} (producer {}) "
                    + "open from offset {}, which its coordinator had decided", repair.result(), t.partition(),
                    transactionalId, t.producerId(), t.startOffset());
            firstSeen.remove(t);
            repairs.add(repair);
        }
        return repairs;
    }

    private static Map<TopicPartition, TopicPartitionInfo> partitions(Admin admin) throws Exception {
        Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
        Map<TopicPartition, TopicPartitionInfo> partitions = new HashMap<>();
        for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get().values()) {
            for (TopicPartitionInfo p : d.partitions()) {
                if (p.leader() != null) {
                    partitions.put(new TopicPartition(d.name(), p.partition()), p);
                }
            }
        }
        return partitions;
    }

    private static Map<OpenTransaction, ProducerState> openTransactions(Admin admin, Set<TopicPartition> partitions)
            throws Exception {
        Map<OpenTransaction, ProducerState> open = new HashMap<>();
        if (partitions.isEmpty()) {
            return open;
        }
        Map<TopicPartition, PartitionProducerState> states = admin.describeProducers(partitions).all().get();
        states.forEach((partition, s) -> {
            for (ProducerState p : s.activeProducers()) {
                if (p.currentTransactionStartOffset().isPresent()) {
                    open.put(new OpenTransaction(partition, p.producerId(), p.currentTransactionStartOffset().getAsLong()), p);
                }
            }
        });
        return open;
    }

    /**
     * The coordinator's last prepare record of this producer that names the partition, at the epoch of its data (a
     * transaction of version 1) or the next (version 2 bumps the epoch when it ends).
     */
    private static Optional<Decision> decision(List<TransactionLogValue> records, OpenTransaction t, ProducerState state) {
        Decision found = null;
        for (TransactionLogValue v : records) {
            TransactionState status = TransactionState.fromId(v.transactionStatus());
            boolean prepare = status == TransactionState.PREPARE_COMMIT || status == TransactionState.PREPARE_ABORT;
            int epochAfterData = v.producerEpoch() - state.producerEpoch();
            if (!prepare || v.producerId() != t.producerId() || epochAfterData < 0 || epochAfterData > 1) {
                continue;
            }
            boolean names = v.transactionPartitions().stream().anyMatch(p -> p.topic().equals(t.partition().topic())
                    && p.partitionIds().contains(t.partition().partition()));
            if (names) {
                found = new Decision(status == TransactionState.PREPARE_COMMIT ? TransactionResult.COMMIT : TransactionResult.ABORT,
                        v.producerEpoch(), v.clientTransactionVersion());
            }
        }
        return Optional.ofNullable(found);
    }

    /** Every state record of one transactional id still in its partition of {@code __transaction_state}, oldest first. */
    private List<TransactionLogValue> coordinatorLog(String transactionalId) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "lost-transaction-markers");
        config.keySet().retainAll(ConsumerConfig.configNames());
        List<TransactionLogValue> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            int count = consumer.partitionsFor(Topic.TRANSACTION_STATE_TOPIC_NAME, Duration.ofSeconds(10)).size();
            TopicPartition partition = new TopicPartition(Topic.TRANSACTION_STATE_TOPIC_NAME,
                    Utils.abs(transactionalId.hashCode()) % count);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(10)).get(partition);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() == null || r.value() == null) {
                        continue;
                    }
                    ByteBuffer key = ByteBuffer.wrap(r.key());
                    short keyVersion = key.getShort();
                    if (keyVersion != 0) {
                        continue;
                    }
                    if (!new TransactionLogKey(new ByteBufferAccessor(key), keyVersion).transactionalId().equals(transactionalId)) {
                        continue;
                    }
                    ByteBuffer value = ByteBuffer.wrap(r.value());
                    short valueVersion = value.getShort();
                    records.add(new TransactionLogValue(new ByteBufferAccessor(value), valueVersion));
                }
            }
        }
        return records;
    }

    private void writeMarker(Node leader, OpenTransaction t, Decision decision, int coordinatorEpoch) throws Exception {
        Map<String, Object> adminOnly = new HashMap<>(clientConfig);
        adminOnly.keySet().retainAll(AdminClientConfig.configNames());
        AdminClientConfig config = new AdminClientConfig(adminOnly);
        Time time = Time.SYSTEM;
        LogContext context = new LogContext("[lost-transaction-markers] ");
        try (Metrics metrics = new Metrics(time);
             NetworkClient client = new NetworkClient(
                     new Selector(30_000L, metrics, time, "lost-transaction-markers",
                             ClientUtils.createChannelBuilder(config, time, context), context),
                     new ManualMetadataUpdater(List.of(leader)), "lost-transaction-markers", 1, 100, 1_000,
                     64 * 1024, 64 * 1024, 30_000, 10_000L, 30_000L, time, true, new ApiVersions(), context,
                     MetadataRecoveryStrategy.NONE, BootstrapConfiguration.DISABLED, false)) {
            if (!NetworkClientUtils.awaitReady(client, leader, time, 10_000)) {
                throw new IllegalStateException("broker " + leader + " not reachable to write a transaction marker");
            }
            WriteTxnMarkersRequest.TxnMarkerEntry marker = new WriteTxnMarkersRequest.TxnMarkerEntry(t.producerId(),
                    decision.producerEpoch(), coordinatorEpoch, decision.result(), List.of(t.partition()),
                    decision.transactionVersion());
            ClientResponse response = NetworkClientUtils.sendAndReceive(client,
                    client.newClientRequest(leader.idString(), new WriteTxnMarkersRequest.Builder(List.of(marker)),
                            time.milliseconds(), true), time);
            Errors error = ((WriteTxnMarkersResponse) response.responseBody()).errorsByProducerId()
                    .getOrDefault(t.producerId(), Map.of()).getOrDefault(t.partition(), Errors.UNKNOWN_SERVER_ERROR);
            if (error != Errors.NONE) {
                throw error.exception("writing the " + decision.result() + " marker of producer " + t.producerId() + " to "
                        + t.partition());
            }
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (admin != null) {
            admin.close(Duration.ZERO);
            admin = null;
        }
    }
}
