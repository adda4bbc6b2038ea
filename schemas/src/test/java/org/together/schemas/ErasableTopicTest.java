package org.together.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/** The vault's compaction settings keep the erasure promise of docs/privacy.md: a mapping gone within 24 hours. */
class ErasableTopicTest {

    @Test
    void theVaultIsCreatedCompactedWithTheErasureSettings() {
        NewTopic topic = Topics.PSEUDONYMS.newTopic((short) 1, Optional.empty());
        Map<String, String> configs = topic.configs();

        assertThat(configs).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                .containsEntry(TopicConfig.SEGMENT_MS_CONFIG, "3600000")
                .containsEntry(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, "21600000")
                .containsEntry(TopicConfig.DELETE_RETENTION_MS_CONFIG, "21600000")
                .containsEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
        assertThat(Topics.all()).contains(Topics.PSEUDONYMS);
    }

    @Test
    void theWorstCaseBeforeAnErasedMappingLeavesTheDiskIsAboutSixHoursUnderThe24Promised() {
        long worst = TopicSpec.Erasure.worstCaseMs(TopicSpec.Erasure.SEGMENT_MS, TopicSpec.Erasure.MAX_COMPACTION_LAG_MS,
                TopicSpec.Erasure.TICK_MS, TopicSpec.Erasure.FILE_DELETE_DELAY_MS);

        assertThat(Duration.ofMillis(worst)).isEqualTo(Duration.ofHours(6).plusMinutes(1));
        // the tombstone (keyed hash, no pseudonym) waits delete.retention.ms more, until the next forced cleaning
        assertThat(Duration.ofMillis(worst + TopicSpec.Erasure.DELETE_RETENTION_MS + TopicSpec.Erasure.MAX_COMPACTION_LAG_MS))
                .isLessThan(Duration.ofHours(19));
        // a segment that never rolls would never be compacted: the worst case is bounded only because of the ticks
        assertThat(TopicSpec.Erasure.worstCaseMs(Duration.ofDays(7).toMillis(), Duration.ofDays(7).toMillis(),
                TopicSpec.Erasure.TICK_MS, 60_000)).isGreaterThan(Duration.ofHours(24).toMillis());
    }
}
