package org.together.aggregation.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.together.figures.ApproachCounts;
import org.together.figures.DimensionCounts;
import org.together.figures.Footprints;
import org.together.figures.Period;
import org.together.figures.TerritoryActivity;
import org.together.figures.ToolCounts;
import org.together.figures.disclosure.DisclosureRule;
import org.together.figures.disclosure.Publication;
import org.together.figures.disclosure.Publication.Figure;
import org.together.figures.disclosure.TerritoryColumns;
import org.together.schemas.Annex1;

/**
 * The public's figures of every territory, decided together: every count of a territory that adds up with the other
 * territories' to the network's published total (participants, a tool's starts, a dimension's criteria...) is a cell
 * of that measure's column, and each column is protected as a whole ({@link TerritoryColumns}), so no suppressed
 * figure can be worked out from the territories' published ones and the network's totals. A territory's line of the
 * ranked list, summary, tools, well-being, Annex 1 approaches and footprint by domain are views of its row: each
 * suppresses exactly what the others do.
 *
 * <p>Kept compact, for networks of 100,000 territories: the decision is a bit per suppressed cell and the ranked list
 * its headline lines; a territory's views are built for the question that asks them, from its figures read then, its
 * cells suppressed as decided (and any count that became small since, by the same rule). The rest of its figures (a
 * mean, a ratio, a share) are decided from its own counts, as they are in {@link Publication}.
 *
 * <p>A territory lists a tool or an Annex 1 kind only when it has it, yet a figure that only one territory has (and
 * no zero of those listing it can hide) is hidden with the zeros of all the territories that do not have it
 * ({@link TerritoryColumns.Decision#leftOutHidden}): then each of them lists that tool or kind as zeros and hidden
 * figures, exactly as the one that has it does, so that who lists it does not tell who has it. Likewise a mean of a
 * hidden zero is hidden, not "none".
 *
 * <p>JSON: a suppressed number is {@code null}, and the object holding it lists it in {@code "suppressed"} beside
 * {@code "minPublishedCount"}; a public answer about territories says {@code "audience": "public"}.
 */
public final class PublicTerritories {

    /**
     * A territory's participant figures, which give each other away: active within ever, each period's new participants
     * within the next period's and within those ever. Hidden all or none (docs/privacy.md, rule 4), but for a small
     * count others protect in its column, and a figure hidden only to keep two nested ones k apart
     * ({@link #NESTED_PARTICIPANT_FIGURES}).
     */
    static final List<String> PARTICIPANT_FIGURES = List.of("participantsActive", "participantsEver",
            "new.day", "new.week", "new.month", "new.quarter");
    /**
     * The territory's participant figures that nest, the larger first: each difference counts people (those who left;
     * those who joined earlier in the quarter...). Only true nesting: every active participant is counted once in ever
     * at its first join (one who left and rejoined is not new again; erasure keeps what was counted, and an erased id's
     * later events are a new participant), and an ISO week may begin in the previous month
     * or quarter, so it is within none of them; it is within those ever. The pairs these imply (ever, quarter, month,
     * day) are kept apart too.
     */
    static final List<List<String>> NESTED_PARTICIPANT_FIGURES = List.of(
            List.of("participantsEver", "participantsActive"),
            List.of("participantsEver", "new.quarter"),
            List.of("new.quarter", "new.month"),
            List.of("new.month", "new.day"),
            List.of("participantsEver", "new.week"),
            List.of("new.week", "new.day"));
    /** A tool's counts in a territory's row ({@link #toolMeasure}). */
    private static final List<String> TOOL_FIGURES = List.of("discovered", "starts", "completions", "adopters", "ratings");
    /** An Annex 1 kind's counts in a territory's row ({@link #kindMeasure}). */
    private static final List<String> KIND_FIGURES = List.of("evaluations", "approaches", "kgAvoided");
    /** The assessments under 2 t and the others: the part and rest of the footprint's share under 2 t. */
    private static final String SHARE_UNDER_2T = "footprint.share.under2t";
    private static final String SHARE_FROM_2T = "footprint.share.from2t";

    private final DisclosureRule rule;
    private final int k;
    /** The territories decided, in the order of their ids: a territory's index is its place here. */
    private final String[] ids;
    private final TerritoryHeadline[] headlines;
    /** Per territory: 1, its week-over-week growth is suppressed; 2, its quarter-over-quarter growth. */
    private final byte[] growthSuppressed;
    private final TerritoryColumns.Decision cells;
    /**
     * The tools and kinds with a figure hidden for the territories that do not have them too: each of those lists
     * them all the same. Only these few cost a territory's answers anything more.
     */
    private final List<String> leftOutTools;
    private final List<String> leftOutKinds;
    /** Per Annex 1 kind, the components any territory scored (in the grid's order): a hidden kind lists their means. */
    private final Map<String, List<String>> scoredComponents;
    /** Territory indices in the order of the ranked list, and each territory's rank. */
    private final int[] ranked;
    private final int[] rankOf;
    private byte[] rankedJson;

