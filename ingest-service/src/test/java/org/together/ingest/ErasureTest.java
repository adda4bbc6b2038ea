package org.together.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.ingest.IngestTestSupport.ADMIN_TOKEN;
import static org.together.ingest.IngestTestSupport.JSON;
import static org.together.ingest.IngestTestSupport.newEventId;
import static org.together.ingest.IngestTestSupport.newTerritory;
import static org.together.ingest.IngestTestSupport.postJson;
import static org.together.ingest.IngestTestSupport.send;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.together.embedded.RawBytes;
import org.together.ingest.pseudonyms.PseudonymKey;
import org.together.schemas.TopicSpec;
import org.together.schemas.Topics;

/**
 * {@code DELETE /api/v1/territories/{territoryId}/participants/{participantId}}: who may erase, what it answers, what
 * becomes of the participant's later and earlier events, and that the mapping leaves the broker's disk and the
 * ingest index's files once compaction ran.
 */
class ErasureTest {

    private static int port;
    private static String territory;
    private static String token;
    private static String otherToken;

    @BeforeAll
    static void start() {
        port = IngestTestSupport.port();
        String[] t = newTerritory(port, "erasure");
        territory = t[0];
        token = t[1];
        otherToken = newTerritory(port, "erasure-other")[1];
    }

    private static String participant() {
        return "Er" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    private static ObjectNode joined(String participantId) {
        return JSON.createObjectNode().put("eventId", newEventId()).put("type", "participant.joined")
                .put("territoryId", territory).put("occurredAt", Instant.now().minus(1, ChronoUnit.HOURS).toString())
                .put("participantId", participantId).put("role", "citizen");
    }

    private static IngestTestSupport.Response erase(int port, String territoryId, String participantId, String token) {
        return send(port, "DELETE", "/api/v1/territories/" + territoryId + "/participants/" + participantId, token, null, null);
    }

    private static String pseudonymOf(ObjectNode event) {
        return PseudonymsTest.pseudonymsOf(Set.of(event.get("eventId").asText())).get(event.get("eventId").asText());
    }

    @Test
    void theTerritorysTokenOrTheAdminTokenErasesAndErasingAgainIs202Too() {
        String x = participant();
        String y = participant();
        assertThat(postJson(port, "/api/v1/events", token, IngestTestSupport.array(joined(x), joined(y))).status()).isEqualTo(202);

        IngestTestSupport.Response byTerritory = erase(port, territory, x, token);
        IngestTestSupport.Response again = erase(port, territory, x, token);
        IngestTestSupport.Response byAdmin = erase(port, territory, y, ADMIN_TOKEN);
        IngestTestSupport.Response neverSeen = erase(port, territory, participant(), ADMIN_TOKEN);

        for (IngestTestSupport.Response r : List.of(byTerritory, again, byAdmin, neverSeen)) {
            assertThat(r.status()).isEqualTo(202);
            assertThat(r.json().get("territoryId").asText()).isEqualTo(territory);
            assertThat(r.json().get("status").asText()).isEqualTo("erased");
            assertThat(r.json().size()).as("the participant id is not echoed").isEqualTo(2);
        }
        assertThat(PseudonymsTest.claimsInVault(territory, x)).isEmpty();
        assertThat(PseudonymsTest.claimsInVault(territory, y)).isEmpty();
    }

    @Test
    void noTokenAForeignTokenOrBadIdsEraseNothing() {
        String x = participant();
        ObjectNode event = joined(x);
        assertThat(postJson(port, "/api/v1/events", token, event).status()).isEqualTo(202);
        List<String> before = PseudonymsTest.claimsInVault(territory, x);

        IngestTestSupport.Response none = erase(port, territory, x, null);
        IngestTestSupport.Response wrong = erase(port, territory, x, "tgt_not-a-token");
        IngestTestSupport.Response foreign = erase(port, territory, x, otherToken);
        IngestTestSupport.Response badParticipant = erase(port, territory, "short", ADMIN_TOKEN);
        IngestTestSupport.Response badBoth = erase(port, "Not_A_Territory", "has%20space", ADMIN_TOKEN);
        IngestTestSupport.Response unknown = erase(port, "no-such-territory", x, ADMIN_TOKEN);

        assertThat(none.status()).isEqualTo(401);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.json().get("message").asText()).contains("nothing was erased");
        assertThat(badParticipant.status()).isEqualTo(422);
        assertThat(badParticipant.json().get("errors").findValuesAsText("field")).containsExactly("participantId");
        assertThat(badBoth.status()).isEqualTo(422);
        assertThat(badBoth.json().get("errors").findValuesAsText("field")).containsExactly("territoryId", "participantId");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(PseudonymsTest.claimsInVault(territory, x)).isEqualTo(before).hasSize(1);
    }

