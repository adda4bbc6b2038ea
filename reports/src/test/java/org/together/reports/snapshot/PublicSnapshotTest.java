package org.together.reports.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.together.reports.snapshot.Events.at;
import static org.together.reports.snapshot.Events.joined;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.together.figures.disclosure.DisclosureRule;

/**
 * The quarterly snapshot for the public hides small territories in every format, and says how; the internal one is
 * exact and says on every page and file that it is not to be published.
 */
class PublicSnapshotTest {

    static final LocalDate FROM = LocalDate.parse("2021-04-01");
    static final LocalDate TO = LocalDate.parse("2021-07-01");
    static final DisclosureRule K5 = new DisclosureRule(5);

    /** Hameau: 2 join in the quarter; Bourg: 9; Ville: 30 (all new in the period). */
    static List<SpecificRecord> network() {
        List<SpecificRecord> events = new ArrayList<>();
        Map<String, Integer> sizes = Map.of("hameau", 2, "bourg", 9, "ville", 30);
        sizes.forEach((territory, n) -> {
            for (int i = 0; i < n; i++) {
                events.add(joined(territory, territory + "-p" + i, at("2021-05-0" + (1 + i % 9))));
            }
        });
        return events;
    }

    static ReferenceData reference() {
        return new ReferenceData(Map.of(
                "hameau", Events.territory("hameau", "Hameau-sur-Mer", "FR", "village"),
                "bourg", Events.territory("bourg", "Bourg", "FR", "municipality"),
                "ville", Events.territory("ville", "Ville", "FR", "city")), Map.of(), Map.of());
    }

    static Snapshot snapshot(Audience audience) {
        return SnapshotCalculator.compute(FROM, TO, Optional.empty(), network(), reference(), Instant.parse("2021-07-02T08:00:00Z"),
                audience, K5);
    }

