package org.together.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Heap and disk sizes. */
final class Heap {

    private static long maxLiveAfterGc;

    private Heap() {
    }

    /** Heap in use right after a full collection: what the JVM's live objects need. Remembers the largest seen. */
    static synchronized long usedAfterGc() {
        System.gc();
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        maxLiveAfterGc = Math.max(maxLiveAfterGc, used);
        return used;
    }

    static synchronized long maxLiveAfterGc() {
        return maxLiveAfterGc;
    }

    /** CPU time this JVM has used so far, all threads, in nanoseconds; -1 where the platform does not say. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    static long maxHeap() {
        return Runtime.getRuntime().maxMemory();
    }

    /** Bytes of all files under {@code dir}. */
    static long diskUsage(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // a file removed while walking (RocksDB compaction)
                }
            }).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // leftovers in a temporary directory are harmless
        }
    }
}
