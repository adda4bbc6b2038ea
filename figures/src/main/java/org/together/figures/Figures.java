package org.together.figures;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.together.schemas.Annex1;

/**
 * The additive figures of a territory or of the network, for one UTC day of event time (what happened that day)
 * or for a span of days (their sum). Figures as of a day are all-time figures minus the days after it, and a
 * period's figures are the sum of its days, so every figure of the query contract and of the reports is a sum of
 * days.
 *
 * <p>Distinct things (a participant, a tool user, an evaluating group) are counted on the day of their earliest
 * event; when a late event moves that day, the old day gets -1 and the new +1 (see the entities). Only
 * {@code lastEventAt} is not additive: it is the latest occurredAt, combined with max.
 *
 * <p>No rule lives here: the entities and {@link TerritoryEvents} decide what an event adds.
 */
public final class Figures {

    /** No event yet. */
    public static final long NO_EVENT = Long.MIN_VALUE;

    /** A tool's stages, as counted: reached by a user on its first day at that stage; adopted = started or completed. */
    public enum ToolStage { DISCOVERED, STARTED, COMPLETED, ADOPTED }

    /** SPIRAL's three questions. */
    public enum Question { WELLBEING, ILLBEING, ACTION }

    // tool columns: discovered, starts, completions, adopters, rating sum, ratings
    private static final int TOOL_COLUMNS = 6, RATING_SUM = 4, RATINGS = 5;
    // dimension columns: wellbeing, illbeing, action, score sum, scores
    private static final int DIMENSION_COLUMNS = 5, SCORE_SUM = 3, SCORES = 4;
    // footprint domain columns: kilograms, assessments
    private static final int DOMAIN_COLUMNS = 2;
    // approach kind columns: evaluations, approaches, kilograms avoided, then one per key element
    private static final int APPROACH_COLUMNS = 3 + Annex1.KEY_ELEMENTS.size(), APPROACHES = 1, KILOGRAMS_AVOIDED = 2;
    // cohort keys: joined|COHORT-MONTH (first joins), active|COHORT-MONTH (change of active participants), and tool
    // users of a cohort in a period: month|COHORT|MONTH, quarter|COHORT|QUARTER
    private static final String COHORT_JOINED = "joined", COHORT_ACTIVE = "active", SEP = "|";

    private long newParticipants;
    private long activations;
    private long deactivations;
    // maps stay null until needed: most days' figures have few of them, and the topology keeps many days in memory;
    // hash maps, as each event adds to a few entries: the views below are sorted
    private HashMap<String, long[]> newByRole;
    private HashMap<String, long[]> newByChannel;
    private long events;
    private long lastEventAt = NO_EVENT;
    private HashMap<String, long[]> tools;
    private long evaluations;
    private long evaluatingGroups;
    private long citizens;
    private HashMap<String, long[]> dimensions;
    private long assessments;
    private long footprintKilograms;
    private long assessmentsUnder2t;
    private HashMap<String, long[]> footprintDomains;
    private long[] footprintBands; // null until an assessment is counted
    private HashMap<String, long[]> approaches;
    private HashMap<String, long[]> approachScores; // kind|component -> score sum, scores
    private HashMap<String, long[]> cohorts;

    public Figures() {
    }

    public static Figures copyOf(Figures other) {
        return new Figures().add(other);
    }