    /** One territory's public answers. */
    public record Answers(ObjectNode summary, ObjectNode tools, ObjectNode wellbeing, ObjectNode approaches,
                          ObjectNode footprint) {
    }

    /**
     * A number at {@code holder.field}, listed when suppressed in {@code lister}'s {@code "suppressed"} as
     * {@code listedAs} (an entry of a map such as {@code meanScores} is listed by the object holding the map).
     */
    private record Mark(ObjectNode holder, String field, Figure figure, ObjectNode lister, String listedAs) {
        Mark(ObjectNode holder, String field, Figure figure) {
            this(holder, field, figure, holder, field);
        }
    }

    /** One cell of a territory's row: a count adding up to the network's {@code measure}, made of {@code units}. */
    private interface Row {
        void cell(String measure, long value, long units);
    }

    private PublicTerritories(DisclosureRule rule, String[] ids, TerritoryHeadline[] headlines, byte[] growthSuppressed,
                              TerritoryColumns.Decision cells, Set<String> tools, Map<String, Set<String>> kindsScored) {
        this.rule = rule;
        this.k = rule.minPublishedCount();
        this.ids = ids;
        this.headlines = headlines;
        this.growthSuppressed = growthSuppressed;
        this.cells = cells;
        Set<String> hidden = cells.leftOutHidden();
        this.leftOutTools = tools.stream()
                .filter(id -> TOOL_FIGURES.stream().anyMatch(f -> hidden.contains(toolMeasure(id, f)))).toList();
        this.leftOutKinds = kindsScored.keySet().stream()
                .filter(kind -> KIND_FIGURES.stream().anyMatch(f -> hidden.contains(kindMeasure(kind, f)))).toList();
        this.scoredComponents = new HashMap<>();
        kindsScored.forEach((kind, scored) -> scoredComponents.put(kind,
                Annex1.COMPONENTS.stream().filter(scored::contains).toList()));
        Integer[] order = new Integer[ids.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, order());
        this.ranked = new int[ids.length];
        this.rankOf = new int[ids.length];
        for (int r = 0; r < order.length; r++) {
            ranked[r] = order[r];
            rankOf[order[r]] = r + 1;
        }
    }

    /** Decides the public figures of these territories (all of them: the network's totals are their sums). */
    public static PublicTerritories of(List<FigureQueries.TerritoryNow> territories, DisclosureRule rule) {
        return decide(territories::forEach, rule);
    }

