package org.together.figures;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** Where a driver keeps a territory's entities: a state store in the live topology, a map in a report's pass. */
public interface Entities {

    /** The entity under the key, or null. */
    TerritoryEntity get(String key);

    /** Stores the entity (changed in place or new) under the key. */
    void put(String key, TerritoryEntity entity);

    static Entities of(Function<String, TerritoryEntity> get, BiConsumer<String, TerritoryEntity> put) {
        return new Entities() {
            @Override
            public TerritoryEntity get(String key) {
                return get.apply(key);
            }

            @Override
            public void put(String key, TerritoryEntity entity) {
                put.accept(key, entity);
            }
        };
    }

    static Entities of(Map<String, TerritoryEntity> map) {
        return of(map::get, map::put);
    }
}
