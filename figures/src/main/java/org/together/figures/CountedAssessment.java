package org.together.figures;

/** A footprint assessment already counted, remembered by its eventId so a second copy is not: it has no other entity. */
public record CountedAssessment(long occurredAt) implements TerritoryEntity {
}