    /**
     * A copy without the named groups of columns (nor their maps' room), each name given by {@code names}: a report that
     * keeps many territories' figures but reads some groups network-wide only keeps those once (see the research
     * export), and one instance of each name.
     */
    public static Figures copyWithout(Figures other, Set<Columns> dropped, UnaryOperator<String> names) {
        Figures copy = new Figures();
        copy.newParticipants = other.newParticipants;
        copy.activations = other.activations;
        copy.deactivations = other.deactivations;
        copy.events = other.events;
        copy.lastEventAt = other.lastEventAt;
        copy.evaluations = other.evaluations;
        copy.evaluatingGroups = other.evaluatingGroups;
        copy.citizens = other.citizens;
        copy.assessments = other.assessments;
        copy.footprintKilograms = other.footprintKilograms;
        copy.assessmentsUnder2t = other.assessmentsUnder2t;
        copy.footprintBands = other.footprintBands == null ? null : other.footprintBands.clone();
        for (Columns group : Columns.values()) {
            HashMap<String, long[]> from = other.map(group);
            if (from == null || dropped.contains(group)) {
                continue;
            }
            HashMap<String, long[]> into = new HashMap<>((int) Math.ceil(from.size() / 0.75));
            from.forEach((name, columns) -> into.put(names.apply(name), columns.clone()));
            copy.set(group, into);
        }
        return copy;
    }

    private void set(Columns group, HashMap<String, long[]> map) {
        switch (group) {
            case NEW_BY_ROLE -> newByRole = map;
            case NEW_BY_CHANNEL -> newByChannel = map;
            case TOOLS -> tools = map;
            case DIMENSIONS -> dimensions = map;
            case FOOTPRINT_DOMAINS -> footprintDomains = map;
            case APPROACHES -> approaches = map;
            case APPROACH_SCORES -> approachScores = map;
            case COHORTS -> cohorts = map;
        }
    }

    // ---- participants ----

    public Figures addParticipants(long newOnes, long activated, long deactivated) {
        newParticipants += newOnes;
        activations += activated;
        deactivations += deactivated;
        return this;
    }

    /** New participants by the role and by the channel of their first join (wire names; either null: not counted by it). */
    public Figures addNewcomers(String role, String channel, long count) {
        if (role != null) {
            newByRole = addTo(newByRole, role, 1, 0, count);
        }
        if (channel != null) {
            newByChannel = addTo(newByChannel, channel, 1, 0, count);
        }
        return this;
    }

    // ---- events ----

    public Figures addEvent(long occurredAt) {
        return addEvents(1, occurredAt);
    }

    public Figures addEvents(long count, long latestOccurredAt) {
        events += count;
        lastEventAt = Math.max(lastEventAt, latestOccurredAt);
        return this;
    }

    // ---- tools ----

    public Figures addToolStage(String toolId, ToolStage stage, long users) {
        tools = addTo(tools, toolId, TOOL_COLUMNS, stage.ordinal(), users);
        return this;
    }

    public Figures addToolRating(String toolId, long rating) {
        tools = orNew(tools);
        long[] columns = columns(tools, toolId, TOOL_COLUMNS);
        columns[RATING_SUM] += rating;
        columns[RATINGS]++;
        tools = dropIfZero(tools, toolId, columns);
        return this;
    }

    public Figures addTool(String toolId, ToolCounts c) {
        tools = orNew(tools);
        long[] columns = columns(tools, toolId, TOOL_COLUMNS);
        columns[0] += c.discovered();
        columns[1] += c.starts();
        columns[2] += c.completions();
        columns[3] += c.adopters();
        columns[RATING_SUM] += c.ratingSum();
        columns[RATINGS] += c.ratings();
        tools = dropIfZero(tools, toolId, columns);
        return this;
    }

    // ---- well-being ----

    public Figures addEvaluation(long citizensInvolved) {
        return addEvaluations(1, 0, citizensInvolved);
    }

    public Figures addEvaluations(long count, long groups, long citizensInvolved) {
        evaluations += count;
        evaluatingGroups += groups;
        citizens += citizensInvolved;
        return this;
    }

    public Figures addCriteria(String dimension, Question question, long count) {
        dimensions = addTo(dimensions, dimension, DIMENSION_COLUMNS, question.ordinal(), count);
        return this;
    }

    public Figures addScore(String dimension, long score) {
        dimensions = orNew(dimensions);
        long[] columns = columns(dimensions, dimension, DIMENSION_COLUMNS);
        columns[SCORE_SUM] += score;
        columns[SCORES]++;
        dimensions = dropIfZero(dimensions, dimension, columns);
        return this;
    }

