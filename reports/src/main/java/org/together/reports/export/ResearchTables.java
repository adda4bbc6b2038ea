package org.together.reports.export;

import static org.together.reports.export.ExportTable.Field;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.together.figures.ApproachCounts;
import org.together.figures.DimensionCounts;
import org.together.figures.Figures;
import org.together.figures.Footprints;
import org.together.figures.Period;
import org.together.figures.SpiralDimensions;
import org.together.figures.ToolCounts;
import org.together.figures.Window;
import org.together.figures.disclosure.Publication.Figure;
import org.together.reference.Territory;
import org.together.schemas.Annex1;

/**
 * The research export's tables: participants, tool funnel, well-being, SPIRAL dimensions, footprint, footprint by
 * domain, Annex 1 approaches, cohorts, territories.
 */
final class ResearchTables {

    static final String NETWORK = "network", TERRITORY = "territory";

    private ResearchTables() {
    }

    static List<ExportTable> all() {
        return List.of(new Participants(), new Tools(), new Wellbeing(), new Dimensions(), new Footprint(), new FootprintDomains(),
                new Approaches(), new CohortsTable(), new Territories());
    }

    /** The columns every figures table starts with: which scope, territory and quarter a row is about. */
    static List<Field> key() {
        return List.of(
                Field.of("scope", "string", "network (every territory) or territory"),
                Field.of("territoryId", "string", "the territory's id; empty on network rows"),
                Field.of("quarter", "string", "calendar quarter, like 2021-Q2 (UTC)"),
                Field.of("start", "date", "first day of the quarter counted (the export's first day for its first quarter)"),
                Field.of("end", "date", "day after the last day counted (the export's end for its last quarter)"));
    }

    static Field suppressed() {
        return Field.of("suppressed", "string", "the row's fields left empty by the disclosure rule, space-separated");
    }

    static List<Field> withKey(List<Field> figures) {
        List<Field> fields = new ArrayList<>(key());
        fields.addAll(figures);
        fields.add(suppressed());
        return fields;
    }

    static List<Object> keyCells(String scope, String territoryId, Window quarter) {
        return new ArrayList<>(List.of(scope, territoryId == null ? "" : territoryId, ExportInput.label(quarter), quarter.from(), quarter.to()));
    }

    /** A cell that is always published (a network row). */
    static Rows.Cell exact(String field, Object value) {
        return Rows.cell(field, null, value);
    }

    static final class Participants implements ExportTable {
        public String name() {
            return "participants";
        }

        public String description() {
            return "Participants per territory and quarter, and network-wide: active at the quarter's end, joined for the "
                    + "first time in it, left in it. A territory with a small count in any quarter has all its participant "
                    + "figures hidden: active at a quarter's end is the one before plus new, returning and left.";
        }

        public List<Field> fields() {
            return withKey(List.of(
                    new Field("activeAtEnd", "integer", "participants active at the end of the quarter (joined, not left)", "participants"),
                    new Field("newParticipants", "integer", "participants whose first join is in the quarter", "participants"),
                    new Field("leftParticipants", "integer", "active participants who left in the quarter", "participants")));
        }

        public void rows(ExportInput in, Rows rows) {
            in.territories().forEach((id, t) -> {
                List<Figure> family = new ArrayList<>();
                for (int q = 0; q < in.quarters().size(); q++) {
                    Figures f = t.in(q);
                    Figure active = rows.count(name() + "|" + q + "|active", t.activeAtEndOf(q));
                    Figure joined = rows.count(name() + "|" + q + "|new", f.newParticipants());
                    Figure left = rows.count(name() + "|" + q + "|left", f.deactivations());
                    family.addAll(List.of(active, joined, left));
                    List<Object> row = keyCells(TERRITORY, id, in.quarters().get(q));
                    row.addAll(List.of(Rows.cell("activeAtEnd", active, active.value()), Rows.cell("newParticipants", joined, joined.value()),
                            Rows.cell("leftParticipants", left, left.value())));
                    rows.add(name(), row);
                }
                rows.together(family);
            });
            for (int q = 0; q < in.quarters().size(); q++) {
                Figures n = in.network(q);
                List<Object> row = keyCells(NETWORK, null, in.quarters().get(q));
                row.addAll(List.of(exact("activeAtEnd", in.networkActiveAtEndOf(q)), exact("newParticipants", n.newParticipants()),
                        exact("leftParticipants", n.deactivations())));
                rows.add(name(), row);
            }
        }
    }

