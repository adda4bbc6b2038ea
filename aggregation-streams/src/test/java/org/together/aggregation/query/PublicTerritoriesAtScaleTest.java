package org.together.aggregation.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.together.reports.ChildJvm;

/**
 * The public figures of 100,000 territories (the decision and the whole ranked list) fit a small heap: a child JVM
 * of {@value #HEAP} does it. Before, every territory's public answers were built as JSON trees and kept with an object
 * per figure, about 10 KB a territory: a 1 GiB service ran out of heap on one anonymous read of the list.
 */
class PublicTerritoriesAtScaleTest {

    static final String HEAP = "-Xmx160m";

    @Test
    void theWholePublicListOf100000TerritoriesIsDecidedAndWrittenInASmallHeap() throws Exception {
        String said = ChildJvm.run(HEAP, Duration.ofSeconds(120), PublicTerritoriesAtScale.class, "100000");
        assertThat(said).contains("territories=100000").contains("\"audience\":\"public\"")
                .contains("\"rank\":1,").as("a territory lists, hidden, the tool only another piloted")
                .contains("pilotHidden=true");
        long listBytes = Long.parseLong(said.replaceAll("(?s).*listBytes=(\\d+).*", "$1"));
        assertThat(listBytes).as("the whole list was written").isGreaterThan(100_000L * 300);
    }
}