    /**
     * Decides the public figures of every territory that {@code territories} gives, in the order of their ids, one at a
     * time (none of them is held: only its cells and its headline line).
     */
    public static PublicTerritories decide(Consumer<Consumer<FigureQueries.TerritoryNow>> territories, DisclosureRule rule) {
        TerritoryColumns columns = new TerritoryColumns();
        // each period's new participants are within the next one's and within those ever: one hidden, all hidden
        columns.together(PARTICIPANT_FIGURES.toArray(String[]::new));
        // and two published ones never differ by 1 to k-1 (docs/privacy.md, rule 4): "active 40, ever 41" tells one left
        NESTED_PARTICIPANT_FIGURES.forEach(pair -> columns.atLeast(pair.get(0), pair.get(1)));
        // of two too close, the period figure goes first, the day first of all; ever before active, the headline (the
        // ranking, uptake rates and first and last events follow it), since "ever at least active" is all its absence
        // leaves to a reader
        columns.hiddenFirst("new.day", "new.week", "new.month", "new.quarter", "participantsEver");
        // a small count stands alone only where it can trade a unit within the nesting (PublicTerritoriesLinearProgramTest)
        columns.smallCountsTrade();
        List<String> ids = new ArrayList<>();
        List<TerritoryHeadline> headlines = new ArrayList<>();
        byte[][] growth = {new byte[1024]};
        // the tools and kinds of the network, and the components scored of each kind: a few names, whatever its size
        Set<String> tools = new TreeSet<>();
        Map<String, Set<String>> kindsScored = new TreeMap<>();
        Set<String> kindsEvaluated = new TreeSet<>();
        Set<String> criteria = new TreeSet<>();
        territories.accept(t -> {
            int index = ids.size();
            if (index == 0) {
                // the decision is of one moment: the first territory's day is every territory's
                weekNesting(LocalDate.ofInstant(t.summary().asOf(), ZoneOffset.UTC))
                        .forEach(pair -> columns.atLeast(pair.get(0), pair.get(1)));
            }
            String id = t.headline().territoryId();
            if (index > 0 && id.compareTo(ids.get(index - 1)) <= 0) {
                throw new IllegalArgumentException("territories come in the order of their ids, once each: " + id
                        + " after " + ids.get(index - 1));
            }
            ids.add(id);
            headlines.add(t.headline());
            if (index == growth[0].length) {
                growth[0] = Arrays.copyOf(growth[0], index * 2);
            }
            // a growth rate divides two counts of the territory alone: published when both are (Publication#ratio)
            // and they are kept apart as nested figures are (rateHidden)
            growth[0][index] = (byte) ((rateHidden(rule, t.weekGrowth()) ? 1 : 0) | (rateHidden(rule, t.quarterGrowth()) ? 2 : 0));
            knownZeros(t, (period, whileShown) -> {
                if (whileShown) {
                    // shown by its last event day, published with its participant figures
                    columns.knownZeroWhileShown("new." + period, index, "participantsActive");
                } else {
                    columns.knownZero("new." + period, index);
                }
            });
            row(t, (measure, value, units) -> {
                columns.add(measure, index, value, units);
                if (measure.startsWith("criteria.")) {
                    criteria.add(measure);
                }
            });
            tools.addAll(t.totals().tools().keySet());
            t.totals().approaches().forEach((kind, c) -> {
                if (c.evaluations() > 0) {
                    kindsEvaluated.add(kind);
                }
                Set<String> scored = kindsScored.computeIfAbsent(kind, x -> new TreeSet<>());
                c.scores().forEach((component, sumAndCount) -> {
                    if (sumAndCount[1] > 0) {
                        scored.add(component);
                    }
                });
            });
        });
        // a subject's counts bound each other (starters are adopters; no evaluation, no criteria; no assessment, no
        // domain): a published zero or total beside a hidden one would give it, so they are hidden all or none
        tools.forEach(toolId -> columns.together(TOOL_FIGURES.stream().map(f -> toolMeasure(toolId, f)).toArray(String[]::new)));
        // adopters are those who started or completed: each of the three lies between the others' bounds (completers at
        // least adopters less starters), so a small one never stands alone beside the other two published (whole)
        tools.forEach(toolId -> columns.whole(toolMeasure(toolId, "starts"), toolMeasure(toolId, "completions"),
                toolMeasure(toolId, "adopters")));
        kindsScored.keySet().forEach(kind -> columns.together(KIND_FIGURES.stream().map(f -> kindMeasure(kind, f)).toArray(String[]::new)));
        List<String> wellbeingFamily = new ArrayList<>(List.of("evaluations", "groups", "citizens"));
        wellbeingFamily.addAll(criteria);
        columns.together(wellbeingFamily.toArray(String[]::new));
        List<String> footprintFamily = new ArrayList<>(List.of("assessments"));
        Footprints.DOMAINS.forEach(domain -> footprintFamily.add("footprint." + domain + ".assessments"));
        columns.together(footprintFamily.toArray(String[]::new));
        // a share is hidden when its part, its rest or its whole is: the part and rest are hidden together (they add up
        // to the published whole) and wherever the whole is (they would add up to it)
        shareOf(columns, "assessments", SHARE_UNDER_2T, SHARE_FROM_2T);
        kindsEvaluated.forEach(kind -> Annex1.KEY_ELEMENTS.forEach(element -> shareOf(columns, kindMeasure(kind, "evaluations"),
                keyElementMeasure(kind, element, true), keyElementMeasure(kind, element, false))));
        return new PublicTerritories(rule, ids.toArray(String[]::new), headlines.toArray(TerritoryHeadline[]::new),
                Arrays.copyOf(growth[0], ids.size()), columns.decide(rule), tools, kindsScored);
    }

    private static void shareOf(TerritoryColumns columns, String whole, String part, String rest) {
        columns.whole(part, rest);
        columns.follows(whole, part, rest);
        columns.knownZeroWhereNotGiven(part, rest);
    }

    /**
     * How the ISO week nests with the month and the quarter on {@code day} (the periods run from their start to that
     * day, so the one begun first holds the other): the week within the month once it began in it (from the month's
     * first Monday), the month within the week when the week began in the previous month, the quarter within the week
     * when it began in the previous quarter. A reader who knows the day knows which, so the decision keeps these apart
     * too: 12 new this week beside 10 this month, on a Tuesday the 1st, told that 2 joined on the Monday before.
     */
    static List<List<String>> weekNesting(LocalDate day) {
        LocalDate week = Period.WEEK.start(day);
        if (!week.isBefore(Period.MONTH.start(day))) {
            return List.of(List.of("new.month", "new.week"));
        }
        if (!week.isBefore(Period.QUARTER.start(day))) {
            return List.of(List.of("new.week", "new.month"), List.of("new.quarter", "new.week"));
        }
        return List.of(List.of("new.week", "new.quarter"));
    }

