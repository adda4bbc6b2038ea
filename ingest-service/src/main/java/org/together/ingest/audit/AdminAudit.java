package org.together.ingest.audit;

import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per admin action that changed something, on the logger {@value #LOGGER} (so an operator can route
 * it on its own): who (the admin, and the address the request came from: a reverse proxy's, behind one) and what,
 * by ids only. Never a token, a token's hash or a participant's id. Written once the change is stored, so a line is
 * a fact, not an attempt.
 */
public final class AdminAudit {

    public static final String LOGGER = "org.together.ingest.audit";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private AdminAudit() {
    }

    /** @param what what was done, e.g. "registered territory lyon-a": ids already validated (no line breaks) */
    public static void record(Context ctx, String what) {
        log.info("admin {} (from {})", what, ctx.ip());
    }
}
