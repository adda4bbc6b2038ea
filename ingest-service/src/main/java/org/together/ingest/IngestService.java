package org.together.ingest;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.together.ingest.auth.AdminToken;
import org.together.ingest.auth.TerritoryTokens;
import org.together.ingest.catalogue.CatalogueEndpoints;
import org.together.ingest.catalogue.SpiralDimensions;
import org.together.ingest.catalogue.ToolCatalogue;
import org.together.ingest.events.Admission;
import org.together.ingest.events.EventMetrics;
import org.together.ingest.events.EventsEndpoint;
import org.together.ingest.health.HealthEndpoints;
import org.together.ingest.health.HttpMetrics;
import org.together.ingest.health.Readiness;
import org.together.ingest.http.ApiError;
import org.together.ingest.http.JsonBody;
import org.together.ingest.events.Intake;
import org.together.ingest.idempotency.ClaimIndex;
import org.together.ingest.idempotency.EventClaims;
import org.together.ingest.idempotency.ReceiptIndex;
import org.together.ingest.index.IndexStore;
import org.together.ingest.index.LocalIndexes;
import org.together.ingest.limits.RateLimit;
import org.together.ingest.kafka.AvroWriter;
import org.together.ingest.kafka.InstanceId;
import org.together.ingest.kafka.KafkaSettings;
import org.together.ingest.kafka.TransactionalWriter;
import org.together.ingest.targets.TargetsEndpoints;
import org.together.ingest.pseudonyms.ErasureEndpoint;
import org.together.ingest.pseudonyms.PseudonymIndex;
import org.together.ingest.pseudonyms.PseudonymKey;
import org.together.ingest.pseudonyms.PseudonymVault;
import org.together.ingest.pseudonyms.VaultTicks;
import org.together.ingest.reference.KeyedView;
import org.together.ingest.reference.ReferenceTail;
import org.together.ingest.reference.TailBarrier;
import org.together.ingest.territories.TerritoriesEndpoints;
import org.together.ingest.territories.TerritoryRegistry;
import org.together.ingest.validation.EventValidator;
import org.together.ingest.validation.ReferenceData;
import org.together.http.JavalinErrors;
import org.together.http.JsonErrorHandler;
import org.together.http.MetricsRoute;
import org.together.http.OpenApiRoute;
import org.together.http.SecurityHeaders;
import org.together.reference.EventReceipt;
import org.together.reference.PseudonymClaim;
import org.together.reference.SpiralDimension;
import org.together.reference.Target;
import org.together.reference.Tool;
import org.together.schemas.TogetherSerdes;
import org.together.schemas.TopicSpec;
import org.together.schemas.Topics;
import org.together.schemas.serde.AvroSerdeConfig;

/**
 * The territory apps' HTTP API: validates events and writes them to Kafka as Avro, each participant under its
 * pseudonym, with the coordination endpoints (territories, tokens, tool catalogue, SPIRAL dimensions, import,
 * erasure), OpenAPI, health and metrics.
 *
 * <p>{@link #start()} returns as soon as HTTP listens; the service answers 503 until it has read the reference
 * topics (and seeded the tool catalogue and SPIRAL dimensions where missing). {@code /health/ready} says when.
 */
