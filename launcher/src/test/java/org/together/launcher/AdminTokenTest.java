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
        AdminToken.shown(first, dataDir);
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
    void aTokenMadeByAStartThatDidNotComeUpIsShownByTheNextStartThatDoesAndOnlyThen() throws Exception {
        KeptSecret failedStart = AdminToken.resolve(null, dataDir); // e.g. a port in use stopped it after this
        KeptSecret nextStart = AdminToken.resolve(null, dataDir);

        assertThat(nextStart.value()).as("the same token: the failed start wrote it").isEqualTo(failedStart.value());
        assertThat(nextStart.origin()).as("not shown yet, so shown now").isEqualTo(KeptSecret.Origin.CREATED);

        AdminToken.shown(nextStart, dataDir); // the banner printed it
        KeptSecret later = AdminToken.resolve(null, dataDir);
        assertThat(later.value()).isEqualTo(failedStart.value());
        assertThat(later.origin()).isEqualTo(KeptSecret.Origin.STORED);
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("admin-token")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void aTokenKeptFromBeforeIsNeverShownAgain() throws Exception {
        Files.writeString(dataDir.resolve("admin-token"), "kept-by-an-earlier-version\n");
        KeptSecret token = AdminToken.resolve(null, dataDir);
        assertThat(token.value()).isEqualTo("kept-by-an-earlier-version");
        assertThat(token.origin()).isEqualTo(KeptSecret.Origin.STORED);
    }

    @Test
    void aKeptTokenThatTheVariableOverridesIsWarnedAboutUntilTheFileIsDeleted() throws Exception {
        KeptSecret generated = AdminToken.resolve(null, dataDir);
        KeptSecret rotated = AdminToken.resolve("admin-rotated", dataDir);

        Path file = dataDir.resolve("admin-token");
        assertThat(AdminToken.ignoredFileWarning(rotated, dataDir)).hasValueSatisfying(warning -> assertThat(warning)
                .contains("TOGETHER_ADMIN_TOKEN is set, so the admin token kept in " + file + " is not accepted now")
                .contains("it will be again at a start without the variable")
                .contains("delete " + file + " to retire that token")
                .doesNotContain(generated.value()));
        assertThat(AdminToken.ignoredFileWarning(generated, dataDir)).as("the file's own token").isEmpty();
        assertThat(AdminToken.ignoredFileWarning(AdminToken.resolve(generated.value(), dataDir), dataDir))
                .as("the variable holds the same token").isEmpty();
        Files.delete(file);
        assertThat(AdminToken.ignoredFileWarning(rotated, dataDir)).isEmpty();
    }

    /** Review 18: run keeps a viewer token for the dashboard, so the admin token stays out of browser pages. */
    @Test
    void theViewerTokenIsGeneratedOnceKeptForTheOwnerOnlyAndReusedApartFromTheAdminToken() throws Exception {
        KeptSecret admin = AdminToken.resolve(null, dataDir);
        KeptSecret viewer = ViewerToken.resolve(null, dataDir);

        assertThat(viewer.origin()).isEqualTo(KeptSecret.Origin.CREATED);
        assertThat(Base64.getUrlDecoder().decode(viewer.value())).hasSize(32);
        assertThat(viewer.value()).isNotEqualTo(admin.value());
        Path file = dataDir.resolve("viewer-token");
        assertThat(viewer.file()).contains(file);
        assertThat(Files.readString(file).strip()).isEqualTo(viewer.value());
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        KeptSecret again = ViewerToken.resolve("", dataDir);
        assertThat(again.value()).isEqualTo(viewer.value());
        assertThat(again.origin()).isEqualTo(KeptSecret.Origin.STORED);
        assertThat(again.toString()).doesNotContain(viewer.value());
    }

    @Test
    void aViewerTokenFromTheEnvironmentWinsAndNoFileIsWritten() {
        KeptSecret viewer = ViewerToken.resolve(" viewer-token-from-the-environment-0001 ", dataDir);
        assertThat(viewer.value()).isEqualTo("viewer-token-from-the-environment-0001");
        assertThat(viewer.origin()).isEqualTo(KeptSecret.Origin.ENVIRONMENT);
        assertThat(dataDir.resolve("viewer-token")).doesNotExist();
    }

    @Test
    void readingAMissingTokenFileFindsNothing() {
        assertThat(KeptSecret.read(dataDir.resolve("admin-token"))).isEmpty();
    }
}
