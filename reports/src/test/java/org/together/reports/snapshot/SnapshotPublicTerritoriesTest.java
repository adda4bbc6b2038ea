package org.together.reports.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.reports.snapshot.Events.at;
import static org.together.reports.snapshot.Events.joined;
import static org.together.reports.snapshot.Events.left;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.junit.jupiter.api.Test;
import org.together.figures.disclosure.Audience;
import org.together.figures.disclosure.DisclosureRule;

/**
 * Review 11, finding 3: the public snapshot's territory table is decided by the live API's code (rule 4 of
 * docs/privacy.md): a small count that another count above zero protects in its column hides only itself, so a big
 * territory with 1 new participant keeps its active figures; secondary suppression still hides a whole row.
 */
class SnapshotPublicTerritoriesTest {

    static final LocalDate FROM = LocalDate.parse("2021-04-01");
    static final LocalDate TO = LocalDate.parse("2021-07-01");
    static final DisclosureRule K5 = new DisclosureRule(5);
    static final Instant MADE = Instant.parse("2021-07-02T08:00:00Z");

    /**
     * {@code territory}: {@code before} join in the winter, {@code leftBefore} of them leave in March; in the quarter
     * {@code joining} join and {@code leaving} of the earlier ones leave.
     */
    static void territory(List<SpecificRecord> events, String territory, int before, int leftBefore, int joining, int leaving) {
        for (int i = 0; i < before; i++) {
            events.add(joined(territory, territory + "-b" + i, at("2021-01-1" + (i % 9))));
        }
        for (int i = 0; i < leftBefore; i++) {
            events.add(left(territory, territory + "-b" + i, at("2021-03-1" + (i % 9))));
        }
        for (int i = 0; i < joining; i++) {
            events.add(joined(territory, territory + "-n" + i, at("2021-05-1" + (i % 9))));
        }
        for (int i = 0; i < leaving; i++) {
            events.add(left(territory, territory + "-b" + (leftBefore + i), at("2021-06-1" + (i % 9))));
        }
    }

    static ReferenceData reference(Map<String, org.together.reference.Target> targets) {
        return new ReferenceData(Map.of(
                "bilbao", Events.territory("bilbao", "Zorrotzaurre (Bilbao)", "ES", "neighbourhood"),
                "mulhouse", Events.territory("mulhouse", "Mulhouse", "FR", "city"),
                "ville", Events.territory("ville", "Ville", "FR", "city")), Map.of(), Map.of(), targets);
    }

    /**
     * Bilbao: 168 active at the start, 1 new, 148 at the end, 181 ever; Mulhouse: 120 at the start, 4 new, 112 at the
     * end; Ville: 10 at the start, 40 new, 50 at the end. The new participants' column hides Bilbao's 1 and Mulhouse's
     * 4 (two counts above zero, together 5): each protects the other.
     */
    static List<SpecificRecord> bilbaoMulhouseVille() {
        List<SpecificRecord> events = new ArrayList<>();
        territory(events, "bilbao", 180, 12, 1, 21);
        territory(events, "mulhouse", 130, 10, 4, 12);
        territory(events, "ville", 10, 0, 40, 0);
        return events;
    }

