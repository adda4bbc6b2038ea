package org.together.launcher.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.together.launcher.IngestClient;

/**
 * Drives the public HTTP API the way territory apps and the coordination team do: registers each
 * territory with the admin token, then sends each territory's events with that territory's own token,
 * at most {@code rate} events per second, sometimes resending a request unchanged as apps retrying do.
 */
public final class Simulator implements AutoCloseable {

    /** Once history is replayed, one simulated step every this much wall time keeps live traffic flowing. */
    static final Duration LIVE_STEP = Duration.ofSeconds(2);
    /** Share of requests an app sends twice (a retry after a lost answer): the API must say duplicate. */
    static final double RESEND_SHARE = 0.02;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final IngestClient client;
    private final String adminToken;
    private final Simulation.Settings settings;
    private final PrintWriter out;
    private final Duration progressEvery;
    private final Random random;
    private final Map<String, Credentials> credentials = new HashMap<>();
    private volatile boolean running = true;
    private volatile Thread runner;
    private Simulation simulation;
    private final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);

    private final AtomicLong sent = new AtomicLong();
    private final Map<String, AtomicLong> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong failedRequests = new AtomicLong();
    private int reportedProblems;

    /** How the API knows a territory: the id it was registered under and its bearer token. */
    private record Credentials(String territoryId, String token) {
    }

    public Simulator(URI ingest, String adminToken, Simulation.Settings settings, PrintWriter out, Duration progressEvery) {
        this.client = new IngestClient(ingest, Duration.ofMinutes(2));
        this.adminToken = adminToken;
        this.settings = settings;
        this.out = out;
        this.progressEvery = progressEvery;
        this.random = new Random(settings.seed() ^ 0x5DEECE66DL);
    }

    /** Runs the simulator in the background (for {@code run --demo}); {@link #close()} stops it. */
    public static Simulator start(URI ingest, String adminToken, Simulation.Settings settings, PrintWriter out) {
        Simulator simulator = new Simulator(ingest, adminToken, settings, out, Duration.ofSeconds(30));
        Thread thread = new Thread(() -> {
            try {
                simulator.run();
            } catch (RuntimeException e) {
                if (simulator.running) {
                    simulator.say("demo traffic stopped: " + e.getMessage());
                }
            }
        }, "together-simulator");
        thread.setDaemon(true);
        thread.start();
        return simulator;
    }

    /** Sends until the duration is over or {@link #close()} is called. */
    public void run() {
        runner = Thread.currentThread();
        try {
            loop();
        } catch (IngestClient.UnavailableException e) {
            if (running) {
                throw e;
            }
        } finally {
            if (simulation != null) {
                say("done: " + progress(simulation));
                unsent(simulation).ifPresent(this::say);
            }
            finished.countDown();
        }
    }

    private void loop() {
        Instant wallStart = Instant.now();
        simulation = new Simulation(settings, wallStart);
        Optional<Instant> deadline = settings.duration().map(wallStart::plus);
        say(String.format(java.util.Locale.ROOT,
                "simulating %d territories from %s (seed %d, run %s), up to %.0f events/s against %s",
                settings.territories(), simulation.origin(), settings.seed(), settings.runTag(), settings.rate(), client.base()));
        RateLimiter limiter = new RateLimiter(settings.rate());
        Instant lastStep = Instant.EPOCH;
        Instant nextProgress = wallStart.plus(progressEvery);
        boolean announcedLive = false;
        while (running && deadline.map(d -> Instant.now().isBefore(d)).orElse(true)) {
            Instant now = Instant.now();
            if (simulation.caughtUp(now)) {
                if (!announcedLive) {
                    announcedLive = true;
                    say("history replayed: traffic is live now, sped up: every " + LIVE_STEP.toSeconds() + " s the simulation moves "
                            + Simulation.STEP.toHours() + " hours on, so its clock runs ahead of the real one; events are "
                            + "stamped with the time they are sent");
                }
                Duration wait = Duration.between(now, lastStep.plus(LIVE_STEP));
                if (!wait.isNegative() && !wait.isZero()) {
                    pause(deadline.map(d -> shorter(wait, Duration.between(Instant.now(), d))).orElse(wait));
                    continue;
                }
            }
            lastStep = now;
            for (Simulation.Outgoing item : simulation.step(now)) {
                if (!running) {
                    break;
                }
                if (item instanceof Simulation.Registration registration) {
                    register(registration.place());
                } else if (item instanceof Simulation.Batch batch) {
                    limiter.acquire(batch.events().size());
                    send(batch);
                }
            }
            if (!Instant.now().isBefore(nextProgress)) {
                nextProgress = Instant.now().plus(progressEvery);
                say(progress(simulation));
            }
        }
    }

    public long sent() {
        return sent.get();
    }

    /** How many events the API answered with {@code status} (accepted, duplicate, conflict, rejected). */
    public long count(String status) {
        AtomicLong n = statuses.get(status);
        return n == null ? 0 : n.get();
    }

    public long failedRequests() {
        return failedRequests.get();
    }

    /** Stops sending and waits (up to 10 s) for the request in flight; safe from a shutdown hook. */
    @Override
    public void close() {
        running = false;
        Thread thread = runner;
        if (thread != null && thread != Thread.currentThread()) {
            thread.interrupt();
            try {
                finished.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void register(Place place) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("id", place.id());
        body.put("name", place.name());
        body.put("countryCode", place.countryCode());
        body.put("kind", place.kind());
        body.put("population", place.population());
        body.put("lat", place.lat());
        body.put("lon", place.lon());
        IngestClient.Response response = client.post("/api/v1/territories", adminToken, bytes(body));
        if (response.status() == 201 && response.body().hasNonNull("token")) {
            credentials.put(place.id(), new Credentials(place.id(), response.body().get("token").asText()));
            return;
        }
        if (response.status() == 409) {
            // registered by an earlier run: its token was shown once and is gone, so rotate it
            IngestClient.Response rotated = client.post("/api/v1/territories/" + encode(place.id()) + "/token", adminToken, new byte[0]);
            if (rotated.ok() && rotated.body().hasNonNull("token")) {
                credentials.put(place.id(), new Credentials(place.id(), rotated.body().get("token").asText()));
                return;
            }
            // no rotation available: this run registers the territory under an id of its own
            body.put("id", place.id() + "-" + settings.runTag());
            IngestClient.Response again = client.post("/api/v1/territories", adminToken, bytes(body));
            if (again.status() == 201 && again.body().hasNonNull("token")) {
                credentials.put(place.id(), new Credentials(place.id() + "-" + settings.runTag(), again.body().get("token").asText()));
                return;
            }
            response = again;
        }
        problem("registering territory " + place.id() + " failed with " + response.status() + ": " + response.body());
    }

    private void send(Simulation.Batch batch) {
        Credentials territory = credentials.get(batch.territoryId());
        if (territory == null) {
            return; // its registration failed and was reported
        }
        ArrayNode body = JsonNodeFactory.instance.arrayNode();
        for (ObjectNode event : batch.events()) {
            if (!territory.territoryId().equals(batch.territoryId())) {
                event.put("territoryId", territory.territoryId());
            }
            body.add(event);
        }
        byte[] json = bytes(body);
        int times = random.nextDouble() < RESEND_SHARE ? 2 : 1;
        for (int i = 0; i < times; i++) {
            IngestClient.Response response = client.post("/api/v1/events", territory.token(), json);
            sent.addAndGet(batch.events().size());
            JsonNode results = response.body().isArray() ? response.body() : response.body().path("results");
            if (!results.isArray()) {
                failedRequests.incrementAndGet();
                problem("sending " + batch.events().size() + " events of " + territory.territoryId() + " failed with "
                        + response.status() + ": " + response.body());
                return;
            }
            for (JsonNode result : results) {
                String status = result.path("status").asText("unknown");
                statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                if (status.equals("rejected") || status.equals("conflict")) {
                    problem(status + " " + result);
                }
            }
        }
    }

    /**
     * Said when the run stops with events still in offline apps' outboxes: they were never sent, so the pipeline's
     * figures are below the simulation's, and nothing was lost.
     */
    static Optional<String> unsent(Simulation simulation) {
        int events = simulation.unsentEvents();
        if (events == 0) {
            return Optional.empty();
        }
        return Optional.of(String.format(java.util.Locale.ROOT, "not sent: %d events were still waiting in the outboxes of "
                + "%d offline apps, which had not synced yet when the simulation stopped; the figures above are the "
                + "simulation's, the pipeline counts only the events sent", events, simulation.appsWithUnsentEvents()));
    }

    private String progress(Simulation simulation) {
        boolean ahead = simulation.simTime().isAfter(Instant.now());
        return String.format(java.util.Locale.ROOT,
                "simulated up to %s%s: %d territories, %d participants active (%d ever); sent %d events: "
                        + "%d accepted, %d duplicate, %d conflict, %d rejected",
                simulation.simTime().truncatedTo(java.time.temporal.ChronoUnit.HOURS),
                ahead ? " (live traffic is sped up, ahead of the clock)" : "", simulation.territoriesJoined(),
                simulation.participantsActive(), simulation.participantsEver(), sent.get(), count("accepted"),
                count("duplicate"), count("conflict"), count("rejected"));
    }

    /** Reports the first problems in full, then only counts them: a broken run should not flood the console. */
    private void problem(String message) {
        if (reportedProblems++ < 10) {
            say("problem: " + message);
        }
    }

    private void say(String line) {
        synchronized (out) {
            out.println("[simulate] " + line);
            out.flush();
        }
    }

    private void pause(Duration wait) {
        try {
            Thread.sleep(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            running = false;
        }
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** At most {@code rate} events per second on average, with bursts of up to one second's worth. */
    static final class RateLimiter {
        private final double rate;
        private double available;
        private long last = System.nanoTime();

        RateLimiter(double rate) {
            this.rate = rate;
            this.available = rate;
        }

        void acquire(int events) {
            long now = System.nanoTime();
            available = Math.min(rate, available + (now - last) / 1e9 * rate);
            last = now;
            available -= events;
            if (available < 0) {
                long sleepMillis = (long) Math.ceil(-available / rate * 1000);
                try {
                    Thread.sleep(sleepMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
