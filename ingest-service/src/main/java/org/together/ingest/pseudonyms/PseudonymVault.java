package org.together.ingest.pseudonyms;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.together.ingest.kafka.AcknowledgedWrites;
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
 * {@link PseudonymIndex} for the rules and {@link ClaimKey} for why compaction cannot undo them). One claimer thread
 * writes the claims of every request waiting at that moment in one batch and reads them back once: a claim costs the
 * broker one Produce per group of requests, not per request.
 */
public final class PseudonymVault implements AutoCloseable {

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
    /**
     * Least time between the starts of two groups of claims (as the barrier spaces its queries): participants arriving
     * meanwhile join the next group, and a request arriving after a quiet moment waits for nothing. A group costs the
     * broker one Produce and the tail one read-back whatever its size.
     */
    static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** Claims per group: bounds one batch, not the rate. */
    private static final int MAX_GROUP = 10_000;

    /** Claims this instance is making, by keyed hash: concurrent requests for one new participant share one. */
    private final Map<String, CompletableFuture<String>> claiming = new ConcurrentHashMap<>();
    private final BlockingQueue<Open> claims = new LinkedBlockingQueue<>();
    private final Thread claimer;
    private final DistributionSummary groups;
    private volatile boolean running = true;

    /**
     * @param avro serializes the vault's records (the registry's wire format)
     * @param producer an idempotent producer (acks=all) that writes the vault's records, outside transactions
     */
    public PseudonymVault(PseudonymKey key, PseudonymIndex index, ReferenceTail tail, AvroWriter avro,
                          Producer<byte[], byte[]> producer, MeterRegistry meters) {
        this.key = key;
        this.index = index;
        this.tail = tail;
        this.avro = avro;
        this.producer = producer;
        this.groups = DistributionSummary.builder("together.ingest.vault.claims")
                .description("claims per group written to the vault (new participants of concurrent requests)")
                .register(meters);
        this.claimer = new Thread(this::claimLoop, "ingest-vault-claimer");
        this.claimer.setDaemon(true);
        this.claimer.start();
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
     * The pseudonyms of a request's participants, and which of them had none when the request looked (seen first
     * now, or again after an erasure).
     */
    public record Assigned(Map<Participant, String> pseudonyms, Set<Participant> firstSeen) {
    }

    /**
     * The pseudonym of each participant, claiming one for each participant that has none, and returning only once
     * Kafka's order has decided every claim. Call it after the barrier: the index then knows every claim written
     * before the request arrived, and claims only participants that are really new. The claims of concurrent requests
     * are gathered: the claimer writes them in one batch and reads them back once.
     *
     * @throws WriteUnavailableException when Kafka does not take or show the claims in time
     */
    public Assigned pseudonyms(Collection<Participant> participants, long deadlineNanos) throws InterruptedException {
        Map<Participant, String> out = new HashMap<>();
        Map<Participant, CompletableFuture<String>> waiting = new HashMap<>();
        lookUp(participants).forEach((p, found) -> {
            if (found.pseudonym().isPresent()) {
                out.put(p, found.pseudonym().get());
                return;
            }
            String wire = BASE64URL.encodeToString(found.key());
            CompletableFuture<String> f = new CompletableFuture<>();
            CompletableFuture<String> other = claiming.putIfAbsent(wire, f);
            if (other == null) {
                claims.add(new Open(wire, found.key(), f, deadlineNanos, 0));
                waiting.put(p, f);
            } else {
                waiting.put(p, other); // another request of this instance is claiming it: its claim is ours
            }
        });
        for (Map.Entry<Participant, CompletableFuture<String>> e : waiting.entrySet()) {
            out.put(e.getKey(), await(e.getValue(), deadlineNanos));
        }
        return new Assigned(out, waiting.keySet());
    }

    /**
     * A participant waiting for its claim to be decided.
     *
     * @param round how many claims were already written for it and tombstoned by an erasure before being read back
     */
    private record Open(String wire, byte[] key, CompletableFuture<String> decided, long deadlineNanos, int round) {
    }

