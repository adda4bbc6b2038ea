package org.together.benchmarks;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a run produced: a verdict per quality bar, the printed results, and the Markdown file it wrote (if any).
 */
public record BenchResult(List<Verdict> verdicts, String text, Optional<Path> reportFile) {

    /** True when every floor was measured and passed. */
    public boolean passed() {
        return !verdicts.isEmpty() && verdicts.stream().allMatch(Verdict::passed);
    }

    /** A process exit status: 0 all PASS, 1 otherwise. */
    public int exitCode() {
        return passed() ? 0 : 1;
    }
}
