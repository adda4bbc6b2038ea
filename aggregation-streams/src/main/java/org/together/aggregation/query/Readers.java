package org.together.aggregation.query;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.together.figures.disclosure.Audience;
import org.together.http.Digests;

/**
 * Who reads: a valid viewer or admin bearer token reads {@link Audience#INTERNAL} figures (exact), and so does a
 * territory's own token reading about that territory (its team sent every event behind them); no token reads the
 * {@link Audience#PUBLIC} ones (small counts about a territory suppressed); any other token is refused. Tokens are
 * compared in constant time, every configured token every time; the {@code Bearer} prefix is read whatever its case.
 */
public final class Readers {

    /** Each territory's token as stored: its hex SHA-256, by territory id. */
    @FunctionalInterface
    public interface TerritoryTokens {
        /** The hash of the territory's token; empty when it has none or it was revoked. */
        Optional<String> hashOf(String territoryId);

        TerritoryTokens NONE = territoryId -> Optional.empty();
    }

    private final List<byte[]> tokens;
    private final TerritoryTokens territories;

    /** The viewer token and the admin token, either or both absent; no territory's token opens anything. */
    public Readers(Optional<String> viewerToken, Optional<String> adminToken) {
        this(viewerToken, adminToken, TerritoryTokens.NONE);
    }

    public Readers(Optional<String> viewerToken, Optional<String> adminToken, TerritoryTokens territories) {
        this.tokens = java.util.stream.Stream.concat(viewerToken.stream(), adminToken.stream())
                .filter(t -> !t.isBlank())
                .map(t -> t.getBytes(StandardCharsets.UTF_8))
                .toList();
        this.territories = territories;
    }

    /** What a request presents. */
    public sealed interface Reader permits Anonymous, Valid, OwnTerritory, Refused {
    }

    /** No token: a public read. */
    public record Anonymous() implements Reader {
    }

    /** A viewer or admin token: an internal read. */
    public record Valid() implements Reader {
    }

    /** A territory's own token, reading about that territory: an internal read of its figures. */
    public record OwnTerritory(String territoryId) implements Reader {
    }

    /** A token that is neither; {@code reason} says what is wrong. */
    public record Refused(String reason) implements Reader {
    }

    /** The reader of an {@code Authorization} header value (absent: anonymous), asking about no one territory. */
    public Reader of(Optional<String> authorization) {
        return of(authorization, Optional.empty());
    }

    /**
     * @param aboutTerritory the territory the question is about, if it is about one: its own token reads it
     * @throws RuntimeException from {@link TerritoryTokens} when the territories' tokens cannot be read now
     */
    public Reader of(Optional<String> authorization, Optional<String> aboutTerritory) {
        if (authorization.isEmpty() || authorization.get().isBlank()) {
            return new Anonymous();
        }
        Optional<String> token = bearer(authorization.get());
        if (token.isEmpty()) {
            return new Refused("Authorization must be 'Bearer <token>'");
        }
        return ofToken(token.get(), aboutTerritory);
    }

    /** The reader of a token as such (the {@code access_token} parameter of the live stream). */
    public Reader ofToken(String token) {
        return ofToken(token, Optional.empty());
    }

    private Reader ofToken(String token, Optional<String> aboutTerritory) {
        byte[] presented = token.getBytes(StandardCharsets.UTF_8);
        boolean valid = false;
        for (byte[] known : tokens) {
            valid |= MessageDigest.isEqual(known, presented); // no early exit: every token compared every time
        }
        if (valid) {
            return new Valid();
        }
        if (aboutTerritory.isPresent()) {
            Optional<String> stored = territories.hashOf(aboutTerritory.get());
            if (stored.isPresent() && Digests.matchesHex(token, stored.get())) {
                return new OwnTerritory(aboutTerritory.get());
            }
        }
        return new Refused("this token does not open these figures (the viewer or admin token reads every figure; a "
                + "territory's token reads its own territory's, under /api/v1/territories/{its id}/)");
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

    /** The figures a reader reads: exact for the coordination team and for a territory's team about its own. */
    public static Audience audienceOf(Reader reader) {
        return reader instanceof Valid || reader instanceof OwnTerritory ? Audience.INTERNAL : Audience.PUBLIC;
    }
}
