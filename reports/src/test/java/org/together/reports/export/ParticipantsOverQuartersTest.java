package org.together.reports.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.reports.export.ResearchExportTest.YEAR;
import static org.together.reports.snapshot.Events.at;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.together.reference.Territory;
import org.together.reports.snapshot.Events;
import org.together.reports.snapshot.ReferenceData;

/**
 * The participants table hides a territory's figures as narrowly as is safe (the property itself is
 * {@code ParticipantsOverQuartersCannotBeWorkedOutTest} in the figures module): a small new or left count hides that
 * count and the territory's active figures from that quarter on, not its other quarters' figures.
 */
class ParticipantsOverQuartersTest {

    private static final List<String> FIELDS = List.of("activeAtEnd", "newParticipants", "returningParticipants", "leftParticipants");

    /**
     * The review's Mulhouse: 252 participants, 2 of whom leave in 2021-Q2 (Colmar's 8 leavers are hidden with them).
     * All or none hid every figure of both in every quarter; now Mulhouse publishes its whole first quarter, its new
     * participants of every quarter and its leavers of every other quarter, and hides its 2 leavers and its active
     * figures from 2021-Q2 on (published, they would give the 2 away with the published new and left).
     */
    @Test
    void aBigTerritoryWithTwoLeaversInOneQuarterKeepsItsOtherFiguresPublished() {
        List<SpecificRecord> events = new ArrayList<>();
        join(events, "mulhouse", 252, "2021-01-10");
        join(events, "colmar", 40, "2021-01-10");
        join(events, "belfort", 60, "2021-01-10");
        join(events, "thann", 30, "2021-01-10");
        leave(events, "mulhouse", 2, "2021-05-10");
        leave(events, "colmar", 8, "2021-05-10");
        for (int i = 0; i < 12; i++) {
            events.add(Events.joined("mulhouse", "mulhouse-late-" + i, at("2021-08-10")));
        }
        for (int i = 0; i < 9; i++) {
            events.add(Events.left("mulhouse", "mulhouse-late-" + i, at("2021-11-10")));
        }
        Map<String, Map<String, List<String>>> rows = participants(events, List.of("mulhouse", "colmar", "belfort", "thann"));

        Map<String, List<String>> mulhouse = rows.get("mulhouse");
        assertThat(mulhouse.get("2021-Q1")).as("its first quarter, before the small count").containsExactly("252", "252", "0", "0", "");
        assertThat(mulhouse.get("2021-Q2")).as("the 2 leavers and the active at the end").containsExactly("", "0", "0", "",
                "activeAtEnd leftParticipants");
        assertThat(mulhouse.get("2021-Q3")).containsExactly("", "12", "0", "0", "activeAtEnd");
        assertThat(mulhouse.get("2021-Q4")).containsExactly("", "0", "0", "9", "activeAtEnd");
        assertThat(rows.get("colmar").get("2021-Q2")).as("the 2's partner").containsExactly("", "0", "0", "",
                "activeAtEnd leftParticipants");
        assertThat(rows.get("colmar").get("2021-Q1")).containsExactly("40", "40", "0", "0", "");
        for (String quarter : List.of("2021-Q1", "2021-Q2", "2021-Q3", "2021-Q4")) {
            assertThat(rows.get("belfort").get(quarter)).as("belfort %s", quarter).last().isEqualTo("");
            assertThat(rows.get("thann").get(quarter)).as("thann %s", quarter).last().isEqualTo("");
        }
        assertThat(rows.get("network").get("2021-Q2")).containsExactly("372", "0", "0", "10", "");
    }

    /**
     * A territory whose active count falls to 1 has a small active figure right after published ones, with nothing
     * of its quarter hidden that could explain it: the quarter's new and left would give it away. Its figures are
     * then hidden all or none, as before, in every quarter.
     */
    @Test
    void aTerritoryWhoseActiveFigureIsSmallIsHiddenInEveryQuarter() {
        List<SpecificRecord> events = new ArrayList<>();
        join(events, "belfort", 60, "2021-01-10");
        join(events, "colmar", 40, "2021-01-10");
        join(events, "ried", 6, "2021-01-10");
        join(events, "thann", 30, "2021-01-10");
        leave(events, "ried", 5, "2021-05-10");
        Map<String, Map<String, List<String>>> rows = participants(events, List.of("belfort", "colmar", "ried", "thann"));

        for (String quarter : List.of("2021-Q1", "2021-Q2", "2021-Q3", "2021-Q4")) {
            assertThat(rows.get("ried").get(quarter)).as("ried %s", quarter)
                    .containsExactly("", "", "", "", "activeAtEnd newParticipants returningParticipants leftParticipants");
        }
    }

