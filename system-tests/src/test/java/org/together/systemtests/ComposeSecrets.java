package org.together.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What docker/make-secrets.sh makes for the compose stack (passwords, JAAS files, certificates), made once per test
 * JVM in a temporary directory by running the script itself, with the JDK's keytool.
 */
public final class ComposeSecrets {
    private static ComposeSecrets shared;

    private final Path dir;
    private final Map<String, String> variables;

    private ComposeSecrets(Path dir, Map<String, String> variables) {
        this.dir = dir;
        this.variables = variables;
    }

    public static synchronized ComposeSecrets shared() {
        if (shared == null) {
            shared = make(TempDirectory.create("together-secrets-", () -> { }).resolve("secrets"));
        }
        return shared;
    }

    /** Runs docker/make-secrets.sh with {@code args} into {@code dir}; fails with its output unless it exits 0. */
    public static ComposeSecrets make(Path dir, String... args) {
        Result result = run(dir, args);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("docker/make-secrets.sh exited " + result.exitCode() + ":\n" + result.output());
        }
        return new ComposeSecrets(dir, ComposeFile.readEnvFile(dir.resolve("secrets.env")));
    }

    /** What running the script printed (stdout and stderr) and its exit code. */
    public record Result(int exitCode, String output) {
    }

    public static Result run(Path dir, String... args) {
        Path script = Checkout.root().resolve("docker/make-secrets.sh");
        List<String> command = new java.util.ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TOGETHER_SECRETS_DIR", dir.toString());
        builder.environment().put("KEYTOOL", Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("docker/make-secrets.sh did not finish in 2 minutes:\n" + output);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** secrets.env: what {@code docker compose --env-file docker/secrets/secrets.env} interpolates. */
    public Map<String, String> variables() {
        return variables;
    }

    public String variable(String name) {
        String value = variables.get(name);
        if (value == null) {
            throw new IllegalArgumentException("secrets.env has no " + name);
        }
        return value;
    }
}
