package org.together.schemas.serde;

import java.io.IOException;
import org.apache.avro.Conversion;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Writes a generated record with another schema of the same record (the subject's latest version, for
 * use.latest.version): fields are matched by name, not position, fields the record lacks get the schema's default,
 * and enums are written by symbol, so the bytes are exactly what the other schema's own writer would produce.
 */
final class ByNameDatumWriter extends GenericDatumWriter<Object> {

    ByNameDatumWriter(Schema writerSchema, SpecificData model) {
        super(writerSchema, model);
    }

    @Override
    protected void writeField(Object datum, Schema.Field field, Encoder out, Object state) throws IOException {
        if (!(datum instanceof SpecificRecord record)) {
            super.writeField(datum, field, out, state);
            return;
        }
        Schema.Field own = record.getSchema().getField(field.name());
        if (own == null) {
            write(field.schema(), getData().getDefaultValue(field), out);
            return;
        }
        Object value = record.get(own.pos());
        Conversion<?> conversion = record instanceof SpecificRecordBase base ? base.getConversion(own.pos()) : null;
        LogicalType logicalType = field.schema().getLogicalType();
        if (value != null && conversion != null && logicalType != null) {
            writeWithoutConversion(field.schema(), convert(field.schema(), logicalType, conversion, value), out);
        } else {
            write(field.schema(), value, out);
        }
    }
}
