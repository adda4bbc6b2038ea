package org.together.reports.snapshot;

import static org.together.reports.snapshot.Charts.escape;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.together.reports.snapshot.Snapshot.Count;
import org.together.reports.snapshot.Snapshot.DimensionRow;
import org.together.reports.snapshot.Snapshot.FootprintFigures;
import org.together.reports.snapshot.Snapshot.NewTerritory;
import org.together.reports.snapshot.Snapshot.Ratio;
import org.together.reports.snapshot.Snapshot.TerritoryRow;
import org.together.reports.snapshot.Snapshot.ToolFigures;
import org.together.reports.snapshot.Snapshot.ToolRow;

/**
 * The report as one self-contained HTML page: inline CSS and SVG, no script, no link, no URL, so it
 * can be mailed, projected offline or printed. Well-formed XHTML, so the PDF is made from the same text.
 */
public final class HtmlReport {

    private static final String CSS = loadCss();

    private final Snapshot s;
    private final ReportLanguage lang;
    private final StringBuilder out = new StringBuilder(64 * 1024);
    /** A value of the table being written was hidden: the table ends with the note that says what "< k" means. */
    private boolean hiddenInTable;
    /** A change of the table being written was hidden: the table's notes say what "hidden" means there. */
    private boolean changeHiddenInTable;

    private HtmlReport(Snapshot snapshot, ReportLanguage lang) {
        this.s = snapshot;
        this.lang = lang;
    }

    /** The report in English ({@code en}) or French ({@code fr}); any other locale gives English. */
    public static String render(Snapshot snapshot, Locale locale) {
        return new HtmlReport(snapshot, ReportLanguage.of(locale)).html();
    }

    static String toolName(ToolRow tool, ReportLanguage lang) {
        return lang.name(tool.names(), "tool." + tool.toolId(), tool.name());
    }

    private String html() {
        Snapshot.Scope scope = s.scope();
        out.append("<!DOCTYPE html>\n<html lang=\"").append(lang.code()).append("\"><head><meta charset=\"utf-8\"/>")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>")
                .append("<title>").append(escape(title())).append("</title>")
                // the PDF's subject (PDF/UA asks for a description) is the page's "subject"
                .append("<meta name=\"description\" content=\"").append(escape(lang.t("project"))).append("\"/>")
                .append("<meta name=\"subject\" content=\"").append(escape(lang.t("project"))).append("\"/>")
                .append("<style>").append(CSS).append(pageNotice()).append("</style></head><body><main>");
        audience();
        cover(scope);
        objectives();
        headline();
        participants();
        tools();
        wellbeing();
        footprint();
        fastestGrowing();
        MeetingHtml.append(s, lang, out);
        method();
        out.append("</main>");
        footer();
        out.append("</body></html>\n");
        return labelTables(out.toString());
    }

    private static final Pattern HEADING_OR_TABLE = Pattern.compile("<h([23])>([^<]*)</h\\1>|<table class=\"data[^\"]*\"(?! aria-label)(?!><caption>)");

    /**
     * Each data table without a caption is named by the heading it comes under (WCAG 1.3.1: a screen reader's table
     * navigation says which table it is); a caption would repeat the heading on the page.
     */
    private static String labelTables(String html) {
        Matcher m = HEADING_OR_TABLE.matcher(html);
        StringBuilder labelled = new StringBuilder(html.length() + 2048);
        String heading = null;
        while (m.find()) {
            if (m.group(1) != null) {
                heading = m.group(2);
                m.appendReplacement(labelled, Matcher.quoteReplacement(m.group()));
            } else {
                m.appendReplacement(labelled, Matcher.quoteReplacement(heading == null ? m.group()
                        : m.group() + " aria-label=\"" + heading + "\""));
            }
        }
        m.appendTail(labelled);
        return labelled.toString();
    }

    private String title() {
        return lang.t("title") + " — " + periodText(s.scope().from(), s.scope().to());
    }

    private String periodText(java.time.LocalDate from, java.time.LocalDate toExclusive) {
        return lang.t("period", lang.date(from), lang.date(toExclusive.minusDays(1)));
    }