    /**
     * The claimer's loop: takes every participant waiting to be claimed, by any request (those that arrived while
     * the previous group was being decided, or within {@link #GATHER_NANOS} of its start), writes one claim for each,
     * reads them back once and completes each with the pseudonym the partition's order put first.
     */
    private void claimLoop() {
        long lastRound = System.nanoTime() - GATHER_NANOS;
        while (running) {
            List<Open> group = new ArrayList<>();
            try {
                Open first = claims.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                long wait = lastRound + GATHER_NANOS - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                claims.drainTo(group, MAX_GROUP - 1);
                lastRound = System.nanoTime();
                claimRound(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(group, new WriteUnavailableException("the ingest service is stopping", null));
                break;
            } catch (RuntimeException e) {
                fail(group, e instanceof WriteUnavailableException w ? w
                        : new WriteUnavailableException("claim failed: " + e, e));
            }
        }
        List<Open> left = new ArrayList<>();
        claims.drainTo(left);
        fail(left, new WriteUnavailableException("the ingest service stopped", null));
    }

    /** One claim for each participant of the group, one batch written, one read-back. */
    private void claimRound(List<Open> group) throws InterruptedException {
        List<Open> alive = new ArrayList<>(group.size());
        long deadline = System.nanoTime();
        for (Open o : group) {
            if (System.nanoTime() > o.deadlineNanos()) {
                // its request answered 503 already: nothing of it was written, and a resend claims again
                fail(List.of(o), new WriteUnavailableException("claim not decided in time", null));
            } else {
                alive.add(o);
                deadline = Math.max(deadline, o.deadlineNanos());
            }
        }
        if (alive.isEmpty()) {
            return;
        }
        List<AvroWriter.Keyed> records = new ArrayList<>(alive.size());
        List<byte[]> keys = new ArrayList<>(alive.size());
        for (Open o : alive) {
            records.add(new AvroWriter.Keyed(Topics.PSEUDONYMS, ClaimKey.newClaim(o.key()).wire(),
                    new PseudonymClaim(ClaimKey.newPseudonym()), ClaimKey.partition(o.key(), partitions), null));
            keys.add(o.key());
        }
        awaitRead(send(avro.serialize(records), deadline), deadline);
        groups.record(records.size());
        List<Optional<String>> decided = index.pseudonyms(keys);
        for (int i = 0; i < alive.size(); i++) {
            Open o = alive.get(i);
            if (decided.get(i).isPresent()) {
                claiming.remove(o.wire(), o.decided());
                o.decided().complete(decided.get(i).get());
            } else if (o.round() + 1 < CLAIM_ROUNDS) {
                // an erasure tombstoned the claim before it was read back: claim again in the next group
                claims.add(new Open(o.wire(), o.key(), o.decided(), o.deadlineNanos(), o.round() + 1));
            } else {
                fail(List.of(o), new WriteUnavailableException("participant erased while being claimed, "
                        + CLAIM_ROUNDS + " times: retry", null));
            }
        }
    }

    private void fail(List<Open> open, RuntimeException failure) {
        for (Open o : open) {
            claiming.remove(o.wire(), o.decided());
            o.decided().completeExceptionally(failure);
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

    private Map<TopicPartition, Long> send(List<ProducerRecord<byte[], byte[]>> records, long deadlineNanos)
            throws InterruptedException {
        return AcknowledgedWrites.send(producer, records, deadlineNanos, "the vault's records");
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

    /** Stops the claimer: participants still waiting get {@link WriteUnavailableException}. */
    @Override
    public void close() {
        running = false;
        claimer.interrupt();
        try {
            claimer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The vault was made with another secret than this instance's: serving would split every participant in two. */
    public static final class KeyMismatchException extends IllegalStateException {
        KeyMismatchException() {
            super("TOGETHER_PSEUDONYM_KEY does not match the key the pseudonym vault (topic together.pseudonyms) was "
                    + "written with, and serving would give every participant a second pseudonym. Restart this instance "
                    + "with the network's key: the one the other instances have, or, for ./together run, unset the "
                    + "variable to use <data-dir>/pseudonym-key (docs/privacy.md, 'The key').");
        }
    }
}
