package org.together.reports.snapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.together.reports.csv.CsvTable;
import org.together.reports.snapshot.Snapshot.Bucket;
import org.together.reports.snapshot.Snapshot.Count;
import org.together.reports.snapshot.Snapshot.DimensionRow;
import org.together.reports.snapshot.Snapshot.FootprintFigures;
import org.together.reports.snapshot.Snapshot.NewTerritory;
import org.together.reports.snapshot.Snapshot.Ratio;
import org.together.reports.snapshot.Snapshot.TerritoryRow;
import org.together.reports.snapshot.Snapshot.ToolFigures;
import org.together.reports.snapshot.Snapshot.ToolRow;
import org.together.reports.snapshot.Snapshot.WeekPoint;
import org.together.reports.snapshot.Snapshot.WellbeingFigures;

/**
 * The snapshot's tables as CSV (RFC 4180: comma, double quotes, CRLF), one CSV per table, for
 * spreadsheets and analysis. Machine formats whatever the language (dot decimals, ISO dates,
 * fractions, empty for undefined); only the {@code name} columns follow the language.
 *
 * <p>Tables: headline, territories, new-territories, fastest-growing, newcomers, tools, wellbeing,
 * wellbeing-totals, footprint, footprint-distribution, weeks, targets, cohorts, approaches, approach-scores.
 */
public final class CsvReport {

    private static final String EOL = CsvTable.EOL;

    private CsvReport() {
    }

    /** Table name → CSV text, in report order. */
    public static Map<String, String> tables(Snapshot s, Locale locale) {
        CURRENT.set(s.isPublic() ? null : org.together.figures.disclosure.Audience.INTERNAL_NOTICE);
        try {
            return tablesOf(s, locale);
        } finally {
            CURRENT.remove();
        }
    }

    private static Map<String, String> tablesOf(Snapshot s, Locale locale) {
        ReportLanguage lang = ReportLanguage.of(locale);
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("headline", headline(s));
        tables.put("territories", territories(s.newcomers().byTerritory()));
        tables.put("new-territories", newTerritories(s.newcomers().newTerritories()));
        tables.put("fastest-growing", territories(s.fastestGrowing()));
        tables.put("newcomers", newcomers(s, lang));
        tables.put("tools", tools(s, lang));
        tables.put("wellbeing", wellbeing(s, lang));
        tables.put("wellbeing-totals", wellbeingTotals(s));
        tables.put("footprint", footprint(s));
        tables.put("footprint-distribution", distribution(s));
        tables.put("weeks", weeks(s.weeks()));
        if (s.meeting() != null) {
            tables.put("targets", targets(s, lang));
            tables.put("cohorts", cohorts(s.meeting().cohorts()));
            tables.put("approaches", approaches(s.meeting().approaches(), lang));
            tables.put("approach-scores", approachScores(s.meeting().approaches(), lang));
        }
        return tables;
    }

    /**
     * All tables in one text: each table preceded by a line {@code # <table>}, tables separated by an
     * empty line (what the HTTP API returns for {@code format=csv} without {@code table}).
     */
    public static String sections(Snapshot s, Locale locale) {
        StringBuilder out = new StringBuilder();
        tables(s, locale).forEach((name, csv) -> {
            if (out.length() > 0) {
                out.append(EOL);
            }
            out.append("# ").append(name).append(EOL).append(csv);
        });
        return out.toString();
    }

    /**
     * The headline's figures, each with what it covers ({@code covers}): {@value #AT_END} a state on the last day
     * (previous: on the day before the period), {@value #TO_END} everything up to the end of the period (previous: up
     * to its start), {@value #IN_PERIOD} the period only (previous: the previous period), as the footprint and
     * well-being tables are.
     */
    private static String headline(Snapshot s) {
        Snapshot.Headline h = s.headline();
        Table t = new Table("figure", "value", "previous", "change", "from", "to", "previous_from", "covers");
        Object[] scope = {s.scope().from(), s.scope().to(), s.scope().previousFrom()};
        count(t, "participantsActive", h.participantsActive(), scope, AT_END);
        count(t, "participantsEver", h.participantsEver(), scope, TO_END);
        count(t, "newParticipants", h.newParticipants(), scope, IN_PERIOD);
        ratio(t, "growthRate", h.growthRate(), scope, IN_PERIOD);
        count(t, "territoriesActive", h.territoriesActive(), scope, AT_END);
        count(t, "newTerritories", h.newTerritories(), scope, IN_PERIOD);
        count(t, "countries", h.countries(), scope, TO_END);
        count(t, "toolAdopters", h.toolAdopters(), scope, IN_PERIOD);
        ratio(t, "toolCompletionRate", h.toolCompletionRate(), scope, IN_PERIOD);
        count(t, "evaluations", h.evaluations(), scope, TO_END);
        count(t, "citizens", h.citizens(), scope, TO_END);
        count(t, "footprintAssessments", h.footprintAssessments(), scope, TO_END);
        ratio(t, "footprintMeanTonnes", h.footprintMeanTonnes(), scope, TO_END);
        ratio(t, "footprintShareUnder2t", h.footprintShareUnder2t(), scope, TO_END);
        return t.csv();
    }

