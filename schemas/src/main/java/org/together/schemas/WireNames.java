package org.together.schemas;

import java.util.Locale;

/** Maps Avro enum symbols (PUBLIC_ACTOR) to the JSON contract's spelling (public-actor) and back. */
public final class WireNames {
    private WireNames() {
    }

    public static String of(Enum<?> symbol) {
        return symbol.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The symbol for a wire name, or null when the name is not one of the enum's. */
    public static <E extends Enum<E>> E parse(Class<E> type, String wireName) {
        if (wireName == null || !wireName.equals(wireName.toLowerCase(Locale.ROOT))) {
            return null;
        }
        try {
            return Enum.valueOf(type, wireName.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
