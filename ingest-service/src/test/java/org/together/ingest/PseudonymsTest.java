package org.together.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.ingest.IngestTestSupport.ADMIN_TOKEN;
import static org.together.ingest.IngestTestSupport.JSON;
import static org.together.ingest.IngestTestSupport.array;
import static org.together.ingest.IngestTestSupport.get;
import static org.together.ingest.IngestTestSupport.joined;
import static org.together.ingest.IngestTestSupport.newEventId;
import static org.together.ingest.IngestTestSupport.newTerritory;
import static org.together.ingest.IngestTestSupport.postJson;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.together.embedded.RawBytes;
import org.together.events.EventEnvelope;
import org.together.events.FootprintAssessed;
import org.together.events.ParticipantJoined;
import org.together.events.ParticipantLeft;
import org.together.events.ToolUsed;
import org.together.ingest.pseudonyms.PseudonymKey;
import org.together.reference.PseudonymClaim;
import org.together.schemas.TopicSpec;
import org.together.schemas.Topics;

/**
 * The participant id an app sends is replaced at ingest by a pseudonym from the vault: the same one for every event
 * of the participant, across restarts, instances and the import endpoint, decided by Kafka when two instances see a
 * new participant at the same moment; and the id itself reaches no topic.
 */
class PseudonymsTest {

    private static final PseudonymKey KEY = new PseudonymKey(IngestTestSupport.PSEUDONYM_KEY);
    private static int port;
    private static String territory;
    private static String token;
    private static IngestService second;

    @BeforeAll
    static void start() {
        port = IngestTestSupport.port();
        String[] t = newTerritory(port, "pseudonyms");
        territory = t[0];
        token = t[1];
        second = IngestTestSupport.start(IngestTestSupport.config(IngestTestSupport.tempDir()));
    }

    @AfterAll
    static void stop() {
        second.close();
    }

