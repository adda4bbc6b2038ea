package org.together.ingest.auth;

import io.javalin.http.Context;
import java.security.MessageDigest;
import org.together.ingest.http.ApiError;

/** The coordination team's token. Only its hash is kept in memory; comparison is constant-time. */
public final class AdminToken {

    /** Fewer characters than this is refused: the token opens every coordination endpoint, so no guessable one. */
    public static final int MIN_LENGTH = 24;

    private final byte[] hash;

    /**
     * @param token the admin token ({@code TOGETHER_ADMIN_TOKEN}), at least {@link #MIN_LENGTH} characters, or
     *     null/blank to refuse every admin request
     * @throws IllegalArgumentException when it is given but too short
     */
    public AdminToken(String token) {
        if (token != null && !token.isBlank() && token.strip().length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the admin token (TOGETHER_ADMIN_TOKEN) must be at least " + MIN_LENGTH
                    + " characters, got " + token.strip().length() + ", e.g. the output of: openssl rand -base64 24");
        }
        this.hash = token == null || token.isBlank() ? null : Tokens.sha256(token);
    }

    public boolean matches(String presented) {
        return hash != null && MessageDigest.isEqual(hash, Tokens.sha256(presented));
    }

    /** True for a request bearing the admin token; otherwise answers 401 and returns false. */
    public boolean require(Context ctx) {
        if (Tokens.bearer(ctx).filter(this::matches).isPresent()) {
            return true;
        }
        ctx.header("WWW-Authenticate", "Bearer realm=\"together-admin\"");
        ApiError.send(ctx, 401, "an admin bearer token is required (Authorization: Bearer <admin token>)");
        return false;
    }
}
