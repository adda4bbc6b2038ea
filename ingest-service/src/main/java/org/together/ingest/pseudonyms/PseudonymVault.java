package org.together.ingest.pseudonyms;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.together.ingest.kafka.AvroWriter;
import org.together.ingest.kafka.WriteUnavailableException;
import org.together.ingest.reference.ReferenceTail;
import org.together.reference.PseudonymClaim;
import org.together.schemas.Topics;

/**
 * The pseudonym vault: which pseudonym stands for which participant, kept in the compacted topic
 * {@code together.pseudonyms} under the participant's keyed hash, never its id.
 *
 * <p>A participant seen for the first time is given a pseudonym by a claim: a random pseudonym written to the vault
 * under a fresh claim key, then read back by the tail. Whichever live claim (not tombstoned by an erasure) the partition
 * holds first is the participant's pseudonym for every instance, so two instances that see a new participant at the same
 * moment both end with the same one, decided by Kafka, before either writes an event with it (see
 * {@link PseudonymIndex} for the rules and {@link ClaimKey} for why compaction cannot undo them).
 */
public final class PseudonymVault {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    /** Claims for one participant before giving up: only an erasure racing the claims can tombstone them all. */
    static final int CLAIM_ROUNDS = 3;
    /** Rounds of tombstones for one erasure: later rounds only catch claims written while it ran. */
    static final int ERASE_ROUNDS = 10;

    private final PseudonymKey key;
    private final PseudonymIndex index;
    private final ReferenceTail tail;
    private final AvroWriter avro;
    private final Producer<byte[], byte[]> producer;
    private final int partitions = Topics.PSEUDONYMS.partitions();
    /** Claims this instance is making, by keyed hash: concurrent requests for one new participant share one. */
    private final Map<String, CompletableFuture<String>> claiming = new ConcurrentHashMap<>();

    /**
     * @param avro serializes the vault's records (the registry's wire format)
     * @param producer an idempotent producer (acks=all) that writes the vault's records, outside transactions
     */
    public PseudonymVault(PseudonymKey key, PseudonymIndex index, ReferenceTail tail, AvroWriter avro,
                          Producer<byte[], byte[]> producer) {
        this.key = key;
        this.index = index;
        this.tail = tail;
        this.avro = avro;
        this.producer = producer;
    }

