package org.together.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadyLineTest {

    @Test
    void theStartLogCountsInTheSingularForOneAndThePluralOtherwise() {
        assertThat(IngestService.readyLine(1, 1, 1, 1)).isEqualTo("1 territory, 1 tool, 1 dimension, about 1 receipt");
        assertThat(IngestService.readyLine(0, 12, 8, 2041)).isEqualTo("0 territories, 12 tools, 8 dimensions, about 2041 receipts");
    }
}