    static final class Tools implements ExportTable {
        public String name() {
            return "tools";
        }

        public String description() {
            return "Tool funnel per tool, territory and quarter, and network-wide: distinct users (a participant, or a group "
                    + "when none is named) who reached each stage for the first time in the quarter, and the ratings given in it.";
        }

        public List<Field> fields() {
            return withKey(List.of(
                    Field.of("toolId", "string", "the tool, from the catalogue"),
                    new Field("discovered", "integer", "users who first discovered the tool in the quarter", "users"),
                    new Field("started", "integer", "users who first started it in the quarter", "users"),
                    new Field("completed", "integer", "users who first completed it in the quarter", "users"),
                    new Field("adopters", "integer", "users who first started or completed it in the quarter", "users"),
                    new Field("ratings", "integer", "ratings given in the quarter", "ratings"),
                    new Field("meanRating", "number", "mean of those ratings, 1 to 5", "rating 1-5"),
                    new Field("completionRate", "number", "completed / started, a fraction", "fraction")));
        }

        public void rows(ExportInput in, Rows rows) {
            for (int q = 0; q < in.quarters().size(); q++) {
                int quarter = q;
                in.territories().forEach((id, t) -> t.in(quarter).tools().forEach((toolId, c) -> {
                    String column = name() + "|" + quarter + "|" + toolId + "|";
                    Figure discovered = rows.count(column + "discovered", c.discovered());
                    Figure started = rows.count(column + "started", c.starts());
                    Figure completed = rows.count(column + "completed", c.completions());
                    Figure adopters = rows.count(column + "adopters", c.adopters());
                    Figure ratings = rows.count(column + "ratings", c.ratings());
                    List<Object> row = keyCells(TERRITORY, id, in.quarters().get(quarter));
                    row.addAll(List.of(toolId, Rows.cell("discovered", discovered, c.discovered()),
                            Rows.cell("started", started, c.starts()), Rows.cell("completed", completed, c.completions()),
                            Rows.cell("adopters", adopters, c.adopters()), Rows.cell("ratings", ratings, c.ratings()),
                            Rows.cell("meanRating", rows.mean(c.ratings()), c.meanRating()),
                            Rows.cell("completionRate", rows.ratio(completed, started), c.completionRate())));
                    rows.add(name(), row);
                }));
                for (Map.Entry<String, ToolCounts> e : in.network(q).tools().entrySet()) {
                    ToolCounts c = e.getValue();
                    List<Object> row = keyCells(NETWORK, null, in.quarters().get(q));
                    row.addAll(List.of(e.getKey(), exact("discovered", c.discovered()), exact("started", c.starts()),
                            exact("completed", c.completions()), exact("adopters", c.adopters()), exact("ratings", c.ratings()),
                            exact("meanRating", c.meanRating()), exact("completionRate", c.completionRate())));
                    rows.add(name(), row);
                }
            }
        }
    }

    static final class Wellbeing implements ExportTable {
        public String name() {
            return "wellbeing";
        }

        public String description() {
            return "SPIRAL well-being evaluations per territory and quarter, and network-wide.";
        }

        public List<Field> fields() {
            return withKey(List.of(
                    new Field("evaluations", "integer", "well-being evaluations (criteria or co-evaluation) in the quarter", "evaluations"),
                    new Field("newGroups", "integer", "groups that evaluated for the first time in the quarter", "groups"),
                    new Field("citizens", "integer", "citizens involved in those evaluations (sum of their participantsCount)", "citizens")));
        }

