package org.together.reports.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Review 16, finding 5: how the PDF lays the report out on pages (headings, charts and tables across page breaks). */
class SnapshotPdfLayoutTest {

    private static Snapshot sample;

    @BeforeAll
    static void computeSample() {
        SampleNetwork network = new SampleNetwork(20210710L, LocalDate.parse("2021-10-01"));
        sample = SnapshotCalculator.compute(SnapshotCalculatorTest.FROM, SnapshotCalculatorTest.TO, Optional.empty(),
                network.events, network.reference, SnapshotCalculatorTest.GENERATED);
    }

    /**
     * In the French PDF section 5's heading and lead ended page 5 and its chart began page 6. Every section's heading
     * is on the page of its chart's caption, and the footprint-by-domain table is on one page, header to total.
     */
    @Test
    void aHeadingSharesItsPageWithItsChartAndAShortTableIsNotSplit() throws IOException {
        List<String[]> sections = List.of(
                new String[] {"participants.title", "chart.cumulative.caption"},
                new String[] {"tools.title", "chart.funnel.caption"},
                new String[] {"wellbeing.title", "chart.wellbeing.caption"},
                new String[] {"footprint.title", "chart.footprint.caption"},
                new String[] {"growth.title", "chart.growth.caption"});
        for (Locale locale : List.of(Locale.ENGLISH, Locale.FRENCH)) {
            ReportLanguage lang = ReportLanguage.of(locale);
            List<String> pages = pages(PdfReport.render(sample, locale));
            for (String[] section : sections) {
                String heading = lang.t(section[0]);
                String caption = normalize(lang.t(section[1]));
                int headingPage = pageOf(pages, heading);
                assertThat(headingPage).as("%s: page of %s", locale, heading).isNotNegative();
                assertThat(pages.get(headingPage)).as("%s: the page of \"%s\" has its chart", locale, heading)
                        .contains(caption);
            }
            int total = pageOf(pages, lang.t("footprint.total"));
            assertThat(pages.get(total)).as("%s: the footprint table's header and first row on its total's page", locale)
                    .contains(lang.t("footprint.domain"), lang.t("footprint.meanNow"), lang.t("footprint.food"));
        }
    }

    /** The rules the PDF renderer (openhtmltopdf) honours: kept together, or else a header row on every page. */
    @Test
    void theStylesheetKeepsTablesWholeOrRepeatsTheirHeaderAndLeadsWithTheirChart() {
        String html = HtmlReport.render(sample, Locale.ENGLISH).replaceAll("\\s+", " ");
        assertThat(html).contains("table.data { page-break-inside: avoid; -fs-table-paginate: paginate; }");
        assertThat(html).contains(".lead { font-size: 10.5pt; page-break-after: avoid; }");
        assertThat(html).containsPattern("h2 \\{[^}]*page-break-after: avoid;");
        assertThat(html).containsPattern("\\.figure \\{[^}]*page-break-inside: avoid;");
    }

    /** The first page whose text has {@code text} (spaces and line breaks as one space), or -1. */
    private static int pageOf(List<String> pages, String text) {
        String wanted = normalize(text);
        for (int i = 0; i < pages.size(); i++) {
            if (pages.get(i).contains(wanted)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> pages(byte[] pdf) throws IOException {
        List<String> pages = new ArrayList<>();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            for (int p = 1; p <= doc.getNumberOfPages(); p++) {
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                pages.add(normalize(stripper.getText(doc)));
            }
        }
        return pages;
    }

    private static String normalize(String text) {
        return text.replace('\u00a0', ' ').replace('\u202f', ' ').replaceAll("\\s+", " ");
    }
}
