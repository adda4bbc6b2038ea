package org.together.aggregation.query;

import java.time.LocalDate;

/**
 * One period of a growth series: who joined for the first time, who joined again after leaving, who left, how many
 * were active at its end. Each period adds up: the previous period's activeAtEnd + newParticipants +
 * returningParticipants − leftParticipants = activeAtEnd.
 */
public record GrowthPoint(String period, LocalDate start, long newParticipants, long returningParticipants,
                          long leftParticipants, long activeAtEnd) {
}