        public void rows(ExportInput in, Rows rows) {
            for (int q = 0; q < in.quarters().size(); q++) {
                int quarter = q;
                in.territories().forEach((id, t) -> {
                    Figures f = t.in(quarter);
                    if (f.evaluations() == 0 && f.evaluatingGroups() == 0) {
                        return;
                    }
                    List<Object> row = keyCells(TERRITORY, id, in.quarters().get(quarter));
                    Figure evaluations = rows.count(name() + "|" + quarter + "|evaluations", f.evaluations());
                    Figure groups = rows.count(name() + "|" + quarter + "|groups", f.evaluatingGroups());
                    Figure citizens = rows.count(name() + "|" + quarter + "|citizens", f.citizens());
                    row.addAll(List.of(Rows.cell("evaluations", evaluations, f.evaluations()),
                            Rows.cell("newGroups", groups, f.evaluatingGroups()), Rows.cell("citizens", citizens, f.citizens())));
                    rows.add(name(), row);
                });
                Figures n = in.network(q);
                List<Object> row = keyCells(NETWORK, null, in.quarters().get(q));
                row.addAll(List.of(exact("evaluations", n.evaluations()), exact("newGroups", n.evaluatingGroups()),
                        exact("citizens", n.citizens())));
                rows.add(name(), row);
            }
        }
    }

    static final class Dimensions implements ExportTable {
        public String name() {
            return "wellbeing-dimensions";
        }

        public String description() {
            return "Per SPIRAL dimension (A to I), territory and quarter, and network-wide: the criteria groups wrote for each "
                    + "of SPIRAL's three questions, and the mean co-evaluation score. A territory's are published when at least "
                    + "k evaluations made them.";
        }

        public List<Field> fields() {
            return withKey(List.of(
                    Field.of("dimension", "string", "SPIRAL dimension, A to I"),
                    new Field("wellbeingCriteria", "integer", "criteria written for 'what is well-being for you'", "criteria"),
                    new Field("illbeingCriteria", "integer", "criteria written for 'what is ill-being for you'", "criteria"),
                    new Field("actionCriteria", "integer", "criteria written for 'what do you do, or can you do'", "criteria"),
                    new Field("scores", "integer", "co-evaluation scores given to the dimension", "scores"),
                    new Field("meanScore", "number", "mean co-evaluation score, 1 (very bad) to 5 (ideal)", "score 1-5")));
        }

        public void rows(ExportInput in, Rows rows) {
            for (int q = 0; q < in.quarters().size(); q++) {
                int quarter = q;
                in.territories().forEach((id, t) -> {
                    Figures f = t.in(quarter);
                    for (String code : codes(f)) {
                        DimensionCounts c = f.dimension(code);
                        String column = name() + "|" + quarter + "|" + code + "|";
                        // the criteria of an evaluation are its group's: they count the evaluations that wrote them
                        Figure wb = rows.count(column + "wellbeing", c.wellbeing(), f.evaluations());
                        Figure ib = rows.count(column + "illbeing", c.illbeing(), f.evaluations());
                        Figure ac = rows.count(column + "action", c.action(), f.evaluations());
                        Figure scores = rows.count(column + "scores", c.scores());
                        List<Object> row = keyCells(TERRITORY, id, in.quarters().get(quarter));
                        row.addAll(List.of(code, Rows.cell("wellbeingCriteria", wb, c.wellbeing()),
                                Rows.cell("illbeingCriteria", ib, c.illbeing()), Rows.cell("actionCriteria", ac, c.action()),
                                Rows.cell("scores", scores, c.scores()), Rows.cell("meanScore", rows.mean(c.scores()), c.meanScore())));
                        rows.add(name(), row);
                    }
                });
                Figures n = in.network(q);
                for (String code : codes(n)) {
                    DimensionCounts c = n.dimension(code);
                    List<Object> row = keyCells(NETWORK, null, in.quarters().get(q));
                    row.addAll(List.of(code, exact("wellbeingCriteria", c.wellbeing()), exact("illbeingCriteria", c.illbeing()),
                            exact("actionCriteria", c.action()), exact("scores", c.scores()), exact("meanScore", c.meanScore())));
                    rows.add(name(), row);
                }
            }
        }

        private static TreeSet<String> codes(Figures f) {
            TreeSet<String> codes = new TreeSet<>(f.dimensions().keySet());
            codes.retainAll(SpiralDimensions.CODES);
            return codes;
        }
    }

    static final class Footprint implements ExportTable {
        public String name() {
            return "footprint";
        }

        public String description() {
            return "Carbon footprint assessments per territory and quarter, and network-wide.";
        }

