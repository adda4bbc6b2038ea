package org.together.reports.export;

import static org.together.reports.export.ExportTable.Field;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
import org.together.events.ApproachKind;
import org.together.schemas.Annex1;
import org.together.schemas.WireNames;

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
                Field.of("scope", "string", "network (every territory) or territory").required().oneOf(List.of(NETWORK, TERRITORY)),
                territoryId("the territory's id; empty on network rows"),
                Field.of("quarter", "string", "calendar quarter, like 2021-Q2 (UTC); the export's first and last quarters may "
                        + "be partial, cut at the export's from and to (see start and end): two exports' rows of one label "
                        + "may count different days").required().pattern(QUARTER),
                // their bounds are the export's period: ResearchExport adds them
                Field.of("start", "date", "first day of the quarter counted (the export's first day for its first quarter)").required(),
                Field.of("end", "date", "day after the last day counted (the export's end for its last quarter)").required());
    }

    /** A calendar quarter's label, like 2021-Q2. */
    static final String QUARTER = "[0-9]{4}-Q[1-4]";

    /** A territory's id as the ingest API takes it (3 to 64 of a-z, 0-9, '-'). */
    static Field territoryId(String description) {
        return Field.of("territoryId", "string", description).pattern("[a-z0-9-]{3,64}");
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

    /**
     * Rows of a quarter together, its territories' by id (then key), then the network's: a territory listed for its
     * hidden zeros stands where one with figures would, not after them (which would tell that it had none).
     */
    static Comparator<List<Object>> byQuarterAndTerritory(boolean keyed) {
        Comparator<List<Object>> order = Comparator.comparing((List<Object> row) -> (LocalDate) row.get(3))
                .thenComparing(row -> NETWORK.equals(row.get(0)))
                .thenComparing(row -> (String) row.get(1));
        return keyed ? order.thenComparing(row -> (String) row.get(5)) : order;
    }

    /**
     * The family of a territory's counts about one subject (a tool, its well-being, its footprint) in a quarter, or
     * ({@code territoryId} null) of the zeros of the territories left out of it: each count bounds the others (a
     * territory with no evaluation has no score), so they are hidden all or none, across tables.
     */
    static String family(String subject, String territoryId, int quarter) {
        return subject + "|" + quarter + "|" + (territoryId == null ? "left out" : "territory " + territoryId);
    }

    /** What a table that gives a territory a row only where it has some says of the others. */
    static String leftOutNote(String where) {
        return " A territory without a row " + where + " had none. When a count is above zero in one territory only, "
                + "every other territory gets a row too, with that count hidden (and what is computed from it), so that the "
                + "network's figure cannot be read as that territory's.";
    }

    /**
     * The zeros of the territories without a row in a group of columns (a quarter's tool, dimension, domain or kind),
     * one figure per column {@code prefix + measure}; null when every territory of the export has a row in it.
     */
    static Figure[] absentZeros(ExportInput in, Rows rows, List<String> given, String prefix, String... measures) {
        if (given.size() == in.territories().size()) {
            return null;
        }
        return Arrays.stream(measures).map(m -> rows.absentZeros(prefix + m)).toArray(Figure[]::new);
    }

    /** The export's territories without a row in a group ({@code given}: those with one), walked when rows are written. */
    static Iterable<String> leftOut(ExportInput in, List<String> given) {
        return () -> {
            Set<String> listed = new HashSet<>(given);
            return in.territories().keySet().stream().filter(id -> !listed.contains(id)).iterator();
        };
    }

    static final class Participants implements ExportTable {
        @Override
        public List<String> uniqueKey() {
            return List.of("scope", "territoryId", "quarter");
        }

        public String name() {
            return "participants";
        }

        public String description() {
            return "Participants per territory and quarter, and network-wide: active at the quarter's end, joined for the "
                    + "first time in it, came back in it after leaving, left in it. Active at a quarter's end is the one "
                    + "before plus new and returning participants minus those who left (activeAtEnd = previous activeAtEnd + "
                    + "newParticipants + returningParticipants - leftParticipants, on every network row and wherever a "
                    + "territory's figures are published), so two published active figures would tell a hidden new, "
                    + "returning or left count between them. A territory's hidden new, returning or left count (small, or "
                    + "hidden with another territory's) hides its active figures of that quarter and every later one; its "
                    + "active figures before, and its new, returning and left of the other quarters, stay published. When "
                    + "that is not enough (an active figure hidden right after a published one with nothing of its quarter "
                    + "hidden, or a hidden count that could not move by one against another territory's hidden count of "
                    + "its column without a hidden figure falling below 1), the territory's figures are hidden in every "
                    + "quarter.";
        }

        public List<Field> fields() {
            return withKey(List.of(
                    Field.count("activeAtEnd", "participants active at the end of the quarter (joined, not left)", "participants"),
                    Field.count("newParticipants", "participants whose first join is in the quarter", "participants"),
                    Field.count("returningParticipants", "participants who had left and joined again in the quarter "
                            + "(not new; one who came back twice in it counts twice, as the live growth series counts "
                            + "returning participants)", "participants"),
                    Field.count("leftParticipants", "active participants who left in the quarter", "participants")));
        }

        public void rows(ExportInput in, Rows rows) {
            in.territories().forEach((id, t) -> {
                List<Figure> stocks = new ArrayList<>();
                List<Figure> flows = new ArrayList<>();
                // the new, returning and left columns first: a hidden one's partners are chosen, and their active
                // figures hidden with them, before an active column picks a partner of its own
                for (int q = 0; q < in.quarters().size(); q++) {
                    Figures f = t.in(q);
                    flows.add(rows.count(name() + "|" + q + "|new", f.newParticipants()));
                    flows.add(rows.count(name() + "|" + q + "|returning", returning(f)));
                    flows.add(rows.count(name() + "|" + q + "|left", f.deactivations()));
                }
                for (int q = 0; q < in.quarters().size(); q++) {
                    stocks.add(rows.count(name() + "|" + q + "|active", t.activeAtEndOf(q)));
                }
                for (int q = 0; q < in.quarters().size(); q++) {
                    Figure active = stocks.get(q);
                    Figure joined = flows.get(3 * q);
                    Figure returning = flows.get(3 * q + 1);
                    Figure left = flows.get(3 * q + 2);
                    List<Object> row = keyCells(TERRITORY, id, in.quarters().get(q));
                    row.addAll(List.of(Rows.cell("activeAtEnd", active, active.value()), Rows.cell("newParticipants", joined, joined.value()),
                            Rows.cell("returningParticipants", returning, returning.value()),
                            Rows.cell("leftParticipants", left, left.value())));
                    rows.add(name(), row);
                }
                // active at a quarter's end is the one before plus new and returning minus left: a hidden new,
                // returning or left count hides the territory's active figures from that quarter on, not its other
                // quarters' flows, where that is safe; else all of them (Publication.stockAndFlows)
                rows.stockAndFlows(stocks, flows);
            });
            for (int q = 0; q < in.quarters().size(); q++) {
                Figures n = in.network(q);
                List<Object> row = keyCells(NETWORK, null, in.quarters().get(q));
                row.addAll(List.of(exact("activeAtEnd", in.networkActiveAtEndOf(q)), exact("newParticipants", n.newParticipants()),
                        exact("returningParticipants", returning(n)), exact("leftParticipants", n.deactivations())));
                rows.add(name(), row);
            }
        }

        /** Every activation is a first join or a return, as the live growth series counts them (PeriodFigures.series). */
        private static long returning(Figures f) {
            return f.activations() - f.newParticipants();
        }
    }

    static final class Tools implements ExportTable {
        @Override
        public List<String> uniqueKey() {
            return List.of("scope", "territoryId", "quarter", "toolId");
        }

        private static final String[] COUNTS = {"discovered", "started", "completed", "adopters", "ratings"};

        /** Not the snapshot's counts (review 11, finding 8): said wherever a stage's count is described. */
        static final String FIRST = "First reached in the quarter (the snapshot counts distinct users in its period, so "
                + "its figures for one quarter can be larger; adopters can be fewer than completers when they started in an "
                + "earlier quarter).";

        public String name() {
            return "tools";
        }

        public String description() {
            return "Tool funnel per tool, territory and quarter, and network-wide: distinct users (a participant, or a group "
                    + "when none is named) who first reached each stage in the quarter, and the ratings given in it. " + FIRST
                    + " A user counts in one quarter only per stage, so the quarters add up. A territory's counts of "
                    + "a tool in a quarter are hidden all or none (they bound each other: starters are adopters)."
                    + leftOutNote("for a tool in a quarter");
        }

        public List<Field> fields() {
            return withKey(List.of(
                    Field.of("toolId", "string", "the tool, from the catalogue").required().pattern("[a-z0-9-]{1,64}"),
                    Field.count("discovered", "users who first discovered the tool in the quarter. " + FIRST, "users"),
                    Field.count("started", "users who first started it in the quarter. " + FIRST, "users"),
                    Field.count("completed", "users who first completed it in the quarter. " + FIRST, "users"),
                    Field.count("adopters", "users who first started or completed it in the quarter (their first "
                            + "start or completion falls in it). " + FIRST, "users"),
                    Field.count("ratings", "ratings given in the quarter", "ratings"),
                    new Field("meanRating", "number", "mean of those ratings, 1 to 5", "rating 1-5").between(1, 5),
                    new Field("completionRate", "number", "completed / started, of the quarter's first completions "
                            + "and first starts: above 1 when users who started in an earlier quarter completed in it", "ratio").with("minimum", 0)));
        }

        public void rows(ExportInput in, Rows rows) {
            rows.order(name(), byQuarterAndTerritory(true));
            for (int q = 0; q < in.quarters().size(); q++) {
                int quarter = q;
                Window window = in.quarters().get(q);
                Map<String, List<String>> given = new TreeMap<>(); // tool -> the territories with a row for it
                in.territories().forEach((id, t) -> t.in(quarter).tools().forEach((toolId, c) -> {
                    given.computeIfAbsent(toolId, x -> new ArrayList<>()).add(id);
                    String column = name() + "|" + quarter + "|" + toolId + "|";
                    long[] values = {c.discovered(), c.starts(), c.completions(), c.adopters(), c.ratings()};
                    Figure[] counts = new Figure[COUNTS.length];
                    for (int i = 0; i < counts.length; i++) {
                        counts[i] = rows.count(column + COUNTS[i], values[i]);
                    }
                    // started or completed users are adopters: a published 0 adopters would give a hidden 0 started away
                    rows.family(family("tool " + toolId, id, quarter), counts);
                    rows.add(name(), row(id, window, toolId, c, counts, rows.mean(c.ratings(), counts[4]), rows.ratio(counts[2], counts[1])));
                }));
                given.forEach((toolId, ids) -> {
                    Figure[] zeros = absentZeros(in, rows, ids, name() + "|" + quarter + "|" + toolId + "|", COUNTS);
                    if (zeros != null) {
                        rows.family(family("tool " + toolId, null, quarter), zeros);
                        Figure rate = rows.ratio(zeros[2], zeros[1]);
                        rows.leftOut(name(), List.of(zeros), leftOut(in, ids),
                                id -> row(id, window, toolId, ToolCounts.NONE, zeros, null, rate));
                    }
                });
                for (Map.Entry<String, ToolCounts> e : in.network(q).tools().entrySet()) {
                    ToolCounts c = e.getValue();
                    List<Object> row = keyCells(NETWORK, null, window);
                    row.addAll(List.of(e.getKey(), exact("discovered", c.discovered()), exact("started", c.starts()),
                            exact("completed", c.completions()), exact("adopters", c.adopters()), exact("ratings", c.ratings()),
                            exact("meanRating", c.meanRating()), exact("completionRate", c.completionRate())));
                    rows.add(name(), row);
                }
            }
        }

        /** A territory's row; {@code counts} in the order of {@link #COUNTS}. */
        private static List<Object> row(String id, Window quarter, String toolId, ToolCounts c, Figure[] counts, Figure mean,
                                        Figure rate) {
            List<Object> row = keyCells(TERRITORY, id, quarter);
            row.addAll(List.of(toolId, Rows.cell("discovered", counts[0], c.discovered()),
                    Rows.cell("started", counts[1], c.starts()), Rows.cell("completed", counts[2], c.completions()),
                    Rows.cell("adopters", counts[3], c.adopters()), Rows.cell("ratings", counts[4], c.ratings()),
                    Rows.of("meanRating", mean, counts[4], c.meanRating()), Rows.cell("completionRate", rate, c.completionRate())));
            return row;
        }
    }

    static final class Wellbeing implements ExportTable {
        @Override
        public List<String> uniqueKey() {
            return List.of("scope", "territoryId", "quarter");
        }

        public String name() {
            return "wellbeing";
        }

        public String description() {
            return "SPIRAL well-being evaluations per territory and quarter, and network-wide. A territory's well-being "
                    + "figures of a quarter, here and in wellbeing-dimensions, are hidden all or none (no evaluation, no "
                    + "criteria nor score)." + leftOutNote("in a quarter");
        }

        public List<Field> fields() {
            return withKey(List.of(
                    Field.count("evaluations", "well-being evaluations (criteria or co-evaluation) in the quarter", "evaluations"),
                    Field.count("newGroups", "groups that evaluated for the first time in the quarter", "groups"),
                    Field.count("citizens", "citizens involved in those evaluations (sum of their participantsCount)", "citizens")));
        }

        public void rows(ExportInput in, Rows rows) {
            rows.order(name(), byQuarterAndTerritory(false));
            for (int q = 0; q < in.quarters().size(); q++) {
                int quarter = q;
                Window window = in.quarters().get(q);
                String column = name() + "|" + quarter + "|";
                List<String> given = new ArrayList<>();
                in.territories().forEach((id, t) -> {
                    Figures f = t.in(quarter);
                    if (f.evaluations() == 0 && f.evaluatingGroups() == 0) {
                        return;
                    }
                    given.add(id);
                    Figure[] counts = {rows.count(column + "evaluations", f.evaluations()),
                            rows.count(column + "groups", f.evaluatingGroups()), rows.count(column + "citizens", f.citizens())};
                    rows.family(family("wellbeing", id, quarter), counts);
                    rows.add(name(), row(id, window, f, counts[0], counts[1], counts[2]));
                });
                Figure[] zeros = absentZeros(in, rows, given, column, "evaluations", "groups", "citizens");
                if (zeros != null) {
                    rows.family(family("wellbeing", null, quarter), zeros);
                    Figures none = new Figures();
                    rows.leftOut(name(), List.of(zeros), leftOut(in, given), id -> row(id, window, none, zeros[0], zeros[1], zeros[2]));
                }
                Figures n = in.network(q);
                List<Object> row = keyCells(NETWORK, null, window);
                row.addAll(List.of(exact("evaluations", n.evaluations()), exact("newGroups", n.evaluatingGroups()),
                        exact("citizens", n.citizens())));
                rows.add(name(), row);
            }
        }

        private static List<Object> row(String id, Window quarter, Figures f, Figure evaluations, Figure groups, Figure citizens) {
            List<Object> row = keyCells(TERRITORY, id, quarter);
            row.addAll(List.of(Rows.cell("evaluations", evaluations, f.evaluations()),
                    Rows.cell("newGroups", groups, f.evaluatingGroups()), Rows.cell("citizens", citizens, f.citizens())));
            return row;
        }
    }

    static final class Dimensions implements ExportTable {
        @Override
        public List<String> uniqueKey() {
            return List.of("scope", "territoryId", "quarter", "dimension");
        }

        private static final String[] COUNTS = {"wellbeing", "illbeing", "action", "scores"};

        public String name() {
            return "wellbeing-dimensions";
        }

        public String description() {
            return "Per SPIRAL dimension (A to I), territory and quarter, and network-wide: the criteria groups wrote for each "
                    + "of SPIRAL's three questions, and the mean co-evaluation score. A territory's are published when at least "
                    + "k evaluations made them, and all or none with the territory's other well-being figures of the quarter (in "
                    + "wellbeing)." + leftOutNote("for a dimension in a quarter");
        }

        public List<Field> fields() {
            return withKey(List.of(
                    Field.of("dimension", "string", "SPIRAL dimension, A to I").required().oneOf(SpiralDimensions.CODES),
                    Field.count("wellbeingCriteria", "criteria written for 'what is well-being for you'", "criteria"),
                    Field.count("illbeingCriteria", "criteria written for 'what is ill-being for you'", "criteria"),
                    Field.count("actionCriteria", "criteria written for 'what do you do, or can you do'", "criteria"),
                    Field.count("scores", "co-evaluation scores given to the dimension", "scores"),
                    new Field("meanScore", "number", "mean co-evaluation score, 1 (very bad) to 5 (ideal)", "score 1-5").between(1, 5)));
        }

        public void rows(ExportInput in, Rows rows) {
            rows.order(name(), byQuarterAndTerritory(true));
            for (int q = 0; q < in.quarters().size(); q++) {
                int quarter = q;
                Window window = in.quarters().get(q);
                Map<String, List<String>> given = new TreeMap<>(); // dimension -> the territories with a row for it
                in.territories().forEach((id, t) -> {
                    Figures f = t.in(quarter);
                    for (String code : codes(f)) {
                        given.computeIfAbsent(code, x -> new ArrayList<>()).add(id);
                        DimensionCounts c = f.dimension(code);
                        String column = name() + "|" + quarter + "|" + code + "|";
                        // the criteria of an evaluation are its group's: they count the evaluations that wrote them
                        Figure[] counts = {rows.count(column + COUNTS[0], c.wellbeing(), f.evaluations()),
                                rows.count(column + COUNTS[1], c.illbeing(), f.evaluations()),
                                rows.count(column + COUNTS[2], c.action(), f.evaluations()), rows.count(column + COUNTS[3], c.scores())};
                        // with the territory's evaluations of the quarter: no evaluation, no criteria nor score
                        rows.family(family("wellbeing", id, quarter), counts);
                        rows.add(name(), row(id, window, code, c, counts, rows.mean(c.scores(), counts[3])));
                    }
                });
                given.forEach((code, ids) -> {
                    Figure[] zeros = absentZeros(in, rows, ids, name() + "|" + quarter + "|" + code + "|", COUNTS);
                    if (zeros != null) {
                        rows.family(family("wellbeing", null, quarter), zeros);
                        rows.leftOut(name(), List.of(zeros), leftOut(in, ids),
                                id -> row(id, window, code, DimensionCounts.NONE, zeros, null));
                    }
                });
                Figures n = in.network(q);
                for (String code : codes(n)) {
                    DimensionCounts c = n.dimension(code);
                    List<Object> row = keyCells(NETWORK, null, window);
                    row.addAll(List.of(code, exact("wellbeingCriteria", c.wellbeing()), exact("illbeingCriteria", c.illbeing()),
                            exact("actionCriteria", c.action()), exact("scores", c.scores()), exact("meanScore", c.meanScore())));
                    rows.add(name(), row);
                }
            }
        }

        /** A territory's row; {@code counts} in the order of {@link #COUNTS}. */
        private static List<Object> row(String id, Window quarter, String code, DimensionCounts c, Figure[] counts, Figure mean) {
            List<Object> row = keyCells(TERRITORY, id, quarter);
            row.addAll(List.of(code, Rows.cell("wellbeingCriteria", counts[0], c.wellbeing()),
                    Rows.cell("illbeingCriteria", counts[1], c.illbeing()), Rows.cell("actionCriteria", counts[2], c.action()),
                    Rows.cell("scores", counts[3], c.scores()), Rows.of("meanScore", mean, counts[3], c.meanScore())));
            return row;
        }

        private static TreeSet<String> codes(Figures f) {
            TreeSet<String> codes = new TreeSet<>(f.dimensions().keySet());
            codes.retainAll(SpiralDimensions.CODES);
            return codes;
        }
    }

    static final class Footprint implements ExportTable {
        @Override
        public List<String> uniqueKey() {
            return List.of("scope", "territoryId", "quarter");
        }

        public String name() {
            return "footprint";
        }

        public String description() {
            return "Carbon footprint assessments per territory and quarter, and network-wide. A territory's assessments of a "
                    + "quarter, here and per domain in footprint-domains, are hidden all or none." + leftOutNote("in a quarter");
        }

        public List<Field> fields() {
            return withKey(List.of(
                    Field.count("assessments", "footprint assessments in the quarter", "assessments"),
                    new Field("meanTonnes", "number", "their mean", "t CO2e per person per year").with("minimum", 0),
                    new Field("shareUnder2t", "number", "the share of them strictly under 2 t CO2e per person per year", "fraction").between(0, 1)));
        }

        public void rows(ExportInput in, Rows rows) {
            rows.order(name(), byQuarterAndTerritory(false));
            for (int q = 0; q < in.quarters().size(); q++) {
                int quarter = q;
                Window window = in.quarters().get(q);
                String column = name() + "|" + quarter + "|";
                List<String> given = new ArrayList<>();
                in.territories().forEach((id, t) -> {
                    Figures f = t.in(quarter);
                    if (f.assessments() == 0) {
                        return;
                    }
                    given.add(id);
                    Figure assessments = rows.count(column + "assessments", f.assessments());
                    rows.family(family("footprint", id, quarter), assessments);
                    rows.add(name(), row(id, window, f, assessments, rows.mean(f.assessments(), assessments),
                            rows.share(column + "under2t", column + "from2t", f.assessmentsUnder2t(), assessments,
                                    family("footprint share", id, quarter))));
                });
                Figure[] zeros = absentZeros(in, rows, given, column, "assessments");
                if (zeros != null) {
                    rows.family(family("footprint", null, quarter), zeros);
                    Figures none = new Figures();
                    rows.leftOut(name(), List.of(zeros), leftOut(in, given), id -> row(id, window, none, zeros[0], null, null));
                }
                Figures n = in.network(q);
                List<Object> row = keyCells(NETWORK, null, window);
                row.addAll(List.of(exact("assessments", n.assessments()), exact("meanTonnes", n.meanTonnes()),
                        exact("shareUnder2t", n.shareUnder2t())));
                rows.add(name(), row);
            }
        }

        private static List<Object> row(String id, Window quarter, Figures f, Figure assessments, Figure mean, Figure share) {
            List<Object> row = keyCells(TERRITORY, id, quarter);
            row.addAll(List.of(Rows.cell("assessments", assessments, f.assessments()),
                    Rows.of("meanTonnes", mean, assessments, f.meanTonnes()),
                    Rows.of("shareUnder2t", share, assessments, f.shareUnder2t())));
            return row;
        }
    }

    static final class FootprintDomains implements ExportTable {
        @Override
        public List<String> uniqueKey() {
            return List.of("scope", "territoryId", "quarter", "domain");
        }

        public String name() {
            return "footprint-domains";
        }

        public String description() {
            return "Carbon footprint by domain (food, housing, mobility, goods, public services) per territory and quarter, "
                    + "and network-wide, from the assessments that gave a breakdown." + leftOutNote("for a domain in a quarter");
        }

        public List<Field> fields() {
            return withKey(List.of(
                    Field.of("domain", "string", "food, housing, mobility, goods or publicServices").required()
                            .oneOf(Footprints.DOMAINS),
                    Field.count("assessments", "assessments in the quarter that gave this domain", "assessments"),
                    new Field("meanTonnes", "number", "their mean for this domain", "t CO2e per person per year").with("minimum", 0)));
        }

        public void rows(ExportInput in, Rows rows) {
            rows.order(name(), byQuarterAndTerritory(true));
            for (int q = 0; q < in.quarters().size(); q++) {
                int quarter = q;
                Window window = in.quarters().get(q);
                Map<String, List<String>> given = new TreeMap<>(); // domain -> the territories with a row for it
                in.territories().forEach((id, t) -> {
                    Figures f = t.in(quarter);
                    f.footprintDomains().forEach((domain, c) -> {
                        if (!Footprints.DOMAINS.contains(domain) || c[1] == 0) {
                            return;
                        }
                        given.computeIfAbsent(domain, x -> new ArrayList<>()).add(id);
                        Figure assessments = rows.count(name() + "|" + quarter + "|" + domain, c[1]);
                        // with the territory's assessments of the quarter: no assessment, no domain given
                        rows.family(family("footprint", id, quarter), assessments);
                        rows.add(name(), row(id, window, domain, c[1], f.meanTonnes(domain), assessments, rows.mean(c[1], assessments)));
                    });
                });
                given.forEach((domain, ids) -> {
                    Figure[] zeros = absentZeros(in, rows, ids, name() + "|" + quarter + "|", domain);
                    if (zeros != null) {
                        rows.family(family("footprint", null, quarter), zeros);
                        rows.leftOut(name(), List.of(zeros), leftOut(in, ids), id -> row(id, window, domain, 0, null, zeros[0], null));
                    }
                });
                Figures n = in.network(q);
                n.footprintDomains().forEach((domain, c) -> {
                    if (Footprints.DOMAINS.contains(domain) && c[1] > 0) {
                        List<Object> row = keyCells(NETWORK, null, window);
                        row.addAll(List.of(domain, exact("assessments", c[1]), exact("meanTonnes", n.meanTonnes(domain))));
                        rows.add(name(), row);
                    }
                });
            }
        }

        private static List<Object> row(String id, Window quarter, String domain, long assessments, Double meanTonnes,
                                        Figure count, Figure mean) {
            List<Object> row = keyCells(TERRITORY, id, quarter);
            row.addAll(List.of(domain, Rows.cell("assessments", count, assessments), Rows.of("meanTonnes", mean, count, meanTonnes)));
            return row;
        }
    }

    static final class Approaches implements ExportTable {
        @Override
        public List<String> uniqueKey() {
            return List.of("scope", "territoryId", "quarter", "approachKind");
        }

        public String name() {
            return "approaches";
        }

        public String description() {
            return "Added value of decentralised approaches (Annex 1 of the seed) per kind, territory and quarter, and "
                    + "network-wide: evaluations made in the quarter, their mean score per component (resource efficiency "
                    + "and immaterial well-being, 1 to 5) and the share naming each key element; the approaches counted "
                    + "and the CO2e they avoid at the quarter's end (each approach by its latest evaluation). A territory's "
                    + "evaluations, approaches and CO2e of a kind are hidden in every quarter it has some, or in none."
                    + leftOutNote("for a kind in a quarter");
        }

        public List<Field> fields() {
            List<Field> figures = new ArrayList<>(List.of(
                    Field.of("approachKind", "string", "local-partnership, community-supported-agriculture, exchange-system, "
                            + "community-health, shared-mobility, local-energy or other").required()
                            .oneOf(Arrays.stream(ApproachKind.values()).map(WireNames::of).toList()),
                    Field.count("evaluations", "Annex 1 evaluations made in the quarter", "evaluations"),
                    Field.count("approachesAtEnd", "distinct approaches of the kind at the quarter's end", "approaches"),
                    new Field("tonnesCo2eAvoidedPerYearAtEnd", "number", "CO2e those approaches avoid, as their latest "
                            + "evaluation stating it says", "t CO2e per year").with("minimum", 0)));
            for (String component : Annex1.COMPONENTS) {
                figures.add(new Field("meanScore." + component, "number", "mean score of " + component
                        + " over the quarter's evaluations that scored it", "score 1-5").between(1, 5));
            }
            for (String element : Annex1.KEY_ELEMENTS) {
                figures.add(new Field("share." + element, "number", "share of the quarter's evaluations naming " + element,
                        "fraction").between(0, 1));
            }
            return withKey(figures);
        }

        public void rows(ExportInput in, Rows rows) {
            rows.order(name(), byQuarterAndTerritory(true));
            for (int q = 0; q < in.quarters().size(); q++) {
                int quarter = q;
                Window window = in.quarters().get(q);
                Map<String, List<String>> given = new TreeMap<>(); // kind -> the territories with a row for it
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
                        given.computeIfAbsent(kind, x -> new ArrayList<>()).add(id);
                        String column = name() + "|" + quarter + "|" + kind + "|";
                        Figure evaluations = rows.count(column + "evaluations", made.evaluations());
                        Figure approaches = rows.count(column + "approaches", end.approaches());
                        Figure kilograms = rows.count(column + "kilograms", end.kilogramsAvoided(), end.approaches());
                        // the approaches counted at consecutive quarters' ends give the new ones away, and an evaluation
                        // of the quarter makes an approach at its end
                        rows.family("approaches " + kind + "|territory " + id, evaluations, approaches, kilograms);
                        Figure[] means = new Figure[Annex1.COMPONENTS.size()];
                        for (int i = 0; i < means.length; i++) {
                            long[] scores = made.scores().get(Annex1.COMPONENTS.get(i));
                            means[i] = rows.mean(scores == null ? 0 : scores[1], evaluations);
                        }
                        Figure[] shares = new Figure[Annex1.KEY_ELEMENTS.size()];
                        for (int i = 0; i < shares.length; i++) {
                            String element = Annex1.KEY_ELEMENTS.get(i);
                            shares[i] = made.evaluations() == 0 ? rows.share(0, evaluations)
                                    : rows.share(column + element + "|with", column + element + "|without",
                                    made.keyElements().getOrDefault(element, 0L), evaluations,
                                    family("approaches " + kind + " " + element, id, quarter));
                        }
                        rows.add(name(), row(id, window, kind, made, end, new Figure[] {evaluations, approaches, kilograms}, means, shares));
                    }
                });
                given.forEach((kind, ids) -> {
                    Figure[] zeros = absentZeros(in, rows, ids, name() + "|" + quarter + "|" + kind + "|", "evaluations",
                            "approaches", "kilograms");
                    if (zeros != null) {
                        rows.family(family("approaches " + kind, null, quarter), zeros);
                        // the means and shares of evaluations there are none of: hidden with them, when they are
                        Figure[] means = new Figure[Annex1.COMPONENTS.size()];
                        Figure[] shares = new Figure[Annex1.KEY_ELEMENTS.size()];
                        rows.leftOut(name(), List.of(zeros), leftOut(in, ids), id -> row(id, window, kind, ApproachCounts.NONE,
                                ApproachCounts.NONE, zeros, means, shares));
                    }
                });
                Map<String, ApproachCounts> atEnd = in.networkUpToEndOf(q).approaches();
                Map<String, ApproachCounts> inQuarter = in.network(q).approaches();
                TreeSet<String> kinds = new TreeSet<>(atEnd.keySet());
                kinds.addAll(inQuarter.keySet());
                for (String kind : kinds) {
                    ApproachCounts made = inQuarter.getOrDefault(kind, ApproachCounts.NONE);
                    ApproachCounts end = atEnd.getOrDefault(kind, ApproachCounts.NONE);
                    List<Object> row = keyCells(NETWORK, null, window);
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
        }

        /**
         * A territory's row: {@code counts} are its evaluations, approaches and kilograms; the means and shares are of
         * its evaluations (a mean or share with no value is hidden when they are).
         */
        private static List<Object> row(String id, Window quarter, String kind, ApproachCounts made, ApproachCounts end,
                                        Figure[] counts, Figure[] means, Figure[] shares) {
            List<Object> row = keyCells(TERRITORY, id, quarter);
            row.addAll(List.of(kind, Rows.cell("evaluations", counts[0], made.evaluations()),
                    Rows.cell("approachesAtEnd", counts[1], end.approaches()),
                    Rows.cell("tonnesCo2eAvoidedPerYearAtEnd", counts[2], end.tonnesAvoided())));
            for (int i = 0; i < means.length; i++) {
                String component = Annex1.COMPONENTS.get(i);
                row.add(Rows.of("meanScore." + component, means[i], counts[0], made.meanScore(component)));
            }
            for (int i = 0; i < shares.length; i++) {
                String element = Annex1.KEY_ELEMENTS.get(i);
                row.add(Rows.of("share." + element, shares[i], counts[0], made.keyElementShare(element)));
            }
            return row;
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
                    Field.of("cohort", "string", "the quarter of the cohort's first joins, like 2021-Q1").required().pattern(QUARTER),
                    Field.count("joined", "participants whose first join is in the cohort's quarter", "participants"),
                    Field.count("stillActive", "of them, active at the end of the quarter", "participants"),
                    Field.count("usedATool", "of them, who started or completed a tool in the quarter", "participants")));
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
            Map<String, Long> byQuarter = new TreeMap<>();
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
            // no suppressed column: no figure here, nothing the disclosure rule could hide
            return List.of(
                    territoryId("the territory's id").required(),
                    Field.of("name", "string", "its name, as registered"),
                    Field.of("countryCode", "string", "ISO 3166-1 alpha-2").pattern("[A-Z]{2}"),
                    Field.of("kind", "string", "village, neighbourhood, municipality, city, region, collective-actor or citizen-group"));
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
