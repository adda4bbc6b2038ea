package org.together.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A temporary directory for a fixture that lives as long as the test JVM: removed when the JVM ends. */
public final class TempDirectory {
    private TempDirectory() {
    }

    /** A new directory, deleted with its content by a shutdown hook that runs after {@code beforeDeletion}. */
    public static Path create(String prefix, Runnable beforeDeletion) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    beforeDeletion.run();
                } finally {
                    deleteRecursively(dir);
                }
            }, prefix + "cleanup"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp dir is harmless
        }
    }
}