    /**
     * The periods whose new participants the public knows to be none: for a territory shown inactive (a flag published
     * for every territory), those within the activity window, whatever the decision; else those begun after the
     * territory's last event, while it is published (to the day, beside its participant figures: {@code true}). Such a
     * zero protects no other territory's figure ({@link TerritoryColumns#knownZero}): an inactive territory's zero hidden
     * as the only partner of another's 24 new participants today left them the network's 24 less the published others.
     * Where every other territory shows its last event before today, the decision hides one's participant figures, and
     * so its last event day, rather than leave today's new participants to the one territory that can have them.
     */
    private static void knownZeros(FigureQueries.TerritoryNow t, BiConsumer<String, Boolean> period) {
        LocalDate today = LocalDate.ofInstant(t.summary().asOf(), ZoneOffset.UTC);
        Instant last = t.headline().lastEventAt();
        LocalDate lastDay = last == null ? null : LocalDate.ofInstant(last, ZoneOffset.UTC);
        LocalDate windowFrom = TerritoryActivity.activeWindowEnding(today).from();
        for (Period p : Period.values()) {
            LocalDate start = p.start(today);
            String name = p.name().toLowerCase(Locale.ROOT);
            if (!t.headline().active() && !start.isBefore(windowFrom)) {
                period.accept(name, false);
            } else if (lastDay == null || lastDay.isBefore(start)) {
                period.accept(name, true);
            }
        }
    }

    /**
     * Whether a growth rate of these two counts (active at the end of the last period, and of the one before) is
     * hidden: when either is small, and when they differ by 1 to k-1. Its fraction in lowest terms gives both counts
     * (270/271 is one net leaver; beside "active 14, ever 14" it gives a hidden "new this week"), so the two are kept
     * apart as nested figures are (docs/privacy.md, rule 4): published when equal or at least k apart (review 12, #2).
     */
    static boolean rateHidden(DisclosureRule rule, long[] counts) {
        return rule.isSmall(counts[0]) || rule.isSmall(counts[1]) || rule.isSmall(Math.abs(counts[0] - counts[1]));
    }

    /** How many territories were decided. */
    public int size() {
        return ids.length;
    }

    /** Whether this territory was decided (it was known when the figures were read). */
    public boolean decided(String territoryId) {
        return Arrays.binarySearch(ids, territoryId) >= 0;
    }

    /** Published active participants first, most first; then those whose number is suppressed; then none; then by id. */
    private Comparator<Integer> order() {
        return Comparator.comparingInt((Integer i) -> !activePublished(i) ? 1 : headlines[i].participantsActive() == 0 ? 2 : 0)
                .thenComparing(Comparator.comparingLong((Integer i) -> activePublished(i) ? headlines[i].participantsActive() : 0)
                        .reversed())
                .thenComparing(i -> ids[i]);
    }

    private boolean activePublished(int territory) {
        return !cells.suppressed("participantsActive", territory);
    }

    // ---- the ranked list ----

    /** Lines of the ranked list as the public reads it: {@code limit} from rank {@code offset + 1}. */
    public List<ObjectNode> ranked(ObjectMapper json, int offset, int limit) {
        List<ObjectNode> lines = new ArrayList<>();
        for (int r = offset; r < ranked.length && r < (long) offset + limit; r++) {
            lines.add(line(ranked[r], json));
        }
        return lines;
    }

    /** The whole ranked list, written line by line (never every line at once). */
    public JsonSerializable ranked(ObjectMapper json) {
        return new JsonSerializable.Base() {
            @Override
            public void serialize(JsonGenerator out, SerializerProvider provider) throws IOException {
                out.writeStartArray();
                for (int territory : ranked) {
                    out.writeTree(line(territory, json));
                }
                out.writeEndArray();
            }

            @Override
            public void serializeWithType(JsonGenerator out, SerializerProvider provider, TypeSerializer type) throws IOException {
                serialize(out, provider);
            }
        };
    }

    /**
     * The whole ranked list as JSON, written once and shared by every question while this decision is: at 100,000
     * territories it is about 50 MB, which each question writing its own would hold again.
     */
    public synchronized byte[] rankedJson(ObjectMapper json) {
        if (rankedJson == null) {
            try {
                rankedJson = json.writeValueAsBytes(ranked(json));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("cannot write the ranked list as JSON", e);
            }
        }
        return rankedJson;
    }

