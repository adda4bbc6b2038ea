package org.together.ingest.auth;

import io.javalin.http.Context;
import java.security.MessageDigest;
import java.util.Optional;
import org.together.ingest.http.ApiError;

/**
 * The coordination team's token. Only its hash is kept in memory; comparison is constant-time. A coordination endpoint
 * asked with a territory's live token answers 403 (a good token, only not for this: a client keeps it), any other
 * token 401. Ingest is not given the query API's viewer token, so that one is 401 here, like a wrong token.
 */
public final class AdminToken {

    /** Fewer characters than this is refused: the token opens every coordination endpoint, so no guessable one. */
    public static final int MIN_LENGTH = 24;

    private final byte[] hash;
    private final TerritoryTokens territories;

    /**
     * @param token the admin token ({@code TOGETHER_ADMIN_TOKEN}), at least {@link #MIN_LENGTH} characters, or
     *     null/blank to refuse every admin request
     * @param territories the territories' tokens, to tell a territory's good token (403) from a wrong one (401)
     * @throws IllegalArgumentException when it is given but too short
     */
    public AdminToken(String token, TerritoryTokens territories) {
        if (token != null && !token.isBlank() && token.strip().length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the admin token (TOGETHER_ADMIN_TOKEN) must be at least " + MIN_LENGTH
                    + " characters, got " + token.strip().length() + ", e.g. the output of: openssl rand -base64 24");
        }
        this.hash = token == null || token.isBlank() ? null : Tokens.sha256(token);
        this.territories = territories;
    }

    public boolean matches(String presented) {
        return hash != null && MessageDigest.isEqual(hash, Tokens.sha256(presented));
    }

    /**
     * True for a request bearing the admin token; otherwise answers 403 to a territory's live token, naming what it
     * may do, or 401 to anything else, and returns false.
     */
    public boolean require(Context ctx) {
        Optional<String> bearer = Tokens.bearer(ctx);
        if (bearer.filter(this::matches).isPresent()) {
            return true;
        }
        Optional<String> territory = bearer.flatMap(territories::authenticate);
        if (territory.isPresent()) {
            ApiError.send(ctx, 403, whatATerritorysTokenDoes(territory.get()));
            return false;
        }
        ctx.header("WWW-Authenticate", "Bearer realm=\"together-admin\"");
        ApiError.send(ctx, 401, bearer.isEmpty()
                ? "an admin bearer token is required (Authorization: Bearer <admin token>)"
                : "this token is not accepted: this endpoint needs the admin token (Authorization: Bearer <admin token>), "
                        + "and the token sent is neither it nor a territory's current token (the viewer token opens "
                        + "the query API only)");
        return false;
    }

    /** What a territory's token does on the ingest API, said in a 403: the token is good, the endpoint is not its. */
    static String whatATerritorysTokenDoes(String territoryId) {
        return "this is the token of territory '" + territoryId + "', which sends that territory's events "
                + "(POST /api/v1/events) and erases its participants (DELETE /api/v1/territories/" + territoryId
                + "/participants/{participantId}); this endpoint takes the admin token only";
    }
}
