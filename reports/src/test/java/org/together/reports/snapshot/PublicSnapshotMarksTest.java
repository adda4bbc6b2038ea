package org.together.reports.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.reports.snapshot.Events.at;
import static org.together.reports.snapshot.Events.joined;
import static org.together.reports.snapshot.PublicSnapshotTest.FROM;
import static org.together.reports.snapshot.PublicSnapshotTest.K5;
import static org.together.reports.snapshot.PublicSnapshotTest.TO;
import static org.together.reports.snapshot.PublicSnapshotTest.row;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.together.figures.disclosure.Audience;
import org.together.reference.Target;

/**
 * Review 13, finding 3: a hidden figure that the figures published beside it already show to be at least k reads
 * "hidden" ("masqué"), not "< k", which the page itself would prove false; every other hidden figure still reads "< k".
 * JSON and CSV are unchanged (null, empty cell, the suppressed list).
 */
class PublicSnapshotMarksTest {

    /**
     * A public Q2 of four territories, decided by the public rule as the review's network was:
     * <ul>
     * <li>Petit-Bourg, 60 since the winter and 1 new: its row is hidden whole (a small count);</li>
     * <li>Marvila, new in the quarter: 55 joined, 1 left: 55 new and 0 at the start published, its 54 at the end hidden;</li>
     * <li>Timișoara, new in the quarter: 172 joined, 4 left: new hidden, 0 at the start and 168 at the end published;</li>
     * <li>Braine-l'Alleud, 90 since the winter and 12 new: new and start hidden, 102 at the end published.</li>
     * </ul>
     */
    static Snapshot network(Map<String, Target> targets) {
        List<SpecificRecord> events = new ArrayList<>();
        joinAndLeave(events, "bourg", 60, 1, 0);
        joinAndLeave(events, "lisboa-marvila", 0, 55, 1);
        joinAndLeave(events, "ro-timisoara", 0, 172, 4);
        joinAndLeave(events, "wallonia-braine", 90, 12, 0);
        ReferenceData reference = new ReferenceData(Map.of(
                "bourg", Events.territory("bourg", "Petit-Bourg", "FR", "village"),
                "lisboa-marvila", Events.territory("lisboa-marvila", "Marvila (Lisboa)", "PT", "municipality"),
                "ro-timisoara", Events.territory("ro-timisoara", "Timișoara", "RO", "city"),
                "wallonia-braine", Events.territory("wallonia-braine", "Braine-l'Alleud", "BE", "municipality")), Map.of(), Map.of(), targets);
        return SnapshotCalculator.compute(FROM, TO, Optional.empty(), events, reference, Instant.parse("2021-07-02T08:00:00Z"),
                Audience.PUBLIC, K5);
    }

    private static void joinAndLeave(List<SpecificRecord> events, String territory, int before, int during, int left) {
        for (int i = 0; i < before; i++) {
            events.add(joined(territory, territory + "-b" + i, at("2021-02-1" + (i % 9))));
        }
        for (int i = 0; i < during; i++) {
            events.add(joined(territory, territory + "-d" + i, at("2021-05-1" + (i % 9))));
        }
        for (int i = 0; i < left; i++) {
            events.add(Events.left(territory, territory + "-d" + i, at("2021-06-1" + (i % 9))));
        }
    }

    /** The cells of a territory's row, tags removed, in the first table after {@code heading}. */
    private static List<String> cells(String html, String heading, String name) {
        assertThat(html.indexOf(heading)).as(heading).isPositive();
        int table = html.indexOf("<table", html.indexOf(heading));
        int at = html.indexOf(name, table);
        String row = html.substring(html.lastIndexOf("<tr>", at), html.indexOf("</tr>", at));
        List<String> cells = new ArrayList<>();
        for (int td = row.indexOf("<td"); td >= 0; td = row.indexOf("<td", td + 1)) {
            String cell = row.substring(row.indexOf('>', td) + 1, row.indexOf("</td>", td));
            cells.add(cell.replaceAll("<[^>]*>", ""));
        }
        return cells;
    }