    static Snapshot.TerritoryRow row(Snapshot s, String id) {
        return s.newcomers().byTerritory().stream().filter(r -> r.territoryId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void theSmallTerritoryAndTheNextSmallestAreHiddenAndTheNetworkIsExact() {
        Snapshot s = snapshot(Audience.PUBLIC);
        assertThat(s.headline().newParticipants().value()).isEqualTo(41);
        assertThat(row(s, "hameau").newParticipants()).isNull();
        assertThat(row(s, "hameau").suppressed()).contains("newParticipants", "activeAtEnd", "everAtEnd");
        assertThat(row(s, "hameau").minPublishedCount()).isEqualTo(5);
        assertThat(row(s, "bourg").newParticipants()).as("else 41 - 30 = 11 - 9 = 2").isNull();
        assertThat(row(s, "ville").newParticipants()).isEqualTo(30);
        assertThat(s.newcomers().byTerritory()).extracting(Snapshot.TerritoryRow::territoryId)
                .as("published first, then the hidden ones by id").containsExactly("ville", "bourg", "hameau");
        assertThat(s.newcomers().newTerritories()).filteredOn(t -> t.territoryId().equals("hameau"))
                .allSatisfy(t -> assertThat(t.participantsActive()).isNull());
        assertThat(s.fastestGrowing()).extracting(Snapshot.TerritoryRow::territoryId).containsExactly("ville");
    }

    /**
     * A new territory's first event day is one of its few people's join: the public snapshot hides it with the
     * territory's participant figures (as the live API hides firstEventDay), and lists such territories after the dated
     * ones, by id, so that their place does not narrow the day down.
     */
    @Test
    void aNewTerritorysFirstEventDayIsHiddenWithItsParticipantFigures() throws Exception {
        Snapshot s = snapshot(Audience.PUBLIC);
        assertThat(s.newcomers().newTerritories()).extracting(Snapshot.NewTerritory::territoryId)
                .containsExactly("ville", "bourg", "hameau");
        assertThat(s.newcomers().newTerritories()).filteredOn(t -> !t.territoryId().equals("ville")).allSatisfy(t -> {
            assertThat(t.firstEvent()).isNull();
            assertThat(t.suppressed()).containsExactly("firstEvent", "participantsActive");
        });
        assertThat(s.newcomers().newTerritories().get(0).firstEvent()).isEqualTo(LocalDate.parse("2021-05-01"));
        String html = HtmlReport.render(s, Locale.ENGLISH);
        int table = html.indexOf("<h3>New territories</h3>");
        String row = html.substring(html.indexOf("Hameau-sur-Mer", table), html.indexOf("</tr>", html.indexOf("Hameau-sur-Mer", table)));
        assertThat(row).contains("hidden (with its participant figures)").doesNotContain("2021");
        assertThat(CsvReport.tables(s, Locale.ENGLISH).get("new-territories"))
                .contains("hameau,Hameau-sur-Mer,FR,village,,,firstEvent participantsActive");
        assertThat(snapshot(Audience.INTERNAL).newcomers().newTerritories()).extracting(Snapshot.NewTerritory::firstEvent)
                .doesNotContainNull();
    }

    /** Gent and Lyon, 12 participants each since the winter; Tbilisi, new in the quarter, {@code tbilisi} of them. */
    static Snapshot gentLyonAnd(int tbilisi) {
        return SnapshotCalculator.compute(FROM, TO, Optional.empty(), gentLyonAndTbilisi(tbilisi), gentLyonAndTbilisiReference(),
                Instant.parse("2021-07-02T08:00:00Z"), Audience.PUBLIC, K5);
    }

    static List<SpecificRecord> gentLyonAndTbilisi(int tbilisi) {
        List<SpecificRecord> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            events.add(joined("gent", "gent-p" + i, at("2021-01-1" + (i % 9))));
            events.add(joined("lyon", "lyon-p" + i, at("2021-02-1" + (i % 9))));
        }
        for (int i = 0; i < tbilisi; i++) {
            events.add(joined("tbilisi", "tbilisi-p" + i, at("2021-06-01")));
        }
        if (tbilisi == 0) {
            events.add(Events.footprint("tbilisi", "tbilisi-p0", 3.0, at("2021-06-01")));
        }
        return events;
    }

    static ReferenceData gentLyonAndTbilisiReference() {
        return new ReferenceData(Map.of(
                "gent", Events.territory("gent", "Gent", "BE", "city"),
                "lyon", Events.territory("lyon", "Lyon", "FR", "city"),
                "tbilisi", Events.territory("tbilisi", "Tbilisi", "GE", "city")), Map.of(), Map.of());
    }

    /** Section 5 of the HTML report: from its title to the next section's. */
    static String growthSection(String html, Locale locale) {
        int from = html.indexOf(locale == Locale.ENGLISH ? "5. Fastest-growing territories" : "5. Territoires à plus forte croissance");
        return html.substring(from, html.indexOf("<h2>", from));
    }

    /**
     * Review 8, item 4: territories grew, but every one that did is hidden. The section said "Nothing in this period",
     * with no "< 5" anywhere: it says that territories grew and are hidden under the rule, with the note on "< k".
     */
    @Test
    void whenEveryTerritoryThatGrewIsHiddenTheSectionSaysSoNotNothing() {
        Snapshot s = gentLyonAnd(1);
        assertThat(s.fastestGrowing()).isEmpty();
        assertThat(s.growingHidden()).isTrue();
        String en = growthSection(HtmlReport.render(s, Locale.ENGLISH), Locale.ENGLISH);
        assertThat(en).doesNotContain("Nothing in this period")
                .contains("Territories grew in this period, but their figures are hidden under the public rule "
                        + "(&quot;&lt; 5&quot;): none of them is ranked.")
                .contains("<p class=\"note hidden-note\">&quot;&lt; 5&quot;: fewer than 5, or a figure of any size hidden with such a one");
        String fr = growthSection(HtmlReport.render(s, Locale.FRENCH), Locale.FRENCH);
        assertThat(fr).doesNotContain("Rien sur cette période")
                .contains("Des territoires ont progressé sur cette période, mais leurs chiffres sont masqués selon la règle "
                        + "de publication («\u202f&lt; 5\u202f»)\u202f: aucun n&#39;est classé.")
                .contains("<p class=\"note hidden-note\">«\u202f&lt; 5\u202f»\u202f: moins de 5");
    }

    /** Ville is ranked; Hameau and Bourg grew too, hidden: the ranking says they are not in it. */
    @Test
    void aRankingWithoutTheHiddenTerritoriesThatGrewSaysTheyAreLeftOut() {
        Snapshot s = snapshot(Audience.PUBLIC);
        assertThat(s.growingHidden()).isTrue();
        assertThat(growthSection(HtmlReport.render(s, Locale.ENGLISH), Locale.ENGLISH))
                .contains("Territories that grew but whose figures are hidden under the public rule (&quot;&lt; 5&quot;) are "
                        + "not ranked.");
        assertThat(growthSection(HtmlReport.render(s, Locale.FRENCH), Locale.FRENCH))
                .contains("Les territoires qui ont progressé mais dont les chiffres sont masqués selon la règle de publication "
                        + "(«\u202f&lt; 5\u202f») ne sont pas classés.");
        Snapshot internal = snapshot(Audience.INTERNAL);
        assertThat(internal.growingHidden()).isFalse();
        assertThat(growthSection(HtmlReport.render(internal, Locale.ENGLISH), Locale.ENGLISH)).doesNotContain("hidden");
    }

    /** Nobody joined or left in the quarter: nothing grew, and the section says "Nothing in this period". */
    @Test
    void whenNothingGrewTheSectionSaysNothing() {
        Snapshot s = gentLyonAnd(0);
        assertThat(s.fastestGrowing()).isEmpty();
        assertThat(s.growingHidden()).isFalse();
        assertThat(growthSection(HtmlReport.render(s, Locale.ENGLISH), Locale.ENGLISH)).contains("Nothing in this period.")
                .doesNotContain("hidden");
        assertThat(growthSection(HtmlReport.render(s, Locale.FRENCH), Locale.FRENCH)).contains("Rien sur cette période.");
    }

    /**
     * Review 8, item 2: Gent and Lyon took part before the quarter and gained nobody in it; Tbilisi, new, gained one
     * participant. The network's 1 is published; Tbilisi's 1 is hidden, and so (the rule's secondary step) are
     * others' zeros. The table of new participants by territory lists a territory with no new participant only when its
     * zero is hidden: before, it left out every zero, so Tbilisi's "< 5" was the only hidden cell, 1 - 0 = 1.
     */
    @Test
    void oneTerritoryAloneGainingFewIsNotGivenAwayByTheTerritoriesLeftOutOfTheTable() throws Exception {
        Snapshot s = gentLyonAnd(1);

        assertThat(s.headline().newParticipants().value()).as("the network's figure, published").isEqualTo(1);
        List<Snapshot.TerritoryRow> table = s.newcomers().byTerritory();
        assertThat(table).filteredOn(r -> r.newParticipants() == null).extracting(Snapshot.TerritoryRow::territoryId)
                .as("hidden in the table: Tbilisi and at least one of the zeros hidden with it").contains("tbilisi")
                .hasSizeGreaterThanOrEqualTo(2);
        long published = table.stream().filter(r -> r.newParticipants() != null).mapToLong(Snapshot.TerritoryRow::newParticipants).sum();
        assertThat(1 - published).as("what the hidden cells add up to, shared by two or more").isEqualTo(1);
        assertThat(table).filteredOn(r -> r.newParticipants() == null)
                .allSatisfy(r -> assertThat(r.suppressed()).contains("newParticipants"));
        assertThat(s.newcomers().territoriesWithNewParticipants()).as("hidden with the cells (review 17)").isNull();
        assertThat(s.newcomers().newTerritories()).singleElement()
                .satisfies(t -> assertThat(t.participantsActive()).as("Tbilisi's 1 active").isNull());

        String html = HtmlReport.render(s, Locale.ENGLISH);
        assertThat(html).contains("1</strong> new participant joined the network").doesNotContain("joined in");
        for (Snapshot.TerritoryRow hidden : table.stream().filter(r -> r.newParticipants() == null).toList()) {
            int at = html.indexOf("<td>" + hidden.name());
            assertThat(at).as("%s is in the table", hidden.name()).isPositive();
            assertThat(html.substring(at, html.indexOf("</tr>", at))).contains("&lt; 5");
        }
        assertThat(CsvReport.tables(s, Locale.ENGLISH).get("territories").lines().skip(1))
                .as("the CSV lists the same territories").hasSize(table.size());
        JsonNode json = new ObjectMapper().readTree(JsonReport.render(s));
        assertThat(json.at("/newcomers/byTerritory")).hasSize(table.size());
    }

    /**
     * Review 17, finding 4: Tbilisi's 1 new participant is hidden, and with it Gent's and Lyon's zeros, so that none can
     * be pinned; "1 new participant joined in 1 territory" then told that the two other hidden cells are zeros. In public,
     * the number of territories with new participants is hidden whenever a cell of that column is: null in JSON and
     * listed in the newcomers' suppressed list with minPublishedCount, left out of the sentence in both languages. The
     * internal report, and a public one with no such cell hidden, keep it.
     */
    @Test
    void theNumberOfTerritoriesThatHadNewParticipantsIsHiddenWithTheirHiddenCells() throws Exception {
        Snapshot s = gentLyonAnd(1);
        assertThat(s.newcomers().byTerritory()).filteredOn(r -> r.newParticipants() == null).hasSizeGreaterThanOrEqualTo(2);
        assertThat(s.newcomers().territoriesWithNewParticipants()).isNull();
        assertThat(s.newcomers().suppressed()).containsExactly("territoriesWithNewParticipants");
        assertThat(s.newcomers().minPublishedCount()).isEqualTo(5);
        JsonNode json = new ObjectMapper().readTree(JsonReport.render(s));
        assertThat(json.at("/newcomers/territoriesWithNewParticipants").isNull()).isTrue();
        assertThat(json.at("/newcomers/suppressed").toString()).isEqualTo("[\"territoriesWithNewParticipants\"]");
        assertThat(json.at("/newcomers/minPublishedCount").asInt()).isEqualTo(5);
        assertThat(JsonReport.read(JsonReport.render(s)).newcomers()).isEqualTo(s.newcomers());

        assertThat(HtmlReport.render(s, Locale.ENGLISH))
                .contains("<strong class=\"n\">1</strong> new participant joined the network, and <strong class=\"n\">1</strong> "
                        + "new territory took part (previous period: <strong class=\"n\">24</strong> new participants). How many "
                        + "territories they joined is not given")
                .doesNotContain("joined in");
        assertThat(HtmlReport.render(s, Locale.FRENCH))
                .contains("<strong class=\"n\">1</strong> nouveau participant a rejoint le réseau, et <strong class=\"n\">1</strong> "
                        + "nouveau territoire y a pris part")
                .doesNotContain("a rejoint <strong");
        try (var pdf = Loader.loadPDF(PdfReport.render(s, Locale.FRENCH))) {
            String text = new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
            assertThat(text).contains("1 nouveau participant a rejoint le réseau").doesNotContain("rejoint 1 territoire");
        }

        Snapshot internal = SnapshotCalculator.compute(FROM, TO, Optional.empty(), gentLyonAndTbilisi(1), gentLyonAndTbilisiReference(),
                Instant.parse("2021-07-02T08:00:00Z"), Audience.INTERNAL, K5);
        assertThat(internal.newcomers().territoriesWithNewParticipants()).isEqualTo(1);
        assertThat(internal.newcomers().suppressed()).isEmpty();
        assertThat(HtmlReport.render(internal, Locale.ENGLISH)).contains("new participant joined in <strong class=\"n\">1</strong> territory");

        Snapshot noneHidden = gentLyonAnd(7);
        assertThat(noneHidden.newcomers().byTerritory()).allSatisfy(r -> assertThat(r.newParticipants()).isNotNull());
        assertThat(noneHidden.newcomers().territoriesWithNewParticipants()).isEqualTo(1);
        assertThat(noneHidden.newcomers().suppressed()).isEmpty();
        assertThat(new ObjectMapper().readTree(JsonReport.render(noneHidden)).at("/newcomers").has("suppressed")).isFalse();
    }

    /**
     * Property (review 8, item 2): for random networks, the public table of new participants by territory never shows
     * a hidden cell alone against the network's published total. A territory left out of the table had none (its zero
     * is published), so a reader knows the hidden cells add up to the total less the published ones: one hidden cell
     * with anything left would be that figure. Only a network where one territory took part (its figures are the
     * network's, published by the rule) may show one.
     */
    @Test
    void noHiddenCellOfTheNewParticipantsTableIsTheTotalLessThePublishedOnes() {
        java.util.Random random = new java.util.Random(20261206L);
        int hiddenSeen = 0;
        for (int round = 0; round < 150; round++) {
            int k = 2 + random.nextInt(5);
            int territories = 1 + random.nextInt(6);
            List<SpecificRecord> events = new ArrayList<>();
            for (int t = 0; t < territories; t++) {
                int before = random.nextInt(3) == 0 ? 0 : random.nextInt(15);
                double draw = random.nextDouble();
                int during = draw < 0.5 ? 0 : draw < 0.8 ? 1 + random.nextInt(k - 1) : k + random.nextInt(20);
                for (int i = 0; i < before; i++) {
                    events.add(joined("t" + t, "t" + t + "-b" + i, at("2021-02-1" + (i % 9))));
                }
                for (int i = 0; i < during; i++) {
                    events.add(joined("t" + t, "t" + t + "-d" + i, at("2021-05-1" + (i % 9))));
                }
                if (before == 0 && during == 0) {
                    events.add(Events.footprint("t" + t, "t" + t + "-f", 3.0, at("2021-0" + (1 + random.nextInt(6)) + "-02")));
                }
            }
            Snapshot s = SnapshotCalculator.compute(FROM, TO, Optional.empty(), events, new ReferenceData(Map.of(), Map.of(), Map.of()),
                    Instant.parse("2021-07-02T08:00:00Z"), Audience.PUBLIC, new DisclosureRule(k));
            List<Snapshot.TerritoryRow> table = s.newcomers().byTerritory();
            long published = table.stream().filter(r -> r.newParticipants() != null).mapToLong(Snapshot.TerritoryRow::newParticipants).sum();
            long left = s.headline().newParticipants().value() - published;
            long hidden = table.stream().filter(r -> r.newParticipants() == null).count();
            hiddenSeen += (int) hidden;
            if (hidden == 1 && left > 0) {
                assertThat(territories).as("round %d: %s; the network's %d", round, table,
                        s.headline().newParticipants().value()).isEqualTo(1);
            }
        }
        assertThat(hiddenSeen).as("hidden cells checked").isGreaterThan(100);
    }

    @Test
    void jsonSaysNullAndListsWhatIsSuppressedBesideK() throws Exception {
        JsonNode json = new ObjectMapper().readTree(JsonReport.render(snapshot(Audience.PUBLIC)));
        assertThat(json.get("audience").asText()).isEqualTo("public");
        assertThat(json.get("minPublishedCount").asInt()).isEqualTo(5);
        JsonNode hameau = null;
        for (JsonNode r : json.at("/newcomers/byTerritory")) {
            if (r.get("territoryId").asText().equals("hameau")) {
                hameau = r;
            }
        }
        assertThat(hameau.get("newParticipants").isNull()).isTrue();
        assertThat(hameau.get("suppressed")).extracting(JsonNode::asText).contains("newParticipants");
        assertThat(hameau.get("minPublishedCount").asInt()).isEqualTo(5);
    }

    @Test
    void csvLeavesTheCellEmptyAndNamesItInTheSuppressedColumn() {
        String csv = CsvReport.tables(snapshot(Audience.PUBLIC), Locale.ENGLISH).get("territories");
        assertThat(csv).startsWith("territoryId,name,countryCode,newParticipants,activeAtStart,activeAtEnd,everAtEnd,growthRate,"
                + "newInPeriod,suppressed\r\n");
        // new in the period: its 0 at the start is known, so published (review 12, finding 4)
        assertThat(csv).contains("hameau,Hameau-sur-Mer,FR,,0,,,,true,newParticipants activeAtEnd everAtEnd\r\n");
        assertThat(csv).contains("ville,Ville,FR,30,0,30,30,,true,\r\n");
        assertThat(csv).doesNotContain("internal");
    }

    @Test
    void htmlAndPdfShowLessThanKWithANote() throws Exception {
        Snapshot s = snapshot(Audience.PUBLIC);
        String html = HtmlReport.render(s, Locale.ENGLISH);
        assertThat(html).contains("Public figures.").contains("1 to 4 participants").doesNotContain("do not publish");
        assertThat(HtmlReport.render(s, Locale.FRENCH)).contains("Chiffres publics.");
        // every table row of the small territory shows "< 5" where its count would be
        List<String> rows = new ArrayList<>();
        for (int at = html.indexOf("Hameau-sur-Mer"); at >= 0; at = html.indexOf("Hameau-sur-Mer", at + 1)) {
            rows.add(html.substring(html.lastIndexOf("<tr>", at), html.indexOf("</tr>", at)));
        }
        assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(row).contains("&lt; 5").doesNotContain(">2<"));
        try (var pdf = Loader.loadPDF(PdfReport.render(s, Locale.ENGLISH))) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("Public figures.");
            assertThat(text.lines().filter(l -> l.contains("Hameau-sur-Mer")))
                    .isNotEmpty().allSatisfy(line -> assertThat(line).contains("< 5"));
        }
    }

    /**
     * Review 11: the change of a territory whose active count is hidden is a difference of two counts, not a small
     * count: it read "< 5" (a loss of 12 too). It reads "hidden", as every figure worked out from a hidden count, with
     * the note saying so after the table, in HTML and PDF, in English and French.
     */
    @Test
    void aHiddenChangeOfActiveParticipantsReadsHiddenNotLessThanK() throws Exception {
        Snapshot s = snapshot(Audience.PUBLIC);
        assertThat(row(s, "hameau").activeAtEnd()).as("Hameau's 2 are hidden").isNull();
        for (Locale locale : List.of(Locale.ENGLISH, Locale.FRENCH)) {
            boolean en = locale == Locale.ENGLISH;
            String html = HtmlReport.render(s, locale);
            int table = html.indexOf(en ? "<h3>New participants by territory</h3>" : "<h3>Nouveaux participants par territoire</h3>");
            int name = html.indexOf("Hameau-sur-Mer", table);
            String row = html.substring(html.lastIndexOf("<tr>", name), html.indexOf("</tr>", name));
            String change = row.substring(row.lastIndexOf("<td"));
            assertThat(change).as("the Change cell").endsWith(">" + (en ? "hidden" : "masqué") + "</td>");
            String notes = html.substring(html.indexOf("</table>", name), html.indexOf("<h3>", name));
            assertThat(notes).contains(en ? "&quot;hidden&quot;: a change worked out from a hidden count, so hidden with it."
                    : "«\u202fmasqué\u202f»\u202f: une évolution calculée à partir d&#39;un chiffre masqué, donc masquée avec lui.");
        }
        assertThat(HtmlReport.render(s, Locale.ENGLISH).substring(0, HtmlReport.render(s, Locale.ENGLISH).indexOf("<h3>New territories</h3>")))
                .as("Ville's change is published").contains(">+30</td>");
        try (var pdf = Loader.loadPDF(PdfReport.render(s, Locale.ENGLISH))) {
            String text = new PDFTextStripper().getText(pdf);
            String line = text.lines().filter(l -> l.contains("Hameau-sur-Mer")).findFirst().orElseThrow();
            assertThat(line).as("the new participants' row").endsWith("hidden");
            assertThat(text.replaceAll("\\s+", " ")).contains("\"hidden\": a change worked out from a hidden count, so hidden with it.");
        }
        assertThat(HtmlReport.render(snapshot(Audience.INTERNAL), Locale.ENGLISH)).doesNotContain("a change worked out");
    }

    /**
     * "< 5" marks a small figure and one hidden with it alike (finding 3: Bourg's 9 showed as "< 5"): every table that
     * shows the mark is followed at once by the note saying it may be either, k as the rule says; a table without a
     * hidden value has no such note.
     */
    @Test
    void everyTableShowingAHiddenValueIsFollowedByTheNoteThatItMayBeSmallOrHiddenWithASmallOne() throws Exception {
        Snapshot s = SnapshotCalculator.compute(FROM, TO, Optional.empty(), network(), reference(),
                Instant.parse("2021-07-02T08:00:00Z"), Audience.PUBLIC, new DisclosureRule(6));
        String note = "&quot;&lt; 6&quot;: fewer than 6, or a figure of any size hidden with such a one so that it cannot be "
                + "worked out from the published totals (so a &quot;&lt; 6&quot; may be large); &quot;hidden&quot;: at least 6 by the figures shown, hidden so that a smaller figure cannot "
                + "be worked out.";
        String html = HtmlReport.render(s, Locale.ENGLISH);
        int withMark = 0;
        for (int start = html.indexOf("<table"); start >= 0; start = html.indexOf("<table", start + 1)) {
            int end = html.indexOf("</table>", start) + "</table>".length();
            String table = html.substring(start, end);
            if (table.contains("<table class=\"split\">")) {
                continue; // a layout table holding two data tables
            }
            String after = html.substring(end, Math.min(html.length(), end + 400));
            if (table.contains("&lt; 6")) {
                withMark++;
                assertThat(after).as("right after %s", table.substring(0, Math.min(200, table.length())))
                        .startsWith("<p class=\"note hidden-note\">" + note + "</p>");
            } else {
                assertThat(after).doesNotStartWith("<p class=\"note hidden-note\">");
            }
        }
        assertThat(withMark).as("new participants by territory, new territories").isGreaterThanOrEqualTo(2);
        assertThat(HtmlReport.render(s, Locale.FRENCH))
                .contains("«\u202f&lt; 6\u202f»\u202f: moins de 6, ou un chiffre de toute taille masqué avec un tel chiffre pour qu&#39;il ne se "
                        + "déduise pas des totaux publiés (un «\u202f&lt; 6\u202f» peut donc valoir bien plus)\u202f;");
        try (var pdf = Loader.loadPDF(PdfReport.render(s, Locale.ENGLISH))) {
            String text = new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
            assertThat(text).contains("\"< 6\": fewer than 6, or a figure of any size hidden with such a one so that it "
                    + "cannot be worked out from the published totals (so a \"< 6\" may be large); \"hidden\": at least 6 by "
                    + "the figures shown");
        }
        assertThat(HtmlReport.render(snapshot(Audience.INTERNAL), Locale.ENGLISH)).doesNotContain("<p class=\"note hidden-note\">");
    }

    @Test
    void theInternalReportIsExactAndSaysSoOnEveryPageAndFile() throws Exception {
        Snapshot s = snapshot(Audience.INTERNAL);
        assertThat(row(s, "hameau").newParticipants()).isEqualTo(2);
        assertThat(HtmlReport.render(s, Locale.ENGLISH)).contains("internal - do not publish");
        assertThat(HtmlReport.render(s, Locale.FRENCH)).contains("interne - ne pas publier");
        CsvReport.tables(s, Locale.ENGLISH).forEach((table, csv) -> {
            assertThat(csv).as(table).contains(",notice\r\n");
            if (csv.split("\r\n").length > 1) { // every row says it (a table without rows, such as no targets, is its header)
                assertThat(csv).as(table).endsWith(",internal - do not publish\r\n");
            }
        });
        assertThat(new ObjectMapper().readTree(JsonReport.render(s)).get("notice").asText()).isEqualTo("internal - do not publish");
        try (var pdf = Loader.loadPDF(PdfReport.render(s, Locale.ENGLISH))) {
            PDFTextStripper text = new PDFTextStripper();
            for (int page = 1; page <= pdf.getNumberOfPages(); page++) {
                text.setStartPage(page);
                text.setEndPage(page);
                assertThat(text.getText(pdf)).as("page %d", page).containsIgnoringCase("internal - do not publish");
            }
        }
    }

    @Test
    void aTerritorysReportIsInternal() {
        assertThatThrownBy(() -> SnapshotCalculator.compute(FROM, TO, Optional.of("ville"), network(), reference(), Instant.now(),
                Audience.PUBLIC, K5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("internal");
    }

    /**
     * The meeting's sections of a public snapshot: the network's targets, approaches and cohorts are network-wide
     * (published as they are); a territory's report is internal.
     */
    @Test
    void theMeetingsSectionsOfAPublicSnapshotAreTheNetworksExactFigures() {
        List<SpecificRecord> events = new ArrayList<>(network());
        events.add(Events.approach("hameau", "hameau-csa", org.together.events.ApproachKind.COMMUNITY_SUPPORTED_AGRICULTURE, 4,
                2.0, at("2021-05-20")));
        ReferenceData reference = new ReferenceData(reference().territories(), Map.of(), Map.of(), targets());
        Snapshot pub = SnapshotCalculator.compute(FROM, TO, Optional.empty(), events, reference,
                Instant.parse("2021-07-02T08:00:00Z"), Audience.PUBLIC, K5);
        Snapshot internal = SnapshotCalculator.compute(FROM, TO, Optional.empty(), events, reference,
                Instant.parse("2021-07-02T08:00:00Z"), Audience.INTERNAL, K5);
        assertThat(target(pub, "network-ever").current()).isEqualTo(41);
        assertThat(target(pub, "network-ever").suppressed()).isEmpty();
        assertThat(pub.meeting().approaches()).as("one evaluation network-wide: a network figure, published")
                .isEqualTo(internal.meeting().approaches()).singleElement()
                .satisfies(a -> assertThat(a.evaluations()).isEqualTo(1));
        assertThat(pub.meeting().cohorts()).isEqualTo(internal.meeting().cohorts()).isNotEmpty();
        assertThatThrownBy(() -> SnapshotCalculator.compute(FROM, TO, Optional.of("hameau"), events, reference,
                Instant.parse("2021-07-02T08:00:00Z"), Audience.PUBLIC, K5)).as("a territory's report is internal")
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The network's target, one per territory (hameau has 2 ever, bourg 9, ville 30), and a tool target of ville's. */
    static Map<String, org.together.reference.Target> targets() {
        LocalDate due = LocalDate.parse("2021-12-31");
        return Map.of(
                "network-ever", new org.together.reference.Target("network-ever", "participantsEver", null, null, 100L, due,
                        at("2021-04-01")),
                "hameau-ever", new org.together.reference.Target("hameau-ever", "participantsEver", null, "hameau", 10L, due,
                        at("2021-04-01")),
                "bourg-active", new org.together.reference.Target("bourg-active", "participantsActive", null, "bourg", 20L, due,
                        at("2021-04-01")),
                "ville-ever", new org.together.reference.Target("ville-ever", "participantsEver", null, "ville", 60L, due,
                        at("2021-04-01")),
                "ville-workshop", new org.together.reference.Target("ville-workshop", "toolAdopters", "wellbeing-workshop",
                        "ville", 10L, due, at("2021-04-01")));
    }

    static Snapshot.TargetRow target(Snapshot s, String id) {
        return s.meeting().targets().stream().filter(t -> t.targetId().equals(id)).findFirst().orElseThrow();
    }

    /**
     * Review 9, item 6: the network's snapshot listed the network's targets only; a territory's target was in that
     * territory's report alone. It lists every target, a territory's computed as its own report computes it.
     */
    @Test
    void theNetworksInternalSnapshotListsEveryTargetEachTerritorysAsItsOwnReportComputesIt() {
        ReferenceData reference = new ReferenceData(reference().territories(), Map.of(), Map.of(), targets());
        Instant made = Instant.parse("2021-07-02T08:00:00Z");
        Snapshot internal = SnapshotCalculator.compute(FROM, TO, Optional.empty(), network(), reference, made,
                Audience.INTERNAL, K5);
        assertThat(internal.meeting().targets()).extracting(Snapshot.TargetRow::targetId)
                .containsExactly("bourg-active", "hameau-ever", "network-ever", "ville-ever", "ville-workshop");
        assertThat(target(internal, "hameau-ever").current()).as("hameau's own 2, not the network's 41").isEqualTo(2);
        assertThat(target(internal, "hameau-ever").territoryName()).isEqualTo("Hameau-sur-Mer");
        assertThat(target(internal, "ville-ever").current()).isEqualTo(30);
        assertThat(target(internal, "network-ever").current()).as("the network's figures are still every territory's")
                .isEqualTo(41);
        assertThat(internal.headline().participantsEver().value()).isEqualTo(41);
        for (String territory : List.of("hameau", "bourg", "ville")) {
            Snapshot own = SnapshotCalculator.compute(FROM, TO, Optional.of(territory), network(), reference, made,
                    Audience.INTERNAL, K5);
            assertThat(own.meeting().targets()).isNotEmpty().allSatisfy(t -> assertThat(target(internal, t.targetId()))
                    .as(t.targetId()).isEqualTo(t));
        }
        String en = HtmlReport.render(internal, Locale.ENGLISH);
        assertThat(en).contains("Participants ever · Hameau-sur-Mer", "Participants active · Bourg");
        assertThat(HtmlReport.render(internal, Locale.FRENCH)).contains("Participants inscrits · Hameau-sur-Mer");
    }

    /**
     * In public, a territory target's figures are hidden exactly when the territory's figure of that metric is: hameau's
     * 2 ever (small) and bourg's 9 active (hidden with it) in every format; ville's 30 ever is published, as in the
     * territory table; a tool's adopters in one territory are published nowhere in the snapshot, so ville's tool target
     * is hidden. Every target is still listed, with its value and due date.
     */
    @Test
    void aPublicSnapshotListsTerritoryTargetsHidingTheirFiguresWhenTheTerritorysFigureIsHidden() throws Exception {
        ReferenceData reference = new ReferenceData(reference().territories(), Map.of(), Map.of(), targets());
        Snapshot pub = SnapshotCalculator.compute(FROM, TO, Optional.empty(), network(), reference,
                Instant.parse("2021-07-02T08:00:00Z"), Audience.PUBLIC, K5);
        assertThat(pub.meeting().targets()).hasSize(5);
        assertThat(row(pub, "bourg").activeAtEnd()).isNull();
        for (String hidden : List.of("hameau-ever", "bourg-active", "ville-workshop")) {
            Snapshot.TargetRow t = target(pub, hidden);
            assertThat(t.current()).as(hidden).isNull();
            assertThat(t.progress()).isNull();
            assertThat(t.requiredPerWeek()).isNull();
            assertThat(t.projectedAtDue()).isNull();
            assertThat(t.onTrack()).isNull();
            assertThat(t.suppressed()).containsExactly("current", "progress", "requiredPerWeek", "projectedAtDue", "onTrack");
            assertThat(t.minPublishedCount()).isEqualTo(5);
            assertThat(t.value()).isPositive();
        }
        assertThat(target(pub, "ville-ever").current()).isEqualTo(30);
        assertThat(target(pub, "ville-ever").suppressed()).isEmpty();

        JsonNode json = new ObjectMapper().readTree(JsonReport.render(pub));
        JsonNode hameau = null;
        for (JsonNode t : json.path("meeting").path("targets")) {
            if (t.path("targetId").asText().equals("hameau-ever")) {
                hameau = t;
            }
        }
        assertThat(hameau).isNotNull();
        assertThat(hameau.path("current").isNull()).isTrue();
        assertThat(hameau.path("suppressed").toString()).contains("\"current\"", "\"onTrack\"");
        assertThat(hameau.path("value").asLong()).isEqualTo(10);

        String csv = CsvReport.tables(pub, Locale.ENGLISH).get("targets");
        assertThat(csv).contains("hameau-ever,participantsEver,Participants ever,,hameau,10,2021-12-31,,,,,,Hameau-sur-Mer,"
                + "current progress requiredPerWeek projectedAtDue onTrack,");
        assertThat(csv).contains("ville-ever,participantsEver,Participants ever,,ville,60,2021-12-31,30,0.5,");

        for (Locale locale : List.of(Locale.ENGLISH, Locale.FRENCH)) {
            String html = HtmlReport.render(pub, locale);
            String section = html.substring(html.indexOf(locale == Locale.ENGLISH ? "6. Targets" : "6. Objectifs"));
            section = section.substring(0, section.indexOf("<h2>"));
            assertThat(section).contains("Hameau-sur-Mer", "Bourg", "Ville", "&lt; 5", "hidden-note");
            assertThat(section).doesNotContain("<td class=\"num\">2</td>");
            // the count reads "< 5"; progress, needed per week, projection and on-track, worked out from it, "hidden"
            // (review 10: "< 5" as a percentage or as a yes/no read as nonsense), with the note that says so
            String hiddenWord = locale == Locale.ENGLISH ? "hidden" : "masqué";
            int at = section.indexOf("Hameau-sur-Mer");
            String hameauRow = section.substring(section.lastIndexOf("<tr>", at), section.indexOf("</tr>", at));
            assertThat(hameauRow.split("&lt; 5", -1)).as("one '< 5', the count").hasSize(2);
            assertThat(hameauRow.split(">" + hiddenWord + "<", -1)).as("four '%s'", hiddenWord).hasSize(5);
            assertThat(section).contains(locale == Locale.ENGLISH
                    ? "<p class=\"note hidden-note\">&quot;hidden&quot;: worked out from a hidden count"
                    : "<p class=\"note hidden-note\">«\u202fmasqué\u202f»\u202f: calculé à partir d&#39;un chiffre masqué");
        }
        try (var pdf = Loader.loadPDF(PdfReport.render(pub, Locale.FRENCH))) {
            String text = new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
            assertThat(text).contains("« masqué » : calculé à partir d'un chiffre masqué");
            assertThat(text).doesNotContain("< 5 %");
        }
    }
}
