package org.together.systemtests.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import org.together.aggregation.AggregationConfig;
import org.together.aggregation.AggregationStreamsService;
import org.together.embedded.kafka.BrokerSecurity;
import org.together.embedded.registry.EmbeddedSchemaRegistry;
import org.together.ingest.IngestConfig;
import org.together.ingest.IngestService;
import org.together.launcher.Together;
import org.together.launcher.run.RunCommand;
import org.together.launcher.run.RunningStack;
import org.together.launcher.run.StackSettings;
import org.together.schemas.TopicSpec;
import org.together.schemas.Topics;

/**
 * The compose stack's Kafka security on a real broker without Docker: SASL/SCRAM-SHA-512, StandardAuthorizer and the
 * users and ACLs of docker/kafka-acls.conf (see {@link SecuredKafka}). Each service runs as its own principal with
 * exactly what the file grants it, and what the file does not grant is refused.
 */
class SecuredKafkaIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ADMIN_TOKEN = "secured-admin-" + UUID.randomUUID();
    private static final String PSEUDONYM_KEY = "secured-pseudonym-key-" + UUID.randomUUID();
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @TempDir
    static Path dataDir;

    private static final List<AutoCloseable> RUNNING = new ArrayList<>();
    private static SecuredKafka kafka;
    private static String ingestUrl;
    private static String queryUrl;

    @BeforeAll
    static void startPipelineAsItsPrincipals() throws Exception {
        kafka = SecuredKafka.shared();
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), kafka.client("registry"),
                "127.0.0.1", 0, Optional.empty());
        RUNNING.add(registry);

        IngestService ingest = new IngestService(new IngestConfig(kafka.bootstrapServers(), registry.url(), "127.0.0.1", 0,
                ADMIN_TOKEN, PSEUDONYM_KEY, dataDir.resolve("ingest"), kafka.client("ingest")));
        RUNNING.add(ingest);
        ingest.start();
        ingestUrl = "http://127.0.0.1:" + ingest.port();
        awaitReady(ingestUrl);

        Map<String, String> aggregationClient = new HashMap<>(kafka.client("aggregation"));
        aggregationClient.put("num.standby.replicas", "0");
        // Kafka Streams deletes what its repartition topics delivered every 30 s by default: sooner here
        aggregationClient.put("repartition.purge.interval.ms", "500");
        AggregationStreamsService aggregation = new AggregationStreamsService(new AggregationConfig(kafka.bootstrapServers(),
                registry.url(), "together-aggregation-secured", "127.0.0.1", 0, "127.0.0.1", dataDir.resolve("streams"),
                Optional.empty(), Optional.of(ADMIN_TOKEN), aggregationClient));
        RUNNING.add(aggregation);
        aggregation.start();
        queryUrl = "http://127.0.0.1:" + aggregation.port();
        awaitReady(queryUrl);
    }

    @AfterAll
    static void stop() throws Exception {
        for (int i = RUNNING.size() - 1; i >= 0; i--) {
            RUNNING.get(i).close();
        }
    }

    @Test
    void ingestAndAggregationWorkEndToEndEachAsItsOwnPrincipal() throws Exception {
        String territory = "secured-" + UUID.randomUUID().toString().substring(0, 8);
        String token = registerTerritory(territory);
        JsonNode results = post(token, joins(territory, 3));
        assertThat(results.findValuesAsText("status")).containsExactly("accepted", "accepted", "accepted");

        JsonNode summary = awaitFigure(queryUrl + "/api/v1/territories/" + territory + "/summary", ADMIN_TOKEN, "participantsActive", 3);
        assertThat(summary.path("participantsEver").asInt()).isEqualTo(3);
    }

    @Test
    void aggregationPurgesWhatItsRepartitionTopicsDelivered() throws Exception {
        String territory = "purged-" + UUID.randomUUID().toString().substring(0, 8);
        post(registerTerritory(territory), joins(territory, 2));
        awaitFigure(queryUrl + "/api/v1/territories/" + territory + "/summary", ADMIN_TOKEN, "participantsActive", 2);
        try (Admin admin = kafka.brokerAdmin()) {
            List<String> repartition = admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith("together-aggregation-secured-") && t.endsWith("-repartition")).toList();
            assertThat(repartition).as("the topology's repartition topics").isNotEmpty();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            admin.describeTopics(repartition).allTopicNames().get().values().forEach(d -> d.partitions()
                    .forEach(p -> earliest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.earliest())));
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            long purged = 0;
            while (purged == 0 && System.nanoTime() < deadline) {
                purged = admin.listOffsets(earliest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
                Thread.sleep(200);
            }
            assertThat(purged).as("records deleted from the start of %s (Delete on its own topics)", repartition).isPositive();
        }
    }

    @Test
    void aRegistryRestartedOnTheExistingStoreStartsAsRegistry() throws Exception {
        try (EmbeddedSchemaRegistry restarted = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), kafka.client("registry"),
                "127.0.0.1", 0, Optional.empty())) {
            HttpResponse<String> subjects = HTTP.send(HttpRequest.newBuilder(URI.create(restarted.url() + "/subjects")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(subjects.body()).contains(Topics.TOOLS.valueSubject());
        }
    }

    @Test
    void aClientWithoutSaslIsRefused() {
        Map<String, Object> anonymous = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000, CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        try (Admin admin = Admin.create(anonymous)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(5, TimeUnit.SECONDS))
                    .as("a PLAINTEXT client on the SASL listener gets nothing").isInstanceOf(Exception.class);
        }
    }

    @Test
    void aWrongPasswordOrAnUnknownUserDoesNotAuthenticate() {
        for (Map<String, String> credentials : List.of(BrokerSecurity.scramClient("ingest", "not-the-password"),
                BrokerSecurity.scramClient("nobody", randomPassword()))) {
            try (Admin admin = Admin.create(withBootstrap(credentials))) {
                assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    @Test
    void onlyIngestMayWriteAnEventTopic() throws Exception {
        for (String principal : List.of("aggregation", "registry")) {
            try (KafkaProducer<byte[], byte[]> producer = producer(kafka.client(principal))) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.PARTICIPANT_JOINED.name(),
                        "any".getBytes(), "forged".getBytes())).get(10, TimeUnit.SECONDS))
                        .as("%s writes an event", principal).isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    @Test
    void receiptsClaimsAndPseudonymsStayWithIngestAndTokenHashesWithTheServices() {
        for (String topic : List.of(Topics.TERRITORY_CREDENTIALS.name(), Topics.EVENT_RECEIPTS.name(),
                Topics.EVENT_CLAIMS.name(), Topics.PSEUDONYMS.name())) {
            for (String principal : List.of("aggregation", "registry")) {
                if (principal.equals("aggregation") && topic.equals(Topics.TERRITORY_CREDENTIALS.name())) {
                    continue; // it checks a territory's own token on that territory's figures
                }
                assertThat(readFirstRecord(kafka.client(principal), topic)).as("%s reads %s", principal, topic)
                        .isInstanceOf(TopicAuthorizationException.class);
            }
        }
        assertThat(readFirstRecord(kafka.client("aggregation"), Topics.TERRITORY_CREDENTIALS.name())).isNull();
        assertThat(readFirstRecord(kafka.client("ingest"), Topics.TERRITORY_CREDENTIALS.name())).isNull();
        assertThat(readFirstRecord(kafka.client("ingest"), Topics.PSEUDONYMS.name())).isNull();
        assertThat(readFirstRecord(kafka.client("ingest"), Topics.EVENT_CLAIMS.name())).isNull();
    }

    @Test
    void ingestReadsTheVaultsSettingsAndPublishesTheErasureBoundTheyGive() throws Exception {
        // DescribeConfigs on together.pseudonyms: without it the bound is NaN and ingest warns that it cannot check it
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        double bound = Double.NaN;
        while (Double.isNaN(bound) && System.nanoTime() < deadline) {
            bound = HTTP.send(HttpRequest.newBuilder(URI.create(ingestUrl + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body().lines()
                    .filter(l -> l.startsWith("together_ingest_vault_erasure_bound_seconds "))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(Double.NaN);
            Thread.sleep(200);
        }
        assertThat(bound).as("6 h 1 min, from the topic's settings").isEqualTo(21_660.0);
    }

    @Test
    void aggregationSeesEveryPipelineTopicSoItsContainerStartCreatesNoneAndMayCreateNone() throws Exception {
        // the aggregation-streams container checks the pipeline's topics at start and creates the missing ones: all
        // must be visible to it (ingest-service created them), or it would try and be refused
        try (Admin admin = Admin.create(withBootstrap(kafka.client("aggregation")))) {
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .containsAll(Topics.all().stream().map(TopicSpec::name).toList());
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("together.made-up", 1, (short) 1))).all()
                    .get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aggregationMayWriteTheDeadLettersButNotTheReferenceData() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka.client("aggregation"))) {
            producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), "probe".getBytes(), "undecodable".getBytes()))
                    .get(10, TimeUnit.SECONDS);
        }
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka.client("aggregation"))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.TERRITORIES.name(), "forged".getBytes(),
                    "forged".getBytes())).get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void theExternalListenerTakesOnlyScramOverTlsWithTheMadeCertificate() throws Exception {
        try (Admin admin = Admin.create(withBootstrap(kafka.externalClient("ingest"), kafka.externalBootstrapServers()))) {
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).contains(Topics.PARTICIPANT_JOINED.name());
        }
        Map<String, String> untrusting = new HashMap<>(kafka.externalClient("ingest"));
        untrusting.keySet().removeIf(key -> key.startsWith("ssl.truststore."));
        try (Admin admin = Admin.create(withBootstrap(untrusting, kafka.externalBootstrapServers()))) {
            assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .as("a client that does not trust the made CA").hasCauseInstanceOf(SslAuthenticationException.class);
        }
        try (Admin admin = Admin.create(withBootstrap(kafka.client("ingest"), kafka.externalBootstrapServers()))) {
            assertThatThrownBy(() -> admin.listTopics().names().get(5, TimeUnit.SECONDS))
                    .as("SASL without TLS on the external listener").isInstanceOf(Exception.class);
        }
    }

    @Test
    void togetherRunWithKafkaPropertiesRunsOffTheHostOverTls() throws Exception {
        String adminToken = "run-admin-" + UUID.randomUUID();
        Map<String, String> admin = kafka.externalClient("admin");
        List<String> args = new ArrayList<>(List.of("run", "--data-dir", dataDir.resolve("run").toString(),
                "--kafka", kafka.externalBootstrapServers(), "--registry-port", "0", "--ingest-port", "0", "--query-port", "0"));
        admin.forEach((key, value) -> args.addAll(List.of("--kafka-property", key + "=" + value)));
        // the network's pseudonym key: the vault on this broker was made with it, and refuses any other
        CommandLine.ParseResult parsed = Together.commandLine(Map.of("TOGETHER_ADMIN_TOKEN", adminToken,
                        "TOGETHER_PSEUDONYM_KEY", PSEUDONYM_KEY))
                .parseArgs(args.toArray(String[]::new));
        StackSettings settings = ((RunCommand) parsed.subcommand().commandSpec().userObject()).settings();

        try (RunningStack stack = RunningStack.start(settings)) {
            String territory = "run-secured-" + UUID.randomUUID().toString().substring(0, 8);
            String token = registerTerritory(stack.ingestUrl(), adminToken, territory);
            assertThat(post(stack.ingestUrl(), token, joins(territory, 2)).findValuesAsText("status")).containsOnly("accepted");
            awaitFigure(stack.queryUrl() + "/api/v1/territories/" + territory + "/summary", adminToken, "participantsActive", 2);
        }
    }

    @Test
    void anAuthenticatedUserWithoutGrantsCannotRead() throws Exception {
        String stranger = "stranger-" + UUID.randomUUID().toString().substring(0, 8);
        String password = randomPassword();
        try (Admin admin = kafka.brokerAdmin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(stranger,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, KafkaAclFile.SCRAM_ITERATIONS), password))).all().get();
        }
        // the broker learns a new SCRAM credential from the metadata log a moment after the controller accepted it
        Exception first = readFirstRecord(BrokerSecurity.scramClient(stranger, password), Topics.PARTICIPANT_JOINED.name());
        for (long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
             first instanceof SaslAuthenticationException && System.nanoTime() < until; ) {
            Thread.sleep(500);
            first = readFirstRecord(BrokerSecurity.scramClient(stranger, password), Topics.PARTICIPANT_JOINED.name());
        }
        for (String topic : List.of(Topics.PARTICIPANT_JOINED.name(), Topics.TERRITORIES.name(), "_schemas")) {
            assertThat(readFirstRecord(BrokerSecurity.scramClient(stranger, password), topic)).as("a stranger reads %s", topic)
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static String randomPassword() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static Map<String, Object> withBootstrap(Map<String, String> client) {
        return withBootstrap(client, kafka.bootstrapServers());
    }

    private static Map<String, Object> withBootstrap(Map<String, String> client, String bootstrapServers) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return config;
    }

    /** Polls partition 0 of {@code topic} from the start: the error that stops it, or null when it may read. */
    private static Exception readFirstRecord(Map<String, String> client, String topic) {
        Map<String, Object> config = withBootstrap(client);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200));
            }
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, String> client) {
        Map<String, Object> config = withBootstrap(client);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void awaitReady(String baseUrl) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        int status = 0;
        while (System.nanoTime() < deadline) {
            status = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(baseUrl + " not ready after " + DEADLINE + " (last " + status + ")");
    }

    private static String registerTerritory(String id) throws Exception {
        return registerTerritory(ingestUrl, ADMIN_TOKEN, id);
    }

    private static String registerTerritory(String ingestUrl, String adminToken, String id) throws Exception {
        String body = JSON.createObjectNode().put("id", id).put("name", "Secured " + id).put("countryCode", "FR")
                .put("kind", "village").toString();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(ingestUrl + "/api/v1/territories"))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).path("token").asText();
    }

    private static ArrayNode joins(String territory, int count) {
        ArrayNode events = JSON.createArrayNode();
        Instant occurred = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < count; i++) {
            events.addObject().put("eventId", UUID.randomUUID().toString()).put("type", "participant.joined")
                    .put("territoryId", territory).put("occurredAt", occurred.plusSeconds(i).toString())
                    .put("participantId", "p-" + UUID.randomUUID().toString().substring(0, 12)).put("role", "citizen");
        }
        return events;
    }

    private static JsonNode post(String token, JsonNode events) throws Exception {
        return post(ingestUrl, token, events);
    }

    private static JsonNode post(String ingestUrl, String token, JsonNode events) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(ingestUrl + "/api/v1/events"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(events.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body());
    }

    /** Reads as the coordination team: a territory of two or three participants is hidden from the public. */
    private static JsonNode awaitFigure(String url, String adminToken, String field, int expected) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + adminToken).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                last = JSON.readTree(response.body());
                if (last.path(field).asInt() == expected) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(url + " never showed " + field + "=" + expected + "; last: " + last);
    }
}