    @Test
    void theFiguresAreDecidedAsTheReviewSawThem() {
        Snapshot s = network(Map.of());
        Snapshot.TerritoryRow timisoara = row(s, "ro-timisoara");
        assertThat(timisoara.newParticipants()).isNull();
        assertThat(timisoara.activeAtStart()).isZero();
        assertThat(timisoara.activeAtEnd()).isEqualTo(168);
        assertThat(timisoara.newInPeriod()).isTrue();
        assertThat(row(s, "lisboa-marvila").newParticipants()).isEqualTo(55);
        assertThat(row(s, "lisboa-marvila").activeAtEnd()).isNull();
        assertThat(row(s, "bourg").suppressed()).contains("newParticipants", "activeAtStart", "activeAtEnd");
        assertThat(row(s, "wallonia-braine").newParticipants()).isNull();
        assertThat(row(s, "wallonia-braine").newInPeriod()).isFalse();
    }

    /**
     * Timișoara, new in the quarter, 0 at the start, 168 at the end: each of its 168 joined in the quarter, so its hidden
     * new participants are at least 168 by the table itself: "hidden", in both tables that show them, HTML and PDF,
     * English and French; the note after the table explains both marks.
     */
    @Test
    void aNewTerritorysHiddenNewParticipantsBesideItsPublishedActiveAtEndReadHiddenNotLessThanK() throws Exception {
        Snapshot s = network(Map.of());
        for (Locale locale : List.of(Locale.ENGLISH, Locale.FRENCH)) {
            boolean en = locale == Locale.ENGLISH;
            String word = en ? "hidden" : "masqué";
            String html = HtmlReport.render(s, locale);
            String byTerritory = en ? "<h3>New participants by territory</h3>" : "<h3>Nouveaux participants par territoire</h3>";
            assertThat(cells(html, byTerritory, "Timișoara")).as("new, start, end, change")
                    .containsSubsequence(en ? "Romania" : "Roumanie", word, "0", "168", "+168");
            List<String> ranked = cells(html, en ? "5. Fastest-growing territories" : "5. Territoires à plus forte croissance",
                    "Timișoara");
            assertThat(ranked.get(ranked.size() - 1)).as("its new participants among the fastest-growing").isEqualTo(word);
            int table = html.indexOf(byTerritory);
            String notes = html.substring(html.indexOf("</table>", table), html.indexOf("<h3>", table + 1));
            assertThat(notes).contains(en
                    ? "&quot;&lt; 5&quot;: fewer than 5, or a figure of any size hidden with such a one so that it cannot be "
                            + "worked out from the published totals (so a &quot;&lt; 5&quot; may be large); &quot;hidden&quot;: at "
                            + "least 5 by the figures shown, hidden so that a smaller figure cannot be worked out."
                    : "«\u202f&lt; 5\u202f»\u202f: moins de 5, ou un chiffre de toute taille masqué avec un tel chiffre pour qu&#39;il ne se "
                            + "déduise pas des totaux publiés (un «\u202f&lt; 5\u202f» peut donc valoir bien plus)\u202f; «\u202fmasqué\u202f»\u202f: au moins 5 d&#39;après les chiffres affichés, masqué pour qu&#39;un chiffre "
                            + "plus petit ne se déduise pas.");
            try (var pdf = Loader.loadPDF(PdfReport.render(s, locale))) {
                String text = new PDFTextStripper().getText(pdf);
                List<String> lines = text.lines().filter(l -> l.contains("Timișoara") && l.contains("+168")).toList();
                assertThat(lines).as("the territory table and the ranking").hasSize(2)
                        .allSatisfy(line -> assertThat(line).contains(word).doesNotContain("< 5"));
                assertThat(text.replaceAll("\\s+", " ")).contains(en
                        ? "\"hidden\": at least 5 by the figures shown, hidden so that a smaller figure cannot be worked out."
                        : "« masqué » : au moins 5 d'après les chiffres affichés");
            }
        }
        // the machine-readable outputs are unchanged: null / an empty cell, and the suppressed list
        assertThat(CsvReport.tables(s, Locale.ENGLISH).get("territories")).contains("ro-timisoara,Timișoara,RO,,0,168,");
        assertThat(new String(JsonReport.render(s), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("\"hidden\"")
                .contains("\"newParticipants\" : null");
    }

    /**
     * Petit-Bourg's 1 new participant is small: its row reads "< 5" everywhere. Braine-l'Alleud (not new) has 102 at the
     * end, but its new participants are bounded by nothing published (end - start = new + returning - left, and neither
     * returning nor left is published, nor is its start): "< 5" too. Marvila's 55 new bound its active at the end from
     * above only (people leave): "< 5".
     */
    @Test
    void aHiddenFigureThePublishedOnesDoNotShowToBeAtLeastKStillReadsLessThanK() throws Exception {
        Snapshot s = network(Map.of());
        for (Locale locale : List.of(Locale.ENGLISH, Locale.FRENCH)) {
            boolean en = locale == Locale.ENGLISH;
            String html = HtmlReport.render(s, locale);
            String byTerritory = en ? "<h3>New participants by territory</h3>" : "<h3>Nouveaux participants par territoire</h3>";
            assertThat(cells(html, byTerritory, "Petit-Bourg").subList(1, 5)).as("country, new, start, end")
                    .containsExactly("France", "&lt; 5", "&lt; 5", "&lt; 5");
            assertThat(cells(html, byTerritory, "Braine-l&#39;Alleud")).containsSubsequence(en ? "Belgium" : "Belgique", "&lt; 5", "&lt; 5", "102");
            assertThat(cells(html, byTerritory, "Marvila (Lisboa)")).containsSubsequence("Portugal", "55", "0", "&lt; 5");
        }
        try (var pdf = Loader.loadPDF(PdfReport.render(s, Locale.ENGLISH))) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text.lines().filter(l -> l.contains("Petit-Bourg"))).isNotEmpty()
                    .allSatisfy(line -> assertThat(line).contains("France < 5 < 5 < 5"));
            assertThat(text.lines().filter(l -> l.contains("Braine-l'Alleud"))).isNotEmpty()
                    .allSatisfy(line -> assertThat(line).contains("< 5"));
        }
    }

