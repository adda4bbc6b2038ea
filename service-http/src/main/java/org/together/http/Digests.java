package org.together.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of text, and the constant-time check of a presented token against a stored hash: one place for both services. */
public final class Digests {

    private Digests() {
    }

    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The hex SHA-256 of a token: what is stored in its place. */
    public static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256(text));
    }

    /** Whether {@code presented} hashes to {@code storedHex}, compared in constant time; false for a malformed hash. */
    public static boolean matchesHex(String presented, String storedHex) {
        byte[] stored;
        try {
            stored = HexFormat.of().parseHex(storedHex);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(presented), stored);
    }
}