    @Test
    void afterAnErasureTheSameIdIsANewParticipantAndEarlierEventsAreNotWrittenAgain() {
        String x = participant();
        ObjectNode before = joined(x);
        assertThat(postJson(port, "/api/v1/events", token, before).status()).isEqualTo(202);
        String old = pseudonymOf(before);

        assertThat(erase(port, territory, x, token).status()).isEqualTo(202);
        // the earlier event was accepted once: resent after the erasure it is not written again, nor re-identified
        IngestTestSupport.Response resent = postJson(port, "/api/v1/events", token, before);
        ObjectNode after = joined(x);
        IngestTestSupport.Response later = postJson(port, "/api/v1/events", token, after);
        // once the id is back under a new pseudonym, the old event's content no longer matches it: refused as well
        IngestTestSupport.Response resentAgain = postJson(port, "/api/v1/events", token, before);

        assertThat(resent.status()).isEqualTo(202);
        assertThat(resent.result(0).get("status").asText()).isEqualTo("duplicate");
        assertThat(later.status()).isEqualTo(202);
        assertThat(pseudonymOf(after)).isNotEqualTo(old).isNotNull();
        assertThat(PseudonymsTest.claimsInVault(territory, x)).containsExactly(pseudonymOf(after));
        assertThat(resentAgain.result(0).get("status").asText()).isEqualTo("conflict");
        // the bytes are the same: the message says the erasure may be why, not only "different content" (review 10)
        assertThat(resentAgain.result(0).get("errors").get(0).get("message").asText()).startsWith("conflict: this eventId "
                + "was already accepted with different content, or for a participant erased since and back under a new pseudonym");
        assertThat(pseudonymOf(before)).as("written once, under the pseudonym it had").isEqualTo(old);
    }

    @Test
    void afterAnErasureOtherContentUnderAStoredEventIdIsStillAConflict() {
        String x = participant();
        ObjectNode before = joined(x);
        assertThat(postJson(port, "/api/v1/events", token, before).status()).isEqualTo(202);
        assertThat(erase(port, territory, x, token).status()).isEqualTo(202);

        IngestTestSupport.Response identical = postJson(port, "/api/v1/events", token, before);
        IngestTestSupport.Response otherRole = postJson(port, "/api/v1/events", token, before.deepCopy().put("role", "other"));
        IngestTestSupport.Response otherParticipant = postJson(port, "/api/v1/events", token,
                before.deepCopy().put("participantId", participant()));

        assertThat(identical.result(0).get("status").asText()).isEqualTo("duplicate");
        assertThat(otherRole.result(0).get("status").asText()).isEqualTo("conflict");
        assertThat(otherRole.result(0).get("errors").get(0).get("message").asText())
                .startsWith("conflict: this eventId was already accepted with different content; an identical resend");
        // indistinguishable from the erased participant's own resend without keeping a link to them
        assertThat(otherParticipant.result(0).get("status").asText()).isEqualTo("duplicate");
        assertThat(PseudonymsTest.claimsInVault(territory, x)).as("no resend brought the erased participant back").isEmpty();
    }

