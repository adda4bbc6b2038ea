package org.together.reports.snapshot;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.together.reports.snapshot.Snapshot.Bucket;
import org.together.reports.snapshot.Snapshot.DimensionRow;
import org.together.reports.snapshot.Snapshot.TerritoryRow;
import org.together.reports.snapshot.Snapshot.ToolRow;
import org.together.reports.snapshot.Snapshot.WeekPoint;

/**
 * The report's charts as inline SVG 1.1, drawn here so the report has no script and no external file,
 * and renders the same in a browser and in the PDF. No xmlns: the HTML parser puts inline svg in the
 * SVG namespace by itself (the PDF renderer adds it).
 */
final class Charts {

    static final int WIDTH = 680;
    static final String FONT = "'Liberation Sans', Arial, sans-serif";
    static final String INK = "#1f2a30";
    static final String MUTED = "#6b7780";
    static final String GRID = "#dfe4e8";
    static final String GREEN = "#2f7d4f";
    static final String LIGHT_GREEN = "#8cc5a0";
    static final String BLUE = "#2c6e9b";
    static final String LIGHT_BLUE = "#9cc3de";
    static final String RED = "#c0533a";
    static final String AMBER = "#d88b1f";
    static final String NAVY = "#0b3954";
    /**
     * A chart's series differ in lightness as well as hue (light, medium, dark), so they stay apart in greyscale and for
     * red/green colour-blind readers (WCAG 1.4.1; review 20, finding 12); the light bars get a darker outline.
     */
    static final String[] TOOL_SERIES = {LIGHT_BLUE, BLUE, NAVY};
    static final String[] WELLBEING_SERIES = {LIGHT_GREEN, RED, NAVY};

    private Charts() {
    }

    /** Participants ever and active at the end of each week, with the area under active. */
    static String cumulativeParticipants(List<WeekPoint> weeks, ReportLanguage lang) {
        int height = 240;
        Plot plot = new Plot(WIDTH, height, 56, 16, 24, 46);
        long max = weeks.stream().mapToLong(w -> Math.max(w.everAtEnd(), w.activeAtEnd())).max().orElse(0);
        Svg svg = new Svg(WIDTH, height, lang.t("chart.cumulative.title"));
        double top = plot.yAxis(svg, max, lang);
        int n = weeks.size();
        Function<Integer, Double> x = i -> n == 1 ? plot.left + plot.width / 2.0 : plot.left + plot.width * i / (double) (n - 1);
        StringBuilder active = new StringBuilder();
        StringBuilder ever = new StringBuilder();
        for (int i = 0; i < n; i++) {
            active.append(i == 0 ? "M" : "L").append(f(x.apply(i))).append(',').append(f(plot.y(weeks.get(i).activeAtEnd(), top)));
            ever.append(i == 0 ? "M" : "L").append(f(x.apply(i))).append(',').append(f(plot.y(weeks.get(i).everAtEnd(), top)));
        }
        if (n > 0) {
            String area = active + "L" + f(x.apply(n - 1)) + "," + f(plot.bottom()) + "L" + f(x.apply(0)) + "," + f(plot.bottom()) + "Z";
            svg.raw("<path d=\"" + area + "\" fill=\"" + LIGHT_GREEN + "\" fill-opacity=\"0.35\" stroke=\"none\"/>");
            svg.raw("<path d=\"" + ever + "\" fill=\"none\" stroke=\"" + BLUE + "\" stroke-width=\"2\" stroke-dasharray=\"6,4\"/>");
            svg.raw("<path d=\"" + active + "\" fill=\"none\" stroke=\"" + GREEN + "\" stroke-width=\"2.5\"/>");
            for (int i = 0; i < n; i++) {
                svg.raw("<circle cx=\"" + f(x.apply(i)) + "\" cy=\"" + f(plot.y(weeks.get(i).activeAtEnd(), top)) + "\" r=\"3\" fill=\"" + GREEN + "\"/>");
            }
            WeekPoint last = weeks.get(n - 1);
            svg.text(x.apply(n - 1) - 6, plot.y(last.activeAtEnd(), top) + 16, lang.integer(last.activeAtEnd()), 11, GREEN, "end", true);
            svg.text(x.apply(n - 1) - 6, plot.y(last.everAtEnd(), top) - 7, lang.integer(last.everAtEnd()), 11, BLUE, "end", true);
        }
        weekLabels(svg, plot, weeks, x, lang);
        svg.legend(plot.left, 14, List.of(
                new Legend(GREEN, lang.t("chart.cumulative.active"), false),
                new Legend(BLUE, lang.t("chart.cumulative.ever"), true)));
        return svg.end();
    }

