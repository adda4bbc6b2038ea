package org.together.launcher.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.together.aggregation.AggregationConfig;
import org.together.aggregation.AggregationStreamsService;
import org.together.embedded.DataDirectoryLock;
import org.together.embedded.EmbeddedStack;
import org.together.embedded.kafka.FreePorts;
import org.together.embedded.registry.EmbeddedSchemaRegistry;
import org.together.ingest.IngestConfig;
import org.together.ingest.IngestService;
import org.together.schemas.TogetherSerdes;

/**
 * The whole pipeline in this JVM: Kafka and the registry (embedded unless external ones are given),
 * ingest-service and aggregation-streams. Closing stops them in reverse order of start.
 */
public final class RunningStack implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunningStack.class);

    /** The Kafka Streams application id of the embedded default (one instance). */
    public static final String APPLICATION_ID = "together-aggregation";
    /** How long start waits for the services to say they are ready. */
    static final java.time.Duration READY_TIMEOUT = java.time.Duration.ofMinutes(3);

    private final Deque<Stoppable> started = new ArrayDeque<>();
    private final java.util.concurrent.CountDownLatch startDone = new java.util.concurrent.CountDownLatch(1);
    private final StackSettings settings;
    private DataDirectoryLock lock;
    private String bootstrapServers;
    private String registryUrl;
    private int ingestPort;
    private IngestService ingest;
    private int queryPort;
    private volatile boolean closed;

    private RunningStack(StackSettings settings, DataDirectoryLock lock) {
        this.settings = settings;
        this.lock = lock;
    }

    /** Starts everything; if one part fails, what already started is stopped again before the error is thrown. */
    public static RunningStack start(StackSettings settings) {
        RunningStack stack = new RunningStack(settings, null);
        stack.start();
        return stack;
    }

    /**
     * A stack not started yet, on the data dir of {@code lock}, which it lets go of when it stops (or fails to start):
     * {@link #close()} may then be called from another thread while {@link #start()} runs.
     */
    public static RunningStack of(StackSettings settings, DataDirectoryLock lock) {
        return new RunningStack(settings, lock);
    }

    public void start() {
        try {
            startAll();
        } catch (RuntimeException | Error e) {
            startDone.countDown();
            close();
            throw e;
        } finally {
            startDone.countDown();
        }
    }

    private void startAll() {
        // one stack per data dir, whether its Kafka is embedded or not (the state stores and ingest's index are here):
        // taken before anything reads the data dir or opens a port, let go of last
        if (lock == null) {
            lock = DataDirectoryLock.acquire(settings.dataDir());
        }
        started("the data dir lock", lock);
        String adminToken = settings.adminToken().value();
        // Every address is decided first, so that the query API can answer from its last figures while Kafka starts
        // (after a crash the broker alone takes 10 s or more to come back).
        int kafkaPort = settings.kafkaPort() == 0 ? FreePorts.pick() : settings.kafkaPort();
        int controllerPort = settings.controllerPort() == 0 ? FreePorts.pick() : settings.controllerPort();
        int registryPort = settings.registryPort() == 0 ? FreePorts.pick() : settings.registryPort();
        Addresses where = addresses(settings, kafkaPort, registryPort);
        bootstrapServers = where.bootstrapServers();
        registryUrl = where.registryUrl();
        // where the commands that talk to this stack find it (snapshot, export, import), its ports decided: recorded now,
        // so that one run while Kafka comes back says it is starting, and again with the services' ports once they listen
        Map<String, String> addresses = new java.util.LinkedHashMap<>();
        addresses.put("host", where.reachableHost());
        if (settings.kafka().isEmpty() || settings.registry().isEmpty()) {
            addresses.put("kafka-host", Addresses.EMBEDDED_HOST);
        }
        if (settings.kafka().isEmpty()) {
            addresses.put("kafka-port", String.valueOf(kafkaPort));
            addresses.put("controller-port", String.valueOf(controllerPort));
        }
        if (settings.registry().isEmpty()) {
            addresses.put("registry-port", String.valueOf(registryPort));
        }
        lock.recordAddresses(addresses);
        // the services' Kafka and registry settings: the operator's, plus the admin token for an embedded registry,
        // which takes changes only from loopback or with that token (the services may reach it on another address)
        Map<String, String> clientProperties = new HashMap<>(settings.kafkaProperties());
        if (settings.registry().isEmpty()) { // embedded
            clientProperties.putAll(EmbeddedSchemaRegistry.clientCredentials(adminToken));
        }

        AggregationStreamsService aggregation = new AggregationStreamsService(new AggregationConfig(bootstrapServers,
                registryUrl, APPLICATION_ID, where.httpHost(), settings.queryPort(), where.reachableHost(),
                settings.streamsStateDir(), Optional.of(settings.viewerToken().value()), Optional.of(adminToken),
                singleInstance(clientProperties, settings.streamsStateDir()), settings.disclosure(), settings.metricsToken(),
                settings.exportLicence()));
        try {
            aggregation.serve();
        } catch (RuntimeException e) {
            // e.g. the port is taken by a stack already running on this data dir: its lock says so, next
            log.debug("the query API could not answer before Kafka: {}", e.toString());
        }
        try {
            startKafkaAndIngest(kafkaPort, controllerPort, registryPort, adminToken, clientProperties);
        } catch (RuntimeException | Error e) {
            aggregation.close();
            throw e;
        }
        // stopped first (newest first), while Kafka is still there for it to leave its group
        started("aggregation-streams", aggregation);
        aggregation.start();
        aggregation.ingestApiPort(ingestPort); // its 405 for a write sent to the wrong port names the right one
        queryPort = aggregation.port();
        addresses.put("ingest-port", String.valueOf(ingestPort));
        addresses.put("query-port", String.valueOf(queryPort));
        lock.recordAddresses(addresses);

        awaitReady("ingest-service", ingestUrl() + "/health/ready", ingest::refusal);
        awaitReady("aggregation-streams", queryUrl() + "/health/ready", Optional::empty);
    }

    private void startKafkaAndIngest(int kafkaPort, int controllerPort, int registryPort, String adminToken,
                                     Map<String, String> clientProperties) {
        if (settings.kafka().isEmpty()) {
            EmbeddedStack embedded = EmbeddedStack.start(lock, Addresses.EMBEDDED_HOST, kafkaPort, controllerPort, registryPort,
                    Optional.of(adminToken));
            started("Kafka and schema registry", embedded);
            expect("Kafka", bootstrapServers, embedded.bootstrapServers());
            expect("the schema registry", registryUrl, embedded.registryUrl());
        } else {
            ExternalKafka.ensureTopics(bootstrapServers, settings.kafkaProperties());
            started("watch for lost transaction markers",
                    ExternalKafka.watchLostTransactionMarkers(bootstrapServers, settings.kafkaProperties()));
            if (settings.registry().isEmpty()) {
                EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(bootstrapServers, settings.kafkaProperties(),
                        Addresses.EMBEDDED_HOST, registryPort, Optional.of(adminToken));
                started("schema registry", registry::close);
                expect("the schema registry", registryUrl, registry.url());
            }
            TogetherSerdes.forRegistry(registryUrl, clientProperties).registerAll();
        }

        ingest = new IngestService(new IngestConfig(bootstrapServers, registryUrl, settings.host(),
                settings.ingestPort(), adminToken, settings.pseudonymKey().value(), settings.dataDir(),
                Map.copyOf(clientProperties), settings.rateLimit(), settings.metricsToken()));
        started("ingest-service", ingest);
        ingest.start();
        ingestPort = ingest.port();
    }

    private static void expect(String what, String expected, String actual) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException(what + " answers at " + actual + ", not at " + expected + " as the services were told");
        }
    }

    /**
     * run starts one aggregation instance: a standby replica has nowhere to go, and it is a static member of its
     * consumer group (an id kept with its state), so that after a crash it takes its tasks back at once instead of
     * waiting for its former self's session to expire. Either can be overridden by the operator.
     */
    private static Map<String, String> singleInstance(Map<String, String> kafkaProperties, Path stateDir) {
        Map<String, String> props = new HashMap<>(kafkaProperties);
        props.putIfAbsent("num.standby.replicas", "0");
        props.putIfAbsent("group.instance.id", "together-run-" + instanceId(stateDir));
        return Map.copyOf(props);
    }

    /** A random id kept in the state directory: the same across restarts, another for another data dir. */
    private static String instanceId(Path stateDir) {
        Path file = stateDir.resolve("instance-id");
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!id.isEmpty()) {
                    return id;
                }
            }
            Files.createDirectories(stateDir);
            String id = java.util.UUID.randomUUID().toString();
            Files.writeString(file, id, StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot keep the aggregation instance id in " + file, e);
        }
    }

    /**
     * Waits until a service says it is ready (its views loaded, its topology running), so that the URLs
     * printed next answer at once; a service still not ready after {@link #READY_TIMEOUT} is reported, not fatal.
     *
     * @param refusal why the service will never be ready, once it knows: then the start fails with that reason
     * @throws IllegalStateException the service refuses to serve
     */
    private void awaitReady(String name, String url, java.util.function.Supplier<Optional<String>> refusal) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(java.time.Duration.ofSeconds(2)).build();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .timeout(java.time.Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline && !closed) {
            Optional<String> never = refusal.get();
            if (never.isPresent()) {
                throw new IllegalStateException(name + " does not serve: " + never.get());
            }
            try {
                java.net.http.HttpResponse<Void> response = http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + response.statusCode();
            } catch (java.io.IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!closed) {
            log.warn("{} is not ready after {} s ({}); it keeps trying", name, READY_TIMEOUT.toSeconds(), last);
        }
    }

    public StackSettings settings() {
        return settings;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String registryUrl() {
        return registryUrl;
    }

    public String ingestUrl() {
        return "http://" + addresses(settings, 0, 0).reachableHost() + ":" + ingestPort;
    }

    public String queryUrl() {
        return "http://" + addresses(settings, 0, 0).reachableHost() + ":" + queryPort;
    }

    /**
     * Where the servers of a run listen and are reached. {@code --host} moves the HTTP services only (ingest, query API
     * and dashboard): the embedded broker and registry have no authentication, so they stay on loopback whatever it says
     * (review 18; a wildcard address could not be advertised to Kafka clients anyway).
     *
     * @param httpHost where ingest and the query API listen ({@code --host})
     * @param reachableHost where this machine reaches them, and what aggregation advertises: a wildcard listen address is
     *                      not something to browse to
     * @param bootstrapServers the external Kafka, else the embedded broker on loopback
     * @param registryUrl the external registry, else the embedded one on loopback
     */
    record Addresses(String httpHost, String reachableHost, String bootstrapServers, String registryUrl) {
        /** Where the embedded broker, its controller and the embedded registry listen and advertise. */
        static final String EMBEDDED_HOST = EmbeddedStack.LOOPBACK;
    }

    static Addresses addresses(StackSettings settings, int kafkaPort, int registryPort) {
        String host = settings.host();
        String reachable = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
        return new Addresses(host, reachable, settings.kafka().orElse(Addresses.EMBEDDED_HOST + ":" + kafkaPort),
                settings.registry().orElse("http://" + Addresses.EMBEDDED_HOST + ":" + registryPort));
    }

    /** Keeps a part for stopping; refuses to go on when the stack was stopped meanwhile (Ctrl-C during start). */
    private synchronized void started(String name, AutoCloseable part) {
        started.push(new Stoppable(name, part));
        if (closed) {
            throw new IllegalStateException("stopped while starting");
        }
    }

    /**
     * Stops what started, newest first; a part that fails to stop does not keep the others running.
     * Called while another thread is starting the stack, it lets the part being started finish first.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            if (startDone.getCount() > 0 && !startDone.await(2, java.util.concurrent.TimeUnit.MINUTES)) {
                log.warn("the stack is still starting after 2 minutes; stopping what is up");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopAll();
    }

    private synchronized void stopAll() {
        while (!started.isEmpty()) {
            Stoppable part = started.pop();
            try {
                part.resource().close();
                log.info("stopped {}", part.name());
            } catch (Exception e) {
                log.warn("stopping {} failed: {}", part.name(), e.toString());
            }
        }
    }

    private record Stoppable(String name, AutoCloseable resource) {
    }
}
