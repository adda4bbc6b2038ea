package org.together.figures.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.together.figures.disclosure.Publication.Figure;

class PublicationTest {

    private static final DisclosureRule K5 = new DisclosureRule(5);

    @Test
    void aTerritoryWithOneToFourParticipantsIsNotPublishedButZeroAndFiveAre() {
        Publication p = new Publication();
        Figure one = p.count(1);
        Figure four = p.count(4);
        Figure zero = p.count(0);
        Figure five = p.count(5);
        p.decide(K5);
        assertThat(one.count()).isNull();
        assertThat(four.count()).isNull();
        assertThat(zero.count()).isZero();
        assertThat(five.count()).isEqualTo(5);
    }

    @Test
    void territoriesOfOneMeasureAddUpToThePublishedNetworkFigureSoALoneSmallOneTakesAnotherWithIt() {
        Publication p = new Publication();
        Figure three = p.column("participantsActive", p.count(3));
        Figure eight = p.column("participantsActive", p.count(8));
        Figure forty = p.column("participantsActive", p.count(40));
        Figure otherMeasure = p.column("assessments", p.count(9));
        p.decide(K5);
        // 51 active network-wide is published: 51 - 40 - 8 would give the 3 away, so the next smallest goes too
        assertThat(three.count()).isNull();
        assertThat(eight.count()).isNull();
        assertThat(forty.count()).isEqualTo(40);
        assertThat(otherMeasure.count()).as("another measure adds up to another total").isEqualTo(9);
    }

    @Test
    void networkWideFiguresArePublishedHoweverSmall() {
        Publication p = new Publication();
        Figure network = p.network(2);
        p.decide(K5);
        assertThat(network.count()).isEqualTo(2);
    }

    @Test
    void aMeanFootprintOfFourAssessmentsIsSuppressedOfFiveIsPublished() {
        Publication p = new Publication();
        Figure ofFour = p.mean(4);
        Figure ofFive = p.mean(5);
        p.decide(K5);
        assertThat(ofFour.of(6.2)).isNull();
        assertThat(ofFive.of(6.2)).isEqualTo(6.2);
    }

    @Test
    void theCriteriaOfFewerThanKGroupsAreSuppressedHoweverManyNotesTheyWrote() {
        Publication p = new Publication();
        Figure notesOfTwoGroups = p.count(31, 2);
        Figure notesOfSixGroups = p.count(3, 6);
        p.decide(K5);
        assertThat(notesOfTwoGroups.count()).isNull();
        assertThat(notesOfSixGroups.count()).isEqualTo(3);
    }

    @Test
    void aCompletionRateIsPublishedOnlyWhenBothCountsAre() {
        Publication p = new Publication();
        Figure starts = p.count(12);
        Figure fewCompletions = p.count(3);
        Figure manyCompletions = p.count(9);
        Figure leaky = p.ratio(fewCompletions, starts);
        Figure fine = p.ratio(manyCompletions, starts);
        p.decide(K5);
        assertThat(leaky.of(0.25)).as("3 of 12 would give the 3 away").isNull();
        assertThat(fine.of(0.75)).isEqualTo(0.75);
    }

    @Test
    void aShareUnder2tIsSuppressedWhenEitherSideOfItIsSmall() {
        Publication p = new Publication();
        Figure ten = p.count(10);
        Figure oneUnder = p.share(1, ten);
        Figure nineUnder = p.share(9, ten);
        Figure noneUnder = p.share(0, ten);
        Figure allUnder = p.share(10, ten);
        Figure fiveUnder = p.share(5, ten);
        p.decide(K5);
        assertThat(oneUnder.suppressed()).isTrue();
        assertThat(nineUnder.suppressed()).as("1 above 2 t").isTrue();
        assertThat(noneUnder.published()).isTrue();
        assertThat(allUnder.published()).isTrue();
        assertThat(fiveUnder.published()).isTrue();
    }

    @Test
    void oneSmallTerritoryAgainstTheNetworkTotalTakesTheNextSmallestWithIt() {
        Publication p = new Publication();
        Figure small = p.count(3);
        Figure fifty = p.count(50);
        Figure sixty = p.count(60);
        p.sum(p.network(113), List.of(small, fifty, sixty));
        p.decide(K5);
        assertThat(small.suppressed()).isTrue();
        assertThat(fifty.suppressed()).as("else 113 - 60 - 50 = 3").isTrue();
        assertThat(sixty.count()).isEqualTo(60);
    }

    @Test
    void twoSmallTerritoriesTogetherUnderKTakeAThirdOne() {
        Publication p = new Publication();
        Figure two = p.count(2);
        Figure otherTwo = p.count(2);
        Figure twenty = p.count(20);
        Figure thirty = p.count(30);
        p.sum(p.network(54), List.of(two, otherTwo, twenty, thirty));
        p.decide(K5);
        assertThat(List.of(two, otherTwo, twenty)).allMatch(Figure::suppressed);
        assertThat(thirty.published()).isTrue();
    }