    /** New participants per week, as bars. */
    static String newPerWeek(List<WeekPoint> weeks, ReportLanguage lang) {
        int height = 200;
        Plot plot = new Plot(WIDTH, height, 56, 16, 16, 46);
        Svg svg = new Svg(WIDTH, height, lang.t("chart.weekly.title"));
        long max = weeks.stream().mapToLong(WeekPoint::newParticipants).max().orElse(0);
        double top = plot.yAxis(svg, max, lang);
        int n = weeks.size();
        double slot = n == 0 ? 0 : plot.width / (double) n;
        double bar = Math.min(36, slot * 0.7);
        for (int i = 0; i < n; i++) {
            WeekPoint w = weeks.get(i);
            double cx = plot.left + slot * (i + 0.5);
            double y = plot.y(w.newParticipants(), top);
            svg.raw("<rect x=\"" + f(cx - bar / 2) + "\" y=\"" + f(y) + "\" width=\"" + f(bar) + "\" height=\"" + f(plot.bottom() - y)
                    + "\" fill=\"" + GREEN + "\" rx=\"2\"/>");
            if (w.newParticipants() > 0 && n <= 20) {
                svg.text(cx, y - 4, lang.integer(w.newParticipants()), 10, INK, "middle", false);
            }
        }
        weekLabels(svg, plot, weeks, i -> plot.left + slot * (i + 0.5), lang);
        return svg.end();
    }

    /** Per tool, participants or groups that discovered, started and completed it in the period. */
    static String toolFunnel(List<ToolRow> tools, ReportLanguage lang) {
        int rowHeight = 42;
        int height = 40 + Math.max(1, tools.size()) * rowHeight + 10;
        int labelWidth = 190;
        Svg svg = new Svg(WIDTH, height, lang.t("chart.funnel.title"));
        long max = tools.stream().mapToLong(t -> Math.max(t.current().discovered(),
                Math.max(t.current().starts(), t.current().completions()))).max().orElse(0);
        double scaleMax = niceMax(max);
        double plotWidth = WIDTH - labelWidth - 50;
        svg.legend(labelWidth, 14, List.of(
                new Legend(TOOL_SERIES[0], lang.t("tools.discovered"), false),
                new Legend(TOOL_SERIES[1], lang.t("tools.starts"), false),
                new Legend(TOOL_SERIES[2], lang.t("tools.completions"), false)));
        double y = 34;
        for (ToolRow tool : tools) {
            svg.text(labelWidth - 10, y + rowHeight / 2.0 + 2, HtmlReport.toolName(tool, lang), 11, INK, "end", false);
            long[] values = {tool.current().discovered(), tool.current().starts(), tool.current().completions()};
            String[] colors = TOOL_SERIES;
            for (int k = 0; k < 3; k++) {
                double w = scaleMax == 0 ? 0 : plotWidth * values[k] / scaleMax;
                double by = y + 5 + k * 11;
                svg.raw("<rect x=\"" + labelWidth + "\" y=\"" + f(by) + "\" width=\"" + f(Math.max(w, 0.5)) + "\" height=\"9\" fill=\"" + colors[k] + "\""
                        + (k == 0 ? " stroke=\"" + BLUE + "\" stroke-width=\"0.8\"" : "") + "/>");
                svg.text(labelWidth + w + 4, by + 8, lang.integer(values[k]), 9, MUTED, "start", false);
            }
            svg.raw("<line x1=\"" + labelWidth + "\" y1=\"" + f(y + rowHeight - 2) + "\" x2=\"" + (WIDTH - 10) + "\" y2=\"" + f(y + rowHeight - 2)
                    + "\" stroke=\"" + GRID + "\" stroke-width=\"0.8\"/>");
            y += rowHeight;
        }
        if (tools.isEmpty()) {
            svg.text(WIDTH / 2.0, 60, lang.t("none"), 13, MUTED, "middle", false);
        }
        return svg.end();
    }

