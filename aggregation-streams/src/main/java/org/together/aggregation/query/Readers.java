package org.together.aggregation.query;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.together.figures.disclosure.Audience;

/**
 * Who reads: a valid viewer or admin bearer token reads {@link Audience#INTERNAL} figures (exact), no token the
 * {@link Audience#PUBLIC} ones (small counts about a territory suppressed); any other token is refused. Tokens are
 * compared in constant time, every configured token every time; the {@code Bearer} prefix is read whatever its case.
 */
public final class Readers {

    private final List<byte[]> tokens;

    /** The viewer token and the admin token, either or both absent. */
    public Readers(Optional<String> viewerToken, Optional<String> adminToken) {
        this.tokens = java.util.stream.Stream.concat(viewerToken.stream(), adminToken.stream())
                .filter(t -> !t.isBlank())
                .map(t -> t.getBytes(StandardCharsets.UTF_8))
                .toList();
    }

    /** What a request presents. */
    public sealed interface Reader permits Anonymous, Valid, Refused {
    }

    /** No token: a public read. */
    public record Anonymous() implements Reader {
    }

    /** A viewer or admin token: an internal read. */
    public record Valid() implements Reader {
    }

    /** A token that is neither; {@code reason} says what is wrong. */
    public record Refused(String reason) implements Reader {
    }

    /** The reader of an {@code Authorization} header value (absent: anonymous). */
    public Reader of(Optional<String> authorization) {
        if (authorization.isEmpty() || authorization.get().isBlank()) {
            return new Anonymous();
        }
        Optional<String> token = bearer(authorization.get());
        if (token.isEmpty()) {
            return new Refused("Authorization must be 'Bearer <token>'");
        }
        return ofToken(token.get());
    }

    /** The reader of a token as such (the {@code access_token} parameter of the live stream). */
    public Reader ofToken(String token) {
        byte[] presented = token.getBytes(StandardCharsets.UTF_8);
        boolean valid = false;
        for (byte[] known : tokens) {
            valid |= MessageDigest.isEqual(known, presented); // no early exit: every token compared every time
        }
        return valid ? new Valid() : new Refused("this token does not open the figures");
    }

    /** The token of a {@code Bearer} header, the scheme's name in any case (RFC 7235). */
    public static Optional<String> bearer(String authorization) {
        String value = authorization.trim();
        if (value.length() > 7 && value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            String token = value.substring(7).trim();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        }
        return Optional.empty();
    }

    public static Audience audienceOf(Reader reader) {
        return reader instanceof Valid ? Audience.INTERNAL : Audience.PUBLIC;
    }
}
