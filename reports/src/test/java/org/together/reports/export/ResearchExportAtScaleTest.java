package org.together.reports.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The research export of a year over 10,000 territories (471,674 events, {@link ResearchExportAtScale}) fits a small
 * heap: a child JVM of {@value #HEAP} makes it. Before, every territory's figures were kept in full to the end of the
 * pass (cohorts by month, about 9 KB a territory), then every table's rows beside the figures they were decided with,
 * and the decision's bookkeeping after it: 10,000 territories ran out of 160 MiB, 100,000 out of 1 GiB. Memory, not
 * time, is asserted: the time depends on the machine.
 */
class ResearchExportAtScaleTest {

    static final String HEAP = "-Xmx128m";

    @Test
    void theExportOf10000TerritoriesIsMadeInASmallHeap() throws Exception {
        Path out = Files.createTempFile("research-export-at-scale", ".txt");
        try {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
                    "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                    ResearchExportAtScale.class.getName(), "10000", "20")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean ended = child.waitFor(180, TimeUnit.SECONDS);
            if (!ended) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String said = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(ended).as("ended within 180 s: %s", said).isTrue();
            assertThat(child.exitValue()).as("exit status, saying: %s", said).isZero();
            assertThat(said).contains("10,000 territories, 471,674 events: export made")
                    .as("the same CSV files as before the change").contains("CSV digest b64ff7c7");
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