    /** Notes written for SPIRAL's three questions, per dimension. */
    static String wellbeingByDimension(List<DimensionRow> dimensions, ReportLanguage lang) {
        int height = 230;
        Plot plot = new Plot(WIDTH, height, 56, 16, 30, 30);
        Svg svg = new Svg(WIDTH, height, lang.t("chart.wellbeing.title"));
        long max = dimensions.stream().mapToLong(d -> Math.max(d.wellbeing(), Math.max(d.illbeing(), d.action()))).max().orElse(0);
        double top = plot.yAxis(svg, max, lang);
        int n = dimensions.size();
        double slot = n == 0 ? 0 : plot.width / (double) n;
        double bar = Math.min(16, slot / 4);
        String[] colors = WELLBEING_SERIES;
        for (int i = 0; i < n; i++) {
            DimensionRow d = dimensions.get(i);
            long[] values = {d.wellbeing(), d.illbeing(), d.action()};
            double cx = plot.left + slot * (i + 0.5);
            for (int k = 0; k < 3; k++) {
                double bx = cx + (k - 1.5) * bar;
                double y = plot.y(values[k], top);
                svg.raw("<rect x=\"" + f(bx) + "\" y=\"" + f(y) + "\" width=\"" + f(bar - 1) + "\" height=\"" + f(plot.bottom() - y)
                        + "\" fill=\"" + colors[k] + "\"" + (k == 0 ? " stroke=\"" + GREEN + "\" stroke-width=\"0.8\"" : "") + "/>");
            }
            svg.text(cx, plot.bottom() + 15, d.dimension(), 13, INK, "middle", true);
        }
        svg.legend(plot.left, 14, List.of(
                new Legend(WELLBEING_SERIES[0], lang.t("wellbeing.question.wellbeing"), false),
                new Legend(WELLBEING_SERIES[1], lang.t("wellbeing.question.illbeing"), false),
                new Legend(WELLBEING_SERIES[2], lang.t("wellbeing.question.action"), false)));
        return svg.end();
    }

    /** Mean co-evaluation score per dimension on the 1 (very bad) to 5 (ideal) scale. */
    static String coEvaluationScores(List<DimensionRow> dimensions, ReportLanguage lang) {
        int height = 190;
        Plot plot = new Plot(WIDTH, height, 56, 16, 20, 30);
        Svg svg = new Svg(WIDTH, height, lang.t("chart.scores.title"));
        for (int s = 1; s <= 5; s++) {
            double y = plot.bottom() - plot.height * (s - 1) / 4.0;
            svg.raw("<line x1=\"" + plot.left + "\" y1=\"" + f(y) + "\" x2=\"" + f(plot.left + plot.width) + "\" y2=\"" + f(y)
                    + "\" stroke=\"" + GRID + "\" stroke-width=\"0.8\"/>");
            svg.text(plot.left - 8, y + 4, String.valueOf(s), 10, MUTED, "end", false);
        }
        int n = dimensions.size();
        double slot = n == 0 ? 0 : plot.width / (double) n;
        for (int i = 0; i < n; i++) {
            DimensionRow d = dimensions.get(i);
            double cx = plot.left + slot * (i + 0.5);
            if (d.meanScore() != null) {
                double y = plot.bottom() - plot.height * (d.meanScore() - 1) / 4.0;
                String color = d.meanScore() >= 3.5 ? GREEN : d.meanScore() >= 2.5 ? AMBER : RED;
                svg.raw("<rect x=\"" + f(cx - 9) + "\" y=\"" + f(y) + "\" width=\"18\" height=\"" + f(plot.bottom() - y) + "\" fill=\"" + color + "\" fill-opacity=\"0.85\"/>");
                svg.text(cx, y - 4, lang.decimal(d.meanScore(), 1), 10, INK, "middle", true);
            } else {
                svg.text(cx, plot.bottom() - 4, ReportLanguage.NONE, 10, MUTED, "middle", false);
            }
            svg.text(cx, plot.bottom() + 15, d.dimension(), 13, INK, "middle", true);
        }
        return svg.end();
    }

