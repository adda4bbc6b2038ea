package org.together.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /api/v1/openapi.json}: a service's hand-written OpenAPI description, read once from its classpath. */
public final class OpenApiRoute implements Handler {

    public static final String PATH = "/api/v1/openapi.json";
    private final byte[] document;

    /** @param resource the document's absolute classpath name, found through {@code owner}'s class loader */
    public OpenApiRoute(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handle(Context ctx) {
        ctx.contentType("application/json").result(document);
    }
}