    static Snapshot.TerritoryRow row(Snapshot s, String id) {
        return s.newcomers().byTerritory().stream().filter(r -> r.territoryId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aBigTerritoryWithOneNewParticipantKeepsItsActiveFiguresPublished() throws Exception {
        Map<String, org.together.reference.Target> targets = Map.of("bilbao-active", new org.together.reference.Target(
                "bilbao-active", "participantsActive", null, "bilbao", 200L, LocalDate.parse("2021-12-31"), at("2021-04-01")));
        Snapshot s = SnapshotCalculator.compute(FROM, TO, Optional.empty(), bilbaoMulhouseVille(), reference(targets), MADE,
                Audience.PUBLIC, K5);

        Snapshot.TerritoryRow bilbao = row(s, "bilbao");
        assertThat(bilbao.newParticipants()).as("1 new: small").isNull();
        assertThat(bilbao.activeAtStart()).isEqualTo(168);
        assertThat(bilbao.activeAtEnd()).isEqualTo(148);
        assertThat(bilbao.everAtEnd()).isEqualTo(181);
        assertThat(bilbao.growthRate()).as("both active figures published").isNotNull();
        assertThat(bilbao.suppressed()).containsExactly("newParticipants");
        assertThat(bilbao.minPublishedCount()).isEqualTo(5);
        Snapshot.TerritoryRow mulhouse = row(s, "mulhouse");
        assertThat(mulhouse.newParticipants()).isNull();
        assertThat(List.of(mulhouse.activeAtStart(), mulhouse.activeAtEnd(), mulhouse.everAtEnd())).containsExactly(120L, 112L, 134L);
        assertThat(row(s, "ville").suppressed()).isEmpty();
        assertThat(row(s, "ville").newParticipants()).isEqualTo(40);
        assertThat(s.headline().newParticipants().value()).as("45 - 40: the 5 hidden are shared by two").isEqualTo(45);
        assertThat(s.fastestGrowing()).extracting(Snapshot.TerritoryRow::territoryId).containsExactly("ville");
        assertThat(s.growingHidden()).isFalse();
        // the territory's target reads the same published figure as the table
        Snapshot.TargetRow target = s.meeting().targets().stream().filter(t -> t.targetId().equals("bilbao-active"))
                .findFirst().orElseThrow();
        assertThat(target.current()).isEqualTo(148);
        assertThat(target.suppressed()).isEmpty();

        String html = HtmlReport.render(s, Locale.ENGLISH);
        int at = html.indexOf("<td>Zorrotzaurre (Bilbao)");
        String htmlRow = html.substring(at, html.indexOf("</tr>", at));
        assertThat(htmlRow).contains(">168<", ">148<", ">\u221220<").containsOnlyOnce("&lt; 5");
        assertThat(html.substring(html.indexOf("</table>", at))).startsWith("</table><p class=\"note hidden-note\">");
        JsonNode json = new ObjectMapper().readTree(JsonReport.render(s));
        for (JsonNode r : json.at("/newcomers/byTerritory")) {
            if (r.get("territoryId").asText().equals("bilbao")) {
                assertThat(r.get("newParticipants").isNull()).isTrue();
                assertThat(r.get("activeAtEnd").asLong()).isEqualTo(148);
                assertThat(r.get("suppressed").toString()).isEqualTo("[\"newParticipants\"]");
            }
        }
        assertThat(CsvReport.tables(s, Locale.ENGLISH).get("territories")).contains("bilbao,Zorrotzaurre (Bilbao),ES,,168,148,181,");
    }

    /**
     * Rule 4's other case: Bilbao is the only territory with new participants, so only a zero could be hidden with its
     * 1; the zero's territory's figures would then pin it, so Bilbao shows none of its participant figures, and the
     * zero's territory none either (secondary suppression hides a whole row).
     */
    @Test
    void aSmallCountThatOnlyZerosProtectHidesItsWholeRow() {
        List<SpecificRecord> events = new ArrayList<>();
        territory(events, "bilbao", 180, 12, 1, 21);
        territory(events, "mulhouse", 130, 10, 0, 12);
        territory(events, "ville", 50, 0, 0, 0);
        Snapshot s = SnapshotCalculator.compute(FROM, TO, Optional.empty(), events, reference(Map.of()), MADE, Audience.PUBLIC, K5);
        assertThat(row(s, "bilbao").suppressed())
                .containsExactly("newParticipants", "activeAtStart", "activeAtEnd", "everAtEnd", "growthRate");
        List<Snapshot.TerritoryRow> wholeRowsHidden = s.newcomers().byTerritory().stream()
                .filter(r -> r.activeAtStart() == null && r.activeAtEnd() == null && r.everAtEnd() == null).toList();
        assertThat(wholeRowsHidden).as("Bilbao and the territory whose zero is hidden with its 1").hasSize(2);
    }

    /**
     * A row's figures bound each other: Mulhouse with nobody ever leaving (120 active at the start, 4 new, 124 at the
     * end and ever) would give its hidden 4 new as 124 - 120. Its row is hidden whole; Bilbao's figures (every two of
     * them at least 5 apart) stay published beside its hidden 1.
     */
    @Test
    void aRowWhosePublishedFiguresWouldGiveItsHiddenOneAwayIsHiddenWhole() {
        List<SpecificRecord> events = new ArrayList<>();
        territory(events, "bilbao", 180, 12, 1, 21);
        territory(events, "mulhouse", 120, 0, 4, 0);
        territory(events, "ville", 10, 0, 40, 0);
        Snapshot s = SnapshotCalculator.compute(FROM, TO, Optional.empty(), events, reference(Map.of()), MADE, Audience.PUBLIC, K5);
        assertThat(row(s, "mulhouse").suppressed())
                .containsExactly("newParticipants", "activeAtStart", "activeAtEnd", "everAtEnd", "growthRate");
        assertThat(row(s, "bilbao").suppressed()).containsExactly("newParticipants");
        assertThat(row(s, "bilbao").activeAtEnd()).isEqualTo(148);
    }

    /** Review 11, finding 1, in the snapshot: a row with nothing small still never tells a small count by subtraction. */
    @Test
    void everBesideActiveOneToKMinusOneApartIsNotPublishedEvenInARowWithNothingSmall() {
        Snapshot s = SnapshotCalculator.compute(FROM, TO, Optional.empty(), twoEversAtTheirLeast(), reference(Map.of()), MADE,
                Audience.PUBLIC, K5);
        Snapshot.TerritoryRow bilbao = row(s, "bilbao");
        assertThat(bilbao.everAtEnd()).as("200 beside 198 would tell that 2 left").isNull();
        assertThat(bilbao.activeAtEnd()).as("the headline figure kept (Mulhouse's ever hidden beside it)").isEqualTo(198);
        // was published (20): then both hidden evers sat at their least, start plus new, and the network's ever less
        // Ville's 50 (370) was the sum of those least values, 200 + 170, so each was told (see the test below)
        assertThat(bilbao.newParticipants()).isNull();
        Snapshot.TerritoryRow mulhouse = row(s, "mulhouse");
        assertThat(mulhouse.everAtEnd()).isNull();
        assertThat(mulhouse.activeAtEnd()).isEqualTo(167);
        assertThat(row(s, "ville").suppressed()).isEmpty();
    }

    /** Bilbao: 180 at the start, 20 new, 2 leaving (198 at the end, 200 ever); Mulhouse 130, 40, 3 (167, 170); Ville 10, 40. */
    static List<SpecificRecord> twoEversAtTheirLeast() {
        List<SpecificRecord> events = new ArrayList<>();
        territory(events, "bilbao", 180, 0, 20, 2);
        territory(events, "mulhouse", 130, 0, 40, 3);
        territory(events, "ville", 10, 0, 40, 0);
        return events;
    }

    /**
     * Bilbao's 200 ever and Mulhouse's 170 are hidden (2 and 3 above their active at the end), each at its least (start
     * plus new: 180 + 20, 130 + 40). With start and new published, the network's 420 ever less Ville's 50 is 370, the sum
     * of those least values: each ever, and so each territory's 2 or 3 leavers, would be told. Both rows' new
     * participants are hidden with them (an ever one more beside new participants one more, the other's both less),
     * and nothing else: both keep their active figures and growth.
     */
    @Test
    void hiddenEversEachAtStartPlusNewAreNotPinnedByTheNetworksTotal() {
        List<SpecificRecord> events = twoEversAtTheirLeast();
        Snapshot exact = SnapshotCalculator.compute(FROM, TO, Optional.empty(), events, reference(Map.of()), MADE,
                Audience.INTERNAL, K5);
        Snapshot s = SnapshotCalculator.compute(FROM, TO, Optional.empty(), events, reference(Map.of()), MADE, Audience.PUBLIC, K5);
        List<Snapshot.TerritoryRow> exactRows = new ArrayList<>();
        for (Snapshot.TerritoryRow p : s.newcomers().byTerritory()) {
            exactRows.add(row(exact, p.territoryId()));
        }
        assertThat(pinnedFigures(exactRows, s.newcomers().byTerritory())).isEmpty();
        assertThat(row(s, "bilbao").suppressed()).containsExactly("newParticipants", "everAtEnd");
        assertThat(row(s, "mulhouse").suppressed()).containsExactly("newParticipants", "everAtEnd");
        assertThat(row(s, "bilbao").growthRate()).isNotNull();
    }

    /**
     * Review 12, finding 3: Timișoara (245 new, 51 active at the start, 270 at the end, 298 ever) was hidden in every
     * column, "< 5", and left out of the ranking, because its figures were the smallest partners of Petit-Bourg's
     * (hidden whole: 1 at the start) and a partner hid its whole row. Now partners stand alone, taken from a territory
     * that did not grow (Mulhouse, which keeps its ever); and Timișoara's ever, 2 above its start plus new (2 had left
     * before the period), is the one figure it hides.
     */
    @Test
    void aBigGrowingTerritoryKeepsItsStartEndAndGrowthAndItsRankWhenAPartnerOrTheOtherBoundIsNeeded() {
        List<SpecificRecord> events = new ArrayList<>();
        territory(events, "timisoara", 53, 2, 245, 26); // 51 at the start, 245 new, 270 at the end, 298 ever
        territory(events, "petit-bourg", 1, 0, 7, 1); // 1 at the start, 7 new, 7 at the end, 8 ever
        territory(events, "bilbao", 180, 12, 1, 21);
        territory(events, "mulhouse", 130, 10, 4, 12);
        territory(events, "ville", 0, 0, 40, 0);
        Snapshot s = SnapshotCalculator.compute(FROM, TO, Optional.empty(), events, reference(Map.of()), MADE, Audience.PUBLIC, K5);

        Snapshot.TerritoryRow timisoara = row(s, "timisoara");
        assertThat(java.util.Arrays.asList(timisoara.newParticipants(), timisoara.activeAtStart(), timisoara.activeAtEnd()))
                .as("%s", s.newcomers().byTerritory()).containsExactly(245L, 51L, 270L);
        assertThat(timisoara.growthRate()).isNotNull();
        assertThat(timisoara.suppressed()).as("298 beside 51 + 245 would tell that 2 had left").containsExactly("everAtEnd");
        assertThat(s.fastestGrowing()).extracting(Snapshot.TerritoryRow::territoryId).startsWith("timisoara");
        assertThat(row(s, "petit-bourg").activeAtStart()).as("1: small").isNull();
        long hiddenStarts = s.newcomers().byTerritory().stream().filter(r -> r.activeAtStart() == null).count();
        assertThat(hiddenStarts).as("Petit-Bourg's 1 and its partner").isGreaterThanOrEqualTo(2);
        Snapshot.TerritoryRow mulhouse = row(s, "mulhouse");
        assertThat(mulhouse.activeAtStart()).as("the partner: a territory that did not grow").isNull();
        assertThat(mulhouse.suppressed()).as("its row not hidden whole").doesNotContain("everAtEnd");
        assertThat(s.newcomers().byTerritory()).as("only the small row is hidden whole")
                .filteredOn(r -> r.suppressed().containsAll(PublicTerritoryTable.COLUMNS))
                .extracting(Snapshot.TerritoryRow::territoryId).containsExactly("petit-bourg");
    }

    /**
     * Review 12, finding 4: a territory new in the period has 0 active at its start by definition, so a hidden 0 there
     * protects nothing. Petit's 1 at the start was hidden beside the new territory's 0 (the first zero of the column,
     * taken as its partner when no count above zero was left), and the network's start less the published ones gave
     * it. The new territory's 0 is published, and the partner is a territory whose start is not known (Yonne's 0).
     */
    @Test
    void aNewTerritorysZeroAtTheStartIsPublishedAndNoPartnerOfASmallStart() {
        List<Snapshot.TerritoryRow> exact = List.of(
                new Snapshot.TerritoryRow("aaa-new", "A", "FR", 20L, 0L, 20L, 20L, null, true),
                new Snapshot.TerritoryRow("petit", "P", "FR", 20L, 1L, 15L, 30L, 14.0, false),
                new Snapshot.TerritoryRow("yonne", "Y", "FR", 30L, 0L, 30L, 40L, null, false));
        List<Snapshot.TerritoryRow> pub = SnapshotCalculator.publicRows(exact, K5);
        assertThat(pub.get(0).activeAtStart()).as("new in the period: 0, known").isEqualTo(0L);
        assertThat(pub.get(1).activeAtStart()).as("1: small").isNull();
        assertThat(pub.get(2).activeAtStart()).as("a partner whose 0 is not known").isNull();
    }

    /**
     * Property: over random tables, every public column is safe (none hidden, or at least two hidden adding up to at
     * least k, or to the whole column when it is under k; or only zeros, as {@code Publication} allows), no count of 1 to k-1 is published, a cell hidden for another
     * territory's sake (k or more) hides its whole row, a hidden zero has a hidden small count or a hidden row beside
     * it, a row keeping some figures beside hidden ones has no two published figures 1 to k-1 apart, published figures
     * are exact, and a growth rate is hidden when an active figure is.
     */
    @Test
    void everyPublicColumnStaysSafeOnRandomTables() {
        Random random = new Random(20261207L);
        int smallAloneSeen = 0;
        for (int round = 0; round < 400; round++) {
            int k = 2 + random.nextInt(5);
            DisclosureRule rule = new DisclosureRule(k);
            // one territory's figures are the network's, published by the rule: two or more
            int n = 2 + random.nextInt(7);
            List<Snapshot.TerritoryRow> exact = randomTable(random, k, n);
            List<Snapshot.TerritoryRow> pub = SnapshotCalculator.publicRows(exact, rule);
            String context = "round " + round + ", k " + k + ": " + exact;
            long notNew = exact.stream().filter(r -> !r.newInPeriod()).count();
            for (int column = 0; column < 4; column++) {
                long total = 0;
                long hiddenSum = 0;
                int hidden = 0;
                for (int t = 0; t < n; t++) {
                    long value = value(exact.get(t), column);
                    Long shown = value(pub.get(t), column);
                    total += value;
                    if (column == 1 && exact.get(t).newInPeriod()) {
                        // known to be 0: published, and no partner of another territory's small count
                        assertThat(shown).as("a new territory's start, %s", context).isEqualTo(0L);
                        continue;
                    }
                    if (shown == null) {
                        hidden++;
                        hiddenSum += value;
                    } else {
                        assertThat(shown).as(context).isEqualTo(value);
                        assertThat(rule.isSmall(value)).as("published small count, %s", context).isFalse();
                    }
                }
                // hidden zeros alone (hidden with their family) tell the reader zeros, which the rule publishes anyway
                // the start of one territory beside new ones only is the network's: published anyway
                if (hidden > 0 && hiddenSum > 0 && !(column == 1 && notNew < 2)) {
                    assertThat(hidden).as("column %d alone hidden, %s", column, context).isGreaterThanOrEqualTo(2);
                    assertThat(hiddenSum).as("column %d, %s", column, context).isGreaterThanOrEqualTo(Math.min(k, total));
                }
            }
            for (int t = 0; t < n; t++) {
                Snapshot.TerritoryRow e = exact.get(t);
                Snapshot.TerritoryRow p = pub.get(t);
                boolean anySmallHidden = false;
                boolean anyHiddenAboveZero = false;
                int hiddenCells = 0;
                for (int column = 0; column < 4; column++) {
                    if (value(p, column) == null) {
                        hiddenCells++;
                        anySmallHidden |= rule.isSmall(value(e, column));
                        anyHiddenAboveZero |= value(e, column) > 0;
                    }
                }
                // a new territory's row is hidden whole with its known 0 at the start published
                boolean whole = hiddenCells == 4 || e.newInPeriod() && hiddenCells == 3 && p.activeAtStart() != null;
                for (int column = 0; column < 4; column++) {
                    long value = value(e, column);
                    // a count of k or more hidden beside published ones: new participants or ever, hidden to keep ever
                    // and what it holds 0 or at least k apart, or an active count equal to a hidden ever (it would give
                    // it); else it was hidden for another's sake, with its row
                    // or an active count hidden on its own as another's partner (review 12, finding 3): then it can
                    // trade a unit with another hidden count of its column, both rows' bounds met, so it is not pinned
                    if (value(p, column) == null && value >= k && !whole) {
                        assertThat(column == 0 || column == 3 || value == e.everAtEnd() && p.everAtEnd() == null
                                || tradesAUnit(exact, pub, t, column))
                                .as("%s hidden for another's sake hides its row, %s", p, context).isTrue();
                    }
                    // a zero is hidden beside a hidden count of its row standing alone (its zeros go with it)
                    if (value(p, column) == null && value == 0) {
                        assertThat(anySmallHidden || anyHiddenAboveZero || whole)
                                .as("%s: a zero hidden alone, %s", p, context).isTrue();
                    }
                }
                if (hiddenCells > 0 && !whole) {
                    List<Long> shown = new ArrayList<>();
                    for (int column = 0; column < 4; column++) {
                        if (value(p, column) != null) {
                            shown.add(value(p, column));
                        }
                    }
                    for (long a : shown) {
                        for (long b : shown) {
                            assertThat(rule.isSmall(Math.abs(a - b))).as("%s: two published figures %d and %d bound its "
                                    + "hidden one, %s", p, a, b, context).isFalse();
                        }
                    }
                }
                // ever is at least active at the start plus new: the difference (who had left before) is no small count
                if (p.everAtEnd() != null && p.activeAtStart() != null && p.newParticipants() != null) {
                    assertThat(rule.isSmall(p.everAtEnd() - p.activeAtStart() - p.newParticipants()))
                            .as("%s: ever beside start plus new, %s", p, context).isFalse();
                }
                // ever holds new participants and both actives: published beside them, 0 or at least k apart
                for (int column = 0; column < 3; column++) {
                    if (value(p, column) != null && p.everAtEnd() != null) {
                        assertThat(rule.isSmall(p.everAtEnd() - value(p, column))).as("%s: ever %d and %d, %s", p,
                                p.everAtEnd(), value(p, column), context).isFalse();
                    }
                }
                if (p.activeAtStart() == null || p.activeAtEnd() == null) {
                    assertThat(p.growthRate()).isNull();
                } else {
                    assertThat(p.growthRate()).isEqualTo(e.growthRate());
                }
                assertThat(p.suppressed().isEmpty()).isEqualTo(hiddenCells == 0 && (p.growthRate() != null || e.growthRate() == null));
                smallAloneSeen += hiddenCells > 0 && !whole ? 1 : 0;
            }
        }
        assertThat(smallAloneSeen).as("rows publishing some figures beside a hidden small one").isGreaterThan(50);
    }

    /**
     * Property, with a linear program: over random tables, no hidden figure can be worked out from the published ones,
     * the network's totals (each column adds up to the network's figure) and what a reader knows of a row (ever at least
     * each other figure and at least active at the start plus new, none below zero, a new territory's start 0): the
     * least and greatest value each can take differ by at least one.
     */
    @Test
    void noHiddenFigureIsPinnedByThePublishedOnesTheTotalsAndTheBoundsOnRandomTables() {
        Random random = new Random(20261208L);
        int hiddenSeen = 0;
        List<String> pinned = new ArrayList<>();
        for (int round = 0; round < 3000; round++) {
            int k = 2 + random.nextInt(5);
            DisclosureRule rule = new DisclosureRule(k);
            List<Snapshot.TerritoryRow> exact = randomTable(random, k, 2 + random.nextInt(6));
            List<Snapshot.TerritoryRow> pub = SnapshotCalculator.publicRows(exact, rule);
            hiddenSeen += pub.stream().mapToLong(r -> java.util.stream.IntStream.range(0, 4).filter(c -> value(r, c) == null).count()).sum();
            for (String p : pinnedFigures(exact, pub)) {
                pinned.add(p + ", round " + round + ", k " + k + ": " + exact + " published " + pub);
            }
        }
        assertThat(pinned).as("%d pinned", pinned.size()).isEmpty();
        assertThat(hiddenSeen).as("hidden figures checked").isGreaterThan(5000);
    }

    /**
     * The hidden figures above zero of {@code pub} that a linear program narrows to one value from the published
     * figures, the network's totals (each column adds up to the network's figure) and what a reader knows of a row: ever
     * at least each other figure and at least active at the start plus new, none below zero, a new territory's start 0.
     * A hidden zero told as 0 tells what the rule publishes anyway (zeros are no small counts), and so does the start of
     * the one territory beside new ones only (it is the network's).
     */
    static List<String> pinnedFigures(List<Snapshot.TerritoryRow> exact, List<Snapshot.TerritoryRow> pub) {
        long notNew = exact.stream().filter(r -> !r.newInPeriod()).count();
        // the hidden cells are the program's variables
        int n = exact.size();
        int[][] variable = new int[n][4];
        int width = 0;
        for (int t = 0; t < n; t++) {
            for (int column = 0; column < 4; column++) {
                variable[t][column] = value(pub.get(t), column) == null ? width++ : -1;
            }
        }
        List<String> pinned = new ArrayList<>();
        if (width == 0) {
            return pinned;
        }
        List<LinearConstraint> constraints = new ArrayList<>();
        for (int column = 0; column < 4; column++) {
            double[] sum = new double[width];
            double rest = 0;
            for (int t = 0; t < n; t++) {
                rest += value(exact.get(t), column);
                if (variable[t][column] >= 0) {
                    sum[variable[t][column]] = 1;
                } else {
                    rest -= value(pub.get(t), column);
                }
            }
            constraints.add(new LinearConstraint(sum, Relationship.EQ, rest));
        }
        for (int t = 0; t < n; t++) {
            Snapshot.TerritoryRow p = pub.get(t);
            if (exact.get(t).newInPeriod() && variable[t][1] >= 0) {
                constraints.add(new LinearConstraint(LinearBoundsOf.unit(width, variable[t][1]), Relationship.EQ, 0));
            }
            if (exact.get(t).newInPeriod()) {
                // no one was in it before the period: ever is its new participants (and its start, 0)
                double[] c = new double[width];
                double constant = 0;
                for (int[] term : new int[][] {{3, 1}, {0, -1}, {1, -1}}) {
                    if (variable[t][term[0]] >= 0) {
                        c[variable[t][term[0]]] += term[1];
                    } else {
                        constant += term[1] * value(p, term[0]);
                    }
                }
                constraints.add(new LinearConstraint(c, Relationship.EQ, -constant));
            }
            // ever - x >= 0 for each other figure, and ever - start - new >= 0
            for (int[] parts : new int[][] {{0}, {1}, {2}, {0, 1}}) {
                double[] c = new double[width];
                double constant = 0;
                if (variable[t][3] >= 0) {
                    c[variable[t][3]] += 1;
                } else {
                    constant += p.everAtEnd();
                }
                for (int part : parts) {
                    if (variable[t][part] >= 0) {
                        c[variable[t][part]] -= 1;
                    } else {
                        constant -= value(p, part);
                    }
                }
                constraints.add(new LinearConstraint(c, Relationship.GEQ, -constant));
            }
        }
        for (int t = 0; t < n; t++) {
            for (int column = 0; column < 4; column++) {
                if (variable[t][column] < 0 || value(exact.get(t), column) == 0 || column == 1 && notNew < 2) {
                    continue;
                }
                double min = LinearBoundsOf.optimum(width, variable[t][column], constraints, GoalType.MINIMIZE);
                double max = LinearBoundsOf.optimum(width, variable[t][column], constraints, GoalType.MAXIMIZE);
                if (max - min < 1 - 1e-6) {
                    pinned.add(String.format("%s's hidden %s (%d) lies in [%s, %s]", exact.get(t).territoryId(),
                            PublicTerritoryTable.COLUMNS.get(column), value(exact.get(t), column), min, max));
                }
            }
        }
        return pinned;
    }

    /** The least or greatest value of a non-negative variable under constraints (commons-math3's simplex). */
    private static final class LinearBoundsOf {
        static double[] unit(int width, int i) {
            double[] x = new double[width];
            x[i] = 1;
            return x;
        }

        static double optimum(int width, int i, List<LinearConstraint> constraints, GoalType goal) {
            return new SimplexSolver().optimize(new MaxIter(100_000), new LinearObjectiveFunction(unit(width, i), 0),
                    new LinearConstraintSet(constraints), goal, new NonNegativeConstraint(true)).getValue();
        }
    }

    /**
     * A random table of {@code n} territories: a quarter new in the period (0 at the start and before, by definition);
     * each figure zero, small or k and more, a third of the time each.
     */
    static List<Snapshot.TerritoryRow> randomTable(Random random, int k, int n) {
        List<Snapshot.TerritoryRow> exact = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            boolean newInPeriod = random.nextInt(4) == 0;
            long start = newInPeriod ? 0 : cell(random, k);
            long newOnes = newInPeriod ? 1 + cell(random, k) : cell(random, k);
            long leftOnes = Math.min(start + (newInPeriod ? newOnes : 0), cell(random, k));
            long end = start + newOnes - leftOnes;
            long ever = start + newOnes + (newInPeriod ? 0 : cell(random, k));
            exact.add(new Snapshot.TerritoryRow("t" + t, "T" + t, "FR", newOnes, start, end, ever,
                    org.together.figures.Fractions.growth(end, start), newInPeriod));
        }
        return exact;
    }

    /**
     * Whether territory {@code t}'s hidden figure of {@code column} can be one more while another hidden figure of the
     * column is one less (or the reverse), other figures hidden in both rows moving by one the same way in one row and
     * the other way in the other, every row's bounds met: ever at least each other figure and at least active at the
     * start plus new, none below zero. Then the published figures and totals allow two values of it.
     */
    private static boolean tradesAUnit(List<Snapshot.TerritoryRow> exact, List<Snapshot.TerritoryRow> pub, int t, int column) {
        for (int u = 0; u < exact.size(); u++) {
            if (u == t || value(pub.get(u), column) != null) {
                continue;
            }
            for (int by = -1; by <= 1; by += 2) {
                for (int trade = 0; trade < 81; trade++) {
                    int[] move = new int[4];
                    boolean possible = true;
                    for (int c = 0, code = trade; c < 4; c++, code /= 3) {
                        move[c] = c == column ? by : code % 3 - 1;
                        possible &= move[c] == 0 || c == column && code % 3 == 1
                                || value(pub.get(t), c) == null && value(pub.get(u), c) == null;
                    }
                    if (possible && fits(exact.get(t), move, 1) && fits(exact.get(u), move, -1)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean fits(Snapshot.TerritoryRow r, int[] move, int sign) {
        long[] v = {r.newParticipants(), r.activeAtStart(), r.activeAtEnd(), r.everAtEnd()};
        for (int c = 0; c < 4; c++) {
            v[c] += sign * move[c];
            if (v[c] < 0) {
                return false;
            }
        }
        return v[0] <= v[3] && v[1] <= v[3] && v[2] <= v[3] && v[1] + v[0] <= v[3] && !(r.newInPeriod() && v[1] != 0);
    }

    /** A random cell: zero, small (1 to k-1) or k and more, a third of the time each. */
    private static long cell(Random random, int k) {
        return switch (random.nextInt(3)) {
            case 0 -> 0;
            case 1 -> 1 + random.nextInt(k - 1);
            default -> k + random.nextInt(200);
        };
    }

    private static Long value(Snapshot.TerritoryRow r, int column) {
        return switch (column) {
            case 0 -> r.newParticipants();
            case 1 -> r.activeAtStart();
            case 2 -> r.activeAtEnd();
            default -> r.everAtEnd();
        };
    }
}
