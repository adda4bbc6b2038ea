package org.together.systemtests;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository checkout the tests run in, found from the working directory upwards. */
public final class Checkout {

    private Checkout() {
    }

    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("mvnw")) && Files.isRegularFile(candidate.resolve("docker-compose.yml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no checkout with mvnw and docker-compose.yml above " + dir);
    }

    public static Path composeFile() {
        return root().resolve("docker-compose.yml");
    }
}
