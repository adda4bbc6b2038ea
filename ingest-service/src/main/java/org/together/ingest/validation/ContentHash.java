package org.together.ingest.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The content hash of an event: hex SHA-256 of its canonical content written as UTF-8 JSON with keys in sorted
 * order (TreeMaps all the way down), byte for byte what a default Jackson {@code ObjectMapper} writes for it.
 * Receipts already in Kafka hold hashes made that way, so the bytes must never change: a resend after an upgrade
 * must still be a duplicate. The JSON is written here directly (Jackson's map serializers cost more than the
 * digest); anything this writer does not reproduce exactly goes through Jackson as before.
 */
final class ContentHash {

    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] HEX_UPPER = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final ThreadLocal<ContentHash> PER_THREAD = ThreadLocal.withInitial(ContentHash::new);

    private final MessageDigest sha256;
    private byte[] buf = new byte[512];
    private int len;

    private ContentHash() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hex SHA-256 of the canonical JSON of {@code canonical}. */
    static String of(Map<String, Object> canonical) {
        ContentHash h = PER_THREAD.get();
        h.len = 0;
        if (!h.map(canonical)) {
            return viaJackson(canonical);
        }
        h.sha256.update(h.buf, 0, h.len);
        return HEX.formatHex(h.sha256.digest());
    }

    /** The original construction: Jackson's bytes, then SHA-256. Also what the direct writer is tested against. */
    static String viaJackson(Map<String, Object> canonical) {
        try {
            byte[] json = JACKSON.writeValueAsBytes(canonical);
            return HEX.formatHex(PER_THREAD.get().sha256.digest(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot hash event content", e);
        }
    }

    // Each writer answers false for a value it does not reproduce exactly; the caller then starts over with Jackson.

    @SuppressWarnings("unchecked")
    private boolean value(Object v) {
        if (v instanceof String s) {
            return string(s);
        }
        if (v instanceof Long || v instanceof Integer) {
            ascii(v.toString());
            return true;
        }
        if (v instanceof Double d) {
            if (!Double.isFinite(d)) {
                return false;
            }
            // Jackson's default (not the "fast" writer) is Double.toString
            ascii(Double.toString(d));
            return true;
        }
        if (v instanceof Map<?, ?> m) {
            return map((Map<String, Object>) m);
        }
        if (v instanceof List<?> list) {
            put('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    put(',');
                }
                if (!value(list.get(i))) {
                    return false;
                }
            }
            put(']');
            return true;
        }
        return false;
    }

    private boolean map(Map<String, Object> map) {
        put('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (e.getValue() == null) {
                return false;
            }
            if (!first) {
                put(',');
            }
            first = false;
            if (!string(e.getKey())) {
                return false;
            }
            put(':');
            if (!value(e.getValue())) {
                return false;
            }
        }
        put('}');
        return true;
    }

    /** UTF-8, escaping '"', '\\' and surrogates as Jackson does (control characters are left to Jackson). */
    private boolean string(String s) {
        int n = s.length();
        ensure(n * 6 + 2); // at most 6 bytes a char (a surrogate's escape), and the quotes
        byte[] b = buf;
        int p = len;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c < 0x20) {
                    return false;
                }
                if (c == '"' || c == '\\') {
                    b[p++] = '\\';
                }
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                // Jackson writes every UTF-16 surrogate, paired or not, as an escape with upper-case hex digits
                b[p++] = '\\';
                b[p++] = 'u';
                b[p++] = HEX_UPPER[c >> 12];
                b[p++] = HEX_UPPER[(c >> 8) & 0xF];
                b[p++] = HEX_UPPER[(c >> 4) & 0xF];
                b[p++] = HEX_UPPER[c & 0xF];
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        b[p++] = '"';
        len = p;
        return true;
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void put(char c) {
        ensure(1);
        buf[len++] = (byte) c;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more + 64));
        }
    }
}
