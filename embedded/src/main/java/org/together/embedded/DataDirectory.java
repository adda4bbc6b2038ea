package org.together.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory holds the event log, the pseudonym vault and the figures: readable by its owner only (0700),
 * so that no other local user reaches a file in it, whatever that file's own mode (Kafka writes its segments 0644).
 */
public final class DataDirectory {
    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private DataDirectory() {
    }

    /**
     * Creates {@code dir} (and missing parents, with the usual permissions) readable by its owner only; an existing
     * one this user owns is tightened to 0700, said once in the log (one of another user is left, with a warning). On a file system without POSIX permissions it
     * is only created.
     *
     * @return true when an existing directory's permissions were changed
     * @throws IllegalArgumentException {@code dir} is a file (its mode is left as it is)
     */
    public static boolean ownerOnly(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("the data directory " + dir + " is a file, not a directory: it is left as it is");
        }
        try {
            if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(dir);
                return false;
            }
            if (!Files.exists(dir)) {
                Path parent = dir.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try {
                    // the mode from the start: no moment where another user could open it; the umask cannot widen it
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                    return false;
                } catch (java.nio.file.FileAlreadyExistsException createdMeanwhile) {
                    // another process made it: tightened below like any existing one
                }
            }
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(dir);
            if (now.equals(OWNER_ONLY)) {
                return false;
            }
            try {
                Files.setPosixFilePermissions(dir, OWNER_ONLY);
            } catch (java.nio.file.FileSystemException notOurs) {
                // only its owner may change its mode (EPERM): say so, and go on with the directory as it is
                log.warn("the data directory {} is not this user's: its permissions ({}) are left as they are, "
                        + "other local users may read what is in it", dir.toAbsolutePath().normalize(), PosixFilePermissions.toString(now));
                return false;
            }
            log.warn("the data directory {} was {}: now rwx------, so that other local users cannot read the events, "
                    + "the pseudonym vault or the figures in it", dir.toAbsolutePath().normalize(), PosixFilePermissions.toString(now));
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the data directory " + dir + " readable by its owner only: "
                    + e.getMessage(), e);
        }
    }
}
