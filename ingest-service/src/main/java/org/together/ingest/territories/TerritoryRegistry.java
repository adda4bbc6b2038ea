package org.together.ingest.territories;

import org.together.ingest.reference.KeyedView;
import org.together.reference.Territory;

/** The registered territories as this instance knows them (from the compacted territories topic). */
public final class TerritoryRegistry {

    private final KeyedView<Territory> territories = new KeyedView<>();

    public KeyedView<Territory> view() {
        return territories;
    }

    public boolean isRegistered(String territoryId) {
        return territories.contains(territoryId);
    }
}
