package org.together.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The embedded broker and registry have no authentication: they are refused any address but loopback (review 18). */
class EmbeddedStackLoopbackTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "192.168.1.20", "10.0.0.7"})
    void aStackAskedToListenBeyondLoopbackIsRefusedBeforeItLocksOrWritesAnything(String host) {
        Path dataDir = dir.resolve("data");
        assertThatThrownBy(() -> EmbeddedStack.start(dataDir, host, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no authentication")
                .hasMessageContaining("not on " + host)
                .hasMessageContaining("compose stack");
        assertThat(dataDir).as("nothing locked or written").doesNotExist();
    }

    @Test
    void loopbackAddressesAreTakenWithoutBinding() {
        assertThatCode(() -> EmbeddedStack.requireLoopback(EmbeddedStack.LOOPBACK)).doesNotThrowAnyException();
        assertThatCode(() -> EmbeddedStack.requireLoopback("::1")).doesNotThrowAnyException();
        assertThatThrownBy(() -> EmbeddedStack.requireLoopback("no-such-host.invalid"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback only");
    }
}