    public Figures addDimension(String dimension, DimensionCounts c) {
        dimensions = orNew(dimensions);
        long[] columns = columns(dimensions, dimension, DIMENSION_COLUMNS);
        columns[0] += c.wellbeing();
        columns[1] += c.illbeing();
        columns[2] += c.action();
        columns[SCORE_SUM] += c.scoreSum();
        columns[SCORES] += c.scores();
        dimensions = dropIfZero(dimensions, dimension, columns);
        return this;
    }

    // ---- footprint ----

    public Figures addAssessments(long count, long kilograms, long under2t) {
        assessments += count;
        footprintKilograms += kilograms;
        assessmentsUnder2t += under2t;
        return this;
    }

    /** Assessments in one band of {@link Footprints#BAND_FLOORS}. */
    public Figures addFootprintBand(int band, long count) {
        if (footprintBands == null) {
            footprintBands = new long[Footprints.BAND_FLOORS.size()];
        }
        footprintBands[band] += count;
        if (allZero(footprintBands)) {
            footprintBands = null;
        }
        return this;
    }

    /** Kilograms of one part of the breakdown ({@link Footprints#DOMAINS}), over the assessments that gave it. */
    public Figures addFootprintDomain(String domain, long kilograms, long count) {
        footprintDomains = orNew(footprintDomains);
        long[] columns = columns(footprintDomains, domain, DOMAIN_COLUMNS);
        columns[0] += kilograms;
        columns[1] += count;
        footprintDomains = dropIfZero(footprintDomains, domain, columns);
        return this;
    }

    // ---- approaches (Annex 1) ----

    /** One evaluation of an approach of this kind (wire name): its scores by component and the key elements it names. */
    public Figures addApproachEvaluation(String kind, Map<String, Integer> scores, Iterable<String> keyElements, int sign) {
        approaches = orNew(approaches);
        long[] columns = columns(approaches, kind, APPROACH_COLUMNS);
        columns[0] += sign;
        for (String element : keyElements) {
            int i = Annex1.KEY_ELEMENTS.indexOf(element);
            if (i >= 0) {
                columns[3 + i] += sign;
            }
        }
        approaches = dropIfZero(approaches, kind, columns);
        scores.forEach((component, score) -> {
            approachScores = orNew(approachScores);
            String key = kind + SEP + component;
            long[] c = columns(approachScores, key, 2);
            c[0] += sign * (long) score;
            c[1] += sign;
            approachScores = dropIfZero(approachScores, key, c);
        });
        return this;
    }

    /** Distinct approaches counted under a kind, and the kilograms of CO2e they avoid per year. */
    public Figures addApproaches(String kind, long count, long kilogramsAvoided) {
        approaches = orNew(approaches);
        long[] columns = columns(approaches, kind, APPROACH_COLUMNS);
        columns[APPROACHES] += count;
        columns[KILOGRAMS_AVOIDED] += kilogramsAvoided;
        approaches = dropIfZero(approaches, kind, columns);
        return this;
    }

    /** Raw columns, for a store's format: [evaluations, approaches, kilograms avoided, key elements...]. */
    public Figures addApproachColumns(String kind, long[] add) {
        long[] columns = add.clone();
        approaches = combineColumns(approaches, new HashMap<>(Map.of(kind, columns)), 1);
        return this;
    }

    /** Raw score columns of a kind and component: {sum, count}. */
    public Figures addApproachScore(String kind, String component, long sum, long count) {
        approachScores = combineColumns(approachScores, new HashMap<>(Map.of(kind + SEP + component, new long[] {sum, count})), 1);
        return this;
    }

    // ---- cohorts ----

    /** Participants whose first join was in {@code cohortMonth} ({@code 2021-03}), on the day of that join. */
    public Figures addCohortJoined(String cohortMonth, long count) {
        cohorts = addTo(cohorts, COHORT_JOINED + SEP + cohortMonth, 1, 0, count);
        return this;
    }

