package org.together.schemas.serde;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to load a class named in a schema unless it is trusted ("Forbidden ...! This class is not trusted
 * to be included in Avro schemas"), and reading or writing generated records looks their classes up by schema name.
 * This adds trust for the pipeline's own generated Avro types (records, enums, fixed under {@code org.together.})
 * to whatever is already trusted; nothing else becomes loadable.
 */
public final class GeneratedClassTrust {
    private static final String OUR_PACKAGES = "org.together.";
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private GeneratedClassTrust() {
    }

    /** Idempotent; the serdes and TogetherSerdes call it, code using generated classes with Avro directly may too. */
    public static void install() {
        if (INSTALLED.compareAndSet(false, true)) {
            ClassSecurityValidator.ClassSecurityPredicate ours = type -> type.getName().startsWith(OUR_PACKAGES)
                    && (SpecificRecord.class.isAssignableFrom(type) || GenericEnumSymbol.class.isAssignableFrom(type)
                    || GenericFixed.class.isAssignableFrom(type));
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), ours));
        }
    }
}