    private void cover(Snapshot.Scope scope) {
        out.append("<div class=\"cover\"><div class=\"brand\">TOGETHER · SPIRAL</div>")
                .append("<h1>").append(escape(lang.t("title"))).append("</h1>")
                .append("<div class=\"project\">").append(escape(lang.t("project"))).append("</div>")
                .append("<div class=\"period\">").append(escape(periodText(scope.from(), scope.to()))).append("</div>")
                .append("<div class=\"scope\">")
                .append(escape(scope.territoryId() == null ? lang.t("scope.network") : lang.t("scope.territory", scope.territoryName())))
                .append("</div><div class=\"sub\">")
                .append(escape(lang.t("period.note", lang.date(scope.from()), lang.date(scope.to()))))
                .append(' ')
                .append(escape(lang.t("period.previous", periodText(scope.previousFrom(), scope.from()))))
                .append("</div></div>");
    }

    private void objectives() {
        Snapshot.Headline h = s.headline();
        FootprintFigures fp = s.footprint().current();
        out.append("<h2>").append(escape(lang.t("objectives.title"))).append("</h2>");
        out.append("<table class=\"objectives\" role=\"presentation\"><tr>");
        objective("1", lang.t("objective.tools"),
                List.of(
                        lang.html("objective.tools.adopters", big(lang.integer(h.toolAdopters().value())), changeCount(h.toolAdopters(), false)),
                        lang.html("objective.tools.completion", big(lang.percent(h.toolCompletionRate().value())),
                                h.toolCompletionRate().change() == null ? "(" + escape(noCompletionChange()) + ")"
                                        : changePoints(h.toolCompletionRate())),
                        lang.html("objective.tools.rating", strong(lang.decimal(s.tools().total().meanRating(), 1)))));
        objective("2", lang.t("objective.participants"),
                List.of(
                        lang.html("objective.participants.new", big(lang.integer(h.newParticipants().value())), changeCount(h.newParticipants(), false)),
                        h.growthRate().value() == null
                                ? lang.html("objective.participants.activeNoGrowth", strong(lang.integer(h.participantsActive().value())))
                                : lang.html("objective.participants.active", strong(lang.integer(h.participantsActive().value())),
                                        n(lang.signedPercent(h.growthRate().value())))));
        objective("3", lang.t("objective.climate"),
                List.of(
                        lang.html("objective.climate.mean", big(lang.decimal(fp.meanTonnes(), 1)), strong(lang.integer(fp.assessments()))),
                        lang.html("objective.climate.share", strong(lang.percent(fp.shareUnder2t())))));
        out.append("</tr></table>");
    }

    private void objective(String number, String title, List<String> linesHtml) {
        out.append("<td class=\"objective\"><div class=\"objective-number\">").append(number).append("</div>")
                .append("<div class=\"objective-title\">").append(escape(title)).append("</div>");
        for (String line : linesHtml) {
            out.append("<div class=\"objective-line\">").append(line).append("</div>");
        }
        out.append("</td>");
    }

