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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
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
import org.together.ingest.http.JsonErrorHandler;
import org.together.ingest.idempotency.ReceiptIndex;
import org.together.ingest.idempotency.ReceiptsBarrier;
import org.together.ingest.kafka.AvroWriter;
import org.together.ingest.kafka.InstanceId;
import org.together.ingest.kafka.KafkaSettings;
import org.together.ingest.kafka.TransactionalWriter;
import org.together.ingest.openapi.OpenApiEndpoint;
import org.together.ingest.reference.ReferenceTail;
import org.together.ingest.territories.TerritoriesEndpoints;
import org.together.ingest.territories.TerritoryRegistry;
import org.together.ingest.validation.EventValidator;
import org.together.ingest.validation.ReferenceData;
import org.together.reference.SpiralDimension;
import org.together.reference.Tool;
import org.together.schemas.TogetherSerdes;
import org.together.schemas.TopicSpec;
import org.together.schemas.Topics;
import org.together.schemas.serde.AvroSerdeConfig;

/**
 * The territory apps' HTTP API: validates events and writes them to Kafka as Avro, with the coordination
 * endpoints (territories, tokens, tool catalogue, SPIRAL dimensions, import), OpenAPI, health and metrics.
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
    private final SpiralDimensions dimensions = new SpiralDimensions();
    private final ReceiptIndex receipts = new ReceiptIndex();

    private PrometheusMeterRegistry meters;
    private InstanceId instance;
    private TransactionalWriter transactions;
    private ReferenceTail tail;
    private ReceiptsBarrier barrier;
    private Admin admin;
    private Thread starter;
    private Javalin app;
    private volatile boolean seeded;
    private volatile boolean closed;

    public IngestService(IngestConfig config) {
        this.config = config;
    }

    public void start() {
        meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
        KafkaSettings kafka = new KafkaSettings(config);
        TogetherSerdes serdes = new TogetherSerdes(AvroSerdeConfig.client(kafka.registry(config.schemaRegistryUrl())));
        instance = InstanceId.claim(config.dataDir());
        transactions = new TransactionalWriter(id -> new KafkaProducer<>(kafka.transactionalProducer(id)),
                "together-ingest-" + instance.id(), COMMITTER_THREADS, meters);
        AvroWriter writer = new AvroWriter(serdes, transactions);
        admin = Admin.create(kafka.admin());
        tail = new ReferenceTail(() -> new KafkaConsumer<>(kafka.tailingConsumer("together-ingest-views-" + instance.id())),
                handlers(serdes));
        Readiness readiness = new Readiness(() -> seeded && tail.caughtUp());
        Gauge.builder("together.ingest.receipts", receipts, ReceiptIndex::size)
                .description("eventIds known to the idempotency index").register(meters);
        Gauge.builder("together.ingest.ready", () -> readiness.ready() ? 1 : 0).register(meters);

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
        AdminToken adminToken = new AdminToken(config.adminToken());
        if (config.adminToken() == null || config.adminToken().isBlank()) {
            log.warn("no admin token configured: coordination endpoints will answer 401");
        }
        barrier = new ReceiptsBarrier(tail,
                () -> new KafkaConsumer<>(kafka.tailingConsumer("together-ingest-barrier-" + instance.id())));
        EventsEndpoint events = new EventsEndpoint(new EventValidator(reference), receipts, barrier, writer, tokens,
                adminToken,
                readiness, new Admission(ADMISSION_BUDGET_BYTES, JsonBody.MAX_BYTES), new EventMetrics(meters), clock,
                WRITE_TIMEOUT);
        TerritoriesEndpoints territoryEndpoints = new TerritoriesEndpoints(territories, tokens, adminToken, readiness,
                writer, clock, WRITE_TIMEOUT);
        CatalogueEndpoints catalogue = new CatalogueEndpoints(tools, dimensions, adminToken, readiness, writer, clock,
                WRITE_TIMEOUT);
        HealthEndpoints health = new HealthEndpoints(readiness, admin);
        OpenApiEndpoint openApi = new OpenApiEndpoint();
        HttpMetrics httpMetrics = new HttpMetrics(meters);

        app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.http.prefer405over404 = true;
            c.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            // Jetty's header cache is case-insensitive by default: it could hand us a cached header value that
            // differs in case from what was sent, and bearer tokens are case-sensitive
            c.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
            c.requestLogger.http(httpMetrics::record);
            c.routes.post("/api/v1/events", events::events);
            c.routes.post("/api/v1/import", events::importEvents);
            c.routes.post("/api/v1/territories", territoryEndpoints::register);
            c.routes.get("/api/v1/territories", territoryEndpoints::list);
            c.routes.post("/api/v1/territories/{id}/token", territoryEndpoints::rotate);
            c.routes.delete("/api/v1/territories/{id}/token", territoryEndpoints::revoke);
            c.routes.get("/api/v1/tools", catalogue::listTools);
            c.routes.put("/api/v1/tools/{toolId}", catalogue::putTool);
            c.routes.get("/api/v1/spiral-dimensions", catalogue::listDimensions);
            c.routes.put("/api/v1/spiral-dimensions/{code}", catalogue::putDimension);
            c.routes.get("/api/v1/openapi.json", openApi::serve);
            c.routes.get("/health/live", health::live);
            c.routes.get("/health/ready", health::ready);
            c.routes.get("/metrics", ctx -> {
                ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
                ctx.result(meters.scrape());
            });
            errors(c);
        });
        app.start(config.host(), config.port());
        tail.start();
        starter = new Thread(() -> prepare(writer), "ingest-starter");
        starter.setDaemon(true);
        starter.start();
        log.info("ingest-service listening on {}:{} (instance {})", config.host(), app.port(), instance.id());
    }

    private static void errors(JavalinConfig c) {
        // Javalin's own answers (unknown route, wrong method, ...) get the same JSON error body as ours
        c.routes.exception(HttpResponseException.class, (e, ctx) -> ApiError.send(ctx, e.getStatus(), e.getMessage()));
        c.routes.exception(Exception.class, (e, ctx) -> {
            log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
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
        h.put(Topics.SPIRAL_DIMENSIONS.name(), decoding(serdes, Topics.SPIRAL_DIMENSIONS,
                (r, v) -> dimensions.view().apply(r.key(), v, r.offset())));
        Consumer<ConsumerRecord<String, byte[]>> receiptsDecoded = decoding(serdes, Topics.EVENT_RECEIPTS,
                (r, v) -> receipts.apply(r.key(), v));
        h.put(Topics.EVENT_RECEIPTS.name(), r -> {
            // receipts written by an ingest instance carry their raw hash in a header: no need to decode the value
            Header hash = r.value() == null || r.key() == null ? null : r.headers().lastHeader(ReceiptIndex.HASH_HEADER);
            if (hash != null && hash.value() != null && hash.value().length == ReceiptIndex.HASH_BYTES) {
                receipts.record(r.key(), hash.value());
            } else {
                receiptsDecoded.accept(r);
            }
        });
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
                seed(writer);
                seeded = true;
                log.info("ingest-service ready: {} territories, {} tools, {} dimensions, {} receipts",
                        territories.view().values().size(), tools.view().values().size(),
                        dimensions.view().values().size(), receipts.size());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
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

    /** The port HTTP listens on (the configured one, or the one picked when it was 0). */
    public int port() {
        if (app == null) {
            throw new IllegalStateException("not started");
        }
        return app.port();
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
        if (transactions != null) {
            transactions.close();
        }
        if (barrier != null) {
            barrier.close();
        }
        if (tail != null) {
            tail.close();
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
