package org.together.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.figures.Days.date;
import static org.together.figures.Days.day;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A territory is active for 90 days from each event, and new in the period of its first event. */
class TerritoryActivityTest {

    @Test
    void aTerritoryIsActiveOnTheDayOfAnEventAndThe89DaysAfter() {
        TerritoryActivity lyon = new TerritoryActivity();
        lyon.markEventDay(day("2021-04-12"));

        assertThat(lyon.activeOn(date("2021-04-11"))).isFalse();
        assertThat(lyon.activeOn(date("2021-04-12"))).isTrue();
        assertThat(lyon.activeOn(date("2021-07-10"))).as("the 89th day after").isTrue();
        assertThat(lyon.activeOn(date("2021-07-11"))).as("the 90th day after").isFalse();
    }

    @Test
    void anOlderEventMovesTheFirstDayAndKeepsTheLaterOnes() {
        TerritoryActivity lyon = new TerritoryActivity();
        lyon.markEventDay(day("2021-07-01"));
        lyon.markEventDay(day("2020-01-15")); // an import of old history

        assertThat(lyon.firstEventDay()).isEqualTo(date("2020-01-15"));
        assertThat(lyon.hadEventOn(day("2021-07-01"))).isTrue();
        assertThat(lyon.hadEventOn(day("2021-06-30"))).isFalse();
    }

    @Test
    void itMovesTheNumberOfActiveTerritoriesUpOnTheFirstDayOfAStretchAndDownThe90thDayAfterItsLastEvent() {
        TerritoryActivity lyon = new TerritoryActivity();
        lyon.markEventDay(day("2021-01-01"));
        lyon.markEventDay(day("2021-02-01")); // within 90 days: the same stretch
        lyon.markEventDay(day("2021-09-01")); // a new stretch

        assertThat(lyon.activeTerritoryChanges()).isEqualTo(Map.of(
                day("2021-01-01"), 1, day("2021-02-01") + 90, -1,
                day("2021-09-01"), 1, day("2021-09-01") + 90, -1));
    }

    @Test
    void withoutEventsNothingIsActiveAndThereIsNoFirstDay() {
        TerritoryActivity none = new TerritoryActivity();

        assertThat(none.firstEventDay()).isNull();
        assertThat(none.activeOn(date("2021-07-01"))).isFalse();
        assertThat(none.activeTerritoryChanges()).isEmpty();
    }

    @Test
    void whatAStoreKeepsRestoresTheSameDays() {
        TerritoryActivity lyon = new TerritoryActivity();
        lyon.markEventDay(day("2021-01-01"));
        lyon.markEventDay(day("2021-03-05"));

        TerritoryActivity restored = TerritoryActivity.restore(lyon.firstEpochDay(), lyon.eventDayBits());

        assertThat(restored.activeTerritoryChanges()).isEqualTo(lyon.activeTerritoryChanges());
        assertThat(restored.firstEventDay()).isEqualTo(date("2021-01-01"));
    }
}
