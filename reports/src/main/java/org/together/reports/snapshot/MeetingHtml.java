package org.together.reports.snapshot;

import java.util.List;
import org.together.schemas.Annex1;

/** The meeting's sections of the HTML (and PDF) report: targets, cohorts, Annex 1 approaches. */
final class MeetingHtml {

    private final Snapshot s;
    private final ReportLanguage lang;
    private final StringBuilder out;

    private MeetingHtml(Snapshot s, ReportLanguage lang, StringBuilder out) {
        this.s = s;
        this.lang = lang;
        this.out = out;
    }

    /** Appends the sections; a snapshot written before them (no meeting figures) has none. */
    static void append(Snapshot s, ReportLanguage lang, StringBuilder out) {
        if (s.meeting() != null) {
            MeetingHtml html = new MeetingHtml(s, lang, out);
            html.targets();
            html.cohorts();
            html.approaches();
        }
    }

    private void targets() {
        List<Snapshot.TargetRow> targets = s.meeting().targets();
        section("targets.title");
        lead("targets.lead");
        if (targets.isEmpty()) {
            none();
            return;
        }
        out.append("<table class=\"data\"><thead><tr>");
        th("col.target", false);
        th("col.current", true);
        th("col.targetValue", true);
        th("col.progress", true);
        th("col.due", false);
        th("col.perWeek", true);
        th("col.projected", true);
        th("col.onTrack", false);
        out.append("</tr></thead><tbody>");
        boolean hidden = false;
        for (Snapshot.TargetRow t : targets) {
            out.append("<tr>");
            String metric = metricName(s, t, lang);
            td(t.territoryId() == null ? metric : metric + " · " + territoryName(t), false);
            if (t.current() == null) {
                // hidden in public (the territory's figure is), or not computed (a territory the log does not know);
                // the count reads "< k" as everywhere, or "hidden" when the report's published figures show it is at
                // least k (participants ever, at least the active ones: review 13); what is worked out from it
                // "hidden": "< 5" as a percentage or as on-track read as nonsense (review 10)
                String mark = t.suppressed().isEmpty() ? ReportLanguage.NONE
                        : PublishedBounds.targetCurrent(s, t) >= s.minPublishedCount() ? lang.t("hidden.count")
                        : "< " + s.minPublishedCount();
                String derived = t.suppressed().isEmpty() ? ReportLanguage.NONE : lang.t("hidden.derived");
                hidden |= !t.suppressed().isEmpty();
                td(mark, true);
                td(lang.integer(t.value()), true);
                td(derived, true);
                td(lang.date(t.due()), false);
                td(derived, true);
                td(derived, true);
                td(derived, false);
            } else {
                td(lang.integer(t.current()), true);
                td(lang.integer(t.value()), true);
                td(lang.percent(t.progress()), true);
                td(lang.date(t.due()), false);
                td(lang.decimal(t.requiredPerWeek(), 1), true);
                td(t.projectedAtDue() == null ? ReportLanguage.NONE : lang.integer(printedProjection(t.projectedAtDue(), t.value())),
                        true);
                td(lang.t(t.onTrack() ? "target.onTrack" : "target.behind"), false);
            }
            out.append("</tr>");
        }
        out.append("</tbody></table>");
        if (hidden) {
            out.append("<p class=\"note hidden-note\">").append(Charts.escape(lang.t("hidden.note", s.minPublishedCount())))
                    .append("</p><p class=\"note hidden-note\">").append(Charts.escape(lang.t("hidden.derivedNote")))
                    .append("</p>");
        }
    }

    private void cohorts() {
        List<Snapshot.CohortRow> cohorts = s.meeting().cohorts();
        section("cohorts.title");
        lead("cohorts.lead");
        if (cohorts.isEmpty()) {
            none();
            return;
        }
        int width = cohorts.stream().mapToInt(c -> c.stillActive().size()).max().orElse(0);
        out.append("<table class=\"data\"><thead><tr>");
        th("col.cohort", false);
        th("col.joined", true);
        for (int q = 0; q < width; q++) {
            out.append("<th class=\"num\">").append(Charts.escape(lang.t("col.quarterN", q))).append("</th>");
        }
        out.append("</tr></thead><tbody>");
        for (Snapshot.CohortRow c : cohorts) {
            out.append("<tr>");
            td(c.cohort(), false);
            td(lang.integer(c.joined()), true);
            for (int q = 0; q < c.stillActive().size(); q++) {
                Long active = c.stillActive().get(q);
                String text = active == null ? ReportLanguage.NONE : lang.integer(active);
                td(lang.t("cohorts.cell", text, lang.integer(c.usedATool().get(q))), true);
            }
            out.append("</tr>");
        }
        out.append("</tbody></table><p class=\"muted\">").append(Charts.escape(lang.t("cohorts.note")));
        // a report keeps the days of every quarter it shows (review 17, finding 11): a "–" would be a report of before
        if (cohorts.stream().anyMatch(c -> c.stillActive().contains(null))) {
            out.append(' ').append(Charts.escape(lang.t("cohorts.notCounted")));
        }
        out.append("</p>");
    }