    @Test
    void twoSmallTerritoriesTogetherAtLeastKAreEnough() {
        Publication p = new Publication();
        Figure two = p.count(2);
        Figure four = p.count(4);
        Figure twenty = p.count(20);
        p.sum(p.network(26), List.of(two, four, twenty));
        p.decide(K5);
        assertThat(twenty.count()).isEqualTo(20);
    }

    @Test
    void fiveTerritoriesOfOneParticipantEachCannotBeLeftPinnedAtOne() {
        Publication p = new Publication();
        List<Figure> ones = List.of(p.count(1), p.count(1), p.count(1), p.count(1), p.count(1));
        Figure forty = p.count(40);
        List<Figure> all = new java.util.ArrayList<>(ones);
        all.add(forty);
        p.sum(p.network(45), all);
        p.decide(K5);
        assertThat(forty.suppressed()).as("5 suppressed adding up to 5 would each be 1").isTrue();
    }

    @Test
    void aBreakdownOfATerritorysNewcomersByRoleAddsUpToItsPublishedTotal() {
        Publication p = new Publication();
        Figure newcomers = p.count(12);
        Map<String, Figure> byRole = Map.of("citizen", p.count(10), "association", p.count(2), "other", p.count(0));
        p.sum(newcomers, byRole.values());
        p.decide(K5);
        assertThat(newcomers.count()).isEqualTo(12);
        assertThat(byRole.get("association").suppressed()).isTrue();
        assertThat(byRole.get("citizen").suppressed()).as("else 12 - 10 = 2").isTrue();
        assertThat(byRole.get("other").count()).isZero();
    }

    @Test
    void aSuppressedTerritoryTotalIsNotRebuiltFromItsPublishedBreakdown() {
        Publication p = new Publication();
        Figure newcomers = p.count(3);
        Figure citizens = p.count(0);
        Figure associations = p.count(3);
        p.sum(newcomers, List.of(citizens, associations));
        p.decide(K5);
        assertThat(newcomers.suppressed()).isTrue();
        assertThat(associations.suppressed()).isTrue();
    }

    @Test
    void aFigureAddsUpToOneTotalAtMost() {
        Publication p = new Publication();
        Figure territoryNew = p.count(12);
        p.sum(p.network(40), List.of(territoryNew, p.count(28)));
        assertThatThrownBy(() -> p.sum(territoryNew, List.of(p.count(10), p.count(2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one sum at most");
    }

    @Test
    void figuresThatGiveEachOtherAwayGoTogether() {
        Publication p = new Publication();
        Figure active = p.count(3);
        Figure ever = p.count(40);
        Figure left = p.count(37);
        p.together(List.of(active, ever, left));
        p.decide(K5);
        assertThat(List.of(active, ever, left)).allMatch(Figure::suppressed);
    }

    @Test
    void aNetworkOfOneSmallTerritoryPublishesTheNetworkAndSaysTheTerritoryIsUnprotected() {
        Publication p = new Publication();
        Figure only = p.count(3);
        Figure network = p.network(3);
        p.sum(network, List.of(only));
        p.decide(K5);
        assertThat(only.suppressed()).isTrue();
        assertThat(network.count()).isEqualTo(3);
        assertThat(p.unprotected()).containsExactly(only);
    }

    @Test
    void kOfOnePublishesEverything() {
        Publication p = new Publication();
        Figure one = p.count(1);
        p.decide(new DisclosureRule(1));
        assertThat(one.count()).isEqualTo(1);
    }

    @Test
    void kComesFromTheEnvironmentAndMustBeAWholeNumberFromOne() {
        assertThat(DisclosureRule.fromEnvironment(Map.of())).isEqualTo(DisclosureRule.DEFAULT);
        assertThat(DisclosureRule.fromEnvironment(Map.of(DisclosureRule.ENVIRONMENT, " 10 ")).minPublishedCount()).isEqualTo(10);
        assertThatThrownBy(() -> DisclosureRule.fromEnvironment(Map.of(DisclosureRule.ENVIRONMENT, "five")))
                .hasMessageContaining("TOGETHER_MIN_PUBLISHED_COUNT");
        assertThatThrownBy(() -> new DisclosureRule(0)).hasMessageContaining("1 or more");
    }

    @Test
    void figuresAreReadOnlyOnceDecided() {
        Publication p = new Publication();
        Figure f = p.count(3);
        assertThatThrownBy(f::suppressed).isInstanceOf(IllegalStateException.class);
        p.decide(K5);
        assertThatThrownBy(() -> p.count(1)).isInstanceOf(IllegalStateException.class);
    }
}