public final class IngestService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IngestService.class);
    /** How long a request waits for its transaction before answering 503. */
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    /** Request bytes worked on at once before answering 503: bounds memory under a flood. */
    static final int ADMISSION_BUDGET_BYTES = 32 * 1024 * 1024;
    /**
     * Transactions in flight at once. Each one costs the broker a fixed amount of work whatever its size (its
     * transaction log entries, a marker per partition), so fewer, larger groups cost less per event: with two,
     * one group fills while the other commits (measured: 40% fewer transactions than with four, and less CPU
     * per event).
     */
    static final int COMMITTER_THREADS = 2;

    private final IngestConfig config;
    private final Clock clock = Clock.systemUTC();
    private final TerritoryRegistry territories = new TerritoryRegistry();
    private final TerritoryTokens tokens = new TerritoryTokens();
    private final ToolCatalogue tools = new ToolCatalogue();
    private final KeyedView<Target> targets = new KeyedView<>();
    private final SpiralDimensions dimensions = new SpiralDimensions();

    private PrometheusMeterRegistry meters;
    private InstanceId instance;
    private Path temporaryIndex;
    private IndexStore index;
    private ExecutorService compactions;
    private ReceiptIndex receipts;
    private TransactionalWriter transactions;
    private KafkaProducer<byte[], byte[]> vaultProducer;
    private PseudonymVault vault;
    private EventClaims claims;
    private VaultTicks ticks;
    private ReferenceTail tail;
    private TailBarrier barrier;
    private Admin admin;
    private Thread starter;
    private Javalin app;
    private volatile boolean seeded;
    /** Why this instance will never serve (its pseudonym key is not the vault's); null while that is not known. */
    private volatile String refusal;
    private volatile boolean closed;

    public IngestService(IngestConfig config) {
        this.config = config;
    }

    public void start() {
        PseudonymKey key = new PseudonymKey(config.pseudonymKey());
        AdminToken adminToken = new AdminToken(config.adminToken(), tokens);
        meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
        KafkaSettings kafka = new KafkaSettings(config);
        TogetherSerdes serdes = new TogetherSerdes(AvroSerdeConfig.client(kafka.registry(config.schemaRegistryUrl())));
        instance = InstanceId.claim(config.dataDir());
        index = IndexStore.open(indexDirectory(), List.of(
                new IndexStore.TableSpec(ReceiptIndex.TABLE, 0),
                new IndexStore.TableSpec(ClaimIndex.TABLE, 0),
                // an erased participant leaves the files at least this often, whatever else happens
                new IndexStore.TableSpec(PseudonymIndex.TABLE, Duration.ofHours(6).toSeconds())), IndexStore.DEFAULT_MEMORY_BYTES);
        compactions = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ingest-index-compaction");
            t.setDaemon(true);
            return t;
        });
        receipts = new ReceiptIndex(index, decoder(serdes, Topics.EVENT_RECEIPTS));
        PseudonymIndex pseudonyms = new PseudonymIndex(index, decoder(serdes, Topics.PSEUDONYMS), compactions);
        transactions = new TransactionalWriter(id -> new KafkaProducer<>(kafka.transactionalProducer(id)),
                "together-ingest-" + instance.id(), COMMITTER_THREADS, meters);
        AvroWriter writer = new AvroWriter(serdes, transactions);
        admin = Admin.create(kafka.admin());
        ClaimIndex claimIndex = new ClaimIndex(index, clock);
        LocalIndexes indexes = new LocalIndexes(index, List.of(receipts, claimIndex, pseudonyms), this::topicId, clock);
        Map<String, Consumer<ConsumerRecord<String, byte[]>>> handlers = handlers(serdes);
        handlers.putAll(indexes.handlers());
        tail = new ReferenceTail(() -> new KafkaConsumer<>(kafka.tailingConsumer("together-ingest-views-" + instance.id())),
                handlers, indexes);
        vaultProducer = new KafkaProducer<>(kafka.vaultProducer("together-ingest-vault-" + instance.id()));
        vault = new PseudonymVault(key, pseudonyms, tail, writer, vaultProducer, meters);
        // eventId claims are written like the vault's claims: idempotent, outside transactions
        claims = new EventClaims(claimIndex, tail, vaultProducer);
        ticks = new VaultTicks(admin, vaultProducer);
        Gauge.builder("together.ingest.vault.erasure.bound", ticks, VaultTicks::erasureBoundSeconds).baseUnit("seconds")
                .description("worst case from an erasure until the mapping is gone from the broker's disk, from the vault "
                        + "topic's settings (NaN: they cannot be read; docs/privacy.md promises 24 h)").register(meters);
        Readiness readiness = new Readiness(() -> seeded && tail.caughtUp(), this::refusal);
        Gauge.builder("together.ingest.receipts", receipts, ReceiptIndex::size)
                .description("eventIds known to the idempotency index (RocksDB's estimate)").register(meters);
        Gauge.builder("together.ingest.receipts.as.sent", receipts, ReceiptIndex::readAsSent)
                .description("receipts of events accepted before pseudonyms: their participant ids are in clear "
                        + "in the event topics (docs/privacy.md)").register(meters);
        Gauge.builder("together.ingest.ready", () -> readiness.ready() ? 1 : 0).register(meters);
        Gauge.builder("together.ingest.index.memory", index, IndexStore::memoryBytes).baseUnit("bytes")
                .description("off-heap memory of the receipt and pseudonym indexes (bounded block cache)").register(meters);
        Gauge.builder("together.ingest.index.disk", index, IndexStore::diskBytes).baseUnit("bytes")
                .description("disk used by the receipt and pseudonym indexes").register(meters);

        ReferenceData reference = new ReferenceData() {
            @Override
            public boolean isTerritoryRegistered(String territoryId) {
                return territories.isRegistered(territoryId);
            }

            @Override
            public boolean isToolKnown(String toolId) {
                return tools.isKnown(toolId);
            }

            @Override
            public boolean isDimensionKnown(String code) {
                return dimensions.isKnown(code);
            }
        };
        if (config.adminToken() == null || config.adminToken().isBlank()) {
            log.warn("no admin token configured: coordination endpoints will answer 401 (403 to a territory's token)");
        }
        List<TopicPartition> indexed = new ArrayList<>(vault.partitions());
        for (int p = 0; p < Topics.EVENT_RECEIPTS.partitions(); p++) {
            indexed.add(new TopicPartition(Topics.EVENT_RECEIPTS.name(), p));
        }
        barrier = new TailBarrier(tail,
                () -> new KafkaConsumer<>(kafka.tailingConsumer("together-ingest-barrier-" + instance.id())), indexed);
        EventMetrics eventMetrics = new EventMetrics(meters);
        // events and erasures of a territory token share one bucket
        RateLimit rateLimit = new RateLimit(config.rateLimit(), System::nanoTime);
        EventsEndpoint events = new EventsEndpoint(new EventValidator(reference),
                new Intake(receipts, barrier, vault, claims, writer, eventMetrics, WRITE_TIMEOUT), tokens, adminToken, readiness,
                new Admission(ADMISSION_BUDGET_BYTES, JsonBody.MAX_BYTES), rateLimit, eventMetrics, clock);
        ErasureEndpoint erasure = new ErasureEndpoint(vault, barrier, tokens, adminToken, territories::isRegistered,
                rateLimit, readiness, WRITE_TIMEOUT, meters);
        TerritoriesEndpoints territoryEndpoints = new TerritoriesEndpoints(territories, tokens, adminToken, readiness,
                writer, clock, WRITE_TIMEOUT);
        CatalogueEndpoints catalogue = new CatalogueEndpoints(tools, dimensions, adminToken, readiness, writer, clock,
                WRITE_TIMEOUT);
        TargetsEndpoints targetEndpoints = new TargetsEndpoints(targets, reference, adminToken, readiness, writer, clock,
                WRITE_TIMEOUT);
        HealthEndpoints health = new HealthEndpoints(readiness, admin);
        HttpMetrics httpMetrics = new HttpMetrics(meters);

        app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.http.prefer405over404 = true;
            c.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            SecurityHeaders.install(c);
            // Jetty's header cache is case-insensitive by default: it could hand us a cached header value that
            // differs in case from what was sent, and bearer tokens are case-sensitive
            c.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
            c.requestLogger.http(httpMetrics::record);
            c.routes.post("/api/v1/events", events::events);
            c.routes.post("/api/v1/import", events::importEvents);
            c.routes.post("/api/v1/territories", territoryEndpoints::register);
            c.routes.get("/api/v1/territories", territoryEndpoints::list);
            c.routes.put("/api/v1/territories/{id}", territoryEndpoints::correct);
            c.routes.post("/api/v1/territories/{id}/token", territoryEndpoints::rotate);
            c.routes.delete("/api/v1/territories/{id}/token", territoryEndpoints::revoke);
            c.routes.delete("/api/v1/territories/{territoryId}/participants/{participantId}", erasure::erase);
            c.routes.get("/api/v1/tools", catalogue::listTools);
            c.routes.put("/api/v1/tools/{toolId}", catalogue::putTool);
            c.routes.get("/api/v1/spiral-dimensions", catalogue::listDimensions);
            c.routes.put("/api/v1/spiral-dimensions/{code}", catalogue::putDimension);
            c.routes.put("/api/v1/targets/{targetId}", targetEndpoints::put);
            c.routes.delete("/api/v1/targets/{targetId}", targetEndpoints::delete);
            c.routes.get("/api/v1/targets", TargetsEndpoints::readElsewhere);
            c.routes.get("/api/v1/targets/{targetId}", TargetsEndpoints::readElsewhere);
            c.routes.get(OpenApiRoute.PATH, new OpenApiRoute(IngestService.class, "/org/together/ingest/openapi/openapi.json"));
            c.routes.get("/health/live", health::live);
            c.routes.get("/health/ready", health::ready);
            c.routes.get(MetricsRoute.PATH, new MetricsRoute(config.metricsToken(), meters::scrape));
            errors(c);
        });
        app.start(config.host(), config.port());
        tail.start();
        starter = new Thread(() -> prepare(writer), "ingest-starter");
        starter.setDaemon(true);
        starter.start();
        log.info("ingest-service listening on {}:{} (instance {}, index in {})", config.host(), app.port(), instance.id(),
                index.directory());
    }

    /** {@code <data-dir>/ingest/index} when this instance holds its data dir, else a temporary directory. */
    private Path indexDirectory() {
        Optional<Path> own = instance.directory();
        if (own.isPresent()) {
            return own.get().resolve("index");
        }
        try {
            temporaryIndex = Files.createTempDirectory("together-ingest-index-");
            return temporaryIndex;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the ingest index", e);
        }
    }

    /** Kafka's id of a topic, to tell a topic deleted and created again from the one an index was read from. */
    private Optional<String> topicId(String topic) {
        try {
            return Optional.of(admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS)
                    .get(topic).topicId().toString());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }
    }

    /** A value decoder that answers null (and counts) for what it cannot decode, for the indexes' tail. */
    private <V extends SpecificRecord> Function<byte[], V> decoder(TogetherSerdes serdes, TopicSpec<V> topic) {
        Counter undecodable = Counter.builder("together.ingest.reference.undecodable")
                .description("reference records that could not be decoded and were skipped")
                .tag("topic", topic.name()).register(meters);
        return bytes -> {
            try {
                return serdes.value(topic).deserializer().deserialize(topic.name(), bytes);
            } catch (RuntimeException e) {
                undecodable.increment();
                log.warn("skipping an undecodable record of {}: {}", topic.name(), e.toString());
                return null;
            }
        };
    }

    private static void errors(JavalinConfig c) {
        // Javalin's own answers (unknown route, wrong method, ...) get the same JSON error body as ours
        c.routes.exception(HttpResponseException.class, JavalinErrors::answer);
        c.routes.exception(Exception.class, (e, ctx) -> {
            // the route, not the path: a path can hold a participant id (erasure) that no log may keep
            var endpoint = ctx.endpoints().lastHttpEndpoint();
            log.error("unexpected error on {} {}", ctx.method(), endpoint == null ? "(no route)" : endpoint.path, e);
            ApiError.send(ctx, 500, "internal error");
        });
    }

    private Map<String, Consumer<ConsumerRecord<String, byte[]>>> handlers(TogetherSerdes serdes) {
        Map<String, Consumer<ConsumerRecord<String, byte[]>>> h = new HashMap<>();
        h.put(Topics.TERRITORIES.name(), decoding(serdes, Topics.TERRITORIES,
                (r, v) -> territories.view().apply(r.key(), v, r.offset())));
        h.put(Topics.TERRITORY_CREDENTIALS.name(), decoding(serdes, Topics.TERRITORY_CREDENTIALS,
                (r, v) -> tokens.apply(r.key(), v, r.offset())));
        h.put(Topics.TOOLS.name(), decoding(serdes, Topics.TOOLS, (r, v) -> tools.view().apply(r.key(), v, r.offset())));
        h.put(Topics.TARGETS.name(), decoding(serdes, Topics.TARGETS, (r, v) -> targets.apply(r.key(), v, r.offset())));
        h.put(Topics.SPIRAL_DIMENSIONS.name(), decoding(serdes, Topics.SPIRAL_DIMENSIONS,
                (r, v) -> dimensions.view().apply(r.key(), v, r.offset())));
        return h;
    }

    private interface Apply<V> {
        void apply(ConsumerRecord<String, byte[]> record, V value);
    }

    private <V extends SpecificRecord> Consumer<ConsumerRecord<String, byte[]>> decoding(
            TogetherSerdes serdes, TopicSpec<V> topic, Apply<V> apply) {
        Counter undecodable = Counter.builder("together.ingest.reference.undecodable")
                .description("reference records that could not be decoded and were skipped")
                .tag("topic", topic.name()).register(meters);
        return r -> {
            if (r.key() == null) {
                undecodable.increment();
                return;
            }
            V value;
            try {
                value = r.value() == null ? null : serdes.value(topic).deserializer().deserialize(r.topic(), r.value());
            } catch (RuntimeException e) {
                undecodable.increment();
                String reason = String.valueOf(e.getMessage());
                log.warn("skipping undecodable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
                        reason.length() > 300 ? reason.substring(0, 300) + "..." : reason);
                return;
            }
            apply.apply(r, value);
        };
    }

    /** Creates missing topics, waits for the views, seeds missing reference data: then the service is ready. */
    private void prepare(AvroWriter writer) {
        while (!closed) {
            try {
                Topics.ensureCreated(admin, (short) -1, Optional.empty());
                while (!tail.caughtUp() && !closed) {
                    Thread.sleep(50);
                }
                vault.checkKey(System.nanoTime() + WRITE_TIMEOUT.toNanos());
                seed(writer);
                ticks.start();
                seeded = true;
                log.info("ingest-service ready: {}", readyLine(territories.view().values().size(),
                        tools.view().values().size(), dimensions.view().values().size(), receipts.size()));
                warnOfIdsInClear();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (PseudonymVault.KeyMismatchException e) {
                refusal = e.getMessage();
                log.error("ingest-service does not serve: {}", e.getMessage());
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                log.warn("not ready yet, retrying: {}", e.toString());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** What the start log says it knows, e.g. "3 territories, 1 tool, 8 dimensions, about 1 receipt". */
    static String readyLine(long territories, long tools, long dimensions, long receipts) {
        return counted(territories, "territory", "territories") + ", " + counted(tools, "tool", "tools") + ", "
                + counted(dimensions, "dimension", "dimensions") + ", about " + counted(receipts, "receipt", "receipts");
    }

    private static String counted(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** Events accepted before pseudonyms hold participant ids in clear, for ever: the operator must know. */
    private void warnOfIdsInClear() {
        long asSent = receipts.readAsSent();
        if (asSent > 0) {
            log.warn("this network's event topics hold about {} events accepted before pseudonyms: their participant "
                    + "ids are in clear and cannot be erased. See docs/privacy.md, 'Data written before pseudonyms', "
                    + "for what to do.", asSent);
        }
    }

    private void seed(AvroWriter writer) {
        Instant now = clock.instant();
        List<AvroWriter.Keyed> missing = new ArrayList<>();
        for (Tool t : ToolCatalogue.seed(now)) {
            if (!tools.isKnown(t.getId())) {
                missing.add(new AvroWriter.Keyed(Topics.TOOLS, t.getId(), t));
            }
        }
        for (SpiralDimension d : SpiralDimensions.seed(now)) {
            if (!dimensions.isKnown(d.getCode())) {
                missing.add(new AvroWriter.Keyed(Topics.SPIRAL_DIMENSIONS, d.getCode(), d));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        List<RecordMetadata> written = writer.write(missing, WRITE_TIMEOUT);
        for (int i = 0; i < missing.size(); i++) {
            AvroWriter.Keyed k = missing.get(i);
            long offset = written.get(i).offset();
            if (k.value() instanceof Tool t) {
                tools.view().apply(k.key(), t, offset);
            } else if (k.value() instanceof SpiralDimension d) {
                dimensions.view().apply(k.key(), d, offset);
            }
        }
        log.info("seeded {} reference records (tool catalogue, SPIRAL dimensions)", missing.size());
    }

    /**
     * Why this instance will never become ready, once it knows: its pseudonym key is not the one the vault was
     * written with. Empty while it starts, serves, or only waits for Kafka.
     */
    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** The port HTTP listens on (the configured one, or the one picked when it was 0). */
    public int port() {
        if (app == null) {
            throw new IllegalStateException("not started");
        }
        return app.port();
    }

    private static void deleteRecursively(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.debug("leaving the temporary index {}", dir, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (app != null) {
            app.stop();
        }
        if (starter != null) {
            starter.interrupt();
        }
        if (ticks != null) {
            ticks.close();
        }
        if (transactions != null) {
            transactions.close();
        }
        if (vault != null) {
            vault.close();
        }
        if (claims != null) {
            claims.close();
        }
        if (barrier != null) {
            barrier.close();
        }
        if (tail != null) {
            tail.close();
        }
        if (vaultProducer != null) {
            vaultProducer.close(Duration.ofSeconds(2));
        }
        if (compactions != null) {
            compactions.shutdownNow();
            try {
                compactions.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (index != null) {
            index.close();
        }
        if (temporaryIndex != null) {
            deleteRecursively(temporaryIndex);
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
        if (instance != null) {
            instance.close();
        }
        if (meters != null) {
            meters.close();
        }
    }
}