    /** A territory's line of the ranked list: its headline when decided, suppressed as decided. */
    private ObjectNode line(int territory, ObjectMapper json) {
        ObjectNode line = publicAnswer(json.valueToTree(headlines[territory]));
        line.put("rank", rankOf[territory]);
        Publication p = new Publication();
        List<Mark> marks = new ArrayList<>();
        TerritoryHeadline h = headlines[territory];
        marks.add(new Mark(line, "participantsActive", cell(p, "participantsActive", h.participantsActive(), territory)));
        marks.add(new Mark(line, "participantsEver", cell(p, "participantsEver", h.participantsEver(), territory)));
        Summary.NewParticipants n = h.newParticipants();
        newParticipants(n, (period, value) ->
                marks.add(new Mark((ObjectNode) line.get("newParticipants"), period, cell(p, "new." + period, value, territory))));
        ObjectNode growth = (ObjectNode) line.get("growth");
        // a rate of two hidden counts gives them (61/57); the first and last event of a small territory are one person's
        boolean participantsHidden = !activePublished(territory);
        marks.add(new Mark(growth, "weekOverWeek", p.decided(0, 0, participantsHidden || (growthSuppressed[territory] & 1) != 0)));
        marks.add(new Mark(growth, "quarterOverQuarter", p.decided(0, 0, participantsHidden || (growthSuppressed[territory] & 2) != 0)));
        marks.add(new Mark(line, "evaluations", cell(p, "evaluations", h.evaluations(), territory)));
        marks.add(new Mark(line, "assessments", cell(p, "assessments", h.assessments(), territory)));
        marks.add(new Mark(line, "firstEventDay", p.decided(0, 0, participantsHidden)));
        marks.add(new Mark(line, "lastEventAt", p.decided(0, 0, participantsHidden)));
        p.decide(rule);
        marks.forEach(this::apply);
        toTheDay(line);
        return line;
    }

    private Figure cell(Publication p, String measure, long count, int territory) {
        return p.decided(count, count, cells.suppressed(measure, territory));
    }

    private static void newParticipants(Summary.NewParticipants n, java.util.function.ObjLongConsumer<String> period) {
        period.accept("day", n.day());
        period.accept("week", n.week());
        period.accept("month", n.month());
        period.accept("quarter", n.quarter());
    }

    // ---- one territory's answers ----

