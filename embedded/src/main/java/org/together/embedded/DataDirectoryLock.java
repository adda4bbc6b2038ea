package org.together.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * One stack per data directory. A second broker started on a directory in use does not stop at its lock: before
 * it fails on the ports, it opens the first one's metadata log, and the first broker then died on a corrupt
 * record (seen with two {@code together run} on one directory). The lock is taken before anything else touches
 * the directory, and the operating system lets go of it when the process ends, however it ends. Taking it makes the
 * directory readable by its owner only ({@link DataDirectory#ownerOnly}).
 */
public final class DataDirectoryLock implements AutoCloseable {

    /** The lock file, in the data directory; it names the process holding it. */
    static final String FILE_NAME = "stack.lock";

    /**
     * Where the stack holding the lock listens ({@code kafka-port=9192}...), beside the lock, so that the commands
     * that talk to a running stack (snapshot, export, import) find it without being given its ports again. Written by
     * the holder, removed when it lets go; one left by a killed stack names a process that is gone, and is not read.
     */
    public static final String ADDRESSES_FILE = "stack.ports";

    /** The key of the process that wrote the addresses, beside them. */
    static final String PROCESS_KEY = "process";

    private final Path dataDir;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(Path dataDir, FileChannel channel, FileLock lock) {
        this.dataDir = dataDir;
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws DataDirectoryInUseException when another stack, in this process or another, holds the directory */
    public static DataDirectoryLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            DataDirectory.ownerOnly(dataDir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldInThisProcess) {
                lock = null;
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw new DataDirectoryInUseException(dataDir.toAbsolutePath().normalize(), holder);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("process " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            // left by a stack that was killed: its addresses are no one's now
            Files.deleteIfExists(dataDir.resolve(ADDRESSES_FILE));
            return new DataDirectoryLock(dataDir, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IllegalStateException("cannot lock the data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** The directory this lock holds. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Records where this stack listens, replacing what it recorded before (a stack records its Kafka as soon as its
     * ports are decided, then everything once it is up). Written whole or not at all: a reader never sees half a file.
     *
     * @param addresses e.g. {@code host=127.0.0.1}, {@code kafka-port=9192}
     */
    public void recordAddresses(Map<String, String> addresses) {
        Properties properties = new Properties();
        properties.putAll(addresses);
        properties.put(PROCESS_KEY, String.valueOf(ProcessHandle.current().pid()));
        Path file = dataDir.resolve(ADDRESSES_FILE);
        Path partial = dataDir.resolve(ADDRESSES_FILE + ".partial");
        try {
            try (var out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                properties.store(out, "Where the TOGETHER stack holding " + FILE_NAME + " listens; removed when it stops");
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot record the stack's addresses in " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The addresses recorded by the stack running on {@code dataDir}, with the {@code process} that wrote them; empty
     * when there are none, or when that process is gone (a stack killed before it could remove them). A live process
     * with that number is not proof that the stack answers: the caller tries the address, and says which it tried.
     */
    public static Optional<Map<String, String>> recordedAddresses(Path dataDir) {
        Path file = dataDir.resolve(ADDRESSES_FILE);
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // none (no stack, or it stopped), or unreadable: as if there were none
        }
        Map<String, String> addresses = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> addresses.put(name, properties.getProperty(name).strip()));
        boolean alive;
        try {
            alive = ProcessHandle.of(Long.parseLong(addresses.getOrDefault(PROCESS_KEY, ""))).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            alive = false;
        }
        return alive ? Optional.of(Map.copyOf(addresses)) : Optional.empty();
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the first error is the one worth reporting
            }
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(dataDir.resolve(ADDRESSES_FILE)); // before letting go: the next holder's are its own
        } catch (IOException e) {
            // left behind, it names this process: readers try its addresses and say which they tried
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        } finally {
            closeQuietly(channel);
        }
    }
}
