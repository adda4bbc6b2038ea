package org.together.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The machine a run measured: numbers only compare within one run on one machine. */
record Machine(int cores, long memoryBytes, String jdk, String os, long maxHeapBytes, String jvmArgs, Instant date) {

    static Machine describe() {
        long memory = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        String jdk = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
        String args = String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X") || a.startsWith("-XX")).toList());
        return new Machine(Runtime.getRuntime().availableProcessors(), memory, jdk, os, Runtime.getRuntime().maxMemory(),
                args.isBlank() ? "(none)" : args, Instant.now());
    }

    String dateText() {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(date);
    }
}
