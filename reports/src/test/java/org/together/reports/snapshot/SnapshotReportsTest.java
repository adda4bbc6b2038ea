package org.together.reports.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.together.reference.Territory;

/** The report's formats: what people read (HTML, PDF) and what analysts load (JSON, CSV). */
class SnapshotReportsTest {

    static Snapshot sample;

    @BeforeAll
    static void computeSample() throws IOException {
        SampleNetwork network = new SampleNetwork(20210710L, LocalDate.parse("2021-10-01"));
        sample = SnapshotCalculator.compute(SnapshotCalculatorTest.FROM, SnapshotCalculatorTest.TO, Optional.empty(),
                network.events, network.reference, SnapshotCalculatorTest.GENERATED);
        // -Dsnapshot.sampleDir=DIR keeps a sample of every format to look at.
        String dir = System.getProperty("snapshot.sampleDir");
        if (dir != null) {
            SnapshotWriter.write(sample, Path.of(dir), Locale.ENGLISH, Set.of());
            SnapshotWriter.write(sample, Path.of(dir), Locale.FRENCH, EnumSet.of(SnapshotFormat.HTML, SnapshotFormat.PDF));
        }
    }

    @Test
    void htmlHasNoExternalReferenceInEitherLanguage() {
        for (Locale locale : List.of(Locale.ENGLISH, Locale.FRENCH)) {
            String html = HtmlReport.render(sample, locale);
            assertThat(html).doesNotContain("http:", "https:", "src=\"//", "href=", "<link", "<script", "@import", "url(", "@font-face");
            assertThat(html).contains("<svg", "<style>");
            assertThat(html).startsWith("<!DOCTYPE html>");
        }
    }

    @Test
    void htmlShowsTheObjectivesPeriodAndHeadlineFiguresFormattedPerLanguage() {
        Snapshot.Headline h = sample.headline();
        String en = HtmlReport.render(sample, Locale.ENGLISH);
        assertThat(en).contains("10 April 2021", "9 July 2021", "Make the proposed tools more accessible and attractive",
                "Rapidly increase the number of participants", "Under 2 t CO2e per person per year",
                "How these figures are computed");
        assertThat(en).contains(">" + String.format(Locale.ENGLISH, "%,d", h.participantsActive().value()) + "<");
        String fr = HtmlReport.render(sample, Locale.FRENCH);
        assertThat(fr).contains("10 avril 2021", "9 juillet 2021", "Rendre les outils proposés plus accessibles et attractifs",
                "Augmenter rapidement le nombre de participants", "Comment ces chiffres sont calculés");
        String meanFr = String.format(Locale.FRENCH, "%.1f", h.footprintMeanTonnes().value());
        assertThat(meanFr).contains(",");
        assertThat(fr).contains(">" + meanFr + " t<");
    }

