package org.together.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.ingest.IngestTestSupport.ADMIN_TOKEN;
import static org.together.ingest.IngestTestSupport.JSON;
import static org.together.ingest.IngestTestSupport.get;
import static org.together.ingest.IngestTestSupport.joined;
import static org.together.ingest.IngestTestSupport.postJson;
import static org.together.ingest.IngestTestSupport.readCommitted;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.together.embedded.kafka.EmbeddedKafkaBroker;
import org.together.embedded.kafka.FreePorts;
import org.together.events.ParticipantJoined;
import org.together.schemas.Topics;

/** Restarts, an unreachable Kafka and a broker that goes away mid-stream: nothing acknowledged is lost or doubled. */
class ResilienceTest {

    private static String[] register(int port, String prefix) {
        return IngestTestSupport.newTerritory(port, prefix);
    }

    private static long countWithEventId(String eventId) {
        return readCommitted(Topics.PARTICIPANT_JOINED).stream()
                .filter(r -> r.value() != null && r.value().getEnvelope().getEventId().equals(eventId)).count();
    }

    @Test
    void aResendAfterTheServiceRestartedIsStillADuplicate() {
        Path dataDir = IngestTestSupport.tempDir();
        ObjectNode event;
        String[] t;
        try (IngestService first = IngestTestSupport.start(IngestTestSupport.config(dataDir))) {
            t = register(first.port(), "restart");
            event = joined(t[0]);
            assertThat(postJson(first.port(), "/api/v1/events", t[1], event).status()).isEqualTo(202);
        }

        try (IngestService second = IngestTestSupport.start(IngestTestSupport.config(dataDir))) {
            IngestTestSupport.Response again = postJson(second.port(), "/api/v1/events", t[1], event);
            IngestTestSupport.Response changed = postJson(second.port(), "/api/v1/events", t[1],
                    event.deepCopy().put("role", "other"));

            assertThat(again.status()).isEqualTo(202);
            assertThat(again.result(0).get("status").asText()).isEqualTo("duplicate");
            assertThat(changed.status()).isEqualTo(422);
            assertThat(changed.result(0).get("status").asText()).isEqualTo("conflict");
        }
        assertThat(countWithEventId(event.get("eventId").asText())).isEqualTo(1);
    }

    @Test
    void afterARestartOrOnAnInstanceReadingTheReceiptsBackOtherContentForAnUnseenParticipantIsStillAConflict() {
        Path dataDir = IngestTestSupport.tempDir();
        ObjectNode event;
        String[] t;
        try (IngestService first = IngestTestSupport.start(IngestTestSupport.config(dataDir))) {
            t = register(first.port(), "restart-unseen");
            event = joined(t[0]);
            assertThat(postJson(first.port(), "/api/v1/events", t[1], event).status()).isEqualTo(202);
        }
        ObjectNode unseen = event.deepCopy().put("participantId", "p-" + java.util.UUID.randomUUID().toString().substring(0, 12))
                .put("role", "other");

        // the same data dir (its index on disk), then a new one (the index read back from the receipts topic)
        for (Path dir : List.of(dataDir, IngestTestSupport.tempDir())) {
            try (IngestService again = IngestTestSupport.start(IngestTestSupport.config(dir))) {
                IngestTestSupport.Response changed = postJson(again.port(), "/api/v1/events", t[1], unseen);
                IngestTestSupport.Response same = postJson(again.port(), "/api/v1/events", t[1], event);

                assertThat(changed.result(0).get("status").asText()).as(dir.toString()).isEqualTo("conflict");
                assertThat(same.result(0).get("status").asText()).as(dir.toString()).isEqualTo("duplicate");
            }
        }
        assertThat(countWithEventId(event.get("eventId").asText())).isEqualTo(1);
    }