    @Test
    void theErasedMappingLeavesTheBrokersDiskAndTheIndexFilesOnceCompactionRan() throws Exception {
        Path dataDir = IngestTestSupport.tempDir();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                IngestTestSupport.stack().bootstrapServers()))) {
            compactFast(admin, true);
            String x = participant();
            ObjectNode event = joined(x);
            try (IngestService ingest = IngestTestSupport.start(IngestTestSupport.config(dataDir))) {
                assertThat(postJson(ingest.port(), "/api/v1/events", token, event).status()).isEqualTo(202);
            }
            String pseudonym = pseudonymOf(event);
            String keyedHash = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(new PseudonymKey(IngestTestSupport.PSEUDONYM_KEY).of(territory, x));
            Path vaultOnDisk = IngestTestSupport.stack().dataDir().resolve("kafka");
            Path index = dataDir.resolve("ingest").resolve("index");
            assertThat(vaultFiles(vaultOnDisk, List.of(pseudonym, keyedHash))).as("the vault before the erasure").isNotEmpty();
            assertThat(RawBytes.inFiles(index, List.of(pseudonym))).as("the index (flushed at close) before").isNotEmpty();

            try (IngestService ingest = IngestTestSupport.start(IngestTestSupport.config(dataDir))) {
                assertThat(awaitErasureBound(ingest.port(), b -> b < 1)).as("the bound the fast settings give, in seconds")
                        .isEqualTo(0.4);
                assertThat(erase(ingest.port(), territory, x, token).status()).isEqualTo(202);

                // the claim (keyed hash and pseudonym) goes at the first cleaning, its tombstone (keyed hash) later
                awaitGone(() -> vaultFiles(vaultOnDisk, List.of(pseudonym)), Duration.ofSeconds(90));
                awaitGone(() -> vaultFiles(vaultOnDisk, List.of(keyedHash)), Duration.ofSeconds(90));
                awaitGone(() -> RawBytes.inFiles(index, List.of(pseudonym)), Duration.ofSeconds(30));
            }
        } finally {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    IngestTestSupport.stack().bootstrapServers()))) {
                compactFast(admin, false);
            }
        }
    }

    @Test
    void ingestPublishesTheErasureBoundTheVaultsSettingsGiveUnderTheDayPromised() throws Exception {
        double seconds = awaitErasureBound(port, b -> b == 21_660);

        assertThat(Duration.ofMillis((long) (seconds * 1000))).as("6 h 1 min: docs/privacy.md")
                .isEqualTo(Duration.ofHours(6).plusMinutes(1)).isLessThan(Duration.ofHours(24));
    }

    /** Ingest's gauge of the erasure bound, once it holds what {@code expected} accepts (else its last value). */
    private static double awaitErasureBound(int port, java.util.function.DoublePredicate expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        double last = Double.NaN;
        while (System.nanoTime() < deadline) {
            String metrics = IngestTestSupport.get(port, "/metrics", null).text();
            last = metrics.lines().filter(l -> l.startsWith("together_ingest_vault_erasure_bound_seconds "))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(Double.NaN);
            if (expected.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        return last;
    }

    /** What the files of the vault's partitions hold of the needles. */
    private static List<String> vaultFiles(Path logDir, Collection<String> needles) throws Exception {
        List<String> found = new ArrayList<>();
        try (Stream<Path> dirs = java.nio.file.Files.list(logDir)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(Topics.PSEUDONYMS.name() + "-")).toList()) {
                found.addAll(RawBytes.inFiles(dir, needles));
            }
        }
        return found;
    }

    private interface Scan {
        List<String> found() throws Exception;
    }

    private static void awaitGone(Scan scan, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> found = scan.found();
        while (!found.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            found = scan.found();
        }
        assertThat(found).as("still on disk after %s", timeout).isEmpty();
    }

    /**
     * Makes the vault roll and compact within a second (or puts back its settings): the same mechanism as in
     * production, with hours turned into milliseconds.
     */
    private static void compactFast(Admin admin, boolean fast) throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.PSEUDONYMS.name());
        Map<String, String> settings = fast
                ? Map.of(TopicConfig.SEGMENT_MS_CONFIG, "200", TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, "200",
                        TopicConfig.DELETE_RETENTION_MS_CONFIG, "100", TopicConfig.FILE_DELETE_DELAY_MS_CONFIG, "100",
                        TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01")
                : TopicSpec.erasableConfigs();
        List<AlterConfigOp> ops = new ArrayList<>();
        settings.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "");
        AlterConfigOp backoff = fast
                ? new AlterConfigOp(new ConfigEntry("log.cleaner.backoff.ms", "100"), AlterConfigOp.OpType.SET)
                : new AlterConfigOp(new ConfigEntry("log.cleaner.backoff.ms", ""), AlterConfigOp.OpType.DELETE);
        admin.incrementalAlterConfigs(Map.of(topic, ops, broker, List.of(backoff))).all().get(10, TimeUnit.SECONDS);
    }
}
