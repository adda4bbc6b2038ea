package org.together.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

    /** A config may be logged: no token, no pseudonym key, no Kafka property's value and no password in the registry's URL. */
    @Test
    void itsTextKeepsNoSecret() {
        String admin = "admin-secret-admin-secret-admin";
        String key = "pseudonym-key-pseudonym-key-0123456789";
        String metrics = "metrics-secret-metrics-secret";
        IngestConfig config = new IngestConfig("k:9092", "https://writer:registry-pass@r:8081", "127.0.0.1", 0, admin, key,
                Path.of("data"), Map.of("sasl.jaas.config", "ScramLoginModule required password=\"kafka-pass\";"), 2_000,
                Optional.of(metrics));
        assertThat(config.toString())
                .contains("https://writer:***@r:8081", "sasl.jaas.config", "metricsToken=set")
                .doesNotContain(admin, key, metrics, "registry-pass", "kafka-pass");
    }
}