    /** Assessments by t CO2e per person per year, with the 2 t target and the mean. */
    static String footprintDistribution(List<Bucket> buckets, Double mean, double target, ReportLanguage lang) {
        int height = 220;
        // a taller top margin: the target and mean labels sit above the plot, clear of the bars' value labels
        Plot plot = new Plot(WIDTH, height, 56, 16, 36, 40);
        Svg svg = new Svg(WIDTH, height, lang.t("chart.footprint.title"));
        long max = buckets.stream().mapToLong(Bucket::assessments).max().orElse(0);
        double top = plot.yAxis(svg, max, lang);
        // Equal-width bars, one per bucket; the 2 t line sits on the bound between two buckets.
        int n = buckets.size();
        double slot = plot.width / (double) n;
        double targetX = plot.left;
        for (int i = 0; i < n; i++) {
            Bucket b = buckets.get(i);
            double x = plot.left + slot * i;
            double y = plot.y(b.assessments(), top);
            String color = b.toTonnes() != null && b.toTonnes() <= target ? GREEN : AMBER;
            svg.raw("<rect x=\"" + f(x + 3) + "\" y=\"" + f(y) + "\" width=\"" + f(slot - 6) + "\" height=\"" + f(plot.bottom() - y) + "\" fill=\"" + color + "\"/>");
            if (b.assessments() > 0) {
                svg.text(x + slot / 2, y - 4, lang.integer(b.assessments()), 10, INK, "middle", false);
            }
            String label = b.toTonnes() == null ? "≥ " + lang.decimal(b.fromTonnes(), 0) + " t"
                    : lang.decimal(b.fromTonnes(), 0) + "–" + lang.decimal(b.toTonnes(), 0) + " t";
            svg.text(x + slot / 2, plot.bottom() + 15, label, 10, MUTED, "middle", false);
            if (b.toTonnes() != null && b.toTonnes() == target) {
                targetX = x + slot;
            }
        }
        // Review 15: inside the plot the target label was drawn over a tall bar's value label ("550"). It sits at the top
        // of the line, above the plot, where value labels never reach (the tallest one's baseline is plot.top - 4).
        double labelY = plot.top - 20;
        svg.raw("<line x1=\"" + f(targetX) + "\" y1=\"" + f(labelY - 10) + "\" x2=\"" + f(targetX) + "\" y2=\"" + f(plot.bottom())
                + "\" stroke=\"" + INK + "\" stroke-width=\"1.5\" stroke-dasharray=\"5,3\"/>");
        svg.text(targetX + 5, labelY, lang.t("chart.footprint.target"), 11, INK, "start", true);
        if (mean != null) {
            svg.text(plot.left + plot.width, labelY, lang.t("chart.footprint.mean", lang.decimal(mean, 1)), 11, BLUE, "end", true);
        }
        svg.legend(plot.left, 14, List.of(
                new Legend(GREEN, lang.t("chart.footprint.under"), false),
                new Legend(AMBER, lang.t("chart.footprint.over"), false)));
        return svg.end();
    }

