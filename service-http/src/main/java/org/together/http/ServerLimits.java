package org.together.http;

import io.javalin.config.JavalinConfig;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * What keeps a flood of connections from taking a service (and, under {@code ./together run}, the broker in the same
 * JVM) down with it (review 18): at most {@link Limits#maxConnections} open connections per server (beyond that the
 * server stops accepting and new connections wait in the system's queue, holding no file of the process), a
 * connection idle for {@link Limits#idleTimeout} closed, and one that keeps sending a request's headers without ever
 * finishing them closed within {@link Limits#headerDeadline} (headers get at least half of it). A request being answered (a slow
 * upload, the live stream) is never cut by the header deadline; the live stream's keep-alives (every 15 s) keep it
 * under the idle timeout.
 */
public final class ServerLimits {

    /** Environment variable: the most connections one HTTP server keeps open. */
    public static final String MAX_CONNECTIONS_ENV = "TOGETHER_HTTP_MAX_CONNECTIONS";
    public static final int DEFAULT_MAX_CONNECTIONS = 2_000;
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration HEADER_DEADLINE = Duration.ofSeconds(30);

    /** A server's limits. */
    public record Limits(int maxConnections, Duration idleTimeout, Duration headerDeadline) {
        public Limits {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
            }
        }
    }

    private ServerLimits() {
    }

    /** The limits from the environment, then the defaults. */
    public static void install(JavalinConfig config) {
        install(config, new Limits(maxConnections(System.getenv()), IDLE_TIMEOUT, HEADER_DEADLINE));
    }

    static void install(JavalinConfig config, Limits limits) {
        config.jetty.modifyServer(server -> {
            server.addBean(new NetworkConnectionLimit(limits.maxConnections(), server));
            // a bean starts after the connectors are set and before they start
            server.addBean(new ConnectorSettings(server, limits));
        });
    }

    /**
     * {@value #MAX_CONNECTIONS_ENV} when set (a whole number of at least 1), else {@value #DEFAULT_MAX_CONNECTIONS}, or
     * a quarter of the process's open-file limit when that is lower: {@code run} holds three servers and a broker.
     *
     * @throws IllegalArgumentException naming the variable when its value is not a whole number of at least 1
     */
    static int maxConnections(Map<String, String> env) {
        String set = env.get(MAX_CONNECTIONS_ENV);
        if (set != null && !set.isBlank()) {
            try {
                int n = Integer.parseInt(set.strip());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // the message below
            }
            throw new IllegalArgumentException(MAX_CONNECTIONS_ENV + " must be a whole number of at least 1 (connections "
                    + "per HTTP server), was '" + set + "'");
        }
        long files = openFileLimit();
        return files > 0 ? (int) Math.max(1, Math.min(DEFAULT_MAX_CONNECTIONS, files / 4)) : DEFAULT_MAX_CONNECTIONS;
    }

    private static long openFileLimit() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : -1;
    }

    /** Sets each connector's idle timeout and watches its connections' headers. */
    private static final class ConnectorSettings extends AbstractLifeCycle {
        private final Server server;
        private final Limits limits;

        ConnectorSettings(Server server, Limits limits) {
            this.server = server;
            this.limits = limits;
        }

        @Override
        protected void doStart() {
            for (Connector c : server.getConnectors()) {
                if (c instanceof AbstractConnector connector) {
                    connector.setIdleTimeout(limits.idleTimeout().toMillis());
                    connector.addEventListener(new HeaderDeadline(connector.getScheduler(), limits.headerDeadline()));
                }
            }
        }
    }

    /**
     * Closes a connection that received bytes but no complete request at two checks in a row, while it was answering
     * none: a request's headers dripped in to hold it open (Jetty's idle timeout restarts at each byte). Checked every
     * half deadline, so headers that span one check are let be.
     */
    static final class HeaderDeadline implements Connection.Listener {
        private final Scheduler scheduler;
        private final long periodMs;
        private final Map<Connection, Watch> watched = new ConcurrentHashMap<>();

        HeaderDeadline(Scheduler scheduler, Duration deadline) {
            this.scheduler = scheduler;
            this.periodMs = Math.max(1, deadline.toMillis() / 2);
        }

        @Override
        public void onOpened(Connection connection) {
            Watch w = new Watch(connection);
            watched.put(connection, w);
            w.next();
        }

        @Override
        public void onClosed(Connection connection) {
            Watch w = watched.remove(connection);
            if (w != null) {
                w.stop();
            }
        }

        private final class Watch implements Runnable {
            private final Connection connection;
            private long requests;
            private long responses;
            private long bytesAtRequest;
            private int periodsWithoutRequest;
            private volatile Scheduler.Task task;
            private volatile boolean stopped;

            Watch(Connection connection) {
                this.connection = connection;
                this.requests = connection.getMessagesIn();
                this.responses = connection.getMessagesOut();
                this.bytesAtRequest = connection.getBytesIn();
            }

            void next() {
                if (!stopped) {
                    task = scheduler.schedule(this, periodMs, TimeUnit.MILLISECONDS);
                }
            }

            void stop() {
                stopped = true;
                Scheduler.Task t = task;
                if (t != null) {
                    t.cancel();
                }
            }

            @Override
            public void run() {
                if (stopped) {
                    return;
                }
                long in = connection.getMessagesIn();
                long out = connection.getMessagesOut();
                long bytes = connection.getBytesIn();
                // a request came in or was answered since the last look, or is being answered (its response not begun:
                // a slow upload; the live stream has begun its): the bytes so far belong to requests, not to headers
                if (in != requests || out != responses || in > out) {
                    requests = in;
                    responses = out;
                    bytesAtRequest = bytes;
                    periodsWithoutRequest = 0;
                } else if (bytes > bytesAtRequest && ++periodsWithoutRequest >= 2) {
                    connection.close();
                    return;
                }
                next();
            }
        }
    }
}
