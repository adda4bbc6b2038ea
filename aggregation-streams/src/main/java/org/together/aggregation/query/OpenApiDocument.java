package org.together.aggregation.query;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The hand-written OpenAPI 3.1 description of the query API, served at {@value #PATH}. */
final class OpenApiDocument {

    static final String PATH = "/api/v1/openapi.json";
    static final String RESOURCE = "/org/together/aggregation/query/openapi.json";
    private final byte[] document;

    OpenApiDocument() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void serve(Context ctx) {
        ctx.contentType("application/json");
        ctx.result(document);
    }
}
