package org.together.ingest.auth;

import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.together.http.Digests;

/** Bearer tokens: how they are made, hashed, compared and read from a request. */
public final class Tokens {

    /** Marks a territory token, so a leaked one is recognisable (secret scanners, logs). */
    public static final String TERRITORY_PREFIX = "tgt_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /** 32 random bytes, URL-safe base64 without padding, prefixed: 256 bits of entropy. */
    public static String newTerritoryToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return TERRITORY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] sha256(String token) {
        return Digests.sha256(token);
    }

    /** The hex SHA-256 stored in place of the token. */
    public static String hash(String token) {
        return Digests.sha256Hex(token);
    }

    /** Constant-time comparison of a presented token with a stored hex hash. */
    public static boolean matches(String presented, String storedHexHash) {
        return Digests.matchesHex(presented, storedHexHash);
    }

    /** The token of an {@code Authorization: Bearer <token>} header, if there is one. */
    public static Optional<String> bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null) {
            return Optional.empty();
        }
        String h = header.trim();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = h.substring(7).trim();
        return token.isEmpty() || token.length() > 512 ? Optional.empty() : Optional.of(token);
    }
}
