package org.together.aggregation.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.aggregation.TestEvents.assessed;
import static org.together.aggregation.TestEvents.coEvaluation;
import static org.together.aggregation.TestEvents.criteriaEvaluation;
import static org.together.aggregation.TestEvents.criterion;
import static org.together.events.SpiralQuestion.ACTION;
import static org.together.events.SpiralQuestion.ILLBEING;
import static org.together.events.SpiralQuestion.WELLBEING;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.together.aggregation.query.AsOf;
import org.together.aggregation.query.Summary;
import org.together.aggregation.query.WellbeingReport;
import org.together.events.FootprintAssessed;
import org.together.events.WellbeingEvaluated;

/** Well-being evaluations by SPIRAL dimension, and carbon footprints against the 2 t goal. */
class WellbeingAndFootprintFiguresTest {

    private final TopologyHarness topology = new TopologyHarness();
    private static final AsOf AS_OF = AsOf.endOf(LocalDate.parse("2021-07-10"));

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void criteriaAreCountedPerDimensionAndQuestion() {
        topology.send(criteriaEvaluation("lyon", "g-elders-1", 9, List.of(
                        criterion("A", WELLBEING, 5), criterion("A", ILLBEING, 2), criterion("C", ACTION, 4)), "2021-07-02T18:00:00Z"),
                criteriaEvaluation("grenoble", "g-youth-01", 11, List.of(
                        criterion("A", WELLBEING, 3), criterion("I", ILLBEING, 1)), "2021-07-03T18:00:00Z"));

        WellbeingReport report = topology.queries().networkWellbeing(AS_OF);
        assertThat(report.evaluations()).isEqualTo(2);
        assertThat(report.groups()).isEqualTo(2);
        assertThat(report.citizens()).isEqualTo(20);
        assertThat(report.dimensions()).hasSize(9);
        assertThat(report.dimensions().get(0)).isEqualTo(new Summary.Dimension("A", 8, 2, 0, null));
        assertThat(report.dimensions().get(2)).isEqualTo(new Summary.Dimension("C", 0, 0, 4, null));
        assertThat(report.dimensions().get(8)).isEqualTo(new Summary.Dimension("I", 0, 1, 0, null));
    }

    @Test
    void coEvaluationScoresAverageForEachDimensionAndAGroupCountsOnce() {
        topology.send(coEvaluation("lyon", "g-elders-1", 8, Map.of("B", 4, "E", 2), "2021-07-02T18:00:00Z"),
                coEvaluation("lyon", "g-elders-1", 7, Map.of("B", 3), "2021-07-09T18:00:00Z"));

        WellbeingReport lyon = topology.queries().territoryWellbeing("lyon", AS_OF).orElseThrow();
        assertThat(lyon.evaluations()).isEqualTo(2);
        assertThat(lyon.groups()).isEqualTo(1);
        assertThat(lyon.citizens()).isEqualTo(15);
        assertThat(lyon.dimensions().get(1).meanScore()).isEqualTo(3.5);
        assertThat(lyon.dimensions().get(4).meanScore()).isEqualTo(2.0);
        assertThat(lyon.dimensions().get(0).meanScore()).as("dimension A was not scored").isNull();
    }

    @Test
    void aResentEvaluationIsCountedOnce() {
        WellbeingEvaluated evaluation = criteriaEvaluation("lyon", "g-elders-1", 9, List.of(criterion("A", WELLBEING, 5)), "2021-07-02T18:00:00Z");
        topology.send(evaluation, evaluation);

        Summary.Wellbeing wellbeing = topology.queries().networkSummary(AS_OF).wellbeing();
        assertThat(wellbeing.evaluations()).isEqualTo(1);
        assertThat(wellbeing.citizens()).isEqualTo(9);
        assertThat(wellbeing.dimensions().get(0).wellbeing()).isEqualTo(5);
    }

    @Test
    void footprintShareCountsOnlyAssessmentsStrictlyUnder2Tonnes() {
        topology.send(assessed("lyon", "p-alice-01", 1.5, "2021-07-02T18:00:00Z"),
                assessed("lyon", "p-bob-0001", 2.0, "2021-07-02T18:00:00Z"),
                assessed("grenoble", "p-carol-01", 8.2, "2021-07-03T18:00:00Z"),
                assessed("grenoble", "p-dave-001", 1.999, "2021-07-03T18:00:00Z"));

        Summary.Footprint footprint = topology.queries().networkSummary(AS_OF).footprint();
        assertThat(footprint.assessments()).isEqualTo(4);
        assertThat(footprint.meanTonnes()).isCloseTo((1.5 + 2.0 + 8.2 + 1.999) / 4, Offset.offset(1e-9));
        assertThat(footprint.shareUnder2t()).isEqualTo(0.5);
    }

    @Test
    void aResentFootprintIsCountedOnceAndNoFootprintMeansNullMean() {
        assertThat(topology.queries().networkSummary(AS_OF).footprint()).isEqualTo(new Summary.Footprint(0, null, null));

        FootprintAssessed alice = assessed("lyon", "p-alice-01", 3.0, "2021-07-02T18:00:00Z");
        topology.send(alice, alice);

        assertThat(topology.queries().networkSummary(AS_OF).footprint()).isEqualTo(new Summary.Footprint(1, 3.0, 0.0));
    }
}