    @Test
    void aSecondInstanceSeesTerritoriesTokensAndReceiptsWrittenByTheFirst() {
        try (IngestService other = IngestTestSupport.start(IngestTestSupport.config(IngestTestSupport.tempDir()))) {
            int first = IngestTestSupport.port();
            String[] t = register(first, "two-instances");
            ObjectNode event = joined(t[0]);
            assertThat(postJson(first, "/api/v1/events", t[1], event).status()).isEqualTo(202);

            IngestTestSupport.Response r = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                r = postJson(other.port(), "/api/v1/events", t[1], event);
                if (r.status() == 202) {
                    break;
                }
                IngestTestSupport.sleep(50);
            }

            assertThat(r.status()).isEqualTo(202);
            assertThat(r.result(0).get("status").asText()).isEqualTo("duplicate");
            assertThat(countWithEventId(event.get("eventId").asText())).isEqualTo(1);
        }
    }

    @Test
    void aFloodOfSlowUploadsBeyondTheInFlightBudgetIsAnswered503AtOnce() throws Exception {
        int port = IngestTestSupport.port();
        String[] t = register(port, "flood");
        List<java.net.Socket> slow = new ArrayList<>();
        List<java.net.Socket> refused = new ArrayList<>();
        try {
            // each announces 1 MiB and sends one byte; the in-flight budget is 32 MiB
            for (int i = 0; i < 48; i++) {
                java.net.Socket s = new java.net.Socket("127.0.0.1", port);
                s.getOutputStream().write(("POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: Bearer " + t[1] + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1048576\r\n\r\n[").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                slow.add(s);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && refused.size() < 16) {
                refused.clear();
                for (java.net.Socket s : slow) {
                    if (s.getInputStream().available() > 0) {
                        refused.add(s);
                    }
                }
                IngestTestSupport.sleep(100);
            }

            // at most 32 uploads of 1 MiB are held; the others are answered without waiting for their bodies
            assertThat(refused).hasSizeGreaterThanOrEqualTo(16);
            refused.get(0).setSoTimeout(5_000);
            String answer = new String(refused.get(0).getInputStream().readNBytes(
                    refused.get(0).getInputStream().available()), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After:")
                    .contains("too many requests");
        } finally {
            for (java.net.Socket s : slow) {
                s.close();
            }
        }
        IngestTestSupport.Response after = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            after = postJson(port, "/api/v1/events", t[1], joined(t[0]));
            if (after.status() == 202) {
                break;
            }
            IngestTestSupport.sleep(100);
        }
        assertThat(after.status()).as("once the slow uploads are gone").isEqualTo(202);
    }

    @Test
    void withKafkaUnreachableEverythingIs503WithRetryAfterAndLivenessStaysUp() {
        IngestConfig nowhere = new IngestConfig("127.0.0.1:" + FreePorts.pick(), IngestTestSupport.stack().registryUrl(),
                "127.0.0.1", 0, ADMIN_TOKEN, IngestTestSupport.PSEUDONYM_KEY, IngestTestSupport.tempDir(), Map.of());
        try (IngestService service = new IngestService(nowhere)) {
            service.start();
            int port = service.port();
            IngestTestSupport.sleep(1_000);

            IngestTestSupport.Response events = postJson(port, "/api/v1/events", "tgt_whatever", joined("somewhere"));
            IngestTestSupport.Response imported = postJson(port, "/api/v1/import", ADMIN_TOKEN, joined("somewhere"));
            IngestTestSupport.Response register = postJson(port, "/api/v1/territories", ADMIN_TOKEN,
                    JSON.createObjectNode().put("id", "nowhere").put("name", "N").put("countryCode", "BE").put("kind", "city"));
            IngestTestSupport.Response ready = get(port, "/health/ready", null);

            for (IngestTestSupport.Response r : List.of(events, imported, register, ready)) {
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.headers().first("Retry-After")).isNotBlank();
            }
            assertThat(events.text()).doesNotContain("accepted\"");
            assertThat(ready.json().get("checks").get("kafka").asText()).isEqualTo("DOWN");
            assertThat(get(port, "/health/live", null).status()).isEqualTo(200);
        }
    }

    @Test
    void whenTheBrokerStopsRequestsAre503AndTheirRetryAfterItReturnsIsStoredOnce() throws Exception {
        Path dir = IngestTestSupport.tempDir();
        int kafkaPort = FreePorts.pick();
        int controllerPort = FreePorts.pick();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), "127.0.0.1", kafkaPort, controllerPort);
        IngestConfig config = new IngestConfig(broker.bootstrapServers(), IngestTestSupport.stack().registryUrl(),
                "127.0.0.1", 0, ADMIN_TOKEN, IngestTestSupport.PSEUDONYM_KEY, dir, Map.of());
        try (IngestService service = IngestTestSupport.start(config)) {
            int port = service.port();
            String[] t = register(port, "outage");
            ObjectNode before = joined(t[0]);
            assertThat(postJson(port, "/api/v1/events", t[1], before).status()).isEqualTo(202);

            broker.close();
            ObjectNode during = joined(t[0]);
            IngestTestSupport.Response down = postJson(port, "/api/v1/events", t[1], during);
            IngestTestSupport.Response notReady = get(port, "/health/ready", null);
            for (long until = System.nanoTime() + Duration.ofSeconds(10).toNanos(); notReady.status() == 200 && System.nanoTime() < until; ) {
                IngestTestSupport.sleep(200);
                notReady = get(port, "/health/ready", null);
            }
            assertThat(notReady.status()).as("not ready while Kafka is gone").isEqualTo(503);
            assertThat(notReady.json().get("checks").get("kafka").asText()).isEqualTo("DOWN");

            assertThat(down.status()).isEqualTo(503);
            assertThat(down.headers().first("Retry-After")).isNotBlank();
            assertThat(down.text()).doesNotContain("\"accepted\"");

            broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), "127.0.0.1", kafkaPort, controllerPort);
            IngestTestSupport.awaitReady(port, Duration.ofSeconds(60));
            IngestTestSupport.Response retried = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                retried = postJson(port, "/api/v1/events", t[1], during);
                if (retried.status() != 503) {
                    break;
                }
                IngestTestSupport.sleep(500);
            }

            assertThat(retried.status()).isEqualTo(202);
            assertThat(retried.result(0).get("status").asText()).isIn("accepted", "duplicate");
            Map<String, Long> counts = countByEventId(broker.bootstrapServers());
            assertThat(counts.get(before.get("eventId").asText())).isEqualTo(1L);
            assertThat(counts.get(during.get("eventId").asText())).isEqualTo(1L);
        } finally {
            broker.close();
        }
    }

    /** How many committed participant.joined records each eventId has on a given cluster. */
    private static Map<String, Long> countByEventId(String bootstrap) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        Map<String, Long> counts = new HashMap<>();
        Map<String, Object> uncommitted = new HashMap<>(p);
        uncommitted.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p); KafkaConsumer<String, byte[]> u = new KafkaConsumer<>(uncommitted)) {
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(Topics.PARTICIPANT_JOINED.name()).forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            // up to the high watermark: right after a 202 the commit markers may not be written yet, and a read_committed
            // end (the last stable offset) can then stand before the accepted event (IngestTestSupport.readCommitted)
            Map<TopicPartition, Long> ends = new HashMap<>(u.endOffsets(parts));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!ends.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    ParticipantJoined v = IngestTestSupport.serdes().value(Topics.PARTICIPANT_JOINED).deserializer()
                            .deserialize(r.topic(), r.value());
                    counts.merge(v.getEnvelope().getEventId(), 1L, Long::sum);
                }
                ends.entrySet().removeIf(e -> c.position(e.getKey()) >= e.getValue());
            }
        }
        return counts;
    }
}
