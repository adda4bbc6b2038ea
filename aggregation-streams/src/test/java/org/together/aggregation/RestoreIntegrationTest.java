package org.together.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.aggregation.TestEvents.joined;
import static org.together.aggregation.TestEvents.territory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.together.aggregation.query.LastFigures;
import org.together.embedded.EmbeddedStack;
import org.together.schemas.TogetherSerdes;
import org.together.schemas.Topics;

/**
 * An instance whose local state is gone (what exactly-once does to it after a crash) restores every store from the
 * changelogs. Meanwhile it answers with the last figures it kept, marked as such, and never with figures read from
 * a store half restored: every live answer counts every participant.
 */
class RestoreIntegrationTest {

    private static final int TERRITORIES = 20;
    private static final int PARTICIPANTS = 30_000;
    /** The restore reads its changelogs a few records at a time: it takes seconds, as with a long history. */
    private static final Map<String, String> SLOW_RESTORE = Map.of("restore.consumer.max.poll.records", "20");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VIEWER = "viewer-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void whileItsStoresAreRestoredAnInstanceAnswersItsLastFiguresAndNeverHalfRestoredOnes() throws Exception {
        EmbeddedStack stack = EmbeddedStack.sharedForTests();
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> territories = new ArrayList<>();
        for (int i = 0; i < TERRITORIES; i++) {
            territories.add("restore-" + run + "-" + i);
        }
        send(stack, territories);
        Path stateDir = Files.createTempDirectory("restore-test-");
        AggregationConfig config = new AggregationConfig(stack.bootstrapServers(), stack.registryUrl(), "restore-it-" + run,
                "127.0.0.1", 0, "127.0.0.1", stateDir, Optional.of(VIEWER), Optional.empty(), Map.of());
        String territory = "/api/v1/territories/" + territories.get(0) + "/summary";
        long perTerritory = PARTICIPANTS / TERRITORIES;

        long network;
        try (AggregationStreamsService first = new AggregationStreamsService(config)) {
            first.start();
            awaitEver(first, territory, perTerritory, Duration.ofMinutes(3));
            // the shared broker's topics also hold the other test classes' events: the network counts them too
            network = awaitEver(first, "/api/v1/network/summary", PARTICIPANTS, Duration.ofMinutes(1));
        } // closing keeps the last figures in the state directory

        try (Stream<Path> kafkaStreamsState = Files.list(stateDir)) {
            for (Path p : kafkaStreamsState.filter(Files::isDirectory).toList()) {
                deleteRecursively(p); // the stores, not the last figures beside them
            }
        }
        AggregationConfig slowRestore = new AggregationConfig(config.bootstrapServers(), config.schemaRegistryUrl(),
                config.applicationId(), "127.0.0.1", 0, "127.0.0.1", stateDir, Optional.of(VIEWER), Optional.empty(), SLOW_RESTORE);
        try (AggregationStreamsService restarted = new AggregationStreamsService(slowRestore)) {
            restarted.start();
            List<String> halfRestored = new ArrayList<>();
            int kept = 0;
            int live = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (live < 20 && System.nanoTime() < deadline) {
                for (String[] q : new String[][] {{"/api/v1/network/summary", String.valueOf(network)}, {territory, String.valueOf(perTerritory)}}) {
                    HttpResponse<String> r = get(restarted, q[0]);
                    if (r.statusCode() != 200) {
                        continue;
                    }
                    JsonNode body = JSON.readTree(r.body());
                    boolean restoring = r.headers().firstValue(LastFigures.RESTORING_HEADER).isPresent();
                    if (restoring) {
                        kept++;
                        assertThat(body.path("restoring").asBoolean()).isTrue();
                    } else {
                        live++;
                        if (body.path("participantsEver").asLong() < Long.parseLong(q[1])) {
                            halfRestored.add(q[0] + ": " + body.path("participantsEver").asLong());
                        }
                    }
                }
                Thread.sleep(20);
            }
            assertThat(halfRestored).as("live answers counting fewer participants than there are").isEmpty();
            assertThat(kept).as("answers from the last figures while restoring").isPositive();
            assertThat(live).as("live answers once restored").isGreaterThanOrEqualTo(20);
        } finally {
            deleteRecursively(stateDir);
        }
    }

    private static void send(EmbeddedStack stack, List<String> territories) {
        TogetherSerdes serdes = TogetherSerdes.forRegistryUrl(stack.registryUrl());
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            var territorySerializer = serdes.value(Topics.TERRITORIES).serializer();
            for (int i = 0; i < territories.size(); i++) {
                producer.send(new ProducerRecord<>(Topics.TERRITORIES.name(), territories.get(i),
                        territorySerializer.serialize(Topics.TERRITORIES.name(), territory(territories.get(i), "Territory " + i, "FR"))));
            }
            var joinSerializer = serdes.value(Topics.PARTICIPANT_JOINED).serializer();
            for (int p = 0; p < PARTICIPANTS; p++) {
                String t = territories.get(p % territories.size());
                String day = String.format("2021-%02d-%02dT09:00:00Z", 1 + p % 12, 1 + p % 28);
                producer.send(new ProducerRecord<>(Topics.PARTICIPANT_JOINED.name(), t,
                        joinSerializer.serialize(Topics.PARTICIPANT_JOINED.name(), joined(t, "p-" + p, day))));
            }
            producer.flush();
        }
    }

    private static HttpResponse<String> get(AggregationStreamsService instance, String path) throws Exception {
        // exact figures (the viewer token): in public, a territory of 1,500 may be hidden as another class's small
        // territory's partner on the shared broker
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.port() + path))
                .header("Authorization", "Bearer " + VIEWER).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until the answer counts at least {@code expected} participants, and returns how many it counts. */
    private static long awaitEver(AggregationStreamsService instance, String path, long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(instance, path);
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200 && JSON.readTree(r.body()).path("participantsEver").asLong() >= expected) {
                return JSON.readTree(r.body()).path("participantsEver").asLong();
            }
            Thread.sleep(250);
        }
        throw new AssertionError(path + " never counted " + expected + " participants; last: " + last);
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
