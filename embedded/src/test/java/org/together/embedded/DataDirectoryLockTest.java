package org.together.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondStackInThisProcessIsRefusedUntilTheFirstLetsGo() {
        DataDirectoryLock first = DataDirectoryLock.acquire(dir);

        assertThatThrownBy(() -> DataDirectoryLock.acquire(dir))
                .isInstanceOf(DataDirectoryInUseException.class)
                .hasMessageContaining(dir.toAbsolutePath().normalize().toString())
                .hasMessageContaining("in use by another TOGETHER stack")
                .hasMessageContaining("process " + ProcessHandle.current().pid());

        first.close();
        DataDirectoryLock.acquire(dir).close();
    }

    @Test
    void aStackInAnotherProcessHoldsTheDirectoryUntilThatProcessDies() throws Exception {
        Process holder = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), dir.toString())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");

            assertThatThrownBy(() -> DataDirectoryLock.acquire(dir))
                    .isInstanceOf(DataDirectoryInUseException.class)
                    .hasMessageContaining("process " + holder.pid());
        } finally {
            // killed without a chance to clean up, as a crash would: the operating system lets go of the lock
            holder.destroyForcibly();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        DataDirectoryLock.acquire(dir).close();
    }

    @Test
    void aStackRefusedItsDirectoryStartsNothingInIt() {
        try (DataDirectoryLock held = DataDirectoryLock.acquire(dir)) {
            assertThatThrownBy(() -> EmbeddedStack.start(dir, "127.0.0.1", 0, 0, 0))
                    .isInstanceOf(DataDirectoryInUseException.class)
                    .hasMessageContaining("in use by another TOGETHER stack");
            assertThat(Files.exists(dir.resolve("kafka"))).isFalse();
        }
    }

    @Test
    void aFileGivenAsTheDataDirectoryIsRefusedAndItsModeIsLeftAsItIs() throws Exception {
        Path file = Files.createFile(dir.resolve("notes.txt"));
        java.util.Set<java.nio.file.attribute.PosixFilePermission> before = Files.getPosixFilePermissions(file);

        assertThatThrownBy(() -> DataDirectoryLock.acquire(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file + " is a file, not a directory");
        assertThat(Files.getPosixFilePermissions(file)).as("not made 0700, nor executable").isEqualTo(before);
        assertThat(Files.isRegularFile(file)).isTrue();
    }

    /** Holds the lock in a process of its own until it is killed. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            DataDirectoryLock lock = DataDirectoryLock.acquire(Path.of(args[0]));
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            lock.close();
        }
    }
}
