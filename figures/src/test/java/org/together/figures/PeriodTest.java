package org.together.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Period labels and boundaries of the query contract: UTC days, ISO weeks, months, quarters. */
class PeriodTest {

    @Test
    void labelsFollowTheContract() {
        LocalDate day = LocalDate.parse("2021-07-10");
        assertThat(Period.DAY.label(Period.DAY.start(day))).isEqualTo("2021-07-10");
        assertThat(Period.WEEK.label(Period.WEEK.start(day))).isEqualTo("2021-W27");
        assertThat(Period.MONTH.label(Period.MONTH.start(day))).isEqualTo("2021-07");
        assertThat(Period.QUARTER.label(Period.QUARTER.start(day))).isEqualTo("2021-Q3");
    }

    @Test
    void isoWeeksStartOnMondayAndBelongToTheirWeekBasedYear() {
        // 1 January 2021 is a Friday: ISO week 53 of 2020
        LocalDate newYear = LocalDate.parse("2021-01-01");
        assertThat(Period.WEEK.start(newYear)).isEqualTo(LocalDate.parse("2020-12-28"));
        assertThat(Period.WEEK.label(Period.WEEK.start(newYear))).isEqualTo("2020-W53");
        assertThat(Period.QUARTER.start(LocalDate.parse("2021-06-30"))).isEqualTo(LocalDate.parse("2021-04-01"));
        assertThat(Period.QUARTER.next(LocalDate.parse("2021-10-01"))).isEqualTo(LocalDate.parse("2022-01-01"));
    }
}
