package org.together.launcher.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.together.embedded.kafka.FreePorts;

/**
 * {@code together run --demo} as its own JVM, the way {@code ./together} starts it: the banner, demo
 * traffic reaching the ingest API, and a clean stop on SIGTERM.
 */
class RunProcessTest {

    @TempDir
    Path dataDir;

    @Test
    void runWithDemoPrintsTheBannerFeedsTheApiAndStopsCleanlyOnSigterm() throws Exception {
        int ingestPort = FreePorts.pick();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                // the launcher's own logging, not the tests' (log4j2-test.xml is on this classpath too)
                "-Dlog4j2.configurationFile=log4j2.xml", "-cp", System.getProperty("java.class.path"), "org.together.launcher.Together", "run", "--demo",
                "--demo-rate", "300", "--data-dir", dataDir.toString(),
                "--kafka-port", String.valueOf(FreePorts.pick()), "--controller-port", String.valueOf(FreePorts.pick()),
                "--registry-port", String.valueOf(FreePorts.pick()), "--ingest-port", String.valueOf(ingestPort),
                "--query-port", String.valueOf(FreePorts.pick()));
        // files, not pipes: Process.destroy() closes its pipes, and what the JVM prints while stopping would be lost
        Path stdout = dataDir.resolveSibling(dataDir.getFileName() + ".out");
        Path stderr = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("TOGETHER_"));
        Process process = builder.start();
        try {
            awaitLine(stdout, "Press Ctrl-C to stop.", Duration.ofMinutes(4));
            List<String> out = Files.readAllLines(stdout);
            assertThat(String.join("\n", out)).contains("Ingest API        http://127.0.0.1:" + ingestPort + "/api/v1/events",
                    "Dashboard", "Schema Registry", "Admin token", "Viewer token      kept in " + dataDir.resolve("viewer-token"));
            String token = Files.readString(dataDir.resolve("admin-token")).strip();
            // stdout is a file here, as under nohup or systemd: the secret stays out of it, the banner says where it is
            assertThat(String.join("\n", out)).as("the generated token is not written into a log file").doesNotContain(token);
            assertThat(out).contains("  Admin token       new, kept in " + dataDir.resolve("admin-token")
                            + ", readable by you only (not printed: this output is not a terminal)",
                    "                    read it with: cat " + dataDir.resolve("admin-token"));

            // the demo registers territories through the public API
            HttpClient http = HttpClient.newHttpClient();
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            String territories = "";
            while (Instant.now().isBefore(deadline) && !territories.contains("countryCode")) {
                Thread.sleep(1000);
                territories = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingestPort + "/api/v1/territories"))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body();
            }
            assertThat(territories).contains("countryCode");
        } finally {
            process.destroy(); // SIGTERM
            boolean exited = process.waitFor(2, TimeUnit.MINUTES);
            if (!exited) {
                process.destroyForcibly();
            }
            assertThat(exited).as("stopped within two minutes of SIGTERM").isTrue();
        }
        assertThat(Files.readAllLines(stdout)).contains("Stopping TOGETHER...", "Stopped.");
        assertThat(process.exitValue()).as("the JVM's exit status after SIGTERM").isEqualTo(143);
        String log = Files.readString(stderr);
        assertThat(log).contains("stopped aggregation-streams", "stopped ingest-service", "stopped Kafka and schema registry");
    }

    private static void awaitLine(Path file, String line, Duration timeout) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (Files.readAllLines(file).contains(line)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no line '" + line + "' within " + timeout + "; output so far:\n" + Files.readString(file));
    }
}
