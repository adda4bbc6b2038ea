package org.together.aggregation.dashboard;

import io.javalin.Javalin;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.together.embedded.kafka.FreePorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every French text of the dashboard's two catalogues, as the page holds them (the meeting panels' texts join MESSAGES
 * when it loads), follows one rule: a narrow no-break space (U+202F) before ":", ";", "?", "!" and "%", and inside « ».
 * A plain space there lets a phone put the mark alone at the start of a line ("reviennent-ils" / "?"); no space at all
 * is English typography.
 */
class DashboardFrenchTypographyTest {

    /** A text breaking the rule: a mark without U+202F before it, or « » without U+202F inside. */
    private static final String BREAKS_THE_RULE = "[^\\u202f][:;?!%]|^[:;?!%]|«[^\\u202f]|[^\\u202f]»";

    private static Javalin app;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(HeadlessChromium.installed(), "needs Debian's chromium and chromium-driver packages");
        app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            Dashboard.configure(c);
        }).start("127.0.0.1", FreePorts.pick());
        browser = HeadlessChromium.start(800, 600, "fr-FR,fr");
        // the page, to import its modules from (it finds no query API here, which does not matter)
        browser.get("http://127.0.0.1:" + app.port() + "/");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void theDashboardsFrenchCatalogueTakesANarrowNoBreakSpaceBeforeColonSemicolonQuestionAndExclamationMarks() {
        assertThat(faults("assets/i18n.js", "MESSAGES")).as("French texts of i18n.js breaking the rule").isEmpty();
    }

    @Test
    void theMeetingPanelsFrenchCatalogueTakesANarrowNoBreakSpaceBeforeColonSemicolonQuestionAndExclamationMarks() {
        assertThat(faults("assets/meeting-i18n.js", "MEETING_MESSAGES")).as("French texts of meeting-i18n.js breaking the rule")
                .isEmpty();
    }

    /** The French texts of the catalogue that break the rule, by key, with the text; fails if it holds fewer than 10. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> faults(String asset, String export) {
        Map<String, Object> found = (Map<String, Object>) browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "import(new URL(arguments[0], location.href).href).then((m) => {"
                + "  const flat = (o, p = '') => Object.entries(o).flatMap(([k, v]) => v && typeof v === 'object' ? flat(v, p + k + '.') : [[p + k, v]]);"
                + "  const fr = flat(m[arguments[1]].fr).filter(([, v]) => typeof v === 'string');"
                + "  const bad = new RegExp(arguments[2]);"
                + "  done({ texts: fr.length, faults: Object.fromEntries(fr.filter(([, v]) => bad.test(v))) });"
                + "}).catch((e) => done({ error: String(e) }));", "/" + asset, export, BREAKS_THE_RULE);
        assertThat(found.get("error")).as("importing %s", asset).isNull();
        assertThat(((Number) found.get("texts")).intValue()).as("French texts in %s", asset).isGreaterThan(10);
        return (Map<String, String>) found.get("faults");
    }

    /** The rule itself, on texts it must refuse and accept, so that a regex gone lax cannot pass every catalogue. */
    @Test
    @SuppressWarnings("unchecked")
    void theRuleRefusesPlainSpacesAndNoSpaceAndAcceptsNarrowNoBreakSpaces() {
        List<Boolean> bad = (List<Boolean>) browser.executeScript(
                "const bad = new RegExp(arguments[1]); return arguments[0].map((t) => bad.test(t));",
                List.of("Affichage : tout", "Affichage\u00a0: tout", "Affichage: tout", "reviennent-ils ?", "100 %", "« masqué »",
                        "Affichage\u202f: tout\u202f; reviennent-ils\u202f? 100\u202f% «\u202fmasqué\u202f»"), BREAKS_THE_RULE);
        assertThat(bad).containsExactly(true, true, true, true, true, true, false);
    }
}
