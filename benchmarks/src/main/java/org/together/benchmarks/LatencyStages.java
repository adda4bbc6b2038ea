package org.together.benchmarks;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.together.schemas.Topics;

/**
 * Where the end-to-end time goes (TopologyProbe, on demand): besides what {@link LatencyBenchmark} times (202, the
 * shared summary, the live stream), when each request's events are readable in the event topic (a read_committed
 * consumer: ingest's transaction committed) and when the network's committed stores hold them (the summary asked
 * with {@code ?asOf=today}, computed at each request, not shared).
 */
final class LatencyStages implements LatencyBenchmark.Watcher, AutoCloseable {

    private record Pending(long threshold, long sentNanos, int events) {
    }

    /** One stage: a request's events reach it when the watched count reaches its threshold. */
    private static final class Stage {
        final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
        final Histogram histogram = Latency.histogram();

        synchronized void reached(long value, long atNanos) {
            for (Pending p = pending.peek(); p != null && p.threshold() <= value; p = pending.peek()) {
                pending.poll();
                Latency.record(histogram, atNanos - p.sentNanos(), p.events());
            }
        }

        synchronized Latency latency() {
            return Latency.of(histogram);
        }
    }

    private final Stage topic = new Stage();
    private final Stage unshared = new Stage();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    LatencyStages(String bootstrap, String queryUrl, String territory) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = Kafka.partitions(List.of(Topics.PARTICIPANT_JOINED.name()), Topics.EVENT_PARTITIONS);
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // positioned before the load starts
        threads.add(new Thread(() -> {
            long seen = 0;
            try (consumer) {
                while (running.get()) {
                    var records = consumer.poll(Duration.ofMillis(20));
                    long at = System.nanoTime();
                    for (ConsumerRecord<String, byte[]> r : records) {
                        if (territory.equals(r.key())) {
                            seen++;
                        }
                    }
                    topic.reached(seen, at);
                }
            }
        }, "probe-event-topic"));
        String url = queryUrl + "/api/v1/network/summary?asOf=";
        threads.add(new Thread(() -> {
            HttpClient client = Http.client();
            while (running.get()) {
                try {
                    var body = Http.getJson(client, url + LocalDate.now(ZoneOffset.UTC));
                    unshared.reached(body.path("participantsEver").asLong(), System.nanoTime());
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // keep asking
                }
            }
        }, "probe-unshared-summary"));
        threads.forEach(t -> {
            t.setDaemon(true);
            t.start();
        });
    }

    @Override
    public void sent(long postedBefore, long ever, long sentNanos, int events) {
        topic.pending.add(new Pending(postedBefore + events, sentNanos, events));
        unshared.pending.add(new Pending(ever, sentNanos, events));
    }

    Latency readableInEventTopic() {
        return topic.latency();
    }

    Latency inCommittedNetworkStores() {
        return unshared.latency();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(5_000);
        }
    }
}
