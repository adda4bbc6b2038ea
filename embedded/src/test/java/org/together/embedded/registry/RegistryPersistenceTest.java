package org.together.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.embedded.registry.RegistryHttp.JSON;
import static org.together.embedded.registry.RegistryHttpContractTest.field;
import static org.together.embedded.registry.RegistryHttpContractTest.record;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.together.embedded.EmbeddedStack;
import org.together.embedded.kafka.EmbeddedKafkaBroker;
import org.together.embedded.kafka.FreePorts;
import org.together.embedded.registry.RegistryHttp.Response;

/** What the registry keeps in {@code _schemas} outlives the registry and the broker; ids are never handed out twice. */
class RegistryPersistenceTest {

    @TempDir
    Path dataDir;

    private static final String V1 = record("Kept", field("a", "int"));
    private static final String V2 = record("Kept", field("a", "int"), field("b", "string", "\"x\""));
    private static final String GONE = record("Gone", field("g", "int"));
    private static final String SOFT = record("Soft", field("s", "int"));

    @Test
    void subjectsIdsConfigAndDeletesSurviveARegistryAndBrokerRestart() {
        int kafkaPort = FreePorts.pick();
        int controllerPort = FreePorts.pick();
        int id1;
        int id2;
        int goneId;
        String subjectsBefore;
        try (EmbeddedStack stack = EmbeddedStack.start(dataDir, "127.0.0.1", kafkaPort, controllerPort, 0)) {
            RegistryHttp http = new RegistryHttp(stack.registryUrl());
            id1 = http.register("kept-value", V1);
            id2 = http.register("kept-value", V2);
            assertThat(http.register("copy-value", V1)).isEqualTo(id1);
            http.put("/config/kept-value", JSON.createObjectNode().put("compatibility", "FULL"));
            http.put("/config", JSON.createObjectNode().put("compatibility", "FORWARD_TRANSITIVE"));
            http.register("soft-value", SOFT);
            http.delete("/subjects/soft-value");
            // The highest id so far is freed by a permanent delete: it must still never come back.
            goneId = http.register("gone-value", GONE);
            http.delete("/subjects/gone-value");
            http.delete("/subjects/gone-value?permanent=true");
            subjectsBefore = http.get("/subjects").text();
            assertThat(goneId).isGreaterThan(id2);
        }

        try (EmbeddedStack stack = EmbeddedStack.start(dataDir, "127.0.0.1", kafkaPort, controllerPort, 0)) {
            RegistryHttp http = new RegistryHttp(stack.registryUrl());
            assertThat(http.get("/subjects").text()).isEqualTo(subjectsBefore);
            assertThat(http.get("/subjects/kept-value/versions").text()).isEqualTo("[1,2]");
            assertThat(http.get("/subjects/kept-value/versions/1").json().get("id").asInt()).isEqualTo(id1);
            assertThat(http.get("/subjects/kept-value/versions/2").json().get("id").asInt()).isEqualTo(id2);
            assertThat(http.get("/subjects/copy-value/versions/latest").json().get("id").asInt()).isEqualTo(id1);
            assertThat(http.register("kept-value", V2)).isEqualTo(id2);
            assertThat(http.get("/config/kept-value").json().get("compatibilityLevel").asText()).isEqualTo("FULL");
            assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("FORWARD_TRANSITIVE");
            assertThat(http.get("/subjects?deleted=true").text()).contains("\"soft-value\"").doesNotContain("gone-value");
            assertThat(http.get("/subjects").text()).doesNotContain("soft-value");
            assertThat(http.get("/schemas/ids/" + goneId).errorCode()).isEqualTo(40403);

            int fresh = http.register("new-value", record("New", field("n", "int")));
            assertThat(fresh).isGreaterThan(goneId);
            assertThat(http.register("gone-value", GONE)).isGreaterThan(fresh);
        }
    }

    @Test
    void aRestartedRegistryOnALiveBrokerServesWhatItsPredecessorWrote() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), "127.0.0.1", 0, 0)) {
            int id;
            try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(broker.bootstrapServers(), "127.0.0.1", 0)) {
                id = new RegistryHttp(registry.url()).register("restart-value", V1);
            }
            try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(broker.bootstrapServers(), "127.0.0.1", 0)) {
                RegistryHttp http = new RegistryHttp(registry.url());
                assertThat(http.get("/schemas/ids/" + id).json().get("schema").asText()).contains("Kept");
                assertThat(http.register("restart-value", V2)).isGreaterThan(id);
            }
        }
    }

    @Test
    void aWriteTheBrokerNeverAcknowledgesIsATimeoutErrorNotASilentSuccess() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), "127.0.0.1", 0, 0);
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(broker.bootstrapServers(), "127.0.0.1", 0,
                Duration.ofSeconds(2))) {
            RegistryHttp http = new RegistryHttp(registry.url());
            http.register("before-value", V1);
            broker.close();
            Response r = http.post("/subjects/after-value/versions", RegistryHttp.schemaBody(V2));
            assertThat(r.status()).as(r.text()).isEqualTo(500);
            assertThat(r.errorCode()).as(r.text()).isEqualTo(50002);
            assertThat(http.get("/subjects").text()).isEqualTo("[\"before-value\"]");
        }
    }
}