    /** Change of the number of active participants whose first join was in {@code cohortMonth} ({@code 2021-03}). */
    public Figures addCohortActivity(String cohortMonth, long change) {
        cohorts = addTo(cohorts, COHORT_ACTIVE + SEP + cohortMonth, 1, 0, change);
        return this;
    }

    /**
     * Participants of a cohort (by the month or quarter of their first join) who started or completed a tool in a
     * period of the same length ({@code period} MONTH or QUARTER), each once per period.
     */
    public Figures addCohortToolUsers(Period period, String cohort, String inPeriod, long count) {
        cohorts = addTo(cohorts, period.wireName() + SEP + cohort + SEP + inPeriod, 1, 0, count);
        return this;
    }

    /** Raw cohort cells, for a store's format. */
    public Figures addCohortCell(String key, long count) {
        cohorts = addTo(cohorts, key, 1, 0, count);
        return this;
    }

    // ---- sums ----

    /** Adds other's figures to these (lastEventAt: the later one). */
    public Figures add(Figures other) {
        return combine(other, 1);
    }

    /** Removes other's figures from these; lastEventAt is left alone (it is not additive). */
    public Figures subtract(Figures other) {
        return combine(other, -1);
    }

    private Figures combine(Figures o, int sign) {
        newParticipants += sign * o.newParticipants;
        activations += sign * o.activations;
        deactivations += sign * o.deactivations;
        newByRole = combineColumns(newByRole, o.newByRole, sign);
        newByChannel = combineColumns(newByChannel, o.newByChannel, sign);
        events += sign * o.events;
        if (sign > 0) {
            lastEventAt = Math.max(lastEventAt, o.lastEventAt);
        }
        tools = combineColumns(tools, o.tools, sign);
        evaluations += sign * o.evaluations;
        evaluatingGroups += sign * o.evaluatingGroups;
        citizens += sign * o.citizens;
        dimensions = combineColumns(dimensions, o.dimensions, sign);
        assessments += sign * o.assessments;
        footprintKilograms += sign * o.footprintKilograms;
        assessmentsUnder2t += sign * o.assessmentsUnder2t;
        footprintDomains = combineColumns(footprintDomains, o.footprintDomains, sign);
        if (o.footprintBands != null) {
            for (int band = 0; band < o.footprintBands.length; band++) {
                addFootprintBand(band, sign * o.footprintBands[band]);
            }
        }
        approaches = combineColumns(approaches, o.approaches, sign);
        approachScores = combineColumns(approachScores, o.approachScores, sign);
        cohorts = combineColumns(cohorts, o.cohorts, sign);
        return this;
    }

    /** True when these figures add nothing (a retraction and its re-addition cancelled out). */
    public boolean isEmpty() {
        return newParticipants == 0 && activations == 0 && deactivations == 0 && newByRole == null && newByChannel == null
                && events == 0 && lastEventAt == NO_EVENT && tools == null
                && evaluations == 0 && evaluatingGroups == 0 && citizens == 0 && dimensions == null
                && assessments == 0 && footprintKilograms == 0 && assessmentsUnder2t == 0 && footprintDomains == null
                && footprintBands == null && approaches == null && approachScores == null && cohorts == null;
    }

    // ---- reading ----

    /** Participants whose earliest join falls here. */
    public long newParticipants() {
        return newParticipants;
    }

    /** Participants who became active here (a join, or a rejoin after leaving). */
    public long activations() {
        return activations;
    }

    /** Active participants who left here. */
    public long deactivations() {
        return deactivations;
    }

    /** Change of the number of active participants. */
    public long activeChange() {
        return activations - deactivations;
    }

    /** New participants by role (wire name); participants recorded before roles were kept are in none. */
    public Map<String, Long> newByRole() {
        return counts(newByRole);
    }

    /** New participants by join channel (wire name, {@code unknown} when not given). */
    public Map<String, Long> newByChannel() {
        return counts(newByChannel);
    }

    public long events() {
        return events;
    }

    /** Latest occurredAt in epoch millis, or {@link #NO_EVENT}. */
    public long lastEventAt() {
        return lastEventAt;
    }

