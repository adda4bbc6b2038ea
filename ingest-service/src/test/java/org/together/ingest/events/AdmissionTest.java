package org.together.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdmissionTest {

    @Test
    void requestsBeyondTheByteBudgetAreRefusedUntilEarlierOnesFinish() {
        Admission admission = new Admission(3 * 1024 * 1024, 1024 * 1024);
        int big = admission.cost(1024 * 1024);

        assertThat(admission.tryAcquire(big)).isTrue();
        assertThat(admission.tryAcquire(big)).isTrue();
        assertThat(admission.tryAcquire(big)).isTrue();
        assertThat(admission.tryAcquire(admission.cost(10_000))).isFalse();

        admission.release(big);
        assertThat(admission.tryAcquire(admission.cost(10_000))).isTrue();
    }

    @Test
    void anUnknownLengthCostsTheMaximumAndTinyBodiesAFloor() {
        Admission admission = new Admission(32 * 1024 * 1024, 1024 * 1024);

        assertThat(admission.cost(-1)).isEqualTo(1024 * 1024);
        assertThat(admission.cost(5L * 1024 * 1024 * 1024)).isEqualTo(1024 * 1024);
        assertThat(admission.cost(10)).isEqualTo(4 * 1024);
        assertThat(admission.cost(200_000)).isEqualTo(200_000);
    }
}