    /** Net change of active participants of the fastest-growing territories. */
    static String fastestGrowing(List<TerritoryRow> rows, ReportLanguage lang) {
        int rowHeight = 24;
        int height = 20 + Math.max(1, rows.size()) * rowHeight + 8;
        int labelWidth = 210;
        Svg svg = new Svg(WIDTH, height, lang.t("chart.growth.title"));
        ToLongFunction<TerritoryRow> net = r -> r.activeAtEnd() - r.activeAtStart();
        long max = rows.stream().mapToLong(net).max().orElse(0);
        Function<TerritoryRow, String> label = r -> lang.signed(net.applyAsLong(r))
                + (r.growthRate() == null ? "" : " (" + lang.signedPercent(r.growthRate()) + ")");
        int labelSize = 10;
        // Review 16: a fixed 70 px right margin clipped "+185 (+3,083.3%)" at the chart's edge. The margin is the
        // longest value label's width (estimated from above), so every label ends inside the chart.
        double longestLabel = rows.stream().mapToDouble(r -> textWidth(label.apply(r), labelSize)).max().orElse(0);
        double plotWidth = Math.max(120, WIDTH - labelWidth - 5 - longestLabel - 8);
        double y = 14;
        for (TerritoryRow r : rows) {
            double w = max == 0 ? 0 : plotWidth * net.applyAsLong(r) / max;
            svg.text(labelWidth - 10, y + 15, truncate(r.name(), 30), 11, INK, "end", false);
            svg.raw("<rect x=\"" + labelWidth + "\" y=\"" + f(y + 4) + "\" width=\"" + f(Math.max(w, 0.5)) + "\" height=\"15\" fill=\"" + GREEN + "\" rx=\"2\"/>");
            svg.text(labelWidth + w + 5, y + 15, label.apply(r), labelSize, MUTED, "start", false);
            y += rowHeight;
        }
        if (rows.isEmpty()) {
            svg.text(WIDTH / 2.0, 34, lang.t("none"), 13, MUTED, "middle", false);
        }
        return svg.end();
    }

    /** Each week's number with the language's letter (W27, S27 in French, as the dashboard has it) over its last day. */
    private static void weekLabels(Svg svg, Plot plot, List<WeekPoint> weeks, Function<Integer, Double> x, ReportLanguage lang) {
        int n = weeks.size();
        int every = Math.max(1, (int) Math.ceil(n / 10.0));
        for (int i = 0; i < n; i += every) {
            WeekPoint w = weeks.get(i);
            svg.text(x.apply(i), plot.bottom() + 15, lang.t("chart.week", Integer.parseInt(w.period().substring(w.period().indexOf('W') + 1))), 10, MUTED, "middle", false);
            svg.text(x.apply(i), plot.bottom() + 28, shortDate(w.end().minusDays(1)), 9, MUTED, "middle", false);
        }
    }

    private static String shortDate(java.time.LocalDate d) {
        return d.getDayOfMonth() + "/" + d.getMonthValue();
    }

    /**
     * An upper bound of a text's width in Liberation Sans (regular) at a font size: 1 em for capitals and the wide
     * glyphs (%, @, m, w), 0.6 em for any other (its digits, signs and other small letters are at most 0.59 em).
     */
    static double textWidth(String text, int size) {
        double em = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            em += Character.isUpperCase(c) || "%@mw".indexOf(c) >= 0 ? 1.0 : 0.6;
        }
        return em * size;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** A round step for an axis up to max: 1, 2 or 5 times a power of ten, whole (counts). */
    static double niceStep(double max) {
        if (max <= 0) {
            return 1;
        }
        double raw = max / 4;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double fraction = raw / magnitude;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return Math.max(1, nice * magnitude);
    }

