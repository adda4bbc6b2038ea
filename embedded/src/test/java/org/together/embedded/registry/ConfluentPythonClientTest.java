package org.together.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.together.embedded.EmbeddedStack;

/**
 * Confluent's own Python client (package python3-confluent-kafka) against the embedded registry. Skipped when no
 * python3 on this machine has it, since it cannot come from Maven.
 */
class ConfluentPythonClientTest {
    private static final Path SCRIPT = Path.of("src/test/python/confluent_client_check.py");

    @Test
    void confluentsPythonClientRegistersLooksUpChecksAndDeletesAgainstTheEmbeddedRegistry() throws Exception {
        Optional<String> python = pythonWithConfluentClient();
        Assumptions.assumeTrue(python.isPresent(), "no python3 with confluent_kafka.schema_registry here");
        String url = EmbeddedStack.sharedForTests().registryUrl();

        Process process = new ProcessBuilder(python.get(), SCRIPT.toString(), url, Long.toString(System.nanoTime()))
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains(" passed, 0 failed");
    }

    private static Optional<String> pythonWithConfluentClient() throws InterruptedException {
        assertThat(Files.exists(SCRIPT)).as(SCRIPT.toAbsolutePath().toString()).isTrue();
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process probe = new ProcessBuilder(candidate, "-c", "import confluent_kafka.schema_registry, requests")
                        .redirectErrorStream(true).start();
                probe.getInputStream().readAllBytes();
                if (probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                    return Optional.of(candidate);
                }
            } catch (IOException e) {
                // not installed under this name
            }
        }
        return Optional.empty();
    }
}
