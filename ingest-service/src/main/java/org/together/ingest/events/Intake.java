package org.together.ingest.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.together.ingest.idempotency.EventClaims;
import org.together.ingest.idempotency.EventIdsBusyException;
import org.together.ingest.idempotency.ReceiptIndex;
import org.together.ingest.kafka.AvroWriter;
import org.together.ingest.pseudonyms.Participant;
import org.together.ingest.pseudonyms.PseudonymVault;
import org.together.ingest.reference.TailBarrier;
import org.together.ingest.validation.CheckedEvent;
import org.together.ingest.validation.FieldError;
import org.together.ingest.validation.ValidEvent;
import org.together.schemas.EventType;

/**
 * Decides what becomes of each valid event of a request and writes the new ones: an eventId already accepted is a
 * duplicate (same content) or a conflict (other content); a new event is written with its participant's pseudonym,
 * claimed first when the participant is new, and with its receipt, in one transaction. Its eventId is claimed first
 * ({@link EventClaims}): when the first claim of the id, by any instance, holds other content, nothing of the request
 * is written and it is to be retried ({@link EventIdsBusyException}): by then that claim's write has a receipt or
 * none will come. So a {@code conflict} always means another content is stored. Nothing is reported accepted before
 * Kafka committed it.
 */
public final class Intake {

    private final ReceiptIndex receipts;
    private final TailBarrier barrier;
    private final PseudonymVault vault;
    private final EventClaims claims;
    private final AvroWriter writer;
    private final EventMetrics metrics;
    private final Duration writeTimeout;

    public Intake(ReceiptIndex receipts, TailBarrier barrier, PseudonymVault vault, EventClaims claims, AvroWriter writer,
           EventMetrics metrics, Duration writeTimeout) {
        this.receipts = receipts;
        this.barrier = barrier;
        this.vault = vault;
        this.claims = claims;
        this.writer = writer;
        this.metrics = metrics;
        this.writeTimeout = writeTimeout;
    }

    /** Starts making the indexes fresh: call it on arrival, so the round trip overlaps with reading the body. */
    CompletableFuture<Map<TopicPartition, Long>> arrived() {
        return barrier.start();
    }