    private void headline() {
        Snapshot.Headline h = s.headline();
        String since = lang.t("since", lang.date(s.scope().from()));
        String vsPrevious = lang.t("vs.previous");
        out.append("<h2>").append(escape(lang.t("headline.title"))).append("</h2>");
        out.append("<p class=\"lead\">").append(escape(lang.t("headline.lead", lang.date(s.scope().to().minusDays(1))))).append("</p>");
        out.append("<table class=\"cards\" role=\"presentation\"><tr>");
        card(lang.t("headline.participantsActive"), lang.integer(h.participantsActive().value()), countChange(h.participantsActive(), since));
        card(lang.t("headline.newParticipants"), lang.integer(h.newParticipants().value()), countChange(h.newParticipants(), vsPrevious));
        card(lang.t("headline.participantsEver"), lang.integer(h.participantsEver().value()), countChange(h.participantsEver(), since));
        card(lang.t("headline.growthRate"), lang.signedPercent(h.growthRate().value()),
                lang.html("headline.growthRate.previous", n(lang.signedPercent(h.growthRate().previous()))));
        out.append("</tr><tr>");
        card(lang.t("headline.territoriesActive"), lang.integer(h.territoriesActive().value()), countChange(h.territoriesActive(), since));
        card(lang.t("headline.newTerritories"), lang.integer(h.newTerritories().value()), countChange(h.newTerritories(), vsPrevious));
        card(lang.t("headline.countries"), lang.integer(h.countries().value()), countChange(h.countries(), since));
        card(lang.t("headline.toolAdopters"), lang.integer(h.toolAdopters().value()), countChange(h.toolAdopters(), vsPrevious));
        out.append("</tr><tr>");
        // these four count everything up to the end, not the period (the sections below count the period): they say so
        String end = lang.date(s.scope().to().minusDays(1));
        card(lang.t("headline.evaluations", end), lang.integer(h.evaluations().value()), countChange(h.evaluations(), since));
        card(lang.t("headline.citizens", end), lang.integer(h.citizens().value()), countChange(h.citizens(), since));
        // no change without an assessment before the period (and so none at its start): said in words, not "– t"
        String noAssessmentBefore = escape(lang.t("headline.noAssessmentBefore", lang.date(s.scope().from())));
        card(lang.t("headline.footprintMean", end, lang.integer(h.footprintAssessments().value())),
                lang.decimal(h.footprintMeanTonnes().value(), 1) + " t",
                h.footprintMeanTonnes().change() == null ? noAssessmentBefore
                        : n(lang.signedDecimal(h.footprintMeanTonnes().change(), 1) + " t") + " " + escape(since));
        card(lang.t("headline.footprintShare", end), lang.percent(h.footprintShareUnder2t().value()),
                h.footprintShareUnder2t().change() == null ? noAssessmentBefore
                        : n(lang.points(h.footprintShareUnder2t().change())) + " " + escape(since));
        out.append("</tr></table>");
    }

    private void card(String label, String value, String changeHtml) {
        out.append("<td class=\"card\"><div class=\"card-value\">").append(escape(value)).append("</div>")
                .append("<div class=\"card-label\">").append(escape(label)).append("</div>")
                .append("<div class=\"card-change\">").append(changeHtml).append("</div></td>");
    }

    private String countChange(Count c, String reference) {
        return n(lang.signed(c.change())) + " " + escape(reference);
    }

    /** A figure that must not be split across lines (the PDF breaks after a decimal comma otherwise). */
    private static String n(String figure) {
        return "<span class=\"n\">" + escape(figure) + "</span>";
    }

