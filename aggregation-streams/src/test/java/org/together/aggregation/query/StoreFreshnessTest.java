package org.together.aggregation.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Which local copies may answer: caught up with their changelog, never one being rebuilt. */
class StoreFreshnessTest {

    @Test
    void aCopyAtTheEndOfItsChangelogOrAFewRecordsBehindIsCaughtUp() {
        assertThat(StoreFreshness.caughtUp(500, 500)).as("an active task processing").isTrue();
        assertThat(StoreFreshness.caughtUp(497, 500)).as("a standby a few records behind").isTrue();
        assertThat(StoreFreshness.caughtUp(999_200, 1_000_000)).as("a standby of a long changelog, moments behind").isTrue();
        assertThat(StoreFreshness.caughtUp(0, 0)).as("an empty changelog").isTrue();
    }

    @Test
    void aCopyRebuiltFromTheStartIsNotCaughtUpEvenWhenItsChangelogIsShort() {
        assertThat(StoreFreshness.caughtUp(0, 500)).as("just wiped, a short changelog").isFalse();
        assertThat(StoreFreshness.caughtUp(200, 500)).as("less than half of a short changelog").isFalse();
        assertThat(StoreFreshness.caughtUp(990_000, 1_000_000)).as("10,000 records behind").isFalse();
        assertThat(StoreFreshness.caughtUp(0, 1_000_000)).isFalse();
    }

    @Test
    void aStorePartitionIsUnreadableFromTheMomentItsRestoreStartsUntilItEnds() {
        StoreFreshness freshness = new StoreFreshness();
        TopicPartition changelog = new TopicPartition("app-network-day-figures-changelog", 0);

        assertThat(freshness.readable("network-day-figures", 0)).as("never seen caught up").isFalse();
        assertThat(freshness.restoring()).isFalse();
        freshness.onRestoreStart(changelog, "network-day-figures", 0, 800);
        assertThat(freshness.restoring()).isTrue();
        assertThat(freshness.globalReadable("network-day-figures")).isFalse();
        freshness.onRestoreEnd(changelog, "network-day-figures", 800);
        assertThat(freshness.restoring()).isFalse();
        assertThat(freshness.globalReadable("network-day-figures")).isTrue();
    }
}
