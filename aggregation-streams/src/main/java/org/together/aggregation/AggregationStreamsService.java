package org.together.aggregation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.together.aggregation.dashboard.Dashboard;
import org.together.aggregation.query.ApiJson;
import org.together.aggregation.query.LastFigures;
import org.together.aggregation.query.LiveSummaries;
import org.together.aggregation.query.QueryEndpoints;
import org.together.aggregation.query.QueryRouter;
import org.together.aggregation.query.Readers;
import org.together.aggregation.topology.AggregationTopology;
import org.together.aggregation.topology.DeadLetterCounter;
import org.together.aggregation.topology.StoreKeys;
import org.together.aggregation.topology.UndecodableReferenceCounter;
import org.together.http.RequestMetrics;
import org.together.reports.export.ExportRoutes;
import org.together.reports.snapshot.SnapshotRoutes;
import org.together.reports.snapshot.SnapshotService;
import org.together.http.MetricsRoute;
import org.together.http.SecurityHeaders;
import org.together.schemas.TogetherSerdes;

/**
 * One aggregation-streams instance: the Kafka Streams topology (exactly once) that keeps the
 * figures, and the HTTP server that answers the query API, streams live summaries, serves the
 * dashboard and the quarterly snapshots. Several instances with the same applicationId share the
 * partitions; any of them answers any question (see {@link QueryRouter}).
 */
