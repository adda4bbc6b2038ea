package org.together.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.aggregation.TestEvents.joined;
import static org.together.aggregation.TestEvents.territory;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.together.embedded.EmbeddedStack;
import org.together.schemas.TogetherSerdes;
import org.together.schemas.Topics;

/**
 * One undecodable record in a reference table (a rogue or broken writer: on the embedded stack anything on loopback
 * can write a topic) must not stop an instance that reads the table from the start, as a new or replaying one does:
 * the key reads as absent, one WARN line says so, and every other territory's figures are unaffected. The records
 * stay on the shared broker, under territory ids of this class only: every later instance in this JVM reads them too.
 */
class UndecodableReferenceRecordIntegrationTest {

    private static final String VIEWER = "viewer-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aNewInstanceReadingAnUndecodableTerritoryRunsAndReadsThatTerritoryAsUnregistered() throws Exception {
        EmbeddedStack stack = EmbeddedStack.sharedForTests();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String good = "goodref-" + run;
        String silent = "badref-" + run + "-silent";   // registered, then garbage; no event
        String active = "badref-" + run + "-active";   // registered in PT, then garbage; one event
        String late = "badref-" + run + "-late";       // registered; garbage arrives once the instance runs
        TogetherSerdes serdes = TogetherSerdes.forRegistryUrl(stack.registryUrl());
        List<String> warnings = new CopyOnWriteArrayList<>();
        AbstractAppender watching = watchWarnings(warnings, run);
        try (KafkaProducer<String, byte[]> producer = producer(stack)) {
            for (String id : List.of(good, silent, active, late)) {
                register(producer, serdes, id);
            }
            for (String id : List.of(silent, active)) {
                garbage(producer, id, run);
            }
            for (String[] join : new String[][] {{good, "p-alice-01"}, {good, "p-bob-0001"}, {active, "p-carol-01"}}) {
                producer.send(new ProducerRecord<>(Topics.PARTICIPANT_JOINED.name(), join[0], serdes.value(Topics.PARTICIPANT_JOINED)
                        .serializer().serialize(Topics.PARTICIPANT_JOINED.name(), joined(join[0], join[1], "2021-07-01T09:00:00Z"))));
            }
            producer.flush();

            AggregationConfig config = new AggregationConfig(stack.bootstrapServers(), stack.registryUrl(), "badref-it-" + run,
                    "127.0.0.1", 0, "127.0.0.1", Files.createTempDirectory("badref-"), Optional.of(VIEWER), Optional.empty(), Map.of());
            try (AggregationStreamsService fresh = new AggregationStreamsService(config)) {
                fresh.start();
                String asOf = "?asOf=2021-07-10";
                JsonNode goodSummary = await(fresh, "/api/v1/territories/" + good + "/summary" + asOf, s -> s.path("participantsEver").asLong() == 2);
                assertThat(goodSummary.path("participantsActive").asLong()).isEqualTo(2);
                await(fresh, "/api/v1/territories/" + active + "/summary" + asOf, s -> s.path("participantsEver").asLong() == 1);
                assertThat(get(fresh, "/api/v1/territories/" + silent + "/summary" + asOf).statusCode())
                        .as("registered, then undecodable, no event: unknown").isEqualTo(404);
                assertThat(get(fresh, "/api/v1/territories/" + late + "/summary" + asOf).statusCode())
                        .as("registered, no event yet: zeros").isEqualTo(200);
                assertThat(await(fresh, "/api/v1/network/summary" + asOf, s -> s.path("participantsEver").asLong() >= 3)
                        .path("scope").asText()).isEqualTo("network");
                JsonNode ready = await(fresh, "/health/ready", r -> r.path("status").asText().equals("UP"));
                assertThat(ready.path("checks").path("streams").asText()).isEqualTo("RUNNING");

                // the same on the running instance's processing path: the registration reads as absent from then on
                garbage(producer, late, run);
                producer.flush();
                awaitStatus(fresh, "/api/v1/territories/" + late + "/summary" + asOf, 404);
                assertThat(get(fresh, "/api/v1/territories/" + good + "/summary" + asOf).statusCode()).isEqualTo(200);
                assertThat(await(fresh, "/health/ready", r -> true).path("checks").path("streams").asText()).isEqualTo("RUNNING");

                String metrics = get(fresh, "/metrics").body();
                java.util.regex.Matcher counted = java.util.regex.Pattern.compile(
                        "(?m)^together_undecodable_reference_records_total\\{topic=\"together.territories\"\\} (\\S+)$").matcher(metrics);
                assertThat(counted.find()).as("together_undecodable_reference_records_total on /metrics").isTrue();
                assertThat(Double.parseDouble(counted.group(1))).as("this class's three records, at least").isGreaterThanOrEqualTo(3);
                assertThat(metrics).contains("together_undecodable_reference_records_total{topic=\"together.tools\"} 0.0");
            }
        } finally {
            stopWatching(watching);
        }
        for (String key : List.of(silent, active, late)) {
            assertThat(warnings).as("one WARN line for %s, not one per read", key)
                    .filteredOn(l -> l.contains("key " + key + ",")).singleElement().asString()
                    .contains("together.territories").contains("cannot be decoded").contains("reads as absent");
        }
    }

    private static KafkaProducer<String, byte[]> producer(EmbeddedStack stack) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static void register(KafkaProducer<String, byte[]> producer, TogetherSerdes serdes, String id) {
        producer.send(new ProducerRecord<>(Topics.TERRITORIES.name(), id, serdes.value(Topics.TERRITORIES).serializer()
                .serialize(Topics.TERRITORIES.name(), territory(id, "Territory " + id, "PT"))));
    }

    private static void garbage(KafkaProducer<String, byte[]> producer, String id, String run) {
        producer.send(new ProducerRecord<>(Topics.TERRITORIES.name(), id, ("not a territory " + run).getBytes(StandardCharsets.UTF_8)));
    }

    /** The WARN lines mentioning this run (its keys). */
    private static AbstractAppender watchWarnings(List<String> lines, String run) {
        AbstractAppender appender = new AbstractAppender("badref-warnings-" + run, null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                String message = event.getMessage().getFormattedMessage();
                if (event.getLevel().isMoreSpecificThan(Level.WARN) && message.contains(run)) {
                    lines.add(message);
                }
            }
        };
        appender.start();
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        logging.getConfiguration().getRootLogger().addAppender(appender, Level.WARN, null);
        logging.updateLoggers();
        return appender;
    }

    private static void stopWatching(AbstractAppender appender) {
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        logging.getConfiguration().getRootLogger().removeAppender(appender.getName());
        logging.updateLoggers();
        appender.stop();
    }

    private static HttpResponse<String> get(AggregationStreamsService instance, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.port() + path))
                .header("Authorization", "Bearer " + VIEWER)
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls until the answer is 200 and satisfies the condition; never a 500 meanwhile. */
    private static JsonNode await(AggregationStreamsService instance, String path, Predicate<JsonNode> condition) throws Exception {
        return Poll.answer(path, () -> get(instance, path), condition);
    }

    private static void awaitStatus(AggregationStreamsService instance, String path, int status) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        int last = 0;
        while (System.currentTimeMillis() < deadline) {
            last = get(instance, path).statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(path + " never answered " + status + "; last " + last);
    }
}
