package org.together.systemtests.faults;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How long a restarted JVM's starting thread (the launcher's {@code main}, which starts the JVM, then the service up to
 * its first answer) waited for a CPU that other processes held, read from Linux's scheduler statistics every 250 ms
 * ({@code /proc/PID/task/TID/schedstat}, second field: time runnable but not running, of the threads named
 * {@code java}). The fault tests' restart bounds are about the service, not about how busy a shared machine is: they
 * are asserted on the time to answer less this wait. Waiting for anything else (Kafka, a lock, a sleep) still counts.
 * Outside Linux the wait is zero, and the bounds apply as they are.
 */
final class StartingThread implements AutoCloseable {

    private record Sample(Instant at, long waitedNanos) {
    }

    private final long pid;
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "starting-thread-" + r.hashCode());
        t.setDaemon(true);
        return t;
    });

    /** Starts watching process {@code pid} (just started). */
    StartingThread(long pid) {
        this.pid = pid;
        samples.add(new Sample(Instant.now(), 0));
        timer.scheduleAtFixedRate(this::sample, 0, 250, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        Path tasks = Path.of("/proc", String.valueOf(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return;
        }
        long waited = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                try {
                    if (Files.readString(thread.resolve("comm")).strip().equals("java")) {
                        String[] schedstat = Files.readString(thread.resolve("schedstat")).strip().split(" ");
                        waited += Long.parseLong(schedstat[1]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended
                }
            }
        } catch (IOException e) {
            return; // the process ended
        }
        samples.add(new Sample(Instant.now(), waited));
    }

    /** How long the starting thread had waited for a CPU at {@code at} (the last look before it). */
    Duration waitedForCpu(Instant at) {
        return Duration.ofNanos(samples.stream().filter(s -> !s.at().isAfter(at)).mapToLong(Sample::waitedNanos).max().orElse(0));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
