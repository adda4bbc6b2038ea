package org.together.aggregation.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * The one JSON configuration of the read API, the live stream and the last figures kept: dates as ISO-8601 text, and
 * every fractional number (rates, shares, means, coordinates) as a plain decimal with at least one digit after the
 * point, {@code 0.0}, {@code 0.0009737098344693282}, {@code 2.0}, never {@code 9.737098344693282E-4}. A JSON number
 * still, the same double when read back. It is applied where JSON is written, so records and trees (the public
 * answers, the last figures read back from disk) come out alike.
 */
public final class ApiJson {

    private ApiJson() {
    }

    public static ObjectMapper mapper() {
        JsonFactory factory = JsonFactory.builder().addDecorator((f, generator) -> new PlainDecimals(generator)).build();
        return JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }

    /** A double as a plain decimal: {@code 1.0E-4} is {@code 0.00010}, {@code 1.0E10} is {@code 10000000000.0}. */
    static String plain(double value) {
        BigDecimal exact = BigDecimal.valueOf(value); // the shortest decimal that reads back as this double
        return (exact.scale() < 1 ? exact.setScale(1) : exact).toPlainString();
    }

    private static final class PlainDecimals extends JsonGeneratorDelegate {

        PlainDecimals(JsonGenerator generator) {
            super(generator, false);
        }

        @Override
        public void writeNumber(double value) throws IOException {
            if (Double.isFinite(value)) {
                delegate.writeNumber(plain(value));
            } else {
                delegate.writeNumber(value);
            }
        }

        @Override
        public void writeNumber(float value) throws IOException {
            writeNumber(Double.parseDouble(Float.toString(value)));
        }
    }
}