    /**
     * Review 11, finding 7: without the returning participants, active at a quarter's end was not the one before plus
     * new minus left (network 2026-Q3: 264 + 979 - 138 = 1,105, 1,132 published). Now every network row adds up, and
     * so does a territory's row whose figures are published; a small returning count is hidden like a small new or
     * left one, with the territory's active figures from its quarter on (published, they would give it away).
     */
    @Test
    void activeAtEndIsTheOneBeforePlusNewAndReturningMinusLeft() {
        List<SpecificRecord> events = new ArrayList<>();
        join(events, "mulhouse", 252, "2021-01-10");
        join(events, "colmar", 40, "2021-01-10");
        join(events, "belfort", 60, "2021-01-10");
        leave(events, "mulhouse", 30, "2021-05-10");
        leave(events, "colmar", 10, "2021-05-10");
        join(events, "mulhouse", 20, "2021-08-10"); // 20 of the 30 come back
        join(events, "colmar", 6, "2021-08-10");
        for (int i = 20; i < 22; i++) { // 2 more come back: small
            events.add(Events.joined("mulhouse", "mulhouse-" + i, at("2021-11-10")));
        }
        for (int i = 6; i < 10; i++) { // colmar's other 4 leavers come back: small too (the 2's partner)
            events.add(Events.joined("colmar", "colmar-" + i, at("2021-11-10")));
        }
        join(events, "belfort", 70, "2021-11-10"); // 10 new ones; the 60 already active do not count again
        Map<String, Map<String, List<String>>> rows = participants(events, List.of("mulhouse", "colmar", "belfort"));

        assertThat(rows.get("mulhouse").get("2021-Q3")).as("20 returning: published").containsExactly("242", "0", "20", "0", "");
        assertThat(rows.get("mulhouse").get("2021-Q4")).as("2 returning: hidden, with the active at the end")
                .containsExactly("", "0", "", "0", "activeAtEnd returningParticipants");
        assertThat(rows.get("colmar").get("2021-Q4")).containsExactly("", "0", "", "0", "activeAtEnd returningParticipants");
        assertThat(rows.get("network").get("2021-Q3")).containsExactly("338", "0", "26", "0", "");
        assertThat(rows.get("network").get("2021-Q4")).containsExactly("354", "10", "6", "0", "");
        long before = 0; // nobody before the export
        for (String quarter : List.of("2021-Q1", "2021-Q2", "2021-Q3", "2021-Q4")) {
            for (Map.Entry<String, Map<String, List<String>>> who : rows.entrySet()) {
                List<String> row = who.getValue().get(quarter);
                List<String> previous = quarter.equals("2021-Q1") ? List.of(String.valueOf(before))
                        : who.getValue().get("2021-Q" + (quarter.charAt(6) - '1'));
                if (row.subList(0, 4).contains("") || previous.get(0).isEmpty()) {
                    assertThat(who.getKey()).as("only a territory's rows are hidden").isNotEqualTo("network");
                    continue;
                }
                long[] n = row.subList(0, 4).stream().mapToLong(Long::parseLong).toArray();
                assertThat(n[0]).as("%s %s: active at the end = the one before + new + returning - left", who.getKey(), quarter)
                        .isEqualTo(Long.parseLong(previous.get(0)) + n[1] + n[2] - n[3]);
            }
        }
    }

    private static void join(List<SpecificRecord> events, String territory, int people, String day) {
        for (int i = 0; i < people; i++) {
            events.add(Events.joined(territory, territory + "-" + i, at(day)));
        }
    }

    private static void leave(List<SpecificRecord> events, String territory, int people, String day) {
        for (int i = 0; i < people; i++) {
            events.add(Events.left(territory, territory + "-" + i, at(day)));
        }
    }

    /** Territory (or "network") -> quarter -> active, new, returning, left and suppressed cells of participants.csv. */
    private static Map<String, Map<String, List<String>>> participants(List<SpecificRecord> events, List<String> territories) {
        Map<String, Territory> registered = new HashMap<>();
        territories.forEach(t -> registered.put(t, Events.territory(t, t, "FR", "city")));
        ResearchExport export = ResearchExports.over(YEAR, events, new ReferenceData(registered, Map.of(), Map.of()),
                ResearchExportTest.K5, Optional.empty(), Instant.parse("2022-01-02T08:00:00Z"));
        List<List<String>> csv = ResearchExportTest.parse(new String(export.files().get("participants.csv"), StandardCharsets.UTF_8));
        List<String> header = csv.get(0);
        Map<String, Map<String, List<String>>> byTerritory = new HashMap<>();
        for (List<String> row : csv.subList(1, csv.size())) {
            List<String> cells = new ArrayList<>();
            FIELDS.forEach(f -> cells.add(row.get(header.indexOf(f))));
            cells.add(row.get(header.size() - 1));
            String who = row.get(0).equals("network") ? "network" : row.get(1);
            byTerritory.computeIfAbsent(who, w -> new HashMap<>()).put(row.get(2), cells);
        }
        return byTerritory;
    }
}
