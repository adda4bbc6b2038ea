package org.together.launcher.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private List<EventFile.Entry> read(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        List<EventFile.Entry> entries = new ArrayList<>();
        EventFile.read(file, EventFile.Format.of(file), entries::add);
        return entries;
    }

    @Test
    void csvRowsBecomeTheJsonEventsOfTheContractWithNestedColumnsAndNumbers() throws Exception {
        List<EventFile.Entry> entries = read("history.csv", """
                eventId,type,territoryId,occurredAt,participantId,tonnesCo2ePerYear,breakdown.food,breakdown.publicServices,source.app,source.version
                3f0b5c1e-8a4f-4d55-9d1c-0a6e2b1f7a10,footprint.assessed,mulhouse,2021-05-03T09:30:00Z,p-000123,6.4,1.55,0.4,paper-forms,1
                """);

        assertThat(entries).hasSize(1);
        EventFile.Entry entry = entries.get(0);
        assertThat(entry.line()).isEqualTo(2);
        assertThat(entry.event()).isEqualTo(JSON.readTree("""
                {"eventId":"3f0b5c1e-8a4f-4d55-9d1c-0a6e2b1f7a10","type":"footprint.assessed","territoryId":"mulhouse",
                 "occurredAt":"2021-05-03T09:30:00Z","participantId":"p-000123","tonnesCo2ePerYear":6.4,
                 "breakdown":{"food":1.55,"publicServices":0.4},
                 "source":{"app":"paper-forms","version":"1"}}
                """));
        assertThat(entry.event().get("tonnesCo2ePerYear").isNumber()).isTrue();
        assertThat(entry.event().at("/source/version").isTextual()).as("versions stay text even when they look numeric").isTrue();
    }

    @Test
    void csvCriteriaAndScoresAreJsonTextInTheirCell() throws Exception {
        List<EventFile.Entry> entries = read("workshops.csv", """
                eventId,type,territoryId,occurredAt,groupId,participantsCount,method,criteria,scores
                e1,wellbeing.evaluated,pikine,2021-06-01T18:00:00Z,g-7,9,spiral-criteria,"[{""dimension"":""A"",""component"":""A01"",""question"":""wellbeing"",""count"":4},{""dimension"":""D"",""question"":""illbeing"",""count"":2}]",
                e2,wellbeing.evaluated,pikine,2021-06-20T18:00:00Z,g-7,8,co-evaluation,,"{""A"":4,""D"":2}"
                """);

        assertThat(entries).extracting(EventFile.Entry::readable).containsExactly(true, true);
        JsonNode criteria = entries.get(0).event().get("criteria");
        assertThat(criteria).isEqualTo(JSON.readTree("""
                [{"dimension":"A","component":"A01","question":"wellbeing","count":4},
                 {"dimension":"D","question":"illbeing","count":2}]"""));
        assertThat(entries.get(0).event().get("participantsCount").intValue()).isEqualTo(9);
        assertThat(entries.get(0).event().has("scores")).as("an empty cell is an absent field").isFalse();
        assertThat(entries.get(1).event().get("scores")).isEqualTo(JSON.readTree("{\"A\":4,\"D\":2}"));
        assertThat(entries.get(1).event().has("criteria")).isFalse();
    }

    @Test
    void csvApproachEvaluationsTakeScoresAsDottedColumnsAndKeyElementsAsAList() throws Exception {
        List<EventFile.Entry> entries = read("annex1.csv", """
                eventId,type,territoryId,occurredAt,approachId,approachKind,subject,resourceEfficiency.short-circuits,immaterialWellbeing.relations,keyElements,evidence,tonnesCo2eAvoidedPerYear
                e1,approach.evaluated,mouscron,2021-06-01T18:00:00Z,csa-les-jardins,community-supported-agriculture,approach,5,4,direct-democracy;collective-learning,survey,12.5
                e2,approach.evaluated,mouscron,2021-06-02T18:00:00Z,sel-1,exchange-system,approach,,3,"[""decision-autonomy""]",other,
                """);

        assertThat(entries).extracting(EventFile.Entry::readable).containsExactly(true, true);
        assertThat(JSON.readTree(entries.get(0).event().toString())).as("as the API reads it").isEqualTo(JSON.readTree("""
                {"eventId":"e1","type":"approach.evaluated","territoryId":"mouscron","occurredAt":"2021-06-01T18:00:00Z",
                 "approachId":"csa-les-jardins","approachKind":"community-supported-agriculture","subject":"approach",
                 "resourceEfficiency":{"short-circuits":5},"immaterialWellbeing":{"relations":4},
                 "keyElements":["direct-democracy","collective-learning"],"evidence":"survey","tonnesCo2eAvoidedPerYear":12.5}
                """));
        assertThat(entries.get(1).event().get("keyElements")).isEqualTo(JSON.readTree("[\"decision-autonomy\"]"));
        assertThat(entries.get(1).event().has("resourceEfficiency")).isFalse();
        assertThat(entries.get(1).event().has("tonnesCo2eAvoidedPerYear")).isFalse();
    }

    @Test
    void quotedCellsKeepCommasQuotesAndLineBreaksAndRowsKeepTheirStartingLine() throws Exception {
        List<EventFile.Entry> entries = read("scores.csv",
                "eventId,type,territoryId,occurredAt,groupId,participantsCount,method,scores\r\n"
                        + "e1,wellbeing.evaluated,kavala,2021-02-01T10:00:00Z,g-1,9,co-evaluation,\"{\"\"A\"\":4,\"\"D\"\":2}\"\r\n"
                        + "e2,wellbeing.evaluated,kavala,2021-02-02T10:00:00Z,g-2,9,co-evaluation,\"{\"\"A\"\":4,\n\"\"B\"\":1}\"\r\n"
                        + "\r\n"
                        + "e3,wellbeing.evaluated,kavala,2021-02-03T10:00:00Z,g-3,9,co-evaluation,\r\n");

        assertThat(entries).extracting(EventFile.Entry::line).containsExactly(2, 3, 6);
        assertThat(entries.get(0).event().get("scores")).isEqualTo(JSON.readTree("{\"A\":4,\"D\":2}"));
        assertThat(entries.get(1).event().get("scores")).isEqualTo(JSON.readTree("{\"A\":4,\"B\":1}"));
        assertThat(entries.get(2).event().has("scores")).isFalse();
    }

    @Test
    void aCsvRowThatCannotBeReadIsReportedWithItsLineAndColumn() throws Exception {
        List<EventFile.Entry> entries = read("bad.csv", """
                eventId,type,criteria
                e1,wellbeing.evaluated,[{"dimension":
                e2,wellbeing.evaluated
                e3,wellbeing.evaluated,[]
                """);

        assertThat(entries).hasSize(3);
        assertThat(entries.get(0).readable()).isFalse();
        assertThat(entries.get(0).line()).isEqualTo(2);
        assertThat(entries.get(0).error()).startsWith("criteria: must be JSON text");
        assertThat(entries.get(1).error()).isEqualTo("has 2 cells, the header has 3");
        assertThat(entries.get(2).readable()).isTrue();
    }

    @Test
    void anUnclosedQuoteStopsTheFileWithTheLineWhereItOpened() throws Exception {
        List<EventFile.Entry> entries = read("open.csv", "eventId,reason\ne1,ok\ne2,\"never closed\ne3,x\n");
        assertThat(entries).hasSize(2);
        assertThat(entries.get(1).readable()).isFalse();
        assertThat(entries.get(1).line()).isEqualTo(3);
        assertThat(entries.get(1).error()).contains("never closed");
    }

    @Test
    void aByteOrderMarkFromSpreadsheetsIsIgnored() throws Exception {
        List<EventFile.Entry> entries = read("excel.csv", "\uFEFFeventId,type\ne1,participant.joined\n");
        assertThat(entries.get(0).event().has("eventId")).isTrue();
    }

    @Test
    void aSemicolonCsvFromAFrenchSpreadsheetIsReadWithItsSeparatorAndDecimalCommas() throws Exception {
        // Excel "CSV UTF-8" in a French locale: a byte-order mark, ';' between cells, ',' as the decimal mark
        String content = "\uFEFFeventId;type;territoryId;occurredAt;participantId;tonnesCo2ePerYear;source.app;keyElements\r\n"
                + "e1;footprint.assessed;ecole-bleue;2026-11-27T09:00:00Z;eb-pupil-11;6,4;\"paper,forms\";\"a;b\"\r\n";
        Path file = dir.resolve("eb-semicolon.csv");
        Files.writeString(file, content, StandardCharsets.UTF_8);

        EventFile.Layout layout = EventFile.inspect(file, EventFile.Format.CSV);
        assertThat(layout.separator()).isEqualTo(';');
        assertThat(layout.description()).isEqualTo(" (CSV separated by ';', as its header is)");
        List<EventFile.Entry> entries = read("eb-semicolon.csv", content);

        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).error()).isNull();
        assertThat(entries.get(0).event()).isEqualTo(JSON.readTree("""
                {"eventId":"e1","type":"footprint.assessed","territoryId":"ecole-bleue","occurredAt":"2026-11-27T09:00:00Z",
                 "participantId":"eb-pupil-11","tonnesCo2ePerYear":6.4,"source":{"app":"paper,forms"},"keyElements":["a","b"]}
                """));
    }

    /**
     * Review 21, finding 9: a spreadsheet adds spaces around an eventId pasted into a cell, which the API refuses as
     * "must be a UUID"; the import drops them (the API's rule stays strict). Other cells are sent as written.
     */
    @Test
    void spacesAroundAnEventIdInACsvCellAreDropped() throws Exception {
        String id = "36b37dcf-5913-4dee-ae39-34bf9ae078d5";
        List<EventFile.Entry> entries = read("spaces.csv", "eventId;type;role\r\n " + id + "\t;participant.joined;citizen\r\n"
                + "  ;participant.joined;citizen\r\n");
        assertThat(entries.get(0).event()).isEqualTo(JSON.readTree(
                "{\"eventId\":\"" + id + "\",\"type\":\"participant.joined\",\"role\":\"citizen\"}"));
        assertThat(entries.get(1).event().has("eventId")).as("only spaces: no eventId, which the API names as required")
                .isFalse();
    }

    /**
     * Review 21: only the eventId was stripped, so a "citizen " typed in a spreadsheet was refused by the API as not one
     * of the roles. Every cell's surrounding spaces are dropped: text, numbers (a decimal comma too), names of
     * keyElements; a quoted cell as well (no field of the contract starts or ends with a space).
     */
    @Test
    void spacesAroundEveryCsvCellAreDroppedSoThatACellOfSpacesIsAnAbsentField() throws Exception {
        List<EventFile.Entry> entries = read("padded.csv", "eventId;type;territoryId;role;channel;tonnesCo2ePerYear;"
                + "breakdown.food;keyElements;groupId\r\n"
                + "e1 ; participant.joined ;\t lyon;citizen ;\" workshop \"; 6,4 ;1,5 ; direct-democracy ; \r\n");
        assertThat(entries.get(0).event()).isEqualTo(JSON.readTree("""
                {"eventId":"e1","type":"participant.joined","territoryId":"lyon","role":"citizen","channel":"workshop",
                 "tonnesCo2ePerYear":6.4,"breakdown":{"food":1.5},"keyElements":["direct-democracy"]}
                """));
    }

    @Test
    void aTabSeparatedHeaderIsReadWithTabsAndACommaHeaderStaysCommaSeparated() throws Exception {
        List<EventFile.Entry> tabs = read("tabs.csv", "eventId\ttype\ttonnesCo2ePerYear\ne1\tfootprint.assessed\t6.4\n");
        assertThat(tabs.get(0).event()).isEqualTo(JSON.readTree("{\"eventId\":\"e1\",\"type\":\"footprint.assessed\",\"tonnesCo2ePerYear\":6.4}"));

        // one ';' in a quoted header name does not make a comma file a semicolon one; a comma file's "6,4" stays text
        List<EventFile.Entry> commas = read("commas.csv", "eventId,\"type;kind\",tonnesCo2ePerYear\ne1,x,\"6,4\"\n");
        assertThat(commas.get(0).event().get("type;kind").textValue()).isEqualTo("x");
        assertThat(commas.get(0).event().get("tonnesCo2ePerYear").textValue()).as("1,000 may be a thousand there").isEqualTo("6,4");
    }

    @Test
    void aJsonArrayOfEventsIsReadEventByEventNumberedByPosition() throws Exception {
        Path file = dir.resolve("eb-array.json");
        Files.writeString(file, """
                [
                  {
                    "eventId": "e1",
                    "type": "participant.joined"
                  },
                  [1],
                  {"eventId": "e3", "rating": 4.0}
                ]
                """);

        assertThat(EventFile.inspect(file, EventFile.Format.JSON_LINES).jsonArray()).isTrue();
        assertThat(EventFile.inspect(file, EventFile.Format.JSON_LINES).unit()).isEqualTo("event");
        List<EventFile.Entry> entries = new ArrayList<>();
        EventFile.read(file, EventFile.Format.JSON_LINES, entries::add);

        assertThat(entries).extracting(EventFile.Entry::line).containsExactly(1, 2, 3);
        assertThat(entries.get(0).event().get("eventId").textValue()).isEqualTo("e1");
        assertThat(entries.get(1).error()).isEqualTo("must be a JSON object (one event), not array");
        assertThat(entries.get(2).event().get("rating").isDouble()).isTrue();
    }

    @Test
    void aBrokenJsonArrayOrLineIsReportedWithWhereNotWithTheParsersInternals() throws Exception {
        List<EventFile.Entry> array = read("cut.json", "[\n {\"eventId\": \"e1\"},\n {\"eventId\": \"e2\",\n");
        assertThat(array).extracting(EventFile.Entry::line).containsExactly(1, 2);
        assertThat(array.get(1).error()).startsWith("not valid JSON (at line ").endsWith("): the rest of the file is not read");

        List<EventFile.Entry> lines = read("bad.jsonl", "{\"eventId\":\"e1\",}\n{\"eventId\":\n");
        assertThat(lines).extracting(EventFile.Entry::error).containsExactly("not valid JSON (at column 17)", "not valid JSON (at column 12)");

        List<EventFile.Entry> cell = read("cell.csv", "eventId,criteria\ne1,\"[{\"\"dimension\"\":\"\n");
        for (EventFile.Entry entry : List.of(array.get(1), lines.get(0), lines.get(1), cell.get(0))) {
            assertThat(entry.error()).doesNotContain("Source", "REDACTED", "StreamReadFeature", "marker");
        }
    }

    @Test
    void jsonLinesAreSentAsWrittenAndBadLinesAreReportedByNumber() throws Exception {
        List<EventFile.Entry> entries = read("history.jsonl", """
                {"eventId":"e1","type":"participant.joined","territoryId":"kavala","occurredAt":"2020-01-01T00:00:00Z","participantId":"p-00000001","role":"citizen"}

                {"eventId":"e2", "type":
                [1,2]
                {"eventId":"e3","type":"wellbeing.evaluated","criteria":[{"dimension":"B","question":"action","count":1}],"rating":4.0}
                """);

        assertThat(entries).extracting(EventFile.Entry::line).containsExactly(1, 3, 4, 5);
        assertThat(entries.get(0).event().get("role").textValue()).isEqualTo("citizen");
        assertThat(entries.get(1).error()).startsWith("not valid JSON");
        assertThat(entries.get(2).error()).isEqualTo("must be one JSON object per line");
        assertThat(entries.get(3).event().at("/criteria/0/dimension").textValue()).isEqualTo("B");
        assertThat(entries.get(3).event().get("rating").isDouble()).as("JSON lines are not rewritten").isTrue();
    }

    @Test
    void theFormatFollowsTheFileExtension() {
        assertThat(EventFile.Format.of(Path.of("a/b.CSV"))).isEqualTo(EventFile.Format.CSV);
        assertThat(EventFile.Format.of(Path.of("b.jsonl"))).isEqualTo(EventFile.Format.JSON_LINES);
        assertThat(EventFile.Format.of(Path.of("b.ndjson"))).isEqualTo(EventFile.Format.JSON_LINES);
    }
}
