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
        KeptSecret token = AdminToken.resolve(null, dataDir);

        assertThat(token.origin()).isEqualTo(KeptSecret.Origin.CREATED);
        assertThat(Base64.getUrlDecoder().decode(token.value())).hasSize(32);
        Path file = dataDir.resolve("admin-token");
        assertThat(token.file()).contains(file);
        assertThat(Files.readString(file).strip()).isEqualTo(token.value());
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void laterStartsReuseTheKeptTokenWithoutShowingItAgain() {
        KeptSecret first = AdminToken.resolve(null, dataDir);
        KeptSecret second = AdminToken.resolve("", dataDir);

        assertThat(second.value()).isEqualTo(first.value());
        assertThat(second.origin()).isEqualTo(KeptSecret.Origin.STORED);
        assertThat(second.toString()).doesNotContain(first.value());
    }

    @Test
    void twoDataDirsGetDifferentTokens() {
        KeptSecret a = AdminToken.resolve(null, dataDir.resolve("a"));
        KeptSecret b = AdminToken.resolve(null, dataDir.resolve("b"));
        assertThat(a.value()).isNotEqualTo(b.value());
    }

    @Test
    void theEnvironmentTokenWinsAndNothingIsWritten() throws Exception {
        KeptSecret token = AdminToken.resolve("  from-the-environment \n", dataDir);

        assertThat(token.value()).isEqualTo("from-the-environment");
        assertThat(token.origin()).isEqualTo(KeptSecret.Origin.ENVIRONMENT);
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
    void thePseudonymKeyIsKeptLikeTheAdminTokenInItsOwnFile() throws Exception {
        KeptSecret admin = AdminToken.resolve(null, dataDir);
        KeptSecret key = PseudonymKey.resolve(null, dataDir);

        assertThat(key.origin()).isEqualTo(KeptSecret.Origin.CREATED);
        assertThat(key.value()).isNotEqualTo(admin.value());
        assertThat(Base64.getUrlDecoder().decode(key.value())).hasSize(32);
        Path file = dataDir.resolve("pseudonym-key");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(PseudonymKey.resolve(null, dataDir).value()).isEqualTo(key.value());
        assertThat(PseudonymKey.resolve("a-key-from-the-environment-of-40-characters", dataDir).value())
                .isEqualTo("a-key-from-the-environment-of-40-characters");
    }

    @Test
    void readingAMissingTokenFileFindsNothing() {
        assertThat(KeptSecret.read(dataDir.resolve("admin-token"))).isEmpty();
    }
}
