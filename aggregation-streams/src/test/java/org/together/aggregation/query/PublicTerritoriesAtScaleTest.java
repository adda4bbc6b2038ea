package org.together.aggregation.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The public figures of 100,000 territories (the decision and the whole ranked list) fit a small heap: a child JVM
 * of {@value #HEAP} does it. Before, every territory's public answers were built as JSON trees and kept with an object
 * per figure, about 10 KB a territory: a 1 GiB service ran out of heap on one anonymous read of the list.
 */
class PublicTerritoriesAtScaleTest {

    static final String HEAP = "-Xmx160m";

    @Test
    void theWholePublicListOf100000TerritoriesIsDecidedAndWrittenInASmallHeap() throws Exception {
        Path out = Files.createTempFile("public-territories-at-scale", ".txt");
        try {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
                    "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                    PublicTerritoriesAtScale.class.getName(), "100000")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean ended = child.waitFor(120, TimeUnit.SECONDS);
            if (!ended) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String said = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(ended).as("ended within 120 s: %s", said).isTrue();
            assertThat(child.exitValue()).as("exit status, saying: %s", said).isZero();
            assertThat(said).contains("territories=100000").contains("\"audience\":\"public\"")
                    .contains("\"rank\":1,").as("a territory lists, hidden, the tool only another piloted")
                    .contains("pilotHidden=true");
            long listBytes = Long.parseLong(said.replaceAll("(?s).*listBytes=(\\d+).*", "$1"));
            assertThat(listBytes).as("the whole list was written").isGreaterThan(100_000L * 300);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