    /** Uptake per tool, by toolId. */
    public Map<String, ToolCounts> tools() {
        Map<String, ToolCounts> view = new TreeMap<>();
        orEmpty(tools).forEach((id, c) -> view.put(id, new ToolCounts(c[0], c[1], c[2], c[3], c[RATING_SUM], c[RATINGS])));
        return Collections.unmodifiableMap(view);
    }

    public ToolCounts tool(String toolId) {
        long[] c = tools == null ? null : tools.get(toolId);
        return c == null ? ToolCounts.NONE : new ToolCounts(c[0], c[1], c[2], c[3], c[RATING_SUM], c[RATINGS]);
    }

    public long evaluations() {
        return evaluations;
    }

    public long evaluatingGroups() {
        return evaluatingGroups;
    }

    public long citizens() {
        return citizens;
    }

    /** Results per SPIRAL dimension code (those with any). */
    public Map<String, DimensionCounts> dimensions() {
        Map<String, DimensionCounts> view = new TreeMap<>();
        orEmpty(dimensions).keySet().forEach(code -> view.put(code, dimension(code)));
        return Collections.unmodifiableMap(view);
    }

    public DimensionCounts dimension(String code) {
        long[] c = dimensions == null ? null : dimensions.get(code);
        return c == null ? DimensionCounts.NONE : new DimensionCounts(c[0], c[1], c[2], c[SCORE_SUM], c[SCORES]);
    }

    public long assessments() {
        return assessments;
    }

    /** Sum of assessed footprints in kilograms of CO2e per person per year (exact integer sums). */
    public long footprintKilograms() {
        return footprintKilograms;
    }

    public long assessmentsUnder2t() {
        return assessmentsUnder2t;
    }

    /** Mean of the assessments in t CO2e per person per year. */
    public Double meanTonnes() {
        return assessments == 0 ? null : footprintKilograms / 1000.0 / assessments;
    }

    /** Share of the assessments strictly under the 2 t goal. */
    public Double shareUnder2t() {
        return Fractions.ratio(assessmentsUnder2t, assessments);
    }

    /** Assessments per band of {@link Footprints#BAND_FLOORS}. */
    public long[] footprintBands() {
        return footprintBands == null ? new long[Footprints.BAND_FLOORS.size()] : footprintBands.clone();
    }

    /** Per part of the breakdown: [kilograms, assessments that gave it]. */
    public Map<String, long[]> footprintDomains() {
        Map<String, long[]> view = new TreeMap<>();
        orEmpty(footprintDomains).forEach((domain, c) -> view.put(domain, c.clone()));
        return Collections.unmodifiableMap(view);
    }

    /** Mean t CO2e per year of one part of the breakdown, over the assessments that gave it. */
    public Double meanTonnes(String domain) {
        long[] c = footprintDomains == null ? null : footprintDomains.get(domain);
        return c == null || c[1] == 0 ? null : c[0] / 1000.0 / c[1];
    }

    /** Annex 1 figures per approach kind (wire name), those with any. */
    public Map<String, ApproachCounts> approaches() {
        Map<String, ApproachCounts> view = new TreeMap<>();
        orEmpty(approaches).keySet().forEach(kind -> view.put(kind, approach(kind)));
        orEmpty(approachScores).keySet().forEach(key -> view.computeIfAbsent(key.substring(0, key.indexOf(SEP)), this::approach));
        return Collections.unmodifiableMap(view);
    }

    public ApproachCounts approach(String kind) {
        long[] c = approaches == null ? null : approaches.get(kind);
        Map<String, Long> elements = new TreeMap<>();
        if (c != null) {
            for (int i = 0; i < Annex1.KEY_ELEMENTS.size(); i++) {
                if (c[3 + i] != 0) {
                    elements.put(Annex1.KEY_ELEMENTS.get(i), c[3 + i]);
                }
            }
        }
        Map<String, long[]> scores = new TreeMap<>();
        String prefix = kind + SEP;
        orEmpty(approachScores).forEach((key, v) -> {
            if (key.startsWith(prefix)) {
                scores.put(key.substring(prefix.length()), v.clone());
            }
        });
        if (c == null && scores.isEmpty()) {
            return ApproachCounts.NONE;
        }
        return c == null ? new ApproachCounts(0, 0, 0, elements, scores)
                : new ApproachCounts(c[0], c[APPROACHES], c[KILOGRAMS_AVOIDED], elements, scores);
    }

