package org.together.ingest.pseudonyms;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The network secret ({@code TOGETHER_PSEUDONYM_KEY}) and the keyed hash made with it: HMAC-SHA-256 of
 * {@code territoryId ":" participantId}, under which the vault keeps a participant's pseudonym. Without the secret,
 * the vault cannot be searched for a participant id, even one guessed (a plain hash of a short id could be).
 */
public final class PseudonymKey {

    /** Fewer characters than this is refused: the secret must be out of reach of guessing. */
    public static final int MIN_LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    /**
     * @param secret at least {@link #MIN_LENGTH} characters; its UTF-8 bytes are the HMAC key
     * @throws IllegalArgumentException when it is missing or too short
     */
    public PseudonymKey(String secret) {
        if (secret == null || secret.strip().length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the pseudonym key (TOGETHER_PSEUDONYM_KEY) must be at least "
                    + MIN_LENGTH + " characters, e.g. the output of: openssl rand -base64 32");
        }
        this.key = new SecretKeySpec(secret.strip().getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The vault key of a participant: 32 bytes, the same for the same territory and id under the same secret. */
    public byte[] of(String territoryId, String participantId) {
        // ':' is in neither kind of id, so no two pairs make the same text
        return macs.get().doFinal((territoryId + ':' + participantId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A value that tells whether two instances use the same secret, without telling anything about it: the vault
     * keeps the first one written, and an instance started with another secret refuses to serve.
     */
    public String check() {
        return BASE64URL.encodeToString(macs.get().doFinal("together.pseudonyms key check".getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return "PseudonymKey[hidden]";
    }
}
