package org.together.aggregation.dashboard;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;

import java.util.Map;

/**
 * The coordination team's live dashboard: a static page plus its scripts and the chart
 * library, all served from the classpath so it works with no internet. The page reads the
 * query API ({@code /api/v1/...}) and its Server-Sent Events stream ({@code /api/v1/live}).
 */
public final class Dashboard {

    /** Classpath folder holding index.html and assets/. */
    static final String RESOURCE_DIR = "/dashboard";

    private Dashboard() {
    }

    /** Adds the dashboard's static routes ({@code /}, {@code /assets/*}, {@code /webjars/*}) to a Javalin app. */
    public static void configure(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = RESOURCE_DIR;
            files.location = Location.CLASSPATH;
            // Unversioned names: the browser keeps a copy but revalidates it (ETag) on every load,
            // so a new release is picked up without a stale page.
            files.headers = Map.of("Cache-Control", "no-cache", "X-Content-Type-Options", "nosniff");
            files.mimeTypes.add("text/javascript", "js", "mjs");
        });
        config.staticFiles.add(files -> {
            // Webjar paths carry the library version, so they may be cached for a year.
            files.hostedPath = "/webjars";
            files.directory = "META-INF/resources/webjars";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "public, max-age=31536000, immutable",
                    "X-Content-Type-Options", "nosniff");
            files.mimeTypes.add("text/javascript", "js", "mjs");
        });
    }
}