    /** Raw approach columns by kind, for a store's format. */
    public Map<String, long[]> approachColumns() {
        Map<String, long[]> view = new TreeMap<>();
        orEmpty(approaches).forEach((kind, c) -> view.put(kind, c.clone()));
        return Collections.unmodifiableMap(view);
    }

    /** Raw score columns by kind|component, for a store's format. */
    public Map<String, long[]> approachScoreColumns() {
        Map<String, long[]> view = new TreeMap<>();
        orEmpty(approachScores).forEach((key, c) -> view.put(key, c.clone()));
        return Collections.unmodifiableMap(view);
    }

    /** First joins per cohort month. */
    public Map<String, Long> cohortJoined() {
        return cohortCounts(COHORT_JOINED + SEP);
    }

    /** Change of active participants per cohort month. */
    public Map<String, Long> cohortActivity() {
        return cohortCounts(COHORT_ACTIVE + SEP);
    }

    private Map<String, Long> cohortCounts(String prefix) {
        Map<String, Long> view = new TreeMap<>();
        orEmpty(cohorts).forEach((key, c) -> {
            if (key.startsWith(prefix)) {
                view.put(key.substring(prefix.length()), c[0]);
            }
        });
        return Collections.unmodifiableMap(view);
    }

    /** Tool users per cohort and period ({@code period} MONTH or QUARTER): cohort -> period -> participants. */
    public Map<String, Map<String, Long>> cohortToolUsers(Period period) {
        Map<String, Map<String, Long>> view = new TreeMap<>();
        String prefix = period.wireName() + SEP;
        orEmpty(cohorts).forEach((key, c) -> {
            if (key.startsWith(prefix)) {
                int split = key.indexOf(SEP, prefix.length());
                view.computeIfAbsent(key.substring(prefix.length(), split), k -> new TreeMap<>())
                        .put(key.substring(split + 1), c[0]);
            }
        });
        return view;
    }

    /** Raw cohort cells, for a store's format. */
    public Map<String, Long> cohortCells() {
        return counts(cohorts);
    }

    /**
     * The named columns of the figures, as a store's format writes them: the views above without their copies.
     * Columns: newcomers and cohort cells one (the count); tools discovered, starts, completions, adopters, rating
     * sum, ratings; dimensions wellbeing, illbeing, action, score sum, scores; footprint domains kilograms,
     * assessments; approaches as {@link #approachColumns}; approach scores sum, count.
     */
    public enum Columns { NEW_BY_ROLE, NEW_BY_CHANNEL, TOOLS, DIMENSIONS, FOOTPRINT_DOMAINS, APPROACHES, APPROACH_SCORES, COHORTS }

    /** How many names {@code group} has. */
    public int size(Columns group) {
        return orEmpty(map(group)).size();
    }

    /** Each name of {@code group} with its columns, in no set order; the arrays are the figures' own, to read only. */
    public void forEach(Columns group, BiConsumer<String, long[]> action) {
        orEmpty(map(group)).forEach(action);
    }

    private HashMap<String, long[]> map(Columns group) {
        return switch (group) {
            case NEW_BY_ROLE -> newByRole;
            case NEW_BY_CHANNEL -> newByChannel;
            case TOOLS -> tools;
            case DIMENSIONS -> dimensions;
            case FOOTPRINT_DOMAINS -> footprintDomains;
            case APPROACHES -> approaches;
            case APPROACH_SCORES -> approachScores;
            case COHORTS -> cohorts;
        };
    }

    // ---- columns: a map is null while empty ----

