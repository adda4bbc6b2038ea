package org.together.aggregation.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rates, shares and means are written as plain decimals, the same way whichever path an answer takes. */
class ApiJsonTest {

    private final ObjectMapper json = ApiJson.mapper();

    private static Summary summary() {
        return new Summary("network", Instant.parse("2026-12-06T19:47:26Z"), 1027, 1028,
                new Summary.NewParticipants(1, 3, 3, 1020), new Summary.Growth(0.005893909626718985, 2.0), 4, 4,
                List.of(new Summary.ToolUptake("footprint-calculator", 1, 1, 0, 0.0, 9.737098344693282E-4, null)),
                new Summary.Wellbeing(2, 2, 17, List.of(new Summary.Dimension("A", 4, 2, 0, 4.0))),
                new Summary.Footprint(8, 2.1, 0.625), Instant.parse("2026-12-06T10:00:00Z"));
    }

    @Test
    void aRateIsAPlainDecimalNeverScientificNotationAndZeroIsWrittenAs0Point0() throws Exception {
        String written = json.writeValueAsString(summary());

        assertThat(written).contains("\"uptakeRate\":0.0009737098344693282", "\"completionRate\":0.0,",
                "\"weekOverWeek\":0.005893909626718985", "\"quarterOverQuarter\":2.0", "\"meanScore\":4.0",
                "\"meanTonnes\":2.1", "\"shareUnder2t\":0.625", "\"meanRating\":null");
        assertThat(written).as("no exponent anywhere").doesNotContainPattern("\\d[eE][-+]?\\d");
        assertThat(written).as("counts stay integers").contains("\"participantsActive\":1027", "\"completions\":0,");
        assertThat(written).as("dates as ISO-8601 text").contains("\"asOf\":\"2026-12-06T19:47:26Z\"");
    }

    @Test
    void theSameNumbersComeOutOfARecordATreeAndAnAnswerReadBackFromTheLastFigures() throws Exception {
        String fromRecord = json.writeValueAsString(summary());
        // the public answers are trees made from the records; the last figures are answers read back and written again
        String fromTree = json.writeValueAsString(json.valueToTree(summary()));
        String readBack = json.writeValueAsString(json.readTree(fromRecord));

        assertThat(fromTree).isEqualTo(fromRecord);
        assertThat(readBack).isEqualTo(fromRecord);
    }

    @Test
    void aPlainDecimalIsAJsonNumberThatReadsBackAsTheSameDouble() throws Exception {
        for (double value : new double[] {0.0, 9.737098344693282E-4, 1.0E-7, 1.0 / 3, 2.0, 1.16, 1.0E10, 123456.789, -0.5}) {
            JsonNode node = json.readTree(json.writeValueAsString(new double[] {value})).get(0);
            assertThat(node.isNumber()).as("%s stays a JSON number", value).isTrue();
            assertThat(node.doubleValue()).as("%s reads back", value).isEqualTo(value);
        }
        assertThat(ApiJson.plain(1.0E-4)).isEqualTo("0.00010");
        assertThat(ApiJson.plain(1.0E10)).isEqualTo("10000000000.0");
        assertThat(json.writeValueAsString(new GrowthPoint("2021-W27", LocalDate.parse("2021-07-05"), 0, 2, 1, 2)))
                .isEqualTo("{\"period\":\"2021-W27\",\"start\":\"2021-07-05\",\"newParticipants\":0,"
                        + "\"returningParticipants\":2,\"leftParticipants\":1,\"activeAtEnd\":2}");
    }
}
