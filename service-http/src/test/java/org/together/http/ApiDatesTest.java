package org.together.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ApiDatesTest {

    @Test
    void aDayWrittenYyyyMmDdIsThatDay() {
        assertEquals(LocalDate.of(2021, 7, 10), ApiDates.parse("2021-07-10"));
        assertEquals(LocalDate.of(2024, 2, 29), ApiDates.parse("2024-02-29"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+12021-01-01", "-0001-01-01", "+2021-01-01", "12021-01-01", " 2021-01-01", "2021-01-01 ",
            "2021-1-01", "2021-02-30", "2023-02-29", "2021-07-10T00:00Z", "", "2021/07/10"})
    void anythingElseIsNotADate(String text) {
        assertThrows(DateTimeParseException.class, () -> ApiDates.parse(text));
    }
}
