package org.together.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code docs/benchmarks.md}: a hand-kept introduction (how to run, what each number means) and one block per
 * mode that the run rewrites between markers, so a quick run never erases the full run's results.
 */
final class BenchDoc {

    static final String[] MODES = {"full", "quick"};

    private BenchDoc() {
    }

    static String start(String mode) {
        return "<!-- bench:" + mode + ":start (written by the benchmark run; edits inside are overwritten) -->";
    }

    static String end(String mode) {
        return "<!-- bench:" + mode + ":end -->";
    }

    /** The document with {@code mode}'s block replaced by {@code body}; the rest kept as it was. */
    static String merge(String existing, String mode, String body) {
        String doc = existing == null || existing.isBlank() ? template() : existing;
        for (String m : MODES) {
            if (!doc.contains(start(m)) || !doc.contains(end(m))) {
                doc = doc.stripTrailing() + "\n\n## " + title(m) + "\n\n" + start(m) + "\n_Not run yet._\n" + end(m) + "\n";
            }
        }
        int from = doc.indexOf(start(mode)) + start(mode).length();
        int to = doc.indexOf(end(mode));
        if (to < from) {
            throw new IllegalArgumentException("the markers of the " + mode + " block are out of order");
        }
        return doc.substring(0, from) + "\n" + body.strip() + "\n" + doc.substring(to);
    }

    static void write(Path file, String mode, String body) throws IOException {
        String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, merge(existing, mode, body), StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static String title(String mode) {
        return mode.equals("full") ? "Full run" : "Quick run (`--quick`)";
    }

    private static String template() {
        return """
                # Benchmarks

                Measured by the `benchmarks` module in one run on a fresh embedded stack (a real single-node KRaft
                broker and the embedded registry, in the bench JVM), then written here by the run itself.
                Numbers vary from run to run on a shared machine: compare only within one run.
                """;
    }
}
