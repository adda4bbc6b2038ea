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

    /** Review 18, finding 15: " =1+1" was written as it is, and an import that trims cells runs it. */
    @Test
    void aFormulaAfterLeadingBlanksIsNeutralisedToo() {
        String csv = new CsvTable("name").row(" =1+1").row("   +33 1 23").row("\u00a0-2").row("\u2003@SUM(A1)")
                .row(" \t=cmd").row("\n=1+1").row(" Saint-Étienne").row("  ").row(" a=b").csv();
        assertThat(csv.split("\r\n", -1)).containsExactly("name", "' =1+1", "'   +33 1 23", "'\u00a0-2", "'\u2003@SUM(A1)",
                "' \t=cmd", "\"'\n=1+1\"", " Saint-Étienne", "  ", " a=b", "");
    }

    @Test
    void numbersAreNeverTouchedNegativeOnesIncluded() {
        assertThat(new CsvTable("change", "rate").row(-12L, -0.25).row(3, 2.0).csv())
                .isEqualTo("change,rate\r\n-12,-0.25\r\n3,2\r\n");
    }

    /** Finding 17: the footprint CSV said 0.7999999999999999; every decimal is written the one way, here. */
    @Test
    void decimalsAreWrittenToFifteenSignificantDigitsWithoutBinaryNoise() {
        double noisy = 0.1 * 3; // 0.30000000000000004
        assertThat(noisy).isNotEqualTo(0.3);
        assertThat(new CsvTable("meanTonnes", "share", "rate", "big", "small", "zero")
                .row(2.4 / 3, noisy, 11.0 / 19, 1234567.125, 0.000125, -0.0).csv())
                .isEqualTo("meanTonnes,share,rate,big,small,zero\r\n0.8,0.3,0.578947368421053,1234567.125,0.000125,0\r\n");
        assertThat(2.4 / 3).as("the noise this removes").isEqualTo(0.7999999999999999);
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
