package org.together.reports.snapshot;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.together.reports.snapshot.Snapshot.TerritoryRow;

/**
 * What the figures a public snapshot publishes already tell about one it hides: a lower bound, from the published
 * figures only, so it reveals nothing the reader cannot work out. A hidden figure at least k by them reads "hidden",
 * not "< k", which the report beside it would prove false (review 13, finding 3: Timișoara's new participants read
 * "< 5" beside its 0 at the start and 168 at the end).
 *
 * <p>The identities used, from the snapshot's definitions: everyone active at the end, or at the start, and every new
 * participant of the period are among those ever (ever ≥ each, and ever ≥ start + new: the people active at the start
 * joined before the period, the new ones in it). A territory new in the period ({@code newInPeriod}, published) had no
 * event before it, so each of its active participants at the end joined first in the period: new ≥ end. Nothing bounds
 * an older territory's new participants from below: end − start = new + returning − left, and neither returning nor left
 * is published; nor the active counts (people leave).
 */
final class PublishedBounds {

    private PublishedBounds() {
    }

    /** The smallest value the row's published figures allow its new participants (0: no bound). */
    static long newParticipants(TerritoryRow r) {
        return r.newInPeriod() && r.activeAtEnd() != null ? r.activeAtEnd() : 0;
    }

    /** The smallest value the row's published figures allow its participants ever (0: no bound). */
    static long everAtEnd(TerritoryRow r) {
        long newAtLeast = r.newParticipants() != null ? r.newParticipants() : newParticipants(r);
        long bound = Math.max(newAtLeast, Math.max(orZero(r.activeAtStart()), orZero(r.activeAtEnd())));
        return Math.max(bound, orZero(r.activeAtStart()) + newAtLeast);
    }

    /** A territory's row as the snapshot publishes it (either table), or null when it publishes none. */
    static TerritoryRow publishedRow(Snapshot s, String territoryId) {
        return Stream.of(s.newcomers().byTerritory(), s.fastestGrowing()).flatMap(List::stream)
                .filter(r -> Objects.equals(r.territoryId(), territoryId)).findFirst().orElse(null);
    }

    /**
     * The smallest value the snapshot's published figures allow a territory target's current value: a target on
     * participants ever is at least the territory's published figures it holds; any other metric has no bound here.
     */
    static long targetCurrent(Snapshot s, Snapshot.TargetRow t) {
        if (t.territoryId() == null || !"participantsEver".equals(t.metric())) {
            return 0;
        }
        TerritoryRow row = publishedRow(s, t.territoryId());
        return row == null ? 0 : everAtEnd(row);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
