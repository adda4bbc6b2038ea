package org.together.aggregation.query;

import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.together.reference.Target;
import org.together.reference.Territory;
import org.together.reference.TerritoryCredential;
import org.together.reference.Tool;

/** Read access to the topology's stores on this instance. */
public interface StoreReader {

    /**
     * The store part holding the figures of {@code partitionKey}: a territory id for the territory
     * stores, {@code StoreKeys.NETWORK} for the network stores.
     */
    <V> ReadOnlyKeyValueStore<String, V> store(String storeName, String partitionKey);

    /** The registered territories (a global table: complete on every instance). */
    ReadOnlyKeyValueStore<String, Territory> territories();

    /** The tool catalogue, as the coordination team keeps it (a global table: complete on every instance). */
    ReadOnlyKeyValueStore<String, Tool> tools();

    /** The meeting's targets (a global table: complete on every instance). */
    ReadOnlyKeyValueStore<String, Target> targets();

    /** Each territory's token as its hash (a global table: complete on every instance). */
    ReadOnlyKeyValueStore<String, TerritoryCredential> territoryCredentials();
}
