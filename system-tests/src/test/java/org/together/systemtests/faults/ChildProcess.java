package org.together.systemtests.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the fault tests start as a process of its own, its output in a file. It can be killed the way a crash kills
 * it (SIGKILL: no shutdown hook, no clean close) and started again with the same command. Every child still running
 * when the test JVM ends is killed by a shutdown hook, so none is ever left behind, even when a test fails.
 */
final class ChildProcess implements AutoCloseable {

    private static final Set<ChildProcess> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(ChildProcess::kill), "fault-tests-children"));
    }

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path output;
    private volatile Process process;
    private volatile Instant startedAt;
    private volatile StartingThread startingThread;

    private ChildProcess(String name, List<String> command, Map<String, String> environment, Path output) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.output = output;
    }

    /** Starts {@code command}; its standard output and error go to {@code output} (appended across restarts). */
    static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path output) {
        ChildProcess child = new ChildProcess(name, command, environment, output);
        child.start();
        return child;
    }

    /** Starts the same command again (after {@link #kill()} or {@link #stop}). */
    synchronized void start() {
        if (alive()) {
            throw new IllegalStateException(name + " is running already");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        // the settings are this test's, not the developer's shell's
        builder.environment().keySet().removeIf(k -> k.startsWith("TOGETHER_") || k.equals("JAVA_OPTS"));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(output.getParent());
            Files.writeString(output, "---- " + Instant.now() + " start " + name + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            startedAt = Instant.now();
            process = builder.start();
            if (startingThread != null) {
                startingThread.close();
            }
            startingThread = new StartingThread(process.pid()); // ./together execs java: the same process
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
        RUNNING.add(this);
    }

    /** kill -9: the process ends at once, without running any shutdown hook. */
    synchronized void kill() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            awaitExit(p, Duration.ofSeconds(30));
        }
        RUNNING.remove(this);
        if (startingThread != null) {
            startingThread.close(); // what it saw is kept
        }
    }

    /** SIGTERM, then SIGKILL when it has not stopped within {@code timeout}. */
    synchronized void stop(Duration timeout) {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!awaitExit(p, timeout)) {
                p.destroyForcibly();
                awaitExit(p, Duration.ofSeconds(30));
            }
        }
        RUNNING.remove(this);
        if (startingThread != null) {
            startingThread.close(); // what it saw is kept
        }
    }

    private static boolean awaitExit(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** When the last {@link #start()} began. */
    Instant startedAt() {
        return startedAt;
    }

    /**
     * The time from the last {@link #start()} to {@code at}, less what its starting thread waited meanwhile for a CPU
     * held by other processes (see {@link StartingThread}): what a restart bound is asserted on.
     */
    Duration startedFor(Instant at) {
        return Duration.between(startedAt, at).minus(startingThread.waitedForCpu(at));
    }

    /** What its starting thread had waited for a CPU at {@code at}, since the last {@link #start()}. */
    Duration waitedForCpu(Instant at) {
        return startingThread.waitedForCpu(at);
    }

    String name() {
        return name;
    }

    /** The last lines of its output, for a failure message. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(output, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** Waits until a line of its output since its last start contains {@code text}; returns the first such line. */
    String awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                String all = Files.readString(output, StandardCharsets.UTF_8);
                for (String line : all.substring(all.lastIndexOf("---- ")).split("\n")) {
                    if (line.contains(text)) {
                        return line;
                    }
                }
            } catch (IOException e) {
                // not written yet
            }
            if (!alive()) {
                throw new AssertionError(name + " exited before printing '" + text + "':\n" + tail(40));
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not print '" + text + "' within " + timeout + ":\n" + tail(40));
    }

    @Override
    public void close() {
        kill();
    }

    @Override
    public String toString() {
        return name;
    }
}
