package org.together.aggregation.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.together.aggregation.AggregationConfig;
import org.together.aggregation.AggregationStreamsService;
import org.together.aggregation.Poll;
import org.together.embedded.EmbeddedStack;
import org.together.embedded.kafka.FreePorts;

/**
 * A small territory's team (3 people: "< 5" for the public) opens the dashboard with its own territory's token: it
 * lands on its territory's page and reads its own figures exactly there and in the territories' table, while another
 * small territory stays "< 5" and the page says which reading it is in. Its token is never sent where it opens nothing
 * (no 401 in the console, the live stream included); a wrong token is refused in the dialog, and a revoked one is
 * forgotten with a message while the page goes on in public.
 */
class DashboardTerritoryTokenTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String VIEWER = "viewer-" + RUN + "-secret-of-24-chars";
    private static final String VILLAGE = "team-village-" + RUN;
    private static final String HAMLET = "team-hamlet-" + RUN;
    private static final String TOWN = "team-town-" + RUN;
    /** The village's own token, as ingest gave it to its team when the territory was registered. */
    private static final String VILLAGE_TOKEN = "tgt_village-" + UUID.randomUUID();

    private static AggregationStreamsService service;
    private static TerritoryTraffic traffic;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(HeadlessChromium.installed(),
                "needs Debian's chromium and chromium-driver packages");
        EmbeddedStack stack = EmbeddedStack.sharedForTests();
        service = new AggregationStreamsService(new AggregationConfig(stack.bootstrapServers(), stack.registryUrl(),
                "dashboard-team-test-" + RUN, "127.0.0.1", FreePorts.pick(), "127.0.0.1",
                Files.createTempDirectory("dashboard-team-state-"), Optional.of(VIEWER), Optional.empty(), Map.of()));
        service.start();
        base = "http://127.0.0.1:" + service.port() + "/";
        // registered as ingest registers a territory: its reference record and its token's hash
        traffic = new TerritoryTraffic(stack.bootstrapServers(), stack.registryUrl());
        traffic.territory(VILLAGE, "Petit Village", "BE", "village", 50.46, 4.87);
        traffic.credential(VILLAGE, VILLAGE_TOKEN, false);
        traffic.territory(HAMLET, "Other Hamlet", "BE", "village", 50.47, 4.86);
        traffic.territory(TOWN, "Team Town", "BE", "municipality", 50.45, 4.88);
        traffic.history(VILLAGE, 3, 4.0, Instant.now());
        traffic.history(HAMLET, 2, 4.0, Instant.now());
        traffic.history(TOWN, 12, 4.0, Instant.now());
        traffic.flush();
        // readable before the page opens: this test is about the token, not start-up
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest own = HttpRequest.newBuilder(URI.create(base + "api/v1/territories/" + VILLAGE + "/summary"))
                .header("Authorization", "Bearer " + VILLAGE_TOKEN).build();
        HttpRequest ranked = HttpRequest.newBuilder(URI.create(base + "api/v1/territories"))
                .header("Authorization", "Bearer " + VIEWER).build();
        Poll.until("territory figures readable within 90 s", Duration.ofSeconds(90), Duration.ofMillis(200),
                () -> http.send(own, HttpResponse.BodyHandlers.ofString()).body().contains("\"participantsActive\":3,")
                        && http.send(ranked, HttpResponse.BodyHandlers.ofString()).body().contains("\"territoryId\":\"" + HAMLET + "\"")
                        && http.send(ranked, HttpResponse.BodyHandlers.ofString()).body().contains("\"territoryId\":\"" + TOWN + "\""));
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

    private static final By ACTIVE = By.cssSelector("[data-tile='participantsActive'] .tile-value");

    /** The active participants shown in a territory's line of the territories' table (read at once: it is redrawn live). */
    private static String activeCell(WebDriver browser, String territory) {
        Object text = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const tr = document.querySelector(`#territory-table tbody tr[data-territory='${arguments[0]}']`);"
                        + "return tr ? tr.querySelectorAll('td')[2].textContent : null;", territory);
        return text == null ? null : text.toString();
    }

    private static boolean lineShown(WebDriver browser, String territory) {
        return !browser.findElements(By.cssSelector("#territory-table tbody tr[data-territory='" + territory + "']")).isEmpty();
    }

    @Test
    void aTerritorysTeamReadsItsOwnFiguresExactlyAndTheRestAsThePublic() throws Exception {
        ChromeDriver browser = HeadlessChromium.start(1280, 900, "en-GB,en");
        try {
            org.openqa.selenium.support.ui.Wait<WebDriver> wait = new WebDriverWait(browser, Duration.ofSeconds(90)).ignoring(org.openqa.selenium.StaleElementReferenceException.class);
            browser.get(base + "?lang=en");
            browser.executeScript("sessionStorage.setItem('together.viewerToken', arguments[0])", VILLAGE_TOKEN);
            browser.get(base + "?lang=en");

            // it lands on its territory's page, its 3 participants exact
            wait.until((WebDriver d) -> "3".equals(d.findElement(ACTIVE).getAttribute("data-value")));
            assertThat(browser.getCurrentUrl()).contains("territory=" + VILLAGE).doesNotContain(VILLAGE_TOKEN);
            assertThat(browser.findElement(ACTIVE).getText()).isEqualTo("3");
            WebElement audience = browser.findElement(By.id("audience"));
            assertThat(audience.getAttribute("data-audience")).isEqualTo("territory");
            assertThat(audience.getText())
                    .isEqualTo("Territory team of Petit Village: exact figures for Petit Village, public for the rest");
            assertThat(browser.findElement(By.id("growth-hidden")).isDisplayed()).as("its own weekly series is shown").isFalse();
            assertThat(browser.findElement(By.id("token-forget")).isDisplayed()).isTrue();
            assertThat(browser.findElement(By.id("reader-home")).isDisplayed()).as("already on its page").isFalse();

            // in the territories' table: its own line exact, the other small territory as the public reads it
            wait.until((WebDriver d) -> lineShown(d, VILLAGE) && lineShown(d, HAMLET) && lineShown(d, TOWN));
            assertThat(activeCell(browser, VILLAGE)).isEqualTo("3");
            assertThat(activeCell(browser, HAMLET)).isEqualTo("< 5");

            // the live stream opens without the token: it carries the network's public figures, which the token reads the same
            wait.until((WebDriver d) -> "live".equals(d.findElement(By.id("connection")).getAttribute("data-state")));

            // another territory's page: public, with a one-click way back to its own
            activeCellName(browser, HAMLET).click();
            wait.until((WebDriver d) -> "< 5".equals(d.findElement(ACTIVE).getText()));
            assertThat(browser.findElement(By.id("growth-hidden")).isDisplayed()).isTrue();
            assertThat(audience.getAttribute("data-audience")).isEqualTo("territory");
            WebElement home = browser.findElement(By.id("reader-home"));
            assertThat(home.isDisplayed()).isTrue();
            assertThat(home.getText()).isEqualTo("Go to Petit Village's page");
            home.click();
            wait.until((WebDriver d) -> "3".equals(d.findElement(ACTIVE).getAttribute("data-value")));
            assertThat(browser.getCurrentUrl()).contains("territory=" + VILLAGE);

            // the network's page: the network's figures, published exact, read without the token
            int refreshes = Integer.parseInt(browser.findElement(By.tagName("body")).getAttribute("data-refreshes"));
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter-territory"))).selectByValue("");
            wait.until((WebDriver d) -> !d.getCurrentUrl().contains("territory=")
                    && Integer.parseInt(d.findElement(By.tagName("body")).getAttribute("data-refreshes")) > refreshes);
            assertThat(browser.findElement(By.id("scope-note")).getText()).isEqualTo("Showing the whole network.");
            assertThat(activeCell(browser, VILLAGE)).isEqualTo("3");
            assertThat(activeCell(browser, HAMLET)).isEqualTo("< 5");

            assertThat(HeadlessChromium.severeConsoleEntries(browser)).as("no question refused: the token went only where it opens figures").isEmpty();

            traffic.credential(VILLAGE, VILLAGE_TOKEN, true); // revoked by the coordination team
            traffic.flush();
            Thread.sleep(1_000);
            traffic.joined(HAMLET, HAMLET + "-late", Instant.now()); // the network moves: the page reads again (the hamlet: 3, still "< 5")
            traffic.flush();
            wait.until((WebDriver d) -> "public".equals(d.findElement(By.id("audience")).getAttribute("data-audience")));
            WebElement message = browser.findElement(By.id("token-message"));
            assertThat(message.isDisplayed()).isTrue();
            assertThat(message.getText()).isEqualTo(
                    "The token was not accepted (wrong, replaced or revoked): it is forgotten, and the public figures are shown.");
            assertThat(browser.executeScript("return sessionStorage.getItem('together.viewerToken')")).isNull();
            wait.until((WebDriver d) -> "< 5".equals(activeCell(d, VILLAGE)));
            assertThat(browser.findElement(By.id("audience")).getText()).isEqualTo("Public figures: small counts hidden");
        } finally {
            browser.quit();
        }
    }

    @Test
    void aWrongTokenIsRefusedInTheDialogAndTheTerritorysTokenTakesItsTeamToItsPage() throws Exception {
        ChromeDriver browser = HeadlessChromium.start(1280, 900, "en-GB,en");
        try {
            org.openqa.selenium.support.ui.Wait<WebDriver> wait = new WebDriverWait(browser, Duration.ofSeconds(90)).ignoring(org.openqa.selenium.StaleElementReferenceException.class);
            String token = "tgt_team-town-" + UUID.randomUUID();
            traffic.credential(TOWN, token, false);
            traffic.flush();
            browser.get(base + "?lang=en");
            wait.until((WebDriver d) -> lineShown(d, HAMLET));
            assertThat(browser.findElement(By.id("audience")).getAttribute("data-audience")).isEqualTo("public");

            browser.findElement(By.id("token-open")).click();
            wait.until((WebDriver d) -> d.findElement(By.id("token-dialog")).getAttribute("open") != null);
            browser.findElement(By.id("token-input")).sendKeys("tgt_guess-" + RUN);
            browser.findElement(By.cssSelector("#token-form button[type='submit']")).click();
            wait.until((WebDriver d) -> d.findElement(By.id("token-refused")).isDisplayed());
            assertThat(browser.findElement(By.id("token-refused")).getText())
                    .isEqualTo("This token was not accepted (wrong, replaced or revoked).");
            assertThat(browser.findElement(By.id("token-dialog")).getAttribute("open")).as("still open").isNotNull();
            assertThat(browser.executeScript("return sessionStorage.getItem('together.viewerToken')")).isNull();

            // a new token is known to the query API within a few seconds of its registration
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            do {
                WebElement input = browser.findElement(By.id("token-input"));
                input.clear();
                input.sendKeys(token);
                browser.findElement(By.cssSelector("#token-form button[type='submit']")).click();
                Thread.sleep(500);
                assertThat(System.nanoTime()).as("the town's token accepted within 30 s").isLessThan(deadline);
            } while (browser.findElement(By.id("token-dialog")).getAttribute("open") != null);

            wait.until((WebDriver d) -> "12".equals(d.findElement(ACTIVE).getAttribute("data-value")));
            assertThat(browser.getCurrentUrl()).contains("territory=" + TOWN);
            assertThat(browser.findElement(By.id("audience")).getText())
                    .isEqualTo("Territory team of Team Town: exact figures for Team Town, public for the rest");
            wait.until((WebDriver d) -> lineShown(d, HAMLET));
            assertThat(activeCell(browser, HAMLET)).isEqualTo("< 5");
            assertThat(activeCell(browser, VILLAGE)).isEqualTo("< 5");

            browser.findElement(By.cssSelector(".lang-switch button[data-lang='fr']")).click();
            assertThat(browser.findElement(By.id("audience")).getText())
                    .isEqualTo("Équipe du territoire Team Town\u202f: chiffres exacts pour Team Town, publics pour le reste");
            browser.findElement(By.cssSelector(".lang-switch button[data-lang='en']")).click();

            browser.findElement(By.id("token-forget")).click();
            wait.until((WebDriver d) -> "public".equals(d.findElement(By.id("audience")).getAttribute("data-audience")));
            assertThat(browser.executeScript("return sessionStorage.getItem('together.viewerToken')")).isNull();
        } finally {
            browser.quit();
        }
    }

    private static WebElement activeCellName(WebDriver browser, String territory) {
        return browser.findElement(By.cssSelector("#territory-table tbody tr[data-territory='" + territory + "'] th button"));
    }
}
