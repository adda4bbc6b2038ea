package org.together.figures;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Figures add up; a retraction and its re-addition leave nothing behind. */
class FiguresTest {

    private static Figures sample() {
        return new Figures().addParticipants(1, 1, 0).addNewcomers("citizen", "online", 1).addEvent(1_000)
                .addToolStage("action-plan", Figures.ToolStage.STARTED, 1).addToolRating("action-plan", 4)
                .addEvaluation(9).addCriteria("A", Figures.Question.WELLBEING, 3).addScore("B", 2)
                .addAssessments(1, 1500, 1).addFootprintBand(1, 1).addFootprintDomain("food", 500, 1);
    }

    @Test
    void subtractingWhatWasAddedLeavesEmptyFiguresButTheLastEvent() {
        Figures f = sample().subtract(sample());

        assertThat(f.tools()).isEmpty();
        assertThat(f.dimensions()).isEmpty();
        assertThat(f.newByRole()).isEmpty();
        assertThat(f.footprintDomains()).isEmpty();
        assertThat(f.footprintBands()).containsOnly(0);
        assertThat(f.lastEventAt()).as("the latest event is not additive").isEqualTo(1_000);
    }

    @Test
    void aRetractionAndItsReadditionAreEmpty() {
        Figures change = new Figures().addParticipants(-1, -1, 0).addNewcomers("citizen", "online", -1)
                .addToolStage("action-plan", Figures.ToolStage.STARTED, -1).addFootprintBand(1, -1);
        change.addParticipants(1, 1, 0).addNewcomers("citizen", "online", 1)
                .addToolStage("action-plan", Figures.ToolStage.STARTED, 1).addFootprintBand(1, 1);

        assertThat(change.isEmpty()).isTrue();
        assertThat(change).isEqualTo(new Figures());
    }

    @Test
    void sumsAreExactAndEqualFiguresAreEqual() {
        Figures twice = Figures.copyOf(sample()).add(sample());

        assertThat(twice.meanTonnes()).isEqualTo(1.5);
        assertThat(twice.shareUnder2t()).isEqualTo(1.0);
        assertThat(twice.tool("action-plan")).isEqualTo(new ToolCounts(0, 2, 0, 0, 8, 2));
        assertThat(twice.dimension("B").meanScore()).isEqualTo(2.0);
        assertThat(twice).isEqualTo(Figures.copyOf(sample()).add(sample())).isNotEqualTo(sample());
    }

    @Test
    void withoutAssessmentsMeansAndSharesAreNull() {
        assertThat(new Figures().meanTonnes()).isNull();
        assertThat(new Figures().shareUnder2t()).isNull();
        assertThat(ToolCounts.NONE.completionRate()).isNull();
    }
}
