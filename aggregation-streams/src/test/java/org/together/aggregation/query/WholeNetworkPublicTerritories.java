package org.together.aggregation.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.together.figures.ApproachCounts;
import org.together.figures.DimensionCounts;
import org.together.figures.ToolCounts;
import org.together.figures.disclosure.DisclosureRule;
import org.together.figures.disclosure.Publication;
import org.together.figures.disclosure.Publication.Figure;

/**
 * The reference for {@link PublicTerritories}: its implementation until December 2026, which decided every figure of
 * every territory in one {@link Publication} and built every answer (kept here as it was, but for the order in which
 * new participants are listed: it followed a {@code Map.of}, which changes with each JVM). The public figures of
 * every territory, decided together: each territory's line of the ranked list, summary,
 * tools, well-being, Annex 1 approaches and footprint by domain are views of one {@link Publication}, in which every
 * count of a territory adds up with the other territories' to the network's published total. So a territory's own answers suppress exactly what the
 * ranked list does, and no suppressed figure can be worked out from the territories' published ones and the
 * network's totals.
 *
 * <p>JSON: a suppressed number is {@code null}, and the object holding it lists it in {@code "suppressed"} beside
 * {@code "minPublishedCount"}; a public answer about territories says {@code "audience": "public"}.
 */
final class WholeNetworkPublicTerritories {

    private final int k;
    private final Map<String, Answers> byTerritory = new LinkedHashMap<>();
    private final List<ObjectNode> lines = new ArrayList<>();

