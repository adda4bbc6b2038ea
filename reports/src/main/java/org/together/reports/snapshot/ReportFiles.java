package org.together.reports.snapshot;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * How the command line writes reports: each file whole or not at all; an internal snapshot's and an export's files
 * readable by their owner only (0600, in a folder made 0700), as the data dir is: they hold exact small counts about
 * territories, or are for named researchers. A public snapshot's files keep the usual modes. A folder that already
 * exists keeps its mode (it may be the user's own, shared on purpose); the files in it are still the owner's only.
 */
public final class ReportFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private ReportFiles() {
    }

    /** Creates the folder and any missing parent; with {@code ownerOnly}, the folders it creates are 0700. */
    public static void createDirectories(Path dir, boolean ownerOnly) throws IOException {
        if (!ownerOnly || !POSIX) {
            Files.createDirectories(dir);
            return;
        }
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        if (absolute.getParent() != null) {
            createDirectories(absolute.getParent(), true);
        }
        Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** Writes the file beside its place, then moves it there; with {@code ownerOnly}, it is 0600 from its creation. */
    public static Path write(Path target, byte[] content, boolean ownerOnly) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        FileAttribute<?>[] attributes = ownerOnly && POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Files.createFile(partial, attributes);
        Files.write(partial, content);
        try {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
