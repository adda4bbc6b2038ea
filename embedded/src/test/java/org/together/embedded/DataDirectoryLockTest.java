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
    void theHoldersAddressesAreReadWhileItHoldsTheLockAndRemovedWhenItLetsGo() {
        DataDirectoryLock lock = DataDirectoryLock.acquire(dir);
        assertThat(DataDirectoryLock.recordedAddresses(dir)).isEmpty();
        lock.recordAddresses(java.util.Map.of("host", "127.0.0.1", "kafka-port", "9192"));
        lock.recordAddresses(java.util.Map.of("host", "127.0.0.1", "kafka-port", "9192", "ingest-port", "9180"));

        assertThat(DataDirectoryLock.recordedAddresses(dir)).hasValue(java.util.Map.of("host", "127.0.0.1",
                "kafka-port", "9192", "ingest-port", "9180", "process", String.valueOf(ProcessHandle.current().pid())));
        lock.close();
        assertThat(dir.resolve(DataDirectoryLock.ADDRESSES_FILE)).doesNotExist();
        assertThat(DataDirectoryLock.recordedAddresses(dir)).isEmpty();
    }

    @Test
    void theAddressesOfAKilledStackAreNotReadAndTheNextHolderRemovesThem() throws Exception {
        Process holder = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), dir.toString(), "kafka-port=9192")
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");
            assertThat(DataDirectoryLock.recordedAddresses(dir)).hasValueSatisfying(a -> assertThat(a)
                    .containsEntry("kafka-port", "9192").containsEntry("process", String.valueOf(holder.pid())));
        } finally {
            holder.destroyForcibly();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(dir.resolve(DataDirectoryLock.ADDRESSES_FILE)).as("a killed stack leaves them").exists();
        assertThat(DataDirectoryLock.recordedAddresses(dir)).as("its process is gone").isEmpty();
        DataDirectoryLock.acquire(dir).close();
        assertThat(dir.resolve(DataDirectoryLock.ADDRESSES_FILE)).doesNotExist();
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

    /** Holds the lock in a process of its own until it is killed; records the address given after the directory. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            DataDirectoryLock lock = DataDirectoryLock.acquire(Path.of(args[0]));
            if (args.length > 1) { // key=value: addresses to record, as run does
                String[] address = args[1].split("=", 2);
                lock.recordAddresses(java.util.Map.of(address[0], address[1]));
            }
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            lock.close();
        }
    }
}
