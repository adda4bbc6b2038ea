package org.together.reports.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.junit.jupiter.api.Test;
import org.together.figures.Footprints;
import org.together.reports.snapshot.Snapshot.Bucket;
import org.together.reports.snapshot.Snapshot.TerritoryRow;

/** The snapshot's SVG charts, read as the drawn text elements. */
class ChartsTest {

    private static final Pattern TEXT = Pattern.compile(
            "<text x=\"([-\\d.]+)\" y=\"([-\\d.]+)\" font-size=\"([\\d.]+)\"[^>]*>([^<]*)</text>");

    private record Text(double x, double y, double size, String content) {
        /** Top of the glyphs, taking a font's whole size above the baseline (more than any glyph reaches). */
        double top() {
            return y - size;
        }
    }

    /**
     * Review 17, finding 10: the French report labelled ISO weeks "W27" where the French dashboard has "S26". Each
     * week's label has the language's letter and the week's number as the dashboard writes it (no leading zero), in
     * both weekly charts; the caption's note names the letter.
     */
    @Test
    void weekLabelsUseTheLanguagesLetterAsTheDashboardDoes() {
        List<Snapshot.WeekPoint> weeks = List.of(
                new Snapshot.WeekPoint("2026-W07", java.time.LocalDate.parse("2026-02-09"), java.time.LocalDate.parse("2026-02-16"), 3, 0, 10, 12),
                new Snapshot.WeekPoint("2026-W27", java.time.LocalDate.parse("2026-06-29"), java.time.LocalDate.parse("2026-07-06"), 1, 1, 10, 13));
        for (Locale locale : List.of(Locale.FRENCH, Locale.ENGLISH)) {
            ReportLanguage lang = ReportLanguage.of(locale);
            String letter = locale == Locale.FRENCH ? "S" : "W";
            for (String svg : List.of(Charts.cumulativeParticipants(weeks, lang), Charts.newPerWeek(weeks, lang))) {
                List<String> labels = texts(svg).stream().map(Text::content).filter(c -> c.matches("[A-Z]\\d+")).toList();
                assertThat(labels).as("%s", locale).containsExactly(letter + "7", letter + "27");
            }
        }
        assertThat(ReportLanguage.of(Locale.FRENCH).t("chart.cumulative.caption")).contains("S = numéro de semaine").doesNotContain("W");
    }

    /**
     * Review 15, finding 6: in the footprint histogram the "objectif 2 t" label was drawn over the "550" bar label.
     * Whatever the bars' heights, the target and mean labels are above every bar's value label, with room between.
     */
    @Test
    void theFootprintTargetAndMeanLabelsNeverOverlapABarsValueLabel() {
        for (Locale locale : List.of(Locale.FRENCH, Locale.ENGLISH)) {
            ReportLanguage lang = ReportLanguage.of(locale);
            // the tallest bar right of the 2 t line (the reviewer's 550), and every bar as tall in turn
            for (int tall = 0; tall < Footprints.BAND_FLOORS.size(); tall++) {
                List<Bucket> buckets = new ArrayList<>();
                List<Double> floors = Footprints.BAND_FLOORS;
                for (int i = 0; i < floors.size(); i++) {
                    buckets.add(new Bucket(floors.get(i), i + 1 < floors.size() ? floors.get(i + 1) : null,
                            i == tall ? 550 : 40 + 10L * i));
                }
                List<Text> texts = texts(Charts.footprintDistribution(buckets, 3.3, 2.0, lang));
                Text target = only(texts, lang.t("chart.footprint.target"));
                Text mean = only(texts, lang.t("chart.footprint.mean", lang.decimal(3.3, 1)));
                List<Text> values = texts.stream().filter(t -> t.content().matches("\\d+") && t.size() == 10
                        && buckets.stream().anyMatch(b -> String.valueOf(b.assessments()).equals(t.content()))).toList();
                assertThat(values).as("a value label per bar").hasSize(buckets.size());
                for (Text value : values) {
                    assertThat(target.y()).as("%s: target label's baseline above %s's top", locale, value.content())
                            .isLessThan(value.top() - 2);
                    assertThat(mean.y()).as("%s: mean label's baseline above %s's top", locale, value.content())
                            .isLessThan(value.top() - 2);
                }
                // and below the legend at the top (its baseline at 14)
                assertThat(target.top()).isGreaterThan(14);
            }
        }
    }

    /**
     * Review 16, finding 5: the fastest-growing chart cut its bar labels at the right edge ("+185 (+3,083.3" without
     * "%)"). Every value label ends inside the chart, measured with the font the PDF sets them in, whatever the
     * longest bar's label, in either language.
     */
    @Test
    void theFastestGrowingBarLabelsEndInsideTheChart() throws IOException {
        List<List<TerritoryRow>> cases = List.of(
                // the reviewer's: the longest bar has the longest label
                List.of(new TerritoryRow("a", "Alpha", "FR", 190, 6, 191, 191, 30.833, false),
                        new TerritoryRow("b", "Bêta", "BE", 40, 20, 60, 60, 2.0, false)),
                // a short bar with a long label, a long bar with a short one
                List.of(new TerritoryRow("a", "Alpha", "FR", 900, 0, 900, 900, null, false),
                        new TerritoryRow("b", "Bêta", "BE", 880, 1, 881, 881, 880.0, false),
                        new TerritoryRow("c", "Charlie", "BE", 3, 1, 4, 4, 3.0, false)),
                // six-digit changes and rates
                List.of(new TerritoryRow("a", "Alpha", "FR", 123_456, 1, 123_457, 123_457, 123_456.0, false)));
        try (PDDocument doc = new PDDocument();
                InputStream ttf = PDDocument.class.getResourceAsStream("/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf")) {
            PDType0Font font = PDType0Font.load(doc, ttf);
            for (Locale locale : List.of(Locale.ENGLISH, Locale.FRENCH)) {
                ReportLanguage lang = ReportLanguage.of(locale);
                for (List<TerritoryRow> rows : cases) {
                    String svg = Charts.fastestGrowing(rows, lang);
                    List<Text> labels = texts(svg).stream().filter(t -> t.size() == 10).toList();
                    assertThat(labels).as("a value label per bar").hasSize(rows.size());
                    for (TerritoryRow row : rows) {
                        String expected = lang.signed(row.activeAtEnd() - row.activeAtStart())
                                + (row.growthRate() == null ? "" : " (" + lang.signedPercent(row.growthRate()) + ")");
                        // SVG draws a run of spaces as one
                        List<Text> found = labels.stream().filter(t -> t.content().replaceAll(" +", " ").equals(expected)).toList();
                        assertThat(found).as(expected).hasSize(1);
                        Text label = found.get(0);
                        double width = font.getStringWidth(label.content().replaceAll(" +", " ")) / 1000 * label.size();
                        assertThat(label.x() + width).as("%s: right end of %s", locale, label.content())
                                .isLessThanOrEqualTo(Charts.WIDTH - 4);
                    }
                }
            }
        }
    }

    private static Text only(List<Text> texts, String content) {
        List<Text> found = texts.stream().filter(t -> t.content().equals(Charts.escape(content))).toList();
        assertThat(found).as(content).hasSize(1);
        return found.get(0);
    }

    private static List<Text> texts(String svg) {
        List<Text> texts = new ArrayList<>();
        Matcher m = TEXT.matcher(svg);
        while (m.find()) {
            texts.add(new Text(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                    Double.parseDouble(m.group(3)), m.group(4)));
        }
        return texts;
    }
}