    private void participants() {
        Snapshot.Newcomers n = s.newcomers();
        Snapshot.Headline h = s.headline();
        section("participants.title");
        // without the number of territories when it is hidden (a public report that hides a territory's new participants)
        out.append("<p class=\"lead\">").append(lang.html(
                n.territoriesWithNewParticipants() == null ? "participants.leadTerritoriesHidden" : "participants.lead",
                strong(lang.integer(h.newParticipants().value())),
                n.territoriesWithNewParticipants() == null ? "" : strong(lang.integer(n.territoriesWithNewParticipants())),
                strong(lang.integer(h.newTerritories().value())),
                strong(lang.integer(h.newParticipants().previous())))).append("</p>");
        figure(Charts.cumulativeParticipants(s.weeks(), lang), lang.t("chart.cumulative.caption"));
        figure(Charts.newPerWeek(s.weeks(), lang), lang.t("chart.weekly.caption"));
        weekFigures();

        out.append("<h3>").append(escape(lang.t("participants.byTerritory"))).append("</h3>");
        if (n.byTerritory().isEmpty()) {
            none();
        } else {
            out.append("<table class=\"data\"><thead><tr>");
            th(lang.t("col.territory"), false);
            th(lang.t("col.country"), false);
            th(lang.t("col.new"), true);
            th(lang.t("col.activeStart"), true);
            th(lang.t("col.activeEnd"), true);
            th(lang.t("col.change"), true);
            out.append("</tr></thead><tbody>");
            for (TerritoryRow r : n.byTerritory()) {
                out.append("<tr>");
                out.append("<td>").append(escape(r.name()));
                if (r.newInPeriod()) {
                    out.append(" <span class=\"badge\">").append(escape(lang.t("badge.new"))).append("</span>");
                }
                out.append("</td>");
                td(lang.country(r.countryCode()), false);
                td(count(r.newParticipants(), PublishedBounds.newParticipants(r)), true);
                td(count(r.activeAtStart()), true);
                td(count(r.activeAtEnd()), true);
                td(r.activeAtEnd() == null || r.activeAtStart() == null ? hiddenChange() : lang.signed(r.activeAtEnd() - r.activeAtStart()), true);
                out.append("</tr>");
            }
            endTable();
            if (n.byTerritory().stream().anyMatch(TerritoryRow::newInPeriod)) {
                out.append("<p class=\"note\">").append(escape(lang.t("participants.star"))).append("</p>");
            }
        }
        if (n.territoriesNotListed() > 0) {
            // the table's ends add up to the headline's only with them (review 13)
            out.append("<p class=\"note\">").append(escape(n.activeAtEndNotListed() == null
                    ? lang.t("participants.notListed", lang.integer(n.territoriesNotListed()))
                    : lang.t("participants.notListedActive", lang.integer(n.territoriesNotListed()),
                            lang.integer(n.activeAtEndNotListed())))).append("</p>");
        }

        out.append("<h3>").append(escape(lang.t("participants.newTerritories"))).append("</h3>");
        if (n.newTerritories().isEmpty()) {
            none();
        } else {
            out.append("<table class=\"data\"><thead><tr>");
            th(lang.t("col.territory"), false);
            th(lang.t("col.country"), false);
            th(lang.t("col.kind"), false);
            th(lang.t("col.firstEvent"), false);
            th(lang.t("col.activeEnd"), true);
            out.append("</tr></thead><tbody>");
            for (NewTerritory t : n.newTerritories()) {
                out.append("<tr>");
                td(t.name(), false);
                td(lang.country(t.countryCode()), false);
                td(t.kind() == null ? ReportLanguage.NONE : lang.tOr("kind." + t.kind(), t.kind()), false);
                td(t.firstEvent() == null ? hidden(lang.t("hidden.day")) : lang.date(t.firstEvent()), false);
                td(count(t.participantsActive()), true);
                out.append("</tr>");
            }
            endTable();
        }

        out.append("<h3>").append(escape(lang.t("participants.how"))).append("</h3>");
        out.append("<table class=\"split\" role=\"presentation\"><tr><td>");
        breakdown(lang.t("col.role"), n.byRole(), "role.");
        out.append("</td><td>");
        breakdown(lang.t("col.channel"), n.byChannel(), "channel.");
        out.append("</td></tr></table>");
    }

