package org.together.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.ingest.IngestTestSupport.JSON;
import static org.together.ingest.IngestTestSupport.newEventId;
import static org.together.ingest.IngestTestSupport.newTerritory;
import static org.together.ingest.IngestTestSupport.postJson;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.together.events.EventEnvelope;
import org.together.ingest.idempotency.ClaimIndex;
import org.together.ingest.validation.CheckedEvent;
import org.together.ingest.validation.EventValidator;
import org.together.ingest.validation.EverythingKnown;
import org.together.ingest.validation.TimeWindow;
import org.together.schemas.TopicSpec;
import org.together.schemas.Topics;

/**
 * One eventId sent at the same moment to two ingest instances (review 19, finding 1): the first claim of the id in
 * together.event-claims decides, so only one content is ever stored. The other side is told to retry (503, nothing
 * written) while the first claim's write is not decided, and its retry is then a conflict: a conflict always means
 * that another content is stored.
 */
class EventClaimsTest {

    private static final int IDS = 30;
    private static int port;
    private static String territory;
    private static String token;
    private static IngestService second;
    private static ExecutorService pool;

    @BeforeAll
    static void start() {
        port = IngestTestSupport.port();
        String[] t = newTerritory(port, "claims");
        territory = t[0];
        token = t[1];
        second = IngestTestSupport.start(IngestTestSupport.config(IngestTestSupport.tempDir()));
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
        second.close();
    }