        public List<Field> fields() {
            return withKey(List.of(
                    new Field("assessments", "integer", "footprint assessments in the quarter", "assessments"),
                    new Field("meanTonnes", "number", "their mean", "t CO2e per person per year"),
                    new Field("shareUnder2t", "number", "the share of them strictly under 2 t CO2e per person per year", "fraction")));
        }

        public void rows(ExportInput in, Rows rows) {
            for (int q = 0; q < in.quarters().size(); q++) {
                int quarter = q;
                in.territories().forEach((id, t) -> {
                    Figures f = t.in(quarter);
                    if (f.assessments() == 0) {
                        return;
                    }
                    Figure assessments = rows.count(name() + "|" + quarter + "|assessments", f.assessments());
                    List<Object> row = keyCells(TERRITORY, id, in.quarters().get(quarter));
                    row.addAll(List.of(Rows.cell("assessments", assessments, f.assessments()),
                            Rows.cell("meanTonnes", rows.mean(f.assessments()), f.meanTonnes()),
                            Rows.cell("shareUnder2t", rows.share(f.assessmentsUnder2t(), assessments), f.shareUnder2t())));
                    rows.add(name(), row);
                });
                Figures n = in.network(q);
                List<Object> row = keyCells(NETWORK, null, in.quarters().get(q));
                row.addAll(List.of(exact("assessments", n.assessments()), exact("meanTonnes", n.meanTonnes()),
                        exact("shareUnder2t", n.shareUnder2t())));
                rows.add(name(), row);
            }
        }
    }

    static final class FootprintDomains implements ExportTable {
        public String name() {
            return "footprint-domains";
        }

        public String description() {
            return "Carbon footprint by domain (food, housing, mobility, goods, public services) per territory and quarter, "
                    + "and network-wide, from the assessments that gave a breakdown.";
        }

        public List<Field> fields() {
            return withKey(List.of(
                    Field.of("domain", "string", "food, housing, mobility, goods or publicServices"),
                    new Field("assessments", "integer", "assessments in the quarter that gave this domain", "assessments"),
                    new Field("meanTonnes", "number", "their mean for this domain", "t CO2e per person per year")));
        }

        public void rows(ExportInput in, Rows rows) {
            for (int q = 0; q < in.quarters().size(); q++) {
                int quarter = q;
                in.territories().forEach((id, t) -> {
                    Figures f = t.in(quarter);
                    f.footprintDomains().forEach((domain, c) -> {
                        if (!Footprints.DOMAINS.contains(domain) || c[1] == 0) {
                            return;
                        }
                        Figure assessments = rows.count(name() + "|" + quarter + "|" + domain, c[1]);
                        List<Object> row = keyCells(TERRITORY, id, in.quarters().get(quarter));
                        row.addAll(List.of(domain, Rows.cell("assessments", assessments, c[1]),
                                Rows.cell("meanTonnes", rows.mean(c[1]), f.meanTonnes(domain))));
                        rows.add(name(), row);
                    });
                });
                Figures n = in.network(q);
                n.footprintDomains().forEach((domain, c) -> {
                    if (Footprints.DOMAINS.contains(domain) && c[1] > 0) {
                        List<Object> row = keyCells(NETWORK, null, in.quarters().get(quarter));
                        row.addAll(List.of(domain, exact("assessments", c[1]), exact("meanTonnes", n.meanTonnes(domain))));
                        rows.add(name(), row);
                    }
                });
            }
        }
    }

    static final class Approaches implements ExportTable {
        public String name() {
            return "approaches";
        }

        public String description() {
            return "Added value of decentralised approaches (Annex 1 of the seed) per kind, territory and quarter, and "
                    + "network-wide: evaluations made in the quarter, their mean score per component (resource efficiency "
                    + "and immaterial well-being, 1 to 5) and the share naming each key element; the approaches counted "
                    + "and the CO2e they avoid at the quarter's end (each approach by its latest evaluation). A territory's "
                    + "approaches of a kind are hidden in every quarter or in none.";
        }

