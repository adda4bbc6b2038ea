package org.together.ingest.pseudonyms;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.apache.kafka.common.utils.Utils;

/**
 * The key of one claim in the vault topic: {@code <keyed hash of the participant>.<random claim id>}, both base64url.
 * A claim's key is written once (the claim) and at most once more (its tombstone): compaction, which keeps the last
 * record of a key, can then never leave a later claim in place of an earlier one, nor reorder two claims.
 * Every claim of a participant goes to the partition of its keyed hash, whose order decides which claim came first.
 *
 * @param participant the 32-byte keyed hash of territory and participant id
 * @param claim 16 random bytes
 */
record ClaimKey(byte[] participant, byte[] claim) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int PARTICIPANT_CHARS = 43;
    private static final int CLAIM_CHARS = 22;

    static ClaimKey newClaim(byte[] participant) {
        byte[] claim = new byte[16];
        RANDOM.nextBytes(claim);
        return new ClaimKey(participant, claim);
    }

    /** A fresh pseudonym: 128 random bits, base64url (22 characters of A-Z, a-z, 0-9, '-', '_'). */
    static String newPseudonym() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return ENCODER.encodeToString(bits);
    }

    String wire() {
        return ENCODER.encodeToString(participant) + '.' + ENCODER.encodeToString(claim);
    }

    /** The claim a vault record's key names, or empty for the vault's other records (ticks, key checks). */
    static Optional<ClaimKey> parse(String wire) {
        if (wire == null || wire.length() != PARTICIPANT_CHARS + 1 + CLAIM_CHARS || wire.charAt(PARTICIPANT_CHARS) != '.') {
            return Optional.empty();
        }
        try {
            return Optional.of(new ClaimKey(DECODER.decode(wire.substring(0, PARTICIPANT_CHARS)),
                    DECODER.decode(wire.substring(PARTICIPANT_CHARS + 1))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The partition of every claim of a participant. */
    static int partition(byte[] participant, int partitions) {
        byte[] text = ENCODER.encodeToString(participant).getBytes(StandardCharsets.US_ASCII);
        return Utils.toPositive(Utils.murmur2(text)) % partitions;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClaimKey k && Arrays.equals(participant, k.participant) && Arrays.equals(claim, k.claim);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(participant) + Arrays.hashCode(claim);
    }

    @Override
    public String toString() {
        return wire();
    }
}
