package org.together.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.together.embedded.registry.RegistryHttpContractTest.field;
import static org.together.embedded.registry.RegistryHttpContractTest.record;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.together.embedded.EmbeddedStack;
import org.together.schemas.registry.RegisteredSchema;
import org.together.schemas.registry.RestSchemaRegistryClient;
import org.together.schemas.registry.SchemaRegistryClient;
import org.together.schemas.registry.SchemaRegistryException;

/**
 * The schemas module's REST client against the embedded server: proves the two agree on the wire.
 * Reads go through a fresh client each time so that its caches cannot hide the server's answer.
 */
class RestClientAgreementTest {
    private static final AtomicInteger SUBJECTS = new AtomicInteger();
    private static String url;

    @BeforeAll
    static void connect() {
        url = EmbeddedStack.sharedForTests().registryUrl();
    }

    private static SchemaRegistryClient fresh() {
        return new RestSchemaRegistryClient(url);
    }

    private static String subject(String hint) {
        return "client-" + hint + "-" + SUBJECTS.incrementAndGet() + "-value";
    }

    private static Schema parse(String schema) {
        return new Schema.Parser().parse(schema);
    }

    @Test
    void registersLooksUpAndListsThroughTheClient() {
        String s = subject("register");
        Schema v1 = parse(record("Client", field("a", "int")));
        Schema v2 = parse(record("Client", field("a", "int"), field("b", "string", "\"x\"")));
        int id1 = fresh().register(s, v1);
        assertThat(fresh().register(s, v1)).isEqualTo(id1);
        int id2 = fresh().register(s, v2);
        assertThat(id2).isNotEqualTo(id1);

        assertThat(fresh().getSchemaById(id1)).isEqualTo(v1);
        assertThat(fresh().getLatestVersion(s)).isEqualTo(new RegisteredSchema(s, 2, id2, v2));
        assertThat(fresh().getVersion(s, 1)).isEqualTo(new RegisteredSchema(s, 1, id1, v1));
        assertThat(fresh().lookup(s, v1)).isEqualTo(new RegisteredSchema(s, 1, id1, v1));
        assertThat(fresh().getAllSubjects()).contains(s);
        assertThat(fresh().getAllVersions(s)).containsExactly(1, 2);
    }

    @Test
    void compatibilityAndConfigThroughTheClient() {
        String s = subject("compat");
        Schema v1 = parse(record("ClientCompat", field("a", "int")));
        Schema addRequired = parse(record("ClientCompat", field("a", "int"), field("b", "int")));
        fresh().register(s, v1);

        assertThat(fresh().getCompatibility(null)).isEqualTo("BACKWARD");
        assertThat(fresh().getCompatibility(s)).isEqualTo("BACKWARD");
        assertThat(fresh().testCompatibility(s, addRequired)).isFalse();
        assertThatThrownBy(() -> fresh().register(s, addRequired))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                });

        fresh().setCompatibility(s, "FORWARD");
        assertThat(fresh().getCompatibility(s)).isEqualTo("FORWARD");
        assertThat(fresh().getCompatibility(null)).isEqualTo("BACKWARD");
        assertThat(fresh().testCompatibility(s, addRequired)).isTrue();
        fresh().register(s, addRequired);
        assertThat(fresh().testCompatibility(subject("never-registered"), addRequired)).isTrue();
    }

    @Test
    void serverErrorsArriveAsTypedExceptionsWithConfluentCodes() {
        String s = subject("errors");
        Schema v1 = parse(record("ClientErrors", field("a", "int")));
        fresh().register(s, v1);

        assertCode(() -> fresh().getLatestVersion(subject("missing")), 404, 40401);
        assertCode(() -> fresh().getVersion(s, 9), 404, 40402);
        assertCode(() -> fresh().getSchemaById(987_654), 404, 40403);
        assertCode(() -> fresh().lookup(s, parse(record("ClientErrors", field("z", "int")))), 404, 40403);
        assertCode(() -> fresh().getAllVersions(subject("missing")), 404, 40401);
    }

    private static void assertCode(Runnable call, int status, int code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.httpStatus()).as(e.getMessage()).isEqualTo(status);
            assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(code);
        });
    }
}
