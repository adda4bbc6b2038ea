package org.together.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.together.schemas.registry.CannedRegistryServer;

/** Services pass their registry credentials among their Kafka pass-through properties. */
class TogetherSerdesRegistrySettingsTest {

    private final CannedRegistryServer server = new CannedRegistryServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void registryCredentialsAmongAServicesPropertiesReachTheRegistryAndKafkaSettingsDoNot() {
        server.answer("GET /subjects", 200, "[]");
        TogetherSerdes serdes = TogetherSerdes.forRegistry(server.url(), Map.of(
                "basic.auth.user.info", "coordination:s3cret",
                "security.protocol", "SASL_SSL"));

        assertThat(serdes.registry().getAllSubjects()).isEmpty();

        String expected = "Basic " + Base64.getEncoder().encodeToString("coordination:s3cret".getBytes(StandardCharsets.UTF_8));
        assertThat(server.requests()).singleElement()
                .satisfies(request -> assertThat(request.header("Authorization")).isEqualTo(expected));
    }

    @Test
    void withoutCredentialsNoAuthorizationIsSent() {
        server.answer("GET /subjects", 200, "[\"together.tools-value\"]");
        TogetherSerdes serdes = TogetherSerdes.forRegistry(server.url(), Map.of("security.protocol", "PLAINTEXT"));

        assertThat(serdes.registry().getAllSubjects()).containsExactly("together.tools-value");
        assertThat(server.requests().get(0).header("Authorization")).isNull();
    }
}
