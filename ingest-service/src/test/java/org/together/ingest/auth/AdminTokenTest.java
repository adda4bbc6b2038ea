package org.together.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdminTokenTest {

    @Test
    void aTokenShorterThan24CharactersIsRefusedNamingTheVariable() {
        for (String tooShort : new String[] {"s3cr3t", "x".repeat(23), "  " + "x".repeat(23) + "  "}) {
            assertThatThrownBy(() -> new AdminToken(tooShort, new TerritoryTokens())).as("'%s'", tooShort)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("TOGETHER_ADMIN_TOKEN").hasMessageContaining("at least 24 characters")
                    .as("the token is never echoed").hasMessageNotContaining(tooShort.strip());
        }
    }

    @Test
    void a24CharacterTokenIsTakenAndMatchesOnlyItself() {
        String token = "y".repeat(24);
        AdminToken admin = new AdminToken(token, new TerritoryTokens());
        assertThat(admin.matches(token)).isTrue();
        assertThat(admin.matches("y".repeat(25))).isFalse();
    }

    @Test
    void noTokenStillMeansEveryAdminRequestIsRefused() {
        assertThat(new AdminToken(null, new TerritoryTokens()).matches("")).isFalse();
        assertThat(new AdminToken(" ", new TerritoryTokens()).matches(" ")).isFalse();
    }
}
