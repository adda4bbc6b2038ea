package org.together.reports.snapshot;

/** The snapshot was asked for a territory that is neither registered nor seen in any event. */
public final class UnknownTerritoryException extends RuntimeException {
    private final String territoryId;

    public UnknownTerritoryException(String territoryId) {
        super("unknown territory: " + territoryId);
        this.territoryId = territoryId;
    }

    public String territoryId() {
        return territoryId;
    }
}