        public List<Field> fields() {
            List<Field> figures = new ArrayList<>(List.of(
                    Field.of("approachKind", "string", "local-partnership, community-supported-agriculture, exchange-system, "
                            + "community-health, shared-mobility, local-energy or other"),
                    new Field("evaluations", "integer", "Annex 1 evaluations made in the quarter", "evaluations"),
                    new Field("approachesAtEnd", "integer", "distinct approaches of the kind at the quarter's end", "approaches"),
                    new Field("tonnesCo2eAvoidedPerYearAtEnd", "number", "CO2e those approaches avoid, as their latest "
                            + "evaluation stating it says", "t CO2e per year")));
            for (String component : Annex1.COMPONENTS) {
                figures.add(new Field("meanScore." + component, "number", "mean score of " + component
                        + " over the quarter's evaluations that scored it", "score 1-5"));
            }
            for (String element : Annex1.KEY_ELEMENTS) {
                figures.add(new Field("share." + element, "number", "share of the quarter's evaluations naming " + element,
                        "fraction"));
            }
            return withKey(figures);
        }

        public void rows(ExportInput in, Rows rows) {
            Map<String, List<Figure>> families = new java.util.TreeMap<>();
            for (int q = 0; q < in.quarters().size(); q++) {
                int quarter = q;
                in.territories().forEach((id, t) -> {
                    Map<String, ApproachCounts> atEnd = t.upToEndOf(quarter).approaches();
                    Map<String, ApproachCounts> inQuarter = t.in(quarter).approaches();
                    TreeSet<String> kinds = new TreeSet<>(atEnd.keySet());
                    kinds.addAll(inQuarter.keySet());
                    for (String kind : kinds) {
                        ApproachCounts made = inQuarter.getOrDefault(kind, ApproachCounts.NONE);
                        ApproachCounts end = atEnd.getOrDefault(kind, ApproachCounts.NONE);
                        if (made.evaluations() == 0 && end.approaches() == 0) {
                            continue;
                        }
                        String column = name() + "|" + quarter + "|" + kind + "|";
                        Figure evaluations = rows.count(column + "evaluations", made.evaluations());
                        Figure approaches = rows.count(column + "approaches", end.approaches());
                        Figure kilograms = rows.count(column + "kilograms", end.kilogramsAvoided(), end.approaches());
                        // the approaches counted at consecutive quarters' ends give the new ones away
                        families.computeIfAbsent(id + "|" + kind, k -> new ArrayList<>()).addAll(List.of(approaches, kilograms));
                        List<Object> row = keyCells(TERRITORY, id, in.quarters().get(quarter));
                        row.addAll(List.of(kind, Rows.cell("evaluations", evaluations, made.evaluations()),
                                Rows.cell("approachesAtEnd", approaches, end.approaches()),
                                Rows.cell("tonnesCo2eAvoidedPerYearAtEnd", kilograms, end.tonnesAvoided())));
                        for (String component : Annex1.COMPONENTS) {
                            long[] scores = made.scores().get(component);
                            row.add(Rows.cell("meanScore." + component, rows.mean(scores == null ? 0 : scores[1]),
                                    made.meanScore(component)));
                        }
                        for (String element : Annex1.KEY_ELEMENTS) {
                            row.add(Rows.cell("share." + element, rows.share(made.keyElements().getOrDefault(element, 0L),
                                    evaluations), made.keyElementShare(element)));
                        }
                        rows.add(name(), row);
                    }
                });
                Map<String, ApproachCounts> atEnd = in.networkUpToEndOf(q).approaches();
                Map<String, ApproachCounts> inQuarter = in.network(q).approaches();
                TreeSet<String> kinds = new TreeSet<>(atEnd.keySet());
                kinds.addAll(inQuarter.keySet());
                for (String kind : kinds) {
                    ApproachCounts made = inQuarter.getOrDefault(kind, ApproachCounts.NONE);
                    ApproachCounts end = atEnd.getOrDefault(kind, ApproachCounts.NONE);
                    List<Object> row = keyCells(NETWORK, null, in.quarters().get(q));
                    row.addAll(List.of(kind, exact("evaluations", made.evaluations()), exact("approachesAtEnd", end.approaches()),
                            exact("tonnesCo2eAvoidedPerYearAtEnd", end.tonnesAvoided())));
                    for (String component : Annex1.COMPONENTS) {
                        row.add(exact("meanScore." + component, made.meanScore(component)));
                    }
                    for (String element : Annex1.KEY_ELEMENTS) {
                        row.add(exact("share." + element, made.keyElementShare(element)));
                    }
                    rows.add(name(), row);
                }
            }
            families.values().forEach(rows::together);
        }
    }

