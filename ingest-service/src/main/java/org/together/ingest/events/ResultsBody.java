package org.together.ingest.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.together.ingest.http.Json;
import org.together.ingest.validation.FieldError;

/**
 * The body of an events answer, written field by field: the same bytes the object mapper wrote for the map of counts
 * and the list of results, at a fraction of its cost for a thousand results.
 */
final class ResultsBody {

    private ResultsBody() {
    }

    static byte[] of(EventResult[] results, int accepted, int duplicates, int conflicts, int rejected) {
        ByteArrayBuilder out = new ByteArrayBuilder(64 + results.length * 96);
        try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("accepted", accepted);
            g.writeNumberField("duplicates", duplicates);
            g.writeNumberField("conflicts", conflicts);
            g.writeNumberField("rejected", rejected);
            g.writeArrayFieldStart("results");
            for (EventResult r : results) {
                g.writeStartObject();
                g.writeNumberField("index", r.index());
                g.writeStringField("eventId", r.eventId());
                g.writeStringField("status", r.status());
                fieldErrors(g, "errors", r.errors());
                fieldErrors(g, "warnings", r.warnings());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (results.length == 0) {
                g.writeStringField("message", "the array holds no events");
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void fieldErrors(JsonGenerator g, String name, List<FieldError> items) throws IOException {
        g.writeArrayFieldStart(name);
        for (FieldError e : items) {
            g.writeStartObject();
            g.writeStringField("field", e.field());
            g.writeStringField("message", e.message());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