    /** A participant id no other test sends, recognisable in raw bytes. */
    private static String distinctiveId() {
        return "Pz" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    private static ObjectNode event(String type, String territoryId, String participantId) {
        ObjectNode e = JSON.createObjectNode().put("eventId", newEventId()).put("type", type)
                .put("territoryId", territoryId).put("occurredAt", Instant.now().minus(3, ChronoUnit.HOURS).toString());
        switch (type) {
            case "participant.joined" -> e.put("participantId", participantId).put("role", "citizen");
            case "participant.left" -> e.put("participantId", participantId).put("reason", "moved");
            case "tool.used" -> e.put("participantId", participantId).put("toolId", "footprint-calculator").put("stage", "started");
            case "footprint.assessed" -> e.put("participantId", participantId).put("tonnesCo2ePerYear", 6.5);
            default -> throw new IllegalArgumentException(type);
        }
        return e;
    }

    /** The pseudonym each written event of these eventIds carries, by eventId. */
    static Map<String, String> pseudonymsOf(Set<String> eventIds) {
        Map<String, String> out = new java.util.HashMap<>();
        for (TopicSpec<?> topic : List.of(Topics.PARTICIPANT_JOINED, Topics.PARTICIPANT_LEFT, Topics.TOOL_USED,
                Topics.FOOTPRINT_ASSESSED)) {
            for (ConsumerRecord<String, ? extends SpecificRecord> r : IngestTestSupport.readCommitted((TopicSpec<? extends SpecificRecord>) topic)) {
                if (r.value() == null) {
                    continue;
                }
                String eventId = ((EventEnvelope) r.value().get(0)).getEventId();
                if (eventIds.contains(eventId)) {
                    out.merge(eventId, participantIdOf(r.value()), (a, b) -> {
                        throw new AssertionError("event " + eventId + " written twice");
                    });
                }
            }
        }
        return out;
    }

    private static String participantIdOf(SpecificRecord value) {
        if (value instanceof ParticipantJoined j) {
            return j.getParticipantId();
        } else if (value instanceof ParticipantLeft l) {
            return l.getParticipantId();
        } else if (value instanceof ToolUsed u) {
            return u.getParticipantId();
        } else if (value instanceof FootprintAssessed f) {
            return f.getParticipantId();
        }
        throw new IllegalArgumentException(value.getClass().getName());
    }

    /** The pseudonyms of the live claims the vault holds for a participant, in log order. */
    static List<String> claimsInVault(String territoryId, String participantId) {
        return claimsInVault(territoryId, List.of(participantId)).get(participantId);
    }

    /** The pseudonyms of the live claims the vault holds for each participant, in log order. */
    static Map<String, List<String>> claimsInVault(String territoryId, List<String> participantIds) {
        Map<String, String> byPrefix = new java.util.HashMap<>();
        participantIds.forEach(p -> byPrefix.put(
                Base64.getUrlEncoder().withoutPadding().encodeToString(KEY.of(territoryId, p)) + ".", p));
        Map<String, Map<String, String>> live = new java.util.HashMap<>();
        participantIds.forEach(p -> live.put(p, new java.util.LinkedHashMap<>()));
        for (ConsumerRecord<String, PseudonymClaim> r : IngestTestSupport.readCommitted(Topics.PSEUDONYMS)) {
            int dot = r.key() == null ? -1 : r.key().indexOf('.');
            String participant = dot < 0 ? null : byPrefix.get(r.key().substring(0, dot + 1));
            if (participant != null) {
                if (r.value() == null) {
                    live.get(participant).remove(r.key());
                } else {
                    live.get(participant).putIfAbsent(r.key(), r.value().getPseudonym());
                }
            }
        }
        Map<String, List<String>> out = new java.util.HashMap<>();
        live.forEach((p, claims) -> out.put(p, new ArrayList<>(claims.values())));
        return out;
    }

    private static Set<String> ids(ObjectNode... events) {
        Set<String> ids = new HashSet<>();
        for (ObjectNode e : events) {
            ids.add(e.get("eventId").asText());
        }
        return ids;
    }

    @Test
    void everyEventOfAParticipantCarriesItsOnePseudonymAndNoTopicCarriesTheIdSent() {
        String x = distinctiveId();
        String y = distinctiveId();
        String other = newTerritory(port, "pseudonyms-other")[0];
        ObjectNode joined = event("participant.joined", territory, x);
        ObjectNode used = event("tool.used", territory, x);
        ObjectNode assessed = event("footprint.assessed", territory, x);
        ObjectNode left = event("participant.left", territory, x);
        ObjectNode yJoined = event("participant.joined", territory, y);
        ObjectNode xElsewhere = event("participant.joined", other, x);

        assertThat(postJson(port, "/api/v1/events", token, array(joined, used, yJoined)).status()).isEqualTo(202);
        assertThat(postJson(port, "/api/v1/events", token, array(assessed, left)).status()).isEqualTo(202);
        assertThat(postJson(port, "/api/v1/import", ADMIN_TOKEN, xElsewhere).status()).isEqualTo(202);

        Map<String, String> written = pseudonymsOf(ids(joined, used, assessed, left, yJoined, xElsewhere));
        String px = written.get(joined.get("eventId").asText());
        assertThat(px).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(x);
        assertThat(List.of(used, assessed, left)).allSatisfy(e -> assertThat(written.get(e.get("eventId").asText())).isEqualTo(px));
        assertThat(written.get(yJoined.get("eventId").asText())).isNotEqualTo(px);
        assertThat(written.get(xElsewhere.get("eventId").asText())).as("the same id in another territory is another person")
                .isNotEqualTo(px);
        assertThat(claimsInVault(territory, x)).containsExactly(px);
        assertThat(RawBytes.inTopics(IngestTestSupport.stack().bootstrapServers(), List.of(x, y))).isEmpty();
    }

    @Test
    void anEventOfAParticipantNeverSeenJoiningIsAcceptedWithAWarningNamingParticipantId() {
        String ghost = distinctiveId();
        String joiner = distinctiveId();
        ObjectNode ghostLeft = event("participant.left", territory, ghost);
        ObjectNode ghostUsed = event("tool.used", territory, distinctiveId());
        ObjectNode joinerJoined = event("participant.joined", territory, joiner);
        ObjectNode joinerUsed = event("tool.used", territory, joiner);

        IngestTestSupport.Response first = postJson(port, "/api/v1/events", token, array(ghostLeft, ghostUsed, joinerUsed, joinerJoined));
        assertThat(first.status()).isEqualTo(202);
        assertThat(first.json().get("accepted").asInt()).isEqualTo(4);
        assertThat(first.result(0).get("warnings")).hasSize(1);
        assertThat(first.result(0).get("warnings").get(0).get("field").asText()).isEqualTo("participantId");
        assertThat(first.result(0).get("warnings").get(0).get("message").asText())
                .startsWith("no participant.joined is known for this participantId in this territory")
                .endsWith("this leave changes no figure unless the participant's join arrives");
        assertThat(first.result(1).get("warnings").get(0).get("message").asText())
                .endsWith("not among the territory's participants until its join arrives");
        assertThat(first.result(2).get("warnings")).as("its join is in the same request, after it").isEmpty();
        assertThat(first.result(3).get("warnings")).isEmpty();

        // seen now (by its leave): ingest no longer warns, on any instance, and a resend is a duplicate without one
        IngestTestSupport.Response later = postJson(second.port(), "/api/v1/events", token,
                array(event("footprint.assessed", territory, ghost), event("tool.used", territory, joiner), ghostLeft));
        assertThat(later.status()).isEqualTo(202);
        for (int i = 0; i < 3; i++) {
            assertThat(later.result(i).get("warnings")).as("event %d", i).isEmpty();
        }
        assertThat(later.result(2).get("status").asText()).isEqualTo("duplicate");
    }

    @Test
    void theSamePseudonymAfterARestartOnAnotherInstanceAndThroughImport() {
        String x = distinctiveId();
        Path dir = IngestTestSupport.tempDir();
        ObjectNode first = event("participant.joined", territory, x);
        ObjectNode afterRestart = event("tool.used", territory, x);
        ObjectNode onSecond = event("footprint.assessed", territory, x);
        ObjectNode imported = event("participant.left", territory, x);
        try (IngestService a = IngestTestSupport.start(IngestTestSupport.config(dir))) {
            assertThat(postJson(a.port(), "/api/v1/events", token, first).status()).isEqualTo(202);
        }
        try (IngestService again = IngestTestSupport.start(IngestTestSupport.config(dir))) {
            assertThat(postJson(again.port(), "/api/v1/events", token, afterRestart).status()).isEqualTo(202);
        }
        assertThat(postJson(second.port(), "/api/v1/events", token, onSecond).status()).isEqualTo(202);
        assertThat(postJson(port, "/api/v1/import", ADMIN_TOKEN, imported).status()).isEqualTo(202);

        Map<String, String> written = pseudonymsOf(ids(first, afterRestart, onSecond, imported));
        assertThat(new HashSet<>(written.values())).hasSize(1);
        assertThat(written).hasSize(4);
    }

    @Test
    void twoInstancesSeeingANewParticipantAtTheSameMomentEndWithOnePseudonym() throws Exception {
        int rounds = 40;
        List<String> participants = new ArrayList<>();
        List<List<ObjectNode>> sentByRound = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < rounds; round++) {
                String x = distinctiveId();
                List<ObjectNode> events = List.of(event("participant.joined", territory, x), event("tool.used", territory, x),
                        event("footprint.assessed", territory, x), event("tool.used", territory, x));
                int[] ports = {port, second.port(), port, second.port()};
                for (IngestTestSupport.Response r : postAtOnce(pool, ports, events)) {
                    assertThat(r.status()).isEqualTo(202);
                }
                participants.add(x);
                sentByRound.add(events);
            }
        } finally {
            pool.shutdownNow();
        }