    /**
     * {@code t}'s public answers, read now: each cell suppressed as decided with every territory's (or small now), each
     * mean, ratio and share from its counts. Empty when {@code t} was not known when the figures were decided.
     */
    public Optional<Answers> territory(FigureQueries.TerritoryNow t, ObjectMapper json) {
        int index = Arrays.binarySearch(ids, t.headline().territoryId());
        if (index < 0) {
            return Optional.empty();
        }
        Publication p = new Publication();
        Map<String, Figure> row = new HashMap<>();
        row(t, (measure, value, units) -> row.put(measure, p.decided(value, units, cells.suppressed(measure, index))));
        List<Mark> marks = new ArrayList<>();
        ObjectNode summary = publicAnswer(json.valueToTree(t.summary()));
        ObjectNode tools = publicAnswer(json.valueToTree(t.tools()));
        ObjectNode wellbeing = publicAnswer(json.valueToTree(t.wellbeing()));
        ObjectNode approaches = publicAnswer(json.valueToTree(MeetingQueries.approaches(t.summary().scope(), t.summary().asOf(),
                t.totals())));
        ObjectNode footprintByDomain = publicAnswer(json.valueToTree(MeetingQueries.footprint(t.summary().scope(),
                t.summary().asOf(), t.totals())));

        // participants
        Figure active = row.get("participantsActive");
        marks.add(new Mark(summary, "participantsActive", active));
        marks.add(new Mark(tools, "participantsActive", active));
        marks.add(new Mark(summary, "participantsEver", row.get("participantsEver")));
        newParticipants(t.summary().newParticipants(), (period, value) ->
                marks.add(new Mark((ObjectNode) summary.get("newParticipants"), period, row.get("new." + period))));
        ObjectNode growth = (ObjectNode) summary.get("growth");
        // a rate of two hidden counts gives them (61/57): hidden with the territory's participant figures
        boolean participantsHidden = cells.suppressed("participantsActive", index);
        // and its two counts 1 to k-1 apart: the change of so few people (rateHidden)
        marks.add(new Mark(growth, "weekOverWeek", participantsHidden || rateHidden(rule, t.weekGrowth()) ? p.decided(0, 0, true)
                : p.ratio(p.count(t.weekGrowth()[0]), p.count(t.weekGrowth()[1]))));
        marks.add(new Mark(growth, "quarterOverQuarter", participantsHidden || rateHidden(rule, t.quarterGrowth()) ? p.decided(0, 0, true)
                : p.ratio(p.count(t.quarterGrowth()[0]), p.count(t.quarterGrowth()[1]))));
        // its last event: to the day, and not at all for a territory whose participants are hidden (one person's act)
        marks.add(new Mark(summary, "lastEventAt", p.decided(0, 0, participantsHidden)));

        // tools, and those it never used whose figures are hidden for every territory: listed as hidden zeros
        Map<String, ToolCounts> toolCounts = t.totals().tools();
        Map<String, ObjectNode> summaryTools = byToolId(summary.get("tools"));
        Map<String, ObjectNode> funnelTools = byToolId(tools.get("tools"));
        toolCounts.forEach((toolId, c) -> tool(p, row, marks, toolId, c, active, summaryTools.get(toolId),
                funnelTools.get(toolId), index));
        for (String toolId : leftOutTools) {
            if (!toolCounts.containsKey(toolId)) {
                TOOL_FIGURES.forEach(f -> row.put(toolMeasure(toolId, f), leftOutZero(p, toolMeasure(toolId, f), index)));
                tool(p, row, marks, toolId, ToolCounts.NONE, active,
                        insert((ArrayNode) summary.get("tools"), "toolId", toolId, json.valueToTree(
                                FigureQueries.toolUptake(toolId, ToolCounts.NONE, t.summary().participantsActive(), t.toolNames()))),
                        insert((ArrayNode) tools.get("tools"), "toolId", toolId, json.valueToTree(
                                FigureQueries.toolFunnel(toolId, ToolCounts.NONE, t.tools().participantsActive(), t.toolNames()))),
                        index);
            }
        }

        // well-being
        ObjectNode summaryWellbeing = (ObjectNode) summary.get("wellbeing");
        for (ObjectNode holder : List.of(summaryWellbeing, wellbeing)) {
            marks.add(new Mark(holder, "evaluations", row.get("evaluations")));
            marks.add(new Mark(holder, "groups", row.get("groups")));
            marks.add(new Mark(holder, "citizens", row.get("citizens")));
        }
        for (JsonNode d : summaryWellbeing.get("dimensions")) {
            String code = d.get("dimension").asText();
            Figure score = mean(p, t.totals().dimension(code).scores(), "evaluations", index);
            for (JsonNode holder : List.of(d, dimension(wellbeing, code))) {
                for (String question : List.of("wellbeing", "illbeing", "action")) {
                    marks.add(new Mark((ObjectNode) holder, question, row.get("criteria." + code + "." + question)));
                }
                marks.add(new Mark((ObjectNode) holder, "meanScore", score));
            }
        }

        // footprint
        Figure assessments = row.get("assessments");
        ObjectNode footprint = (ObjectNode) summary.get("footprint");
        marks.add(new Mark(footprint, "assessments", assessments));
        marks.add(new Mark(footprint, "meanTonnes", mean(p, t.totals().assessments(), "assessments", index)));
        marks.add(new Mark(footprint, "shareUnder2t", share(p, row, SHARE_UNDER_2T, SHARE_FROM_2T, assessments)));

        // footprint by domain: the same assessments; each domain's mean from the assessments that gave it
        marks.add(new Mark(footprintByDomain, "assessments", assessments));
        marks.add(new Mark(footprintByDomain, "meanTonnes", mean(p, t.totals().assessments(), "assessments", index)));
        for (JsonNode d : footprintByDomain.get("domains")) {
            String domain = d.get("domain").asText();
            String measure = "footprint." + domain + ".assessments";
            Figure given = row.get(measure);
            marks.add(new Mark((ObjectNode) d, "assessments", given, footprintByDomain, "domains." + domain + ".assessments"));
            marks.add(new Mark((ObjectNode) d, "meanTonnes", mean(p, given.value(), measure, index), footprintByDomain,
                    "domains." + domain + ".meanTonnes"));
        }

        // Annex 1 approaches, and the kinds it does not have whose figures are hidden for every territory
        Map<String, ApproachCounts> kindCounts = t.totals().approaches();
        Map<String, ObjectNode> kinds = new LinkedHashMap<>();
        approaches.get("approaches").forEach(a -> kinds.put(a.get("approachKind").asText(), (ObjectNode) a));
        kindCounts.forEach((kind, c) -> approach(p, row, marks, kind, c, kinds.get(kind), index));
        for (String kind : leftOutKinds) {
            if (!kindCounts.containsKey(kind)) {
                KIND_FIGURES.forEach(f -> row.put(kindMeasure(kind, f), leftOutZero(p, kindMeasure(kind, f), index)));
                approach(p, row, marks, kind, ApproachCounts.NONE, insert((ArrayNode) approaches.get("approaches"), "approachKind",
                        kind, json.valueToTree(MeetingQueries.approachKind(kind, ApproachCounts.NONE))), index);
            }
        }

        p.decide(rule);
        marks.forEach(this::apply);
        toTheDay(summary);
        return Optional.of(new Answers(summary, tools, wellbeing, approaches, footprintByDomain));
    }

