package org.together.http;

import io.javalin.config.JavalinConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import org.eclipse.jetty.ee10.servlet.FilterHolder;

/**
 * Javalin takes a request's method from {@code X-HTTP-Method-Override} when it is sent, so a POST carrying
 * {@code X-HTTP-Method-Override: DELETE} erased a participant or revoked a token past any proxy rule on DELETE
 * (review 18). No client of ours needs it: the header is hidden from the app, and a request is the method it was sent
 * with.
 */
public final class NoMethodOverride {

    public static final String HEADER = "X-HTTP-Method-Override";

    private NoMethodOverride() {
    }

    public static void install(JavalinConfig config) {
        Filter hide = (request, response, chain) -> chain.doFilter(
                request instanceof HttpServletRequest http && http.getHeader(HEADER) != null ? new Without(http) : request,
                response);
        config.jetty.modifyServletContextHandler(context ->
                context.addFilter(new FilterHolder(hide), "/*", EnumSet.allOf(DispatcherType.class)));
    }

    private static boolean isOverride(String name) {
        return HEADER.equalsIgnoreCase(name);
    }

    private static final class Without extends HttpServletRequestWrapper {
        Without(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return isOverride(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return isOverride(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(n -> !isOverride(n)).toList());
        }

        @Override
        public long getDateHeader(String name) {
            return isOverride(name) ? -1 : super.getDateHeader(name);
        }

        @Override
        public int getIntHeader(String name) {
            return isOverride(name) ? -1 : super.getIntHeader(name);
        }
    }
}
