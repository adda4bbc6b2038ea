package org.together.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.ingest.IngestTestSupport.get;
import static org.together.ingest.IngestTestSupport.joined;
import static org.together.ingest.IngestTestSupport.newTerritory;
import static org.together.ingest.IngestTestSupport.postJson;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.together.ingest.idempotency.ReceiptIndex;
import org.together.ingest.validation.EventValidator;
import org.together.ingest.validation.EverythingKnown;
import org.together.ingest.validation.TimeWindow;
import org.together.ingest.validation.ValidEvent;
import org.together.reference.EventReceipt;
import org.together.schemas.Topics;

/**
 * A network that ran the version before pseudonyms has receipts of the content as sent (participant id in clear):
 * resending one of those events is still a duplicate, another content still a conflict, and the instance counts them
 * so that the operator is told the event topics hold ids in clear.
 */
class DataBeforePseudonymsTest {

    /** Writes the receipt the previous version wrote for an event: the hash of the content as sent, in the old header. */
    private static void writeReceiptOfThePreviousVersion(ObjectNode event) throws Exception {
        Instant now = Instant.now();
        ValidEvent valid = new EventValidator(EverythingKnown.REFERENCE).validate(event, TimeWindow.backfill(now), now).event();
        String hash = valid.sentContentHash();
        EventReceipt receipt = new EventReceipt(valid.eventId(), valid.territoryId(), hash,
                Topics.PARTICIPANT_JOINED.name(), now, false);
        byte[] value = IngestTestSupport.serdes().value(Topics.EVENT_RECEIPTS).serializer()
                .serialize(Topics.EVENT_RECEIPTS.name(), receipt);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, IngestTestSupport.stack().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.EVENT_RECEIPTS.name(), null, valid.eventId(), value,
                    List.of(new RecordHeader(ReceiptIndex.SENT_HASH_HEADER, HexFormat.of().parseHex(hash))))).get();
        }
    }

    @Test
    void anEventAcceptedBeforePseudonymsIsStillADuplicateWhenResentAndOtherContentAConflict() throws Exception {
        int port = IngestTestSupport.port();
        String[] t = newTerritory(port, "before-pseudonyms");
        ObjectNode event = joined(t[0]);
        writeReceiptOfThePreviousVersion(event);

        IngestTestSupport.Response resent = postJson(port, "/api/v1/events", t[1], event);
        IngestTestSupport.Response changed = postJson(port, "/api/v1/events", t[1], event.deepCopy().put("role", "other"));

        assertThat(resent.status()).isEqualTo(202);
        assertThat(resent.result(0).get("status").asText()).isEqualTo("duplicate");
        assertThat(changed.status()).isEqualTo(422);
        assertThat(changed.result(0).get("status").asText()).isEqualTo("conflict");
        assertThat(PseudonymsTest.pseudonymsOf(java.util.Set.of(event.get("eventId").asText()))).isEmpty();
    }

    @Test
    void anInstanceCountsTheReceiptsWrittenBeforePseudonymsForTheOperator() throws Exception {
        writeReceiptOfThePreviousVersion(joined("any-territory"));

        try (IngestService fresh = IngestTestSupport.start(IngestTestSupport.config(IngestTestSupport.tempDir()))) {
            String metrics = get(fresh.port(), "/metrics", null).text();

            String line = metrics.lines().filter(l -> l.startsWith("together_ingest_receipts_as_sent")).findFirst()
                    .orElseThrow(() -> new AssertionError("no together_ingest_receipts_as_sent gauge"));
            assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).isGreaterThanOrEqualTo(1);
        }
    }
}
