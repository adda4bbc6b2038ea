package org.together.ingest.kafka;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stable identity for this ingest instance, kept in its data dir, from which the transactional ids are made.
 * After a crash, the restarted instance reuses the ids, which makes Kafka abort the dead instance's open
 * transactions at once instead of holding read_committed readers back until they time out. The data dir is
 * locked while the instance runs, so two live instances never share ids (a second one gets a random id).
 */
public final class InstanceId implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InstanceId.class);

    private final String id;
    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private InstanceId(String id, Path dir, FileChannel channel, FileLock lock) {
        this.id = id;
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    public static InstanceId claim(Path dataDir) {
        if (dataDir == null) {
            return random();
        }
        Path dir = dataDir.resolve("ingest");
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve("instance.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return random();
            }
            Path file = dir.resolve("instance-id");
            String id;
            if (Files.exists(file)) {
                id = Files.readString(file, StandardCharsets.UTF_8).trim();
            } else {
                id = UUID.randomUUID().toString();
                Files.writeString(file, id, StandardCharsets.UTF_8);
            }
            return new InstanceId(id, dir, channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            return random();
        } catch (IOException e) {
            closeQuietly(channel);
            log.warn("cannot keep an instance id in {}: {}; using a random one", dir, e.toString());
            return random();
        }
    }

    private static InstanceId random() {
        return new InstanceId(UUID.randomUUID().toString(), null, null, null);
    }

    public String id() {
        return id;
    }

    /** The instance's own directory ({@code <data-dir>/ingest}, locked while it runs), when it could claim one. */
    public java.util.Optional<Path> directory() {
        return java.util.Optional.ofNullable(dir);
    }

    @Override
    public void close() {
        try {
            if (lock != null) {
                lock.release();
            }
        } catch (IOException e) {
            log.debug("releasing instance lock", e);
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("closing instance lock", e);
            }
        }
    }
}