    @Test
    void aJoinUnderOneEventIdWithAnotherParticipantSentAtOnceToTwoInstancesIsAcceptedOnceAndAConflictOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < IDS; k++) {
            ObjectNode a = joined(newEventId(), "claims-a-" + k);
            ObjectNode b = a.deepCopy().put("participantId", "claims-b-" + k);
            assertOneAcceptedOneConflict(k, postAtOnce(a, b));
            ids.add(a.get("eventId").asText());
        }
        assertStoredOnce(Topics.PARTICIPANT_JOINED, ids);
    }

    @Test
    void aFootprintUnderOneEventIdWithAnotherValueSentAtOnceToTwoInstancesIsAcceptedOnceAndAConflictOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < IDS; k++) {
            ObjectNode a = footprint(newEventId(), 1.0);
            ObjectNode b = a.deepCopy().put("tonnesCo2ePerYear", 100.0);
            assertOneAcceptedOneConflict(k, postAtOnce(a, b));
            ids.add(a.get("eventId").asText());
        }
        assertStoredOnce(Topics.FOOTPRINT_ASSESSED, ids);
    }

    @Test
    void identicalContentSentAtOnceToTwoInstancesIsNeverAConflict() throws Exception {
        for (int k = 0; k < IDS; k++) {
            ObjectNode a = footprint(newEventId(), 7.5);
            String[] answers = postAtOnce(a, a.deepCopy());
            assertThat(answers).as("id %d", k).allMatch(s -> s.equals("accepted") || s.equals("duplicate"))
                    .contains("accepted");
        }
    }

    @Test
    void aClaimLeftByACrashedAttemptKeepsItsIdForItsContentOnly() throws Exception {
        // an instance claimed E for content C, then died before its transaction: no receipt, only the claim
        ObjectNode c = footprint(newEventId(), 3.0);
        String eventId = c.get("eventId").asText();
        writeClaimAsAnInstance(c);

        ObjectNode other = c.deepCopy().put("tonnesCo2ePerYear", 4.0);
        ObjectNode unrelated = footprint(newEventId(), 2.0);
        IngestTestSupport.Response refused = postJson(second.port(), "/api/v1/events", token, IngestTestSupport.array(other, unrelated));
        assertThat(refused.status()).as("other content than the claim's, nothing stored yet: " + refused.text()).isEqualTo(503);
        assertThat(refused.headers().first("Retry-After")).isEqualTo("5");
        assertThat(refused.json().get("message").asText()).contains(eventId, "claimed for other content", "retry");
        assertThat(status(postJson(port, "/api/v1/events", token, IngestTestSupport.array(c))))
                .as("the claimed content").isEqualTo("accepted");
        assertThat(status(postJson(second.port(), "/api/v1/events", token, IngestTestSupport.array(other))))
                .as("other content, once stored").isEqualTo("conflict");
        assertStoredOnce(Topics.FOOTPRINT_ASSESSED, List.of(eventId));
        String other2 = unrelated.get("eventId").asText();
        assertThat(IngestTestSupport.readCommitted(Topics.FOOTPRINT_ASSESSED)).as("nothing of the refused request was written")
                .noneMatch(r -> r.value() != null && r.value().getEnvelope().getEventId().equals(other2));
        List<Double> stored = new ArrayList<>();
        for (var r : IngestTestSupport.readCommitted(Topics.FOOTPRINT_ASSESSED)) {
            if (r.value() != null && r.value().getEnvelope().getEventId().equals(eventId)) {
                stored.add(r.value().getTonnesCo2ePerYear());
            }
        }
        assertThat(stored).as("the claimed content is the one stored").containsExactly(3.0);
    }

    /** What an instance writes to together.event-claims for a new event of no participant, before its transaction. */
    private static void writeClaimAsAnInstance(ObjectNode event) throws Exception {
        Instant now = Instant.now();
        CheckedEvent checked = new EventValidator(EverythingKnown.REFERENCE).validate(event, TimeWindow.territoryApps(now), now);
        assertThat(checked.isValid()).as(checked.errors().toString()).isTrue();
        String stored = checked.event().storedContentHash(null);
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, IngestTestSupport.stack().bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            // keyed by the id, so in its partition (an instance's record of claims has no key and names its partition)
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topics.EVENT_CLAIMS.name(), checked.event().eventId(),
                    ClaimIndex.record(Map.of(checked.event().eventId(), stored)));
            producer.send(r).get(10, TimeUnit.SECONDS);
        }
    }

    private static void assertOneAcceptedOneConflict(int k, String[] answers) {
        assertThat(answers).as("id %d: one instance accepts, the other answers conflict (after retrying)", k)
                .containsExactlyInAnyOrder("accepted", "conflict");
    }

    /** Posts one event, and again while told to retry (503 with Retry-After, nothing written): its final status. */
    private static String postRetrying(int instancePort, ObjectNode event) {
        for (int attempt = 0; ; attempt++) {
            IngestTestSupport.Response r = postJson(instancePort, "/api/v1/events", token, IngestTestSupport.array(event));
            if (r.status() != 503) {
                return status(r);
            }
            assertThat(r.json().get("message").asText()).as(r.text()).contains("claimed for other content");
            assertThat(attempt).as("retries of " + event.get("eventId")).isLessThan(20);
            sleepMillis(250); // not Retry-After's 5 s: the other write is decided within a second here
        }
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Each id is in the event topic exactly once. */
    @SuppressWarnings("unchecked")
    private static void assertStoredOnce(TopicSpec<? extends SpecificRecord> topic, List<String> ids) {
        Map<String, Integer> copies = new HashMap<>();
        for (ConsumerRecord<String, ? extends SpecificRecord> r : IngestTestSupport.readCommitted((TopicSpec<SpecificRecord>) topic)) {
            if (r.value() != null) {
                copies.merge(((EventEnvelope) r.value().get(0)).getEventId(), 1, Integer::sum);
            }
        }
        for (String id : ids) {
            assertThat(copies.getOrDefault(id, 0)).as("copies of %s in %s", id, topic.name()).isEqualTo(1);
        }
    }

    /** Posts a to the first instance and b to the second at the same moment; their statuses. */
    private static String[] postAtOnce(ObjectNode a, ObjectNode b) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            await(go);
            return postRetrying(port, a);
        }, pool);
        CompletableFuture<String> other = CompletableFuture.supplyAsync(() -> {
            await(go);
            return postRetrying(second.port(), b);
        }, pool);
        go.countDown();
        return new String[] {first.get(60, TimeUnit.SECONDS), other.get(60, TimeUnit.SECONDS)};
    }

    private static String status(IngestTestSupport.Response r) {
        String s = r.result(0).get("status").asText();
        if (s.equals("conflict")) {
            assertThat(r.status()).as(r.text()).isEqualTo(422); // nothing of the request stored
            assertThat(r.result(0).get("errors").toString()).contains("already accepted with different content");
        } else {
            assertThat(r.status()).as(r.text()).isEqualTo(202);
        }
        return s;
    }

    private static void await(CountDownLatch go) {
        try {
            go.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode joined(String eventId, String participantId) {
        return JSON.createObjectNode().put("eventId", eventId).put("type", "participant.joined").put("territoryId", territory)
                .put("occurredAt", Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString())
                .put("participantId", participantId).put("role", "citizen");
    }

    private static ObjectNode footprint(String eventId, double tonnes) {
        return JSON.createObjectNode().put("eventId", eventId).put("type", "footprint.assessed").put("territoryId", territory)
                .put("occurredAt", Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString())
                .put("groupId", "claims-group").put("tonnesCo2ePerYear", tonnes);
    }
}
