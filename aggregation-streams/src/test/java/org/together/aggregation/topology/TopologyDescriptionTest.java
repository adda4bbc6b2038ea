package org.together.aggregation.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.together.schemas.TogetherSerdes;
import org.together.schemas.registry.InMemorySchemaRegistryClient;

/**
 * docs/topology.txt is the topology's own description, checked in so a change to the data flow
 * shows in review. Regenerate with {@code -Dtopology.update=true} after a deliberate change.
 */
class TopologyDescriptionTest {

    private static final Path CHECKED_IN = Path.of("..", "docs", "topology.txt");

    @Test
    void theCheckedInDescriptionIsTheTopologysOwn() throws IOException {
        String described = AggregationTopology.buildTopology(new TogetherSerdes(new InMemorySchemaRegistryClient()))
                .describe().toString();
        if (Boolean.getBoolean("topology.update")) {
            Files.createDirectories(CHECKED_IN.getParent());
            Files.writeString(CHECKED_IN, described, StandardCharsets.UTF_8);
        }
        assertThat(CHECKED_IN).as("docs/topology.txt exists (regenerate with -Dtopology.update=true)").exists();
        assertThat(Files.readString(CHECKED_IN, StandardCharsets.UTF_8))
                .as("docs/topology.txt is out of date: run this test with -Dtopology.update=true and review the diff")
                .isEqualTo(described);
    }

    @Test
    void everyNodeIsNamedNotNumbered() {
        String described = AggregationTopology.buildTopology(new TogetherSerdes(new InMemorySchemaRegistryClient()))
                .describe().toString();
        assertThat(described).doesNotContainPattern("[A-Z]+-[A-Z-]*\\d{10}");
    }
}
