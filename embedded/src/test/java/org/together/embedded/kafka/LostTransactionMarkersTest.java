package org.together.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.requests.TransactionResult;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the log directory a crash really left (CI, 2026-12-07, the whole stack killed while Kafka Streams was
 * committing): the restarted broker had recorded the transaction committed but written none of its markers, and the
 * aggregation's offsets in {@code __consumer_offsets} stayed unreadable for good. The crash's test runs first: it shows
 * the fault is there before anything repairs it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LostTransactionMarkersTest {
    private static final String GROUP = "together-aggregation";
    private static final TopicPartition JOINED_5 = new TopicPartition("together.participant-joined", 5);

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker broker;
    private static Map<String, Object> client;

    @BeforeAll
    static void startOnTheCrashedLogDirectory() throws IOException {
        Path logDir = dir.resolve("kafka");
        unzip("/kafka/crash-with-lost-commit-markers.zip", logDir);
        broker = EmbeddedKafkaBroker.start(logDir, "127.0.0.1", 0, 0);
        client = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    }

    private static final List<AutoCloseable> toClose = new java.util.ArrayList<>();

    private static <T extends AutoCloseable> T closeAfterAll(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void aCommitWhoseMarkersTheBrokerLostIsCompletedAsItsCoordinatorDecidedAndTheOffsetsReadAgain() throws Exception {
        try (Admin admin = Admin.create(client)) {
            assertThat(stableOffsets(admin, Duration.ofSeconds(10)))
                    .as("the fault as it was: the group's offsets cannot be read stable").doesNotContainKey(JOINED_5);

            LostTransactionMarkers markers = closeAfterAll(LostTransactionMarkers.manual(client));
            Instant now = Instant.now();
            assertThat(markers.look(now)).as("nothing is written on first sight").isEmpty();
            List<LostTransactionMarkers.Repair> repairs = markers.look(now.plus(LostTransactionMarkers.SETTLE));

            assertThat(repairs).extracting(LostTransactionMarkers.Repair::partition)
                    .contains(new TopicPartition("__consumer_offsets", 1),
                            new TopicPartition("together-aggregation-territory-entities-changelog", 2),
                            new TopicPartition("together-aggregation-network-day-changes-repartition", 0));
            assertThat(repairs).allSatisfy(r -> {
                assertThat(r.result()).isEqualTo(TransactionResult.COMMIT);
                assertThat(r.transactionalId()).startsWith("together-aggregation-");
            });

            // committed, not aborted: partition 5's offset is the one of the lost transaction (342 before it)
            Map<TopicPartition, OffsetAndMetadata> offsets = stableOffsets(admin, Duration.ofSeconds(30));
            assertThat(offsets).extractingByKey(JOINED_5).extracting(OffsetAndMetadata::offset).isEqualTo(351L);
            assertThat(markers.look(now.plusSeconds(60))).as("nothing left to write").isEmpty();
        }
        TopicPartition changelog = new TopicPartition("together-aggregation-territory-entities-changelog", 2);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            long end = consumer.endOffsets(List.of(changelog)).get(changelog);
            consumer.assign(List.of(changelog));
            consumer.seekToEnd(List.of(changelog));
            assertThat(consumer.position(changelog)).as("read_committed readers reach the end again").isEqualTo(end);
        }
    }

    @Test
    @Order(2)
    void aTransactionStillRunningIsNeverTouched() throws Exception {
        String topic = "running-transaction";
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "still-running",
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 120_000), new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "v")).get();

            LostTransactionMarkers markers = closeAfterAll(LostTransactionMarkers.manual(client));
            Instant now = Instant.now();
            markers.look(now);
            assertThat(markers.look(now.plusSeconds(60))).extracting(LostTransactionMarkers.Repair::transactionalId)
                    .doesNotContain("still-running");

            producer.commitTransaction();
        }
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            assertThat(consumer.poll(Duration.ofSeconds(10))).extracting(r -> r.value()).containsExactly("v");
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> stableOffsets(Admin admin, Duration timeout) throws Exception {
        return admin.listConsumerGroupOffsets(GROUP, new ListConsumerGroupOffsetsOptions().requireStable(true)
                .timeoutMs((int) timeout.toMillis())).partitionsToOffsetAndMetadata().get(timeout.toSeconds() + 5, TimeUnit.SECONDS);
    }

    private static void unzip(String resource, Path into) throws IOException {
        try (InputStream in = LostTransactionMarkersTest.class.getResourceAsStream(resource);
             ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                Path target = into.resolve(e.getName()).normalize();
                Files.createDirectories(target.getParent());
                Files.copy(zip, target);
            }
        }
    }
}
