package org.together.aggregation.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.together.figures.disclosure.Audience;
import org.together.http.ErrorBody;

/**
 * {@code /api/v1/live}: a Server-Sent Events stream for the dashboard. On connecting, and then
 * whenever the network figures change, it sends an event {@code summary} whose data is the network
 * summary JSON as its reader reads it (the public's, or with the viewer or admin token the exact one). Every listener
 * is told when the network's figures moved, even when its own summary reads the same (a public one gives the last
 * event to the day): the dashboard reads the event as "figures moved" and asks its panels again, whose figures (a
 * territory's, the meeting's) the summary does not hold. Figures are looked at every {@value #CHECK_EVERY_MS} ms (the shared current summary, computed again
 * only when the figures moved: {@code QueryEndpoints.currentNetworkSummary}), only while someone listens, and a change is sent at
 * once unless one was sent in the last {@value #MIN_GAP_MS} ms (about one event per commit of the figures, which
 * move only at commits); a comment every {@value #KEEP_ALIVE_SECONDS} s keeps proxies from closing a quiet stream.
 * A request that does not accept {@code text/event-stream} is answered 406, naming the header. The stream starts with a
 * {@code retry:} line; events carry no {@code id} (each connection starts with the whole summary).
 */
public final class LiveSummaries implements AutoCloseable {

    /** Short, so a change is seen soon after the commit that made it (a check of an unchanged summary costs a compare). */
    static final long CHECK_EVERY_MS = 20;
    /**
     * At most ten events a second, the pace at which the figures are committed (100 ms): a wider gap only delays what
     * the dashboard shows (250 ms with checks every 100 ms added up to 300 ms to the end-to-end time); the page
     * itself redraws at most once a second.
     */
    static final long MIN_GAP_MS = 100;
    static final long KEEP_ALIVE_SECONDS = 15;
    /** How long a browser waits before reconnecting a lost stream: a restart is seconds, not a tight loop of tries. */
    static final long RETRY_MS = 3000;
    public static final String PATH = "/api/v1/live";
    static final String EVENT_STREAM = "text/event-stream";

    private static final Logger log = LoggerFactory.getLogger(LiveSummaries.class);

    private final QueryEndpoints queries;
    private final ObjectMapper json;
    /** Each listener and the audience it reads as. */
    private final Map<SseClient, Audience> clients = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "live-summaries");
        t.setDaemon(true);
        return t;
    });
    /** The exact figures last sent (without asOf), and per audience the summary that carried them. */
    private volatile JsonNode lastFigures;
    private final Map<Audience, String> lastSummary = new ConcurrentHashMap<>();
    /** The exact summary as last looked at (only the timer's thread uses it). */
    private String lastChecked;
    private volatile long lastSentAt;

    public LiveSummaries(QueryEndpoints queries, ObjectMapper json) {
        this.queries = queries;
        this.json = json;
    }

    public void register(RoutesConfig routes) {
        SseHandler stream = new SseHandler(client -> {
            client.keepAlive();
            client.onClose(() -> clients.remove(client));
            sendRetry(client);
            // as QueryEndpoints' authorize decided (the access_token parameter): no token, the public
            Audience audience = client.ctx().attribute(QueryEndpoints.AUDIENCE) == Audience.INTERNAL
                    ? Audience.INTERNAL : Audience.PUBLIC;
            clients.put(client, audience);
            // the shared summary (computed at most once per check, whoever asks), else the last one sent
            String current = fetch(audience).orElse(lastSummary.get(audience));
            if (current != null) {
                send(client, current);
            }
        });
        // Javalin's SSE handler answers an empty 200 to a request that does not accept the stream: say why instead
        routes.get(PATH, ctx -> {
            if (acceptsEventStream(ctx.header("Accept"))) {
                stream.handle(ctx);
            } else {
                notAcceptable(ctx);
            }
        });
    }

    /**
     * Whether an Accept header takes {@code text/event-stream}, exactly as Javalin's SSE handler checks it (in lower
     * case: it streams to nothing else, so another spelling is told the one it needs).
     */
    static boolean acceptsEventStream(String accept) {
        return accept != null && accept.contains(EVENT_STREAM);
    }

    /** 406 in the body every endpoint uses, naming the header and what it must hold. */
    private void notAcceptable(Context ctx) {
        String message = PATH + " is a stream of Server-Sent Events only: send the header Accept: " + EVENT_STREAM
                + " (a browser's EventSource does)";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", 406);
        body.put("error", ErrorBody.reason(406));
        body.put("message", message);
        body.put("errors", List.of(Map.of("field", "Accept", "message", message)));
        try {
            ctx.status(406).contentType("application/json").result(json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the 406 answer", e);
        }
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::checkForChanges, CHECK_EVERY_MS, CHECK_EVERY_MS, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::keepAlive, KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
    }

    private void checkForChanges() {
        if (clients.isEmpty() || System.currentTimeMillis() - lastSentAt < MIN_GAP_MS) {
            return;
        }
        try {
            // the exact summary tells whether the figures moved; each listener is sent its audience's summary of them
            Optional<String> exact = fetch(Audience.INTERNAL);
            if (exact.isEmpty() || exact.get().equals(lastChecked)) {
                return; // the shared summary was not computed again since the last check
            }
            lastChecked = exact.get();
            JsonNode figures = json.readTree(exact.get());
            ((ObjectNode) figures).remove("asOf"); // the clock moving is not a change
            if (figures.equals(lastFigures)) {
                return;
            }
            Map<Audience, String> summaries = new java.util.EnumMap<>(Audience.class);
            summaries.put(Audience.INTERNAL, exact.get());
            if (clients.containsValue(Audience.PUBLIC)) {
                fetch(Audience.PUBLIC).ifPresent(published -> summaries.put(Audience.PUBLIC, published));
            }
            lastFigures = figures;
            lastSummary.putAll(summaries);
            lastSentAt = System.currentTimeMillis();
            clients.forEach((c, audience) -> {
                String summary = summaries.get(audience);
                if (summary != null) {
                    send(c, summary);
                }
            });
        } catch (Exception e) {
            log.warn("cannot refresh the live summary: {}", e.toString());
        }
    }

    private Optional<String> fetch(Audience audience) {
        QueryEndpoints.Answer answer = queries.currentNetworkSummary(audience);
        return answer.ok() ? Optional.of(new String(answer.body(), StandardCharsets.UTF_8)) : Optional.empty();
    }

    private void keepAlive() {
        clients.keySet().forEach(c -> {
            synchronized (c) {
                if (c.terminated()) {
                    clients.remove(c);
                } else {
                    c.sendComment("keep-alive");
                }
            }
        });
    }

    /**
     * The stream's first line, {@code retry:}: a browser that loses the stream reconnects after {@value #RETRY_MS} ms
     * (Javalin's client has no call for it). No event has an {@code id}: each connection starts with a whole summary,
     * so there is nothing to resume.
     */
    private static void sendRetry(SseClient client) {
        synchronized (client) {
            try {
                client.ctx().res().getOutputStream().print("retry: " + RETRY_MS + "\n\n");
                client.ctx().res().flushBuffer();
            } catch (java.io.IOException gone) {
                client.close();
            }
        }
    }

    private void send(SseClient client, String summary) {
        synchronized (client) {
            if (client.terminated()) {
                clients.remove(client);
            } else {
                client.sendEvent("summary", summary);
            }
        }
    }

    /** How many dashboards are listening. */
    public int listeners() {
        return clients.size();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        clients.keySet().forEach(SseClient::close);
        clients.clear();
    }
}
