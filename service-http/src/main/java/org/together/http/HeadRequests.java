package org.together.http;

import io.javalin.config.JavalinConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;

/**
 * A HEAD request runs the GET route, so it answers the headers GET would (its Content-Type and Length, its status,
 * its refusal without a token). Javalin answers HEAD on a GET route itself, without running it: 200 and
 * {@code text/plain} whatever GET says (review 18). Jetty sends no body on a HEAD request, whatever the route writes.
 *
 * <p>Except a HEAD accepting {@code text/event-stream}: as GET it would open a stream that never ends, held by the
 * server for nothing; it keeps Javalin's answer.
 */
public final class HeadRequests {

    private HeadRequests() {
    }

    public static void install(JavalinConfig config) {
        Filter asGet = (request, response, chain) -> chain.doFilter(
                request instanceof HttpServletRequest http && "HEAD".equals(http.getMethod()) && !acceptsEventStream(http)
                        ? new AsGet(http) : request,
                response);
        config.jetty.modifyServletContextHandler(context ->
                context.addFilter(new FilterHolder(asGet), "/*", EnumSet.of(DispatcherType.REQUEST)));
    }

    private static boolean acceptsEventStream(HttpServletRequest request) {
        for (String accept : java.util.Collections.list(request.getHeaders("Accept"))) {
            if (accept.toLowerCase(java.util.Locale.ROOT).contains("text/event-stream")) {
                return true;
            }
        }
        return false;
    }

    private static final class AsGet extends HttpServletRequestWrapper {
        AsGet(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getMethod() {
            return "GET";
        }
    }
}
