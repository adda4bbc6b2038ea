package org.together.benchmarks;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.together.aggregation.AggregationConfig;
import org.together.aggregation.AggregationStreamsService;
import org.together.embedded.EmbeddedStack;
import org.together.embedded.kafka.FreePorts;
import org.together.ingest.IngestConfig;
import org.together.ingest.IngestService;
import org.together.schemas.TogetherSerdes;

/**
 * A fresh embedded broker and registry in a directory of the run, and the services started on it in this JVM, as
 * {@code together run} starts them.
 */
final class BenchStack implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    /**
     * Ingest's rate limit per territory token in the bench (events/s): checked on every request as deployed, but
     * far above what any phase sends, so the throughput measured is the service's and not the policy's (the
     * default, 2,000/s in bursts of 20,000, holds today's plans only because of their sizes).
     */
    static final int RATE_LIMIT = 1_000_000;

    final Path dir;
    final EmbeddedStack kafka;
    final TogetherSerdes serdes;
    final String adminToken = "bench-admin-" + UUID.randomUUID();
    final String pseudonymKey = "bench-pseudonym-key-" + UUID.randomUUID();
    private IngestService ingest;
    private String ingestUrl;

    private BenchStack(Path dir, EmbeddedStack kafka) {
        this.dir = dir;
        this.kafka = kafka;
        this.serdes = TogetherSerdes.forRegistryUrl(kafka.registryUrl());
    }

    static BenchStack start(Path dir) {
        return new BenchStack(dir, EmbeddedStack.start(dir.resolve("stack"), HOST, FreePorts.pick(), FreePorts.pick(), FreePorts.pick()));
    }

    String bootstrap() {
        return kafka.bootstrapServers();
    }

    /** Starts the ingest service and waits until it is ready (reference views read, catalogue seeded). */
    String startIngest() throws InterruptedException {
        ingest = new IngestService(new IngestConfig(bootstrap(), kafka.registryUrl(), HOST, 0, adminToken,
                pseudonymKey, dir.resolve("ingest"), Map.of(), RATE_LIMIT));
        ingest.start();
        ingestUrl = "http://" + HOST + ":" + ingest.port();
        Http.awaitOk(Http.client(), ingestUrl + "/health/ready", Duration.ofSeconds(60));
        return ingestUrl;
    }

    String ingestUrl() {
        return ingestUrl;
    }

    AggregationStreamsService aggregation(String applicationId, Path stateDir) {
        return aggregation(applicationId, stateDir, Map.of());
    }

    /** @param kafkaProperties pass-through client settings, as an operator gives them */
    AggregationStreamsService aggregation(String applicationId, Path stateDir, Map<String, String> kafkaProperties) {
        return new AggregationStreamsService(new AggregationConfig(bootstrap(), kafka.registryUrl(), applicationId, HOST, 0,
                HOST, stateDir, Optional.empty(), Optional.of(adminToken), kafkaProperties));
    }

    static String url(AggregationStreamsService service) {
        return "http://" + HOST + ":" + service.port();
    }

    static void awaitReady(AggregationStreamsService service, Duration timeout) throws InterruptedException {
        Http.awaitOk(Http.client(), url(service) + "/health/ready", timeout);
    }

    static HttpClient client() {
        return Http.client();
    }

    void stopIngest() {
        if (ingest != null) {
            ingest.close();
            ingest = null;
        }
    }

    @Override
    public void close() {
        try {
            stopIngest();
        } finally {
            kafka.close();
        }
    }
}
