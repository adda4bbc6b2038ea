package org.together.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    /** A broker takes its client and controller ports from two picks in a row: they once came out equal. */
    @Test
    void picksInARowNeverGiveTheSamePortTwice() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            assertThat(ports.add(FreePorts.pick())).as("pick %d gave a port already given", i).isTrue();
        }
    }
}
