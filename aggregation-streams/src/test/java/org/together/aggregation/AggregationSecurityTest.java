package org.together.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.together.embedded.EmbeddedStack;
import org.together.embedded.kafka.FreePorts;
import org.together.http.SecurityHeaders;

/**
 * The query API's and the pages' security rules, each tried from the wrong side. Proved elsewhere, not repeated:
 * tokens of the query API, {@code access_token} outside {@code /api/v1/live} and {@code /metrics} behind its token
 * ({@code QueryEndpointsTest}, {@code QueryApiSecurityTest}); malformed research export requests, each a 4xx JSON
 * error naming the parameter ({@link ExportRequestsFuzzTest}); the snapshot and export queue's 503
 * ({@code ReplayQueueTest}, {@code SnapshotServiceIntegrationTest}); the dashboard under its policy in Chromium,
 * every chart's tooltip shown, and an injected inline script blocked
 * ({@code DashboardBrowserTest#theContentSecurityPolicyHoldsAndThePageAndEveryChartsTooltipRunWithoutAViolation}).
 */
class AggregationSecurityTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);

    private static AggregationStreamsService service;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        EmbeddedStack stack = EmbeddedStack.sharedForTests();
        service = new AggregationStreamsService(new AggregationConfig(stack.bootstrapServers(), stack.registryUrl(),
                "security-test-" + RUN, "127.0.0.1", FreePorts.pick(), "127.0.0.1",
                Files.createTempDirectory("aggregation-security-state-"), Optional.empty(), Optional.of("admin-" + RUN + "-of-24-chars-or-more"),
                Map.of()));
        service.start();
        base = "http://127.0.0.1:" + service.port();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theDashboardItsFilesTheApiAndErrorsAllCarryThePagePolicyAndTheOtherHeaders() throws Exception {
        for (String path : new String[] {"/", "/index.html", "/assets/app.js", "/assets/dashboard.css",
            "/api/v1/network/summary", "/health/live", "/no-such-page.html", "/api/v1/no-such-route"}) {
            HttpResponse<String> r = get(path);
            SecurityHeaders.HEADERS.forEach((name, value) ->
                    assertThat(r.headers().allValues(name)).as(path + " (" + r.statusCode() + "): " + name).containsExactly(value));
        }
        assertThat(SecurityHeaders.PAGE_POLICY).contains("script-src 'self';", "frame-ancestors 'none'")
                .doesNotContain("unsafe-eval").doesNotContain("script-src 'self' 'unsafe-inline'");
    }

    @Test
    void noApiAnswerMayBeStoredExactFiguresAndInternalDownloadsAboveAllWhileTheDashboardsFilesKeepTheirCaching()
            throws Exception {
        String admin = "Bearer admin-" + RUN + "-of-24-chars-or-more";
        for (String path : new String[] {"/api/v1/network/summary", "/api/v1/territories", "/api/v1/no-such-route",
            "/api/v1/snapshots?from=2021-01-01&to=2021-04-01&audience=internal&format=csv",
            "/api/v1/exports/research?from=2021-01-01&to=2021-04-01", "/health/ready", "/metrics"}) {
            for (String authorization : new String[] {null, admin}) {
                HttpResponse<String> r = get(path, authorization);
                assertThat(r.headers().allValues("Cache-Control")).as("%s (%s, %d)", path, authorization == null
                        ? "no token" : "admin", r.statusCode()).containsExactly("no-store");
            }
        }
        assertThat(get("/api/v1/snapshots?from=2021-01-01&to=2021-04-01&audience=internal&format=csv", admin).statusCode())
                .as("an internal download, answered").isEqualTo(200);
        assertThat(get("/api/v1/exports/research?from=2021-01-01&to=2021-04-01", admin).statusCode()).isEqualTo(200);

        for (String path : new String[] {"/", "/index.html", "/assets/app.js"}) {
            assertThat(get(path).headers().allValues("Cache-Control")).as(path).containsExactly("no-cache");
        }
        assertThat(get("/webjars/echarts/5.3.1/dist/echarts.esm.min.js").headers().allValues("Cache-Control"))
                .containsExactly("public, max-age=31536000, immutable");
    }

    @Test
    void theDashboardPageHasNoInlineScriptNorStyleElementNorStyleAttribute() throws Exception {
        String page = get("/").body().toLowerCase(Locale.ROOT);
        assertThat(page).contains("<script type=\"module\" src=\"assets/app.js\"></script>");
        assertThat(page.replace("<script type=\"module\" src=\"assets/app.js\"></script>", "")).doesNotContain("<script");
        assertThat(page).doesNotContain("<style").doesNotContain(" style=")
                .as("event handler attributes").doesNotContainPattern("<[^>]*\\son[a-z]+\\s*=");
    }

    @Test
    void theSnapshotPageLetsInItsOwnInlineCssByHashAndNothingElse() throws Exception {
        HttpResponse<String> r = get("/api/v1/snapshots?from=2021-01-01&to=2021-04-01&format=html");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContainIgnoringCase("<script");
        Matcher style = STYLE.matcher(r.body());
        assertThat(style.find()).as("the report carries its CSS inline (it is a standalone file)").isTrue();
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(style.group(1).getBytes(StandardCharsets.UTF_8)));
        assertThat(r.headers().allValues("Content-Security-Policy")).containsExactly("default-src 'none'; style-src 'sha256-"
                + hash + "'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    }

    @Test
    void aRequestJettyAnswersItselfCarriesTheHeadersToo() throws Exception {
        String raw = rawRequest("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX: " + "a".repeat(64 * 1024) + "\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 431");
        String head = raw.substring(0, raw.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
        SecurityHeaders.HEADERS.forEach((name, value) ->
                assertThat(head).contains(name.toLowerCase(Locale.ROOT) + ": " + value.toLowerCase(Locale.ROOT)));
        assertThat(head).as("a JSON error, not Jetty's HTML page").contains("content-type: application/json");
        assertThat(raw.substring(raw.indexOf("\r\n\r\n") + 4)).startsWith("{\"status\":431,");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return get(path, null);
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String rawRequest(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), service.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