public final class AggregationStreamsService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AggregationStreamsService.class);
    /** Default consumer session timeout (Kafka's is 45 s): how long a crashed instance's tasks wait for a new owner. */
    static final int SESSION_TIMEOUT_MS = 10_000;
    private static final long VITALS_EVERY_MS = 1_000;
    private static final long SAVE_EVERY_MS = 2_000;

    private final AggregationConfig config;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DeadLetterCounter deadLetters = new DeadLetterCounter(meters);
    private final UndecodableReferenceCounter undecodableReferences = new UndecodableReferenceCounter(meters);
    private final ObjectMapper json = ApiJson.mapper();
    private final QueryRouter router = new QueryRouter();
    /**
     * Background looks: whether Kafka answers, which local stores are caught up, saving the last figures. A thread
     * each: the stores' lag asks Kafka with no bound of ours, and a look blocked on a broker that just died must hold
     * back neither the check that says so nor the saving of the figures.
     */
    private final ScheduledExecutorService vitals = Executors.newScheduledThreadPool(3, r -> {
        Thread t = new Thread(r, "aggregation-vitals");
        t.setDaemon(true);
        return t;
    });
    private TogetherSerdes serdes;
    private LastFigures lastFigures;
    private volatile KafkaReachability kafka;
    private Javalin http;
    private volatile KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private LiveSummaries live;
    private QueryEndpoints queries;
    private volatile boolean closed;

    public AggregationStreamsService(AggregationConfig config) {
        this.config = config;
    }

    /**
     * Starts the HTTP server alone: the dashboard, and the query API answering from the last figures this instance
     * kept in its state directory (503 for any other question) until {@link #start()} connects it to Kafka. What
     * lets a crashed instance answer within seconds of its restart, before Kafka is even reachable.
     */
    public synchronized void serve() {
        if (http != null) {
            return;
        }
        lastFigures = new LastFigures(config.stateDir().resolve(LastFigures.FILE_NAME), json, Clock.systemUTC(),
                this::whyNotLive);
        serdes = TogetherSerdes.forRegistry(config.schemaRegistryUrl(), config.kafkaProperties());
        queries = new QueryEndpoints(router, json, config.viewerToken(), config.adminToken(),
                config.disclosure(), lastFigures);
        live = new LiveSummaries(queries, json);
        SnapshotService snapshots = new SnapshotService(config.bootstrapServers(), serdes, config.kafkaProperties());

        // HTTP first: Kafka Streams must advertise the port it actually got (port 0 = any free port)
        http = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.http.prefer405over404 = true; // a method the path does not take is 405 naming those it takes
            c.jsonMapper(new JavalinJackson(json, false));
            c.requestLogger.http(new RequestMetrics(meters)::record);
            SecurityHeaders.install(c);
            queries.register(c.routes);
            live.register(c.routes);
            Readers admin = new Readers(Optional.empty(), config.adminToken());
            Predicate<Context> isAdmin =
                    ctx -> admin.of(Optional.ofNullable(ctx.header("Authorization"))) instanceof Readers.Valid;
            // the viewer or admin token: a public report of any period (the public, whole quarters that have ended)
            Readers team = new Readers(config.viewerToken(), config.adminToken());
            Predicate<Context> isTeam =
                    ctx -> team.of(Optional.ofNullable(ctx.header("Authorization"))) instanceof Readers.Valid;
            SnapshotRoutes.register(c.routes, snapshots, isAdmin, isTeam, (ctx, territory) -> {
                try {
                    return queries.readers().of(Optional.ofNullable(ctx.header("Authorization")), Optional.of(territory))
                            instanceof Readers.OwnTerritory;
                } catch (RuntimeException e) {
                    if (QueryRouter.isUnavailable(e)) {
                        return false; // the tokens are not readable yet: as without the token, 401
                    }
                    throw e;
                }
            }, config.disclosure());
            ExportRoutes.register(c.routes, snapshots, isAdmin, isTeam, config.disclosure(), config.exportLicence());
            Dashboard.configure(c);
            c.routes.get("/health/live", this::healthLive);
            c.routes.get("/health/ready", this::healthReady);
            c.routes.get(MetricsRoute.PATH, new MetricsRoute(config.metricsToken(), meters::scrape));
            // Javalin's own answers (no such route, method not allowed with Allow) in the API's JSON, not its text/plain:
            // QueryEndpoints.register installs them (a write of the ingest API says where it goes)
            c.routes.exception(Exception.class, (e, ctx) -> {
                log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                ctx.status(500).json(Map.of("status", 500, "error", "Internal Server Error", "message", "internal error"));
            });
        }).start(config.host(), config.port());
        live.start();
        vitals.scheduleWithFixedDelay(this::saveLastFigures, SAVE_EVERY_MS, SAVE_EVERY_MS, TimeUnit.MILLISECONDS);
        log.info("aggregation-streams answering on {}:{} ({} questions with last figures kept)", config.host(), http.port(),
                lastFigures.size());
    }

    /** Serves (if not yet), then runs the topology against Kafka. */
    public synchronized void start() {
        serve();
        ensureTopics();
        kafka = new KafkaReachability(adminProperties());
        // looked at from now on: Kafka Streams' start waits for its global table while Kafka is away, and meanwhile
        // /health/ready and the answers from the last figures say Kafka is unreachable, not "starting"
        vitals.scheduleWithFixedDelay(kafka::check, 0, VITALS_EVERY_MS, TimeUnit.MILLISECONDS);
        HostInfo self = new HostInfo(config.advertisedHost(), http.port());
        Topology topology = AggregationTopology.buildTopology(serdes);
        KafkaStreams streams = new KafkaStreams(topology, streamsProperties(self));
        streams.setUncaughtExceptionHandler(e -> {
            log.error("stream thread failed; this instance stops processing (health/live reports it)", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> log.info("Kafka Streams {} -> {}", before, now));
        // a store being restored is never read: see StoreFreshness
        streams.setGlobalStateRestoreListener(router.freshness());
        router.attach(streams, self);
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(meters);
        Gauge.builder("together.live.listeners", live, LiveSummaries::listeners)
                .description("dashboards listening to /api/v1/live").register(meters);
        this.streams = streams;
        streams.start();
        vitals.scheduleWithFixedDelay(this::lookAtStores, 0, VITALS_EVERY_MS, TimeUnit.MILLISECONDS);
        log.info("aggregation-streams {} listening on {}:{} (advertised {})", config.applicationId(), config.host(), http.port(), self);
    }

    /** Why the live figures are not read, said with an answer from the last figures. */
    private LastFigures.Reason whyNotLive() {
        KafkaReachability kafka = this.kafka;
        if (kafka == null || !kafka.looked()) {
            return LastFigures.Reason.STARTING;
        }
        return kafka.reachable() ? LastFigures.Reason.RESTORING : LastFigures.Reason.KAFKA_UNREACHABLE;
    }

    /** Which local stores are caught up (asked only while Kafka answers); a failure leaves the last look in place. */
    private void lookAtStores() {
        try {
            if (kafka.reachable()) {
                router.refreshFreshness();
            }
        } catch (RuntimeException e) {
            log.debug("could not look at the stores' lag: {}", e.toString());
        }
    }

    private void saveLastFigures() {
        lastFigures.save();
    }

    private Map<String, Object> adminProperties() {
        Map<String, Object> props = new java.util.HashMap<>(config.kafkaProperties());
        props.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        return props;
    }

    /**
     * Kafka Streams stops with an error when a source topic is missing, so the pipeline's topics are
     * created if absent (idempotent; whichever service starts first). Replication follows the
     * operator's {@code replication.factor} (the one Kafka Streams uses for its own topics), else
     * the broker's default.
     */
    private void ensureTopics() {
        Properties props = new Properties();
        props.putAll(config.kafkaProperties());
        props.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        short replication = Short.parseShort(config.kafkaProperties().getOrDefault(StreamsConfig.REPLICATION_FACTOR_CONFIG, "-1"));
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            org.together.schemas.Topics.ensureCreated(admin, replication, java.util.Optional.empty());
        } catch (RuntimeException e) {
            // Kafka not reachable yet: Kafka Streams keeps trying; /health/ready says so meanwhile
            log.warn("could not check the pipeline's topics: {}", e.getMessage());
        }
    }

    private Properties streamsProperties(HostInfo self) {
        Properties props = new Properties();
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        // A crashed instance is noticed after this long (45 s by default): until then its tasks are not processed,
        // and a restarted instance's join waits for it. Shorter makes a long GC pause look like a crash.
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 32L * 1024 * 1024);
        // The figures do not depend on the order events of different topics are read in (event time decides), so a
        // task need not wait to have data of all five topics before processing, nor log why it waits.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        // Each commit sends its changelog records in a burst (each changed entity once): batches of 128 KiB instead
        // of 16 KiB take a commit's records of a partition in one or two produce requests, not ten.
        props.put(StreamsConfig.producerPrefix(org.apache.kafka.clients.producer.ProducerConfig.BATCH_SIZE_CONFIG), 128 * 1024);
        props.putAll(config.kafkaProperties()); // security, timeouts, tuning: the operator's choice
        props.putAll(AggregationTopology.errorHandling(deadLetters, undecodableReferences));
        // Kafka Streams' partition assignor rebuilds a StreamsConfig from the main consumer's settings only, and that
        // one would warn at every start that the setting above is off
        props.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), true);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return props;
    }

    /** Live: the process answers and Kafka Streams has not stopped (before it starts, the last figures are served). */
    private void healthLive(Context ctx) {
        KafkaStreams streams = this.streams;
        KafkaStreams.State state = streams == null ? null : streams.state();
        boolean up = !closed && (state == null || state != KafkaStreams.State.ERROR && state != KafkaStreams.State.PENDING_ERROR
                && state != KafkaStreams.State.NOT_RUNNING && state != KafkaStreams.State.PENDING_SHUTDOWN);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("streams", state == null ? "STARTING" : String.valueOf(state));
        ctx.status(up ? 200 : 503).json(body);
    }

    /**
     * Ready: Kafka answers, Kafka Streams is RUNNING, the network's figures are located, the stores are queryable and
     * none of this instance's is being restored. Not ready, the instance still answers (from standby copies, other
     * instances or the last figures), but a load balancer should prefer one that is.
     */
    private void healthReady(Context ctx) {
        KafkaStreams streams = this.streams;
        KafkaStreams.State state = streams == null ? null : streams.state();
        boolean reachable = kafka != null && kafka.reachable();
        boolean running = state == KafkaStreams.State.RUNNING;
        QueryRouter.Location network = router.locate(StoreKeys.NETWORK);
        boolean located = running && (network.local() || network.owner().isPresent());
        boolean queryable = running && storesQueryable();
        boolean restored = running && !router.freshness().restoring();
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("kafka", reachable ? "UP" : "DOWN");
        checks.put("streams", state == null ? "STARTING" : String.valueOf(state));
        checks.put("networkFiguresLocated", located ? "UP" : "DOWN");
        checks.put("storesQueryable", queryable ? "UP" : "DOWN");
        checks.put("figuresRestored", restored ? "UP" : "DOWN");
        boolean up = reachable && running && located && queryable && restored;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("checks", checks);
        if (!up) {
            ctx.header("Retry-After", "5");
        }
        ctx.status(up ? 200 : 503).json(body);
    }

    private boolean storesQueryable() {
        try {
            streams.store(StoreQueryParameters.fromNameAndType(AggregationTopology.TERRITORIES, QueryableStoreTypes.keyValueStore()))
                    .approximateNumEntries();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Tells the query API the port of the ingest API beside it (a launcher that started both knows it): its answer to a
     * write sent to the wrong service names it. Call after {@link #serve()}.
     */
    public void ingestApiPort(int port) {
        queries.ingestApiPort(port);
    }

    /** The HTTP port (the actual one when configured with 0). */
    public int port() {
        return http.port();
    }

    /** True while Kafka Streams runs (or rebalances) and HTTP answers. */
    public boolean isRunning() {
        KafkaStreams streams = this.streams;
        return !closed && http != null && streams != null && streams.state().isRunningOrRebalancing();
    }

    /** For tests and tools: the Kafka Streams state. */
    public KafkaStreams.State streamsState() {
        KafkaStreams streams = this.streams;
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (live != null) {
            live.close();
        }
        if (streams != null) {
            // leave the group: a restarted or remaining instance takes the tasks over at once instead of
            // waiting for this member's session to time out (45 s)
            streams.close(org.apache.kafka.streams.CloseOptions
                    .groupMembershipOperation(org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
        }
        vitals.shutdownNow();
        if (kafka != null) {
            kafka.close();
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        if (lastFigures != null) {
            lastFigures.save();
        }
        if (http != null) {
            http.stop();
        }
        meters.close();
    }
}
