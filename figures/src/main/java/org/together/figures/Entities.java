package org.together.figures;

import java.util.Map;

/** Where a driver keeps a territory's entities: a state store in the live topology, a map in a report's pass. */
public interface Entities {

    /** The entity under the key, or null. */
    TerritoryEntity get(String key);

    /** Stores the entity (changed in place or new) under the key. */
    void put(String key, TerritoryEntity entity);

    static Entities of(Map<String, TerritoryEntity> map) {
        return new Entities() {
            @Override
            public TerritoryEntity get(String key) {
                return map.get(key);
            }

            @Override
            public void put(String key, TerritoryEntity entity) {
                map.put(key, entity);
            }
        };
    }
}