    static final String AT_END = "at-end";
    static final String TO_END = "to-end";
    static final String IN_PERIOD = "in-period";

    private static void count(Table t, String name, Count c, Object[] scope, String covers) {
        t.row(name, c.value(), c.previous(), c.change(), scope[0], scope[1], scope[2], covers);
    }

    private static void ratio(Table t, String name, Ratio r, Object[] scope, String covers) {
        t.row(name, r.value(), r.previous(), r.change(), scope[0], scope[1], scope[2], covers);
    }

    /** A suppressed number is an empty cell, named in the row's {@code suppressed} column (space-separated). */
    private static String territories(List<TerritoryRow> rows) {
        Table t = new Table("territoryId", "name", "countryCode", "newParticipants", "activeAtStart", "activeAtEnd",
                "everAtEnd", "growthRate", "newInPeriod", "suppressed");
        rows.forEach(r -> t.row(r.territoryId(), r.name(), r.countryCode(), r.newParticipants(), r.activeAtStart(),
                r.activeAtEnd(), r.everAtEnd(), r.growthRate(), r.newInPeriod(), String.join(" ", r.suppressed())));
        return t.csv();
    }

    private static String newTerritories(List<NewTerritory> rows) {
        Table t = new Table("territoryId", "name", "countryCode", "kind", "firstEvent", "participantsActive", "suppressed");
        rows.forEach(r -> t.row(r.territoryId(), r.name(), r.countryCode(), r.kind(), r.firstEvent(), r.participantsActive(),
                r.suppressed() == null ? "" : String.join(" ", r.suppressed())));
        return t.csv();
    }

    private static String newcomers(Snapshot s, ReportLanguage lang) {
        Table t = new Table("by", "key", "name", "newParticipants");
        s.newcomers().byRole().forEach((k, v) -> t.row("role", k, lang.tOr("role." + k, k), v));
        s.newcomers().byChannel().forEach((k, v) -> t.row("channel", k, lang.tOr("channel." + k, k), v));
        return t.csv();
    }

    private static String tools(Snapshot s, ReportLanguage lang) {
        Table t = new Table("toolId", "name", "period", "discovered", "starts", "completions", "adopters",
                "completionRate", "uptakeRate", "meanRating", "ratings");
        for (ToolRow row : s.tools().byTool()) {
            String name = HtmlReport.toolName(row, lang);
            tool(t, row.toolId(), name, "current", row.current());
            tool(t, row.toolId(), name, "previous", row.previous());
        }
        tool(t, "*", lang.t("tools.total"), "current", s.tools().total());
        tool(t, "*", lang.t("tools.total"), "previous", s.tools().totalPrevious());
        return t.csv();
    }

    private static void tool(Table t, String id, String name, String period, ToolFigures f) {
        t.row(id, name, period, f.discovered(), f.starts(), f.completions(), f.adopters(), f.completionRate(),
                f.uptakeRate(), f.meanRating(), f.ratings());
    }

    private static String wellbeing(Snapshot s, ReportLanguage lang) {
        Table t = new Table("period", "dimension", "name", "wellbeing", "illbeing", "action", "meanScore", "scores");
        dimensions(t, "current", s.wellbeing().current(), lang);
        dimensions(t, "previous", s.wellbeing().previous(), lang);
        return t.csv();
    }

    private static void dimensions(Table t, String period, WellbeingFigures w, ReportLanguage lang) {
        for (DimensionRow d : w.dimensions()) {
            t.row(period, d.dimension(), lang.name(d.names(), "dimension." + d.dimension(), d.dimension()),
                    d.wellbeing(), d.illbeing(), d.action(), d.meanScore(), d.scores());
        }
    }

    private static String wellbeingTotals(Snapshot s) {
        Table t = new Table("period", "evaluations", "groups", "citizens");
        WellbeingFigures now = s.wellbeing().current();
        WellbeingFigures before = s.wellbeing().previous();
        t.row("current", now.evaluations(), now.groups(), now.citizens());
        t.row("previous", before.evaluations(), before.groups(), before.citizens());
        return t.csv();
    }

    /** The assessments made in each period ({@code from} inclusive, {@code to} exclusive), unlike the headline's. */
    private static String footprint(Snapshot s) {
        Table t = new Table("period", "from", "to", "assessments", "meanTonnes", "shareUnder2t", "targetTonnes",
                "food", "housing", "mobility", "goods", "publicServices");
        Snapshot.Scope scope = s.scope();
        footprintRow(t, "current", scope.from(), scope.to(), s.footprint().current(), s.footprint().targetTonnes());
        footprintRow(t, "previous", scope.previousFrom(), scope.from(), s.footprint().previous(), s.footprint().targetTonnes());
        return t.csv();
    }

