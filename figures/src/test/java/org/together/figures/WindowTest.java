package org.together.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.together.figures.Days.window;

import org.junit.jupiter.api.Test;

/** A report's period and the one it is compared with. */
class WindowTest {

    @Test
    void aPeriodOfWholeMonthsIsComparedWithAsManyMonthsBefore() {
        assertThat(window("2026-07-01", "2026-10-01").previous()).isEqualTo(window("2026-04-01", "2026-07-01"));
        assertThat(window("2021-04-10", "2021-07-10").previous()).isEqualTo(window("2021-01-10", "2021-04-10"));
        assertThat(window("2024-03-01", "2024-04-01").previous()).isEqualTo(window("2024-02-01", "2024-03-01"));
    }

    @Test
    void anyOtherPeriodIsComparedWithAsManyDaysBefore() {
        assertThat(window("2021-04-10", "2021-04-24").previous()).isEqualTo(window("2021-03-27", "2021-04-10"));
        // a month before 31 March is no 31st: the same 30 days before
        assertThat(window("2021-03-31", "2021-04-30").previous()).isEqualTo(window("2021-03-01", "2021-03-31"));
        assertThat(window("2021-04-10", "2021-07-11").previous().from()).isEqualTo("2021-01-08");
        // three whole months, but three months before 31 December is 30 September: the same 90 days before instead
        assertThat(window("2021-12-31", "2022-03-31").previous()).isEqualTo(window("2021-10-02", "2021-12-31"));
    }

    @Test
    void toIsExclusiveAndMustBeAfterFrom() {
        Window q2 = window("2021-04-01", "2021-07-01");
        assertThat(q2.contains(Days.date("2021-06-30"))).isTrue();
        assertThat(q2.contains(Days.date("2021-07-01"))).isFalse();
        assertThat(q2.lastDay()).isEqualTo("2021-06-30");
        assertThatThrownBy(() -> window("2021-07-01", "2021-07-01")).hasMessageContaining("before");
    }
}