    /** The axis maximum: the first multiple of the step at or above max (at least one step). */
    static double niceMax(double max) {
        double step = niceStep(max);
        return Math.max(1, Math.ceil(max / step)) * step;
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    record Legend(String color, String label, boolean dashed) {
    }

    /** The plotting area inside the margins, and its value axis. */
    private static final class Plot {
        final double left;
        final double top;
        final double width;
        final double height;

        Plot(int totalWidth, int totalHeight, int marginLeft, int marginRight, int marginTop, int marginBottom) {
            this.left = marginLeft;
            this.top = marginTop + 16;
            this.width = totalWidth - marginLeft - marginRight;
            this.height = totalHeight - this.top - marginBottom;
        }

        double bottom() {
            return top + height;
        }

        double y(double value, double axisMax) {
            return bottom() - height * value / axisMax;
        }

        /** Draws gridlines and labels from 0 to a round maximum; returns that maximum. */
        double yAxis(Svg svg, double max, ReportLanguage lang) {
            double step = niceStep(max);
            double axisMax = niceMax(max);
            int ticks = (int) Math.round(axisMax / step);
            for (int i = 0; i <= ticks; i++) {
                double value = step * i;
                double y = y(value, axisMax);
                svg.raw("<line x1=\"" + f(left) + "\" y1=\"" + f(y) + "\" x2=\"" + f(left + width) + "\" y2=\"" + f(y)
                        + "\" stroke=\"" + (i == 0 ? MUTED : GRID) + "\" stroke-width=\"" + (i == 0 ? "1" : "0.8") + "\"/>");
                svg.text(left - 8, y + 4, lang.integer(Math.round(value)), 10, MUTED, "end", false);
            }
            return axisMax;
        }
    }

    /** Accumulates SVG markup. */
    private static final class Svg {
        private final StringBuilder out = new StringBuilder();

        Svg(int width, int height, String title) {
            out.append("<svg class=\"chart\" width=\"").append(width).append("\" height=\"").append(height)
                    .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                    .append("\" role=\"img\" aria-label=\"").append(escape(title)).append("\" font-family=\"").append(FONT).append("\">")
                    .append("<title>").append(escape(title)).append("</title>");
        }

        void raw(String markup) {
            out.append(markup);
        }

        void text(double x, double y, String text, int size, String color, String anchor, boolean bold) {
            // openhtmltopdf 1.1.31 (Batik to PDFBox) draws SVG text of exactly 12 as a dot: never ask for 12.
            String fontSize = size == 12 ? "12.5" : String.valueOf(size);
            out.append("<text x=\"").append(f(x)).append("\" y=\"").append(f(y)).append("\" font-size=\"").append(fontSize)
                    .append("\" fill=\"").append(color).append("\" text-anchor=\"").append(anchor).append('"');
            if (bold) {
                out.append(" font-weight=\"bold\"");
            }
            out.append('>').append(escape(text)).append("</text>");
        }

        void legend(double x, double y, List<Legend> items) {
            double cx = x;
            for (Legend item : items) {
                if (item.dashed()) {
                    out.append("<line x1=\"").append(f(cx)).append("\" y1=\"").append(f(y - 4)).append("\" x2=\"").append(f(cx + 14))
                            .append("\" y2=\"").append(f(y - 4)).append("\" stroke=\"").append(item.color())
                            .append("\" stroke-width=\"2\" stroke-dasharray=\"4,3\"/>");
                } else {
                    out.append("<rect x=\"").append(f(cx)).append("\" y=\"").append(f(y - 9)).append("\" width=\"12\" height=\"10\" fill=\"")
                            .append(item.color()).append("\"/>");
                }
                text(cx + 18, y, item.label(), 11, INK, "start", false);
                cx += 18 + item.label().length() * 6.2 + 18;
            }
        }

        String end() {
            out.append("</svg>");
            return out.toString();
        }
    }
}
