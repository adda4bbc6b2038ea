package org.together.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.together.embedded.EmbeddedStack;
import org.together.schemas.TogetherSerdes;
import org.together.schemas.TopicSpec;
import org.together.schemas.Topics;

/**
 * What the integration tests share: the JVM's embedded Kafka and registry, one ingest service on them, an HTTP
 * client with keep-alive, and read_committed readers that show what really reached the topics.
 */
final class IngestTestSupport {

    static final String ADMIN_TOKEN = "admin-" + UUID.randomUUID();
    /** The network's pseudonym key: the same for every instance on the shared broker, as in production. */
    static final String PSEUDONYM_KEY = "test-pseudonym-key-" + UUID.randomUUID();
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static IngestService shared;
    private static TogetherSerdes serdes;

    private IngestTestSupport() {
    }

    static EmbeddedStack stack() {
        return EmbeddedStack.sharedForTests();
    }

    /** One ingest service for the whole test JVM, ready to serve. */
    static synchronized IngestService service() {
        if (shared == null) {
            shared = start(config(tempDir()));
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    static int port() {
        return service().port();
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("ingest-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static IngestConfig config(Path dataDir) {
        return new IngestConfig(stack().bootstrapServers(), stack().registryUrl(), "127.0.0.1", 0, ADMIN_TOKEN,
                PSEUDONYM_KEY, dataDir, Map.of());
    }

    static IngestService start(IngestConfig config) {
        IngestService s = new IngestService(config);
        s.start();
        awaitReady(s.port(), Duration.ofSeconds(60));
        return s;
    }

    static void awaitReady(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (get(port, "/health/ready", null).status() == 200) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("ingest service on port " + port + " not ready within " + timeout);
    }

    static synchronized TogetherSerdes serdes() {
        if (serdes == null) {
            serdes = TogetherSerdes.forRegistryUrl(stack().registryUrl());
        }
        return serdes;
    }

    record Response(int status, HttpHeaders headers, String text) {
        JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + text, e);
            }
        }

        JsonNode result(int i) {
            return json().get("results").get(i);
        }
    }

    record HttpHeaders(java.net.http.HttpHeaders headers) {
        String first(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    static Response send(int port, String method, String path, String token, String contentType, byte[] body) {
        return send(port, method, path, token, contentType, body, null);
    }

    /** With a Content-Encoding header when {@code contentEncoding} is not null. */
    static Response send(int port, String method, String path, String token, String contentType, byte[] body,
                         String contentEncoding) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (contentEncoding != null) {
            b.header("Content-Encoding", contentEncoding);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), new HttpHeaders(r.headers()), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Response postJson(int port, String path, String token, Object body) {
        return send(port, "POST", path, token, "application/json", bytes(body));
    }

    static Response putJson(int port, String path, String token, Object body) {
        return send(port, "PUT", path, token, "application/json", bytes(body));
    }

    static Response get(int port, String path, String token) {
        return send(port, "GET", path, token, null, null);
    }

    static byte[] bytes(Object body) {
        try {
            return body instanceof String s ? s.getBytes(StandardCharsets.UTF_8)
                    : body instanceof byte[] b ? b : JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Registers a fresh territory (unique id) and returns {id, token}. */
    static String[] newTerritory(int port, String prefix) {
        String id = prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        ObjectNode t = JSON.createObjectNode().put("id", id).put("name", "Territory " + id).put("countryCode", "BE")
                .put("kind", "municipality").put("population", 58_000).put("lat", 50.74).put("lon", 3.21);
        Response r = postJson(port, "/api/v1/territories", ADMIN_TOKEN, t);
        if (r.status() != 201) {
            throw new AssertionError("registering " + id + ": " + r.status() + " " + r.text());
        }
        return new String[] {id, r.json().get("token").asText()};
    }

    static String newEventId() {
        return UUID.randomUUID().toString();
    }

    static ObjectNode joined(String territoryId) {
        return JSON.createObjectNode().put("eventId", newEventId()).put("type", "participant.joined")
                .put("territoryId", territoryId).put("occurredAt", Instant.now().minus(2, ChronoUnit.HOURS).toString())
                .put("participantId", "p-" + UUID.randomUUID().toString().substring(0, 12)).put("role", "citizen")
                .put("channel", "workshop");
    }

    static ObjectNode toolUsed(String territoryId) {
        return JSON.createObjectNode().put("eventId", newEventId()).put("type", "tool.used")
                .put("territoryId", territoryId).put("occurredAt", Instant.now().minus(1, ChronoUnit.DAYS).toString())
                .put("toolId", "footprint-calculator").put("stage", "started").put("groupId", "workshop-1").put("rating", 5);
    }

    static ArrayNode array(JsonNode... events) {
        ArrayNode a = JSON.createArrayNode();
        for (JsonNode e : events) {
            a.add(e);
        }
        return a;
    }

    /**
     * The end of each partition once no transaction is pending in it (its last stable offset has reached its high
     * watermark, within 30 s): commit markers written after a commit was answered (see {@link #readCommitted}) then
     * count before a request, not as something it wrote.
     */
    static Map<TopicPartition, Long> endOffsets(Collection<TopicSpec<?>> topics) {
        try (KafkaConsumer<String, byte[]> c = consumer(); KafkaConsumer<String, byte[]> u = consumer("read_uncommitted")) {
            List<TopicPartition> partitions = partitions(c, topics);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                Map<TopicPartition, Long> stable = new HashMap<>(c.endOffsets(partitions));
                if (stable.equals(u.endOffsets(partitions)) || System.nanoTime() > deadline) {
                    return stable;
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<TopicPartition, Long> endOffsetsOfAllTopics() {
        return endOffsets(Topics.all());
    }

    /**
     * Every committed record of a topic, decoded, up to everything written when called. Reads up to the high watermark,
     * not the last stable offset a read_committed consumer is given as end: Kafka answers a commit once the coordinator
     * has logged it, and writes the commit markers into the partitions after that, so right after a 202 the last stable
     * offset may still stand before the event just accepted (an open transaction ends within the producers' 15 s).
     */
    @SuppressWarnings("unchecked")
    static <V extends SpecificRecord> List<ConsumerRecord<String, V>> readCommitted(TopicSpec<V> topic) {
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = consumer(); KafkaConsumer<String, byte[]> u = consumer("read_uncommitted")) {
            List<TopicPartition> partitions = partitions(c, List.of(topic));
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(u.endOffsets(partitions));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!ends.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    V v = r.value() == null ? null : serdes().value(topic).deserializer().deserialize(r.topic(), r.value());
                    out.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
                            r.serializedKeySize(), r.serializedValueSize(), r.key(), v, r.headers(), r.leaderEpoch()));
                }
                ends.entrySet().removeIf(e -> c.position(e.getKey()) >= e.getValue());
            }
        }
        return out;
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        return consumer("read_committed");
    }

    private static KafkaConsumer<String, byte[]> consumer(String isolation) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack().bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(p);
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> c, Collection<TopicSpec<?>> topics) {
        List<TopicPartition> out = new ArrayList<>();
        for (TopicSpec<?> t : topics) {
            c.partitionsFor(t.name()).forEach(p -> out.add(new TopicPartition(p.topic(), p.partition())));
        }
        return out;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
