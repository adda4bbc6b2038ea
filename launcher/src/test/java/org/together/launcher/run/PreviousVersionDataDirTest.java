package org.together.launcher.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.together.embedded.kafka.EmbeddedKafkaBroker;
import org.together.embedded.kafka.FreePorts;
import org.together.embedded.registry.EmbeddedSchemaRegistry;
import org.together.events.EventEnvelope;
import org.together.events.ParticipantJoined;
import org.together.events.ParticipantRole;
import org.together.launcher.Together;
import org.together.reference.Territory;
import org.together.schemas.TogetherSerdes;
import org.together.schemas.TopicSpec;
import org.together.schemas.Topics;
import picocli.CommandLine;

/**
 * Schema evolution on a data dir of the previous release: its topics, its subjects and its events (the release
 * before approach.evaluated and the targets). The new release creates the new topics and registers the new subjects
 * at start, and loses nothing: old records, old schema versions and their ids, and the figures of the old events.
 */
class PreviousVersionDataDirTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Set<String> NEW_TOPICS = Set.of(Topics.APPROACH_EVALUATED.name(), Topics.TARGETS.name(),
            Topics.EVENT_CLAIMS.name());

    @TempDir
    Path dataDir;

    private static List<TopicSpec<?>> previousTopics() {
        return Topics.all().stream().filter(t -> !NEW_TOPICS.contains(t.name())).toList();
    }

    /** What the previous release left in its data dir: its topics and subjects, a territory and three joins. */
    private Map<String, Integer> writeAsThePreviousRelease() throws Exception {
        Map<String, Integer> schemaIds = new HashMap<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), "127.0.0.1", FreePorts.pick(),
                FreePorts.pick())) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.createTopics(previousTopics().stream().map(t -> t.newTopic((short) 1, Optional.empty())).toList()).all().get();
            }
            try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(broker.bootstrapServers(), "127.0.0.1", 0)) {
                for (TopicSpec<?> topic : previousTopics()) {
                    if (topic.valueType() != byte[].class) {
                        Schema schema = (Schema) topic.valueType().getField("SCHEMA$").get(null);
                        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(registry.url() + "/subjects/"
                                        + topic.valueSubject() + "/versions"))
                                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("schema", schema.toString()))))
                                .build(), HttpResponse.BodyHandlers.ofString());
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                        schemaIds.put(topic.valueSubject(), JSON.readTree(r.body()).get("id").asInt());
                    }
                }
                TogetherSerdes serdes = TogetherSerdes.forRegistryUrl(registry.url());
                Properties p = new Properties();
                p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
                p.put(ProducerConfig.ACKS_CONFIG, "all");
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                    Territory territory = new Territory("mouscron", "Mouscron", "BE", "municipality", null, null, null,
                            Instant.now().minus(Duration.ofDays(60)));
                    producer.send(new ProducerRecord<>(Topics.TERRITORIES.name(), "mouscron",
                            serdes.value(Topics.TERRITORIES).serializer().serialize(Topics.TERRITORIES.name(), territory))).get();
                    for (int i = 0; i < 3; i++) {
                        Instant at = Instant.now().minus(Duration.ofDays(10 + i)).truncatedTo(ChronoUnit.MILLIS);
                        ParticipantJoined joined = new ParticipantJoined(new EventEnvelope(UUID.randomUUID().toString(), "mouscron",
                                at, at, null), "p-previous-" + i, ParticipantRole.CITIZEN, null, null);
                        producer.send(new ProducerRecord<>(Topics.PARTICIPANT_JOINED.name(), "mouscron", serdes
                                .value(Topics.PARTICIPANT_JOINED).serializer().serialize(Topics.PARTICIPANT_JOINED.name(), joined))).get();
                    }
                }
            }
        }
        return schemaIds;
    }

    @Test
    void theNewTopicsAndSubjectsAppearAndNothingOfThePreviousReleaseIsLost() throws Exception {
        Map<String, Integer> previousIds = writeAsThePreviousRelease();

        String[] args = {"run", "--data-dir", dataDir.toString(), "--kafka-port", String.valueOf(FreePorts.pick()),
                "--controller-port", String.valueOf(FreePorts.pick()), "--registry-port", String.valueOf(FreePorts.pick()),
                "--ingest-port", String.valueOf(FreePorts.pick()), "--query-port", String.valueOf(FreePorts.pick())};
        CommandLine.ParseResult parsed = Together.commandLine(Map.of()).parseArgs(args);
        StackSettings settings = ((RunCommand) parsed.subcommand().commandSpec().userObject()).settings();
        String admin = settings.adminToken().value();
        try (RunningStack stack = RunningStack.start(settings)) {
            try (Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
                Map<String, TopicDescription> topics = kafka.describeTopics(List.of(Topics.APPROACH_EVALUATED.name(),
                        Topics.TARGETS.name(), Topics.EVENT_CLAIMS.name())).allTopicNames().get();
                assertThat(topics.get(Topics.APPROACH_EVALUATED.name()).partitions()).hasSize(Topics.EVENT_PARTITIONS);
                assertThat(topics.get(Topics.EVENT_CLAIMS.name()).partitions()).hasSize(Topics.EVENT_PARTITIONS);
                ConfigResource targets = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TARGETS.name());
                ConfigResource claims = new ConfigResource(ConfigResource.Type.TOPIC, Topics.EVENT_CLAIMS.name());
                Map<ConfigResource, Config> configs = kafka.describeConfigs(List.of(targets, claims)).all().get();
                assertThat(configs.get(targets).get("cleanup.policy").value()).isEqualTo("compact");
                assertThat(configs.get(claims).get("cleanup.policy").value()).isEqualTo("delete");
                assertThat(configs.get(claims).get("retention.ms").value()).isEqualTo(String.valueOf(Duration.ofDays(7).toMillis()));
                assertThat(configs.get(claims).get("message.timestamp.type").value()).isEqualTo("LogAppendTime");
            }
            JsonNode subjects = JSON.readTree(get(stack.registryUrl() + "/subjects", null).body());
            List<String> names = new ArrayList<>();
            subjects.forEach(s -> names.add(s.asText()));
            assertThat(names).contains(Topics.APPROACH_EVALUATED.valueSubject(), Topics.TARGETS.valueSubject())
                    .containsAll(previousIds.keySet());
            for (Map.Entry<String, Integer> previous : previousIds.entrySet()) {
                JsonNode latest = JSON.readTree(get(stack.registryUrl() + "/subjects/" + previous.getKey() + "/versions/latest", null).body());
                assertThat(latest.get("version").asInt()).as(previous.getKey()).isEqualTo(1);
                assertThat(latest.get("id").asInt()).as(previous.getKey()).isEqualTo(previous.getValue());
            }

            // the previous release's events are still counted, next to an approach evaluated and a target set now
            Instant yesterday = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
            String approach = JSON.writeValueAsString(Map.of("eventId", UUID.randomUUID().toString(), "type", "approach.evaluated",
                    "territoryId", "mouscron", "occurredAt", yesterday.toString(), "approachId", "csa-mouscron",
                    "approachKind", "community-supported-agriculture", "subject", "approach",
                    "immaterialWellbeing", Map.of("relations", 4), "evidence", "survey"));
            HttpResponse<String> imported = send("POST", stack.ingestUrl() + "/api/v1/import", admin, approach);
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(202);
            HttpResponse<String> target = send("PUT", stack.ingestUrl() + "/api/v1/targets/mouscron-active", admin,
                    JSON.writeValueAsString(Map.of("metric", "participantsActive", "territoryId", "mouscron", "value", 10,
                            "due", LocalDate.now(ZoneOffset.UTC).plusMonths(3).toString())));
            assertThat(target.statusCode()).as(target.body()).isEqualTo(201);

            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            JsonNode summary = null;
            JsonNode approaches = null;
            JsonNode targetsNow = null;
            while (System.nanoTime() < deadline) {
                // as the coordination team: the public reads a territory of 3 participants hidden
                summary = JSON.readTree(get(stack.queryUrl() + "/api/v1/territories/mouscron/summary", admin).body());
                approaches = JSON.readTree(get(stack.queryUrl() + "/api/v1/network/approaches", null).body());
                targetsNow = JSON.readTree(get(stack.queryUrl() + "/api/v1/targets", admin).body());
                if (summary.path("participantsActive").asLong() == 3 && approaches.path("approaches").size() == 1
                        && targetsNow.size() == 1) {
                    break;
                }
                Thread.sleep(300);
            }
            assertThat(summary.path("participantsActive").asLong()).as("the previous release's joins").isEqualTo(3);
            assertThat(approaches.at("/approaches/0/approachKind").asText()).isEqualTo("community-supported-agriculture");
            assertThat(targetsNow.at("/0/current").asLong()).isEqualTo(3);
            assertThat(JSON.readTree(get(stack.registryUrl() + "/subjects/" + Topics.PARTICIPANT_JOINED.valueSubject()
                    + "/versions", null).body()).size()).as("no new version of an unchanged schema").isEqualTo(1);
        }
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String method, String url, String token, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
