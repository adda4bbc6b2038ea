package org.together.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {

    @TempDir
    Path dataDir;

    @Test
    void firstStartGeneratesA32ByteTokenKeptReadableByTheOwnerOnly() throws Exception {
        AdminToken token = AdminToken.resolve(null, dataDir);

        assertThat(token.origin()).isEqualTo(AdminToken.Origin.CREATED);
        assertThat(Base64.getUrlDecoder().decode(token.value())).hasSize(32);
        Path file = dataDir.resolve("admin-token");
        assertThat(token.file()).contains(file);
        assertThat(Files.readString(file).strip()).isEqualTo(token.value());
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void laterStartsReuseTheKeptTokenWithoutShowingItAgain() {
        AdminToken first = AdminToken.resolve(null, dataDir);
        AdminToken second = AdminToken.resolve("", dataDir);

        assertThat(second.value()).isEqualTo(first.value());
        assertThat(second.origin()).isEqualTo(AdminToken.Origin.STORED);
        assertThat(second.toString()).doesNotContain(first.value());
    }

    @Test
    void twoDataDirsGetDifferentTokens() {
        AdminToken a = AdminToken.resolve(null, dataDir.resolve("a"));
        AdminToken b = AdminToken.resolve(null, dataDir.resolve("b"));
        assertThat(a.value()).isNotEqualTo(b.value());
    }

    @Test
    void theEnvironmentTokenWinsAndNothingIsWritten() throws Exception {
        AdminToken token = AdminToken.resolve("  from-the-environment \n", dataDir);

        assertThat(token.value()).isEqualTo("from-the-environment");
        assertThat(token.origin()).isEqualTo(AdminToken.Origin.ENVIRONMENT);
        assertThat(token.file()).isEmpty();
        try (var files = Files.list(dataDir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void theEnvironmentTokenWinsOverAKeptOne() {
        AdminToken.resolve(null, dataDir);
        assertThat(AdminToken.resolve("env-token", dataDir).value()).isEqualTo("env-token");
    }

    @Test
    void readingAMissingTokenFileFindsNothing() {
        assertThat(AdminToken.read(dataDir.resolve("admin-token"))).isEmpty();
    }
}
