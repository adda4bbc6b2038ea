package org.together.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A target of the meeting against the trend of the last 8 complete ISO weeks, checked by hand. */
class TargetProgressTest {

    /** Wednesday of ISO week 2021-W28: the last complete weeks are W20 (17-23 May) to W27 (5-11 July). */
    private static final LocalDate TODAY = LocalDate.parse("2021-07-14");
    /** Active participants at the end of each of those Sundays, and today. */
    private static final Map<LocalDate, Long> ACTIVE = Map.of(
            LocalDate.parse("2021-05-23"), 100L, LocalDate.parse("2021-05-30"), 110L, LocalDate.parse("2021-06-06"), 125L,
            LocalDate.parse("2021-06-13"), 130L, LocalDate.parse("2021-06-20"), 150L, LocalDate.parse("2021-06-27"), 155L,
            LocalDate.parse("2021-07-04"), 170L, LocalDate.parse("2021-07-11"), 180L, TODAY, 185L);

    private static long active(LocalDate day) {
        Long value = ACTIVE.get(day);
        if (value == null) {
            throw new AssertionError("asked for a day outside the trend: " + day);
        }
        return value;
    }

    @Test
    void theProjectionIsTheLeastSquaresLineOfTheWeeklyValuesReadOnTheDueDate() {
        // by hand: x = 0..7, mean x 3.5, mean y 1120 / 8 = 140, Sxy = 485, Sxx = 42, slope 485 / 42;
        // 30 September is 130 days after the oldest Sunday (23 May): x = 130 / 7;
        // projected = 140 + 485 / 42 * (130 / 7 - 3.5) = 314.039...
        TargetProgress p = TargetProgress.of(300, LocalDate.parse("2021-09-30"), TODAY, TargetProgressTest::active);

        assertThat(p.weeks()).extracting(TargetProgress.WeekValue::week)
                .containsExactly("2021-W20", "2021-W21", "2021-W22", "2021-W23", "2021-W24", "2021-W25", "2021-W26", "2021-W27");
        assertThat(p.projectedAtDue()).isCloseTo(140 + 485.0 / 42 * (130.0 / 7 - 3.5), within(1e-9));
        assertThat(p.projectedAtDue()).isCloseTo(314.039, within(0.001));
        assertThat(p.onTrack()).isTrue();
        assertThat(p.current()).isEqualTo(185);
        assertThat(p.progress()).isCloseTo(185 / 300.0, within(1e-12));
        // 78 days to the due date are 11 whole weeks; 115 are left
        assertThat(p.requiredPerWeek()).isCloseTo(115 / 11.0, within(1e-12));
    }

    @Test
    void aTargetAboveTheTrendIsNotOnTrack() {
        TargetProgress p = TargetProgress.of(320, LocalDate.parse("2021-09-30"), TODAY, TargetProgressTest::active);
        assertThat(p.onTrack()).isFalse();
    }

    @Test
    void aTargetReachedNeedsNothingMoreAndOneDueThisWeekHasNoWholeWeekLeft() {
        assertThat(TargetProgress.of(150, LocalDate.parse("2021-09-30"), TODAY, TargetProgressTest::active).requiredPerWeek())
                .isEqualTo(0.0);
        TargetProgress soon = TargetProgress.of(200, LocalDate.parse("2021-07-18"), TODAY, TargetProgressTest::active);
        assertThat(soon.requiredPerWeek()).as("what is left / 0 whole weeks").isNull();
    }

    @Test
    void aTargetDueTodayIsJudgedOnTheCurrentValue() {
        TargetProgress due = TargetProgress.of(185, TODAY, TODAY, TargetProgressTest::active);
        assertThat(due.projectedAtDue()).isNull();
        assertThat(due.onTrack()).isTrue();
    }
}