    /**
     * The cells of a territory's row: its counts that add up over the territories to the network's published totals.
     * The decision and the answers both read them here, so they cannot disagree on what a row is.
     */
    private static void row(FigureQueries.TerritoryNow t, Row row) {
        Summary s = t.summary();
        row.cell("participantsActive", s.participantsActive(), s.participantsActive());
        row.cell("participantsEver", s.participantsEver(), s.participantsEver());
        newParticipants(s.newParticipants(), (period, value) -> row.cell("new." + period, value, value));
        t.totals().tools().forEach((toolId, c) -> {
            row.cell(toolMeasure(toolId, "discovered"), c.discovered(), c.discovered());
            row.cell(toolMeasure(toolId, "starts"), c.starts(), c.starts());
            row.cell(toolMeasure(toolId, "completions"), c.completions(), c.completions());
            row.cell(toolMeasure(toolId, "adopters"), c.adopters(), c.adopters());
            row.cell(toolMeasure(toolId, "ratings"), c.ratings(), c.ratings());
        });
        long groups = t.totals().evaluatingGroups();
        row.cell("evaluations", t.totals().evaluations(), t.totals().evaluations());
        row.cell("groups", groups, groups);
        row.cell("citizens", t.totals().citizens(), t.totals().citizens());
        for (Summary.Dimension d : s.wellbeing().dimensions()) {
            DimensionCounts c = t.totals().dimension(d.dimension());
            // the notes a group wrote count that group: criteria of fewer than k groups are not published
            row.cell("criteria." + d.dimension() + ".wellbeing", c.wellbeing(), groups);
            row.cell("criteria." + d.dimension() + ".illbeing", c.illbeing(), groups);
            row.cell("criteria." + d.dimension() + ".action", c.action(), groups);
        }
        row.cell("assessments", t.totals().assessments(), t.totals().assessments());
        // a share's part and rest add up over the territories to the network's (its published share of its published
        // whole), so they are decided as columns too; a territory with no assessment has no share to hide
        long assessed = t.totals().assessments();
        if (assessed > 0) {
            long under = t.totals().assessmentsUnder2t();
            row.cell(SHARE_UNDER_2T, under, under);
            row.cell(SHARE_FROM_2T, assessed - under, assessed - under);
        }
        Map<String, long[]> domains = t.totals().footprintDomains();
        for (String domain : Footprints.DOMAINS) {
            long given = domains.containsKey(domain) ? domains.get(domain)[1] : 0;
            row.cell("footprint." + domain + ".assessments", given, given);
        }
        t.totals().approaches().forEach((kind, c) -> {
            row.cell(kindMeasure(kind, "evaluations"), c.evaluations(), c.evaluations());
            row.cell(kindMeasure(kind, "approaches"), c.approaches(), c.approaches());
            // kilograms avoided add up over the territories too, and come from that many approaches
            row.cell(kindMeasure(kind, "kgAvoided"), c.kilogramsAvoided(), c.approaches());
            if (c.evaluations() > 0) {
                for (String element : Annex1.KEY_ELEMENTS) {
                    long with = c.keyElements().getOrDefault(element, 0L);
                    row.cell(keyElementMeasure(kind, element, true), with, with);
                    row.cell(keyElementMeasure(kind, element, false), c.evaluations() - with, c.evaluations() - with);
                }
            }
        });
    }

    private static String toolMeasure(String toolId, String figure) {
        return "tool." + toolId + "." + figure;
    }

    private static String kindMeasure(String kind, String figure) {
        return "approaches." + kind + "." + figure;
    }

    /** The evaluations of a kind that named a key element, or that did not: the part and rest of its share. */
    private static String keyElementMeasure(String kind, String element, boolean named) {
        return kindMeasure(kind, "keyElement." + element + (named ? ".with" : ".without"));
    }

    /**
     * A share of {@code whole} from its part and rest decided as columns ({@link #row}), or, where the territory has
     * none of them (no assessment, no evaluation of the kind), of nothing: no value to publish.
     */
    private static Figure share(Publication p, Map<String, Figure> row, String partMeasure, String restMeasure, Figure whole) {
        Figure part = row.get(partMeasure);
        return part == null ? p.share(0, whole) : p.share(part, row.get(restMeasure), whole);
    }

    /** The zero of a tool or kind a territory does not have: hidden when its column hides the zeros left out. */
    private Figure leftOutZero(Publication p, String measure, int territory) {
        return p.decided(0, 0, cells.suppressed(measure, territory));
    }

    /**
     * A mean of {@code values} of a territory, hidden with the count it belongs to: mean times count is a sum, so a mean
     * published beside its hidden count lets only a few counts fit (2.709… t is 29.8 t over 11 assessments), and the
     * network's total then gives the partner it hides away (review 13); and "no mean" beside a hidden count would tell
     * that count is zero.
     */
    private Figure mean(Publication p, long values, String countMeasure, int territory) {
        return cells.suppressed(countMeasure, territory) ? p.decided(0, 0, true) : p.mean(values);
    }

    /** Puts {@code entry} into {@code list}, kept in the order of its elements' {@code key}, where its {@code id} sorts. */
    private static ObjectNode insert(ArrayNode list, String key, String id, ObjectNode entry) {
        int at = 0;
        while (at < list.size() && list.get(at).get(key).asText().compareTo(id) < 0) {
            at++;
        }
        list.insert(at, entry);
        return entry;
    }

    private ObjectNode publicAnswer(ObjectNode answer) {
        answer.put("audience", "public");
        answer.put("minPublishedCount", k);
        answer.putArray("suppressed");
        return answer;
    }

