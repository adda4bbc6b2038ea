package org.together.aggregation.query;

import java.time.LocalDate;

/** One period of a growth series: who joined for the first time, who left, how many were active at its end. */
public record GrowthPoint(String period, LocalDate start, long newParticipants, long leftParticipants, long activeAtEnd) {
}
