package org.together.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.ingest.IngestTestSupport.ADMIN_TOKEN;
import static org.together.ingest.IngestTestSupport.JSON;
import static org.together.ingest.IngestTestSupport.array;
import static org.together.ingest.IngestTestSupport.endOffsetsOfAllTopics;
import static org.together.ingest.IngestTestSupport.joined;
import static org.together.ingest.IngestTestSupport.newTerritory;
import static org.together.ingest.IngestTestSupport.postJson;
import static org.together.ingest.IngestTestSupport.readCommitted;
import static org.together.ingest.IngestTestSupport.send;
import static org.together.ingest.IngestTestSupport.toolUsed;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.together.events.EventEnvelope;
import org.together.events.ParticipantJoined;
import org.together.events.ToolUsed;
import org.together.ingest.idempotency.ReceiptIndex;
import org.together.reference.EventReceipt;
import org.together.schemas.TerritoryPartitions;
import org.together.schemas.TopicSpec;
import org.together.schemas.Topics;

/** The ingest contract of the SPEC, status code by status code, checked against what reached Kafka. */
class EventsContractTest {

    private static int port;
    private static String territory;
    private static String token;

    @BeforeAll
    static void startService() {
        port = IngestTestSupport.port();
        String[] t = newTerritory(port, "contract");
        territory = t[0];
        token = t[1];
    }

    private static <V extends SpecificRecord> List<ConsumerRecord<String, V>> withEventId(TopicSpec<V> topic, String eventId) {
        return readCommitted(topic).stream()
                .filter(r -> r.value() != null && ((EventEnvelope) ((org.apache.avro.generic.GenericRecord) r.value()).get("envelope")).getEventId().equals(eventId))
                .toList();
    }

    @Test
    void oneValidEventIsAccepted202AndWrittenOnceKeyedByTerritoryWithItsReceipt() {
        ObjectNode event = joined(territory);
        String id = event.get("eventId").asText();

        IngestTestSupport.Response r = postJson(port, "/api/v1/events", token, event);

        assertThat(r.status()).isEqualTo(202);
        assertThat(r.result(0).get("eventId").asText()).isEqualTo(id);
        assertThat(r.result(0).get("status").asText()).isEqualTo("accepted");
        assertThat(r.result(0).get("errors")).isEmpty();
        List<ConsumerRecord<String, ParticipantJoined>> written = withEventId(Topics.PARTICIPANT_JOINED, id);
        assertThat(written).hasSize(1);
        assertThat(written.get(0).key()).isEqualTo(territory);
        assertThat(written.get(0).partition()).as("the territory's partition, where its queries and reports look")
                .isEqualTo(TerritoryPartitions.of(territory));
        assertThat(written.get(0).value().getParticipantId()).as("a pseudonym, never the id sent")
                .isNotEqualTo(event.get("participantId").asText()).matches("[A-Za-z0-9_-]{22}");
        assertThat(written.get(0).value().getEnvelope().getReceivedAt()).isAfter(Instant.now().minusSeconds(60));
        List<ConsumerRecord<String, EventReceipt>> receipts = readCommitted(Topics.EVENT_RECEIPTS).stream()
                .filter(rec -> rec.key().equals(id)).toList();
        assertThat(receipts).hasSize(1);
        assertThat(receipts.get(0).value().getTopic()).isEqualTo(Topics.PARTICIPANT_JOINED.name());
        assertThat(receipts.get(0).partition()).as("beside its event: one transaction touches fewer partitions")
                .isEqualTo(TerritoryPartitions.of(territory));
        // the header readers use to skip receipts they already hold carries the value's hash, raw
        assertThat(receipts.get(0).headers().lastHeader(ReceiptIndex.HASH_HEADER).value())
                .isEqualTo(HexFormat.of().parseHex(receipts.get(0).value().getContentHash()));
    }

    @Test
    void identicalResendIsDuplicate202AndStoredOnce() {
        ObjectNode event = toolUsed(territory);
        String id = event.get("eventId").asText();

        assertThat(postJson(port, "/api/v1/events", token, event).status()).isEqualTo(202);
        IngestTestSupport.Response again = postJson(port, "/api/v1/events", token, event);

        assertThat(again.status()).isEqualTo(202);
        assertThat(again.result(0).get("status").asText()).isEqualTo("duplicate");
        assertThat(again.json().get("duplicates").asInt()).isEqualTo(1);
        assertThat(withEventId(Topics.TOOL_USED, id)).hasSize(1);
    }

