package org.together.reports.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CsvTableTest {

    @Test
    void textThatASpreadsheetWouldRunAsAFormulaIsNeutralised() {
        String csv = new CsvTable("name")
                .row("=HYPERLINK(\"http://x\",\"y\")").row("+33 1 23").row("-strange").row("@SUM(A1)")
                .row("\tTab").row("\rReturn").row("Saint-Étienne").row("'quoted already").csv();
        assertThat(csv.split("\r\n", -1)).containsExactly("name",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", "'+33 1 23", "'-strange", "'@SUM(A1)", "'\tTab", "\"'\rReturn\"",
                "Saint-Étienne", "'quoted already", "");
    }

    @Test
    void numbersAreNeverTouchedNegativeOnesIncluded() {
        assertThat(new CsvTable("change", "rate").row(-12L, -0.25).row(3, 2.0).csv())
                .isEqualTo("change,rate\r\n-12,-0.25\r\n3,2\r\n");
    }

    @Test
    void namesStayUnicodeCleanInAnyScript() {
        String csv = new CsvTable("territoryId", "name").row("timisoara", "Timișoara").row("tbilisi", "თბილისი")
                .row("athina", "Αθήνα").row("kyiv", "Київ").row("tunis", "تونس").row("emoji", "Jardin 🌱, partagé").csv();
        assertThat(csv).contains("timisoara,Timișoara\r\n", "tbilisi,თბილისი\r\n", "athina,Αθήνα\r\n", "kyiv,Київ\r\n",
                "tunis,تونس\r\n", "emoji,\"Jardin 🌱, partagé\"\r\n");
    }

    @Test
    void emptyCellsAreNullAndRowsHaveTheHeadersWidth() {
        assertThat(new CsvTable("a", "b").row(null, "x").csv()).isEqualTo("a,b\r\n,x\r\n");
        assertThatThrownBy(() -> new CsvTable("a", "b").row("only one")).isInstanceOf(IllegalArgumentException.class);
    }
}
