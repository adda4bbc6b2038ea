package org.together.embedded.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.together.http.Digests;

/**
 * Who may change the registry (POST, PUT, DELETE): a client on loopback, or one that carries the admin token, as
 * {@code Authorization: Bearer <token>} or as the password of HTTP basic auth for user {@code admin} (what Confluent's
 * clients and ours send with {@code basic.auth.user.info=admin:<token>}). Reading stays open to everyone.
 */
final class WriteAccess {
    static final String ADMIN_USER = "admin";
    /** An IP literal as a servlet container reports it; anything else is never taken for loopback. */
    private static final Pattern IP_LITERAL = Pattern.compile("\\[?[0-9A-Fa-f:.%]+]?");

    private final Optional<byte[]> tokenDigest;
    private final Predicate<String> loopback;

    /**
     * @param adminToken the token that lets a client elsewhere than loopback write; without one, only loopback may
     * @param loopback whether a remote address (an IP literal) is this machine's loopback
     */
    WriteAccess(Optional<String> adminToken, Predicate<String> loopback) {
        this.tokenDigest = adminToken.filter(t -> !t.isBlank()).map(Digests::sha256);
        this.loopback = loopback;
    }

    /** Whether a write from {@code remoteAddress} carrying this {@code Authorization} header (or null) may go ahead. */
    boolean permits(String remoteAddress, String authorization) {
        return loopback.test(remoteAddress) || carriesToken(authorization);
    }

    /** Whether the {@code Authorization} header (or null) carries the admin token, wherever the request comes from. */
    boolean carriesToken(String authorization) {
        if (tokenDigest.isEmpty() || authorization == null) {
            return false;
        }
        String header = authorization.strip();
        int space = header.indexOf(' ');
        if (space < 0) {
            return false;
        }
        String scheme = header.substring(0, space).toLowerCase(Locale.ROOT);
        String credentials = header.substring(space + 1).strip();
        String presented = switch (scheme) {
            case "bearer" -> credentials;
            case "basic" -> basicPassword(credentials);
            default -> null;
        };
        // digests of equal length, compared in constant time: neither the token nor its length leaks through timing
        return presented != null && MessageDigest.isEqual(Digests.sha256(presented), tokenDigest.get());
    }

    /** The password of {@code admin:<password>}, or null when the credentials are malformed or name another user. */
    private static String basicPassword(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon > 0 && decoded.substring(0, colon).equals(ADMIN_USER) ? decoded.substring(colon + 1) : null;
    }

    /** The real check: the address is a loopback IP literal (127.0.0.0/8, ::1). Never resolves a host name. */
    static boolean isLoopback(String remoteAddress) {
        if (remoteAddress == null || !IP_LITERAL.matcher(remoteAddress).matches()) {
            return false;
        }
        String literal = remoteAddress.startsWith("[") ? remoteAddress.substring(1, remoteAddress.length() - 1) : remoteAddress;
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
