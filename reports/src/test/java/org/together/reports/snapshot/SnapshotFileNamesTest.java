package org.together.reports.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.together.figures.disclosure.Audience;

/**
 * Review 11, finding 4: a public and an internal snapshot written into one folder replaced each other's files under
 * the same names. An internal file's name says "internal"; both reports live side by side, each file with its own
 * audience.
 */
class SnapshotFileNamesTest {

    static Snapshot of(Audience audience) {
        return SnapshotCalculator.compute(PublicSnapshotTest.FROM, PublicSnapshotTest.TO, Optional.empty(),
                PublicSnapshotTest.network(), PublicSnapshotTest.reference(), Instant.parse("2021-07-02T08:00:00Z"), audience,
                PublicSnapshotTest.K5);
    }

    @Test
    void aPublicAndAnInternalSnapshotShareAFolderEachFileWithItsAudience(@TempDir Path dir) throws IOException {
        List<Path> published = SnapshotWriter.write(of(Audience.PUBLIC), dir, Locale.ENGLISH, Set.of());
        List<Path> internal = SnapshotWriter.write(of(Audience.INTERNAL), dir, Locale.ENGLISH, Set.of());

        assertThat(published).hasSize(3 + 15);
        assertThat(internal).hasSize(published.size());
        Set<Path> every = new HashSet<>(published);
        every.addAll(internal);
        assertThat(every).as("no file written twice").hasSize(published.size() + internal.size());
        try (Stream<Path> listing = Files.list(dir)) {
            assertThat(listing).as("both reports in the folder").hasSize(every.size());
        }
        assertThat(published).extracting(p -> p.getFileName().toString()).contains(
                "snapshot-2021-04-01_2021-07-01-en.html", "snapshot-2021-04-01_2021-07-01-en.pdf",
                "snapshot-2021-04-01_2021-07-01.json", "snapshot-2021-04-01_2021-07-01-en-territories.csv")
                .noneMatch(name -> name.contains("internal"));
        assertThat(internal).extracting(p -> p.getFileName().toString()).contains(
                "snapshot-2021-04-01_2021-07-01-en-internal.html", "snapshot-2021-04-01_2021-07-01-en-internal.pdf",
                "snapshot-2021-04-01_2021-07-01-internal.json", "snapshot-2021-04-01_2021-07-01-en-internal-territories.csv")
                .allMatch(name -> name.contains("-internal"));

        // each file, read after both were written, is its own audience's
        ObjectMapper json = new ObjectMapper();
        for (Path file : every) {
            boolean isInternal = internal.contains(file);
            String name = file.getFileName().toString();
            if (name.endsWith(".json")) {
                assertThat(json.readTree(file.toFile()).get("audience").asText()).as(name)
                        .isEqualTo(isInternal ? "internal" : "public");
            } else if (name.endsWith(".pdf")) {
                try (var pdf = Loader.loadPDF(file.toFile())) {
                    String text = new PDFTextStripper().getText(pdf);
                    assertThat(text.contains("internal - do not publish")).as(name).isEqualTo(isInternal);
                }
            } else if (name.endsWith(".html")) {
                assertThat(Files.readString(file).contains("internal - do not publish")).as(name).isEqualTo(isInternal);
            } else {
                assertThat(Files.readString(file).lines().findFirst().orElseThrow().endsWith(",notice")).as(name)
                        .isEqualTo(isInternal);
            }
        }
        // the public report's small territory is still hidden in its files
        assertThat(Files.readString(dir.resolve("snapshot-2021-04-01_2021-07-01-en-territories.csv")))
                .contains("hameau,Hameau-sur-Mer,FR,,0,,,,true,"); // new: its 0 at the start is known
        assertThat(Files.readString(dir.resolve("snapshot-2021-04-01_2021-07-01-en-internal-territories.csv")))
                .contains("hameau,Hameau-sur-Mer,FR,2,0,2,2,");
    }

    /** Every format and audience of the HTTP route, as SnapshotServiceIntegrationTest asks for two of them over HTTP. */
    @Test
    void everyDownloadIsNamedAsTheCommandLinesFileWithItsAudience() {
        Snapshot published = of(Audience.PUBLIC);
        Snapshot internal = of(Audience.INTERNAL);
        String period = "snapshot-2021-04-01_2021-07-01";
        record Download(SnapshotFormat format, Locale locale, String table, String publicName, String internalName) {
        }
        List<Download> downloads = List.of(
                new Download(SnapshotFormat.HTML, Locale.ENGLISH, null, period + "-en.html", period + "-en-internal.html"),
                new Download(SnapshotFormat.PDF, Locale.FRENCH, null, period + "-fr.pdf", period + "-fr-internal.pdf"),
                new Download(SnapshotFormat.JSON, Locale.ENGLISH, null, period + ".json", period + "-internal.json"),
                new Download(SnapshotFormat.CSV, Locale.ENGLISH, null, period + ".csv", period + "-internal.csv"),
                new Download(SnapshotFormat.CSV, Locale.ENGLISH, "tools", period + "-tools.csv", period + "-internal-tools.csv"));
        for (Download d : downloads) {
            String disposition = d.format() == SnapshotFormat.CSV ? "attachment" : "inline";
            assertThat(SnapshotRoutes.render(published, d.format(), d.locale(), d.table()).disposition()).as(d.toString())
                    .isEqualTo(disposition + "; filename=\"" + d.publicName() + "\"");
            assertThat(SnapshotRoutes.render(internal, d.format(), d.locale(), d.table()).disposition()).as(d.toString())
                    .isEqualTo(disposition + "; filename=\"" + d.internalName() + "\"");
        }
    }

    @Test
    void aFileNameSaysThePeriodTheScopeTheLanguageTheAudienceAndTheTable() {
        Snapshot.Scope network = of(Audience.PUBLIC).scope();
        assertThat(SnapshotWriter.fileName(network, false, "fr", null, "pdf")).isEqualTo("snapshot-2021-04-01_2021-07-01-fr.pdf");
        assertThat(SnapshotWriter.fileName(network, true, "fr", "tools", "csv"))
                .isEqualTo("snapshot-2021-04-01_2021-07-01-fr-internal-tools.csv");
        assertThat(SnapshotWriter.fileName(network, true, null, null, "json")).isEqualTo("snapshot-2021-04-01_2021-07-01-internal.json");
        Snapshot.Scope hameau = SnapshotCalculator.compute(PublicSnapshotTest.FROM, PublicSnapshotTest.TO, Optional.of("hameau"),
                PublicSnapshotTest.network(), PublicSnapshotTest.reference(), Instant.parse("2021-07-02T08:00:00Z"),
                Audience.INTERNAL, PublicSnapshotTest.K5).scope();
        assertThat(SnapshotWriter.fileName(hameau, true, "en", null, "html"))
                .isEqualTo("snapshot-2021-04-01_2021-07-01-hameau-en-internal.html");
    }
}