    @Test
    void pdfTextContainsTheHeadlineFiguresInEitherLanguage() throws IOException {
        Snapshot.Headline h = sample.headline();
        for (Locale locale : List.of(Locale.ENGLISH, Locale.FRENCH)) {
            byte[] pdf = PdfReport.render(sample, locale);
            assertThat(new String(pdf, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
            String text;
            try (PDDocument doc = Loader.loadPDF(pdf)) {
                assertThat(doc.getNumberOfPages()).isGreaterThanOrEqualTo(3);
                text = normalize(new PDFTextStripper().getText(doc));
            }
            ReportLanguage lang = ReportLanguage.of(locale);
            assertThat(text).contains(normalize(lang.t("title")));
            for (long figure : List.of(h.participantsActive().value(), h.participantsEver().value(), h.newParticipants().value(),
                    h.territoriesActive().value(), h.countries().value(), h.evaluations().value(), h.citizens().value(),
                    h.toolAdopters().value())) {
                assertThat(text).as("figure %d in the %s PDF", figure, locale).contains(normalize(lang.integer(figure)));
            }
            assertThat(text).contains(normalize(lang.decimal(h.footprintMeanTonnes().value(), 1) + " t"));
            assertThat(text).contains(normalize(lang.percent(h.footprintShareUnder2t().value())));
            assertThat(text).contains(normalize(lang.date(sample.scope().from())));
        }
    }

    /**
     * The headline's footprint counts every assessment up to the end, the objectives and the footprint section the
     * period's (finding 9: "5.8 t" and "6.1 t" side by side, nothing saying which was which): each says what it covers,
     * in the HTML, the PDF and the CSV.
     */
    @Test
    void theHeadlinesAllTimeFootprintAndThePeriodsFootprintEachSayWhatTheyCover() throws IOException {
        Snapshot.Headline h = sample.headline();
        Snapshot.FootprintFigures period = sample.footprint().current();
        assertThat(h.footprintAssessments().value()).as("the sample has assessments before the period")
                .isGreaterThan(period.assessments());
        String allTime = "Mean footprint per person per year, all assessments to 9 July 2021 ("
                + String.format(Locale.ENGLISH, "%,d", h.footprintAssessments().value()) + " in all)";
        String inPeriodCount = String.format(Locale.ENGLISH, "%,d", period.assessments());
        String en = HtmlReport.render(sample, Locale.ENGLISH);
        assertThat(en).contains(allTime, "Footprints under 2 t, all assessments to 9 July 2021",
                "<strong class=\"n\">" + inPeriodCount + "</strong> assessments in the period)",
                "of the assessments in the period under 2 t", "Well-being evaluations, all to 9 July 2021");
        // review 11: footprint assessments are "bilans carbone" in French, never "évaluations" as the well-being ones
        String fr = HtmlReport.render(sample, Locale.FRENCH);
        assertThat(fr).contains("Empreinte moyenne par personne et par an, tous les "
                + "bilans carbone jusqu&#39;au 9 juillet 2021 (" + ReportLanguage.of(Locale.FRENCH).integer(h.footprintAssessments().value())
                + " en tout)", "bilans carbone sur la période)").doesNotContain("évaluations d&#39;empreinte");
        try (PDDocument doc = Loader.loadPDF(PdfReport.render(sample, Locale.ENGLISH))) {
            // (the text of a PDF line comes out with its bold figures moved: the words are checked, not their order)
            assertThat(normalize(new PDFTextStripper().getText(doc))).contains(allTime, "footprint assessments in the period",
                    "of the assessments in the period under 2 t");
        }
        Map<String, String> csv = CsvReport.tables(sample, Locale.ENGLISH);
        assertThat(csv.get("headline")).contains(
                "footprintAssessments," + h.footprintAssessments().value() + "," + h.footprintAssessments().previous() + ","
                        + h.footprintAssessments().change() + ",2021-04-10,2021-07-10,2021-01-10,to-end,",
                "newParticipants," + h.newParticipants().value() + ",", ",in-period,", "participantsActive,", ",at-end,");
        assertThat(csv.get("footprint")).startsWith("period,from,to,assessments,meanTonnes,")
                .contains("\r\ncurrent,2021-04-10,2021-07-10," + period.assessments() + ",")
                .contains("\r\nprevious,2021-01-10,2021-04-10,");
    }

    /** Counted words agree with their figure in both languages (finding 17: "including 1 new territories"). */
    @Test
    void countedWordsAgreeWithTheirFigure() {
        ReferenceData reference = new ReferenceData(Map.of("q", Events.territory("q", "Quartier", "BE", "neighbourhood")),
                Map.of(), Map.of());
        Snapshot one = SnapshotCalculator.compute(SnapshotCalculatorTest.FROM, SnapshotCalculatorTest.TO, Optional.empty(),
                List.of(Events.joined("q", "q1", Events.at("2021-05-01"))), reference, SnapshotCalculatorTest.GENERATED);
        String en = normalize(HtmlReport.render(one, Locale.ENGLISH).replaceAll("<[^>]*>", ""));
        assertThat(en).contains("1 new participant joined in 1 territory, including 1 new territory (previous period: 0 new participants).",
                "0 evaluations by 0 groups involving 0 citizens", "from 1 event received up to", "0 duplicates ignored; 0 later events")
                .doesNotContain("1 new territories", "1 territories", "1 new participants");
        String fr = normalize(HtmlReport.render(one, Locale.FRENCH).replaceAll("<[^>]*>", ""));
        assertThat(fr).as("French: 0 and 1 take the singular")
                .contains("1 nouveau participant a rejoint 1 territoire, dont 1 nouveau territoire (période précédente : 0 nouveau participant).",
                        "0 évaluation par 0 groupe impliquant 0 citoyen", "1 événement reçu");
        assertThat(normalize(HtmlReport.render(sample, Locale.ENGLISH).replaceAll("<[^>]*>", "")))
                .containsPattern("[0-9,]{2,} new participants joined in [0-9,]+ territories");
    }

    /**
     * Review 17, finding 10: the footer gave "Généré le 2026-12-07 17:11:42 UTC ... jusqu'au 2026-12-07 17:11:42 UTC" in
     * a report whose every other date is in words. Its moments are in the report's words, to the second in UTC.
     */
    @Test
    void theFootersMomentsAreInTheReportsWordsToTheSecond() throws IOException {
        Snapshot s = new Snapshot(sample.scope(), sample.headline(), sample.newcomers(), sample.fastestGrowing(), sample.growingHidden(),
                sample.tools(), sample.wellbeing(), sample.footprint(), sample.weeks(),
                new Snapshot.Provenance(java.time.Instant.parse("2026-12-01T17:11:42.600Z"), 10, 1, 0, 9, 0, 0,
                        java.time.Instant.parse("2026-12-07T09:05:03Z")),
                sample.meeting(), sample.audience(), sample.minPublishedCount(), sample.notice());
        assertThat(normalize(HtmlReport.render(s, Locale.FRENCH))).contains("Généré le 1er décembre 2026 à 17:11:42 UTC",
                "jusqu&#39;au 7 décembre 2026 à 09:05:03 UTC").doesNotContain("2026-12-0");
        assertThat(normalize(HtmlReport.render(s, Locale.ENGLISH))).contains("Generated on 1 December 2026 at 17:11:42 UTC",
                "received up to 7 December 2026 at 09:05:03 UTC").doesNotContain("2026-12-0");
        try (PDDocument doc = Loader.loadPDF(PdfReport.render(s, Locale.FRENCH))) {
            assertThat(normalize(new PDFTextStripper().getText(doc))).contains("1er décembre 2026 à 17:11:42 UTC",
                    "7 décembre 2026 à 09:05:03 UTC");
        }
    }

    /**
     * Review 17, finding 5: "1 actifs en fin de période (– sur la période)" and "– t depuis le 1er juillet 2026". The
     * active count agrees with its figure in French, and a change with nothing to compare says so in words, in both
     * languages: a territory new in the period (no one active at its start, no assessment before it), a tool started
     * in the period only.
     */
    @Test
    void aChangeWithNothingToCompareSaysSoInWordsAndTheActiveCountAgreesWithItsFigure() throws IOException {
        ReferenceData reference = new ReferenceData(Map.of("q", Events.territory("q", "Quartier", "BE", "neighbourhood")),
                Map.of(), Map.of());
        Snapshot fresh = SnapshotCalculator.compute(SnapshotCalculatorTest.FROM, SnapshotCalculatorTest.TO, Optional.empty(),
                List.of(Events.joined("q", "q1", Events.at("2021-05-01")), Events.footprint("q", "q1", 3.0, Events.at("2021-05-02"))),
                reference, SnapshotCalculatorTest.GENERATED);
        assertThat(fresh.headline().growthRate().value()).isNull();
        assertThat(fresh.headline().footprintMeanTonnes().change()).isNull();
        String en = normalize(HtmlReport.render(fresh, Locale.ENGLISH).replaceAll("<[^>]*>", ""));
        assertThat(en).contains("1 active at the end of the period (no growth rate: no one was active at its start)",
                "– of tool starts were completed (no tool was started in this period)",
                "no assessment before 10 April 2021 to compare with")
                .doesNotContain("(– over the period)", "– t since", "– pts since", "(– vs previous period)");
        String fr = normalize(HtmlReport.render(fresh, Locale.FRENCH).replaceAll("<[^>]*>", ""));
        assertThat(fr).contains("1 actif en fin de période (pas de taux de croissance : personne n&#39;était actif à son début)",
                "aucun outil commencé sur cette période", "aucun bilan carbone avant le 10 avril 2021 pour comparer")
                .doesNotContain("1 actifs", "(– sur la période)", "– t depuis", "– pts depuis", "(– par rapport");
        try (PDDocument doc = Loader.loadPDF(PdfReport.render(fresh, Locale.FRENCH))) {
            assertThat(normalize(new PDFTextStripper().getText(doc))).contains("actif en fin de période",
                    "aucun bilan carbone avant le 10 avril 2021 pour comparer").doesNotContain("actifs en fin de période (pas", "– t depuis");
        }

        // a tool started in the period, none before it: its rate is given, its change says why there is none
        Snapshot started = SnapshotCalculator.compute(SnapshotCalculatorTest.FROM, SnapshotCalculatorTest.TO, Optional.empty(),
                List.of(Events.joined("q", "q1", Events.at("2021-01-20")), Events.joined("q", "q2", Events.at("2021-01-21")),
                        Events.tool("q", "q1", "choices-guide", org.together.events.ToolStage.STARTED, null, Events.at("2021-05-01"))),
                reference, SnapshotCalculatorTest.GENERATED);
        assertThat(started.headline().toolCompletionRate().value()).isNotNull();
        assertThat(started.headline().toolCompletionRate().previous()).isNull();
        assertThat(normalize(HtmlReport.render(started, Locale.ENGLISH).replaceAll("<[^>]*>", "")))
                .contains("of tool starts were completed (no tool was started in the previous period to compare with)",
                        "of starts were completed (no tool was started in the previous period to compare with)",
                        "2 active at the end of the period (0% over the period)");
        assertThat(normalize(HtmlReport.render(started, Locale.FRENCH).replaceAll("<[^>]*>", "")))
                .contains("des outils commencés ont été terminés (aucun outil commencé sur la période précédente pour comparer)",
                        "2 actifs en fin de période (0 % sur la période)");
    }

    /**
     * The PDF sets every text, charts included, in the Liberation Sans it embeds: none in a standard font it leaves to
     * the reader's machine (the document's text was in unembedded Helvetica, the font PDFBox warned it had no glyphs
     * of, finding 17).
     */
    @Test
    void pdfEmbedsTheOneFamilyItSetsEveryTextIn() throws IOException {
        for (Locale locale : List.of(Locale.ENGLISH, Locale.FRENCH)) {
            try (PDDocument doc = Loader.loadPDF(PdfReport.render(sample, locale))) {
                java.util.Set<String> fonts = new java.util.TreeSet<>();
                for (var page : doc.getPages()) {
                    var resources = page.getResources();
                    for (var name : resources.getFontNames()) {
                        var font = resources.getFont(name);
                        assertThat(font.isEmbedded()).as("%s in the %s PDF is embedded", font.getName(), locale).isTrue();
                        fonts.add(font.getName().replaceFirst("^[A-Z]{6}\\+", ""));
                    }
                }
                // Its bold and italic faces where the machine has them (fonts-liberation), else the regular face PDFBox ships.
                assertThat(fonts).as(locale.toString()).contains("LiberationSans")
                        .allMatch(f -> f.matches("LiberationSans(-Bold|-Italic|-BoldItalic)?"));
            }
        }
    }

    /**
     * Review 20, finding 4: the PDF was untagged, without a language or a displayed title (WCAG 1.3.1, 3.1.1, 2.4.2,
     * 1.1.1). It is a tagged PDF in its language, shows its title in the window, and each chart's figure has alt text.
     */
    @Test
    void pdfIsTaggedInItsLanguageShowsItsTitleAndGivesEveryChartAltText() throws IOException {
        for (Locale locale : List.of(Locale.ENGLISH, Locale.FRENCH)) {
            ReportLanguage lang = ReportLanguage.of(locale);
            try (PDDocument doc = Loader.loadPDF(PdfReport.render(sample, locale))) {
                var catalog = doc.getDocumentCatalog();
                assertThat(catalog.getStructureTreeRoot()).as("StructTreeRoot, %s", locale).isNotNull();
                assertThat(catalog.getMarkInfo()).as("MarkInfo, %s", locale).isNotNull();
                assertThat(catalog.getMarkInfo().isMarked()).isTrue();
                assertThat(catalog.getLanguage()).isEqualTo(lang.code());
                assertThat(catalog.getViewerPreferences()).isNotNull();
                assertThat(catalog.getViewerPreferences().displayDocTitle()).isTrue();
                assertThat(doc.getDocumentInformation().getTitle()).startsWith(lang.t("title"));
                assertThat(catalog.getMetadata()).as("XMP metadata, %s", locale).isNotNull();
                String xmp = new String(catalog.getMetadata().toByteArray(), StandardCharsets.UTF_8)
                        .replace("&apos;", "'").replace("&#39;", "'");
                assertThat(xmp).contains("<dc:title>").contains(lang.t("title"));
                assertThat(doc.getDocumentInformation().getSubject()).as("the description PDF/UA asks for").isEqualTo(lang.t("project"));
                List<String> alts = new ArrayList<>();
                figures(catalog.getStructureTreeRoot().getKids(), alts);
                assertThat(alts).as("the figures' alt texts, %s", locale)
                        .anySatisfy(a -> assertThat(a).startsWith(lang.t("chart.weekly.title") + ". " + lang.t("chart.weekly.caption")))
                        .anySatisfy(a -> assertThat(a).startsWith(lang.t("chart.footprint.title") + ". "))
                        .allSatisfy(a -> assertThat(a).isNotBlank());
                assertThat(alts).hasSizeGreaterThanOrEqualTo(6);
            }
        }
    }

    /**
     * Review 20, finding 5: the weekly charts' and the footprint bands' figures were in no table, and the tools table
     * lacked the chart's "Discovered" (WCAG 1.1.1, 1.3.1). Each is a table now, in the HTML and the PDF.
     */
    @Test
    void everyChartsFiguresAreATableInTheHtmlAndThePdf() throws IOException {
        assertThat(sample.weeks()).hasSizeGreaterThan(5);
        for (Locale locale : List.of(Locale.ENGLISH, Locale.FRENCH)) {
            ReportLanguage lang = ReportLanguage.of(locale);
            String html = HtmlReport.render(sample, locale);
            assertThat(html).contains("<caption>" + Charts.escape(lang.t("figures.weeks.caption")) + "</caption>",
                    "<caption>" + Charts.escape(lang.t("figures.footprint.caption")) + "</caption>");
            for (Snapshot.WeekPoint w : sample.weeks()) {
                String week = lang.t("figures.week", Integer.parseInt(w.period().substring(w.period().indexOf('W') + 1)));
                assertThat(html).as("%s: week %s's row", locale, w.period()).contains("<tr><td>" + week + "</td><td>"
                        + lang.date(w.end().minusDays(1)) + "</td><td class=\"num\">" + lang.integer(w.newParticipants())
                        + "</td><td class=\"num\">" + lang.integer(w.activeAtEnd()) + "</td><td class=\"num\">"
                        + lang.integer(w.everAtEnd()) + "</td></tr>");
            }
            for (Snapshot.Bucket b : sample.footprint().current().distribution()) {
                assertThat(html).as("%s: band from %s t", locale, b.fromTonnes()).containsPattern(
                        "<tr><td>[^<]*" + Pattern.quote(lang.decimal(b.fromTonnes(), 0)) + "[^<]* t</td><td class=\"num\">"
                                + Pattern.quote(lang.integer(b.assessments())) + "</td></tr>");
            }
            assertThat(html).contains("<th>" + Charts.escape(lang.t("col.tool")) + "</th><th class=\"num\">"
                    + Charts.escape(lang.t("tools.discovered")) + "</th>");
            for (Snapshot.ToolRow tool : sample.tools().byTool()) {
                assertThat(html).contains("<tr><td>" + Charts.escape(HtmlReport.toolName(tool, lang)) + "</td><td class=\"num\">"
                        + lang.integer(tool.current().discovered()) + "<span class=\"delta\">");
            }
            String text;
            try (PDDocument doc = Loader.loadPDF(PdfReport.render(sample, locale))) {
                text = normalize(new PDFTextStripper().getText(doc));
            }
            assertThat(text).contains(normalize(lang.t("figures.weeks.caption")), normalize(lang.t("figures.footprint.caption")),
                    normalize(lang.t("col.weekEnd")), normalize(lang.t("col.band")));
        }
    }

    /**
     * Review 20, finding 14 (WCAG 1.3.1, 2.4.1): the snapshot HTML had no main landmark, its data tables no name, its
     * layout tables were announced as tables, and countries were codes read letter by letter.
     */
    @Test
    void htmlHasAMainLandmarkNamedDataTablesPresentationalLayoutTablesAndCountryNames() {
        for (Locale locale : List.of(Locale.ENGLISH, Locale.FRENCH)) {
            ReportLanguage lang = ReportLanguage.of(locale);
            String html = HtmlReport.render(sample, locale);
            assertThat(html).containsOnlyOnce("<main>").containsOnlyOnce("</main>");
            assertThat(html.indexOf("<main>")).isLessThan(html.indexOf("<h1>"));
            assertThat(html.indexOf("</main>")).isLessThan(html.indexOf("<footer"));
            Matcher tables = Pattern.compile("<table[^>]*>(<caption>)?").matcher(html);
            int data = 0;
            while (tables.find()) {
                String table = tables.group();
                if (table.contains("class=\"data")) {
                    data++;
                    assertThat(table.contains(" aria-label=\"") || tables.group(1) != null).as("%s: %s is named", locale, table).isTrue();
                } else {
                    assertThat(table).as("%s: a layout table", locale).contains("role=\"presentation\"");
                }
            }
            assertThat(data).isGreaterThanOrEqualTo(10);
            assertThat(html).contains("<table class=\"data\" aria-label=\"" + Charts.escape(lang.t("participants.byTerritory")) + "\">");
            String romania = locale == Locale.FRENCH ? "Roumanie" : "Romania";
            assertThat(html).contains("<td>France</td>", "<td>" + romania + "</td>").doesNotContain("<td>FR</td>", "<td>RO</td>");
        }
    }

    /**
     * Review 20, finding 8 (WCAG 1.4.3): the cover's light-green texts on green were 3.9 to 4.5:1 and the "NEW"
     * badge 2.75:1 at 7 pt. Each is 4.5:1 or more against its background, the badge at 8 pt or more.
     */
    @Test
    void theCoverTextsAndTheNewBadgeHaveAContrastOfAtLeast4AndAHalf() {
        String html = HtmlReport.render(sample, Locale.FRENCH);
        String cover = css(html, ".cover", "background");
        for (String selector : List.of(".brand", ".project", ".scope", ".sub", ".cover")) {
            assertThat(contrast(css(html, selector, "color"), cover)).as("%s on the cover", selector).isGreaterThanOrEqualTo(4.5);
        }
        assertThat(contrast(css(html, ".badge", "color"), css(html, ".badge", "background"))).as("the badge").isGreaterThanOrEqualTo(4.5);
        assertThat(Double.parseDouble(css(html, ".badge", "font-size").replace("pt", ""))).isGreaterThanOrEqualTo(8);
        assertThat(html).contains("<span class=\"badge\">" + ReportLanguage.of(Locale.FRENCH).t("badge.new") + "</span>");
    }

    /**
     * Review 20, finding 12: tables were 9 pt and notes 8.5 pt, hard to read projected; the tool funnel's and the
     * well-being chart's series had the same lightness and merged in greyscale (WCAG 1.4.1). Tables are 10 pt, notes and
     * captions 9 pt; each chart's series differ in lightness by 1.8:1 or more, and the charts draw with them.
     */
    @Test
    void tablesAndNotesAreLargeEnoughAndChartSeriesDifferInGreyscale() {
        String html = HtmlReport.render(sample, Locale.ENGLISH);
        assertThat(pt(css(html, "table.data", "font-size"))).isGreaterThanOrEqualTo(10);
        assertThat(pt(css(html, ".note, .muted", "font-size"))).isGreaterThanOrEqualTo(9);
        assertThat(pt(css(html, ".caption", "font-size"))).isGreaterThanOrEqualTo(9);
        for (String[] series : List.of(Charts.TOOL_SERIES, Charts.WELLBEING_SERIES)) {
            for (int i = 0; i < series.length; i++) {
                for (int j = i + 1; j < series.length; j++) {
                    assertThat(contrast(series[i], series[j])).as("%s and %s in greyscale", series[i], series[j])
                            .isGreaterThanOrEqualTo(1.8);
                }
            }
        }
        for (String colour : Charts.TOOL_SERIES) {
            assertThat(Charts.toolFunnel(sample.tools().byTool(), ReportLanguage.of(Locale.ENGLISH))).contains("fill=\"" + colour + "\"");
        }
        for (String colour : Charts.WELLBEING_SERIES) {
            assertThat(Charts.wellbeingByDimension(sample.wellbeing().current().dimensions(), ReportLanguage.of(Locale.ENGLISH)))
                    .contains("fill=\"" + colour + "\"");
        }
    }

    private static double pt(String size) {
        return Double.parseDouble(size.replace("pt", ""));
    }

    /** A property's value in the first rule of the page's style sheet whose selector is exactly {@code selector}. */
    private static String css(String html, String selector, String property) {
        Matcher rule = Pattern.compile("(?m)^" + Pattern.quote(selector) + " \\{([^}]*)}").matcher(html);
        assertThat(rule.find()).as("a rule for %s", selector).isTrue();
        Matcher value = Pattern.compile("(?<![-\\w])" + Pattern.quote(property) + ":\\s*([^;}]+)").matcher(rule.group(1));
        assertThat(value.find()).as("%s in %s", property, selector).isTrue();
        return value.group(1).trim();
    }

    /** WCAG 2's contrast ratio of two #rrggbb colours. */
    static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String hex) {
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            c[i] = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }

    private static void figures(List<Object> kids, List<String> alts) {
        for (Object kid : kids) {
            if (kid instanceof org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDStructureElement e) {
                if ("Figure".equals(e.getStructureType())) {
                    alts.add(String.valueOf(e.getAlternateDescription()));
                }
                figures(e.getKids(), alts);
            }
        }
    }

    /**
     * Review 10: in the French internal PDF, the third row of headline cards had its numbers at the bottom of page 1
     * and its labels at the top of page 2 (the internal banner and the longer French labels pushed it over). Each
     * card's number and label are on one page, in both languages and both audiences; the sample splits the row
     * without the rule.
     */
    @Test
    void noHeadlineCardIsSplitAcrossPagesInEitherLanguageOrAudience() throws IOException {
        SampleNetwork network = new SampleNetwork(20210710L, LocalDate.parse("2021-10-01"));
        Snapshot publicSample = SnapshotCalculator.compute(SnapshotCalculatorTest.FROM, SnapshotCalculatorTest.TO,
                Optional.empty(), network.events, network.reference, SnapshotCalculatorTest.GENERATED,
                org.together.figures.disclosure.Audience.PUBLIC, org.together.figures.disclosure.DisclosureRule.DEFAULT);
        for (Snapshot snapshot : List.of(sample, publicSample)) {
            for (Locale locale : List.of(Locale.FRENCH, Locale.ENGLISH)) {
                assertCardsWhole(snapshot, locale);
            }
        }
    }

    /** The cards as the HTML prints them (value, label), found in the PDF's text page by page. */
    private static void assertCardsWhole(Snapshot snapshot, Locale locale) throws IOException {
        String html = HtmlReport.render(snapshot, locale);
        Matcher card = Pattern.compile("<div class=\"card-value\">([^<]*)</div><div class=\"card-label\">([^<]*)</div>").matcher(html);
        List<String[]> cards = new ArrayList<>();
        while (card.find()) {
            cards.add(new String[] {unescape(card.group(1)), unescape(card.group(2))});
        }
        assertThat(cards).as("three rows of four cards").hasSize(12);
        StringBuilder text = new StringBuilder();
        List<Integer> pageStarts = new ArrayList<>();
        try (PDDocument doc = Loader.loadPDF(PdfReport.render(snapshot, locale))) {
            for (int page = 1; page <= doc.getNumberOfPages(); page++) {
                PDFTextStripper stripper = new PDFTextStripper();
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                pageStarts.add(text.length());
                text.append(normalize(stripper.getText(doc))).append(' ');
            }
        }
        String all = text.toString();
        String where = snapshot.audience() + " " + locale;
        int cursor = all.indexOf(normalize(ReportLanguage.of(locale).t("headline.title")));
        assertThat(cursor).as("the headline title in the %s PDF", where).isNotNegative();
        // the text comes in the order it is drawn: each card's value, then its label (its first words: a long label
        // is wrapped), then its change
        for (String[] c : cards) {
            int valueAt = all.indexOf(normalize(c[0]), cursor);
            assertThat(valueAt).as("value of card '%s' in the %s PDF", c[1], where).isNotNegative();
            String[] words = normalize(c[1]).split(" ");
            int labelAt = all.indexOf(String.join(" ", List.of(words).subList(0, Math.min(2, words.length))), valueAt);
            assertThat(labelAt).as("label '%s' in the %s PDF", c[1], where).isNotNegative();
            assertThat(page(pageStarts, labelAt)).as("card '%s' (%s) of the %s PDF: its label on the page of its number",
                    c[1], c[0], where).isEqualTo(page(pageStarts, valueAt));
            cursor = labelAt;
        }
    }

    private static int page(List<Integer> pageStarts, int offset) {
        int page = 0;
        while (page + 1 < pageStarts.size() && pageStarts.get(page + 1) <= offset) {
            page++;
        }
        return page + 1;
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }

    private static String normalize(String text) {
        return Pattern.compile("\\s+").matcher(text.replace('\u00a0', ' ').replace('\u202f', ' ')).replaceAll(" ");
    }

    @Test
    void jsonCarriesEveryFigureAndReadsBackEqual() {
        byte[] json = JsonReport.render(sample);
        String text = new String(json, StandardCharsets.UTF_8);
        assertThat(text).contains("\"participantsActive\"", "\"toolCompletionRate\"", "\"footprintShareUnder2t\"",
                "\"from\" : \"2021-04-10\"", "\"weeks\"", "\"fastestGrowing\"", "\"dimensions\"");
        assertThat(JsonReport.read(json)).isEqualTo(sample);
    }

    @Test
    void csvTablesUseMachineFormatsAndQuoteWhereNeeded() {
        Map<String, String> tables = CsvReport.tables(sample, Locale.FRENCH);
        assertThat(tables.keySet()).containsExactly("headline", "territories", "new-territories", "fastest-growing", "newcomers",
                "tools", "wellbeing", "wellbeing-totals", "footprint", "footprint-distribution", "weeks", "targets", "cohorts",
                "approaches", "approach-scores");
        String headline = tables.get("headline");
        assertThat(headline).as("an internal file says so on every row")
                .startsWith("figure,value,previous,change,from,to,previous_from,covers,notice\r\n")
                .contains(",internal - do not publish\r\n");
        assertThat(headline).contains("participantsActive," + sample.headline().participantsActive().value() + ","
                + sample.headline().participantsActive().previous() + ",");
        assertThat(headline).contains("footprintMeanTonnes," + sample.headline().footprintMeanTonnes().value() + ",");
        assertThat(tables.get("weeks").lines().count()).isEqualTo(sample.weeks().size() + 1);
        assertThat(tables.get("tools")).contains("choices-guide,Guide des bons choix,current,");

        // a name with a comma and quotes is quoted, RFC 4180
        ReferenceData reference = new ReferenceData(Map.of("q", Events.territory("q", "Saint-Gilles, \"Quartier\" Nord", "BE", "neighbourhood")),
                Map.of(), Map.of());
        Snapshot quoted = SnapshotCalculator.compute(SnapshotCalculatorTest.FROM, SnapshotCalculatorTest.TO, Optional.empty(),
                List.of(Events.joined("q", "q1", Events.at("2021-05-01"))), reference, SnapshotCalculatorTest.GENERATED);
        assertThat(CsvReport.tables(quoted, Locale.ENGLISH).get("territories"))
                .contains("q,\"Saint-Gilles, \"\"Quartier\"\" Nord\",BE,1,0,1,1,,true");
        assertThat(CsvReport.sections(quoted, Locale.ENGLISH)).startsWith("# headline\r\nfigure,").contains("\r\n\r\n# weeks\r\n");
    }

    @Test
    void writerWritesEveryFormatNamedByPeriodAndLanguage(@TempDir Path dir) throws IOException {
        List<Path> files = SnapshotWriter.write(sample, dir, Locale.FRENCH, Set.of());
        // the sample is internal: every name says so after the language (review 11, finding 4)
        assertThat(files).extracting(p -> p.getFileName().toString()).contains(
                "snapshot-2021-04-10_2021-07-10-fr-internal.html", "snapshot-2021-04-10_2021-07-10-fr-internal.pdf",
                "snapshot-2021-04-10_2021-07-10-internal.json", "snapshot-2021-04-10_2021-07-10-fr-internal-headline.csv",
                "snapshot-2021-04-10_2021-07-10-fr-internal-weeks.csv");
        assertThat(files).hasSize(3 + 15).allSatisfy(p -> assertThat(Files.size(p)).isPositive());
        try (var listing = Files.list(dir)) {
            assertThat(listing.filter(p -> p.toString().endsWith(".partial"))).isEmpty();
        }
        List<Path> html = SnapshotWriter.write(sample, dir.resolve("again"), Locale.FRENCH, EnumSet.of(SnapshotFormat.HTML));
        assertThat(html).singleElement();
        assertThat(Files.readString(html.get(0))).isEqualTo(Files.readString(dir.resolve("snapshot-2021-04-10_2021-07-10-fr-internal.html")));
    }

    /**
     * Review 9, item 10b: an internal snapshot ("internal - do not publish", exact small counts) was written 0755/0644.
     * Its folder is made 0700 and its files 0600; a public snapshot's files keep the usual modes.
     */
    @Test
    void anInternalSnapshotIsWrittenForItsOwnerOnlyAPublicOneAsUsual(@TempDir Path dir) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        assertThat(sample.isPublic()).as("the sample is internal").isFalse();
        Path internal = dir.resolve("internal").resolve("q3");
        List<Path> files = SnapshotWriter.write(sample, internal, Locale.ENGLISH, Set.of());
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(internal)))
                .isEqualTo("rwx------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("internal"))))
                .as("a parent it made too").isEqualTo("rwx------");
        assertThat(files).hasSize(3 + 15).allSatisfy(f -> assertThat(
                java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                .isEqualTo("rw-------"));
        // written again over files left readable by others: they are the owner's only afterwards
        Files.setPosixFilePermissions(files.get(0), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        SnapshotWriter.write(sample, internal, Locale.ENGLISH, EnumSet.of(SnapshotFormat.HTML));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(files.get(0))))
                .isEqualTo("rw-------");

        Snapshot pub = SnapshotCalculator.compute(PublicSnapshotTest.FROM, PublicSnapshotTest.TO, Optional.empty(),
                PublicSnapshotTest.network(), PublicSnapshotTest.reference(), SnapshotCalculatorTest.GENERATED,
                org.together.figures.disclosure.Audience.PUBLIC, PublicSnapshotTest.K5);
        Path usual = Files.createFile(dir.resolve("usual.txt"));
        List<Path> published = SnapshotWriter.write(pub, dir.resolve("public"), Locale.ENGLISH, EnumSet.of(SnapshotFormat.JSON));
        assertThat(Files.getPosixFilePermissions(published.get(0))).as("as any file made here")
                .isEqualTo(Files.getPosixFilePermissions(usual));
    }

    /** Review 9, item 11: French says "du 1er avril 2021", the first of the month as an ordinal, other days as numbers. */
    @Test
    void frenchWritesTheFirstOfTheMonthAsAnOrdinal() {
        Snapshot quarter = PublicSnapshotTest.snapshot(org.together.figures.disclosure.Audience.INTERNAL);
        String fr = HtmlReport.render(quarter, Locale.FRENCH);
        // (the weekly figures' dates have "11 avril": a first of the month is "1 avril" after no digit)
        assertThat(fr).contains("du 1er avril 2021 au 30 juin 2021").doesNotContainPattern("(?<![0-9])1 (avril|juillet)");
        assertThat(HtmlReport.render(quarter, Locale.ENGLISH)).contains("1 April 2021").doesNotContain("1er");
        assertThat(HtmlReport.render(sample, Locale.FRENCH)).as("10 April 2021 to 9 July 2021").contains("10 avril 2021")
                .doesNotContain("10er");
    }

    @Test
    void aPeriodWithoutAnyEventStillRendersInEveryFormat(@TempDir Path dir) throws IOException {
        Snapshot empty = SnapshotCalculator.compute(LocalDate.parse("2019-01-01"), LocalDate.parse("2019-04-01"), Optional.empty(),
                List.of(), ReferenceData.empty(), SnapshotCalculatorTest.GENERATED);
        assertThat(empty.headline().growthRate().value()).isNull();
        assertThat(empty.footprint().current().meanTonnes()).isNull();
        List<Path> files = SnapshotWriter.write(empty, dir, Locale.ENGLISH, Set.of());
        assertThat(files).hasSize(3 + 15);
        assertThat(Files.readString(dir.resolve("snapshot-2019-01-01_2019-04-01-en-internal.html"))).contains("Nothing in this period.", ">–<");
        assertThat(Files.readString(dir.resolve("snapshot-2019-01-01_2019-04-01-en-internal-headline.csv"))).contains("growthRate,,,,");
    }

    @Test
    void aTerritoryReportNamesTheTerritory() {
        SampleNetwork network = new SampleNetwork(20210710L, LocalDate.parse("2021-10-01"));
        Snapshot praia = SnapshotCalculator.compute(SnapshotCalculatorTest.FROM, SnapshotCalculatorTest.TO, Optional.of("praia"),
                network.events, network.reference, SnapshotCalculatorTest.GENERATED);
        Territory t = network.reference.territories().get("praia");
        assertThat(HtmlReport.render(praia, Locale.FRENCH)).contains("Territoire\u202f: " + t.getName());
        assertThat(praia.headline().territoriesActive().value()).isEqualTo(1);
    }
}
