package org.together.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void aFloorPassesAtOrAboveItsThresholdAndFailsBelow() {
        assertThat(Verdict.atLeast("ingest / raw", 0.3, 0.3, "").outcome()).isEqualTo(Verdict.Outcome.PASS);
        assertThat(Verdict.atLeast("ingest / raw", 0.42, 0.3, "").outcome()).isEqualTo(Verdict.Outcome.PASS);
        Verdict fail = Verdict.atLeast("ingest / raw", 0.29, 0.3, "");
        assertThat(fail.outcome()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(fail.floor()).isEqualTo("ingest / raw >= 0.3");
        assertThat(fail.measured()).isEqualTo("0.29");
    }

    @Test
    void aCeilingPassesOnlyStrictlyBelowIt() {
        assertThat(Verdict.below("p99", 999.9, 1000, " ms").outcome()).isEqualTo(Verdict.Outcome.PASS);
        Verdict atCeiling = Verdict.below("p99", 1000.0, 1000, " ms");
        assertThat(atCeiling.outcome()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(atCeiling.floor()).isEqualTo("p99 < 1,000 ms");
        assertThat(atCeiling.measured()).isEqualTo("1,000 ms");
    }

    @Test
    void somethingNotMeasuredIsNeverAPass() {
        assertThat(Verdict.atLeast("ratio", null, 0.5, "").outcome()).isEqualTo(Verdict.Outcome.NOT_MEASURED);
        assertThat(Verdict.below("p99", Double.NaN, 50, " ms").outcome()).isEqualTo(Verdict.Outcome.NOT_MEASURED);
        assertThat(Verdict.notMeasured("ratio >= 0.5", "the broker did not start").measured())
                .isEqualTo("not measured: the broker did not start");
        BenchResult result = new BenchResult(java.util.List.of(
                Verdict.atLeast("a", 1.0, 0.5, ""), Verdict.notMeasured("b", "why")), "", java.util.Optional.empty());
        assertThat(result.passed()).isFalse();
        assertThat(result.exitCode()).isEqualTo(1);
    }

    @Test
    void aRunWithoutAnyVerdictHasNotPassed() {
        assertThat(new BenchResult(java.util.List.of(), "", java.util.Optional.empty()).passed()).isFalse();
    }

    @Test
    void theVerdictLineStartsWithTheOutcome() {
        assertThat(Verdict.atLeast("full / count", 0.61, 0.5, "").line())
                .isEqualTo("PASS         full / count >= 0.5: 0.61");
    }
}