    /** One territory's public answers. */
    public record Answers(ObjectNode summary, ObjectNode tools, ObjectNode wellbeing, ObjectNode line, ObjectNode approaches,
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

    private final List<Mark> marks = new ArrayList<>();

    private WholeNetworkPublicTerritories(int k) {
        this.k = k;
    }

    /** Decides the public figures of these territories (all of them: the network's totals are their sums). */
    static WholeNetworkPublicTerritories of(List<FigureQueries.TerritoryNow> territories, DisclosureRule rule, ObjectMapper json) {
        WholeNetworkPublicTerritories p = new WholeNetworkPublicTerritories(rule.minPublishedCount());
        Publication publication = new Publication();
        for (FigureQueries.TerritoryNow t : territories) {
            p.add(t, publication, json);
        }
        publication.decide(rule);
        p.marks.forEach(p::apply);
        p.byTerritory.values().forEach(a -> p.lines.add(a.line()));
        p.lines.sort(order());
        for (int i = 0; i < p.lines.size(); i++) {
            p.lines.get(i).put("rank", i + 1);
        }
        return p;
    }

    /** Published active participants first, most first; then those whose number is suppressed; then none; then by id. */
    private static Comparator<ObjectNode> order() {
        return Comparator.comparingInt((ObjectNode n) -> n.get("participantsActive").isNull() ? 1
                        : n.get("participantsActive").asLong() == 0 ? 2 : 0)
                .thenComparing(Comparator.comparingLong((ObjectNode n) -> n.get("participantsActive").asLong()).reversed())
                .thenComparing(n -> n.get("territoryId").asText());
    }

    public Optional<Answers> territory(String territoryId) {
        return Optional.ofNullable(byTerritory.get(territoryId));
    }

    /** The ranked list as the public reads it. */
    public List<ObjectNode> ranked() {
        return lines;
    }

    private void add(FigureQueries.TerritoryNow t, Publication p, ObjectMapper json) {
        String id = t.headline().territoryId();
        ObjectNode summary = json.valueToTree(t.summary());
        ObjectNode tools = json.valueToTree(t.tools());
        ObjectNode wellbeing = json.valueToTree(t.wellbeing());
        ObjectNode line = json.valueToTree(t.headline());
        ObjectNode approaches = json.valueToTree(MeetingQueries.approaches(t.summary().scope(), t.summary().asOf(), t.totals()));
        ObjectNode footprintByDomain = json.valueToTree(MeetingQueries.footprint(t.summary().scope(), t.summary().asOf(),
                t.totals()));
        for (ObjectNode answer : List.of(summary, tools, wellbeing, line, approaches, footprintByDomain)) {
            answer.put("audience", "public");
            answer.put("minPublishedCount", k);
            answer.putArray("suppressed");
        }
        byTerritory.put(id, new Answers(summary, tools, wellbeing, line, approaches, footprintByDomain));

        // participants
        Figure active = p.column("participantsActive", p.count(t.summary().participantsActive()));
        Figure ever = p.column("participantsEver", p.count(t.summary().participantsEver()));
        mark(active, summary, line, tools, "participantsActive");
        mark(ever, summary, line, "participantsEver");
        Summary.NewParticipants n = t.summary().newParticipants();
        Map<String, Long> newOnes = new LinkedHashMap<>();
        newOnes.put("day", n.day());
        newOnes.put("week", n.week());
        newOnes.put("month", n.month());
        newOnes.put("quarter", n.quarter());
        newOnes.forEach((period, value) -> {
            Figure f = p.column("new." + period, p.count(value));
            marks.add(new Mark((ObjectNode) summary.get("newParticipants"), period, f));
            marks.add(new Mark((ObjectNode) line.get("newParticipants"), period, f));
        });
        Figure weekGrowth = p.ratio(p.count(t.weekGrowth()[0]), p.count(t.weekGrowth()[1]));
        Figure quarterGrowth = p.ratio(p.count(t.quarterGrowth()[0]), p.count(t.quarterGrowth()[1]));
        for (ObjectNode answer : List.of(summary, line)) {
            marks.add(new Mark((ObjectNode) answer.get("growth"), "weekOverWeek", weekGrowth));
            marks.add(new Mark((ObjectNode) answer.get("growth"), "quarterOverQuarter", quarterGrowth));
        }

        // tools: each stage of each tool adds up over the territories
        Map<String, ObjectNode> summaryTools = PublicTerritories.byToolId(summary.get("tools"));
        Map<String, ObjectNode> funnelTools = PublicTerritories.byToolId(tools.get("tools"));
        t.totals().tools().forEach((toolId, c) -> tool(p, toolId, c, active, summaryTools.get(toolId), funnelTools.get(toolId)));

        // well-being
        Figure evaluations = p.column("evaluations", p.count(t.totals().evaluations()));
        Figure groups = p.column("groups", p.count(t.totals().evaluatingGroups()));
        Figure citizens = p.column("citizens", p.count(t.totals().citizens()));
        ObjectNode summaryWellbeing = (ObjectNode) summary.get("wellbeing");
        for (ObjectNode holder : List.of(summaryWellbeing, wellbeing)) {
            marks.add(new Mark(holder, "evaluations", evaluations));
            marks.add(new Mark(holder, "groups", groups));
            marks.add(new Mark(holder, "citizens", citizens));
        }
        marks.add(new Mark(line, "evaluations", evaluations));
        for (JsonNode d : summaryWellbeing.get("dimensions")) {
            String code = d.get("dimension").asText();
            DimensionCounts c = t.totals().dimension(code);
            // the notes a group wrote count that group: criteria of fewer than k groups are not published
            Figure wb = p.column("criteria." + code + ".wellbeing", p.count(c.wellbeing(), t.totals().evaluatingGroups()));
            Figure ib = p.column("criteria." + code + ".illbeing", p.count(c.illbeing(), t.totals().evaluatingGroups()));
            Figure ac = p.column("criteria." + code + ".action", p.count(c.action(), t.totals().evaluatingGroups()));
            Figure score = p.mean(c.scores());
            for (JsonNode holder : List.of(d, PublicTerritories.dimension(wellbeing, code))) {
                marks.add(new Mark((ObjectNode) holder, "wellbeing", wb));
                marks.add(new Mark((ObjectNode) holder, "illbeing", ib));
                marks.add(new Mark((ObjectNode) holder, "action", ac));
                marks.add(new Mark((ObjectNode) holder, "meanScore", score));
            }
        }

        // footprint
        Figure assessments = p.column("assessments", p.count(t.totals().assessments()));
        ObjectNode footprint = (ObjectNode) summary.get("footprint");
        marks.add(new Mark(footprint, "assessments", assessments));
        marks.add(new Mark(line, "assessments", assessments));
        marks.add(new Mark(footprint, "meanTonnes", p.mean(t.totals().assessments())));
        marks.add(new Mark(footprint, "shareUnder2t", p.share(t.totals().assessmentsUnder2t(), assessments)));

        // footprint by domain: the same assessments; each domain's mean from the assessments that gave it
        marks.add(new Mark(footprintByDomain, "assessments", assessments));
        marks.add(new Mark(footprintByDomain, "meanTonnes", p.mean(t.totals().assessments())));
        Map<String, long[]> domains = t.totals().footprintDomains();
        for (JsonNode d : footprintByDomain.get("domains")) {
            long given = domains.containsKey(d.get("domain").asText()) ? domains.get(d.get("domain").asText())[1] : 0;
            Figure domainAssessments = p.column("footprint." + d.get("domain").asText() + ".assessments", p.count(given));
            marks.add(new Mark((ObjectNode) d, "assessments", domainAssessments, footprintByDomain,
                    "domains." + d.get("domain").asText() + ".assessments"));
            marks.add(new Mark((ObjectNode) d, "meanTonnes", p.mean(given), footprintByDomain,
                    "domains." + d.get("domain").asText() + ".meanTonnes"));
        }

        // Annex 1 approaches: each kind's evaluations and approaches add up over the territories
        Map<String, ObjectNode> kinds = new LinkedHashMap<>();
        approaches.get("approaches").forEach(k -> kinds.put(k.get("approachKind").asText(), (ObjectNode) k));
        t.totals().approaches().forEach((kind, c) -> approach(p, kind, c, kinds.get(kind)));
    }

    private void approach(Publication p, String kind, ApproachCounts c, ObjectNode holder) {
        if (holder == null) {
            return;
        }
        holder.put("minPublishedCount", k);
        holder.putArray("suppressed");
        Figure evaluations = p.column("approaches." + kind + ".evaluations", p.count(c.evaluations()));
        marks.add(new Mark(holder, "evaluations", evaluations));
        marks.add(new Mark(holder, "approaches", p.column("approaches." + kind + ".approaches", p.count(c.approaches()))));
        // kilograms avoided add up over the territories too, and come from that many approaches
        marks.add(new Mark(holder, "tonnesCo2eAvoidedPerYear",
                p.column("approaches." + kind + ".kgAvoided", p.count(c.kilogramsAvoided(), c.approaches()))));
        ObjectNode means = (ObjectNode) holder.get("meanScores");
        c.scores().forEach((component, sumAndCount) -> {
            if (means.has(component)) {
                marks.add(new Mark(means, component, p.mean(sumAndCount[1]), holder, "meanScores." + component));
            }
        });
        ObjectNode shares = (ObjectNode) holder.get("keyElementShares");
        shares.fieldNames().forEachRemaining(element -> marks.add(new Mark(shares, element,
                p.share(c.keyElements().getOrDefault(element, 0L), evaluations), holder, "keyElementShares." + element)));
    }

    private void tool(Publication p, String toolId, ToolCounts c, Figure active, ObjectNode inSummary, ObjectNode inFunnel) {
        Figure discovered = p.column("tool." + toolId + ".discovered", p.count(c.discovered()));
        Figure starts = p.column("tool." + toolId + ".starts", p.count(c.starts()));
        Figure completions = p.column("tool." + toolId + ".completions", p.count(c.completions()));
        Figure adopters = p.column("tool." + toolId + ".adopters", p.count(c.adopters()));
        Figure ratings = p.column("tool." + toolId + ".ratings", p.count(c.ratings()));
        Figure completionRate = p.ratio(completions, starts);
        Figure uptakeRate = p.ratio(adopters, active);
        Figure meanRating = p.mean(c.ratings());
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
                marks.add(new Mark(holder, "discovered", discovered));
            }
            if (holder.has("ratings")) {
                marks.add(new Mark(holder, "ratings", ratings));
            }
        }
    }

    private void mark(Figure f, ObjectNode a, ObjectNode b, String field) {
        marks.add(new Mark(a, field, f));
        marks.add(new Mark(b, field, f));
    }

    private void mark(Figure f, ObjectNode a, ObjectNode b, ObjectNode c, String field) {
        mark(f, a, b, field);
        marks.add(new Mark(c, field, f));
    }

    /** A suppressed number becomes null and is listed by the object holding it (or the map holding it). */
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
