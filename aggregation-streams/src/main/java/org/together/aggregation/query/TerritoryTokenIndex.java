package org.together.aggregation.query;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.together.reference.TerritoryCredential;

/**
 * The territories' tokens as aggregation-streams reads them: by territory from the credentials table (every read), and
 * by hash from an index of that table, for telling who a token is without the territory it is about. The index is
 * read again when a hash is not in it, at most once every {@value #RESCAN_MS} ms: a wrong token costs at most that,
 * a territory registered a moment ago is known within it. A found territory is always checked against its current
 * credential by the caller ({@link Readers#identify}), so a replaced or revoked token opens nothing.
 */
final class TerritoryTokenIndex implements Readers.TerritoryTokens {

    static final long RESCAN_MS = 1_000;

    private final Supplier<ReadOnlyKeyValueStore<String, TerritoryCredential>> credentials;
    private final LongSupplier nanoTime;
    private volatile Map<String, String> territoryByHash = Map.of();
    private long readAt;
    private boolean read;

    TerritoryTokenIndex(Supplier<ReadOnlyKeyValueStore<String, TerritoryCredential>> credentials, LongSupplier nanoTime) {
        this.credentials = credentials;
        this.nanoTime = nanoTime;
    }

    @Override
    public Optional<String> hashOf(String territoryId) {
        return Optional.ofNullable(credentials.get().get(territoryId))
                .filter(c -> !c.getRevoked())
                .map(TerritoryCredential::getTokenHash);
    }

    @Override
    public Optional<String> territoryOfHash(String tokenHash) {
        String hash = tokenHash.toLowerCase(Locale.ROOT);
        String territory = territoryByHash.get(hash);
        if (territory != null && hashOf(territory).filter(hash::equalsIgnoreCase).isPresent()) {
            return Optional.of(territory);
        }
        return Optional.ofNullable(readAgain().get(hash));
    }

    /** The index read again from the table, unless it was read in the last {@value #RESCAN_MS} ms. */
    private synchronized Map<String, String> readAgain() {
        long now = nanoTime.getAsLong();
        if (read && now - readAt < RESCAN_MS * 1_000_000L) {
            return territoryByHash;
        }
        Map<String, String> index = new HashMap<>();
        try (KeyValueIterator<String, TerritoryCredential> all = credentials.get().all()) {
            while (all.hasNext()) {
                KeyValue<String, TerritoryCredential> next = all.next();
                if (next.value != null && !next.value.getRevoked()) {
                    index.put(next.value.getTokenHash().toLowerCase(Locale.ROOT), next.key);
                }
            }
        }
        territoryByHash = Map.copyOf(index);
        readAt = now;
        read = true;
        return territoryByHash;
    }
}
