package org.together.schemas;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Builds a generated record with every field set (optional ones included, unions on their non-null branch), so a
 * round trip exercises every field of a schema, including ones added later.
 */
public final class SampleRecords {
    static {
        org.together.schemas.serde.GeneratedClassTrust.install();
    }

    private SampleRecords() {
    }

    public static <T extends SpecificRecord> T filled(Class<T> type, int seed) {
        return type.cast(value(SpecificData.get().getSchema(type), type.getSimpleName(), seed));
    }

    private static Object value(Schema schema, String name, int seed) {
        return switch (schema.getType()) {
            case RECORD -> {
                SpecificRecord record = (SpecificRecord) SpecificData.get().newRecord(null, schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), value(field.schema(), field.name(), seed));
                }
                yield record;
            }
            case UNION -> value(schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst()
                    .orElseThrow(), name, seed);
            case ENUM -> SpecificData.get().createEnum(
                    schema.getEnumSymbols().get(seed % schema.getEnumSymbols().size()), schema);
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                items.add(value(schema.getElementType(), name, seed));
                items.add(value(schema.getElementType(), name, seed + 1));
                yield items;
            }
            case MAP -> {
                Map<String, Object> entries = new LinkedHashMap<>();
                entries.put(name + "-a", value(schema.getValueType(), name, seed));
                entries.put(name + "-b", value(schema.getValueType(), name, seed + 1));
                yield entries;
            }
            case STRING -> name + "-" + seed;
            case INT -> schema.getLogicalType() instanceof LogicalTypes.Date ? java.time.LocalDate.ofEpochDay(20_000 + seed) : 3 + seed;
            case LONG -> schema.getLogicalType() instanceof LogicalTypes.TimestampMillis
                    ? Instant.ofEpochMilli(1_767_225_600_000L + seed * 1000L) : 42L + seed;
            case DOUBLE -> 1.25 + seed;
            case FLOAT -> 0.5f + seed;
            case BOOLEAN -> seed % 2 == 0;
            case BYTES -> ByteBuffer.wrap(new byte[] {1, 2, (byte) seed});
            default -> throw new IllegalArgumentException("no sample for " + schema.getType() + " (" + name + ")");
        };
    }
}
