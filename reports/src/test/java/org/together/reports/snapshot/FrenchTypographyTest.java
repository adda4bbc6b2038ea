package org.together.reports.snapshot;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The French report follows the dashboard's rule: a narrow no-break space (U+202F) before ":", ";", "?", "!" and "%",
 * inside « », and between thousands. A plain space there lets a line break before the mark; no space is English.
 */
class FrenchTypographyTest {

    /** A text breaking the rule: a mark without U+202F before it, or « » without U+202F inside. */
    private static final Pattern BREAKS_THE_RULE = Pattern.compile("[^\u202f][:;?!%]|^[:;?!%]|«[^\u202f]|[^\u202f]»");
    /** {0?singular:plural}: its "?" and ":" are the catalogue's syntax, not French text. */
    private static final Pattern PLURAL = Pattern.compile("\\{\\d+\\?([^:}]*):([^}]*)}");

    @Test
    void everyTextOfTheFrenchCatalogueTakesANarrowNoBreakSpaceBeforeColonSemicolonQuestionAndExclamationMarks() throws Exception {
        Properties fr = new Properties();
        try (InputStream in = ReportLanguage.class.getResourceAsStream("messages_fr.properties")) {
            fr.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        assertThat(fr).hasSizeGreaterThan(200);
        Map<String, String> faults = new TreeMap<>();
        fr.forEach((key, value) -> {
            String text = PLURAL.matcher((String) value).replaceAll("$1 $2");
            if (BREAKS_THE_RULE.matcher(text).find()) {
                faults.put((String) key, (String) value);
            }
        });
        assertThat(faults).as("French texts of messages_fr.properties breaking the rule").isEmpty();
    }

    @Test
    void theRuleRefusesPlainSpacesAndNoSpaceAndAcceptsNarrowNoBreakSpaces() {
        for (String bad : new String[] {"Territoire : Lyon", "Territoire\u00a0: Lyon", "Territoire: Lyon", "reviennent-ils ?",
                "12,5 %", "« masqué »"}) {
            assertThat(BREAKS_THE_RULE.matcher(bad).find()).as(bad).isTrue();
        }
        assertThat(BREAKS_THE_RULE.matcher("Territoire\u202f: Lyon\u202f; reviennent-ils\u202f? 12,5\u202f% «\u202fmasqué\u202f»").find())
                .isFalse();
        assertThat(PLURAL.matcher("{0?nouveau participant a:nouveaux participants ont} rejoint").replaceAll("$1 $2"))
                .isEqualTo("nouveau participant a nouveaux participants ont rejoint");
    }

    /** The same figures as the French dashboard's: "1 234", "12,5 %", "+12,5 %" with U+202F, as Intl writes "1 234". */
    @Test
    void frenchFiguresTakeANarrowNoBreakSpaceBetweenThousandsAndBeforePercent() {
        ReportLanguage fr = ReportLanguage.of(Locale.FRENCH);
        assertThat(fr.integer(1234567)).isEqualTo("1\u202f234\u202f567");
        assertThat(fr.decimal(1234.5, 1)).isEqualTo("1\u202f234,5");
        assertThat(fr.percent(0.125)).isEqualTo("12,5\u202f%");
        assertThat(fr.signedPercent(-0.125)).isEqualTo("\u221212,5\u202f%");
        assertThat(ReportLanguage.of(Locale.ENGLISH).percent(0.125)).isEqualTo("12.5%");
    }
}