    @Test
    void sameEventIdWithOtherContentIsConflict422AndNothingMoreIsWritten() {
        ObjectNode event = toolUsed(territory);
        String id = event.get("eventId").asText();
        assertThat(postJson(port, "/api/v1/events", token, event).status()).isEqualTo(202);

        IngestTestSupport.Response r = postJson(port, "/api/v1/events", token, event.deepCopy().put("rating", 2));

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.result(0).get("status").asText()).isEqualTo("conflict");
        assertThat(r.result(0).get("errors").get(0).get("field").asText()).isEqualTo("eventId");
        List<ConsumerRecord<String, ToolUsed>> written = withEventId(Topics.TOOL_USED, id);
        assertThat(written).hasSize(1);
        assertThat(written.get(0).value().getRating()).isEqualTo(5);
    }

    /** Review 18, finding 7: a participant ingest has never seen has no pseudonym, and that once made it a duplicate. */
    @Test
    void otherContentWithAStoredEventIdIsAConflictEvenForAParticipantIngestHasNeverSeen() {
        ObjectNode event = joined(territory);
        String id = event.get("eventId").asText();

        IngestTestSupport.Response first = postJson(port, "/api/v1/events", token, event);
        IngestTestSupport.Response otherRole = postJson(port, "/api/v1/events", token, event.deepCopy().put("role", "other"));
        IngestTestSupport.Response unseenParticipant = postJson(port, "/api/v1/events", token, event.deepCopy()
                .put("participantId", "p-" + UUID.randomUUID().toString().substring(0, 12)).put("role", "association"));

        assertThat(first.result(0).get("status").asText()).isEqualTo("accepted");
        assertThat(otherRole.result(0).get("status").asText()).isEqualTo("conflict");
        assertThat(unseenParticipant.status()).isEqualTo(422);
        assertThat(unseenParticipant.result(0).get("status").asText()).isEqualTo("conflict");
        assertThat(unseenParticipant.result(0).get("errors").get(0).get("message").asText())
                .as("the content differs beyond the participant: no erasure can explain it")
                .startsWith("conflict: this eventId was already accepted with different content; an identical resend");
        List<ConsumerRecord<String, ParticipantJoined>> written = withEventId(Topics.PARTICIPANT_JOINED, id);
        assertThat(written).hasSize(1);
        assertThat(written.get(0).value().getRole()).isEqualTo(org.together.events.ParticipantRole.CITIZEN);
    }

    @Test
    void anEventIdAnotherTerritoryUsedIsAConflictForThisOneAndNothingIsWritten() {
        String[] other = newTerritory(port, "contract-other");
        ObjectNode theirs = joined(territory);
        assertThat(postJson(port, "/api/v1/events", token, theirs).status()).isEqualTo(202);
        Map<TopicPartition, Long> before = endOffsetsOfAllTopics();

        ObjectNode mine = joined(other[0]).put("eventId", theirs.get("eventId").asText());
        IngestTestSupport.Response r = postJson(port, "/api/v1/events", other[1], mine);

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.result(0).get("status").asText()).isEqualTo("conflict");
        assertThat(endOffsetsOfAllTopics()).as("nothing written, not even a pseudonym").isEqualTo(before);
        assertThat(withEventId(Topics.PARTICIPANT_JOINED, theirs.get("eventId").asText())).singleElement()
                .satisfies(w -> assertThat(w.key()).isEqualTo(territory));
    }

    @Test
    void aReceiptCarriesTheHashOfTheContentWithoutTheParticipantBesideTheOneAsStored() {
        ObjectNode event = joined(territory);
        String id = event.get("eventId").asText();
        assertThat(postJson(port, "/api/v1/events", token, event).status()).isEqualTo(202);

        ConsumerRecord<String, EventReceipt> receipt = readCommitted(Topics.EVENT_RECEIPTS).stream()
                .filter(rec -> rec.key().equals(id)).findFirst().orElseThrow();

        byte[] without = receipt.headers().lastHeader(ReceiptIndex.WITHOUT_PARTICIPANT_HASH_HEADER).value();
        assertThat(without).hasSize(ReceiptIndex.HASH_BYTES)
                .as("the stored content holds the pseudonym; this hash does not")
                .isNotEqualTo(HexFormat.of().parseHex(receipt.value().getContentHash()));
    }

    @Test
    void mixedBatchIs207WithAResultPerEventAndOnlyTheGoodOnesWritten() {
        ObjectNode stored = joined(territory);
        assertThat(postJson(port, "/api/v1/events", token, stored).status()).isEqualTo(202);
        ObjectNode fresh = joined(territory);
        ObjectNode bad = joined(territory).put("participantId", "abc").put("nickname", "Jeanne");
        ObjectNode conflicting = stored.deepCopy().put("role", "association");

        IngestTestSupport.Response r = postJson(port, "/api/v1/events", token, array(fresh, bad, stored, conflicting));

        assertThat(r.status()).isEqualTo(207);
        assertThat(r.json().get("results")).hasSize(4);
        assertThat(r.result(0).get("status").asText()).isEqualTo("accepted");
        assertThat(r.result(1).get("status").asText()).isEqualTo("rejected");
        assertThat(r.result(1).get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("participantId", "nickname");
        assertThat(r.result(2).get("status").asText()).isEqualTo("duplicate");
        assertThat(r.result(3).get("status").asText()).isEqualTo("conflict");
        assertThat(withEventId(Topics.PARTICIPANT_JOINED, fresh.get("eventId").asText())).hasSize(1);
        assertThat(withEventId(Topics.PARTICIPANT_JOINED, bad.get("eventId").asText())).isEmpty();
        assertThat(withEventId(Topics.PARTICIPANT_JOINED, stored.get("eventId").asText())).hasSize(1);
    }

    @Test
    void sameEventTwiceInOneRequestIsStoredOnceTheSecondADuplicate() {
        ObjectNode event = joined(territory);

        IngestTestSupport.Response r = postJson(port, "/api/v1/events", token, array(event, event.deepCopy()));

        assertThat(r.status()).isEqualTo(202);
        assertThat(r.result(0).get("status").asText()).isEqualTo("accepted");
        assertThat(r.result(1).get("status").asText()).isEqualTo("duplicate");
        assertThat(withEventId(Topics.PARTICIPANT_JOINED, event.get("eventId").asText())).hasSize(1);
    }

    @Test
    void noValidEventIs422AndNothingIsWritten() {
        Map<TopicPartition, Long> before = endOffsetsOfAllTopics();
        ObjectNode wrongType = joined(territory).put("type", "participant.renamed");
        ObjectNode tooOld = joined(territory).put("occurredAt", Instant.now().minus(401, ChronoUnit.DAYS).toString());

        IngestTestSupport.Response r = postJson(port, "/api/v1/events", token, array(wrongType, tooOld));

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.result(0).get("status").asText()).isEqualTo("rejected");
        assertThat(r.result(1).get("errors").get(0).get("field").asText()).isEqualTo("occurredAt");
        assertThat(r.json().get("rejected").asInt()).isEqualTo(2);
        assertThat(endOffsetsOfAllTopics()).isEqualTo(before);
    }

    /**
     * Review 13: an event older than 400 days imported by the coordination team, resent by its territory's app, was
     * "rejected" for its age, telling the app it was never stored. It is a duplicate, as any resend; another event of
     * that eventId is a conflict; an old one never stored is still refused, and nothing is written.
     */
    @Test
    void aResendOfAStoredEventTooOldForTheTerritorysAppIsADuplicateAndANeverStoredOneStaysRejected() {
        String old = Instant.now().minus(500, ChronoUnit.DAYS).toString();
        ObjectNode imported = joined(territory).put("occurredAt", old);
        assertThat(postJson(port, "/api/v1/import", ADMIN_TOKEN, imported).status()).isEqualTo(202);
        Map<TopicPartition, Long> before = endOffsetsOfAllTopics();
        ObjectNode neverStored = joined(territory).put("occurredAt", old);
        ObjectNode otherContent = imported.deepCopy().put("role", "association");

        IngestTestSupport.Response r = postJson(port, "/api/v1/events", token, array(imported, neverStored, otherContent, neverStored));

        assertThat(r.status()).isEqualTo(207);
        assertThat(r.result(0).get("status").asText()).isEqualTo("duplicate");
        assertThat(r.result(1).get("status").asText()).isEqualTo("rejected");
        assertThat(r.result(1).get("errors").get(0).get("message").asText()).contains("at most 400 days in the past");
        assertThat(r.result(2).get("status").asText()).isEqualTo("conflict");
        assertThat(r.result(3).get("status").asText()).isEqualTo("rejected");
        assertThat(r.result(3).get("errors").get(0).get("field").asText()).isEqualTo("occurredAt");
        assertThat(endOffsetsOfAllTopics()).as("nothing written, not even a pseudonym claim").isEqualTo(before);
        assertThat(withEventId(Topics.PARTICIPANT_JOINED, imported.get("eventId").asText())).hasSize(1);
    }

    @Test
    void freeTextAboutAPersonIs422NamingTheFieldAndNoTopicNotEvenTheVaultIsWritten() {
        Map<TopicPartition, Long> before = endOffsetsOfAllTopics();
        String participant = "p-" + UUID.randomUUID().toString().substring(0, 12);
        ObjectNode leftForHealth = JSON.createObjectNode().put("eventId", IngestTestSupport.newEventId())
                .put("type", "participant.left").put("territoryId", territory)
                .put("occurredAt", Instant.now().minus(1, ChronoUnit.HOURS).toString()).put("participantId", participant)
                .put("reason", "health");
        ObjectNode namedPhone = joined(territory).put("participantId", participant);
        namedPhone.putObject("source").put("app", "Jeanne's phone");

        IngestTestSupport.Response r = postJson(port, "/api/v1/events", token, array(leftForHealth, namedPhone));

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.result(0).get("errors").findValuesAsText("field")).containsExactly("reason");
        assertThat(r.result(0).get("errors").get(0).get("message").asText())
                .isEqualTo("must be one of moved, no-time, lost-interest, project-ended, other");
        assertThat(r.result(1).get("errors").findValuesAsText("field")).containsExactly("source.app");
        assertThat(r.text()).doesNotContain("health", "Jeanne");
        assertThat(endOffsetsOfAllTopics()).as("no event, no receipt, no pseudonym claim").isEqualTo(before);
    }

    @Test
    void emptyArrayIs422() {
        IngestTestSupport.Response r = postJson(port, "/api/v1/events", token, "[]");

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("results")).isEmpty();
    }

    @Test
    void unparsableBodyIs400WithAJsonError() {
        IngestTestSupport.Response r = postJson(port, "/api/v1/events", token, "{\"eventId\": ");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).contains("not valid JSON");
        for (String truncated : new String[] {"{", "[{\"eventId\": 1},\n", "{\"a\": tru}"}) {
            String message = postJson(port, "/api/v1/events", token, truncated).json().get("message").asText();
            assertThat(message).as("where it stopped, in a person's words, without the parser's internals")
                    .startsWith("body is not valid JSON at line ").doesNotContain("Source", "REDACTED", "StreamReadFeature");
        }
    }

    /** Review 18: the parser's limits were told in its own words, naming its settings. */
    @Test
    void aBodyOverTheParsersLimitsIs400InTheWordsOfTheOtherFieldErrors() {
        Map<TopicPartition, Long> before = endOffsetsOfAllTopics();
        IngestTestSupport.Response deep = postJson(port, "/api/v1/events", token, "[".repeat(33) + "]".repeat(33));
        String longNumber = joined(territory).toString().replaceFirst("^\\{", "{\"n\":" + "1".repeat(101) + ",");
        IngestTestSupport.Response number = postJson(port, "/api/v1/events", token, longNumber);

        assertThat(deep.status()).isEqualTo(400);
        assertThat(deep.json().get("message").asText()).isEqualTo("body: nested deeper than 32 levels")
                .doesNotContain("StreamReadConstraints", "maximum allowed");
        assertThat(number.status()).isEqualTo(400);
        assertThat(number.json().get("message").asText()).startsWith("body: a number longer than 100 digits")
                .doesNotContain("StreamReadConstraints", "maximum allowed");
        assertThat(endOffsetsOfAllTopics()).isEqualTo(before);
    }

    @Test
    void missingOrWrongTokenIs401AndNothingIsWritten() {
        Map<TopicPartition, Long> before = endOffsetsOfAllTopics();
        ObjectNode event = joined(territory);

        IngestTestSupport.Response none = postJson(port, "/api/v1/events", null, event);
        IngestTestSupport.Response wrong = postJson(port, "/api/v1/events", token + "x", event);
        IngestTestSupport.Response admin = postJson(port, "/api/v1/events", ADMIN_TOKEN, event);

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.headers().first("WWW-Authenticate")).startsWith("Bearer");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(admin.status()).isEqualTo(401);
        assertThat(wrong.json().get("error").asText()).isEqualTo("Unauthorized");
        assertThat(endOffsetsOfAllTopics()).isEqualTo(before);
    }

    @Test
    void aTokenDifferingOnlyInLetterCaseIsRefusedEvenOnAKeptAliveConnection() {
        for (int i = 0; i < 20; i++) {
            assertThat(postJson(port, "/api/v1/events", token, joined(territory)).status()).isEqualTo(202);
            assertThat(postJson(port, "/api/v1/events", token.toUpperCase(), joined(territory)).status()).isEqualTo(401);
            assertThat(postJson(port, "/api/v1/events", token.toLowerCase(), joined(territory)).status()).isEqualTo(401);
        }
    }

    @Test
    void anEventOfAnotherTerritoryMakesTheWholeRequest403AndNothingIsWritten() {
        String[] other = newTerritory(port, "other");
        Map<TopicPartition, Long> before = endOffsetsOfAllTopics();
        ObjectNode mine = joined(territory);
        ObjectNode theirs = joined(other[0]);

        IngestTestSupport.Response r = postJson(port, "/api/v1/events", token, array(mine, theirs));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("message").asText()).contains(other[0]);
        assertThat(endOffsetsOfAllTopics()).isEqualTo(before);
        assertThat(withEventId(Topics.PARTICIPANT_JOINED, mine.get("eventId").asText())).isEmpty();
    }

    @Test
    void bodyOver1MiBOrOver1000EventsIs413() {
        ArrayNode many = JSON.createArrayNode();
        for (int i = 0; i < 1001; i++) {
            many.add(joined(territory));
        }
        String huge = "[" + "{\"eventId\":\"" + "x".repeat(1024 * 1024) + "\"}]";
        Map<TopicPartition, Long> before = endOffsetsOfAllTopics();

        IngestTestSupport.Response tooMany = postJson(port, "/api/v1/events", token, many);
        IngestTestSupport.Response tooBig = postJson(port, "/api/v1/events", token, huge);

        assertThat(tooMany.status()).isEqualTo(413);
        assertThat(tooMany.json().get("message").asText()).contains("1000");
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.json().get("message").asText()).contains("1 MiB");
        assertThat(endOffsetsOfAllTopics()).isEqualTo(before);
    }

    /** Review 21: offline apps send big batches on poor links; a gzip body was refused as "not valid UTF-8". */
    @Test
    void aGzipBodyIsAcceptedAndHeldToTheSameLimitOnceDecompressedAnotherEncodingIs415() throws Exception {
        ObjectNode one = joined(territory);
        ObjectNode two = joined(territory);
        byte[] bomb = gzip(("[" + " ".repeat(8 * 1024 * 1024) + "]").getBytes(StandardCharsets.UTF_8));
        assertThat(bomb.length).as("small on the wire").isLessThan(64 * 1024);

        IngestTestSupport.Response gzipped = send(port, "POST", "/api/v1/events", token, "application/json",
                gzip(IngestTestSupport.bytes(array(one, two))), "gzip");
        Map<TopicPartition, Long> before = endOffsetsOfAllTopics();
        IngestTestSupport.Response tooBig = send(port, "POST", "/api/v1/events", token, "application/json", bomb, "gzip");
        IngestTestSupport.Response notGzip = send(port, "POST", "/api/v1/events", token, "application/json",
                IngestTestSupport.bytes(joined(territory)), "gzip");
        IngestTestSupport.Response brotli = send(port, "POST", "/api/v1/events", token, "application/json",
                IngestTestSupport.bytes(joined(territory)), "br");

        assertThat(gzipped.status()).as(gzipped.text()).isEqualTo(202);
        assertThat(gzipped.json().get("accepted").asInt()).isEqualTo(2);
        assertThat(withEventId(Topics.PARTICIPANT_JOINED, two.get("eventId").asText())).hasSize(1);
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.json().get("message").asText()).contains("1 MiB", "once decompressed");
        assertThat(notGzip.status()).isEqualTo(400);
        assertThat(notGzip.json().get("message").asText()).contains("not gzip");
        assertThat(brotli.status()).isEqualTo(415);
        assertThat(brotli.json().get("message").asText()).contains("Content-Encoding 'br'", "gzip");
        assertThat(endOffsetsOfAllTopics()).isEqualTo(before);
    }

    private static byte[] gzip(byte[] bytes) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void exactly1000EventsAreAccepted() {
        ArrayNode many = JSON.createArrayNode();
        for (int i = 0; i < 1000; i++) {
            many.add(joined(territory));
        }

        IngestTestSupport.Response r = postJson(port, "/api/v1/events", token, many);

        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(1000);
    }

    @Test
    void nonJsonContentTypeIs415() {
        byte[] body = IngestTestSupport.bytes(joined(territory));

        assertThat(send(port, "POST", "/api/v1/events", token, "text/plain", body).status()).isEqualTo(415);
        assertThat(send(port, "POST", "/api/v1/events", token, null, body).status()).isEqualTo(415);
        assertThat(send(port, "POST", "/api/v1/events", token, "application/json; charset=iso-8859-1", body).status())
                .isEqualTo(415);
        assertThat(send(port, "POST", "/api/v1/events", token, "application/json; charset=UTF-8", body).status())
                .isEqualTo(202);
    }

    /** Review 18: a body declared latin1 must not be read as UTF-8 as if nothing was said; the answer names it. */
    @Test
    void aCharsetOtherThanUtf8Is415NamingItAndNothingIsWritten() {
        Map<TopicPartition, Long> before = endOffsetsOfAllTopics();
        byte[] body = IngestTestSupport.bytes(joined(territory));
        for (String type : new String[] {"application/json; charset=latin1", "application/json;charset=\"latin1\"",
            "application/json; charset=utf-8; charset=latin1"}) {
            IngestTestSupport.Response events = send(port, "POST", "/api/v1/events", token, type, body);
            IngestTestSupport.Response territories = send(port, "POST", "/api/v1/territories", ADMIN_TOKEN, type,
                    IngestTestSupport.bytes(JSON.createObjectNode().put("id", "latin-one")));

            for (IngestTestSupport.Response r : List.of(events, territories)) {
                assertThat(r.status()).as(type).isEqualTo(415);
                assertThat(r.json().get("message").asText()).as(type).contains("charset 'latin1'", "UTF-8");
            }
        }
        assertThat(endOffsetsOfAllTopics()).isEqualTo(before);
        assertThat(send(port, "POST", "/api/v1/events", token, "application/json; charset=utf8", body).status())
                .isEqualTo(202);
    }

    @Test
    void importTakesHistoricalEventsOfAnyRegisteredTerritoryWithTheAdminToken() {
        String[] other = newTerritory(port, "history");
        ObjectNode old = joined(other[0]).put("occurredAt", "2015-04-10T09:30:00+02:00");
        ObjectNode unknownTerritory = joined("never-registered");

        IngestTestSupport.Response r = postJson(port, "/api/v1/import", ADMIN_TOKEN, array(old, unknownTerritory));
        IngestTestSupport.Response asTerritory = postJson(port, "/api/v1/import", token, array(joined(territory)));
        IngestTestSupport.Response oldOnEvents = postJson(port, "/api/v1/events", other[1],
                joined(other[0]).put("occurredAt", "2015-04-10T09:30:00+02:00"));

        assertThat(r.status()).isEqualTo(207);
        assertThat(r.result(0).get("status").asText()).isEqualTo("accepted");
        assertThat(r.result(1).get("errors").get(0).get("message").asText()).contains("not registered");
        assertThat(withEventId(Topics.PARTICIPANT_JOINED, old.get("eventId").asText()).get(0).value()
                .getEnvelope().getOccurredAt()).isEqualTo(Instant.parse("2015-04-10T07:30:00Z"));
        assertThat(asTerritory.status()).as("a territory's good token, not for the import").isEqualTo(403);
        assertThat(oldOnEvents.status()).isEqualTo(422);
    }
}
