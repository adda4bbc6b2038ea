package org.together.reports.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The research export's licence: the network's choice, written into datapackage.json, or said to be missing. */
class ExportLicenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode datapackage(Optional<ExportLicence> licence) throws Exception {
        ResearchExport export = ResearchExports.over(ResearchExportTest.YEAR, ResearchExportTest.network(new HashSet<>()),
                ResearchExportTest.reference(), ResearchExportTest.K5, licence, Instant.parse("2022-01-02T08:00:00Z"));
        return JSON.readTree(export.files().get(ResearchExport.DATAPACKAGE));
    }

    @Test
    void aChosenLicenceIsTheDatapackagesOnlyLicensesEntryAndTheDescriptionDoesNotSayNoneWasChosen() throws Exception {
        JsonNode p = datapackage(Optional.of(ExportLicence.of(ExportLicence.ENVIRONMENT, "CC-BY-4.0")));
        assertThat(p.get("licenses")).hasSize(1);
        JsonNode licence = p.get("licenses").get(0);
        assertThat(licence.get("name").asText()).isEqualTo("CC-BY-4.0");
        assertThat(licence.get("path").asText()).isEqualTo("https://creativecommons.org/licenses/by/4.0/");
        assertThat(licence.get("title").asText()).isEqualTo("Creative Commons Attribution 4.0 International");
        assertThat(p.get("description").asText()).doesNotContain("No licence").doesNotContain(ExportLicence.ENVIRONMENT);
    }

    @Test
    void withoutALicenceTheDatapackageHasNoLicensesAndItsDescriptionEndsSayingToAskTheCoordinationTeam() throws Exception {
        JsonNode p = datapackage(Optional.empty());
        assertThat(p.has("licenses")).isFalse();
        assertThat(p.get("description").asText()).endsWith(" No licence was chosen for this data (TOGETHER_EXPORT_LICENSE is "
                + "not set): ask the network's coordination team before reusing it.");
    }

    @Test
    void knownIdsGetTheirCanonicalTitleAndTextWhateverTheirCase() {
        assertThat(ExportLicence.of("x", "CC0-1.0")).isEqualTo(new ExportLicence("CC0-1.0",
                "https://creativecommons.org/publicdomain/zero/1.0/", "Creative Commons Zero v1.0 Universal"));
        assertThat(ExportLicence.of("x", "odbl-1.0 ")).isEqualTo(new ExportLicence("ODbL-1.0",
                "https://opendatacommons.org/licenses/odbl/1-0/", "Open Data Commons Open Database License v1.0"));
        assertThat(ExportLicence.of("x", "CC-BY-SA-4.0").path()).isEqualTo("https://creativecommons.org/licenses/by-sa/4.0/");
    }

    @Test
    void anyOtherSpdxIdIsAcceptedWithItsSpdxPageAndItselfAsTitle() {
        assertThat(ExportLicence.of("x", "EUPL-1.2")).isEqualTo(new ExportLicence("EUPL-1.2",
                "https://spdx.org/licenses/EUPL-1.2.html", "EUPL-1.2"));
    }

    @Test
    void theEnvironmentGivesNoLicenceWhenUnsetOrBlankAndRefusesAValueThatIsNoSpdxIdNamingTheVariableAndTheRule() {
        assertThat(ExportLicence.fromEnvironment(Map.of())).isEmpty();
        assertThat(ExportLicence.fromEnvironment(Map.of("TOGETHER_EXPORT_LICENSE", "  "))).isEmpty();
        assertThat(ExportLicence.fromEnvironment(Map.of("TOGETHER_EXPORT_LICENSE", "CC-BY-4.0"))).map(ExportLicence::name)
                .contains("CC-BY-4.0");
        for (String bad : new String[] {"Creative Commons BY", "CC-BY-4.0,CC0-1.0", "https://creativecommons.org/licenses/by/4.0/",
                "CC-BY-4.0 OR MIT", "x".repeat(65)}) {
            assertThatThrownBy(() -> ExportLicence.fromEnvironment(Map.of("TOGETHER_EXPORT_LICENSE", bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("TOGETHER_EXPORT_LICENSE must be an SPDX licence id such as CC-BY-4.0")
                    .hasMessageContaining("letters, digits, '.' and '-'")
                    .hasMessageEndingWith("was '" + bad + "'");
        }
    }
}
