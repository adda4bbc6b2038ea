package org.together.benchmarks;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Which build of each service a run measured: services change between runs, numbers belong to one build. */
final class MeasuredCode {

    private MeasuredCode() {
    }

    /** "ingest-service: ingest-service-0.1.0-SNAPSHOT.jar built 2026-11-26 21:52 UTC", one per measured module. */
    static List<String> describe(Class<?>... classes) {
        List<String> lines = new ArrayList<>();
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
        for (Class<?> c : classes) {
            try {
                Path where = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
                Instant built = Files.getLastModifiedTime(where).toInstant();
                lines.add(c.getSimpleName() + " from " + where.getFileName() + " built " + f.format(built));
            } catch (IOException | URISyntaxException | RuntimeException e) {
                lines.add(c.getSimpleName() + ": build unknown (" + e + ")");
            }
        }
        gitHead().ifPresent(lines::add);
        return lines;
    }

    /** The work tree's commit, when the run starts in a git checkout. */
    private static java.util.Optional<String> gitHead() {
        try {
            Process p = new ProcessBuilder("git", "log", "-1", "--format=%h %cd", "--date=format:%Y-%m-%d %H:%M")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of("work tree at commit " + out);
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }
}
