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

        /**
         * The territory whose live token has this hash, if any: how a token is told apart without the territory it is
         * about ({@code /api/v1/reader}). None by default: only the territory asked about is looked at.
         */
        default Optional<String> territoryOfHash(String tokenHash) {
            return Optional.empty();
        }

        TerritoryTokens NONE = territoryId -> Optional.empty();
    }

    private final List<byte[]> tokens;
    /** The admin token's place in {@link #tokens}, or -1. */
    private final int adminIndex;
    private final TerritoryTokens territories;

    /** The viewer token and the admin token, either or both absent; no territory's token opens anything. */
    public Readers(Optional<String> viewerToken, Optional<String> adminToken) {
        this(viewerToken, adminToken, TerritoryTokens.NONE);
    }

    public Readers(Optional<String> viewerToken, Optional<String> adminToken, TerritoryTokens territories) {
        Optional<String> viewer = viewerToken.filter(t -> !t.isBlank());
        Optional<String> admin = adminToken.filter(t -> !t.isBlank());
        this.tokens = java.util.stream.Stream.concat(viewer.stream(), admin.stream())
                .map(t -> t.getBytes(StandardCharsets.UTF_8))
                .toList();
        this.adminIndex = admin.isPresent() ? tokens.size() - 1 : -1;
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

    /** Who a token is, asked about nothing in particular ({@link #identify}): the viewer, or the admin. */
    public enum Role { VIEWER, ADMIN }

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
        if (tokens.isEmpty()) {
            // an instance started without TOGETHER_ADMIN_TOKEN or TOGETHER_VIEWER_TOKEN: no token opens every figure here
            return new Refused("this instance was started with no admin or viewer token (TOGETHER_ADMIN_TOKEN, "
                    + "TOGETHER_VIEWER_TOKEN), so no token reads every figure here; a territory's token reads its own "
                    + "territory's, under /api/v1/territories/{its id}/");
        }
        return new Refused("this token does not open these figures (the viewer or admin token reads every figure; a "
                + "territory's token reads its own territory's, under /api/v1/territories/{its id}/)");
    }

    /**
     * Who presents an {@code Authorization} header, whatever they ask: {@link Anonymous}, {@link Valid} (with
     * {@link #roleOf}), {@link OwnTerritory} naming the territory whose live token it is, or {@link Refused} (a wrong,
     * replaced or revoked token). What a dashboard asks once to say which figures it shows.
     */
    public Reader identify(Optional<String> authorization) {
        Reader reader = of(authorization);
        if (!(reader instanceof Refused) || authorization.isEmpty()) {
            return reader;
        }
        Optional<String> token = bearer(authorization.get());
        if (token.isEmpty()) {
            return reader;
        }
        Optional<String> territory = territories.territoryOfHash(Digests.sha256Hex(token.get()));
        if (territory.isPresent()) {
            // checked again against the territory's current token: the lookup may be a moment behind a rotation
            Optional<String> stored = territories.hashOf(territory.get());
            if (stored.isPresent() && Digests.matchesHex(token.get(), stored.get())) {
                return new OwnTerritory(territory.get());
            }
        }
        return new Refused("this token is not accepted: not the viewer's, the admin's, nor a territory's live token "
                + "(a territory's token ends when it is replaced or revoked)");
    }

    /** Which of the two tokens a {@link Valid} reader presented (empty: no token, or not one of them). */
    public Optional<Role> roleOf(Optional<String> authorization) {
        Optional<String> token = authorization.flatMap(Readers::bearer);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = token.get().getBytes(StandardCharsets.UTF_8);
        int matched = -1;
        for (int i = 0; i < tokens.size(); i++) {
            if (MessageDigest.isEqual(tokens.get(i), presented)) { // no early exit: every token compared every time
                matched = i;
            }
        }
        return matched < 0 ? Optional.empty() : Optional.of(matched == adminIndex ? Role.ADMIN : Role.VIEWER);
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
