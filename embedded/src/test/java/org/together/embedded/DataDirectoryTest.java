package org.together.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {

    @TempDir
    Path temp;

    @BeforeEach
    void posixOnly() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "file permissions are POSIX permissions: nothing to check on this file system");
    }

    @Test
    void aNewDataDirectoryIsCreatedForItsOwnerOnlyAndItsMissingParentsAsUsual() throws Exception {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dir = temp.resolve("parent").resolve("data");

        assertThat(DataDirectory.ownerOnly(dir)).as("nothing existing was changed").isFalse();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(Files.getPosixFilePermissions(dir.getParent())).as("a parent is not the data dir")
                .isNotEqualTo(DataDirectory.OWNER_ONLY);
    }

    @Test
    void anExistingDataDirectoryOpenToOthersIsTightenedOnceAndItsFilesAreThenOutOfTheirReach() throws Exception {
        Path dir = Files.createDirectory(temp.resolve("data"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path segment = Files.writeString(dir.resolve("00000000000000000000.log"), "events");
        Files.setPosixFilePermissions(segment, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(DataDirectory.ownerOnly(dir)).as("changed, and said so").isTrue();
        assertThat(DataDirectory.ownerOnly(dir)).as("said once: already as it should be").isFalse();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        // others cannot search the directory, so the file's own mode no longer opens it to them
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(segment))).isEqualTo("rw-r--r--");
    }

    @Test
    void takingTheLockMakesTheDataDirectoryOwnerOnly() throws Exception {
        Path dir = Files.createDirectory(temp.resolve("data"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxr-x"));

        try (DataDirectoryLock lock = DataDirectoryLock.acquire(dir)) {
            assertThat(lock.dataDir()).isEqualTo(dir);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        }
    }
}
