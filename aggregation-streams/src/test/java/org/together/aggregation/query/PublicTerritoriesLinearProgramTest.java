package org.together.aggregation.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NoFeasibleSolutionException;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.junit.jupiter.api.Test;
import org.together.figures.Period;
import org.together.figures.TerritoryActivity;
import org.together.figures.ToolCounts;
import org.together.figures.disclosure.DisclosureRule;

/**
 * No hidden participant or tool figure of a territory can be worked out by a reader who combines every public figure
 * of the live query API at once (docs/privacy.md, rules 3 and 4): over random networks ({@link RandomTerritories}, k
 * from 2 to 8, as of days that part the day, week, month and quarter in different ways), a linear program gives each
 * hidden figure above zero its least and greatest value, and they differ by at least 1.
 *
 * <p>The reader knows, from the public answers alone (the ranked list's lines, each territory's summary and tools):
 * every published figure; the network's figures, which are the sums of the territories' (each column adds up to its
 * total); that no figure is below zero; that a tool a territory does not list is none of it; and what is true of the
 * figures whatever they are. For participants: ever at least active; each period's new participants (joined from the
 * period's start to the as-of day) within those of every period that began no later, and within those ever (the ISO
 * week within the month when it began in it, the month within the week when the week began first; equal when they
 * began the same day); a published first event day in a period makes ever that period's new participants (nobody
 * joined before it); a published last event day before a period's start, or a territory published inactive (no event
 * in the activity window) for a period within that window, makes the period's new participants none. For a tool:
 * adopters are those who started or completed it, so at least each and at most both. Growth rates are left out: they
 * divide active participants at the ends of past weeks and quarters, no current figure.
 *
 * <p>Not checked, as docs/privacy.md says the rule cannot protect them: the participant figures of a network with one
 * territory active, and those of a territory that alone can have new participants in a period (every other one shown
 * inactive), whose new participants of it are the network's. Where last event days shown before the period began
 * would leave a territory alone so, the decision hides one of those days, and the program checks the figures.
 *
 * <p>commons-math3's simplex is checked against its own first phase: a range it gives under 1 is measured again by
 * feasibility alone ({@link #range}).
 */
class PublicTerritoriesLinearProgramTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final List<String> PERIODS = List.of("day", "week", "month", "quarter");
    private static final List<String> TOOL_FIGURES = List.of("discovered", "starts", "completions", "adopters", "ratings");
    /**
     * As-of days: a Wednesday mid-quarter; a Thursday that begins a quarter (day, month and quarter alike); a Tuesday
     * whose week began in the previous month and quarter; a Monday whose week begins inside the month; a quarter's last
     * day, whose quarter began before the activity window; and a Monday, whose week is its day.
     */
    private static final List<AsOf> AS_OF = List.of(AsOf.endOf(LocalDate.parse("2026-11-18")),
            AsOf.endOf(LocalDate.parse("2026-10-01")), AsOf.endOf(LocalDate.parse("2026-12-01")),
            AsOf.endOf(LocalDate.parse("2026-03-09")), AsOf.endOf(LocalDate.parse("2026-12-31")),
            AsOf.endOf(LocalDate.parse("2026-12-07")));

    @Test
    void noHiddenParticipantOrToolFigureIsPinnedByEveryPublicFigureTheTotalsAndWhatTheFiguresMakeTrue() {
        // a stress run: -DargLine="-Dlp.seed=77 -Dlp.rounds=3000" (about 2 minutes)
        Random random = new Random(Long.getLong("lp.seed", 20261207_11L));
        Audit audit = new Audit();
        for (int round = 0; round < Integer.getInteger("lp.rounds", 500); round++) {
            audit.network(network(random.nextLong()));
        }
        assertThat(audit.pinned).as("%d hidden figures pinned", audit.pinned.size()).isEmpty();
        assertThat(audit.checked.get("participants")).as("hidden participant figures checked").isGreaterThan(2_000);
        assertThat(audit.checked.get("tools")).as("hidden tool figures checked").isGreaterThan(2_000);
        assertThat(audit.checked.get("first event")).as("hidden figures of a territory whose first event day is in a current period")
                .isGreaterThan(100);
        assertThat(audit.checked.get("no event since")).as("hidden figures of a territory with no event since a period began")
                .isGreaterThan(100);
    }

    /** A random network as the public reads it. */
    private record Network(long seed, DisclosureRule rule, AsOf asOf, List<FigureQueries.TerritoryNow> territories,
                           Map<String, ObjectNode> lines, Map<String, PublicTerritories.Answers> answers) {

        @Override
        public String toString() {
            return "network of seed " + seed + " (k=" + rule.minPublishedCount() + ", as of " + asOf.day() + ", "
                    + territories.size() + " territories, " + lines.values().stream().filter(l -> l.get("active").asBoolean())
                    .count() + " active)";
        }
    }

    private static Network network(long seed) {
        Random random = new Random(seed);
        DisclosureRule rule = new DisclosureRule(2 + random.nextInt(7));
        AsOf asOf = AS_OF.get(random.nextInt(AS_OF.size()));
        List<FigureQueries.TerritoryNow> territories = new ArrayList<>();
        int size = 2 + random.nextInt(10);
        for (int i = 0; i < size; i++) {
            territories.add(RandomTerritories.territory(String.format("t-%02d", i), new Random(random.nextLong()),
                    rule.minPublishedCount(), asOf));
        }
        PublicTerritories decided = PublicTerritories.of(territories, rule);
        Map<String, ObjectNode> lines = new LinkedHashMap<>();
        decided.ranked(JSON, 0, Integer.MAX_VALUE).forEach(l -> lines.put(l.get("territoryId").asText(), l));
        Map<String, PublicTerritories.Answers> answers = new LinkedHashMap<>();
        territories.forEach(t -> answers.put(id(t), decided.territory(t, JSON).orElseThrow()));
        return new Network(seed, rule, asOf, territories, lines, answers);
    }

    private static String id(FigureQueries.TerritoryNow t) {
        return t.headline().territoryId();
    }

    /** One block of columns a reader solves together: a territory's exact cell, and what the public reads of it. */
    private record Cell(long exact, Long published) {
        boolean hidden() {
            return published == null;
        }
    }

    /** A linear combination of a territory's cells of a block (measure, coefficient) and a constant. */
    private record Relation(Map<String, Double> terms, Relationship relationship, double constant, String why) {
        static Relation atLeast(String larger, String smaller, String why) {
            return new Relation(Map.of(larger, 1.0, smaller, -1.0), Relationship.GEQ, 0, why);
        }

        static Relation none(String measure, String why) {
            return new Relation(Map.of(measure, 1.0), Relationship.EQ, 0, why);
        }
    }

    private static final class Audit {
        final List<String> pinned = new ArrayList<>();
        int oneActive;
        final Map<String, Integer> checked = new LinkedHashMap<>(Map.of("participants", 0, "tools", 0, "first event", 0,
                "no event since", 0, "alone", 0));

        void network(Network n) {
            if (n.lines().values().stream().filter(l -> l.get("active").asBoolean()).count() <= 1) {
                // docs/privacy.md, "A network with one territory active": the network's new participants are its own
                oneActive++;
            } else {
                participants(n);
            }
            tools(n);
        }

        /** The participant figures of every territory: one program. */
        private void participants(Network n) {
            LocalDate today = n.asOf().day();
            LocalDate windowFrom = TerritoryActivity.activeWindowEnding(today).from();
            List<String> measures = new ArrayList<>(List.of("participantsActive", "participantsEver"));
            PERIODS.forEach(p -> measures.add("new." + p));
            assertThat(measures).as("the participant figures the API decides").containsExactlyInAnyOrderElementsOf(
                    PublicTerritories.PARTICIPANT_FIGURES);
            List<Map<String, Cell>> rows = new ArrayList<>();
            List<List<Relation>> relations = new ArrayList<>();
            List<String> tags = new ArrayList<>();
            for (FigureQueries.TerritoryNow t : n.territories()) {
                ObjectNode line = n.lines().get(id(t));
                ObjectNode summary = n.answers().get(id(t)).summary();
                Summary s = t.summary();
                Map<String, Cell> row = new LinkedHashMap<>();
                row.put("participantsActive", cell(s.participantsActive(), line.get("participantsActive"),
                        summary.get("participantsActive"), n.answers().get(id(t)).tools().get("participantsActive")));
                row.put("participantsEver", cell(s.participantsEver(), line.get("participantsEver"), summary.get("participantsEver")));
                long[] exactNew = {s.newParticipants().day(), s.newParticipants().week(), s.newParticipants().month(),
                        s.newParticipants().quarter()};
                for (int p = 0; p < PERIODS.size(); p++) {
                    row.put("new." + PERIODS.get(p), cell(exactNew[p], line.get("newParticipants").get(PERIODS.get(p)),
                            summary.get("newParticipants").get(PERIODS.get(p))));
                }
                List<Relation> r = new ArrayList<>();
                r.add(Relation.atLeast("participantsEver", "participantsActive", "ever at least active"));
                LocalDate first = day(line.get("firstEventDay"));
                LocalDate last = lastDay(line.get("lastEventAt"), summary.get("lastEventAt"));
                boolean inactive = !line.get("active").asBoolean() || summary.get("territoriesActive").asLong() == 0;
                String tag = "";
                for (String p : PERIODS) {
                    LocalDate start = start(p, today);
                    r.add(Relation.atLeast("participantsEver", "new." + p, "ever at least new." + p));
                    for (String q : PERIODS) {
                        if (!q.equals(p) && !start(q, today).isAfter(start)) {
                            r.add(Relation.atLeast("new." + q, "new." + p, "new." + q + " began by new." + p + "'s start"));
                        }
                    }
                    if (first != null && !first.isBefore(start)) {
                        r.add(Relation.atLeast("new." + p, "participantsEver", "first event " + first + " in the " + p));
                        tag = "first event";
                    }
                    if (last != null && last.isBefore(start)) {
                        r.add(Relation.none("new." + p, "last event " + last + " before the " + p));
                        tag = tag.isEmpty() ? "no event since" : tag;
                    }
                    if (inactive && !start.isBefore(windowFrom)) {
                        r.add(Relation.none("new." + p, "inactive, the " + p + " within the activity window"));
                        tag = tag.isEmpty() ? "no event since" : tag;
                    }
                }
                rows.add(row);
                relations.add(r);
                tags.add(tag);
            }
            solve(n, "participants", measures, rows, relations, tags);
        }

        /** Each tool's funnel over the territories: one program per tool. */
        private void tools(Network n) {
            TreeSet<String> tools = new TreeSet<>();
            n.territories().forEach(t -> tools.addAll(t.totals().tools().keySet()));
            for (String toolId : tools) {
                List<Map<String, Cell>> rows = new ArrayList<>();
                List<List<Relation>> relations = new ArrayList<>();
                List<String> tags = new ArrayList<>();
                List<String> measures = TOOL_FIGURES.stream().map(f -> toolId + "." + f).toList();
                for (FigureQueries.TerritoryNow t : n.territories()) {
                    PublicTerritories.Answers a = n.answers().get(id(t));
                    JsonNode funnel = element(a.tools().get("tools"), toolId);
                    JsonNode uptake = element(a.summary().get("tools"), toolId);
                    assertThat(funnel == null).as("%s: %s lists %s in its summary as in its tools", n, id(t), toolId)
                            .isEqualTo(uptake == null);
                    ToolCounts c = t.totals().tools().getOrDefault(toolId, ToolCounts.NONE);
                    long[] exact = {c.discovered(), c.starts(), c.completions(), c.adopters(), c.ratings()};
                    Map<String, Cell> row = new LinkedHashMap<>();
                    for (int f = 0; f < TOOL_FIGURES.size(); f++) {
                        String figure = TOOL_FIGURES.get(f);
                        // a tool a territory does not list is none of it
                        row.put(measures.get(f), funnel == null ? new Cell(exact[f], 0L)
                                : cell(exact[f], funnel.get(figure), uptake.get(figure)));
                    }
                    if (funnel == null) {
                        assertThat(exact).as("%s: %s does not list %s", n, id(t), toolId).containsOnly(0);
                    }
                    String adopters = toolId + ".adopters";
                    String starts = toolId + ".starts";
                    String completions = toolId + ".completions";
                    relations.add(List.of(
                            Relation.atLeast(adopters, starts, "adopters at least starters"),
                            Relation.atLeast(adopters, completions, "adopters at least completers"),
                            new Relation(Map.of(starts, 1.0, completions, 1.0, adopters, -1.0), Relationship.GEQ, 0,
                                    "adopters at most starters and completers")));
                    rows.add(row);
                    tags.add("");
                }
                solve(n, "tools", measures, rows, relations, tags);
            }
        }

        /**
         * The program of a block: a variable per hidden cell; each column adds up to the network's figure; each
         * territory's relations; none below zero. Every hidden cell above zero must have two values at least 1 apart.
         */
        private void solve(Network n, String kind, List<String> measures, List<Map<String, Cell>> rows,
                           List<List<Relation>> relations, List<String> tags) {
            int width = 0;
            List<Map<String, Integer>> variable = new ArrayList<>();
            for (Map<String, Cell> row : rows) {
                Map<String, Integer> v = new LinkedHashMap<>();
                for (Map.Entry<String, Cell> c : row.entrySet()) {
                    if (c.getValue().hidden()) {
                        v.put(c.getKey(), width++);
                    }
                }
                variable.add(v);
            }
            if (width == 0) {
                return;
            }
            List<LinearConstraint> constraints = new ArrayList<>();
            for (String measure : measures) {
                double[] sum = new double[width];
                double rest = 0;
                for (int t = 0; t < rows.size(); t++) {
                    Cell c = rows.get(t).get(measure);
                    rest += c.exact(); // the network's published figure is the territories' sum
                    if (c.hidden()) {
                        sum[variable.get(t).get(measure)] = 1;
                    } else {
                        rest -= c.published();
                    }
                }
                if (Arrays.stream(sum).anyMatch(x -> x != 0)) {
                    constraints.add(new LinearConstraint(sum, Relationship.EQ, rest));
                }
            }
            for (int t = 0; t < rows.size(); t++) {
                for (Relation r : relations.get(t)) {
                    double[] coefficients = new double[width];
                    double constant = r.constant();
                    boolean any = false;
                    for (Map.Entry<String, Double> term : r.terms().entrySet()) {
                        Cell c = rows.get(t).get(term.getKey());
                        if (c.hidden()) {
                            coefficients[variable.get(t).get(term.getKey())] += term.getValue();
                            any = true;
                        } else {
                            constant -= term.getValue() * c.published();
                        }
                    }
                    if (any) {
                        constraints.add(new LinearConstraint(coefficients, r.relationship(), constant));
                    } else {
                        // between published figures only: true of them, or the reader's knowledge is wrong
                        assertThat(r.relationship() == Relationship.EQ ? Math.abs(constant) < 1e-9 : constant <= 1e-9)
                                .as("%s: %s of %s holds between published figures %s", n, r.why(), id(n.territories().get(t)),
                                        rows.get(t)).isTrue();
                    }
                }
            }
            for (int t = 0; t < rows.size(); t++) {
                int territory = t;
                boolean alone = variable.get(t).keySet().stream().anyMatch(m -> alone(m, territory, rows, relations));
                for (Map.Entry<String, Integer> v : variable.get(t).entrySet()) {
                    Cell c = rows.get(t).get(v.getKey());
                    if (c.exact() == 0) {
                        continue; // a hidden zero told as zero tells what the rule publishes anyway
                    }
                    if (alone) {
                        // its figure of a column is the network's, and so may be those that nest with it (its quarter
                        // at least its month, the network's): docs/privacy.md, "What the rule does not cover"
                        checked.merge("alone", 1, Integer::sum);
                        continue;
                    }
                    checked.merge(kind, 1, Integer::sum);
                    if (!tags.get(t).isEmpty()) {
                        checked.merge(tags.get(t), 1, Integer::sum);
                    }
                    // the exact figure meets every constraint: a value 1 above or below it that does too is another
                    if (movable(width, v.getValue(), c.exact(), constraints)) {
                        continue;
                    }
                    double[] range = range(width, v.getValue(), constraints, n);
                    double min = range[0];
                    double max = range[1];
                    if (max - min < 1 - 1e-6) {
                        pinned.add(String.format("%s: %s's hidden %s (%d) lies in [%s, %s]; its row %s; the rows %s", n,
                                id(n.territories().get(t)), v.getKey(), c.exact(), min, max, rows.get(t), rows));
                    }
                }
            }
        }
    }

    /**
     * Whether every other territory's cell of {@code measure} is known to be none, whatever the rule hides or publishes
     * of it (shown inactive): the network's figure is then this territory's. docs/privacy.md names this limit ("A
     * network with one territory active", and one territory alone active in a period). A last event day shown before
     * the period began does not count here: when such days would leave a count alone, the decision hides one of them.
     */
    private static boolean alone(String measure, int territory, List<Map<String, Cell>> rows, List<List<Relation>> relations) {
        for (int u = 0; u < rows.size(); u++) {
            // shown inactive: a last event day shown before the period is not enough, the decision hides one (knownZeros)
            boolean known = relations.get(u).stream().anyMatch(r -> r.relationship() == Relationship.EQ && r.constant() == 0
                    && r.terms().equals(Map.of(measure, 1.0)) && r.why().startsWith("inactive"));
            if (u != territory && !known) {
                return false;
            }
        }
        return true;
    }

    /**
     * A cell as the public reads it in every view that shows it: published when any view publishes it (each view must
     * then publish the exact figure: {@link PublicTerritoriesTest} proves it).
     */
    private static Cell cell(long exact, JsonNode... views) {
        Long published = null;
        for (JsonNode v : views) {
            if (v != null && !v.isNull()) {
                published = v.asLong();
            }
        }
        return new Cell(exact, published);
    }

    private static JsonNode element(JsonNode list, String toolId) {
        for (JsonNode e : list) {
            if (e.get("toolId").asText().equals(toolId)) {
                return e;
            }
        }
        return null;
    }

    private static LocalDate start(String period, LocalDate today) {
        return Period.valueOf(period.toUpperCase(java.util.Locale.ROOT)).start(today);
    }

    private static LocalDate day(JsonNode published) {
        return published == null || published.isNull() ? null : LocalDate.parse(published.asText());
    }

    /** The day of the last event, from whichever view publishes it. */
    private static LocalDate lastDay(JsonNode... views) {
        for (JsonNode v : views) {
            if (v != null && !v.isNull()) {
                return LocalDate.ofInstant(Instant.parse(v.asText()), ZoneOffset.UTC);
            }
        }
        return null;
    }

    /**
     * The least and greatest values of variable {@code i}. commons-math3 3.6.1's simplex can stop short of an optimum
     * (it gives 0 as the greatest x2 with x1 + x2 + x3 = 60 and nothing else), which can only narrow a range: a range
     * under 1 is measured again by asking whether the program stays feasible with the variable moved (its first phase,
     * which finds a feasible point, is all that is used then).
     */
    /** Whether variable {@code i}, {@code exact} in the figures, can also be 1 more or 1 less under the constraints. */
    private static boolean movable(int width, int i, long exact, List<LinearConstraint> constraints) {
        double[] unit = new double[width];
        unit[i] = 1;
        return feasible(constraints, new LinearConstraint(unit, Relationship.GEQ, exact + 1), width)
                || feasible(constraints, new LinearConstraint(unit, Relationship.LEQ, exact - 1), width);
    }

    private static double[] range(int width, int i, List<LinearConstraint> constraints, Network n) {
        double min = optimum(width, i, constraints, GoalType.MINIMIZE, n);
        double max = optimum(width, i, constraints, GoalType.MAXIMIZE, n);
        if (max - min >= 1 - 1e-6) {
            return new double[] {min, max};
        }
        double[] unit = new double[width];
        unit[i] = 1;
        // the greatest: feasible at max; bisect on "at least x" up to max + 1 (beyond, it is no pin)
        double high = max + 1;
        if (feasible(constraints, new LinearConstraint(unit, Relationship.GEQ, high), width)) {
            return new double[] {min, high};
        }
        double greatest = bisect(constraints, unit, Relationship.GEQ, max, high);
        double low = min - 1;
        if (feasible(constraints, new LinearConstraint(unit, Relationship.LEQ, low), width)) {
            return new double[] {low, greatest};
        }
        return new double[] {bisect(constraints, unit, Relationship.LEQ, min, low), greatest};
    }

    /**
     * The last point of 20 bisection steps from {@code in}, where the program with "variable {@code unit}
     * {@code relationship} x" is feasible, towards {@code out}, where it is not: the greatest value going up (at
     * least), the least going down (at most).
     */
    private static double bisect(List<LinearConstraint> constraints, double[] unit, Relationship relationship,
                                 double in, double out) {
        for (int step = 0; step < 20; step++) {
            double mid = (in + out) / 2;
            if (feasible(constraints, new LinearConstraint(unit, relationship, mid), unit.length)) {
                in = mid;
            } else {
                out = mid;
            }
        }
        return in;
    }

    private static boolean feasible(List<LinearConstraint> constraints, LinearConstraint extra, int width) {
        List<LinearConstraint> with = new ArrayList<>(constraints);
        with.add(extra);
        try {
            new SimplexSolver().optimize(new MaxIter(100_000), new LinearObjectiveFunction(new double[width], 0),
                    new LinearConstraintSet(with), GoalType.MINIMIZE, new NonNegativeConstraint(true));
            return true;
        } catch (NoFeasibleSolutionException e) {
            return false;
        }
    }

    private static double optimum(int width, int i, List<LinearConstraint> constraints, GoalType goal, Network n) {
        double[] objective = new double[width];
        objective[i] = 1;
        try {
            return new SimplexSolver().optimize(new MaxIter(100_000), new LinearObjectiveFunction(objective, 0),
                    new LinearConstraintSet(constraints), goal, new NonNegativeConstraint(true)).getValue();
        } catch (NoFeasibleSolutionException e) {
            throw new AssertionError(n + ": the exact figures do not meet what the reader is told is true of them", e);
        }
    }
}