    private static void footprintRow(Table t, String period, java.time.LocalDate from, java.time.LocalDate to,
                                     FootprintFigures f, double target) {
        Snapshot.Breakdown b = f.meanBreakdown();
        t.row(period, from, to, f.assessments(), f.meanTonnes(), f.shareUnder2t(), target,
                b.food(), b.housing(), b.mobility(), b.goods(), b.publicServices());
    }

    private static String distribution(Snapshot s) {
        Table t = new Table("period", "fromTonnes", "toTonnes", "assessments");
        for (Bucket b : s.footprint().current().distribution()) {
            t.row("current", b.fromTonnes(), b.toTonnes(), b.assessments());
        }
        for (Bucket b : s.footprint().previous().distribution()) {
            t.row("previous", b.fromTonnes(), b.toTonnes(), b.assessments());
        }
        return t.csv();
    }

    private static String weeks(List<WeekPoint> weeks) {
        Table t = new Table("period", "start", "end", "newParticipants", "leftParticipants", "activeAtEnd", "everAtEnd");
        weeks.forEach(w -> t.row(w.period(), w.start(), w.end(), w.newParticipants(), w.leftParticipants(),
                w.activeAtEnd(), w.everAtEnd()));
        return t.csv();
    }

    private static String targets(Snapshot s, ReportLanguage lang) {
        // columns added later go last: a reader of the earlier files keeps its positions
        Table t = new Table("targetId", "metric", "name", "toolId", "territoryId", "value", "due", "current", "progress",
                "requiredPerWeek", "projectedAtDue", "onTrack", "territoryName", "suppressed", "notComputed");
        s.meeting().targets().forEach(r -> t.row(r.targetId(), r.metric(), MeetingHtml.metricName(s, r, lang),
                r.toolId(), r.territoryId(), r.value(), r.due(), r.current(), r.progress(), r.requiredPerWeek(),
                r.projectedAtDue(), r.onTrack(), r.territoryName(), String.join(" ", r.suppressed()), r.notComputed()));
        return t.csv();
    }

    /** One row per cohort and quarter since: the triangle, long. */
    private static String cohorts(List<Snapshot.CohortRow> rows) {
        Table t = new Table("cohort", "cohortStart", "joined", "quartersSince", "stillActive", "usedATool");
        for (Snapshot.CohortRow c : rows) {
            for (int q = 0; q < c.stillActive().size(); q++) {
                t.row(c.cohort(), c.start(), c.joined(), q, c.stillActive().get(q), c.usedATool().get(q));
            }
        }
        return t.csv();
    }

    private static String approaches(List<Snapshot.ApproachRow> rows, ReportLanguage lang) {
        List<String> header = new ArrayList<>(List.of("approachKind", "name", "evaluations", "evaluationsInPeriod",
                "approaches", "tonnesCo2eAvoidedPerYear"));
        org.together.schemas.Annex1.KEY_ELEMENTS.forEach(e -> header.add("share." + e));
        Table t = new Table(header.toArray(String[]::new));
        for (Snapshot.ApproachRow r : rows) {
            List<Object> cells = new ArrayList<>(List.of(r.approachKind(), lang.tOr("approachKind." + r.approachKind(),
                    r.approachKind()), r.evaluations(), r.evaluationsInPeriod(), r.approaches(), r.tonnesCo2eAvoidedPerYear()));
            org.together.schemas.Annex1.KEY_ELEMENTS.forEach(e -> cells.add(r.keyElementShares().get(e)));
            t.row(cells.toArray());
        }
        return t.csv();
    }

    private static String approachScores(List<Snapshot.ApproachRow> rows, ReportLanguage lang) {
        Table t = new Table("approachKind", "component", "name", "meanScore");
        for (Snapshot.ApproachRow r : rows) {
            r.meanScores().forEach((component, mean) ->
                    t.row(r.approachKind(), component, lang.tOr("component." + component, component), mean));
        }
        return t.csv();
    }

    /** The snapshot's table: the product's one CSV writer, with the column that says who the file is for. */
    private static final class Table {
        private final CsvTable table;
        private final String audience;

        /** An internal table ends with a column {@code notice}: "internal - do not publish" on every row. */
        Table(String... header) {
            this.audience = CURRENT.get();
            this.table = new CsvTable(audience == null ? header : append(header, "notice"));
        }

        void row(Object... cells) {
            table.row(audience == null ? cells : append(cells, audience));
        }

        private static <T> T[] append(T[] cells, T last) {
            T[] longer = java.util.Arrays.copyOf(cells, cells.length + 1);
            longer[cells.length] = last;
            return longer;
        }

        String csv() {
            return table.csv();
        }
    }

    /** The notice of the tables being written: "internal - do not publish", or null for public tables. */
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();
}
