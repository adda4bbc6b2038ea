package org.together.aggregation.dashboard;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.together.embedded.kafka.FreePorts;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard is served whole from the classpath: page, scripts, map outlines and the chart library. */
class DashboardAssetsTest {

    private static Javalin app;
    private static String base;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            Dashboard.configure(c);
        }).start("127.0.0.1", FreePorts.pick());
        base = "http://127.0.0.1:" + app.port();
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void rootServesTheDashboardPageAsHtmlThatTheBrowserRevalidates() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(page.headers().firstValue("ETag")).isPresent();
        assertThat(page.body()).contains("<script type=\"module\" src=\"assets/app.js\"></script>");
    }

    @Test
    void everyAssetThePageAndItsScriptsReferenceIsServedLocallyWithItsContentType() throws Exception {
        String page = get("/").body();
        assertThat(page).doesNotContain("http://", "https://");
        for (String path : new String[] {"/assets/app.js", "/assets/i18n.js", "/assets/data.js", "/assets/charts.js"}) {
            HttpResponse<String> script = get(path);
            assertThat(script.statusCode()).as(path).isEqualTo(200);
            assertThat(script.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(v -> assertThat(v).startsWith("text/javascript"));
            assertThat(script.body()).as(path + " loads nothing from the internet").doesNotContain("https://", "http://");
        }
        assertThat(get("/assets/dashboard.css").headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/css"));
        assertThat(get("/assets/favicon.svg").headers().firstValue("Content-Type")).hasValue("image/svg+xml");
        HttpResponse<String> world = get("/assets/world-110m.geo.json");
        assertThat(world.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(world.body()).startsWith("{\"type\":\"FeatureCollection\"").contains("\"name\":\"France\"");
    }

    @Test
    void chartLibraryImportedByTheAppComesFromTheWebjarWithLongLivedCaching() throws Exception {
        Matcher m = Pattern.compile("from '\\.\\./(webjars/[^']+)'").matcher(get("/assets/app.js").body());
        assertThat(m.find()).as("app.js imports the chart library from the webjar").isTrue();
        HttpResponse<String> echarts = get("/" + m.group(1));
        assertThat(echarts.statusCode()).isEqualTo(200);
        assertThat(echarts.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/javascript"));
        assertThat(echarts.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(echarts.body()).contains("export");
    }

    @Test
    void unknownPathsAreNotAnsweredWithThePage() throws Exception {
        assertThat(get("/assets/missing.js").statusCode()).isEqualTo(404);
    }
}