    /**
     * @param indexesFresh what {@link #arrived()} returned for this request
     * @throws org.together.ingest.kafka.WriteUnavailableException when Kafka did not answer in time: nothing of the
     *     request was accepted
     * @throws EventIdsBusyException when a new eventId is claimed for other content by a write not finished: nothing
     *     of the request was accepted
     */
    EventResult[] accept(List<CheckedEvent> checked, Instant receivedAt, CompletableFuture<Map<TopicPartition, Long>> indexesFresh)
            throws TimeoutException, InterruptedException {
        int n = checked.size();
        EventResult[] results = new EventResult[n];
        Map<String, Integer> first = new LinkedHashMap<>();
        List<Integer> repeats = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CheckedEvent c = checked.get(i);
            if (!c.isValid() && !c.onlyIfStored()) {
                results[i] = new EventResult(i, c.sentEventId(), EventResult.REJECTED, c.errors());
            } else if (first.containsKey(c.event().eventId())) {
                repeats.add(i);
            } else {
                first.put(c.event().eventId(), i);
            }
        }
        if (first.isEmpty()) {
            return results;
        }
        long deadline = System.nanoTime() + writeTimeout.toNanos();
        ReceiptIndex.Reservation reservation = receipts.reserve(first.keySet(), deadline);
        boolean releaseNow = true;
        Map<String, ReceiptIndex.Receipt> known;
        Map<Participant, Optional<String>> pseudonymsOfKnown;
        try {
            try (EventMetrics.Phase t = metrics.phase("barrier")) {
                barrier.await(indexesFresh, deadline);
            }
            known = receipts.getAll(first.keySet());
            Set<Participant> newcomers = new HashSet<>();
            Set<Participant> alreadySeen = new HashSet<>();
            for (Map.Entry<String, Integer> e : first.entrySet()) {
                CheckedEvent c = checked.get(e.getValue());
                if (known.containsKey(e.getKey())) {
                    participant(c.event()).ifPresent(alreadySeen::add);
                } else if (!c.onlyIfStored()) {
                    participant(c.event()).ifPresent(newcomers::add);
                }
            }
            for (int i : repeats) {
                participant(checked.get(i).event()).ifPresent(alreadySeen::add);
            }
            pseudonymsOfKnown = vault.known(alreadySeen);
            List<Integer> fresh = new ArrayList<>();
            for (int i : first.values()) {
                ValidEvent e = checked.get(i).event();
                ReceiptIndex.Receipt receipt = known.get(e.eventId());
                if (receipt == null && checked.get(i).onlyIfStored()) {
                    results[i] = new EventResult(i, checked.get(i).sentEventId(), EventResult.REJECTED, checked.get(i).errors());
                } else if (receipt == null) {
                    fresh.add(i);
                } else {
                    results[i] = same(e, receipt, pseudonymsOfKnown) ? duplicate(i, checked.get(i))
                            : conflict(i, checked.get(i), mayBeErasedSince(e, receipt));
                }
            }
            PseudonymVault.Assigned assigned = null;
            List<EventRecords.Fresh> events = new ArrayList<>(fresh.size());
            if (!fresh.isEmpty()) {
                try (EventMetrics.Phase t = metrics.phase("pseudonyms")) {
                    assigned = vault.pseudonyms(newcomers, deadline);
                }
                Map<Participant, String> pseudonyms = assigned.pseudonyms();
                List<EventRecords.Fresh> candidates = new ArrayList<>(fresh.size());
                List<EventClaims.Claim> claimed = new ArrayList<>(fresh.size());
                for (int i : fresh) {
                    ValidEvent e = checked.get(i).event();
                    EventRecords.Fresh f = new EventRecords.Fresh(e, participant(e).map(pseudonyms::get).orElse(null));
                    candidates.add(f);
                    claimed.add(new EventClaims.Claim(e.eventId(), f.storedContentHash()));
                }
                Set<String> taken;
                try (EventMetrics.Phase t = metrics.phase("claims")) {
                    // another instance may be writing the same new eventId right now: the first claim decides
                    taken = claims.claim(claimed, deadline);
                }
                if (!taken.isEmpty()) {
                    // not a conflict yet: that write may still fail; once it is decided, its receipt answers a retry
                    throw new EventIdsBusyException(taken);
                }
                events.addAll(candidates);
            }
            if (!fresh.isEmpty()) {
                List<ProducerRecord<byte[], byte[]>> records;
                try (EventMetrics.Phase t = metrics.phase("serialize")) {
                    records = writer.serialize(EventRecords.of(events, receivedAt));
                }
                try (EventMetrics.Phase t = metrics.phase("write")) {
                    CompletableFuture<List<RecordMetadata>> committed = writer.writeAsync(records, writeTimeout);
                    releaseNow = false;
                    // the reservation outlives this request if we stop waiting: a retry must see the receipts first
                    committed.whenComplete((metadata, failure) -> {
                        if (failure == null) {
                            Map<String, ReceiptIndex.Written> written = new HashMap<>();
                            events.forEach(f -> written.put(f.event().eventId(), f.written()));
                            receipts.record(written);
                        }
                        reservation.release();
                    });
                    AvroWriter.await(committed, writeTimeout);
                }
                Set<Participant> firstSeen = assigned.firstSeen();
                Set<Participant> joining = joining(checked, fresh, firstSeen);
                fresh.forEach(i -> results[i] = new EventResult(i, checked.get(i).sentEventId(), EventResult.ACCEPTED, List.of(),
                        noJoinKnown(checked.get(i).event(), firstSeen, joining)));
            }
        } finally {
            if (releaseNow) {
                reservation.release();
            }
        }
        for (int i : repeats) {
            ValidEvent e = checked.get(i).event();
            int earlier = first.get(e.eventId());
            if (results[earlier].status().equals(EventResult.REJECTED)) { // too old and never stored
                results[i] = new EventResult(i, checked.get(i).sentEventId(), EventResult.REJECTED,
                        checked.get(i).onlyIfStored() ? checked.get(i).errors() : List.of(new FieldError("eventId",
                                "is also the eventId of event " + earlier + " of this request, rejected: one event per eventId")));
                continue;
            }
            boolean same = results[earlier].status().equals(EventResult.ACCEPTED)
                    ? checked.get(earlier).event().sentContentHash().equals(e.sentContentHash())
                    : known.get(e.eventId()) != null && same(e, known.get(e.eventId()), pseudonymsOfKnown);
            results[i] = same ? duplicate(i, checked.get(i)) : conflict(i, checked.get(i),
                    !results[earlier].status().equals(EventResult.ACCEPTED) && mayBeErasedSince(e, known.get(e.eventId())));
        }
        return results;
    }

    /** The participants seen first in this request whose join is in it. */
    private static Set<Participant> joining(List<CheckedEvent> checked, List<Integer> fresh, Set<Participant> firstSeen) {
        if (firstSeen.isEmpty()) {
            return Set.of();
        }
        Set<Participant> out = new HashSet<>();
        for (int i : fresh) {
            ValidEvent e = checked.get(i).event();
            if (e.type() == EventType.PARTICIPANT_JOINED) {
                participant(e).filter(firstSeen::contains).ifPresent(out::add);
            }
        }
        return out;
    }

    /**
     * A warning for an event of a participant ingest has never seen join (new, or erased since), and whose join is not
     * in the same request: stored all the same, since offline apps sync out of order, but an app whose join was lost or
     * sent under another id would otherwise never learn why its figures do not move (review 12).
     */
    private static List<FieldError> noJoinKnown(ValidEvent e, Set<Participant> firstSeen, Set<Participant> joining) {
        if (firstSeen.isEmpty() || e.type() == EventType.PARTICIPANT_JOINED) {
            return List.of();
        }
        Optional<Participant> p = participant(e);
        if (p.isEmpty() || !firstSeen.contains(p.get()) || joining.contains(p.get())) {
            return List.of();
        }
        return List.of(new FieldError("participantId", e.type() == EventType.PARTICIPANT_LEFT
                ? NO_JOIN_KNOWN + "this leave changes no figure unless the participant's join arrives"
                : NO_JOIN_KNOWN + "the event counts, but the participant is not among the territory's participants until "
                        + "its join arrives"));
    }

    private static final String NO_JOIN_KNOWN = "no participant.joined is known for this participantId in this territory "
            + "(stored all the same: an app syncing out of order may send the join later; if it was sent, check the id): ";

    private static Optional<Participant> participant(ValidEvent e) {
        return e.participantId() == null ? Optional.empty() : Optional.of(new Participant(e.territoryId(), e.participantId()));
    }

    /**
     * Whether an event has the content its eventId was accepted with. Receipts hash the content as stored (the
     * pseudonym in place of the participant id); those written before pseudonyms, the content as sent. When the
     * participant has no pseudonym now (erased since, or never seen), the content as stored cannot be made: receipts
     * also hash the content without the participant, and an equal one is a duplicate (an identical resend of an erased
     * participant's event, or one that differs only by a participant ingest cannot tell from it), any other content a
     * conflict, whatever the territory (review 18). Receipts written before that hash: a duplicate, as before.
     */
    private static boolean same(ValidEvent e, ReceiptIndex.Receipt receipt, Map<Participant, Optional<String>> pseudonyms) {
        if (!receipt.pseudonymised()) {
            return receipt.matches(e.sentContentHash());
        }
        Optional<Participant> p = participant(e);
        if (p.isEmpty()) {
            return receipt.matches(e.storedContentHash(null));
        }
        Optional<String> pseudonym = pseudonyms.getOrDefault(p.get(), Optional.empty());
        if (pseudonym.isPresent()) {
            return receipt.matches(e.storedContentHash(pseudonym.get()));
        }
        return receipt.matchesWithoutParticipant(e.contentHashWithoutParticipant()).orElse(true);
    }

    private static EventResult duplicate(int i, CheckedEvent c) {
        return new EventResult(i, c.sentEventId(), EventResult.DUPLICATE, List.of());
    }

    /**
     * Whether a conflict may be an identical resend of an erased participant's event: the receipt hashes the content
     * with the pseudonym it was stored under, and a participant erased and back since has another one, so the same
     * bytes no longer match. Ingest cannot tell that from changed content without keeping what erasure removes, so the
     * message says both (review 10: "different content" for a byte-identical file sent a team hunting a bug).
     */
    private static boolean mayBeErasedSince(ValidEvent e, ReceiptIndex.Receipt receipt) {
        // the content without the participant, when the receipt has its hash, tells a really different content
        return receipt != null && receipt.pseudonymised() && participant(e).isPresent()
                && receipt.matchesWithoutParticipant(e.contentHashWithoutParticipant()).orElse(true);
    }

    private static EventResult conflict(int i, CheckedEvent c, boolean mayBeErasedSince) {
        return new EventResult(i, c.sentEventId(), EventResult.CONFLICT, List.of(new FieldError("eventId", mayBeErasedSince
                ? "conflict: this eventId was already accepted with different content, or for a participant erased "
                        + "since and back under a new pseudonym (their events from before the erasure are not taken "
                        + "again); otherwise an identical resend is a duplicate, a new event needs a new eventId"
                : "conflict: this eventId was already accepted with different content; an identical resend is a "
                        + "duplicate, a new event needs a new eventId")));
    }
}