    /**
     * A target on Timișoara's participants ever, hidden with its family: ever holds the 168 active at the end the report
     * publishes, so it reads "hidden" / 200, not "< 5"; Petit-Bourg's, whose figures are all hidden, reads "< 5". What is
     * worked out from either reads "hidden" as before.
     */
    @Test
    void aHiddenTargetOnParticipantsEverReadsHiddenWhenThePublishedActiveAreAtLeastK() throws Exception {
        LocalDate due = LocalDate.parse("2021-12-31");
        Snapshot s = network(Map.of(
                "ro-timisoara-ever", new Target("ro-timisoara-ever", "participantsEver", null, "ro-timisoara", 200L, due, at("2021-04-01")),
                "bourg-ever", new Target("bourg-ever", "participantsEver", null, "bourg", 100L, due,
                        at("2021-04-01"))));
        assertThat(PublicSnapshotTest.target(s, "ro-timisoara-ever").current()).as("hidden with Timișoara's ever").isNull();
        assertThat(PublicSnapshotTest.target(s, "bourg-ever").current()).isNull();
        for (Locale locale : List.of(Locale.ENGLISH, Locale.FRENCH)) {
            boolean en = locale == Locale.ENGLISH;
            String word = en ? "hidden" : "masqué";
            String html = HtmlReport.render(s, locale);
            String targets = en ? "6. Targets" : "6. Objectifs";
            assertThat(cells(html, targets, "Timișoara").subList(1, 8)).containsExactly(word, "200", word,
                    en ? "31 December 2021" : "31 décembre 2021", word, word, word);
            assertThat(cells(html, targets, "Petit-Bourg").get(1)).as("its current value").isEqualTo("&lt; 5");
        }
        try (var pdf = Loader.loadPDF(PdfReport.render(s, Locale.FRENCH))) {
            // the names wrap in the cell: the figures are on the lines after each name
            String text = new PDFTextStripper().getText(pdf);
            String section = text.substring(text.indexOf("6. Objectifs"), text.indexOf("7. "));
            assertThat(section.substring(section.indexOf("Timișoara"))).startsWith("Timișoara\nmasqué 200 masqué");
            assertThat(section.substring(section.indexOf("Petit-Bourg"))).startsWith("Petit-Bourg\n< 5 100 masqué");
        }
    }
}
