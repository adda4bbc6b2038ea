package org.together.ingest;

import static org.together.ingest.IngestTestSupport.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.together.events.EventEnvelope;
import org.together.events.ParticipantJoined;
import org.together.events.ParticipantRole;
import org.together.schemas.Topics;

/**
 * Not a test: a measurement, run on demand with {@code -Dtest=IngestThroughputProbe -Dingest.probe=true}.
 * Posts events in requests of 100 over HTTP and compares with a raw idempotent producer writing the same
 * records on the same broker, in the same run. Prints the numbers; asserts nothing.
 */
@EnabledIfSystemProperty(named = "ingest.probe", matches = "true")
class IngestThroughputProbe {

    private static final int EVENTS = Integer.getInteger("ingest.probe.events", 60_000);
    private static final int BATCH = 100;
    private static final int CLIENTS = Integer.getInteger("ingest.probe.clients", 8);

    @Test
    void measure() throws Exception {
        int port = IngestTestSupport.port();
        String[] t = IngestTestSupport.newTerritory(port, "probe");
        // warm up both paths
        http(port, t, 5_000);
        raw(t[0], 5_000, false);

        bareTransactions(t[0]);
        for (int round = 1; round <= 2; round++) {
            double httpRate = http(port, t, EVENTS);
            double rawStreaming = raw(t[0], EVENTS, false);
            double rawBatches = raw(t[0], EVENTS, true);
            System.out.printf("PROBE round %d: ingest HTTP %.0f ev/s; raw producer streaming %.0f rec/s (ratio %.2f); "
                            + "raw producer, %d threads flushing every %d %.0f rec/s (ratio %.2f)%n",
                    round, httpRate, rawStreaming, httpRate / rawStreaming, CLIENTS, BATCH, rawBatches, httpRate / rawBatches);
        }
        IngestTestSupport.get(port, "/metrics", null).text().lines()
                .filter(l -> l.startsWith("together_ingest_transaction") || l.startsWith("together_ingest_request_phase_seconds_sum") || l.startsWith("http_server_requests_seconds_sum{method=\"POST\",route=\"/api/v1/events\"")
                        || l.startsWith("http_server_requests_seconds_count{method=\"POST\",route=\"/api/v1/events\""))
                .forEach(l -> System.out.println("PROBE " + l));
    }

    private static double http(int port, String[] territory, int events) throws Exception {
        int requests = events / BATCH;
        List<byte[]> bodies = new ArrayList<>(requests);
        for (int r = 0; r < requests; r++) {
            ArrayNode batch = JSON.createArrayNode();
            for (int i = 0; i < BATCH; i++) {
                batch.add(event(territory[0]));
            }
            bodies.add(IngestTestSupport.bytes(batch));
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            done.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < requests) {
                    int status = IngestTestSupport.send(port, "POST", "/api/v1/events", territory[1], "application/json",
                            bodies.get(i)).status();
                    if (status != 202) {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        if (failures.get() > 0) {
            System.out.println("PROBE " + failures.get() + " requests were not 202");
        }
        return requests * BATCH / seconds;
    }

    /** Sequential bare transactions of 200 records vs sequential send+flush of 200 records, one producer each. */
    private static void bareTransactions(String territory) throws Exception {
        var serializer = IngestTestSupport.serdes().value(Topics.PARTICIPANT_JOINED).serializer();
        byte[] v = serializer.serialize(Topics.PARTICIPANT_JOINED.name(), new ParticipantJoined(new EventEnvelope(
                UUID.randomUUID().toString(), territory, Instant.now(), Instant.now(), null), "p-12345678",
                ParticipantRole.CITIZEN, null, null));
        for (boolean tx : new boolean[] {true, false, true, false, true}) {
            Map<String, Object> p = new HashMap<>();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, IngestTestSupport.stack().bootstrapServers());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, Integer.getInteger("ingest.probe.backoff", 10));
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            if (tx) {
                p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "probe-" + UUID.randomUUID());
            }
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
                if (tx) {
                    producer.initTransactions();
                }
                int rounds = 50;
                long start = System.nanoTime();
                for (int r = 0; r < rounds; r++) {
                    if (tx) {
                        producer.beginTransaction();
                    }
                    for (int i = 0; i < 100; i++) {
                        producer.send(new ProducerRecord<>(Topics.PARTICIPANT_JOINED.name(), territory, v));
                        producer.send(new ProducerRecord<>(Topics.PARTICIPANT_LEFT.name(), 3, territory, v));
                    }
                    if (tx) {
                        producer.commitTransaction();
                    } else {
                        producer.flush();
                    }
                }
                System.out.printf("PROBE bare %s: %.1f ms per 200 records%n", tx ? "transaction" : "send+flush",
                        (System.nanoTime() - start) / 1e6 / rounds);
            }
        }
    }

    private static ObjectNode event(String territory) {
        return JSON.createObjectNode().put("eventId", UUID.randomUUID().toString()).put("type", "participant.joined")
                .put("territoryId", territory).put("occurredAt", Instant.now().minusSeconds(3600).toString())
                .put("participantId", "p-" + UUID.randomUUID().toString().substring(0, 13)).put("role", "citizen")
                .put("groupId", "workshop-12").put("channel", "workshop");
    }

    private static double raw(String territory, int events, boolean flushEveryBatch) throws Exception {
        List<byte[]> values = RawProducer.joins(territory, events);
        try (KafkaProducer<String, byte[]> producer = RawProducer.open()) {
            long start = System.nanoTime();
            if (!flushEveryBatch) {
                for (byte[] v : values) {
                    producer.send(new ProducerRecord<>(Topics.PARTICIPANT_JOINED.name(), territory, v));
                }
                producer.flush();
            } else {
                AtomicInteger next = new AtomicInteger();
                ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    done.add(pool.submit(() -> {
                        int b;
                        while ((b = next.getAndIncrement()) < events / BATCH) {
                            List<Future<?>> acks = new ArrayList<>(BATCH);
                            for (int i = b * BATCH; i < (b + 1) * BATCH; i++) {
                                acks.add(producer.send(new ProducerRecord<>(Topics.PARTICIPANT_JOINED.name(), territory, values.get(i))));
                            }
                            for (Future<?> a : acks) {
                                a.get();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                pool.shutdown();
            }
            return events / ((System.nanoTime() - start) / 1e9);
        }
    }
}
