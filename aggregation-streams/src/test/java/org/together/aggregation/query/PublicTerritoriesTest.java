package org.together.aggregation.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.together.figures.ApproachCounts;
import org.together.figures.Figures;
import org.together.figures.Footprints;
import org.together.figures.ToolCounts;
import org.together.figures.disclosure.DisclosureRule;
import org.together.schemas.Annex1;

/**
 * The public figures of territories follow the disclosure rule of docs/privacy.md, checked as properties over random
 * networks (many small counts, k from 2 to 8): small counts and means of few values are hidden, nothing hidden can be
 * worked out by subtraction from the network's totals, secondary suppression hides no more than it needs, what is
 * published is the exact figure, and a hidden figure is {@code null} listed in {@code "suppressed"}; a tool or kind a
 * territory does not have is a zero of it, listed hidden when its column hides every territory's zero. Every failure
 * names its network's seed; {@code -Dtogether.publicTerritories.seed=<seed>} replays that network alone.
 */
class PublicTerritoriesTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final List<String> ANSWERS = List.of("line", "summary", "tools", "wellbeing", "approaches", "footprint");
    private static final List<Network> NETWORKS = networks();

    @Test
    void everyCountOfOneToKMinusOneIsHiddenAndZeroIsPublished() {
        forEveryColumn(1000, "small counts checked", (n, column, cells) -> {
            boolean everyNonzeroHidden = cells.stream().allMatch(c -> c.value() == 0 || c.hidden());
            for (Cell c : cells) {
                assertThat(c.hidden() || !c.small(n.k()))
                        .as("%s: %s of %s is made of %d (1 to k-1) and is published", n, column, c.territory(), c.units())
                        .isTrue();
                // a zero, whatever it was computed from, is hidden only by secondary suppression that found nothing
                // above zero left to hide, or with its family (the next test)
                assertThat(c.value() == 0 && c.hidden() && !everyNonzeroHidden && !hiddenWithFamily(n, column, c))
                        .as("%s: %s of %s is zero and hidden", n, column, c.territory()).isFalse();
            }
            return (int) cells.stream().filter(c -> c.small(n.k())).count();
        });
    }

    /**
     * A territory's participant figures bound each other (each period's new participants are within the next period's
     * and within those ever): a month hidden for another territory's sake between a published day and quarter of the
     * same value would be pinned, so such a territory's are hidden all or none. Two exceptions stand alone: a small count
     * that another count above zero protects in its column (its territory's published figures are then at least k, they
     * bound it no better than "< k", never a zero: "0 active" beside a hidden "2 ever" would tell that everyone left);
     * and a figure hidden because it is 0 to k-1 from a nested one (ever 41 beside active 40), itself at least k, with
     * another count above zero hidden in its column.
     */
    @Test
    void aTerritorysParticipantFiguresAreHiddenAllOrNoneButForSmallCountsOthersProtectAndNestedFiguresKeptApart() {
        int hiddenFamilies = 0;
        int split = 0;
        int keptApart = 0;
        for (Network n : NETWORKS) {
            Map<String, Map<String, Cell>> byTerritory = new java.util.TreeMap<>();
            for (String column : PublicTerritories.PARTICIPANT_FIGURES) {
                for (Cell c : n.columns().getOrDefault(column, List.of())) {
                    byTerritory.computeIfAbsent(c.territory(), t -> new java.util.TreeMap<>()).put(column, c);
                }
            }
            for (Map.Entry<String, Map<String, Cell>> t : byTerritory.entrySet()) {
                Collection<Cell> family = t.getValue().values();
                boolean any = family.stream().anyMatch(Cell::hidden);
                hiddenFamilies += any ? 1 : 0;
                if (!any || family.stream().allMatch(Cell::hidden)) {
                    continue;
                }
                split++;
                boolean smallHidden = family.stream().anyMatch(c -> c.hidden() && c.small(n.k()));
                for (Cell c : family) {
                    String where = n + ": " + t.getKey() + "'s " + c.column() + " (" + c.value() + ") in " + family;
                    if (!c.hidden()) {
                        assertThat(c.value() >= n.k() || c.value() == 0 && !smallHidden)
                                .as(where + ": published beside a hidden one, so at least k (or zero beside none small)")
                                .isTrue();
                    } else if (c.value() > 0) {
                        boolean apart = !c.small(n.k()) && NESTED.stream().anyMatch(pair -> {
                            int i = pair.indexOf(c.column());
                            Cell other = i < 0 ? null : t.getValue().get(pair.get(1 - i));
                            return other != null && Math.abs(other.value() - c.value()) < n.k();
                        });
                        keptApart += apart ? 1 : 0;
                        assertThat(c.small(n.k()) || apart)
                                .as(where + ": hidden alone, so small or 0 to k-1 from a nested figure").isTrue();
                        long othersAboveZero = n.columns().get(c.column()).stream()
                                .filter(o -> !o.territory().equals(c.territory()) && o.hidden() && o.value() > 0).count();
                        assertThat(othersAboveZero).as(where + ": another count above zero hidden in its column").isPositive();
                    }
                }
            }
        }
        checkedEnough(hiddenFamilies, 100, "territories whose participant figures are hidden");
        checkedEnough(split, 10, "territories with a figure standing alone");
        checkedEnough(keptApart, 10, "figures hidden to keep nested ones apart");
    }

    /**
     * A territory's nested figures (active within ever; new of the day within the week and the month, the month within
     * the quarter, the quarter and the week within ever), stated here rather than read from {@link PublicTerritories}.
     * Each difference counts people of the territory; the pairs they imply are listed too. The week is within no month
     * or quarter: an ISO week may begin in the previous one.
     */
    private static final List<List<String>> NESTED = List.of(
            List.of("participantsEver", "participantsActive"), List.of("participantsEver", "new.quarter"),
            List.of("participantsEver", "new.month"), List.of("participantsEver", "new.week"),
            List.of("participantsEver", "new.day"), List.of("new.quarter", "new.month"), List.of("new.quarter", "new.day"),
            List.of("new.month", "new.day"), List.of("new.week", "new.day"));

    /**
     * Review 11, finding 1: "active 40, ever 41" told the public that one participant of the territory left. In every
     * public answer that shows a territory's participant figures (its line of the ranked list, its summary), two nested
     * figures both published differ by 0 or by at least k.
     */
    @Test
    void noPublicAnswerShowsTwoNestedFiguresOfATerritoryOneToKMinusOneApart() {
        int pairs = 0;
        int keptApart = 0;
        for (Network n : NETWORKS) {
            for (FigureQueries.TerritoryNow t : n.territories()) {
                for (String answer : List.of("line", "summary")) {
                    for (List<String> pair : NESTED) {
                        JsonNode larger = n.published(t, answer + "/" + place(pair.get(0)));
                        JsonNode smaller = n.published(t, answer + "/" + place(pair.get(1)));
                        long exact = n.exact(t, answer + "/" + place(pair.get(0))).asLong()
                                - n.exact(t, answer + "/" + place(pair.get(1))).asLong();
                        assertThat(exact).as("%s: %s's %s at least its %s", n, id(t), pair.get(0), pair.get(1))
                                .isNotNegative();
                        if (larger.isNull() || smaller.isNull()) {
                            keptApart += small(exact, n.k()) ? 1 : 0;
                            continue;
                        }
                        long difference = larger.asLong() - smaller.asLong();
                        assertThat(difference == 0 || difference >= n.k())
                                .as("%s: %s's public %s %s and %s %s in its %s", n, id(t), pair.get(0), larger,
                                        pair.get(1), smaller, answer).isTrue();
                        pairs++;
                    }
                }
            }
        }
        checkedEnough(pairs, 1000, "nested pairs of published figures");
        checkedEnough(keptApart, 100, "nested pairs 1 to k-1 apart, one hidden");
    }

    /** Where a participant measure is in a territory's line and summary. */
    private static String place(String measure) {
        return measure.startsWith("new.") ? "newParticipants/" + measure.substring(4) : measure;
    }

    /**
     * A small territory's first and last event are one person's join or leave: hidden with its participant figures;
     * any other territory's last event is published to the day, not the millisecond.
     */
    @Test
    void aTerritorysFirstAndLastEventAreHiddenWithItsParticipantsAndPublishedToTheDay() {
        int hidden = 0;
        for (Network n : NETWORKS) {
            for (FigureQueries.TerritoryNow t : n.territories()) {
                boolean participantsHidden = n.published(t, "line/participantsActive").isNull();
                for (String place : List.of("line/lastEventAt", "summary/lastEventAt", "line/firstEventDay")) {
                    JsonNode published = n.published(t, place);
                    if (participantsHidden) {
                        assertThat(published.isNull()).as("%s: %s of %s", n, place, id(t)).isTrue();
                        hidden++;
                    } else if (place.endsWith("lastEventAt") && !n.exact(t, place).isNull()) {
                        assertThat(published.asText()).as("%s: %s of %s", n, place, id(t)).endsWith("T00:00:00Z");
                    }
                }
            }
        }
        checkedEnough(hidden, 100, "first and last events hidden");
    }

    /** The part or rest of a share (of assessments under 2 t, of a kind's evaluations naming a key element). */
    private static boolean isShare(String column) {
        return column.startsWith("footprint.share.") || column.contains(".keyElement.");
    }

    private static boolean inFamily(String column) {
        return PublicTerritories.PARTICIPANT_FIGURES.contains(column);
    }

    /**
     * The family a column is in (its measures bound each other: a tool's funnel, a kind's counts, a territory's
     * well-being with its criteria, its assessments with their domains), as {@link PublicTerritories} declares them.
     */
    private static String family(String column) {
        if (PublicTerritories.PARTICIPANT_FIGURES.contains(column)) {
            return "participants";
        }
        if (column.startsWith("footprint.share.")) {
            return "footprint.share"; // a share's part and rest: hidden together, as the one share they make
        }
        if (column.startsWith("tool.") || column.startsWith("approaches.")) {
            return column.substring(0, column.lastIndexOf('.'));
        }
        if (column.startsWith("criteria.") || List.of("evaluations", "groups", "citizens").contains(column)) {
            return "wellbeing";
        }
        return "footprint"; // assessments, footprint.<domain>.assessments
    }

    /**
     * Whether a hidden cell may be hidden with its family rather than for its column: another of its territory's cells
     * of that family is hidden (a family is hidden all or none, so this is so for every hidden cell of a family of
     * more than one measure; a column's own choices are then proven where the column is decided, by
     * {@code TerritoryColumnsTest} and the figures' {@code PublicationTest}).
     */
    private static boolean hiddenWithFamily(Network n, String column, Cell cell) {
        String family = family(column);
        if (family.equals("participants")) {
            return true;
        }
        return FAMILY_HIDDEN.computeIfAbsent(n, x -> {
            Map<String, Integer> hidden = new java.util.HashMap<>();
            x.columns().forEach((c, cells) -> cells.stream().filter(Cell::hidden)
                    .forEach(cc -> hidden.merge(family(c) + "|" + cc.territory(), 1, Integer::sum)));
            return hidden;
        }).getOrDefault(family + "|" + cell.territory(), 0) > 1;
    }

    private static final Map<Network, Map<String, Integer>> FAMILY_HIDDEN = new java.util.IdentityHashMap<>();

    @Test
    void meansSharesAndRatesArePublishedExactlyWhenWhatTheyAreComputedFromMayBe() {
        int hidden = 0;
        for (Network n : NETWORKS) {
            for (FigureQueries.TerritoryNow t : n.territories()) {
                for (Derived d : derived(n, t)) {
                    for (String place : d.places()) {
                        JsonNode exact = n.exact(t, place);
                        JsonNode published = n.published(t, place);
                        if (exact.isNull()) {
                            assertThat(published.isNull()).as("%s: %s of %s has no value", n, place, id(t)).isTrue();
                            continue;
                        }
                        if (d.secondary() && published.isNull()) {
                            hidden++;
                            continue; // hidden for its part's or rest's column, or as small (both checked per column)
                        }
                        assertThat(!published.isNull())
                                .as("%s: %s of %s (%s) is published", n, place, id(t), d.why()).isEqualTo(d.publishable());
                        hidden += published.isNull() ? 1 : 0;
                    }
                }
            }
        }
        checkedEnough(hidden, 2000, "means, shares and rates hidden");
    }

    /**
     * Each column adds up to a published network total, so the reader knows what its hidden cells add up to. Granting
     * them more than the public knows (which hidden cells are above zero, so at least 1), a hidden cell lies between
     * its lower bound and that sum less the others' lower bounds: the one-equation case of the linear program of
     * {@code NothingSuppressedCanBeWorkedOutTest} in the figures module, which proves the same for {@code Publication}.
     */
    @Test
    void noHiddenCellCanBeWorkedOutFromThePublishedOnesAndTheNetworkTotal() {
        forEveryColumn(1000, "hidden cells checked", (n, column, cells) -> {
            List<Cell> hidden = cells.stream().filter(Cell::hidden).toList();
            if (hidden.size() == cells.size()) {
                return 0; // nothing left to hide: the network's figure is published all the same (rule 5)
            }
            long hiddenSum = hidden.stream().mapToLong(Cell::value).sum(); // the total less the published cells
            long lowerBounds = hidden.stream().mapToLong(c -> Math.min(1, c.value())).sum();
            if (cells.stream().noneMatch(c -> !c.hidden() && c.value() > 0) && hidden.size() >= 2
                    && (hiddenSum > lowerBounds || hidden.size() > lowerBounds)) {
                // nothing above zero left to hide with them: a zero among them or more than ones, which the reader
                // cannot tell apart, so the grant above does not hold (rule 3: one zero hidden with a lone small count)
                return 0;
            }
            int checked = 0;
            for (Cell c : hidden) {
                if (c.value() <= 0) {
                    continue; // a zero tells nothing that is not published anyway
                }
                long lowest = hidden.size() == 1 ? hiddenSum : 1;
                long highest = hiddenSum - (lowerBounds - 1);
                assertThat(highest).as("%s: %s of %s (%d) hidden among %s lies in [%d, %d]", n, column, c.territory(),
                        c.value(), hidden, lowest, highest).isGreaterThan(lowest);
                assertThat(hiddenSum).as("%s: the hidden cells of %s together, %s", n, column, hidden)
                        .isGreaterThanOrEqualTo(n.rule().minPublishedCount());
                checked++;
            }
            return checked;
        });
    }

    /**
     * Within a column, cells hidden for it (not with their family) are the smallest others, and no more than needed.
     * Since every subject's counts are a family (rule 4), few cells are hidden for their column alone: the check runs
     * on those, without a least number of cases.
     */
    @Test
    void secondarySuppressionHidesTheSmallestOtherCellsAndNoMoreThanItNeeds() {
        forEveryColumn(-1, "cells hidden by secondary suppression", (n, column, cells) -> {
            if (inFamily(column)) {
                return 0; // a cell there may be hidden with its family rather than for its column (the test above)
            }
            String where = n + ": " + column + " " + cells;
            // a cell hidden with its family (another of its subject's counts is hidden) is not this column's choice
            List<Cell> secondary = cells.stream().filter(c -> c.hidden() && !c.small(n.k()) && !hiddenWithFamily(n, column, c))
                    .toList();
            if (cells.stream().noneMatch(c -> c.small(n.k()))) {
                assertThat(secondary).as("%s: hidden without a small cell", where).isEmpty();
                return 0;
            }
            long smallestPublished = cells.stream().filter(c -> !c.hidden() && c.value() > 0).mapToLong(Cell::value)
                    .min().orElse(Long.MAX_VALUE);
            for (Cell c : secondary) {
                assertThat(c.value()).as("%s: %s hidden while a smaller one is published", where, c)
                        .isLessThanOrEqualTo(smallestPublished);
            }
            if (!secondary.isEmpty()) {
                Cell largest = secondary.stream().max(Comparator.comparingLong(Cell::value)).orElseThrow();
                // the zeros of the territories that do not have it are one figure of the rule: hidden all or none
                List<Cell> without = cells.stream().filter(c -> c.hidden() && c != largest && !(largest.leftOut() && c.leftOut()))
                        .toList();
                assertThat(safe(without, n.rule())).as("%s: safe without hiding %s too", where, largest).isFalse();
            }
            return secondary.size();
        });
    }

    /** A property of one column of a network: the number of cases it checked. */
    private interface ColumnProperty {
        int check(Network n, String column, List<Cell> cells);
    }

    private static void forEveryColumn(int leastCases, String cases, ColumnProperty property) {
        int checked = 0;
        for (Network n : NETWORKS) {
            for (Map.Entry<String, List<Cell>> column : n.columns().entrySet()) {
                checked += property.check(n, column.getKey(), column.getValue());
            }
        }
        checkedEnough(checked, leastCases, cases);
    }

    /** 1 to k-1, stated here rather than read from {@link DisclosureRule}, so that the rule's own test is not its answer. */
    private static boolean small(long units, int k) {
        return units >= 1 && units <= k - 1;
    }

    /** A property met only because it was hardly ever put to the test proves nothing (a network replayed alone aside). */
    private static void checkedEnough(int cases, int least, String what) {
        if (NETWORKS.size() > 1) {
            assertThat(cases).as(what).isGreaterThan(least);
        }
    }

    /** docs/privacy.md rule 3: none hidden, or hidden zeros only, or two or more, together at least k and more than their number. */
    private static boolean safe(List<Cell> hidden, DisclosureRule rule) {
        long sum = hidden.stream().mapToLong(Cell::value).sum();
        long aboveZero = hidden.stream().filter(c -> c.value() > 0).count();
        return sum == 0 || hidden.size() >= 2 && sum >= rule.minPublishedCount() && sum > aboveZero;
    }

    @Test
    void everyViewOfATerritoryHidesTheSameCells() {
        forEveryColumn(5000, "cells shown in several answers", (n, column, cells) -> {
            cells.forEach(c -> assertThat(new HashSet<>(c.published().values()))
                    .as("%s: %s of %s in %s", n, column, c.territory(), c.published().keySet()).hasSize(1));
            return (int) cells.stream().filter(c -> c.published().size() > 1).count();
        });
    }

    @Test
    void whatIsPublishedIsTheExactFigureNothingElse() {
        for (Network n : NETWORKS) {
            for (FigureQueries.TerritoryNow t : n.territories()) {
                for (String answer : ANSWERS) {
                    String where = n + ", " + id(t) + " " + answer;
                    JsonNode exact = n.exact(t, answer);
                    ObjectNode published = (ObjectNode) n.published(t, answer);
                    assertThat(published.get("audience").asText()).as(where).isEqualTo("public");
                    // but the last event, published to the day (the next test)
                    walk(exact, published, null, "", where, (path, lister, name, e, p) -> assertThat(p.isNull() || p.equals(e)
                            || name.endsWith("lastEventAt") && p.asText().equals(e.asText().substring(0, 10) + "T00:00:00Z"))
                            .as("%s: %s is %s, exactly %s", where, path, p, e).isTrue());
                }
            }
        }
    }

    @Test
    void aHiddenFigureIsNullAndListedBesideKByTheObjectHoldingIt() {
        int listed = 0;
        for (Network n : NETWORKS) {
            for (FigureQueries.TerritoryNow t : n.territories()) {
                for (String answer : ANSWERS) {
                    String where = n + ", " + id(t) + " " + answer;
                    ObjectNode published = (ObjectNode) n.published(t, answer);
                    assertThat(published.has("suppressed")).as("%s lists what it hides", where).isTrue();
                    Map<ObjectNode, Set<String>> nulls = new IdentityHashMap<>();
                    Map<ObjectNode, Set<String>> hidden = new IdentityHashMap<>();
                    walk(n.exact(t, answer), published, null, "", where, (path, lister, name, e, p) -> {
                        if (p.isNull() && lister != null) {
                            nulls.computeIfAbsent(lister, l -> new HashSet<>()).add(name);
                        }
                        if (p.isNull() && !e.isNull()) {
                            assertThat(lister).as("%s: %s is hidden, and no object holding it lists it", where, path).isNotNull();
                            hidden.computeIfAbsent(lister, l -> new HashSet<>()).add(name);
                        }
                    });
                    for (ObjectNode lister : listers(published)) {
                        assertThat(lister.get("minPublishedCount").asInt()).as("%s: k beside %s", where, lister)
                                .isEqualTo(n.rule().minPublishedCount());
                        Set<String> names = new HashSet<>();
                        lister.get("suppressed").forEach(name -> names.add(name.asText()));
                        assertThat(names).as("%s: listed once each in %s", where, lister).hasSize(lister.get("suppressed").size());
                        assertThat(names).as("%s: every hidden figure of %s listed", where, lister)
                                .containsAll(hidden.getOrDefault(lister, Set.of()));
                        assertThat(nulls.getOrDefault(lister, Set.of())).as("%s: every listed figure of %s is null", where, lister)
                                .containsAll(names);
                        listed += names.size();
                    }
                }
            }
        }
        checkedEnough(listed, 5000, "figures listed as suppressed");
    }

    /**
     * A territory lists a tool or a kind of approaches only when it has it. When every territory that has it has a
     * hidden figure above zero and they can be told apart by the network's total alone (one territory alone has it, or
     * each has 1), no zero of theirs can be hidden with them: every other territory lists it hidden, so that who lists
     * it does not tell who has it.
     */
    @Test
    void aColumnOnlyItsHiddenFiguresHaveIsListedHiddenByEveryTerritory() {
        forEveryColumn(8, "columns listed hidden by the territories that do not have them", (n, column, cells) -> {
            List<Cell> had = cells.stream().filter(c -> !c.leftOut()).toList();
            boolean told = had.stream().allMatch(c -> c.hidden() && c.value() > 0)
                    && (had.size() == 1 || had.stream().allMatch(c -> c.value() == 1));
            if (had.size() == n.territories().size() || !told || isShare(column)) {
                return 0; // a share's part and rest are no list: a territory without the whole has no share
            }
            assertThat(cells).as("%s: %s, hidden %s, is listed by every territory", n, column, had)
                    .hasSize(n.territories().size());
            assertThat(cells).as("%s: %s is hidden in every territory", n, column).allMatch(Cell::hidden);
            return 1;
        });
    }

    /**
     * What a territory lists without having it is only zeros, published, and hidden figures, among them one of a
     * column hidden in every territory; a mean or share of a kind it has no evaluation of is hidden and listed.
     */
    @Test
    void whatATerritoryListsWithoutHavingItIsZerosAndHiddenFiguresOnly() {
        int listed = 0;
        for (Network n : NETWORKS) {
            Map<String, List<Cell>> columns = n.columns();
            for (FigureQueries.TerritoryNow t : n.territories()) {
                Map<String, Cell> row = new LinkedHashMap<>();
                cells(n, t).forEach(c -> row.put(c.column(), c));
                List<String> added = new ArrayList<>();
                listedTools(n, t).keySet().stream().filter(id -> !t.totals().tools().containsKey(id))
                        .forEach(id -> added.add("tool." + id + "."));
                listedKinds(n, t).keySet().stream().filter(kind -> !t.totals().approaches().containsKey(kind))
                        .forEach(kind -> added.add("approaches." + kind + "."));
                for (String prefix : added) {
                    List<Cell> own = row.values().stream().filter(c -> c.column().startsWith(prefix)).toList();
                    String where = n + ", " + id(t) + " lists " + prefix + " " + own;
                    assertThat(own).as(where).isNotEmpty().allMatch(c -> c.value() == 0);
                    assertThat(own.stream().filter(Cell::hidden).map(c -> columns.get(c.column())))
                            .as("%s: one of its hidden zeros is of a column hidden in every territory", where)
                            .anyMatch(column -> column.size() == n.territories().size() && column.stream().allMatch(Cell::hidden));
                    listed++;
                }
                for (JsonNode kind : n.published(t, "approaches/approaches")) {
                    if (!t.totals().approaches().containsKey(kind.get("approachKind").asText())
                            || t.totals().approaches().get(kind.get("approachKind").asText()).evaluations() == 0) {
                        Set<String> suppressed = new HashSet<>();
                        kind.get("suppressed").forEach(name -> suppressed.add(name.asText()));
                        for (String map : List.of("meanScores", "keyElementShares")) {
                            kind.get(map).fieldNames().forEachRemaining(key -> {
                                assertThat(kind.get(map).get(key).isNull()).as("%s: %s of %s", n, key, kind).isTrue();
                                assertThat(suppressed).as("%s: %s", n, kind).contains(map + "." + key);
                            });
                        }
                    }
                }
            }
        }
        checkedEnough(listed, 30, "tools and kinds listed by a territory that does not have them");
    }

    /**
     * One territory alone piloted a tool (3 users): its 3 is hidden, and with it the zeros of every other territory,
     * each of which lists the tool exactly as the territory that has it does, so that nothing published is its 3 (the
     * network's figure, which is, is the sum of figures none of which is known). Before, only the pilot listed it.
     */
    @Test
    void aToolOneTerritoryAlonePilotedIsListedHiddenAlikeByEveryTerritory() {
        AsOf asOf = AsOf.now();
        List<Figures> network = List.of(usingAWorkshop(20), usingAWorkshop(30), usingAWorkshop(25), usingAWorkshop(12));
        network.get(1).addToolStage("pilot", Figures.ToolStage.DISCOVERED, 3).addToolStage("pilot", Figures.ToolStage.STARTED, 3)
                .addToolStage("pilot", Figures.ToolStage.COMPLETED, 2).addToolStage("pilot", Figures.ToolStage.ADOPTED, 2)
                .addToolRating("pilot", 4).addToolRating("pilot", 5);
        Map<String, PublicTerritories.Answers> answers = answers(network, DisclosureRule.DEFAULT, asOf);

        JsonNode pilots = answers.get("t-b").tools().get("tools").get(1);
        assertThat(pilots.get("toolId").asText()).isEqualTo("pilot");
        for (PublicTerritories.Answers a : answers.values()) {
            String where = a.summary().get("scope").asText();
            JsonNode tools = a.tools().get("tools");
            assertThat(tools).as("%s: the pilot, after the workshop", where).hasSize(2);
            assertThat(tools.get(0).get("starts").asLong()).as(where).isEqualTo(10);
            JsonNode pilot = tools.get(1);
            assertThat(pilot).as("%s lists the pilot as the territory that has it does", where).isEqualTo(pilots);
            assertThat(pilot.get("starts").isNull()).as(where).isTrue();
            assertThat(pilot.get("minPublishedCount").asInt()).isEqualTo(5);
            assertThat(pilot.get("suppressed")).extracting(JsonNode::asText).as(where).containsExactlyInAnyOrder(
                    "discovered", "starts", "completions", "adopters", "ratings", "completionRate", "uptakeRate", "meanRating");
            JsonNode uptake = a.summary().get("tools").get(1);
            assertThat(uptake).as("%s: the summary's line of the pilot", where)
                    .isEqualTo(answers.get("t-b").summary().get("tools").get(1));
            assertThat(uptake.get("starts").isNull()).as(where).isTrue();
        }
    }

    /**
     * A tool's counts bound each other: t-b alone used it, 1 starter and 6 more who completed it (7 adopters). Its
     * starter is small; a published 7 adopters (the network's) or another territory's published 0 would tell that the
     * network's 1 starter is t-b's. The whole funnel is hidden, and every territory lists it so.
     */
    @Test
    void aToolsFunnelIsHiddenAllOrNone() {
        AsOf asOf = AsOf.now();
        List<Figures> network = List.of(usingAWorkshop(20), usingAWorkshop(30), usingAWorkshop(25), usingAWorkshop(12));
        network.get(1).addToolStage("solo", Figures.ToolStage.STARTED, 1).addToolStage("solo", Figures.ToolStage.COMPLETED, 6)
                .addToolStage("solo", Figures.ToolStage.ADOPTED, 7);
        Map<String, PublicTerritories.Answers> answers = answers(network, DisclosureRule.DEFAULT, asOf);

        for (PublicTerritories.Answers a : answers.values()) {
            JsonNode solo = a.tools().get("tools").get(1);
            assertThat(solo.get("toolId").asText()).isEqualTo("solo");
            for (String count : List.of("starts", "completions", "adopters")) {
                assertThat(solo.get(count).isNull()).as("%s's %s", a.summary().get("scope").asText(), count).isTrue();
            }
        }
    }

    /** A tool two territories used, 3 and 9: both are hidden, which is safe, and no other territory lists it. */
    @Test
    void aToolTwoTerritoriesUsedIsHiddenInBothAndListedByNoOther() {
        AsOf asOf = AsOf.now();
        List<Figures> network = List.of(usingAWorkshop(20), usingAWorkshop(30), usingAWorkshop(25), usingAWorkshop(12));
        network.get(0).addToolStage("pilot", Figures.ToolStage.STARTED, 3);
        network.get(2).addToolStage("pilot", Figures.ToolStage.STARTED, 9);
        Map<String, PublicTerritories.Answers> answers = answers(network, DisclosureRule.DEFAULT, asOf);

        for (String id : List.of("t-a", "t-c")) {
            JsonNode pilot = answers.get(id).tools().get("tools").get(1);
            assertThat(pilot.get("toolId").asText()).isEqualTo("pilot");
            assertThat(pilot.get("starts").isNull()).as("%s's starts", id).isTrue();
            assertThat(pilot.get("completions").asLong()).as("%s: no completion, published", id).isZero();
        }
        for (String id : List.of("t-b", "t-d")) {
            assertThat(answers.get(id).tools().get("tools")).as("%s's tools", id).hasSize(1);
            assertThat(answers.get(id).summary().get("tools")).as("%s's summary", id).hasSize(1);
        }
    }

    /** A kind of approaches one territory alone evaluated: every territory lists it, its means and shares hidden alike. */
    @Test
    void aKindOfApproachesOneTerritoryAloneEvaluatedIsListedHiddenAlikeByEveryTerritory() {
        AsOf asOf = AsOf.now();
        List<Figures> network = List.of(usingAWorkshop(20), usingAWorkshop(30), usingAWorkshop(25));
        String component = Annex1.COMPONENTS.get(1);
        for (int e = 0; e < 3; e++) {
            network.get(2).addApproachEvaluation("exchange-system", Map.of(component, 4), List.of(Annex1.KEY_ELEMENTS.get(0)), 1);
        }
        network.get(2).addApproaches("exchange-system", 3, 12_000);
        Map<String, PublicTerritories.Answers> answers = answers(network, DisclosureRule.DEFAULT, asOf);

        JsonNode evaluated = answers.get("t-c").approaches().get("approaches").get(0);
        assertThat(evaluated.get("meanScores").fieldNames()).toIterable().containsExactly(component);
        for (PublicTerritories.Answers a : answers.values()) {
            JsonNode kinds = a.approaches().get("approaches");
            assertThat(kinds).as(a.approaches().get("scope").asText()).hasSize(1);
            assertThat(kinds.get(0)).as("%s lists the kind as the territory that evaluated it does",
                    a.approaches().get("scope").asText()).isEqualTo(evaluated);
            assertThat(kinds.get(0).get("evaluations").isNull()).isTrue();
            assertThat(kinds.get(0).get("suppressed")).extracting(JsonNode::asText).contains("evaluations", "approaches",
                    "tonnesCo2eAvoidedPerYear", "meanScores." + component, "keyElementShares." + Annex1.KEY_ELEMENTS.get(2));
        }
    }

    /**
     * One territory alone made 3 footprint assessments: the next territory's zero is hidden with them, and so is its
     * mean of none, as a mean of a few is ("no mean" would tell the hidden count is zero); the last one's zero is
     * published, its mean of none too.
     */
    @Test
    void aMeanOfNothingBesideAHiddenZeroIsHiddenAsAMeanOfAFewIs() {
        AsOf asOf = AsOf.now();
        List<Figures> network = List.of(usingAWorkshop(20), usingAWorkshop(30), usingAWorkshop(25));
        network.get(0).addAssessments(3, 7_000, 1).addFootprintDomain("food", 2_100, 3);
        Map<String, PublicTerritories.Answers> answers = answers(network, DisclosureRule.DEFAULT, asOf);

        JsonNode assessed = answers.get("t-a").summary().get("footprint");
        assertThat(assessed.get("suppressed")).extracting(JsonNode::asText).contains("assessments", "meanTonnes");
        assertThat(answers.get("t-b").summary().get("footprint")).as("the hidden zero").isEqualTo(assessed);
        assertThat(answers.get("t-b").footprint().get("domains")).isEqualTo(answers.get("t-a").footprint().get("domains"));
        JsonNode none = answers.get("t-c").summary().get("footprint");
        assertThat(none.get("assessments").asLong()).as("a zero published").isZero();
        assertThat(none.get("meanTonnes").isNull()).isTrue();
        assertThat(none.has("suppressed")).as("nothing hidden: %s", none).isFalse();
    }

    /**
     * Review 13: t-a's 11 assessments hidden as the partner of t-b's 1, with its mean 2.709... t published: only 11 gives
     * a sum of whole tenths (29.8 t), and the network's 12 assessments and 30.8 t then gave t-b's one footprint of 1.0 t.
     * The mean is hidden with its count.
     */
    @Test
    void aMeanBesideItsCountHiddenAsAPartnerIsHiddenWithIt() {
        AsOf asOf = AsOf.now();
        List<Figures> network = List.of(usingAWorkshop(20), usingAWorkshop(30), usingAWorkshop(25), usingAWorkshop(12));
        network.get(0).addAssessments(11, 29_800, 0);
        network.get(1).addAssessments(1, 1_000, 1);
        Map<String, PublicTerritories.Answers> answers = answers(network, DisclosureRule.DEFAULT, asOf);

        JsonNode partner = answers.get("t-a").summary().get("footprint");
        assertThat(partner.get("assessments").isNull()).as("the partner's count: %s", partner).isTrue();
        assertThat(partner.get("meanTonnes").isNull()).as("the partner's mean: %s", partner).isTrue();
        assertThat(partner.get("suppressed")).extracting(JsonNode::asText).contains("assessments", "meanTonnes");
        assertThat(answers.get("t-a").footprint().get("meanTonnes").isNull()).isTrue();
        assertThat(answers.get("t-c").summary().get("footprint").get("assessments").asLong()).isZero();
    }

    /**
     * Review 17, finding 1: t-a's share under 2 t (1 of 9) hidden, t-b's (5 of 20) published, and the network's share of
     * its 29 assessments gave 6 under 2 t: t-a's 1 by subtraction. A share's part and rest are decided as columns: a
     * second share is hidden with it, and the two parts together are at least k.
     */
    @Test
    void aShareHiddenInOneRowIsNotLeftToSubtractionFromTheNetworksShare() {
        AsOf asOf = AsOf.now();
        List<Figures> network = List.of(usingAWorkshop(20), usingAWorkshop(30), usingAWorkshop(25));
        network.get(0).addAssessments(9, 40_000, 1);
        network.get(1).addAssessments(20, 60_000, 5);
        Map<String, PublicTerritories.Answers> answers = answers(network, DisclosureRule.DEFAULT, asOf);

        JsonNode a = answers.get("t-a").summary().get("footprint");
        JsonNode b = answers.get("t-b").summary().get("footprint");
        assertThat(a.get("assessments").asLong()).as("t-a's assessments: %s", a).isEqualTo(9);
        assertThat(a.get("shareUnder2t").isNull()).as("t-a's share of 1 in 9: %s", a).isTrue();
        assertThat(b.get("shareUnder2t").isNull()).as("t-b's share, hidden with t-a's: %s", b).isTrue();
        assertThat(b.get("suppressed")).extracting(JsonNode::asText).contains("shareUnder2t");
        assertThat(b.get("assessments").asLong()).as("t-b's assessments stay published: %s", b).isEqualTo(20);
    }

    /** A territory of {@code participants}, 10 of whom started the workshop (a tool every territory uses). */
    private static Figures usingAWorkshop(long participants) {
        return new Figures().addParticipants(participants, participants, 0)
                .addToolStage("climate-fresk", Figures.ToolStage.STARTED, 10);
    }

    /** The public answers of a network of these territories, t-a, t-b... */
    private static Map<String, PublicTerritories.Answers> answers(List<Figures> network, DisclosureRule rule, AsOf asOf) {
        List<FigureQueries.TerritoryNow> territories = new ArrayList<>();
        for (int i = 0; i < network.size(); i++) {
            territories.add(FigureQueries.territoryNow("t-" + (char) ('a' + i), null, network.get(i), new TreeMap<>(), true,
                    asOf.day().minusDays(30), asOf));
        }
        PublicTerritories decided = PublicTerritories.of(territories, rule);
        Map<String, PublicTerritories.Answers> answers = new LinkedHashMap<>();
        territories.forEach(t -> answers.put(id(t), decided.territory(t, JSON).orElseThrow()));
        return answers;
    }

    /**
     * Review 12, finding 2: a public growth rate is an exact fraction of two active counts, so 270/271 tells one net
     * leaver last week. Its two counts are kept apart as nested figures are: 1 to k-1 apart, the rate is hidden (null,
     * listed in "suppressed") in the ranked list and in the territory's own answer; equal or k apart, it is published.
     */
    @Test
    void aGrowthRateWhoseTwoCountsAreOneToKMinusOneApartIsHidden() {
        AsOf asOf = AsOf.now();
        LocalDate lastWeek = asOf.day().with(java.time.DayOfWeek.MONDAY).minusDays(3); // a Friday of last week
        LocalDate longAgo = asOf.day().minusYears(2);
        List<FigureQueries.TerritoryNow> territories = List.of(
                // 300 joined long ago, 29 of them left: 271 active; one more left last week: 271 -> 270
                withDays("t-a", new Figures().addParticipants(300, 300, 29), longAgo, lastWeek, new Figures().addParticipants(0, 0, 1), asOf),
                // 200 active, 10 joined last week: 200 -> 210
                withDays("t-b", new Figures().addParticipants(200, 200, 0), longAgo, lastWeek, new Figures().addParticipants(10, 10, 0), asOf),
                // 150 active, nobody came or left: 150 -> 150
                withDays("t-c", new Figures().addParticipants(150, 150, 0), longAgo, lastWeek, new Figures(), asOf));
        assertThat(territories.get(0).weekGrowth()).containsExactly(270, 271);
        assertThat(territories.get(1).weekGrowth()).containsExactly(210, 200);
        PublicTerritories decided = PublicTerritories.of(territories, DisclosureRule.DEFAULT);
        Map<String, JsonNode> lines = new LinkedHashMap<>();
        decided.ranked(JSON, 0, 10).forEach(l -> lines.put(l.get("territoryId").asText(), l.get("growth")));
        Map<String, JsonNode> summaries = new LinkedHashMap<>();
        territories.forEach(t -> summaries.put(id(t), decided.territory(t, JSON).orElseThrow().summary().get("growth")));

        for (Map<String, JsonNode> answer : List.of(lines, summaries)) {
            JsonNode oneLeaver = answer.get("t-a");
            assertThat(oneLeaver.get("weekOverWeek").isNull()).as("271 -> 270: %s", oneLeaver).isTrue();
            assertThat(oneLeaver.get("suppressed")).extracting(JsonNode::asText).contains("weekOverWeek");
            JsonNode tenJoined = answer.get("t-b");
            assertThat(tenJoined.get("weekOverWeek").asDouble()).as("200 -> 210: %s", tenJoined).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(tenJoined.has("suppressed")).as("200 -> 210: %s", tenJoined).isFalse();
            assertThat(answer.get("t-c").get("weekOverWeek").asDouble()).as("150 -> 150").isZero();
        }
        // k is the rule's: with k = 2, one person apart is still hidden and two are published
        assertThat(PublicTerritories.rateHidden(new DisclosureRule(2), new long[] {270, 271})).isTrue();
        assertThat(PublicTerritories.rateHidden(new DisclosureRule(2), new long[] {270, 272})).isFalse();
        assertThat(PublicTerritories.rateHidden(DisclosureRule.DEFAULT, new long[] {270, 275})).isFalse();
        assertThat(PublicTerritories.rateHidden(DisclosureRule.DEFAULT, new long[] {274, 270})).isTrue();
    }

    /** A territory of {@code old} figures counted on {@code longAgo}, and {@code recent} figures on {@code day}. */
    private static FigureQueries.TerritoryNow withDays(String id, Figures old, LocalDate longAgo, LocalDate day, Figures recent,
                                                       AsOf asOf) {
        TreeMap<LocalDate, Figures> days = new TreeMap<>();
        days.put(longAgo, Figures.copyOf(old));
        days.put(day, recent);
        Figures totals = Figures.copyOf(old).add(recent);
        return FigureQueries.territoryNow(id, null, totals, days, true, longAgo, asOf);
    }

    @Test
    void theRankedListOrdersPublishedParticipantsAndTellsNothingOfHiddenOnes() throws Exception {
        for (Network n : NETWORKS) {
            List<ObjectNode> lines = n.ranked();
            assertThat(lines).as("%s: one line per territory", n).hasSize(n.territories().size());
            for (int r = 0; r < lines.size(); r++) {
                assertThat(lines.get(r).get("rank").asInt()).as("%s: rank of line %d", n, r).isEqualTo(r + 1);
            }
            // published numbers first, most first; then those hidden, by id only (their order tells nothing); then zeros
            Comparator<ObjectNode> documented = Comparator
                    .comparingInt((ObjectNode l) -> l.get("participantsActive").isNull() ? 1 : l.get("participantsActive").asLong() == 0 ? 2 : 0)
                    .thenComparing(Comparator.comparingLong((ObjectNode l) -> l.get("participantsActive").asLong()).reversed())
                    .thenComparing(l -> l.get("territoryId").asText());
            assertThat(lines).as("%s: the order of the list", n).isSortedAccordingTo(documented);
            assertThat(n.decided().ranked(JSON, 2, 3)).as("%s: a page", n)
                    .isEqualTo(lines.subList(Math.min(2, lines.size()), Math.min(5, lines.size())));
            assertThat(new String(n.decided().rankedJson(JSON), StandardCharsets.UTF_8)).as("%s: the whole list written at once", n)
                    .isEqualTo(JSON.writeValueAsString(lines));
        }
    }

    @Test
    void aTerritoryNotKnownWhenTheFiguresWereDecidedHasNoAnswerFromThem() {
        AsOf asOf = AsOf.now();
        PublicTerritories decided = PublicTerritories.of(List.of(RandomTerritories.territory("t-a", new Random(1), 5, asOf)), DisclosureRule.DEFAULT);
        FigureQueries.TerritoryNow newer = RandomTerritories.territory("t-b", new Random(2), 5, asOf);
        assertThat(decided.decided("t-b")).isFalse();
        assertThat(decided.territory(newer, JSON)).isEqualTo(Optional.empty());
    }


    // ---- the networks ----

    /** A random network, its public decision, and each territory's exact figures and public answers by name. */
    private record Network(long seed, DisclosureRule rule, List<FigureQueries.TerritoryNow> territories,
                           PublicTerritories decided, List<ObjectNode> ranked, Map<String, Map<String, JsonNode>> exact,
                           Map<String, Map<String, JsonNode>> published) {

        int k() {
            return rule.minPublishedCount();
        }

        /** The value at {@code place} ("summary/tools/toolId=x/starts") of the territory's exact figures. */
        JsonNode exact(FigureQueries.TerritoryNow t, String place) {
            return at(exact.get(id(t)), place);
        }

        JsonNode published(FigureQueries.TerritoryNow t, String place) {
            return at(published.get(id(t)), place);
        }

        /** Every column of the network: the cells of every territory counting it. */
        Map<String, List<Cell>> columns() {
            Map<String, List<Cell>> columns = new TreeMap<>();
            territories.forEach(t -> cells(this, t).forEach(c -> columns.computeIfAbsent(c.column(), m -> new ArrayList<>()).add(c)));
            return columns;
        }

        @Override
        public String toString() {
            return "network of seed " + seed + " (k=" + rule.minPublishedCount() + ", " + territories.size() + " territories)";
        }
    }

    private static List<Network> networks() {
        Long replay = Long.getLong("together.publicTerritories.seed");
        if (replay != null) {
            return List.of(network(replay));
        }
        Random random = new Random(611L);
        return IntStream.range(0, 40).mapToObj(round -> network(random.nextLong())).toList();
    }

    private static Network network(long seed) {
        Random random = new Random(seed);
        AsOf asOf = AsOf.now();
        DisclosureRule rule = new DisclosureRule(2 + random.nextInt(7));
        List<FigureQueries.TerritoryNow> territories = new ArrayList<>();
        int size = 1 + random.nextInt(random.nextInt(6) == 0 ? 80 : 20);
        for (int i = 0; i < size; i++) {
            territories.add(RandomTerritories.territory(String.format("t-%04d", i), new Random(random.nextLong()),
                    rule.minPublishedCount(), asOf));
        }
        PublicTerritories decided = PublicTerritories.of(territories, rule);
        List<ObjectNode> ranked = decided.ranked(JSON, 0, Integer.MAX_VALUE);
        Map<String, Map<String, JsonNode>> exact = new LinkedHashMap<>();
        Map<String, Map<String, JsonNode>> published = new LinkedHashMap<>();
        for (FigureQueries.TerritoryNow t : territories) {
            String scope = t.summary().scope();
            Instant at = t.summary().asOf();
            Map<String, JsonNode> e = new LinkedHashMap<>();
            e.put("line", JSON.valueToTree(t.headline()));
            e.put("summary", JSON.valueToTree(t.summary()));
            e.put("tools", JSON.valueToTree(t.tools()));
            e.put("wellbeing", JSON.valueToTree(t.wellbeing()));
            e.put("approaches", JSON.valueToTree(MeetingQueries.approaches(scope, at, t.totals())));
            e.put("footprint", JSON.valueToTree(MeetingQueries.footprint(scope, at, t.totals())));
            exact.put(id(t), e);
            PublicTerritories.Answers a = decided.territory(t, JSON).orElseThrow();
            Map<String, JsonNode> p = new LinkedHashMap<>();
            p.put("line", ranked.stream().filter(l -> l.get("territoryId").asText().equals(id(t))).findFirst().orElseThrow());
            p.put("summary", a.summary());
            p.put("tools", a.tools());
            p.put("wellbeing", a.wellbeing());
            p.put("approaches", a.approaches());
            p.put("footprint", a.footprint());
            published.put(id(t), p);
            withTheZerosListed(t, e, p);
        }
        return new Network(seed, rule, territories, decided, ranked, exact, published);
    }

    private static String id(FigureQueries.TerritoryNow t) {
        return t.headline().territoryId();
    }

    /**
     * A territory's exact answers, with the zeros of the tools and kinds of approaches it does not have that its
     * public answers list (its exact figures there are zeros), and the means and shares of no evaluation they list
     * (none: null).
     */
    private static void withTheZerosListed(FigureQueries.TerritoryNow t, Map<String, JsonNode> exact,
                                           Map<String, JsonNode> published) {
        long active = t.summary().participantsActive();
        Double uptake = ToolCounts.NONE.uptakeRate(active);
        zeros(exact.get("summary").get("tools"), published.get("summary").get("tools"), "toolId",
                id -> JSON.valueToTree(new Summary.ToolUptake(id, 0, 0, 0, null, uptake, null)));
        zeros(exact.get("tools").get("tools"), published.get("tools").get("tools"), "toolId",
                id -> JSON.valueToTree(new ToolsReport.ToolFunnel(id, 0, 0, 0, 0, null, uptake, null, 0)));
        JsonNode kinds = exact.get("approaches").get("approaches");
        zeros(kinds, published.get("approaches").get("approaches"), "approachKind",
                kind -> JSON.valueToTree(new MeetingReports.ApproachKind(kind, 0, 0, Map.of(), Map.of(), 0)));
        for (int i = 0; i < kinds.size(); i++) {
            for (String map : List.of("meanScores", "keyElementShares")) {
                ObjectNode exactMap = (ObjectNode) kinds.get(i).get(map);
                JsonNode publishedMap = published.get("approaches").get("approaches").get(i).get(map);
                publishedMap.fieldNames().forEachRemaining(key -> {
                    if (!exactMap.has(key)) {
                        exactMap.putNull(key);
                    }
                });
            }
        }
    }

    /** Inserts into {@code exact} a zero element for each element of {@code published} it lacks, where it is listed. */
    private static void zeros(JsonNode exact, JsonNode published, String key, Function<String, JsonNode> zero) {
        ArrayNode list = (ArrayNode) exact;
        for (int i = 0; i < published.size(); i++) {
            String id = published.get(i).get(key).asText();
            if (i >= list.size() || !list.get(i).get(key).asText().equals(id)) {
                list.insert(i, zero.apply(id));
            }
        }
    }

    /** The tools a territory's answers list, with its counts of each (none of a tool it does not have). */
    private static Map<String, ToolCounts> listedTools(Network n, FigureQueries.TerritoryNow t) {
        Map<String, ToolCounts> tools = new LinkedHashMap<>();
        n.exact(t, "tools/tools").forEach(f -> tools.put(f.get("toolId").asText(),
                t.totals().tools().getOrDefault(f.get("toolId").asText(), ToolCounts.NONE)));
        return tools;
    }

    /** The kinds of approaches a territory's answers list, with its counts of each (none of a kind it does not have). */
    private static Map<String, ApproachCounts> listedKinds(Network n, FigureQueries.TerritoryNow t) {
        Map<String, ApproachCounts> kinds = new LinkedHashMap<>();
        n.exact(t, "approaches/approaches").forEach(a -> kinds.put(a.get("approachKind").asText(),
                t.totals().approaches().getOrDefault(a.get("approachKind").asText(), ApproachCounts.NONE)));
        return kinds;
    }

    /** {@code place}: an answer's name, then fields, an array's element named by {@code field=value}. */
    private static JsonNode at(Map<String, JsonNode> answers, String place) {
        String[] steps = place.split("/");
        JsonNode node = answers.get(steps[0]);
        for (int i = 1; i < steps.length && node != null; i++) {
            String step = steps[i];
            int eq = step.indexOf('=');
            if (eq < 0) {
                node = node.get(step);
            } else {
                JsonNode list = node;
                node = null;
                for (JsonNode element : list) {
                    if (element.path(step.substring(0, eq)).asText().equals(step.substring(eq + 1))) {
                        node = element;
                    }
                }
            }
        }
        return node == null ? MissingNode.getInstance() : node;
    }

    // ---- the columns: counts of territories that add up to the network's published totals ----

    /** A territory's count in a column, made of {@code units} people, groups or assessments, as published at each place. */
    private record Cell(String column, String territory, long value, long units, Map<String, JsonNode> published,
                        boolean leftOut) {
        Cell(String column, String territory, long value, long units, Map<String, JsonNode> published) {
            this(column, territory, value, units, published, false);
        }

        /** The zero of a tool or kind the territory does not have, which it lists hidden: hidden with all such zeros. */
        Cell asLeftOut() {
            return new Cell(column, territory, value, units, published, true);
        }

        /** Rule 1: a count of 1 to k-1 units is small; a count of zero is not, whatever it was computed from. */
        boolean small(int k) {
            return value != 0 && PublicTerritoriesTest.small(units, k);
        }

        boolean hidden() {
            return published.values().iterator().next().isNull();
        }

        @Override
        public String toString() {
            return territory + "=" + value + (units == value ? "" : " of " + units) + (hidden() ? " (hidden)" : "");
        }
    }

    /** Where each count of a territory is published, and what it is made of; its value is the exact figure there. */
    private static List<Cell> cells(Network n, FigureQueries.TerritoryNow t) {
        List<Cell> cells = new ArrayList<>();
        Summary s = t.summary();
        cells.add(cell(n, t, "participantsActive", s.participantsActive(), "summary/participantsActive", "tools/participantsActive",
                "line/participantsActive"));
        cells.add(cell(n, t, "participantsEver", s.participantsEver(), "summary/participantsEver", "line/participantsEver"));
        for (String period : List.of("day", "week", "month", "quarter")) {
            long value = n.exact(t, "summary/newParticipants/" + period).asLong();
            cells.add(cell(n, t, "new." + period, value, "summary/newParticipants/" + period, "line/newParticipants/" + period));
        }
        listedTools(n, t).forEach((toolId, f) -> {
            boolean had = t.totals().tools().containsKey(toolId);
            Consumer<Cell> tools = cell -> cells.add(had ? cell : cell.asLeftOut());
            String funnel = "tools/tools/toolId=" + toolId + "/";
            String uptake = "summary/tools/toolId=" + toolId + "/";
            String tool = "tool." + toolId + ".";
            tools.accept(cell(n, t, tool + "discovered", f.discovered(), funnel + "discovered"));
            tools.accept(cell(n, t, tool + "starts", f.starts(), funnel + "starts", uptake + "starts"));
            tools.accept(cell(n, t, tool + "completions", f.completions(), funnel + "completions", uptake + "completions"));
            tools.accept(cell(n, t, tool + "adopters", f.adopters(), funnel + "adopters", uptake + "adopters"));
            tools.accept(cell(n, t, tool + "ratings", f.ratings(), funnel + "ratings"));
        });
        Summary.Wellbeing w = s.wellbeing();
        cells.add(cell(n, t, "evaluations", w.evaluations(), "summary/wellbeing/evaluations", "wellbeing/evaluations",
                "line/evaluations"));
        cells.add(cell(n, t, "groups", w.groups(), "summary/wellbeing/groups", "wellbeing/groups"));
        cells.add(cell(n, t, "citizens", w.citizens(), "summary/wellbeing/citizens", "wellbeing/citizens"));
        for (Summary.Dimension d : w.dimensions()) {
            for (String question : List.of("wellbeing", "illbeing", "action")) {
                String place = "wellbeing/dimensions/dimension=" + d.dimension() + "/" + question;
                // the notes a group wrote count that group (rule 2): made of the groups evaluating
                cells.add(new Cell("criteria." + d.dimension() + "." + question, id(t), n.exact(t, place).asLong(), w.groups(),
                        published(n, t, place, "summary/" + place)));
            }
        }
        cells.add(cell(n, t, "assessments", s.footprint().assessments(), "summary/footprint/assessments",
                "footprint/assessments", "line/assessments"));
        for (String domain : Footprints.DOMAINS) {
            String place = "footprint/domains/domain=" + domain + "/assessments";
            cells.add(cell(n, t, "footprint." + domain + ".assessments", n.exact(t, place).asLong(), place));
        }
        // a share's part and rest add up to the network's (its share of its assessments): hidden where the share is
        long assessed = s.footprint().assessments();
        if (assessed > 0) {
            long under = t.totals().assessmentsUnder2t();
            cells.add(cell(n, t, "footprint.share.under2t", under, "summary/footprint/shareUnder2t"));
            cells.add(cell(n, t, "footprint.share.from2t", assessed - under, "summary/footprint/shareUnder2t"));
        }
        listedKinds(n, t).forEach((kind, c) -> {
            boolean had = t.totals().approaches().containsKey(kind);
            Consumer<Cell> kinds = cell -> cells.add(had ? cell : cell.asLeftOut());
            String place = "approaches/approaches/approachKind=" + kind + "/";
            kinds.accept(cell(n, t, "approaches." + kind + ".evaluations", c.evaluations(), place + "evaluations"));
            kinds.accept(cell(n, t, "approaches." + kind + ".approaches", c.approaches(), place + "approaches"));
            // tonnes avoided add up over the territories too, and are made of that many approaches
            kinds.accept(new Cell("approaches." + kind + ".kgAvoided", id(t), c.kilogramsAvoided(), c.approaches(),
                    published(n, t, place + "tonnesCo2eAvoidedPerYear")));
            if (had && c.evaluations() > 0) {
                for (String element : Annex1.KEY_ELEMENTS) {
                    long with = c.keyElements().getOrDefault(element, 0L);
                    String share = place + "keyElementShares/" + element;
                    String column = "approaches." + kind + ".keyElement." + element;
                    cells.add(cell(n, t, column + ".with", with, share));
                    cells.add(cell(n, t, column + ".without", c.evaluations() - with, share));
                }
            }
        });
        return cells;
    }

    /** A count of people, groups or assessments: made of itself. */
    private static Cell cell(Network n, FigureQueries.TerritoryNow t, String column, long value, String... places) {
        return new Cell(column, id(t), value, value, published(n, t, places));
    }

    private static Map<String, JsonNode> published(Network n, FigureQueries.TerritoryNow t, String... places) {
        Map<String, JsonNode> published = new LinkedHashMap<>();
        for (String place : places) {
            JsonNode value = n.published(t, place);
            assertThat(value.isMissingNode()).as("%s: %s of %s is answered", n, place, id(t)).isFalse();
            published.put(place, value);
        }
        return published;
    }

    // ---- the figures computed from counts ----

    /** A mean, share or rate at {@code places}, and whether the rule lets it be published (and why). */
    /**
     * @param secondary published only if {@code publishable}, and may be hidden besides: a share, whose part and rest
     *                  are cells of their own columns (their secondary suppression is checked as every column's)
     */
    private record Derived(boolean publishable, String why, List<String> places, boolean secondary) {
        Derived(boolean publishable, String why, List<String> places) {
            this(publishable, why, places, false);
        }
    }

    /** docs/privacy.md rule 2, figure by figure. */
    private static List<Derived> derived(Network n, FigureQueries.TerritoryNow t) {
        DisclosureRule rule = n.rule();
        Map<String, Cell> row = new LinkedHashMap<>();
        cells(n, t).forEach(c -> row.put(c.column(), c));
        List<Derived> derived = new ArrayList<>();
        for (Map.Entry<String, ToolCounts> f : listedTools(n, t).entrySet()) {
            String funnel = "tools/tools/toolId=" + f.getKey() + "/";
            String uptake = "summary/tools/toolId=" + f.getKey() + "/";
            String tool = "tool." + f.getKey() + ".";
            derived.add(mean(rule, f.getValue().ratings(), row.get(tool + "ratings"), funnel + "meanRating", uptake + "meanRating"));
            derived.add(rate(row.get(tool + "completions"), row.get(tool + "starts"), funnel + "completionRate",
                    uptake + "completionRate"));
            derived.add(rate(row.get(tool + "adopters"), row.get("participantsActive"), funnel + "uptakeRate",
                    uptake + "uptakeRate"));
        }
        for (String d : List.of("weekOverWeek", "quarterOverQuarter")) {
            long[] counts = d.startsWith("week") ? t.weekGrowth() : t.quarterGrowth();
            // two counts of past weeks no table publishes: hidden with the territory's participant figures too
            boolean participantsHidden = row.get("participantsActive").hidden();
            // and two counts 1 to k-1 apart: their fraction tells the change of so few people (270/271, one leaver)
            derived.add(new Derived(!small(counts[0], n.k()) && !small(counts[1], n.k())
                    && !small(Math.abs(counts[0] - counts[1]), n.k()) && !participantsHidden,
                    "a rate of " + counts[0] + " and " + counts[1] + (participantsHidden ? ", participants hidden" : ""),
                    List.of("summary/growth/" + d, "line/growth/" + d)));
        }
        for (Summary.Dimension d : t.summary().wellbeing().dimensions()) {
            String place = "wellbeing/dimensions/dimension=" + d.dimension() + "/meanScore";
            derived.add(mean(rule, t.totals().dimension(d.dimension()).scores(), row.get("evaluations"), place, "summary/" + place));
        }
        long assessments = t.totals().assessments();
        derived.add(mean(rule, assessments, row.get("assessments"), "summary/footprint/meanTonnes", "footprint/meanTonnes"));
        derived.add(share(rule, t.totals().assessmentsUnder2t(), row.get("assessments"), "summary/footprint/shareUnder2t"));
        for (String domain : Footprints.DOMAINS) {
            Cell given = row.get("footprint." + domain + ".assessments");
            derived.add(mean(rule, given.value(), given, "footprint/domains/domain=" + domain + "/meanTonnes"));
        }
        listedKinds(n, t).forEach((kind, c) -> {
            String place = "approaches/approaches/approachKind=" + kind + "/";
            for (String component : Annex1.COMPONENTS) {
                long[] scored = c.scores().get(component);
                if (scored != null && scored[1] > 0) {
                    derived.add(mean(rule, scored[1], row.get("approaches." + kind + ".evaluations"), place + "meanScores/" + component));
                }
            }
            if (c.evaluations() > 0) {
                for (String element : Annex1.KEY_ELEMENTS) {
                    derived.add(share(rule, c.keyElements().getOrDefault(element, 0L),
                            row.get("approaches." + kind + ".evaluations"), place + "keyElementShares/" + element));
                }
            }
        });
        return derived;
    }

    /** A mean: only of k or more values, and beside its count published (mean times count is a sum: review 13). */
    private static Derived mean(DisclosureRule rule, long values, Cell count, String... places) {
        return new Derived(!small(values, rule.minPublishedCount()) && !count.hidden(), "a mean of " + values + " values"
                + (count.hidden() ? ", its count hidden" : ""), List.of(places));
    }

    /** A rate is published only when both counts it divides are. */
    private static Derived rate(Cell numerator, Cell denominator, String... places) {
        return new Derived(!numerator.hidden() && !denominator.hidden(), numerator + " / " + denominator, List.of(places));
    }

    /** A share of a whole: only when the whole is published and neither the part nor the rest is small. */
    private static Derived share(DisclosureRule rule, long part, Cell whole, String... places) {
        int k = rule.minPublishedCount();
        return new Derived(!whole.hidden() && !small(part, k) && !small(whole.value() - part, k),
                "a share of " + part + " in " + whole, List.of(places), true);
    }

    // ---- the answers as trees ----

    /** A number of an answer beside its exact value, with the object that lists it when hidden, and the name it lists. */
    private interface Leaf {
        void visit(String path, ObjectNode lister, String name, JsonNode exact, JsonNode published);
    }

    /**
     * Walks a public answer beside the exact one: the same fields and lists (the public adds only {@code audience},
     * {@code minPublishedCount}, {@code suppressed} and the line's {@code rank}), each value either the same or null. A
     * hidden value is listed by the nearest object holding it that has a {@code suppressed} list, by its path from
     * there (an element of a list named by its id: {@code domains.mobility.assessments}).
     */
    private static void walk(JsonNode exact, JsonNode published, ObjectNode lister, String name, String where, Leaf leaf) {
        if (published.isObject() && published.has("suppressed")) {
            lister = (ObjectNode) published;
            name = "";
        }
        if (exact.isObject()) {
            assertThat(published.isObject()).as("%s: %s is an object", where, name).isTrue();
            Set<String> added = new HashSet<>();
            published.fieldNames().forEachRemaining(added::add);
            for (var field : (Iterable<Map.Entry<String, JsonNode>>) exact::fields) {
                String key = field.getKey();
                added.remove(key);
                if (key.equals("rank") && exact.has("territoryId")) {
                    continue; // the ranked line's place in the public list
                }
                assertThat(published.has(key)).as("%s: %s.%s is answered", where, name, key).isTrue();
                walk(field.getValue(), published.get(key), lister, name.isEmpty() ? key : name + "." + key, where, leaf);
            }
            assertThat(added).as("%s: fields added to %s", where, name).isSubsetOf("audience", "minPublishedCount", "suppressed");
        } else if (exact.isArray()) {
            assertThat(published.size()).as("%s: %s's length", where, name).isEqualTo(exact.size());
            for (int i = 0; i < exact.size(); i++) {
                walk(exact.get(i), published.get(i), lister, name + "." + elementName(exact.get(i), i), where, leaf);
            }
        } else {
            leaf.visit(where + " " + name, lister, name, exact, published);
        }
    }

    /** An element of a list by its id (the first text of the element: toolId, dimension, domain, approachKind). */
    private static String elementName(JsonNode element, int index) {
        if (element.isObject()) {
            for (JsonNode value : element) {
                if (value.isTextual()) {
                    return value.asText();
                }
            }
        }
        return String.valueOf(index);
    }

    /** Every object of an answer that lists hidden figures. */
    private static List<ObjectNode> listers(JsonNode answer) {
        List<ObjectNode> listers = new ArrayList<>();
        if (answer.isObject() && answer.has("suppressed")) {
            listers.add((ObjectNode) answer);
        }
        answer.forEach(child -> listers.addAll(listers(child)));
        return listers;
    }
}