    private static HashMap<String, long[]> orNew(HashMap<String, long[]> map) {
        return map == null ? new HashMap<>() : map;
    }

    private static Map<String, long[]> orEmpty(HashMap<String, long[]> map) {
        return map == null ? Map.of() : map;
    }

    private static long[] columns(HashMap<String, long[]> map, String key, int width) {
        long[] columns = map.get(key);
        if (columns == null) {
            columns = new long[width];
            map.put(key, columns);
        }
        return columns;
    }

    /** @return the map, or null when it is left empty */
    private static HashMap<String, long[]> addTo(HashMap<String, long[]> map, String key, int width, int column, long delta) {
        HashMap<String, long[]> into = orNew(map);
        long[] columns = columns(into, key, width);
        columns[column] += delta;
        return dropIfZero(into, key, columns);
    }

    /** An entry left all zero goes, so that retractions leave nothing behind; an empty map goes too. */
    private static HashMap<String, long[]> dropIfZero(HashMap<String, long[]> map, String key, long[] columns) {
        if (allZero(columns)) {
            map.remove(key);
        }
        return map.isEmpty() ? null : map;
    }

    private static HashMap<String, long[]> combineColumns(HashMap<String, long[]> into, HashMap<String, long[]> from, int sign) {
        if (from == null) {
            return into;
        }
        HashMap<String, long[]> result = orNew(into);
        for (Map.Entry<String, long[]> e : from.entrySet()) {
            long[] add = e.getValue();
            long[] columns = columns(result, e.getKey(), add.length);
            for (int i = 0; i < add.length; i++) {
                columns[i] += sign * add[i];
            }
            if (allZero(columns)) {
                result.remove(e.getKey());
            }
        }
        return result.isEmpty() ? null : result;
    }

    private static Map<String, Long> counts(HashMap<String, long[]> map) {
        Map<String, Long> view = new TreeMap<>();
        orEmpty(map).forEach((key, c) -> view.put(key, c[0]));
        return Collections.unmodifiableMap(view);
    }

    private static boolean allZero(long[] columns) {
        for (long c : columns) {
            if (c != 0) {
                return false;
            }
        }
        return true;
    }

    // ---- value ----

    @Override
    public boolean equals(Object o) {
        return o instanceof Figures f && newParticipants == f.newParticipants && activations == f.activations
                && deactivations == f.deactivations && events == f.events && lastEventAt == f.lastEventAt
                && evaluations == f.evaluations && evaluatingGroups == f.evaluatingGroups && citizens == f.citizens
                && assessments == f.assessments && footprintKilograms == f.footprintKilograms
                && assessmentsUnder2t == f.assessmentsUnder2t && sameColumns(newByRole, f.newByRole)
                && sameColumns(newByChannel, f.newByChannel) && sameColumns(tools, f.tools)
                && sameColumns(dimensions, f.dimensions) && sameColumns(footprintDomains, f.footprintDomains)
                && Arrays.equals(footprintBands(), f.footprintBands()) && sameColumns(approaches, f.approaches)
                && sameColumns(approachScores, f.approachScores) && sameColumns(cohorts, f.cohorts);
    }

    private static boolean sameColumns(HashMap<String, long[]> x, HashMap<String, long[]> y) {
        Map<String, long[]> a = orEmpty(x);
        Map<String, long[]> b = orEmpty(y);
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, long[]> e : a.entrySet()) {
            if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(newParticipants, activations, deactivations, events, lastEventAt, orEmpty(tools).keySet(), evaluations,
                assessments, footprintKilograms);
    }

    @Override
    public String toString() {
        return "Figures{new=" + newParticipants + ", activations=" + activations + ", deactivations=" + deactivations
                + ", events=" + events + ", tools=" + tools().values() + ", evaluations=" + evaluations
                + ", groups=" + evaluatingGroups + ", citizens=" + citizens + ", dimensions=" + dimensions().values()
                + ", assessments=" + assessments + ", kg=" + footprintKilograms + "}";
    }
}
