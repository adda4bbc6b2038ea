package org.together.figures;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FootprintsTest {

    @Test
    void aBandHoldsItsFloorAndStopsBeforeTheNext() {
        assertThat(Footprints.band(0.0)).isZero();
        assertThat(Footprints.band(0.99)).isZero();
        assertThat(Footprints.band(1.0)).isEqualTo(1);
        assertThat(Footprints.band(2.0)).isEqualTo(2);
        assertThat(Footprints.band(11.9)).isEqualTo(5);
        assertThat(Footprints.band(12.0)).isEqualTo(6);
        assertThat(Footprints.band(200)).isEqualTo(6);
    }

    @Test
    void theGoalIsStrictlyUnderTwoTonnes() {
        assertThat(Footprints.underTarget(1.999)).isTrue();
        assertThat(Footprints.underTarget(2.0)).isFalse();
    }

    @Test
    void tonnesAreCountedInWholeKilograms() {
        assertThat(Footprints.kilograms(1.2345)).isEqualTo(1235);
        assertThat(Footprints.kilograms(0.1 + 0.2)).isEqualTo(300);
    }
}
