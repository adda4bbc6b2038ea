package org.together.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** What goes into the broker's and the clients' JAAS lines is checked first: a quote in a password would break them. */
class BrokerSecurityTest {

    @Test
    void aScramClientLogsInOnTheClientListenerWithItsOwnCredentials() {
        assertThat(BrokerSecurity.scramClient("ingest", "s3cret-_Pw"))
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"ingest\" password=\"s3cret-_Pw\";");
    }

    @Test
    void passwordsAndNamesThatWouldBreakAJaasLineAreRefused() {
        for (String unsafe : new String[] {"", "with space", "quote\"", "back\\slash", "semi;colon"}) {
            assertThatThrownBy(() -> BrokerSecurity.scramClient("ingest", unsafe)).as(unsafe).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new BrokerSecurity(unsafe, Set.of())).as(unsafe).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> BrokerSecurity.scramClient("in\"gest", "pw")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void superUsersArePrincipalsOfUserType() {
        assertThat(new BrokerSecurity("pw", Set.of("User:admin")).superUsers()).containsExactly("User:admin");
        for (String wrong : new String[] {"admin", "Group:admins", "User:a;User:b"}) {
            assertThatThrownBy(() -> new BrokerSecurity("pw", Set.of(wrong))).as(wrong).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
