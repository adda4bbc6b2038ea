package org.together.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.aggregation.TestEvents.assessed;
import static org.together.aggregation.TestEvents.criteriaEvaluation;
import static org.together.aggregation.TestEvents.criterion;
import static org.together.aggregation.TestEvents.joined;
import static org.together.aggregation.TestEvents.left;
import static org.together.aggregation.TestEvents.territory;
import static org.together.aggregation.TestEvents.toolUsedByParticipant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.together.aggregation.query.QueryEndpoints;
import org.together.embedded.EmbeddedStack;
import org.together.events.EventEnvelope;
import org.together.events.SpiralQuestion;
import org.together.events.ToolStage;
import org.together.schemas.EventType;
import org.together.schemas.TogetherSerdes;
import org.together.schemas.Topics;

/**
 * Two aggregation-streams instances sharing one application id on the embedded broker: either
 * answers every territory and the network the same; with one stopped the other answers everything;
 * reprocessing the same topics under a new application id gives identical figures.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesIntegrationTest {

    /** Read as the coordination team: small territories' figures exact, and of past days (the public's are today's). */
    private static final String VIEWER = "viewer-" + java.util.UUID.randomUUID();

    private static final int TERRITORIES = 10;
    private static final String AS_OF = "asOf=2021-07-10";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static EmbeddedStack stack;
    private static String run;
    private static AggregationStreamsService first;
    private static AggregationStreamsService second;
    private static final List<String> territories = new ArrayList<>();
    /** What Kafka Streams' configuration warned about in this class's stream threads. */
    private static final List<String> streamsConfigWarnings = new CopyOnWriteArrayList<>();
    private static AbstractAppender warningsSeen;

    @BeforeAll
    static void startTwoInstancesAndSendEvents() throws Exception {
        stack = EmbeddedStack.sharedForTests();
        run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < TERRITORIES; i++) {
            territories.add("it-" + run + "-" + i);
        }
        String applicationId = "aggregation-it-" + run;
        watchStreamsConfigWarnings();
        try {
            first = start(applicationId, "first");
            second = start(applicationId, "second");
        } finally {
            stopWatchingStreamsConfigWarnings(); // a failed start must not leave the appender on later test classes
        }
        sendEvents();
    }

    /** Kafka Streams checks its configuration in the thread that creates an instance, here the one starting them. */
    private static void watchStreamsConfigWarnings() {
        String starting = Thread.currentThread().getName();
        warningsSeen = new AbstractAppender("streams-config-warnings", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                if (event.getLoggerName().equals(StreamsConfig.class.getName()) && event.getThreadName().equals(starting)
                        && event.getLevel().isMoreSpecificThan(Level.WARN)) {
                    streamsConfigWarnings.add(event.getMessage().getFormattedMessage());
                }
            }
        };
        warningsSeen.start();
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        logging.getConfiguration().getRootLogger().addAppender(warningsSeen, Level.WARN, null);
        logging.updateLoggers();
    }

    private static void stopWatchingStreamsConfigWarnings() {
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        logging.getConfiguration().getRootLogger().removeAppender(warningsSeen.getName());
        logging.updateLoggers();
    }

    @AfterAll
    static void stop() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    private static AggregationStreamsService start(String applicationId, String name) throws IOException {
        AggregationConfig config = new AggregationConfig(stack.bootstrapServers(), stack.registryUrl(), applicationId,
                "127.0.0.1", 0, "127.0.0.1", Files.createTempDirectory("agg-" + name),
                Optional.of(VIEWER), Optional.empty(), Map.of(
                        "consumer.session.timeout.ms", "10000",
                        "consumer.heartbeat.interval.ms", "1000"));
        AggregationStreamsService service = new AggregationStreamsService(config);
        service.start();
        return service;
    }

    /** Territory i: i+2 participants join in June; in even territories the first leaves on 5 July. */
    private static void sendEvents() {
        TogetherSerdes serdes = TogetherSerdes.forRegistryUrl(stack.registryUrl());
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < TERRITORIES; i++) {
                String t = territories.get(i);
                sendTerritory(producer, serdes, t, i);
                for (int p = 0; p < i + 2; p++) {
                    SpecificRecord join = joined(t, "p-participant-" + p, "2021-06-" + (10 + p) + "T09:00:00Z");
                    send(producer, serdes, join);
                    if (i == 0) {
                        send(producer, serdes, join); // a producer retry: must count once
                    }
                }
                if (i % 2 == 0) {
                    send(producer, serdes, left(t, "p-participant-0", "2021-07-05T09:00:00Z"));
                }
                send(producer, serdes, toolUsedByParticipant(t, "p-participant-1", "choices-guide", ToolStage.STARTED, 4, "2021-07-01T10:00:00Z"));
                send(producer, serdes, criteriaEvaluation(t, "g-group-1", 8, List.of(criterion("A", SpiralQuestion.WELLBEING, i + 1)), "2021-07-02T10:00:00Z"));
                send(producer, serdes, assessed(t, "p-participant-1", 1.0 + i, "2021-07-03T10:00:00Z"));
            }
            producer.send(new ProducerRecord<>(Topics.TOOL_USED.name(), territories.get(1), ("garbage " + run).getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
    }

    private static void sendTerritory(KafkaProducer<String, byte[]> producer, TogetherSerdes serdes, String id, int i) {
        producer.send(new ProducerRecord<>(Topics.TERRITORIES.name(), id,
                serdes.value(Topics.TERRITORIES).serializer().serialize(Topics.TERRITORIES.name(), territory(id, "Territory " + i, i % 3 == 0 ? "FR" : "BE"))));
    }

    @SuppressWarnings("unchecked")
    private static void send(KafkaProducer<String, byte[]> producer, TogetherSerdes serdes, SpecificRecord event) {
        EventType type = EventType.fromTopic(topicOf(event)).orElseThrow();
        byte[] bytes = ((org.apache.kafka.common.serialization.Serde<SpecificRecord>) (Object) serdes.value(type.topic()))
                .serializer().serialize(type.topic().name(), event);
        producer.send(new ProducerRecord<>(type.topic().name(), ((EventEnvelope) event.get(0)).getTerritoryId(), bytes));
    }

    private static String topicOf(SpecificRecord event) {
        for (EventType type : EventType.values()) {
            if (type.topic().valueType().equals(event.getClass())) {
                return type.topic().name();
            }
        }
        throw new IllegalArgumentException(event.getClass().getName());
    }

    // ---- the tests ----

    @Test
    @Order(1)
    void eitherInstanceAnswersEveryTerritoryAndTheNetworkTheSame() throws Exception {
        for (int i = 0; i < TERRITORIES; i++) {
            String path = "/api/v1/territories/" + territories.get(i) + "/summary?" + AS_OF;
            long expectedActive = i + 2 - (i % 2 == 0 ? 1 : 0);
            JsonNode fromFirst = await(first, path, s -> s.path("participantsActive").asLong() == expectedActive
                    && s.path("wellbeing").path("evaluations").asLong() == 1 && s.path("footprint").path("assessments").asLong() == 1);
            JsonNode fromSecond = await(second, path, s -> s.equals(fromFirst));
            assertThat(fromSecond).isEqualTo(fromFirst);
            assertThat(fromFirst.path("participantsEver").asLong()).isEqualTo(i + 2);
            assertThat(fromFirst.path("tools").get(0).path("starts").asLong()).isEqualTo(1);
        }
        // on a loaded machine the second instance may get its share of the tasks a rebalance later: wait for it
        Poll.until("the territories spread over both instances, the first forwarding", Duration.ofSeconds(60),
                Duration.ofMillis(500), () -> {
                    Set<String> answeredBy = new HashSet<>();
                    for (String t : territories) {
                        answeredBy.add(get(first, "/api/v1/territories/" + t + "/summary?" + AS_OF).headers()
                                .firstValue(QueryEndpoints.ANSWERED_BY_HEADER).orElseThrow());
                    }
                    return answeredBy.size() == 2;
                });

        for (String path : List.of("/api/v1/network/summary?" + AS_OF, "/api/v1/network/tools?" + AS_OF,
                "/api/v1/network/wellbeing?" + AS_OF, "/api/v1/network/growth?interval=week&from=2021-06-01&to=2021-07-12",
                "/api/v1/territories/" + territories.get(3) + "/growth?interval=month&from=2021-05-01&to=2021-08-01")) {
            // network figures follow the territories' by a forwarding interval: wait until both agree
            JsonNode[] a = new JsonNode[1];
            JsonNode b = await(second, path, s -> {
                try {
                    a[0] = json(get(first, path));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return s.equals(a[0]);
            });
            assertThat(b).as(path).isEqualTo(a[0]);
        }
    }

    @Test
    @Order(2)
    void startingAnInstanceLeavesNoConfigurationWarning() {
        // the partition assignor builds its own StreamsConfig from the consumer's settings; it used to warn at every
        // start that the processing exception handler was off for the global thread, though it is on
        assertThat(streamsConfigWarnings).isEmpty();
    }

    @Test
    @Order(2)
    void anUnknownTerritoryIs404AndABadIntervalIs400FromEitherInstance() throws Exception {
        for (AggregationStreamsService instance : List.of(first, second)) {
            assertThat(get(instance, "/api/v1/territories/nowhere-" + run + "/summary").statusCode()).isEqualTo(404);
            HttpResponse<String> bad = get(instance, "/api/v1/network/growth?interval=fortnight");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("interval must be one of day, week, month, quarter");
            assertThat(get(instance, "/api/v1/network/growth?from=2021-07-10&to=2021-07-01").statusCode()).isEqualTo(400);
            assertThat(get(instance, "/api/v1/network/summary?asOf=yesterday").statusCode()).isEqualTo(400);
        }
    }

    @Test
    @Order(3)
    void undecodableRecordsReachTheDeadLetterTopicUnderExactlyOnce() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-check-" + run);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.DEAD_LETTERS.name()));
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (new String(r.value(), StandardCharsets.UTF_8).equals("garbage " + run)) {
                        assertThat(new String(r.headers().lastHeader("__streams.errors.topic").value(), StandardCharsets.UTF_8))
                                .isEqualTo(Topics.TOOL_USED.name());
                        // written by our own deserialization handler (DeadLetterUndecodableRecords), and counted
                        assertThat(new String(r.headers().lastHeader("__streams.errors.message").value(), StandardCharsets.UTF_8))
                                .contains("magic byte");
                        double counted = 0;
                        for (AggregationStreamsService instance : List.of(first, second)) {
                            counted += deadLettersCounted(instance, "undecodable");
                        }
                        assertThat(counted).as("together_dead_letters_total{reason=\"undecodable\"} of both instances")
                                .isGreaterThanOrEqualTo(1);
                        return;
                    }
                }
            }
        }
        throw new AssertionError("the undecodable record never reached " + Topics.DEAD_LETTERS.name());
    }

    private static double deadLettersCounted(AggregationStreamsService instance, String reason) {
        try {
            String metrics = get(instance, "/metrics").body();
            java.util.regex.Matcher line = java.util.regex.Pattern.compile(
                    "(?m)^together_dead_letters_total\\{reason=\"" + reason + "\"\\} (\\S+)$").matcher(metrics);
            assertThat(line.find()).as("together_dead_letters_total{reason=%s} on /metrics", reason).isTrue();
            return Double.parseDouble(line.group(1));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @Order(3)
    void healthAndMetricsAreServedOverHttp() throws Exception {
        for (AggregationStreamsService instance : List.of(first, second)) {
            assertThat(get(instance, "/health/live").statusCode()).isEqualTo(200);
            JsonNode ready = await(instance, "/health/ready", r -> r.path("status").asText().equals("UP"));
            assertThat(ready.path("checks").path("streams").asText()).isEqualTo("RUNNING");
            HttpResponse<String> metrics = get(instance, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("http_server_requests_seconds_count{method=\"GET\",route=\"/api/v1/territories/{id}/summary\",status=\"200\"}")
                    .contains("kafka_stream_thread_process_rate")
                    .contains("kafka_stream_thread_commit_total")
                    .contains("kafka_stream_alive_stream_threads");
        }
    }

    @Test
    @Order(3)
    void theLiveStreamSendsTheNetworkSummary() throws Exception {
        HttpResponse<java.io.InputStream> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + second.port() + "/api/v1/live")).header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).as("how long a browser waits to reconnect").isEqualTo("retry: 3000");
            assertThat(lines.readLine()).isEmpty();
            assertThat(lines.readLine()).isEqualTo("event: summary");
            String data = lines.readLine();
            assertThat(data).startsWith("data: ");
            JsonNode summary = JSON.readTree(data.substring("data: ".length()));
            assertThat(summary.path("scope").asText()).isEqualTo("network");
            assertThat(summary.path("participantsEver").asLong()).isGreaterThanOrEqualTo(65); // 2+3+...+11 from this test
        }
    }

    @Test
    @Order(4)
    void reprocessingFromTheStartGivesIdenticalFigures() throws Exception {
        try (AggregationStreamsService replay = start("aggregation-it-replay-" + run, "replay")) {
            for (String t : territories) {
                String path = "/api/v1/territories/" + t + "/summary?" + AS_OF;
                JsonNode original = json(get(first, path));
                assertThat(await(replay, path, s -> s.equals(original))).isEqualTo(original);
            }
            String growth = "/api/v1/territories/" + territories.get(4) + "/growth?interval=day&from=2021-06-01&to=2021-07-11";
            JsonNode original = json(get(first, growth));
            assertThat(await(replay, growth, s -> s.equals(original))).isEqualTo(original);
        }
    }

    @Test
    @Order(5)
    void withOneInstanceStoppedTheOtherAnswersEverythingAfterTheRebalance() throws Exception {
        Map<String, JsonNode> before = new java.util.HashMap<>();
        for (String t : territories) {
            String path = "/api/v1/territories/" + t + "/summary?" + AS_OF;
            before.put(path, json(get(first, path)));
        }
        second.close();
        second = null;
        for (Map.Entry<String, JsonNode> e : before.entrySet()) {
            JsonNode after = await(first, e.getKey(), s -> s.equals(e.getValue()));
            assertThat(after).isEqualTo(e.getValue());
            assertThat(get(first, e.getKey()).headers().firstValue(QueryEndpoints.ANSWERED_BY_HEADER).orElseThrow())
                    .isEqualTo("127.0.0.1:" + first.port());
        }
        assertThat(await(first, "/api/v1/network/summary?" + AS_OF, s -> s.has("participantsActive")).path("scope").asText())
                .isEqualTo("network");
    }

    // ---- HTTP ----

    private static HttpResponse<String> get(AggregationStreamsService instance, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.port() + path))
                .header("Authorization", "Bearer " + VIEWER)
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Polls until the answer is 200 and satisfies the condition (figures arrive within seconds; a rebalance takes longer). */
    private static JsonNode await(AggregationStreamsService instance, String path, Predicate<JsonNode> condition) throws Exception {
        return Poll.answer(path, () -> get(instance, path), condition);
    }
}