    private void approaches() {
        List<Snapshot.ApproachRow> kinds = s.meeting().approaches();
        section("approaches.title");
        lead("approaches.lead");
        if (kinds.isEmpty()) {
            none();
            return;
        }
        out.append("<table class=\"data\"><thead><tr>");
        th("col.approachKind", false);
        th("col.evaluations", true);
        th("col.evaluationsInPeriod", true);
        th("col.approaches", true);
        th("col.tonnesAvoided", true);
        for (String e : Annex1.KEY_ELEMENTS) {
            th("keyElement." + e, true);
        }
        out.append("</tr></thead><tbody>");
        for (Snapshot.ApproachRow k : kinds) {
            out.append("<tr>");
            td(lang.tOr("approachKind." + k.approachKind(), k.approachKind()), false);
            td(lang.integer(k.evaluations()), true);
            td(lang.integer(k.evaluationsInPeriod()), true);
            td(lang.integer(k.approaches()), true);
            td(lang.decimal(k.tonnesCo2eAvoidedPerYear(), 1), true);
            for (String e : Annex1.KEY_ELEMENTS) {
                td(lang.percent(k.keyElementShares().get(e)), true);
            }
            out.append("</tr>");
        }
        out.append("</tbody></table>");
        // the grid: one row per component, one column per kind
        out.append("<table class=\"data\"><thead><tr>");
        th("col.component", false);
        for (Snapshot.ApproachRow k : kinds) {
            out.append("<th class=\"num\">").append(Charts.escape(lang.tOr("approachKind." + k.approachKind(), k.approachKind())))
                    .append("</th>");
        }
        out.append("</tr></thead><tbody>");
        for (String component : Annex1.COMPONENTS) {
            out.append("<tr>");
            td(lang.tOr("component." + component, component), false);
            for (Snapshot.ApproachRow k : kinds) {
                td(lang.decimal(k.meanScores().get(component), 1), true);
            }
            out.append("</tr>");
        }
        out.append("</tbody></table>");
    }

    /**
     * A projection as printed, a whole count: rounded, except that one below the target never reads as the target (9.96
     * against 10 is "9", beside "behind"), so the number agrees with the on-track flag (projected &gt;= value).
     */
    static long printedProjection(double projected, long value) {
        long rounded = Math.round(projected);
        return projected < value ? Math.min(rounded, value - 1) : rounded;
    }

    /** What a target counts, in words: a tool's adopters by the tool's name in the language, never its id. */
    static String metricName(Snapshot s, Snapshot.TargetRow t, ReportLanguage lang) {
        return lang.t("metric." + t.metric(), t.toolId() == null ? "" : toolName(s, t.toolId(), lang));
    }

    private static String toolName(Snapshot s, String toolId, ReportLanguage lang) {
        return s.tools().byTool().stream().filter(t -> t.toolId().equals(toolId)).findFirst()
                .map(t -> HtmlReport.toolName(t, lang)).orElse(lang.tOr("tool." + toolId, toolId));
    }

    private String territoryName(Snapshot.TargetRow t) {
        if (t.territoryName() != null) {
            return t.territoryName();
        }
        return t.territoryId().equals(s.scope().territoryId()) && s.scope().territoryName() != null ? s.scope().territoryName()
                : t.territoryId();
    }

    private void section(String key) {
        out.append("<h2>").append(Charts.escape(lang.t(key))).append("</h2>");
    }

    private void lead(String key) {
        out.append("<p class=\"lead\">").append(Charts.escape(lang.t(key))).append("</p>");
    }

    private void none() {
        out.append("<p class=\"muted\">").append(Charts.escape(lang.t("none"))).append("</p>");
    }

    private void th(String key, boolean numeric) {
        out.append(numeric ? "<th class=\"num\">" : "<th>").append(Charts.escape(lang.t(key))).append("</th>");
    }

    private void td(String text, boolean numeric) {
        out.append(numeric ? "<td class=\"num\">" : "<td>").append(Charts.escape(text)).append("</td>");
    }
}
