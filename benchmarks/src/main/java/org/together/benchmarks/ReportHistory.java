package org.together.benchmarks;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.together.embedded.EmbeddedStack;
import org.together.ingest.idempotency.ReceiptIndex;
import org.together.reference.EventReceipt;
import org.together.reference.Territory;
import org.together.schemas.TogetherSerdes;
import org.together.schemas.Topics;

/**
 * A history for measuring a report's pass: an embedded broker and registry on the given ports and data dir, N
 * events of T territories over the last D days written straight to the event topics (as ingest would), then kept
 * serving until stopped, so {@code ./together snapshot --kafka ... --registry ...} can be timed in its own JVM and
 * heap. A data dir already loaded is only served ({@code --events 0}).
 *
 * <pre>
 *   java -cp 'benchmarks/target/benchmarks.jar:benchmarks/target/lib/*' org.together.benchmarks.ReportHistory \
 *       DIR KAFKA_PORT CONTROLLER_PORT REGISTRY_PORT EVENTS TERRITORIES DAYS
 * </pre>
 */
public final class ReportHistory {

    private static final String[] COUNTRIES = {"FR", "BE", "IT", "ES", "PT", "DE", "LU", "CH", "GR", "RO", "CV", "CD"};

    private ReportHistory() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: ReportHistory DIR KAFKA_PORT CONTROLLER_PORT REGISTRY_PORT EVENTS TERRITORIES DAYS");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        long events = Long.parseLong(args[4]);
        int territoryCount = Integer.parseInt(args[5]);
        int days = Integer.parseInt(args[6]);
        EmbeddedStack stack = EmbeddedStack.start(dir, "127.0.0.1", Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }));
        if (events > 0) {
            load(stack, events, territoryCount, days);
        }
        System.out.printf("serving %s, registry %s; stop with SIGTERM%n", stack.bootstrapServers(), stack.registryUrl());
        System.out.flush();
        stopped.await();
    }

    private static void load(EmbeddedStack stack, long events, int territoryCount, int days) {
        long started = System.nanoTime();
        load(stack.bootstrapServers(), TogetherSerdes.forRegistryUrl(stack.registryUrl()), events, territoryCount, days, false,
                System.out::println);
        System.out.printf("loaded %,d events of %,d territories over %d days in %.1f s%n", events, territoryCount, days,
                (System.nanoTime() - started) / 1e9);
    }

    /**
     * Registers {@code territoryCount} territories and writes {@code events} events of the bench mix over the last
     * {@code days} days to the event topics, with their receipts when {@code withReceipts} (as ingest writes them: each
     * in its territory's partition, so ingest's index has as many eventIds to read as the log has events).
     */
    static void load(String bootstrap, TogetherSerdes serdes, long events, int territoryCount, int days, boolean withReceipts,
                     java.util.function.Consumer<String> say) {
        List<String> territories = new ArrayList<>();
        java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
        org.apache.kafka.clients.producer.Callback callback = (md, ex) -> {
            if (ex != null) {
                failed.incrementAndGet();
                failure.compareAndSet(null, ex);
            }
        };
        var receipts = serdes.value(Topics.EVENT_RECEIPTS).serializer();
        byte[] hash = new byte[32];
        String hex = java.util.HexFormat.of().formatHex(hash);
        try (KafkaProducer<String, byte[]> producer = Kafka.rawProducer(bootstrap)) {
            for (int t = 0; t < territoryCount; t++) {
                String id = String.format("history-%05d", t);
                territories.add(id);
                Territory territory = Territory.newBuilder().setId(id).setName("Territory " + t)
                        .setCountryCode(COUNTRIES[t % COUNTRIES.length]).setKind("municipality").setPopulation(null)
                        .setLat(null).setLon(null).setRegisteredAt(Instant.now()).build();
                producer.send(new ProducerRecord<>(Topics.TERRITORIES.name(), id,
                        serdes.value(Topics.TERRITORIES).serializer().serialize(Topics.TERRITORIES.name(), territory)), callback);
            }
            EventMix mix = new EventMix(territories, 20210710L, "h", days);
            for (long i = 0; i < events; i++) {
                EventMix.Event e = mix.next();
                String topic = e.type().topic().name();
                int partition = org.together.schemas.TerritoryPartitions.of(e.territoryId());
                producer.send(new ProducerRecord<>(topic, partition, e.territoryId(), Kafka.serialize(serdes, e.type(), e.record())), callback);
                if (withReceipts) {
                    EventReceipt receipt = new EventReceipt(e.eventId(), e.territoryId(), hex, topic, Instant.now(), true);
                    producer.send(new ProducerRecord<>(Topics.EVENT_RECEIPTS.name(), partition, e.eventId(),
                            receipts.serialize(Topics.EVENT_RECEIPTS.name(), receipt),
                            List.of(new RecordHeader(ReceiptIndex.HASH_HEADER, hash))), callback);
                }
                if ((i + 1) % 1_000_000 == 0) {
                    say.accept(String.format("  %,d events written", i + 1));
                }
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " records could not be written, first: " + failure.get());
        }
    }
}