    /** The partitions of the vault, for the barrier that makes the index fresh before a request is judged. */
    public List<TopicPartition> partitions() {
        List<TopicPartition> out = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            out.add(new TopicPartition(Topics.PSEUDONYMS.name(), p));
        }
        return out;
    }

    /** The pseudonyms the participants already have (none for a participant never seen, or erased), in one lookup. */
    public Map<Participant, Optional<String>> known(Collection<Participant> participants) {
        Map<Participant, Optional<String>> out = new HashMap<>();
        lookUp(participants).forEach((p, found) -> out.put(p, found.pseudonym()));
        return out;
    }

    /** A participant's keyed hash and the pseudonym the index holds for it. */
    private record Found(byte[] key, Optional<String> pseudonym) {
    }

    private Map<Participant, Found> lookUp(Collection<Participant> participants) {
        List<Participant> list = new ArrayList<>(participants);
        List<byte[]> keys = new ArrayList<>(list.size());
        list.forEach(p -> keys.add(key.of(p.territoryId(), p.participantId())));
        List<Optional<String>> found = index.pseudonyms(keys);
        Map<Participant, Found> out = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            out.put(list.get(i), new Found(keys.get(i), found.get(i)));
        }
        return out;
    }

    /**
     * The pseudonym of each participant, claiming one for each participant that has none, and returning only once
     * Kafka's order has decided every claim. Call it after the barrier: the index then knows every claim written
     * before the request arrived, and claims only participants that are really new.
     *
     * @throws WriteUnavailableException when Kafka does not take or show the claims in time
     */
    public Map<Participant, String> pseudonyms(Collection<Participant> participants, long deadlineNanos)
            throws InterruptedException {
        Map<Participant, String> out = new HashMap<>();
        Map<String, Participant> missing = new LinkedHashMap<>();
        Map<String, byte[]> keys = new HashMap<>();
        lookUp(participants).forEach((p, found) -> {
            if (found.pseudonym().isPresent()) {
                out.put(p, found.pseudonym().get());
            } else {
                String wire = BASE64URL.encodeToString(found.key());
                missing.put(wire, p);
                keys.put(wire, found.key());
            }
        });
        if (missing.isEmpty()) {
            return out;
        }
        Map<String, CompletableFuture<String>> mine = new LinkedHashMap<>();
        Map<String, CompletableFuture<String>> theirs = new HashMap<>();
        for (String wire : missing.keySet()) {
            CompletableFuture<String> f = new CompletableFuture<>();
            CompletableFuture<String> other = claiming.putIfAbsent(wire, f);
            if (other == null) {
                mine.put(wire, f);
            } else {
                theirs.put(wire, other);
            }
        }
        try {
            claim(mine, keys, deadlineNanos);
        } finally {
            mine.forEach((wire, f) -> {
                claiming.remove(wire, f);
                f.completeExceptionally(new WriteUnavailableException("the claim was not decided", null));
            });
        }
        Map<String, CompletableFuture<String>> all = new HashMap<>(theirs);
        all.putAll(mine);
        for (Map.Entry<String, CompletableFuture<String>> e : all.entrySet()) {
            out.put(missing.get(e.getKey()), await(e.getValue(), deadlineNanos));
        }
        return out;
    }

    /** Claims a pseudonym for each keyed hash and completes its future with the one Kafka's order decided. */
    private void claim(Map<String, CompletableFuture<String>> open, Map<String, byte[]> keys, long deadlineNanos)
            throws InterruptedException {
        Map<String, CompletableFuture<String>> left = new LinkedHashMap<>(open);
        for (int round = 0; round < CLAIM_ROUNDS && !left.isEmpty(); round++) {
            List<AvroWriter.Keyed> claims = new ArrayList<>(left.size());
            for (String wire : left.keySet()) {
                byte[] k = keys.get(wire);
                claims.add(new AvroWriter.Keyed(Topics.PSEUDONYMS, ClaimKey.newClaim(k).wire(),
                        new PseudonymClaim(ClaimKey.newPseudonym()), ClaimKey.partition(k, partitions), null));
            }
            awaitRead(send(avro.serialize(claims), deadlineNanos), deadlineNanos);
            List<String> wires = new ArrayList<>(left.keySet());
            List<byte[]> ks = new ArrayList<>(wires.size());
            wires.forEach(w -> ks.add(keys.get(w)));
            List<Optional<String>> decided = index.pseudonyms(ks);
            for (int i = 0; i < wires.size(); i++) {
                if (decided.get(i).isPresent()) {
                    left.remove(wires.get(i)).complete(decided.get(i).get());
                }
            }
        }
        if (!left.isEmpty()) {
            throw new WriteUnavailableException(left.size() + " participant(s) erased while being claimed, "
                    + CLAIM_ROUNDS + " times: retry", null);
        }
    }

    /**
     * Erases a participant: tombstones every claim the vault holds for it, so that compaction removes the mapping
     * from the broker's disk, and the local index forgets it. Figures already counted stay, under a pseudonym that
     * nothing links to the participant any more; a later event of the same participant id gets a new pseudonym.
     * Idempotent: erasing a participant the vault does not hold writes nothing. Call it after the barrier.
     *
     * @return how many claims were tombstoned
     * @throws WriteUnavailableException when Kafka does not take or show the tombstones in time
     */
    public int erase(Participant participant, long deadlineNanos) throws InterruptedException {
        byte[] k = key.of(participant.territoryId(), participant.participantId());
        int partition = ClaimKey.partition(k, partitions);
        long fence = Long.MAX_VALUE;
        int erased = 0;
        for (int round = 0; round < ERASE_ROUNDS; round++) {
            List<AvroWriter.Keyed> tombstones = new ArrayList<>();
            for (PseudonymIndex.Claim c : index.claims(k)) {
                // a claim written before the last tombstone was racing the erasure: it goes too; one written after
                // it is a new participant's
                if (c.offset() < fence) {
                    tombstones.add(new AvroWriter.Keyed(Topics.PSEUDONYMS, new ClaimKey(k, c.id()).wire(), null,
                            partition, null));
                }
            }
            if (tombstones.isEmpty()) {
                return erased;
            }
            Map<TopicPartition, Long> written = send(avro.serialize(tombstones), deadlineNanos);
            awaitRead(written, deadlineNanos);
            fence = written.values().iterator().next() - 1;
            erased += tombstones.size();
        }
        throw new WriteUnavailableException("claims kept being written for the participant during " + ERASE_ROUNDS
                + " rounds of erasure: erase it again", null);
    }

    /**
     * Makes sure every instance uses the same secret: writes this instance's key check to the vault when it holds
     * none yet, and refuses when the vault's first one differs. Call it once the tail has caught up.
     *
     * @throws KeyMismatchException when the vault was made with another secret
     */
    public void checkKey(long deadlineNanos) throws InterruptedException {
        String ours = key.check();
        if (index.keyCheck().isEmpty()) {
            ProducerRecord<byte[], byte[]> check = avro.serialize(List.of(new AvroWriter.Keyed(Topics.PSEUDONYMS,
                    PseudonymIndex.KEY_CHECK_PREFIX + ours, new PseudonymClaim(ours), 0, null))).get(0);
            awaitRead(send(List.of(check), deadlineNanos), deadlineNanos);
        }
        String first = index.keyCheck().orElseThrow(() -> new WriteUnavailableException("the key check was not read back", null));
        if (!first.equals(ours)) {
            throw new KeyMismatchException();
        }
    }

    /** Writes records and returns, per partition, the offset just after the last one written. */
    private Map<TopicPartition, Long> send(List<ProducerRecord<byte[], byte[]>> records, long deadlineNanos)
            throws InterruptedException {
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        try {
            for (ProducerRecord<byte[], byte[]> r : records) {
                sent.add(producer.send(r));
            }
            Map<TopicPartition, Long> next = new HashMap<>();
            for (Future<RecordMetadata> f : sent) {
                RecordMetadata m = f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                next.merge(new TopicPartition(m.topic(), m.partition()), m.offset() + 1, Math::max);
            }
            return next;
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            throw new WriteUnavailableException("Kafka did not take the vault's records: " + e, e);
        }
    }

    private void awaitRead(Map<TopicPartition, Long> positions, long deadlineNanos) throws InterruptedException {
        if (!tail.awaitPositions(positions, deadlineNanos)) {
            throw new WriteUnavailableException("the vault's records were not read back in time", null);
        }
    }

    private static String await(CompletableFuture<String> f, long deadlineNanos) throws InterruptedException {
        try {
            return f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WriteUnavailableException w) {
                throw w;
            }
            throw new WriteUnavailableException("claim failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new WriteUnavailableException("claim not decided in time", e);
        }
    }

    /** The vault was made with another secret than this instance's: serving would split every participant in two. */
    public static final class KeyMismatchException extends IllegalStateException {
        KeyMismatchException() {
            super("TOGETHER_PSEUDONYM_KEY is not the key the vault (topic together.pseudonyms) was made with: every "
                    + "participant would get a second pseudonym. Give this instance the network's key (see "
                    + "docs/privacy.md, 'The key'); ingest does not serve until then.");
        }
    }
}
