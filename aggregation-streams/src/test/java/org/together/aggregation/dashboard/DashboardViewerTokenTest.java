package org.together.aggregation.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.together.aggregation.AggregationConfig;
import org.together.aggregation.AggregationStreamsService;
import org.together.aggregation.Poll;
import org.together.embedded.EmbeddedStack;
import org.together.embedded.kafka.FreePorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Open reading is public: the page shows a territory's small counts as "< 5" with a note and says the figures are
 * public; the coordination team's viewer token, typed once per tab, shows them exact and says they are internal.
 */
class DashboardViewerTokenTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String TOKEN = "viewer-" + RUN + "-secret-of-24-chars";
    private static final String TERRITORY = "token-town-" + RUN;
    private static final String CITY = "token-city-" + RUN;
    private static final String TOWN = "token-borough-" + RUN;
    /** Luxembourg's territory of settled figures (8 joined 10 days ago), which the public reads whatever the day. */
    private static final String HAMLET = "token-hamlet-" + RUN;
    private static final int HAMLET_PARTICIPANTS = 8;
    /** A tool only the city pilots, 3 of its participants: every territory's public page lists it hidden. */
    private static final String PILOT = "pilot-" + RUN;
    /** Liechtenstein's only territory: 3 participants, 2 footprints, every figure hidden from the public. */
    private static final String LONE = "token-lone-" + RUN;
    /** More territories in one country than the country view once added up (60), each with this many participants. */
    private static final int GREEK_VILLAGES = 61;
    private static final int VILLAGERS = 6;
    /**
     * Alpha-Ville (Switzerland): 21 joined 200 days ago, 3 of them left 5 days ago. 18 active and 21 ever differ by 3: the
     * public reads the 18 and not the 21 (two nested figures are never both published 1 to 4 apart).
     */
    private static final String ALPHA = "token-alpha-" + RUN;
    /** Registered, no event: the public reads its 0 active participants (review 14: listed above the hidden rows). */
    private static final String EMPTY = "token-empty-" + RUN;

    /** The block notes' parts, in the order a note gives them. */
    private static final String SMALL = "\"< 5\": fewer than 5, or a figure of any size hidden with such a one so that it cannot "
            + "be worked out from the published total (so a \"< 5\" may be large)";
    private static final String BOUNDED = "\"hidden\" for a count: at least 5 by the figures shown, hidden so that a smaller "
            + "figure cannot be worked out";
    private static final String DERIVED = "\"hidden\" for a mean, share, rate or a figure worked out from a count: not published, "
            + "so that no small count can be worked out from it";

    private static AggregationStreamsService service;
    private static TerritoryTraffic traffic;

    @BeforeAll
    static void startProtectedService() throws Exception {
        assumeTrue(HeadlessChromium.installed(),
                "needs Debian's chromium and chromium-driver packages");
        EmbeddedStack stack = EmbeddedStack.sharedForTests();
        service = new AggregationStreamsService(new AggregationConfig(stack.bootstrapServers(), stack.registryUrl(),
                "dashboard-token-test-" + RUN, "127.0.0.1", FreePorts.pick(), "127.0.0.1",
                Files.createTempDirectory("dashboard-token-state-"), Optional.of(TOKEN), Optional.empty(), Map.of()));
        service.start();
        traffic = new TerritoryTraffic(stack.bootstrapServers(), stack.registryUrl());
        traffic.territory(TERRITORY, "Token Town", "LU", "village", 49.61, 6.13);
        traffic.territory(CITY, "Token City", "LU", "city", 49.60, 6.12);
        traffic.territory(TOWN, "Token Borough", "LU", "municipality", 49.62, 6.14);
        traffic.history(TERRITORY, 3, 4.0, Instant.now());
        List<String> city = traffic.history(CITY, 30, 4.0, Instant.now());
        for (String participant : city.subList(0, 3)) {
            traffic.toolUsed(CITY, participant, PILOT, org.together.events.ToolStage.STARTED, null, Instant.now());
        }
        traffic.history(TOWN, 12, 4.0, Instant.now());
        // Token Town's target: its count (3) is hidden from the public, and so is all that is worked out from it
        traffic.target("town-ever-" + RUN, new org.together.reference.Target("town-ever-" + RUN, "participantsEver", null, TERRITORY,
                50L, java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusMonths(6), Instant.now()));
        traffic.territory(HAMLET, "Token Hamlet", "LU", "village", 49.63, 6.15);
        for (int p = 0; p < HAMLET_PARTICIPANTS; p++) {
            traffic.joined(HAMLET, HAMLET + "-p" + p, Instant.now().minus(Duration.ofDays(10)));
        }
        traffic.territory(ALPHA, "Alpha-Ville", "CH", "city", 46.95, 7.45);
        for (int p = 0; p < 21; p++) {
            traffic.joined(ALPHA, ALPHA + "-p" + p, Instant.now().minus(Duration.ofDays(200)));
        }
        for (int p = 0; p < 3; p++) {
            traffic.left(ALPHA, ALPHA + "-p" + p, Instant.now().minus(Duration.ofDays(5)));
        }
        traffic.target("alpha-ever-" + RUN, new org.together.reference.Target("alpha-ever-" + RUN, "participantsEver", null, ALPHA,
                30L, java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusMonths(6), Instant.now()));
        traffic.territory(EMPTY, "Token Empty", "MT", "village", 35.90, 14.51);
        traffic.territory(LONE, "Token Lone", "LI", "village", 47.14, 9.52);
        for (int p = 0; p < 3; p++) {
            traffic.joined(LONE, LONE + "-p" + p, Instant.now().minus(Duration.ofDays(10)));
        }
        for (int p = 0; p < 2; p++) {
            traffic.footprint(LONE, LONE + "-p" + p, 6.0, Instant.now().minus(Duration.ofDays(9)));
        }
        for (int i = 1; i <= GREEK_VILLAGES; i++) {
            String village = village(i);
            traffic.territory(village, "Village " + i, "GR", "village", 38.0 + i / 100.0, 23.0 + i / 100.0);
            for (int p = 0; p < VILLAGERS; p++) {
                traffic.joined(village, village + "-p" + p, Instant.now().minus(Duration.ofDays(10)));
            }
        }
        traffic.flush();
        // The figures are readable (with the token) before the page opens: this test is about the token, not start-up.
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest summary = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port()
                + "/api/v1/territories/" + TERRITORY + "/summary")).header("Authorization", "Bearer " + TOKEN).build();
        HttpRequest ranked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port()
                + "/api/v1/territories")).header("Authorization", "Bearer " + TOKEN).build();
        HttpRequest cityTools = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port()
                + "/api/v1/territories/" + CITY + "/tools")).header("Authorization", "Bearer " + TOKEN).build();
        Poll.until("territory figures readable within 90 s", Duration.ofSeconds(90), Duration.ofMillis(200),
                () -> http.send(summary, HttpResponse.BodyHandlers.ofString()).body().contains("\"participantsActive\":3,")
                        && http.send(ranked, HttpResponse.BodyHandlers.ofString()).body().contains("\"territoryId\":\"" + TOWN + "\"")
                        && http.send(cityTools, HttpResponse.BodyHandlers.ofString()).body().contains("\"toolId\":\"" + PILOT + "\""));
    }

    private static String village(int i) {
        return String.format("gr-%s-%02d", RUN, i);
    }

    private static String base() {
        return "http://127.0.0.1:" + service.port() + "/";
    }

    private static HttpResponse<String> api(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertNoSevereConsoleEntry(ChromeDriver browser) {
        assertThat(HeadlessChromium.severeConsoleEntries(browser)).isEmpty();
    }

    private static String text(ChromeDriver browser, String selector) {
        // the live page redraws its table at each summary: an element found may be replaced before it is read
        for (int attempt = 1; ; attempt++) {
            try {
                return browser.findElement(By.cssSelector(selector)).getText().replace('\u00a0', ' ').replace('\u202f', ' ');
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /**
     * Review 10, findings 2 and 7: Token Town's figures are hidden from the public. Luxembourg is not a small count: its
     * tiles read "at least" the sum of its published territories and say why, never "< 5"; the week's departures, from a
     * weekly series the public does not get, read "—" rather than 0, and the growth chart says why it is empty. The public
     * latest event is to the day: shown as a date, with no "12:00 AM".
     */
    @Test
    void aPublicCountryViewWithAHiddenTerritoryShowsAtLeastItsPublishedSumAndTheLatestEventAsADate() throws Exception {
        // every one of Luxembourg's events counted first (read exactly), so the public list below is the final one
        Poll.until("Luxembourg's figures within 90 s", Duration.ofSeconds(90), Duration.ofMillis(200),
                () -> api("api/v1/territories/" + CITY + "/summary", TOKEN).body().contains("\"participantsActive\":30,")
                        && api("api/v1/territories/" + TOWN + "/summary", TOKEN).body().contains("\"participantsActive\":12,")
                        && api("api/v1/territories/" + HAMLET + "/summary", TOKEN).body().contains("\"participantsActive\":8,"));
        // the public list is decided again in the background about once a second: wait for a decision made after them
        Thread.sleep(2_500);
        com.fasterxml.jackson.databind.JsonNode ranked = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(api("api/v1/territories", null).body());
        long published = 0;
        List<String> hidden = new java.util.ArrayList<>();
        String dated = null; // a territory whose latest event the public reads
        String lastEvent = null;
        for (com.fasterxml.jackson.databind.JsonNode row : ranked) {
            if (row.path("countryCode").asText().equals("LU")) {
                if (row.path("participantsActive").isNull()) {
                    hidden.add(row.path("territoryId").asText());
                } else {
                    published += row.path("participantsActive").asLong();
                }
                if (!row.path("lastEventAt").isNull()) {
                    dated = row.path("territoryId").asText();
                    lastEvent = row.path("lastEventAt").asText();
                }
            }
        }
        // (whether the city's and the borough's are published depends on the day their history falls on)
        assertThat(hidden).as("Token Town's 3 are hidden from the public").contains(TERRITORY);
        assertThat(published).as("the hamlet's 8 at least published: %s", ranked).isGreaterThanOrEqualTo(HAMLET_PARTICIPANTS);
        assertThat(lastEvent).as("the public latest event is to the day").isNotNull().endsWith("T00:00:00Z");
        String atLeast = "at least " + published;

        ChromeDriver browser = HeadlessChromium.start(1280, 900, "en-GB,en");
        try {
            browser.get(base() + "?country=LU&lang=en");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));
            String active = "[data-tile='participantsActive'] .tile-value";
            wait.until((WebDriver d) -> text(browser, active).equals(atLeast));
            assertThat(browser.findElement(By.cssSelector(active)).getAttribute("data-value")).isEqualTo(String.valueOf(published));
            assertThat(text(browser, ".tiles")).as("no tile of the country reads as a small count").doesNotContain("< 5");
            // review 11, finding 11: Token Town's assessments are hidden, its neighbours' published: the mean is hidden,
            // there is data
            assertThat(text(browser, "[data-tile='footprint']")).contains("hidden").doesNotContain("No data yet");
            // counted: the territories with any count left out of the country's sums (active, new this month...)
            assertThat(text(browser, "#scope-note")).contains("sum of 4 territories")
                    .containsPattern("Some figures of [" + hidden.size() + "-4] territor(y|ies) are hidden from the public"
                            + " \\(counts under 5, or hidden with one\\)");
            assertThat(text(browser, "#momentum-facts [data-field='leftWeek']")).as("not a fabricated 0").isEqualTo("—");
            assertThat(browser.findElement(By.id("growth-hidden")).isDisplayed()).isTrue();
            assertThat(text(browser, "#growth-hidden")).startsWith("A country's weekly series");
            // a latest event as the public reads it: a date, no time of day
            String cityLastEventCell = "#territory-table tr[data-territory='" + dated + "'] td:last-of-type";
            wait.until((WebDriver d) -> !d.findElements(By.cssSelector(cityLastEventCell)).isEmpty());
            assertThat(text(browser, cityLastEventCell)).isNotEqualTo("—").doesNotContainPattern("\\d:\\d\\d").doesNotContain("AM", "PM");
            assertThat(text(browser, "#last-event")).doesNotContainPattern("\\d:\\d\\d");

            // review 10, finding 11: "< 5" marks the hidden count only; what is worked out from it reads "hidden"
            String targetRow = "#targets-table tr[data-target='town-ever-" + RUN + "'] ";
            wait.until((WebDriver d) -> !d.findElements(By.cssSelector(targetRow + ".progress-label")).isEmpty());
            assertThat(text(browser, targetRow + ".progress-label")).isEqualTo("< 5 / 50 (hidden)");
            assertThat(text(browser, targetRow + "td:nth-of-type(3)")).as("needed per week").isEqualTo("hidden");
            assertThat(text(browser, targetRow + "td:nth-of-type(4)")).as("projection").isEqualTo("hidden");
            assertThat(text(browser, targetRow + "td:nth-of-type(5)")).as("on track").isEqualTo("hidden");
            // review 11: no bar either, an empty one read as 0 % of the target, behind
            assertThat(browser.findElements(By.cssSelector(targetRow + ".progress, " + targetRow + "[role='progressbar']")))
                    .as("a hidden progress draws no bar").isEmpty();
            assertThat(text(browser, targetRow.trim())).doesNotContain("behind", "on track", "0%");

            browser.findElement(By.cssSelector(".lang-switch button[data-lang='fr']")).click();
            String auMoins = "au moins " + published;
            wait.until((WebDriver d) -> text(browser, active).equals(auMoins));
            assertThat(text(browser, "#scope-note")).contains("territoires sont masqués au public");
            assertThat(text(browser, targetRow + "td:nth-of-type(5)")).isEqualTo("masqué");
            assertNoSevereConsoleEntry(browser);
        } finally {
            browser.quit();
        }
    }

    /**
     * Review 12, finding 6: every territory of Liechtenstein is hidden from the public, so its sum of assessments leaves
     * them all out (0, listed in "atLeast" and "leftOut"): its mean footprint is hidden, not "No data yet".
     */
    @Test
    void aPublicCountryViewWhoseEveryTerritoryIsHiddenSaysItsMeanFootprintIsHiddenNotNoData() throws Exception {
        Poll.until("the lone territory's footprints within 90 s", Duration.ofSeconds(90), Duration.ofMillis(200),
                () -> api("api/v1/territories/" + LONE + "/summary", TOKEN).body().contains("\"assessments\":2,"));
        Thread.sleep(2_500); // a public decision made after them
        com.fasterxml.jackson.databind.JsonNode footprint = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(api("api/v1/countries/LI/summary", null).body()).path("footprint");
        assertThat(footprint.path("leftOut").path("assessments").asLong()).as("%s", footprint).isEqualTo(1);
        assertThat(footprint.path("meanTonnes").isNull()).isTrue();

        ChromeDriver browser = HeadlessChromium.start(1280, 900, "en-GB,en");
        try {
            browser.get(base() + "?country=LI&lang=en");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));
            String tile = "[data-tile='footprint']";
            wait.until((WebDriver d) -> text(browser, tile + " .tile-value").equals("hidden"));
            assertThat(text(browser, tile)).doesNotContain("No data yet");
            assertThat(text(browser, "#footprint-facts [data-field='meanTonnes']")).isEqualTo("hidden");
            assertThat(text(browser, "#footprint-facts [data-field='assessments']")).isEqualTo("hidden");
            browser.findElement(By.cssSelector(".lang-switch button[data-lang='fr']")).click();
            wait.until((WebDriver d) -> text(browser, tile + " .tile-value").equals("masqué"));
            assertThat(text(browser, tile)).doesNotContain("Pas encore de données");
            assertNoSevereConsoleEntry(browser);
        } finally {
            browser.quit();
        }
    }

    /**
     * Review 10, finding 3: the country view once added up its first 60 territories only. Greece has 61: the coordination
     * team's exact view adds every one, and says how many it added.
     */
    @Test
    void aCountryOfMoreThanSixtyTerritoriesAddsUpEveryOne() throws Exception {
        ChromeDriver browser = HeadlessChromium.start(1280, 900, "en-GB,en");
        try {
            browser.get(base());
            browser.executeScript("sessionStorage.setItem('together.viewerToken', arguments[0])", TOKEN);
            browser.get(base() + "?country=GR&lang=en");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
            String active = "[data-tile='participantsActive'] .tile-value";
            String expected = String.valueOf(GREEK_VILLAGES * VILLAGERS);
            wait.until((WebDriver d) -> expected.equals(d.findElement(By.cssSelector(active)).getAttribute("data-value")));
            assertThat(browser.findElement(By.id("audience")).getAttribute("data-audience")).isEqualTo("internal");
            assertThat(text(browser, active)).isEqualTo(expected);
            assertThat(browser.findElement(By.cssSelector("[data-tile='territoriesActive'] .tile-value")).getAttribute("data-value"))
                    .isEqualTo(String.valueOf(GREEK_VILLAGES));
            assertThat(text(browser, "#scope-note")).startsWith("Showing Greece: sum of " + GREEK_VILLAGES + " territories.");
            assertThat(browser.findElements(By.cssSelector("#territory-table tbody tr"))).hasSize(GREEK_VILLAGES);
            assertAFewRequestsPerRefresh(browser, "GR");
            assertNoSevereConsoleEntry(browser);
        } finally {
            browser.quit();
        }
    }

    /**
     * The country view asks the API for the country's figures in one answer (two with its weekly series), whatever the
     * number of its territories: no question about its territories one by one (it once asked 3 or 4 per territory,
     * about 1,600 a refresh for a country of 400). Counted from the page's own resource timing entries.
     */
    @SuppressWarnings("unchecked")
    private static void assertAFewRequestsPerRefresh(ChromeDriver browser, String country) {
        Map<String, Object> asked = (Map<String, Object>) browser.executeScript(
                "const names = performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/api/v1/'));"
                        + "return { perTerritory: names.filter((n) => n.includes('/api/v1/territories/')).length,"
                        + " country: names.filter((n) => n.includes('/api/v1/countries/' + arguments[0] + '/')).length,"
                        + " api: names.length, refreshes: Number(document.body.dataset.refreshes) };", country);
        long refreshes = ((Number) asked.get("refreshes")).longValue();
        assertThat(refreshes).as("refreshes counted: %s", asked).isPositive();
        assertThat(((Number) asked.get("perTerritory")).longValue()).as("territory by territory: %s", asked).isZero();
        assertThat(((Number) asked.get("country")).longValue()).as("the country's answers: %s", asked)
                .isBetween(1L, 2 * (refreshes + 1));
        // the ranked list, the country's two answers and the meeting's four (approaches, cohorts, footprint, targets)
        assertThat(((Number) asked.get("api")).longValue()).as("every API request: %s", asked).isLessThanOrEqualTo(8 * (refreshes + 1));
    }

    @AfterAll
    static void stop() {
        if (traffic != null) {
            traffic.close();
        }
        if (service != null) {
            service.close();
        }
    }

    /**
     * "< 5" marks a small figure and one hidden with it alike (a second mark would tell which is small): every block of
     * figures (the headline tiles, each card) whose visible text shows it ends with the note saying it may be either,
     * and no other block shows that part of the note; the same for a count marked "hidden" (at least 5). A note is shown
     * only beside a hidden figure, as the block's last element, and is made of the parts above in their order (the part
     * on a hidden mean or rate is checked where one is known to be shown). Returns the blocks that show "< 5" or a count
     * marked "hidden", by their heading's id.
     */
    private static List<String> blocksShowingTheMark(ChromeDriver browser, boolean expectSome) {
        List<String> showing = new java.util.ArrayList<>();
        for (WebElement block : browser.findElements(By.cssSelector("#main > section, #main .card"))) {
            String heading = block.getAttribute("aria-labelledby");
            List<WebElement> notes = block.findElements(By.cssSelector(":scope > .hidden-note"));
            WebElement last = block.findElement(By.xpath("./*[last()]"));
            boolean noteShown = !notes.isEmpty() && notes.get(0).isDisplayed();
            String text = block.getText();
            String note = noteShown ? notes.get(0).getText() : "";
            if (noteShown) {
                assertThat(last).as("%s: the note is the block's last element", heading).isEqualTo(notes.get(0));
                assertThat(note).as(heading).matches("(\\Q" + SMALL + "\\E)?((; )?\\Q" + BOUNDED + "\\E)?((; )?\\Q" + DERIVED
                        + "\\E)?\\.").isNotEqualTo(".");
                text = text.replace(note, "");
            }
            boolean small = text.matches("(?s).*<\\s5(?!\\d).*");
            boolean bounded = block.findElements(By.cssSelector("[data-mark='hidden-count']")).stream().anyMatch(WebElement::isDisplayed);
            assertThat(note.contains(SMALL)).as("%s shows \"< 5\": %s, so its note explains it: %s", heading, small, text)
                    .isEqualTo(small);
            assertThat(note.contains(BOUNDED)).as("%s shows a count marked hidden: %s, so its note explains it: %s", heading,
                    bounded, text).isEqualTo(bounded);
            if (small || bounded) {
                showing.add(heading);
            }
        }
        assertThat(showing.isEmpty()).isEqualTo(!expectSome);
        return showing;
    }

    /**
     * Review 14, finding 6: a hidden week-over-week rate reads "hidden" beside the "< 5" of a territory's counts, and the
     * table's note explains both, the rate not as "at least 5"; in French too.
     */
    @Test
    void theTerritoryTablesNoteExplainsAHiddenRateBesideTheSmallCountsInBothLanguages() throws Exception {
        ChromeDriver browser = HeadlessChromium.start(1280, 900, "en-GB,en");
        try {
            browser.get(base() + "?lang=en");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));
            wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
            String rate = "#territory-table tr[data-territory='" + TERRITORY + "'] td:nth-of-type(5)";
            wait.until((WebDriver d) -> !d.findElements(By.cssSelector(rate)).isEmpty() && "hidden".equals(text(browser, rate)));
            String note = "[aria-labelledby='territories-heading'] > .hidden-note";
            wait.withMessage(() -> "the table's note explains \"< 5\" and the hidden rate, was: " + text(browser, note))
                    .until((WebDriver d) -> (SMALL + "; " + DERIVED + ".").equals(text(browser, note)));

            browser.findElement(By.cssSelector(".lang-switch button[data-lang='fr']")).click();
            wait.until((WebDriver d) -> "masqué".equals(text(browser, rate)));
            assertThat(text(browser, note)).isEqualTo("« < 5 » : moins de 5, ou un chiffre de toute taille masqué avec un tel "
                    + "chiffre pour qu'il ne se déduise pas du total publié (un « < 5 » peut donc valoir bien plus) ; « masqué » pour une moyenne, une part, un taux ou un chiffre déduit d'un "
                    + "effectif : non publié, pour qu'aucun petit effectif ne s'en déduise.");
            assertNoSevereConsoleEntry(browser);
        } finally {
            browser.quit();
        }
    }

    /**
     * Review 20, finding 11 (WCAG 1.3.1): screen readers read the sign of "< 5" as "less" or not at all. The page still shows
     * (and copies) "< 5"; its accessible text is "fewer than 5", "moins de 5" in French.
     */
    @Test
    void aHiddenCountReadsFewerThanFiveToScreenReadersInBothLanguages() throws Exception {
        ChromeDriver browser = HeadlessChromium.start(1280, 900, "en-GB,en");
        try {
            browser.get(base() + "?lang=en");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));
            wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
            String active = "#territory-table tr[data-territory='" + TERRITORY + "'] td:nth-of-type(3)";
            wait.until((WebDriver d) -> !d.findElements(By.cssSelector(active)).isEmpty() && "< 5".equals(text(browser, active)));
            assertThat(browser.findElement(By.cssSelector(active)).getAccessibleName()).isEqualTo("fewer than 5");
            assertThat(browser.executeScript("return document.querySelector(arguments[0]).textContent", active)).isEqualTo("< 5");

            browser.findElement(By.cssSelector(".lang-switch button[data-lang='fr']")).click();
            wait.until((WebDriver d) -> "moins de 5".equals(d.findElement(By.cssSelector(active)).getAccessibleName()));
            assertThat(text(browser, active)).isEqualTo("< 5");
            assertNoSevereConsoleEntry(browser);
        } finally {
            browser.quit();
        }
    }

    /**
     * Review 14, finding 6: the public table ranks as the public API's ranked list does: published counts above zero,
     * then the hidden ones ("< 5" may hold 4, or more as a partner; among themselves by id, as the API lists them), then
     * the published zeros. It once listed a territory of 0 above Token Town's "< 5".
     */
    @Test
    void thePublicTableRanksHiddenActiveCountsAboveZerosAsTheApiDoes() throws Exception {
        ChromeDriver browser = HeadlessChromium.start(1280, 900, "en-GB,en");
        try {
            browser.get(base() + "?lang=en");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));
            wait.until((WebDriver d) -> {
                List<String> rows = tableRows(browser);
                return rows.contains(EMPTY) && rows.contains(TERRITORY);
            });
            wait.withMessage(() -> "the table in the API's ranking (published above zero, hidden by id, zeros), was: "
                    + tableRows(browser)).until((WebDriver d) -> {
                try {
                    List<String> api = new java.util.ArrayList<>();
                    List<String> apiHidden = new java.util.ArrayList<>();
                    java.util.Map<String, Integer> group = new java.util.HashMap<>();
                    for (com.fasterxml.jackson.databind.JsonNode row : new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(api("api/v1/territories", null).body())) {
                        com.fasterxml.jackson.databind.JsonNode active = row.path("participantsActive");
                        String id = row.path("territoryId").asText();
                        api.add(id);
                        group.put(id, active.isNull() ? 1 : active.asLong() == 0 ? 2 : 0);
                        if (active.isNull()) {
                            apiHidden.add(id);
                        }
                    }
                    List<String> rows = tableRows(browser);
                    List<Integer> groups = rows.stream().map(id -> group.getOrDefault(id, -1)).toList();
                    return group.get(EMPTY) == 2 && group.get(TERRITORY) == 1 && rows.size() == api.size()
                            && groups.equals(groups.stream().sorted().toList())
                            && rows.stream().filter(apiHidden::contains).toList().equals(apiHidden);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            List<String> rows = tableRows(browser);
            assertThat(rows.indexOf(TERRITORY)).as("Token Town's \"< 5\" above Token Empty's 0").isLessThan(rows.indexOf(EMPTY));
            assertThat(text(browser, "#territory-table tr[data-territory='" + EMPTY + "'] td:nth-of-type(3)")).isEqualTo("0");
            assertNoSevereConsoleEntry(browser);
        } finally {
            browser.quit();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> tableRows(ChromeDriver browser) {
        return (List<String>) browser.executeScript(
                "return [...document.querySelectorAll('#territory-table tbody tr')].map(r => r.dataset.territory)");
    }

    @Test
    void thePublicPageHidesSmallCountsAndTheViewerTokenShowsThemExactLive() throws Exception {
        ChromeDriver browser = HeadlessChromium.start(1280, 900, "en-GB,en");
        try {
            browser.get("http://127.0.0.1:" + service.port() + "/?territory=" + TERRITORY + "&lang=en");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));
            By active = By.cssSelector("[data-tile='participantsActive'] .tile-value");
            wait.until((WebDriver d) -> "< 5".equals(d.findElement(active).getText()));
            assertThat(browser.findElement(By.id("audience")).getAttribute("data-audience")).isEqualTo("public");
            assertThat(browser.findElement(By.id("audience")).getText()).isEqualTo("Public figures: small counts hidden");
            assertThat(browser.findElement(By.id("suppression-note")).isDisplayed()).isTrue();
            assertThat(browser.findElement(By.id("suppression-note")).getText()).startsWith("< 5 and \"hidden\" mark hidden figures.")
                    .contains("1 to 4 people, groups or assessments");
            // review 20, finding 16: first in the main landmark, where the skip link lands
            assertThat(browser.executeScript("return document.querySelector('main > #suppression-note') !== null")).isEqualTo(true);
            assertThat(browser.findElement(By.id("growth-hidden")).isDisplayed()).as("no weekly series of a territory").isTrue();
            assertThat(blocksShowingTheMark(browser, true)).as("the headline tiles and the territories' table at least")
                    .contains("headline-heading", "territories-heading");
            // review 11, finding 10: a hidden rate is "hidden"; "< 5" would read as under 5 %
            assertThat(text(browser, "#territory-table tr[data-territory='" + TERRITORY + "'] td:nth-of-type(5)"))
                    .as("Token Town's week-over-week rate").isEqualTo("hidden");
            // the city's pilot, which this territory never used, is listed as hidden as the city's own 3 is
            By pilot = By.cssSelector("#tools-table tbody tr[data-tool='" + PILOT + "']");
            wait.until((WebDriver d) -> !d.findElements(pilot).isEmpty());
            assertThat(browser.findElement(pilot).findElements(By.tagName("td")).get(1).getText())
                    .as("the pilot's starts").isEqualTo("< 5");
            assertThat(browser.findElement(By.id("token-dialog")).getAttribute("open")).as("open reading: nothing asked").isNull();
            wait.until((WebDriver d) -> "live".equals(d.findElement(By.id("connection")).getAttribute("data-state")));

            browser.findElement(By.cssSelector(".lang-switch button[data-lang='fr']")).click();
            assertThat(browser.findElement(By.id("audience")).getText()).isEqualTo("Chiffres publics\u202f: petits effectifs masqués");
            assertThat(browser.findElement(By.id("suppression-note")).getText()).startsWith("< 5 et «\u202fmasqué\u202f» marquent les chiffres masqués.");
            assertThat(browser.findElement(By.cssSelector("[aria-labelledby='headline-heading'] > .hidden-note")).getText())
                    .startsWith("«\u202f< 5\u202f»\u202f: moins de 5, ou un chiffre de toute taille masqué avec un tel chiffre pour qu'il ne se "
                            + "déduise pas du total publié (un «\u202f< 5\u202f» peut donc valoir bien plus)")
                    .doesNotContain("au moins 5");
            browser.findElement(By.cssSelector(".lang-switch button[data-lang='en']")).click();

            browser.findElement(By.id("token-open")).click();
            wait.until((WebDriver d) -> d.findElement(By.id("token-dialog")).getAttribute("open") != null);
            browser.findElement(By.id("token-input")).sendKeys(TOKEN);
            browser.findElement(By.cssSelector("#token-form button[type='submit']")).click();

            wait.until((WebDriver d) -> "3".equals(d.findElement(active).getAttribute("data-value")));
            // review 20, finding 10 (WCAG 2.4.3): the button that opened the dialog is hidden now; focus is on the one in its place
            assertThat(browser.executeScript("return document.activeElement.id")).isEqualTo("token-forget");
            // review 11, finding 14: this week is not over, so no arrow against the whole of last week
            wait.until((WebDriver d) -> d.findElement(By.cssSelector("[data-tile='newThisWeek'] .tile-change")).getText()
                    .startsWith("whole of last week: "));
            assertThat(browser.findElement(By.cssSelector("[data-tile='newThisWeek'] .tile-change")).getAttribute("data-trend"))
                    .isEqualTo("same");
            assertThat(browser.findElement(By.id("audience")).getAttribute("data-audience")).isEqualTo("internal");
            assertThat(browser.findElement(By.id("audience")).getText()).isEqualTo("Internal figures, exact: do not publish");
            assertThat(browser.findElement(By.id("suppression-note")).isDisplayed()).isFalse();
            assertThat(blocksShowingTheMark(browser, false)).as("exact figures: no mark, no note").isEmpty();
            // EventSource cannot send headers: the live stream opened with the token as a query parameter.
            wait.until((WebDriver d) -> "live".equals(d.findElement(By.id("connection")).getAttribute("data-state")));
            assertThat(browser.executeScript("return sessionStorage.getItem('together.viewerToken')")).isEqualTo(TOKEN);
            assertThat(browser.getCurrentUrl()).as("the token is never put in the page's URL").doesNotContain(TOKEN);

            browser.findElement(By.id("token-forget")).click();
            assertThat(browser.executeScript("return document.activeElement.id")).isEqualTo("token-open");
            wait.until((WebDriver d) -> "< 5".equals(d.findElement(active).getText()));
            assertThat(browser.executeScript("return sessionStorage.getItem('together.viewerToken')")).isNull();

            List<String> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                    .map(LogEntry::getMessage)
                    .toList();
            assertThat(severe).isEmpty();
        } finally {
            browser.quit();
        }
    }

    /**
     * Review 13, finding 3: Alpha-Ville's 21 ever are hidden beside its 18 active, which they hold. "< 5" there would
     * state what the tile beside it proves false: the tile, and the target on its participants ever, read "hidden"
     * ("masqué"), explained by the block's note; Token Town's ever, bounded by nothing published (its 3 active are
     * hidden), still reads "< 5".
     */
    @Test
    void aHiddenEverAtLeastItsPublishedActiveReadsHiddenNotLessThanKOnTheTileAndTheTarget() throws Exception {
        Poll.until("Alpha-Ville's public figures within 90 s", Duration.ofSeconds(90), Duration.ofMillis(200),
                () -> api("api/v1/territories/" + ALPHA + "/summary", null).body().contains("\"participantsActive\":18,"));
        String summary = api("api/v1/territories/" + ALPHA + "/summary", null).body();
        assertThat(summary).as("the public reads 18 active and not the 21 ever").contains("\"participantsEver\":null");
        ChromeDriver browser = HeadlessChromium.start(1280, 900, "en-GB,en");
        try {
            browser.get(base() + "?territory=" + ALPHA + "&lang=en");
            // the page draws again on every live update: each figure is read afresh until it shows what is expected
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));
            wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
            wait.until((WebDriver d) -> "18".equals(d.findElement(By.cssSelector("[data-tile='participantsActive'] .tile-value"))
                    .getAttribute("data-value")));
            wait.until((WebDriver d) -> "hidden".equals(text(browser, ".tile-ever")));
            String target = "#targets-table tr[data-target='alpha-ever-" + RUN + "'] .progress-label";
            wait.until((WebDriver d) -> "hidden / 30 (hidden)".equals(text(browser, target)));
            String note = wait.until((WebDriver d) -> text(browser, "[aria-labelledby='headline-heading'] > .hidden-note"));
            // the note explains the marks the tiles show: the count marked "hidden" (and "< 5" where one is shown)
            assertThat(note).contains(BOUNDED).doesNotContain(DERIVED);
            wait.until((WebDriver d) -> blocksShowingTheMark(browser, true));

            browser.findElement(By.cssSelector(".lang-switch button[data-lang='fr']")).click();
            wait.until((WebDriver d) -> "masqué".equals(text(browser, ".tile-ever")));
            wait.until((WebDriver d) -> text(browser, target).startsWith("masqué / 30"));

            browser.get(base() + "?territory=" + TERRITORY + "&lang=en");
            wait.until((WebDriver d) -> "< 5".equals(text(browser, "[data-tile='participantsActive'] .tile-value")));
            // Token Town's ever: nothing published bounds it
            wait.until((WebDriver d) -> "< 5".equals(text(browser, ".tile-ever")));
            String town = "#targets-table tr[data-target='town-ever-" + RUN + "'] .progress-label";
            wait.until((WebDriver d) -> text(browser, town).startsWith("< 5 / 50"));
            assertNoSevereConsoleEntry(browser);
        } finally {
            browser.quit();
        }
    }
}
