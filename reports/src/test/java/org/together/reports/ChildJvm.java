package org.together.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class run in a child JVM on this test's class path with a heap of its own, for tests that prove a bound on
 * memory (the child ends at its first OutOfMemoryError) without timing anything.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * Runs {@code main} with {@code heap} (like {@code -Xmx128m}) and returns what it printed, asserting that it ended
     * within {@code within} with status 0 (the message then says what it printed).
     */
    public static String run(String heap, Duration within, Class<?> main, String... args) throws Exception {
        Path out = Files.createTempFile("child-jvm-" + main.getSimpleName(), ".txt");
        try {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    heap, "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"), main.getName()));
            command.addAll(List.of(args));
            Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean ended = child.waitFor(within.toSeconds(), TimeUnit.SECONDS);
            if (!ended) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String said = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(ended).as("ended within %s: %s", within, said).isTrue();
            assertThat(child.exitValue()).as("exit status, saying: %s", said).isZero();
            return said;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
