package org.together.ingest.validation;

/** The reference data an event is checked against: registered territories, the tool catalogue, SPIRAL dimensions. */
public interface ReferenceData {

    boolean isTerritoryRegistered(String territoryId);

    boolean isToolKnown(String toolId);

    boolean isDimensionKnown(String code);
}