    /**
     * Network-wide only: a territory's cohorts break down its participant counts, already published per quarter in
     * {@code participants}, so they would be a table with margins both ways, which the disclosure rule does not protect.
     */
    static final class CohortsTable implements ExportTable {
        public String name() {
            return "cohorts";
        }

        /** Network rows only: a quarter and a cohort. */
        @Override
        public List<String> primaryKey() {
            return List.of("quarter", "cohort");
        }

        public String description() {
            return "Network-wide, per cohort of participants (the quarter of their first join) and quarter of the export: "
                    + "the cohort's size, how many of it were active at the quarter's end, how many started or completed a "
                    + "tool in the quarter. Not per territory: a territory's cohorts break down its participant figures, "
                    + "published in participants.";
        }

        public List<Field> fields() {
            return withKey(List.of(
                    Field.of("cohort", "string", "the quarter of the cohort's first joins, like 2021-Q1"),
                    new Field("joined", "integer", "participants whose first join is in the cohort's quarter", "participants"),
                    new Field("stillActive", "integer", "of them, active at the end of the quarter", "participants"),
                    new Field("usedATool", "integer", "of them, who started or completed a tool in the quarter", "participants")));
        }

        public void rows(ExportInput in, Rows rows) {
            for (int q = 0; q < in.quarters().size(); q++) {
                Figures upTo = in.networkUpToEndOf(q);
                String quarter = ExportInput.label(in.quarters().get(q));
                Map<String, Long> joined = byQuarter(upTo.cohortJoined());
                Map<String, Long> active = byQuarter(upTo.cohortActivity());
                Map<String, Map<String, Long>> users = upTo.cohortToolUsers(Period.QUARTER);
                for (Map.Entry<String, Long> cohort : joined.entrySet()) {
                    if (cohort.getKey().compareTo(quarter) > 0 || cohort.getValue() == 0) {
                        continue;
                    }
                    List<Object> row = keyCells(NETWORK, null, in.quarters().get(q));
                    row.addAll(List.of(cohort.getKey(), exact("joined", cohort.getValue()),
                            exact("stillActive", active.getOrDefault(cohort.getKey(), 0L)),
                            exact("usedATool", users.getOrDefault(cohort.getKey(), Map.of()).getOrDefault(quarter, 0L))));
                    rows.add(name(), row);
                }
            }
        }

        /** Counts by cohort month ({@code 2021-03}) summed by cohort quarter ({@code 2021-Q1}). */
        private static Map<String, Long> byQuarter(Map<String, Long> byMonth) {
            Map<String, Long> byQuarter = new java.util.TreeMap<>();
            byMonth.forEach((month, n) -> byQuarter.merge(Period.QUARTER.label(Period.QUARTER.start(
                    java.time.LocalDate.parse(month + "-01"))), n, Long::sum));
            return byQuarter;
        }
    }

    static final class Territories implements ExportTable {
        public String name() {
            return "territories";
        }

        public String description() {
            return "The territories of the other tables, as registered (no figure).";
        }

        @Override
        public List<String> primaryKey() {
            return List.of("territoryId");
        }

        public List<Field> fields() {
            return List.of(
                    Field.of("territoryId", "string", "the territory's id"),
                    Field.of("name", "string", "its name, as registered"),
                    Field.of("countryCode", "string", "ISO 3166-1 alpha-2"),
                    Field.of("kind", "string", "village, neighbourhood, municipality, city, region, collective-actor or citizen-group"),
                    suppressed());
        }

        public void rows(ExportInput in, Rows rows) {
            in.territories().keySet().forEach(id -> {
                Territory t = in.reference().territories().get(id);
                rows.add(name(), new ArrayList<>(List.of(id, t == null ? "" : t.getName(), t == null || t.getCountryCode() == null ? "" : t.getCountryCode(),
                        t == null || t.getKind() == null ? "" : t.getKind())));
            });
        }
    }
}