        Set<String> all = new HashSet<>();
        sentByRound.forEach(events -> all.addAll(ids(events.toArray(ObjectNode[]::new))));
        Map<String, String> written = pseudonymsOf(all);
        Map<String, List<String>> claims = claimsInVault(territory, participants);
        int raced = 0;
        for (int round = 0; round < rounds; round++) {
            Set<String> used = new HashSet<>();
            sentByRound.get(round).forEach(e -> used.add(written.get(e.get("eventId").asText())));
            List<String> claimed = claims.get(participants.get(round));
            assertThat(used).as("round %d: one pseudonym", round).hasSize(1).doesNotContainNull();
            assertThat(claimed.get(0)).as("round %d: the first claim in the vault is the one used", round)
                    .isEqualTo(used.iterator().next());
            if (claimed.size() > 1) {
                raced++;
            }
        }
        // the race is real: both instances claimed in some rounds, and still one pseudonym was used
        assertThat(raced).as("rounds where both instances claimed").isGreaterThan(0);
    }

    @Test
    void newParticipantsOfConcurrentRequestsAreClaimedTogetherAndEachKeepsItsFirstClaim() throws Exception {
        int requests = 12;
        String shared = distinctiveId(); // new to both instances, sent by every request
        List<List<ObjectNode>> sent = new ArrayList<>();
        List<String> participants = new ArrayList<>(List.of(shared));
        for (int r = 0; r < requests; r++) {
            List<ObjectNode> events = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String x = distinctiveId();
                participants.add(x);
                events.add(event("participant.joined", territory, x));
                events.add(event("tool.used", territory, x));
            }
            events.add(event("footprint.assessed", territory, shared));
            sent.add(events);
        }
        double[] before = claimGroups(port);
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            int[] ports = new int[requests];
            List<Object> bodies = new ArrayList<>();
            for (int r = 0; r < requests; r++) {
                // every fourth request to the other instance: the vault's order decides between them too
                ports[r] = r % 4 == 3 ? second.port() : port;
                bodies.add(array(sent.get(r).toArray(ObjectNode[]::new)));
            }
            for (IngestTestSupport.Response r : postAtOnce(pool, ports, bodies)) {
                assertThat(r.status()).isEqualTo(202);
            }
        } finally {
            pool.shutdownNow();
        }
        double[] after = claimGroups(port);

        Set<String> all = new HashSet<>();
        sent.forEach(events -> all.addAll(ids(events.toArray(ObjectNode[]::new))));
        Map<String, String> written = pseudonymsOf(all);
        Map<String, List<String>> claims = claimsInVault(territory, participants);
        Map<String, Set<String>> used = new java.util.HashMap<>();
        sent.forEach(events -> events.forEach(e -> used.computeIfAbsent(e.get("participantId").asText(), p -> new HashSet<>())
                .add(written.get(e.get("eventId").asText()))));
        for (String p : participants) {
            assertThat(used.get(p)).as("participant %s: one pseudonym", p).hasSize(1).doesNotContainNull();
            assertThat(used.get(p)).as("participant %s: the vault's first claim", p).containsExactly(claims.get(p).get(0));
        }
        // this instance received 9 requests with 3 new participants each (and maybe the shared one): fewer claim groups
        // than requests means the claims of concurrent requests went to Kafka together
        assertThat(after[1] - before[1]).as("claims written by this instance").isGreaterThanOrEqualTo(9 * 3);
        assertThat(after[0] - before[0]).as("claim groups written by this instance").isLessThan(9);
    }

    /** Posts each body to its port from a thread of its own, all released at the same moment; the answers in order. */
    private static List<IngestTestSupport.Response> postAtOnce(ExecutorService pool, int[] ports, List<?> bodies)
            throws Exception {
        CyclicBarrier together = new CyclicBarrier(bodies.size());
        List<CompletableFuture<IngestTestSupport.Response>> sent = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            int n = i;
            sent.add(CompletableFuture.supplyAsync(() -> {
                try {
                    together.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return postJson(ports[n], "/api/v1/events", token, bodies.get(n));
            }, pool));
        }
        List<IngestTestSupport.Response> answers = new ArrayList<>();
        for (CompletableFuture<IngestTestSupport.Response> f : sent) {
            answers.add(f.get(30, TimeUnit.SECONDS));
        }
        return answers;
    }

    /** The claim groups this instance wrote, and the claims in them, from its metrics. */
    private static double[] claimGroups(int port) {
        String metrics = get(port, "/metrics", null).text();
        double[] out = new double[2];
        metrics.lines().forEach(l -> {
            if (l.startsWith("together_ingest_vault_claims_count ")) {
                out[0] = Double.parseDouble(l.substring(l.indexOf(' ') + 1));
            } else if (l.startsWith("together_ingest_vault_claims_sum ")) {
                out[1] = Double.parseDouble(l.substring(l.indexOf(' ') + 1));
            }
        });
        return out;
    }

    @Test
    void anInstanceStartedWithAnotherKeyRefusesToServe() {
        IngestConfig base = IngestTestSupport.config(IngestTestSupport.tempDir());
        IngestConfig otherKey = new IngestConfig(base.bootstrapServers(), base.schemaRegistryUrl(), base.host(), 0,
                base.adminToken(), "another-network-key-" + UUID.randomUUID(), base.dataDir(), base.kafkaProperties());
        try (IngestService wrong = new IngestService(otherKey)) {
            wrong.start();
            IngestTestSupport.Response ready = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                ready = get(wrong.port(), "/health/ready", null);
                if (ready.json().path("checks").has("pseudonymKey")) {
                    break;
                }
                IngestTestSupport.sleep(100);
            }

            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().get("checks").get("pseudonymKey").asText()).startsWith("MISMATCH");
            assertThat(wrong.refusal()).as("what the launcher reports").hasValueSatisfying(why -> assertThat(why)
                    .contains("TOGETHER_PSEUDONYM_KEY does not match the key the pseudonym vault"));

            // an app is told why, and that retrying will not help: not "starting or cannot reach Kafka"
            IngestTestSupport.Response refused = postJson(wrong.port(), "/api/v1/events", token, joined(territory));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().get("message").asText())
                    .startsWith("the ingest service does not serve: TOGETHER_PSEUDONYM_KEY does not match the key the "
                            + "pseudonym vault (topic together.pseudonyms) was written with")
                    .contains("Restart this instance with the network's key")
                    .doesNotContain("cannot reach Kafka");
            assertThat(refused.headers().first("Retry-After")).as("a retry cannot help").isNull();
        }
    }

    @Test
    void aShortKeyIsRefusedAtStart() {
        IngestConfig base = IngestTestSupport.config(IngestTestSupport.tempDir());
        IngestConfig shortKey = new IngestConfig(base.bootstrapServers(), base.schemaRegistryUrl(), base.host(), 0,
                base.adminToken(), "too-short", base.dataDir(), base.kafkaProperties());
        try (IngestService s = new IngestService(shortKey)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(s::start).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("TOGETHER_PSEUDONYM_KEY").hasMessageContaining("32");
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
