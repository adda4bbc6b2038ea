package org.together.ingest;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.together.ingest.idempotency.ReceiptIndex;
import org.together.reference.PseudonymClaim;
import org.together.schemas.Topics;

/**
 * Not a test: a measurement, run on demand with {@code -Dtest=IndexReadyProbe -Dingest.probe=true}
 * ({@code -Dingest.probe.receipts=1000000 -Dingest.probe.participants=200000}). Writes that many receipts and vault
 * claims, then times an instance becoming ready on a new data dir (the indexes built from the topics) and again on
 * the same data dir (resumed), and prints the heap after GC and the indexes' off-heap memory and disk.
 */
@EnabledIfSystemProperty(named = "ingest.probe", matches = "true")
class IndexReadyProbe {

    private static final int RECEIPTS = Integer.getInteger("ingest.probe.receipts", 1_000_000);
    private static final int PARTICIPANTS = Integer.getInteger("ingest.probe.participants", 200_000);

    @Test
    void measure() throws Exception {
        IngestTestSupport.port(); // the broker, the topics, the schemas
        long writeStarted = System.nanoTime();
        write();
        System.out.printf("PROBE wrote %,d receipts and %,d claims in %.1f s%n", RECEIPTS, PARTICIPANTS,
                (System.nanoTime() - writeStarted) / 1e9);
        Path dir = IngestTestSupport.tempDir();
        report("built from the topics", dir);
        report("resumed", dir);
        report("resumed", dir);
    }

    private static void report(String how, Path dir) throws Exception {
        long heapBefore = heapAfterGc();
        long started = System.nanoTime();
        try (IngestService s = new IngestService(IngestTestSupport.config(dir))) {
            s.start();
            IngestTestSupport.awaitReady(s.port(), Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - started) / 1e9;
            long heap = heapAfterGc() - heapBefore;
            String metrics = IngestTestSupport.get(s.port(), "/metrics", null).text();
            System.out.printf("PROBE ready in %.1f s (%s): heap after GC +%,d KiB; index memory %s, disk %s, receipts %s%n",
                    seconds, how, heap / 1024, gauge(metrics, "together_ingest_index_memory_bytes"),
                    gauge(metrics, "together_ingest_index_disk_bytes"), gauge(metrics, "together_ingest_receipts "));
        }
    }

    private static String gauge(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name)).findFirst()
                .map(l -> String.format("%,.0f", Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))).orElse("?");
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void write() throws Exception {
        SecureRandom random = new SecureRandom();
        byte[] value = {0};
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, IngestTestSupport.stack().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < RECEIPTS; i++) {
                byte[] hash = new byte[32];
                random.nextBytes(hash);
                // what ingest writes: the hash in a header, which the index reads without decoding the value
                producer.send(new ProducerRecord<>(Topics.EVENT_RECEIPTS.name(), i % Topics.EVENT_RECEIPTS.partitions(),
                        UUID.randomUUID().toString(), value, List.of(new RecordHeader(ReceiptIndex.HASH_HEADER, hash))));
            }
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            for (int i = 0; i < PARTICIPANTS; i++) {
                byte[] k = new byte[32];
                byte[] c = new byte[16];
                byte[] p = new byte[16];
                random.nextBytes(k);
                random.nextBytes(c);
                random.nextBytes(p);
                byte[] claim = IngestTestSupport.serdes().value(Topics.PSEUDONYMS).serializer()
                        .serialize(Topics.PSEUDONYMS.name(), new PseudonymClaim(b64.encodeToString(p)));
                producer.send(new ProducerRecord<>(Topics.PSEUDONYMS.name(), i % Topics.PSEUDONYMS.partitions(),
                        b64.encodeToString(k) + "." + b64.encodeToString(c), claim));
            }
            producer.flush();
        }
    }
}
