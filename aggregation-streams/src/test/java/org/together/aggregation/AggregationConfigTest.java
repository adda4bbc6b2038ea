package org.together.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.together.figures.disclosure.DisclosureRule;

/** Review 18, finding 13: a viewer, admin or metrics token shorter than 24 characters is refused before anything starts. */
class AggregationConfigTest {

    private static AggregationConfig config(Optional<String> viewer, Optional<String> admin, Optional<String> metrics) {
        return new AggregationConfig("k:9092", "http://r:8081", "app", "127.0.0.1", 0, "127.0.0.1", Path.of("state"),
                viewer, admin, Map.of(), DisclosureRule.DEFAULT, metrics, Optional.empty());
    }

    @Test
    void aTokenShorterThan24CharactersIsRefusedNamingItsVariableNotTheToken() {
        String shortToken = "s".repeat(23);
        assertThatThrownBy(() -> config(Optional.of(shortToken), Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TOGETHER_VIEWER_TOKEN is 23 characters long: a token needs at least 24, so that it cannot be guessed");
        assertThatThrownBy(() -> config(Optional.empty(), Optional.of("admin"), Optional.empty()))
                .hasMessageStartingWith("TOGETHER_ADMIN_TOKEN is 5 characters long");
        assertThatThrownBy(() -> config(Optional.empty(), Optional.empty(), Optional.of(" " + shortToken + " ")))
                .hasMessageStartingWith("TOGETHER_METRICS_TOKEN is 23 characters long").hasMessageNotContaining(shortToken);
    }

    @Test
    void tokensOf24CharactersOrMoreAndAbsentOrBlankOnesAreTaken() {
        String enough = "t".repeat(24);
        assertThat(config(Optional.of(enough), Optional.of(enough + "a"), Optional.of(enough)).viewerToken()).contains(enough);
        assertThat(config(Optional.empty(), Optional.of(""), Optional.of("  ")).adminToken()).contains("");
    }

    /** A config may be logged: no token, no Kafka property's value (a SASL password) and no password in the registry's URL. */
    @Test
    void itsTextKeepsNoSecret() {
        String viewer = "viewer-secret-viewer-secret";
        String admin = "admin-secret-admin-secret-admin";
        String metrics = "metrics-secret-metrics-secret";
        AggregationConfig config = new AggregationConfig("k:9092", "https://reader:registry-pass@r:8081", "app", "127.0.0.1",
                0, "127.0.0.1", Path.of("state"), Optional.of(viewer), Optional.of(admin),
                Map.of("sasl.jaas.config", "ScramLoginModule required username=\"aggregation\" password=\"kafka-pass\";"),
                DisclosureRule.DEFAULT, Optional.of(metrics), Optional.empty());
        assertThat(config.toString())
                .contains("https://reader:***@r:8081", "sasl.jaas.config", "viewerToken=set", "adminToken=set", "metricsToken=set")
                .doesNotContain(viewer, admin, metrics, "registry-pass", "kafka-pass");
    }
}
