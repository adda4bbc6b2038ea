package org.together.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.together.schemas.Topics;

class EmbeddedKafkaBrokerTest {

    @TempDir
    Path dataDir;

    @Test
    void keepsTopicsAndRecordsAcrossARestartOnTheSameDirectory() throws Exception {
        Path logDir = dataDir.resolve("kafka");
        int port = FreePorts.pick();
        int controllerPort = FreePorts.pick();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(logDir, "127.0.0.1", port, controllerPort)) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                Topics.ensureCreated(admin, (short) 1, Optional.empty());
                assertThat(admin.listTopics().names().get()).contains(Topics.PARTICIPANT_JOINED.name(), Topics.DEAD_LETTERS.name());
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(Topics.TERRITORIES.name(), "lisbon-alfama", "first")).get();
            }
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(logDir, "127.0.0.1", port, controllerPort)) {
            assertThat(readAll(broker.bootstrapServers(), Topics.TERRITORIES.name()))
                    .extracting(ConsumerRecord::value).containsExactly("first");
        }
    }

    @Test
    void aPortInUseIsReportedInOneLineBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), "127.0.0.1", port, FreePorts.pick()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("127.0.0.1:" + port + ", the embedded Kafka broker's client port, is in use by another "
                            + "program: stop it, or give the broker another port");
            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), "127.0.0.1", FreePorts.pick(), port))
                    .hasMessageContaining("controller port, is in use");
        }
    }

    @Test
    void anAddressThatIsNotThisMachinesIsReportedAsSuchNotAsAPortInUse() {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine
        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), "192.0.2.1", FreePorts.pick(), FreePorts.pick()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot listen on 192.0.2.1:")
                .hasMessageContaining("192.0.2.1 is not an address of this machine")
                .hasMessageNotContaining("in use");
    }

    private static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 20_000;
            while (records.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
