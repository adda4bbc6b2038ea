package org.together.ingest.reference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyedViewTest {

    @Test
    void anOlderRecordReadAfterANewerLocalWriteDoesNotRollItBack() {
        KeyedView<String> view = new KeyedView<>();

        assertThat(view.apply("t", "token-2", 12)).isTrue();
        assertThat(view.apply("t", "token-1", 7)).isFalse();
        assertThat(view.apply("t", "token-2", 12)).isFalse();

        assertThat(view.get("t")).contains("token-2");
    }

    @Test
    void aTombstoneRemovesTheValueAndStaysAheadOfOlderRecords() {
        KeyedView<String> view = new KeyedView<>();
        view.apply("t", "v1", 1);

        view.apply("t", null, 5);
        view.apply("t", "v1", 1);

        assertThat(view.contains("t")).isFalse();
        assertThat(view.values()).isEmpty();
        assertThat(view.apply("t", "v2", 6)).isTrue();
        assertThat(view.values()).containsExactly("v2");
    }
}
