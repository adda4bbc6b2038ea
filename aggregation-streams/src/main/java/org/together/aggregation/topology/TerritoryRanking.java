package org.together.aggregation.topology;

import org.together.figures.Figures;

/**
 * Keys of the network's ranking of territories ({@link AggregationTopology#NETWORK_TERRITORY_RANKING}): most active
 * participants first, then most participants ever, then by id, as the ranked list orders them. A key sorts as its
 * rank, so the first N territories are the first N keys, read without looking at the others.
 *
 * <p>Counts are written as 16 hex digits of their complement with the sign bit flipped: unsigned order of the
 * digits is descending order of the counts, negative ones included.
 */
public final class TerritoryRanking {

    private static final int COUNT_DIGITS = 16;
    private static final int ID_AT = 2 * COUNT_DIGITS + 2;

    private TerritoryRanking() {
    }

    static String key(String territoryId, long participantsActive, long participantsEver) {
        return descending(participantsActive) + StoreKeys.SEPARATOR + descending(participantsEver) + StoreKeys.SEPARATOR + territoryId;
    }

    /** The key of a territory with these all-time figures (none: a territory registered without events). */
    static String key(String territoryId, Figures totals) {
        return totals == null ? key(territoryId, 0, 0) : key(territoryId, totals.activeChange(), totals.newParticipants());
    }

    /** The territory a ranking key is about. */
    public static String territoryOf(String key) {
        return key.substring(ID_AT);
    }

    private static String descending(long count) {
        String hex = Long.toHexString(~(count ^ Long.MIN_VALUE));
        return "0".repeat(COUNT_DIGITS - hex.length()) + hex;
    }
}