    private void breakdown(String heading, Map<String, Long> counts, String keyPrefix) {
        out.append("<table class=\"data\" aria-label=\"").append(escape(lang.t("participants.how") + " — " + heading))
                .append("\"><thead><tr>");
        th(heading, false);
        th(lang.t("col.new"), true);
        out.append("</tr></thead><tbody>");
        if (counts.isEmpty()) {
            out.append("<tr><td colspan=\"2\" class=\"muted\">").append(escape(lang.t("none"))).append("</td></tr>");
        }
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> {
                    out.append("<tr>");
                    td(lang.tOr(keyPrefix + e.getKey(), e.getKey()), false);
                    td(lang.integer(e.getValue()), true);
                    out.append("</tr>");
                });
        endTable();
    }

    private void tools() {
        Snapshot.Tools t = s.tools();
        section("tools.title");
        out.append("<p class=\"lead\">").append(lang.html("tools.lead",
                strong(lang.integer(t.total().adopters())), changeCount(s.headline().toolAdopters(), true),
                strong(lang.percent(t.total().completionRate())),
                s.headline().toolCompletionRate().change() == null ? escape(noCompletionChange())
                        : n(lang.points(s.headline().toolCompletionRate().change())),
                strong(lang.decimal(t.total().meanRating(), 1)))).append("</p>");
        figure(Charts.toolFunnel(t.byTool(), lang), lang.t("chart.funnel.caption"));
        out.append("<table class=\"data\"><thead><tr>");
        th(lang.t("col.tool"), false);
        th(lang.t("tools.discovered"), true);
        th(lang.t("tools.adopters"), true);
        th(lang.t("tools.starts"), true);
        th(lang.t("tools.completions"), true);
        th(lang.t("tools.completionRate"), true);
        th(lang.t("tools.uptakeRate"), true);
        th(lang.t("tools.meanRating"), true);
        out.append("</tr></thead><tbody>");
        for (ToolRow row : t.byTool()) {
            toolRow(toolName(row, lang), row.current(), row.previous(), false);
        }
        toolRow(lang.t("tools.total"), t.total(), t.totalPrevious(), true);
        endTable();
        out.append("<p class=\"note\">").append(escape(lang.t("tools.note"))).append("</p>");
    }

    private void toolRow(String name, ToolFigures now, ToolFigures before, boolean total) {
        out.append(total ? "<tr class=\"total\">" : "<tr>");
        td(name, false);
        tdWithChange(lang.integer(now.discovered()), lang.signed(now.discovered() - before.discovered()));
        tdWithChange(lang.integer(now.adopters()), lang.signed(now.adopters() - before.adopters()));
        tdWithChange(lang.integer(now.starts()), lang.signed(now.starts() - before.starts()));
        tdWithChange(lang.integer(now.completions()), lang.signed(now.completions() - before.completions()));
        tdWithChange(lang.percent(now.completionRate()), lang.points(Ratio.of(now.completionRate(), before.completionRate()).change()));
        td(lang.percent(now.uptakeRate()), true);
        tdWithChange(lang.decimal(now.meanRating(), 1), lang.signedDecimal(Ratio.of(now.meanRating(), before.meanRating()).change(), 1));
        out.append("</tr>");
    }

    private void wellbeing() {
        Snapshot.WellbeingFigures now = s.wellbeing().current();
        Snapshot.WellbeingFigures before = s.wellbeing().previous();
        section("wellbeing.title");
        out.append("<p class=\"lead\">").append(lang.html("wellbeing.lead",
                strong(lang.integer(now.evaluations())), strong(lang.integer(now.groups())), strong(lang.integer(now.citizens())),
                n(lang.integer(before.evaluations())), n(lang.integer(before.citizens())))).append("</p>");
        figure(Charts.wellbeingByDimension(now.dimensions(), lang), lang.t("chart.wellbeing.caption"));
        if (now.dimensions().stream().anyMatch(d -> d.meanScore() != null)) {
            figure(Charts.coEvaluationScores(now.dimensions(), lang), lang.t("chart.scores.caption"));
        }
        out.append("<table class=\"data\"><thead><tr>");
        th(lang.t("col.dimension"), false);
        th(lang.t("wellbeing.question.wellbeing"), true);
        th(lang.t("wellbeing.question.illbeing"), true);
        th(lang.t("wellbeing.question.action"), true);
        th(lang.t("wellbeing.meanScore"), true);
        out.append("</tr></thead><tbody>");
        for (DimensionRow d : now.dimensions()) {
            out.append("<tr>");
            String name = lang.name(d.names(), "dimension." + d.dimension(), null);
            td(name == null ? d.dimension() : d.dimension() + " · " + name, false);
            td(lang.integer(d.wellbeing()), true);
            td(lang.integer(d.illbeing()), true);
            td(lang.integer(d.action()), true);
            td(lang.decimal(d.meanScore(), 1) + (d.scores() > 0 ? " (" + lang.integer(d.scores()) + ")" : ""), true);
            out.append("</tr>");
        }
        endTable();
    }

    private void footprint() {
        FootprintFigures now = s.footprint().current();
        FootprintFigures before = s.footprint().previous();
        section("footprint.title");
        out.append("<p class=\"lead\">").append(lang.html("footprint.lead",
                strong(lang.integer(now.assessments())), strong(lang.decimal(now.meanTonnes(), 1)),
                strong(lang.percent(now.shareUnder2t())),
                n(lang.decimal(before.meanTonnes(), 1)), n(lang.percent(before.shareUnder2t())))).append("</p>");
        figure(Charts.footprintDistribution(now.distribution(), now.meanTonnes(), s.footprint().targetTonnes(), lang),
                lang.t("chart.footprint.caption"));
        bandFigures(now.distribution());
        Snapshot.Breakdown b = now.meanBreakdown();
        Snapshot.Breakdown pb = before.meanBreakdown();
        out.append("<table class=\"data narrow\"><thead><tr>");
        th(lang.t("footprint.domain"), false);
        th(lang.t("footprint.meanNow"), true);
        th(lang.t("footprint.meanBefore"), true);
        out.append("</tr></thead><tbody>");
        domain("footprint.food", b.food(), pb.food());
        domain("footprint.housing", b.housing(), pb.housing());
        domain("footprint.mobility", b.mobility(), pb.mobility());
        domain("footprint.goods", b.goods(), pb.goods());
        domain("footprint.publicServices", b.publicServices(), pb.publicServices());
        out.append("<tr class=\"total\">");
        td(lang.t("footprint.total"), false);
        td(lang.decimal(now.meanTonnes(), 2), true);
        td(lang.decimal(before.meanTonnes(), 2), true);
        out.append("</tr>");
        endTable();
        out.append("<p class=\"muted\">").append(escape(lang.t("footprint.publicServicesNote"))).append("</p>");
    }

    /** The two weekly charts' figures as a table (a chart alone is no text alternative: WCAG 1.1.1, 1.3.1). */
    private void weekFigures() {
        if (s.weeks().isEmpty()) {
            return;
        }
        out.append("<table class=\"data figures\"><caption>").append(escape(lang.t("figures.weeks.caption"))).append("</caption><thead><tr>");
        th(lang.t("col.week"), false);
        th(lang.t("col.weekEnd"), false);
        th(lang.t("col.new"), true);
        th(lang.t("chart.cumulative.active"), true);
        th(lang.t("chart.cumulative.ever"), true);
        out.append("</tr></thead><tbody>");
        for (Snapshot.WeekPoint w : s.weeks()) {
            out.append("<tr>");
            // "semaine 27" in words, not the chart's short "S27": the next cell's date holds the year
            td(lang.t("figures.week", Integer.parseInt(w.period().substring(w.period().indexOf('W') + 1))), false);
            td(lang.date(w.end().minusDays(1)), false);
            td(lang.integer(w.newParticipants()), true);
            td(lang.integer(w.activeAtEnd()), true);
            td(lang.integer(w.everAtEnd()), true);
            out.append("</tr>");
        }
        endTable();
    }

    /** The footprint chart's bands as a table. */
    private void bandFigures(List<Snapshot.Bucket> buckets) {
        out.append("<table class=\"data figures\"><caption>").append(escape(lang.t("figures.footprint.caption"))).append("</caption><thead><tr>");
        th(lang.t("col.band"), false);
        th(lang.t("col.assessments"), true);
        out.append("</tr></thead><tbody>");
        for (Snapshot.Bucket b : buckets) {
            out.append("<tr>");
            td(b.toTonnes() == null ? "≥ " + lang.decimal(b.fromTonnes(), 0) + " t"
                    : lang.decimal(b.fromTonnes(), 0) + "–" + lang.decimal(b.toTonnes(), 0) + " t", false);
            td(lang.integer(b.assessments()), true);
            out.append("</tr>");
        }
        endTable();
    }

    private void domain(String key, Double now, Double before) {
        out.append("<tr>");
        td(lang.t(key), false);
        td(lang.decimal(now, 2), true);
        td(lang.decimal(before, 2), true);
        out.append("</tr>");
    }

    /**
     * The published territories that grew, ranked. Territories that grew with hidden figures are not ranked (their
     * place would tell their size): the section says so, and says "nothing" only when nothing grew.
     */
    private void fastestGrowing() {
        section("growth.title");
        out.append("<p class=\"lead\">").append(escape(lang.t("growth.lead"))).append("</p>");
        if (s.fastestGrowing().isEmpty() && s.growingHidden()) {
            growingHidden("growth.hidden");
            return;
        }
        figure(Charts.fastestGrowing(s.fastestGrowing(), lang), lang.t("chart.growth.caption"));
        if (s.fastestGrowing().isEmpty()) {
            return;
        }
        out.append("<table class=\"data\"><thead><tr>");
        th("#", false);
        th(lang.t("col.territory"), false);
        th(lang.t("col.country"), false);
        th(lang.t("col.activeStart"), true);
        th(lang.t("col.activeEnd"), true);
        th(lang.t("col.change"), true);
        th(lang.t("col.growthRate"), true);
        th(lang.t("col.new"), true);
        out.append("</tr></thead><tbody>");
        int rank = 1;
        for (TerritoryRow r : s.fastestGrowing()) {
            out.append("<tr>");
            td(String.valueOf(rank++), false);
            td(r.name(), false);
            td(lang.country(r.countryCode()), false);
            td(count(r.activeAtStart()), true);
            td(count(r.activeAtEnd()), true);
            td(lang.signed(r.activeAtEnd() - r.activeAtStart()), true);
            td(lang.signedPercent(r.growthRate()), true);
            td(count(r.newParticipants(), PublishedBounds.newParticipants(r)), true);
            out.append("</tr>");
        }
        endTable();
        if (s.growingHidden()) {
            growingHidden("growth.hiddenToo");
        }
    }

    private void growingHidden(String key) {
        out.append("<p class=\"note\">").append(escape(lang.t(key, s.minPublishedCount()))).append("</p>");
        out.append("<p class=\"note hidden-note\">").append(escape(lang.t("hidden.note", s.minPublishedCount()))).append("</p>");
    }

    /** A territory's count as published: "< k" when suppressed (the note below its table explains it). */
    private String count(Long value) {
        return count(value, 0);
    }

    /**
     * A territory's count as published, {@code atLeast} what the figures published beside it show it to be
     * ({@link PublishedBounds}): suppressed, it reads "hidden" when that is k or more ("< k" would state what the page
     * itself proves false), else "< k". Both marks are explained by the note below the table.
     */
    private String count(Long value, long atLeast) {
        if (value != null) {
            return lang.integer(value);
        }
        return atLeast >= s.minPublishedCount() ? hidden(lang.t("hidden.count")) : hidden();
    }

    private String hidden() {
        return hidden("< " + s.minPublishedCount());
    }

    /** Another kind of value hidden with a territory's small figures (a day), marked as such. */
    private String hidden(String mark) {
        hiddenInTable = true;
        return mark;
    }

    /**
     * A difference of two counts, one of them hidden: not a small count, so never "< k" (it may be anything, negative
     * too), but "hidden", as the report marks every figure worked out from a hidden count.
     */
    private String hiddenChange() {
        changeHiddenInTable = true;
        return lang.t("hidden.derived");
    }

    /**
     * Closes a table; one that shows a hidden value is followed by the note that says what "< k" and "hidden" mean.
     * "< k" is the same for a small figure and for one hidden with it (a second mark would tell which is the small one),
     * so the note says it may be either, right where the reader sees it; "hidden" marks only a count the published
     * figures already show to be at least k, which tells nothing more.
     */
    private void endTable() {
        out.append("</tbody></table>");
        if (hiddenInTable) {
            out.append("<p class=\"note hidden-note\">").append(escape(lang.t("hidden.note", s.minPublishedCount()))).append("</p>");
            hiddenInTable = false;
        }
        if (changeHiddenInTable) {
            out.append("<p class=\"note hidden-note\">").append(escape(lang.t("hidden.changeNote"))).append("</p>");
            changeHiddenInTable = false;
        }
    }

    /** An internal report's printed pages (the PDF) each carry the notice at their top. */
    private String pageNotice() {
        if (s.isPublic()) {
            return "";
        }
        String notice = lang.t("audience.internal.page").replace("\\", "").replace("\"", "");
        return "@page { @top-center { content: \"" + notice + "\"; font-family: \"Liberation Sans\", Arial, sans-serif; color: #b3261e; font-weight: bold; font-size: 9pt; } }";
    }

    /** Who the report is for: an internal one says so on every page; a public one explains "< k". */
    private void audience() {
        if (!s.isPublic()) {
            out.append("<div class=\"internal\">").append(escape(lang.t("audience.internal"))).append("</div>");
        } else {
            out.append("<p class=\"note disclosure\">")
                    .append(escape(lang.t("audience.public", s.minPublishedCount(), s.minPublishedCount() - 1))).append("</p>");
        }
    }

    private void method() {
        out.append("<div class=\"method\"><h2>").append(escape(lang.t("method.title"))).append("</h2><ul>");
        for (int i = 1; lang.tOr("method." + i, null) != null; i++) {
            out.append("<li>").append(escape(lang.t("method." + i))).append("</li>");
        }
        out.append("</ul></div>");
    }

    private void footer() {
        Snapshot.Provenance p = s.provenance();
        out.append("<footer class=\"footer\">").append(escape(lang.t("footer", lang.moment(p.generatedAt()),
                        lang.integer(p.eventsCounted()), lang.integer(p.duplicatesSkipped()), lang.integer(p.eventsAfterPeriod()),
                        lang.moment(p.receivedUpTo()))))
                .append("</footer>");
    }

    private void section(String titleKey) {
        out.append("<h2>").append(escape(lang.t(titleKey))).append("</h2>");
    }

    /** A chart and its caption; the chart's text alternative (aria-label, the PDF's alt text) is its title and caption. */
    private void figure(String svg, String caption) {
        String summarized = svg.replaceFirst("aria-label=\"([^\"]*)\"",
                java.util.regex.Matcher.quoteReplacement("aria-label=\"") + "$1" + java.util.regex.Matcher.quoteReplacement(". " + escape(caption) + "\""));
        out.append("<div class=\"figure\">").append(summarized).append("<div class=\"caption\">").append(escape(caption)).append("</div></div>");
    }

    private void none() {
        out.append("<p class=\"muted\">").append(escape(lang.t("none"))).append("</p>");
    }

    private void th(String text, boolean numeric) {
        out.append(numeric ? "<th class=\"num\">" : "<th>").append(escape(text)).append("</th>");
    }

    private void td(String text, boolean numeric) {
        out.append(numeric ? "<td class=\"num\">" : "<td>").append(escape(text)).append("</td>");
    }

    private void tdWithChange(String value, String change) {
        out.append("<td class=\"num\">").append(escape(value)).append("<span class=\"delta\">").append(escape(change)).append("</span></td>");
    }

    private String changeCount(Count c, boolean vsPrevious) {
        return lang.html(vsPrevious ? "change.vsPrevious" : "change.vsPreviousShort", n(lang.signed(c.change())));
    }

    /** Why the completion rate has no change: no tool was started in the period (its rate reads "–"), or before it. */
    private String noCompletionChange() {
        return lang.t(s.headline().toolCompletionRate().value() == null ? "change.noToolStartedNow" : "change.noToolStartedBefore");
    }

    private String changePoints(Ratio r) {
        return lang.html("change.vsPreviousShort", n(lang.points(r.change())));
    }

    private static String big(String text) {
        return "<span class=\"big n\">" + escape(text) + "</span>";
    }

    private static String strong(String text) {
        return "<strong class=\"n\">" + escape(text) + "</strong>";
    }

    private static String loadCss() {
        try (InputStream in = HtmlReport.class.getResourceAsStream("report.css")) {
            if (in == null) {
                throw new IllegalStateException("missing report.css beside HtmlReport");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
