package org.together.ingest.auth;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.together.ingest.reference.KeyedView;
import org.together.reference.TerritoryCredential;

/**
 * Which token opens which territory, from the credentials topic (hashes only). A territory has at most one
 * live token: rotating replaces it, revoking ends it.
 */
public final class TerritoryTokens {

    private final KeyedView<TerritoryCredential> byTerritory = new KeyedView<>();
    private final Map<String, String> territoryByHash = new ConcurrentHashMap<>();

    /** Applies a credential record (null: tombstone) written at {@code offset}. */
    public synchronized void apply(String territoryId, TerritoryCredential credential, long offset) {
        Optional<TerritoryCredential> before = byTerritory.get(territoryId);
        if (byTerritory.apply(territoryId, credential, offset)) {
            before.ifPresent(b -> territoryByHash.remove(b.getTokenHash(), territoryId));
            if (credential != null && !credential.getRevoked()) {
                territoryByHash.put(credential.getTokenHash(), territoryId);
            }
        }
    }

    /** The territory the token opens, if it is live. */
    public Optional<String> authenticate(String token) {
        String territoryId = territoryByHash.get(Tokens.hash(token));
        if (territoryId == null) {
            return Optional.empty();
        }
        return byTerritory.get(territoryId)
                .filter(c -> !c.getRevoked() && Tokens.matches(token, c.getTokenHash()))
                .map(TerritoryCredential::getTerritoryId);
    }

    public Optional<TerritoryCredential> credential(String territoryId) {
        return byTerritory.get(territoryId);
    }
}
