package org.together.systemtests.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.together.systemtests.Checkout;

/**
 * Starts {@code ./together} commands as child processes, the way an operator does, on what the Maven build of this
 * checkout produced (launcher/target). The script is told not to build: it would otherwise rebuild inside the test
 * when it sees a source newer than the launcher jar.
 */
final class Launcher {

    private Launcher() {
    }

    /** {@code ./together args...} with {@code JAVA_OPTS} and the given environment, output to {@code output}. */
    static ChildProcess start(String name, String javaOptions, Map<String, String> environment, Path output, String... args) {
        Path root = Checkout.root();
        if (!Files.isRegularFile(root.resolve("launcher/target/launcher.jar"))) {
            throw new IllegalStateException("launcher/target/launcher.jar is missing: build first (./mvnw -B verify -Pfaults builds it)");
        }
        List<String> command = new ArrayList<>();
        command.add(root.resolve("together").toString());
        command.addAll(List.of(args));
        Map<String, String> env = new HashMap<>(environment);
        env.put("TOGETHER_SKIP_BUILD", "1");
        env.put("JAVA_OPTS", javaOptions + " -Djava.io.tmpdir=" + output.getParent());
        return ChildProcess.start(name, command, env, output);
    }

    /** The launcher's runtime classpath (the Kafka broker jars are on it). */
    static String libClasspath() {
        return Checkout.root().resolve("launcher/target/lib").toString() + "/*";
    }

    /** The java of this JVM. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
