package org.together.figures;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An entity's key says which territory (and tool and user) it is about, and can be read back. */
class EntityKeysTest {

    @Test
    void aToolUsersKeyReadsBackItsTerritoryToolAndUser() {
        String key = EntityKeys.toolUser("kinshasa-gombe", "choices-guide", "participant:p-01");

        assertThat(EntityKeys.toolUserKey(key)).isEqualTo(new EntityKeys.ToolUserKey("kinshasa-gombe", "choices-guide", "participant:p-01"));
        assertThat(EntityKeys.toolUserKey(EntityKeys.participant("lyon", "p-01"))).isNull();
    }

    @Test
    void aParticipantsKeyReadsBackItsTerritory() {
        assertThat(EntityKeys.participantTerritory(EntityKeys.participant("porto-paranhos", "p_9-x"))).isEqualTo("porto-paranhos");
        assertThat(EntityKeys.participantTerritory(EntityKeys.evaluatingGroup("lyon", "g1"))).isNull();
        assertThat(EntityKeys.participantTerritory(EntityKeys.assessment("e1"))).isNull();
    }
}
