package org.together.ingest.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.together.ingest.idempotency.ReceiptIndex;
import org.together.ingest.kafka.AvroWriter;
import org.together.ingest.validation.ValidEvent;
import org.together.reference.EventReceipt;
import org.together.schemas.TerritoryPartitions;
import org.together.schemas.Topics;

/**
 * The Kafka records of new events: each event on its type's topic, keyed by territory and carrying its participant's
 * pseudonym, and its receipt, with the hash of the content as stored and (a header) of the content without the
 * participant.
 */
final class EventRecords {

    private static final HexFormat HEX = HexFormat.of();

    /**
     * One new event, its participant's pseudonym (null when it names none) and the hashes of its content as stored
     * and without the participant.
     */
    record Fresh(ValidEvent event, String pseudonym, String storedContentHash, String withoutParticipantHash) {
        Fresh(ValidEvent event, String pseudonym) {
            this(event, pseudonym, event.storedContentHash(pseudonym), event.contentHashWithoutParticipant());
        }

        ReceiptIndex.Written written() {
            return new ReceiptIndex.Written(storedContentHash, withoutParticipantHash);
        }
    }

    private EventRecords() {
    }

    static List<AvroWriter.Keyed> of(List<Fresh> fresh, Instant receivedAt) {
        List<AvroWriter.Keyed> records = new ArrayList<>(fresh.size() * 2);
        Map<String, Integer> partitions = new HashMap<>(); // a request is usually of one territory
        for (Fresh f : fresh) {
            ValidEvent e = f.event();
            // the event and its receipt go to the territory's partition (event topics and receipts have as many): a
            // request of one territory then touches two partitions instead of nine, which keeps its transaction (one
            // marker per partition) cheap; an eventId always comes with the same territory, and the index reads every
            // partition, so lookups do not depend on where a receipt lands
            int partition = partitions.computeIfAbsent(e.territoryId(), TerritoryPartitions::of);
            records.add(new AvroWriter.Keyed(e.type().topic(), e.territoryId(), e.record(f.pseudonym()), partition, null));
            records.add(new AvroWriter.Keyed(Topics.EVENT_RECEIPTS, e.eventId(),
                    new EventReceipt(e.eventId(), e.territoryId(), f.storedContentHash(), e.type().topic().name(),
                            receivedAt, true),
                    partition, new Header[] {new RecordHeader(ReceiptIndex.HASH_HEADER, HEX.parseHex(f.storedContentHash())),
                            new RecordHeader(ReceiptIndex.WITHOUT_PARTICIPANT_HASH_HEADER,
                                    HEX.parseHex(f.withoutParticipantHash()))}));
        }
        return records;
    }
}
