package org.together.launcher.run;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.together.aggregation.AggregationConfig;
import org.together.aggregation.AggregationStreamsService;
import org.together.embedded.EmbeddedStack;
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
    private String bootstrapServers;
    private String registryUrl;
    private int ingestPort;
    private int queryPort;
    private volatile boolean closed;

    private RunningStack(StackSettings settings) {
        this.settings = settings;
    }

    /** Starts everything; if one part fails, what already started is stopped again before the error is thrown. */
    public static RunningStack start(StackSettings settings) {
        RunningStack stack = new RunningStack(settings);
        stack.start();
        return stack;
    }

    /** A stack not started yet: {@link #close()} may then be called from another thread while {@link #start()} runs. */
    public static RunningStack of(StackSettings settings) {
        return new RunningStack(settings);
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
        String adminToken = settings.adminToken().value();
        // the services' Kafka and registry settings: the operator's, plus the admin token for an embedded registry,
        // which takes changes only from loopback or with that token (the services may reach it on another address)
        Map<String, String> clientProperties = new HashMap<>(settings.kafkaProperties());
        if (settings.kafka().isEmpty()) {
            EmbeddedStack embedded = EmbeddedStack.start(settings.dataDir(), settings.host(),
                    settings.kafkaPort(), settings.controllerPort(), settings.registryPort(), Optional.of(adminToken));
            started("Kafka and schema registry", embedded);
            bootstrapServers = embedded.bootstrapServers();
            registryUrl = embedded.registryUrl();
            clientProperties.putAll(EmbeddedSchemaRegistry.clientCredentials(adminToken));
        } else {
            bootstrapServers = settings.kafka().get();
            ExternalKafka.ensureTopics(bootstrapServers, settings.kafkaProperties());
            if (settings.registry().isPresent()) {
                registryUrl = settings.registry().get();
            } else {
                EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(bootstrapServers, settings.kafkaProperties(),
                        settings.host(), settings.registryPort(), Optional.of(adminToken));
                started("schema registry", registry::close);
                registryUrl = registry.url();
                clientProperties.putAll(EmbeddedSchemaRegistry.clientCredentials(adminToken));
            }
            TogetherSerdes.forRegistry(registryUrl, clientProperties).registerAll();
        }

        IngestService ingest = new IngestService(new IngestConfig(bootstrapServers, registryUrl, settings.host(),
                settings.ingestPort(), adminToken, settings.pseudonymKey().value(), settings.dataDir(),
                Map.copyOf(clientProperties)));
        started("ingest-service", ingest);
        ingest.start();
        ingestPort = ingest.port();

        AggregationStreamsService aggregation = new AggregationStreamsService(new AggregationConfig(bootstrapServers,
                registryUrl, APPLICATION_ID, settings.host(), settings.queryPort(), reachableHost(),
                settings.streamsStateDir(), settings.viewerToken(), Optional.of(adminToken),
                singleInstance(clientProperties), settings.disclosure(), settings.metricsToken()));
        started("aggregation-streams", aggregation);
        aggregation.start();
        queryPort = aggregation.port();

        awaitReady("ingest-service", ingestUrl() + "/health/ready");
        awaitReady("aggregation-streams", queryUrl() + "/health/ready");
    }

    /** run starts one aggregation instance: a standby replica has nowhere to go, unless the operator says otherwise. */
    private static Map<String, String> singleInstance(Map<String, String> kafkaProperties) {
        Map<String, String> props = new HashMap<>(kafkaProperties);
        props.putIfAbsent("num.standby.replicas", "0");
        return Map.copyOf(props);
    }

    /**
     * Waits until a service says it is ready (its views loaded, its topology running), so that the URLs
     * printed next answer at once; a service still not ready after {@link #READY_TIMEOUT} is reported, not fatal.
     */
    private void awaitReady(String name, String url) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(java.time.Duration.ofSeconds(2)).build();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .timeout(java.time.Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline && !closed) {
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
        return "http://" + reachableHost() + ":" + ingestPort;
    }

    public String queryUrl() {
        return "http://" + reachableHost() + ":" + queryPort;
    }

    /** Where this machine reaches the servers: a wildcard listen address is not something to browse to. */
    private String reachableHost() {
        String host = settings.host();
        return host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
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
