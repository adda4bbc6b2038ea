package org.together.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private static final Machine MACHINE = new Machine(2, 24L * 1024 * 1024 * 1024, "OpenJDK 17.0.15", "Linux amd64",
            1024L * 1024 * 1024, "-Xmx1g", Instant.parse("2026-11-26T21:00:00Z"));

    private static Report sample() {
        Report r = new Report("quick", MACHINE);
        r.section("1. Ingest", "run", "events/s").row("raw producer", "250,000/s").row("ingest | HTTP", "90,000/s")
                .note("same events");
        r.verdict(Verdict.atLeast("ingest / raw", 0.36, 0.3, ""));
        r.verdict(Verdict.below("summary p99", 61.0, 50, " ms"));
        r.took(Duration.ofSeconds(150));
        return r;
    }

    @Test
    void theMarkdownCarriesMachineVerdictsAndTablesWithPipesEscaped() {
        String md = sample().toMarkdown();
        assertThat(md).contains("| cores | 2 |", "| memory | 24.0 GiB |", "| JDK | OpenJDK 17.0.15 |",
                "Run of 2026-11-26 21:00 UTC, took 150.0 s.");
        assertThat(md).contains("| ingest / raw >= 0.3 | 0.36 | **PASS** |", "| summary p99 < 50 ms | 61 ms | **FAIL** |");
        assertThat(md).contains("| run | events/s |\n|---|---|\n| raw producer | 250,000/s |\n| ingest \\| HTTP | 90,000/s |");
        assertThat(md).contains("- same events");
    }

    @Test
    void theTextTableAlignsColumnsAndListsVerdicts() {
        String text = sample().toText();
        assertThat(text).contains("  run            events/s\n  -------------  ---------\n  raw producer   250,000/s\n");
        assertThat(text).contains("PASS         ingest / raw >= 0.3: 0.36\nFAIL         summary p99 < 50 ms: 61 ms\n");
        assertThat(sample().allPassed()).isFalse();
    }

    @Test
    void aRowMustFillItsTable() {
        Report r = new Report("quick", MACHINE);
        assertThatThrownBy(() -> r.section("t", "a", "b").row("only one")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writingOneModeKeepsTheIntroductionAndTheOtherModesResults(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("docs/benchmarks.md");
        BenchDoc.write(doc, "full", "full results v1");
        String hand = Files.readString(doc).replace("# Benchmarks", "# Benchmarks\n\nA hand-written introduction.");
        Files.writeString(doc, hand);

        BenchDoc.write(doc, "quick", "quick results");
        BenchDoc.write(doc, "full", "full results v2");

        String text = Files.readString(doc);
        assertThat(text).contains("A hand-written introduction.", "full results v2", "quick results")
                .doesNotContain("full results v1", "Not run yet");
        assertThat(text.indexOf("full results v2")).isLessThan(text.indexOf("quick results"));
        assertThat(text.indexOf(BenchDoc.start("full"))).isLessThan(text.indexOf("full results v2"));
        assertThat(text.indexOf("full results v2")).isLessThan(text.indexOf(BenchDoc.end("full")));
    }

    @Test
    void aDocumentWithoutMarkersGetsItsBlocksAppended() {
        String merged = BenchDoc.merge("# Benchmarks\n\nOld text.\n", "quick", "new quick");
        assertThat(merged).startsWith("# Benchmarks\n\nOld text.");
        assertThat(merged).contains("## Full run", "_Not run yet._", "## Quick run (`--quick`)", "new quick");
    }

    @Test
    void optionsParseAndRejectWhatTheyDoNotKnow() {
        BenchOptions o = BenchOptions.parse("--quick", "--report", "out.md", "--profile");
        assertThat(o.quick()).isTrue();
        assertThat(o.profile()).isTrue();
        assertThat(o.report()).contains(Path.of("out.md"));
        assertThat(BenchOptions.parse("--no-report").report()).isEmpty();
        assertThatThrownBy(() -> BenchOptions.parse("--fast")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option '--fast'").hasMessageContaining("Usage:");
        assertThatThrownBy(() -> BenchOptions.parse("--report")).hasMessageContaining("--report needs a value");
        assertThat(List.of(BenchDoc.MODES)).containsExactly("full", "quick");
    }

    @Test
    void threadsOfOnePoolCountTogetherInTheProfile() {
        assertThat(Profiler.threadGroup("ingest-committer-1")).isEqualTo("ingest-committer-N");
        assertThat(Profiler.threadGroup("bench-aggregation-17-44bf0e50-1c2d-4e5f-8c36-02f82c6890e7-StreamThread-1"))
                .isEqualTo("bench-aggregation-N-<uuid>-StreamThread-N");
        assertThat(Profiler.threadGroup("kafka-producer-network-thread | producer-3")).isEqualTo("kafka-producer-network-thread | producer-N");
        assertThat(Profiler.threadGroup("main")).isEqualTo("main");
    }
}
