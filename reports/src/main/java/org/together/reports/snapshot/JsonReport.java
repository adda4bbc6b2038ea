package org.together.reports.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Every figure of the snapshot as JSON: the {@link Snapshot} record as it is (dates ISO-8601, ratios
 * as fractions, undefined ratios null). Language-neutral: names are given per language.
 */
public final class JsonReport {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private JsonReport() {
    }

    public static byte[] render(Snapshot snapshot) {
        try {
            return MAPPER.writeValueAsBytes(snapshot);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the snapshot as JSON", e);
        }
    }

    public static Snapshot read(byte[] json) {
        try {
            return MAPPER.readValue(json, Snapshot.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a snapshot JSON document", e);
        }
    }
}
