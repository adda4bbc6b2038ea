package org.together.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ErrorBodyTest {

    @Test
    void anEchoedIdOrPathLongerThan100CharactersIsCutTo100AndAnEllipsis() throws Exception {
        String id = "x".repeat(5_000);

        String message = new ObjectMapper().readTree(ErrorBody.of(404, "Endpoint GET /api/v1/" + id + " not found"))
                .get("message").asText();

        assertThat(message).isEqualTo("Endpoint GET " + ("/api/v1/" + "x".repeat(92)) + "… not found");
    }

    @Test
    void aShortMessageOrAnyShortWordIsLeftAsItIs() {
        String words = "territory 'alpha-one' is not registered: register it with POST /api/v1/territories ".repeat(5);
        assertThat(ErrorBody.cut(words)).isEqualTo(words);
        assertThat(ErrorBody.cut("y".repeat(100))).isEqualTo("y".repeat(100));
        assertThat(ErrorBody.cut(null)).isNull();
    }

    @Test
    void aCutNeverSplitsACharacterOutsideTheBasicPlane() {
        String emoji = "\uD83D\uDE00".repeat(150);
        assertThat(ErrorBody.cut("id " + emoji)).isEqualTo("id " + "\uD83D\uDE00".repeat(100) + "…");
    }
}
