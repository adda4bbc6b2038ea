package org.together.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.together.schemas.registry.CompatibilityLevelTest.visit;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryClientTest {

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final Schema v1 = visit("a:string");
    private final Schema v2 = visit("a:string", "b:string:x");

    @Test
    void theSameSchemaGetsTheSameIdInEverySubjectAndNoNewVersion() {
        int id = registry.register("visits-value", v1);
        assertThat(registry.register("visits-value", v1)).isEqualTo(id);
        assertThat(registry.register("other-value", v1)).isEqualTo(id);
        assertThat(registry.getAllVersions("visits-value")).containsExactly(1);
        assertThat(registry.getSchemaById(id)).isEqualTo(v1);
    }

    @Test
    void newSchemasGetNewIdsAndTheNextVersion() {
        int first = registry.register("visits-value", v1);
        int second = registry.register("visits-value", v2);
        assertThat(second).isNotEqualTo(first);
        assertThat(registry.getAllVersions("visits-value")).containsExactly(1, 2);
        assertThat(registry.getLatestVersion("visits-value")).isEqualTo(new RegisteredSchema("visits-value", 2, second, v2));
        assertThat(registry.getVersion("visits-value", 1)).isEqualTo(new RegisteredSchema("visits-value", 1, first, v1));
        assertThat(registry.getVersion("visits-value", -1).version()).isEqualTo(2);
        assertThat(registry.lookup("visits-value", v1).version()).isEqualTo(1);
        assertThat(registry.getAllSubjects()).containsExactly("visits-value");
    }

    @Test
    void anIncompatibleSchemaIsRefusedWith409AndNothingIsRegistered() {
        registry.register("visits-value", v1);
        Schema requiredB = visit("a:string", "b:string");
        assertThat(registry.testCompatibility("visits-value", requiredB)).isFalse();
        assertThatThrownBy(() -> registry.register("visits-value", requiredB))
                .isInstanceOf(SchemaRegistryException.IncompatibleSchemaException.class)
                .hasMessageContaining("visits-value")
                .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(409));
        assertThat(registry.getAllVersions("visits-value")).containsExactly(1);
    }

    @Test
    void aSubjectLevelOverridesTheGlobalOne() {
        registry.register("visits-value", v1);
        Schema requiredB = visit("a:string", "b:string");
        registry.setCompatibility("visits-value", "none");
        assertThat(registry.getCompatibility("visits-value")).isEqualTo("NONE");
        assertThat(registry.getCompatibility(null)).isEqualTo("BACKWARD");
        assertThat(registry.getCompatibility("unconfigured-value")).isEqualTo("BACKWARD");
        registry.register("visits-value", requiredB);
        assertThat(registry.getAllVersions("visits-value")).containsExactly(1, 2);
    }

    @Test
    void missingThingsAnswerConfluentsNotFoundCodes() {
        assertThatThrownBy(() -> registry.getLatestVersion("nope-value"))
                .isInstanceOf(SchemaRegistryException.SubjectNotFoundException.class)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40401));
        registry.register("visits-value", v1);
        assertThatThrownBy(() -> registry.getVersion("visits-value", 7))
                .isInstanceOf(SchemaRegistryException.VersionNotFoundException.class);
        assertThatThrownBy(() -> registry.getVersion("visits-value", 0))
                .isInstanceOf(SchemaRegistryException.InvalidVersionException.class);
        assertThatThrownBy(() -> registry.lookup("visits-value", v2))
                .isInstanceOf(SchemaRegistryException.SchemaNotFoundException.class);
        assertThatThrownBy(() -> registry.getSchemaById(999))
                .isInstanceOf(SchemaRegistryException.SchemaNotFoundException.class)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).isNotFound()).isTrue());
        assertThatThrownBy(() -> registry.setCompatibility(null, "SIDEWAYS"))
                .isInstanceOf(SchemaRegistryException.InvalidCompatibilityLevelException.class)
                .hasMessageContaining("SIDEWAYS");
    }

    @Test
    void aSubjectWithoutVersionsAcceptsAnySchema() {
        assertThat(registry.testCompatibility("new-value", v1)).isTrue();
    }

    @Test
    void scopesAreSharedByNameAndDroppedOnRequest() {
        InMemorySchemaRegistryClient scoped = InMemorySchemaRegistryClient.forScope("in-memory-test");
        assertThat(InMemorySchemaRegistryClient.forScope("in-memory-test")).isSameAs(scoped);
        InMemorySchemaRegistryClient.dropScope("in-memory-test");
        assertThat(InMemorySchemaRegistryClient.forScope("in-memory-test")).isNotSameAs(scoped);
        InMemorySchemaRegistryClient.dropScope("in-memory-test");
    }
}