    private void approach(Publication p, Map<String, Figure> row, List<Mark> marks, String kind, ApproachCounts c,
                          ObjectNode holder, int territory) {
        if (holder == null) {
            return;
        }
        holder.put("minPublishedCount", k);
        holder.putArray("suppressed");
        String evaluationsMeasure = kindMeasure(kind, "evaluations");
        Figure evaluations = row.get(evaluationsMeasure);
        marks.add(new Mark(holder, "evaluations", evaluations));
        marks.add(new Mark(holder, "approaches", row.get(kindMeasure(kind, "approaches"))));
        marks.add(new Mark(holder, "tonnesCo2eAvoidedPerYear", row.get(kindMeasure(kind, "kgAvoided"))));
        ObjectNode means = (ObjectNode) holder.get("meanScores");
        ObjectNode shares = (ObjectNode) holder.get("keyElementShares");
        if (c.evaluations() == 0 && cells.suppressed(evaluationsMeasure, territory)) {
            // no evaluation, hidden: listed as a few are, with the means of what the kind's territories scored and every
            // share, all hidden (empty maps would tell the hidden evaluations are none)
            scoredComponents.getOrDefault(kind, List.of()).forEach(means::putNull);
            Annex1.KEY_ELEMENTS.forEach(shares::putNull);
        }
        means.fieldNames().forEachRemaining(component -> {
            long[] scored = c.scores().get(component);
            marks.add(new Mark(means, component, mean(p, scored == null ? 0 : scored[1], evaluationsMeasure, territory),
                    holder, "meanScores." + component));
        });
        shares.fieldNames().forEachRemaining(element -> marks.add(new Mark(shares, element,
                share(p, row, keyElementMeasure(kind, element, true), keyElementMeasure(kind, element, false), evaluations),
                holder, "keyElementShares." + element)));
    }

    private void tool(Publication p, Map<String, Figure> row, List<Mark> marks, String toolId, ToolCounts c,
                      Figure active, ObjectNode inSummary, ObjectNode inFunnel, int territory) {
        Figure starts = row.get(toolMeasure(toolId, "starts"));
        Figure completions = row.get(toolMeasure(toolId, "completions"));
        Figure adopters = row.get(toolMeasure(toolId, "adopters"));
        Figure completionRate = p.ratio(completions, starts);
        Figure uptakeRate = p.ratio(adopters, active);
        Figure meanRating = mean(p, c.ratings(), toolMeasure(toolId, "ratings"), territory);
        for (ObjectNode holder : new ObjectNode[] {inSummary, inFunnel}) {
            if (holder == null) {
                continue;
            }
            marks.add(new Mark(holder, "starts", starts));
            marks.add(new Mark(holder, "completions", completions));
            marks.add(new Mark(holder, "adopters", adopters));
            marks.add(new Mark(holder, "completionRate", completionRate));
            marks.add(new Mark(holder, "uptakeRate", uptakeRate));
            marks.add(new Mark(holder, "meanRating", meanRating));
            if (holder.has("discovered")) {
                marks.add(new Mark(holder, "discovered", row.get(toolMeasure(toolId, "discovered"))));
            }
            if (holder.has("ratings")) {
                marks.add(new Mark(holder, "ratings", row.get(toolMeasure(toolId, "ratings"))));
            }
        }
    }

    /** The tools of a list by id (package-private: the tests' reference rendering reads answers the same way). */
    static Map<String, ObjectNode> byToolId(JsonNode list) {
        Map<String, ObjectNode> byId = new LinkedHashMap<>();
        list.forEach(n -> byId.put(n.get("toolId").asText(), (ObjectNode) n));
        return byId;
    }

    static JsonNode dimension(ObjectNode wellbeing, String code) {
        for (JsonNode d : wellbeing.get("dimensions")) {
            if (d.get("dimension").asText().equals(code)) {
                return d;
            }
        }
        throw new IllegalStateException("no dimension " + code);
    }

    /** A suppressed number becomes null and is listed by the object holding it (or the map holding it). */
    /** A public last event to the day: the minute of a small territory's last event is one person's act. */
    private static void toTheDay(ObjectNode holder) {
        JsonNode last = holder.get("lastEventAt");
        if (last != null && last.isTextual()) {
            holder.put("lastEventAt", Instant.parse(last.asText()).truncatedTo(ChronoUnit.DAYS).toString());
        }
    }

    private void apply(Mark mark) {
        if (!mark.figure().suppressed() || !mark.holder().has(mark.field())) {
            return;
        }
        mark.holder().putNull(mark.field());
        mark.lister().put("minPublishedCount", k);
        ArrayNode suppressed = mark.lister().has("suppressed") ? (ArrayNode) mark.lister().get("suppressed")
                : mark.lister().putArray("suppressed");
        suppressed.add(mark.listedAs());
    }
}
