package org.together.aggregation.query;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.together.aggregation.topology.AggregationTopology;
import org.together.aggregation.topology.StoreKeys;
import org.together.reference.Target;
import org.together.reference.Territory;
import org.together.reference.TerritoryCredential;
import org.together.reference.Tool;
import org.together.schemas.TerritoryPartitions;

/**
 * Finds which instances hold a territory's (or the network's) figures, through Kafka Streams metadata, and
 * forwards a question to one of them over HTTP when this instance cannot answer it itself.
 *
 * <p>Reads allow stale stores: a standby replica answers when the owner cannot (it crashed, or it is restoring).
 * What this instance may read is decided by {@link StoreFreshness}: never a store half restored. An instance that
 * does not answer is not asked again for {@value #UNREACHABLE_MS} ms, so a dead owner costs one failed connection,
 * not one per question.
 */
public final class QueryRouter {

    /** Marks a forwarded request, so the owner answers it itself and requests never bounce. */
    public static final String FORWARDED_HEADER = "X-Together-Forwarded-By";

    /** How long an instance that did not answer is left alone. */
    static final long UNREACHABLE_MS = 3_000;

    private volatile KafkaStreams streams;
    private volatile HostInfo self;
    /** Created on the first forward: its TLS set-up costs a restarting instance a few hundred ms of CPU before it answers. */
    private volatile HttpClient http;
    private final StoreFreshness freshness = new StoreFreshness();
    private final java.util.Map<HostInfo, Long> unreachableSince = new java.util.concurrent.ConcurrentHashMap<>();

    public QueryRouter(KafkaStreams streams, HostInfo self) {
        attach(streams, self);
    }

    /** Until {@link #attach}, every question is unavailable (the HTTP server starts before Kafka Streams). */
    public QueryRouter() {
    }

    /** Kafka Streams is created once the HTTP port (its application.server) is known. */
    public void attach(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    /** Which store partitions of this instance may be read (and the restore listener that keeps it told). */
    public StoreFreshness freshness() {
        return freshness;
    }

    /** Whether Kafka Streams is attached: before, no figure can be read or located. */
    public boolean attached() {
        return streams != null;
    }

    /** Looks again at which local store partitions are caught up (a request to the brokers); see {@link StoreFreshness}. */
    public void refreshFreshness() {
        KafkaStreams streams = this.streams;
        if (streams != null) {
            freshness.refresh(streams);
        }
    }

    /**
     * Where a scope's figures are. {@code known}: Kafka Streams knows the assignment (not before its first one);
     * {@code owner}: the active host when it is another instance; {@code standbys}: the other instances with a copy.
     */
    public record Location(boolean known, boolean local, Optional<HostInfo> owner, java.util.List<HostInfo> standbys,
                           boolean standbyHere) {
        static final Location UNKNOWN = new Location(false, false, Optional.empty(), java.util.List.of(), false);
    }

    public Location locate(String partitionKey) {
        String store = storeFor(partitionKey);
        KafkaStreams streams = this.streams;
        if (streams == null) {
            return Location.UNKNOWN;
        }
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(store, partitionKey, Serdes.String().serializer());
        } catch (IllegalStateException | InvalidStateStoreException e) {
            metadata = null; // not running yet / any more
        }
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            return Location.UNKNOWN;
        }
        boolean here = self.equals(metadata.activeHost());
        java.util.List<HostInfo> standbys = metadata.standbyHosts().stream().filter(h -> !h.equals(self)).toList();
        return new Location(true, here, here ? Optional.empty() : Optional.of(metadata.activeHost()), standbys,
                metadata.standbyHosts().contains(self));
    }

    /** Whether {@code host} failed to answer in the last {@value #UNREACHABLE_MS} ms. */
    public boolean recentlyUnreachable(HostInfo host) {
        Long since = unreachableSince.get(host);
        if (since == null) {
            return false;
        }
        if (System.nanoTime() - since > UNREACHABLE_MS * 1_000_000L) {
            unreachableSince.remove(host, since);
            return false;
        }
        return true;
    }

    /** The stores of this instance, read at the partition holding each key. */
    public StoreReader localStores() {
        return new StoreReader() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> store(String storeName, String partitionKey) {
                int partition = partitionOf(storeName, partitionKey);
                if (!freshness.readable(storeName, partition)) {
                    throw new InvalidStateStoreException("the figures of " + storeName + " partition " + partition
                            + " are not here, or not restored yet");
                }
                return storeOf(StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore())
                        .withPartition(partition)
                        .enableStaleStores());
            }

            @Override
            public ReadOnlyKeyValueStore<String, Territory> territories() {
                if (!freshness.globalReadable(AggregationTopology.TERRITORIES)) {
                    throw new InvalidStateStoreException("the territories table is being restored");
                }
                return storeOf(StoreQueryParameters.fromNameAndType(AggregationTopology.TERRITORIES,
                        QueryableStoreTypes.<String, Territory>keyValueStore()));
            }

            @Override
            public ReadOnlyKeyValueStore<String, Tool> tools() {
                if (!freshness.globalReadable(AggregationTopology.TOOLS)) {
                    throw new InvalidStateStoreException("the tools table is being restored");
                }
                return storeOf(StoreQueryParameters.fromNameAndType(AggregationTopology.TOOLS,
                        QueryableStoreTypes.<String, Tool>keyValueStore()));
            }

            @Override
            public ReadOnlyKeyValueStore<String, Target> targets() {
                return storeOf(StoreQueryParameters.fromNameAndType(AggregationTopology.TARGETS,
                        QueryableStoreTypes.<String, Target>keyValueStore()));
            }

            @Override
            public ReadOnlyKeyValueStore<String, TerritoryCredential> territoryCredentials() {
                return storeOf(StoreQueryParameters.fromNameAndType(AggregationTopology.TERRITORY_CREDENTIALS,
                        QueryableStoreTypes.<String, TerritoryCredential>keyValueStore()));
            }
        };
    }

    /** A store of this instance; a Kafka Streams not running is a store not readable (for now), never a bug. */
    private <S> S storeOf(StoreQueryParameters<S> parameters) {
        KafkaStreams streams = running();
        try {
            return streams.store(parameters);
        } catch (IllegalStateException e) {
            throw new InvalidStateStoreException("Kafka Streams is not running: " + e.getMessage());
        }
    }

    private KafkaStreams running() {
        KafkaStreams streams = this.streams;
        if (streams == null) {
            throw new InvalidStateStoreException("Kafka Streams is not started yet");
        }
        return streams;
    }

    private int partitionOf(String storeName, String partitionKey) {
        KafkaStreams streams = running();
        try {
            KeyQueryMetadata metadata = streams.queryMetadataForKey(storeName, partitionKey, Serdes.String().serializer());
            if (metadata != null && !KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
                return metadata.partition();
            }
        } catch (IllegalStateException | InvalidStateStoreException ignored) {
            // fall through: compute it as the producer's default partitioner did
        }
        if (StoreKeys.NETWORK.equals(partitionKey)) {
            return 0;
        }
        return TerritoryPartitions.of(partitionKey);
    }

    /** The answer of another instance to the same request. */
    public record Forwarded(int status, String contentType, String body, Optional<String> retryAfter, Optional<String> answeredBy) {
    }

    /** This instance's advertised host:port. */
    public String self() {
        HostInfo self = this.self;
        return self == null ? "" : self.host() + ":" + self.port();
    }

    public Forwarded forward(HostInfo owner, String pathAndQuery, Optional<String> authorization) throws java.io.IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + owner.host() + ":" + owner.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(5))
                .header(FORWARDED_HEADER, self.host() + ":" + self.port())
                .GET();
        authorization.ifPresent(a -> request.header("Authorization", a));
        try {
            HttpResponse<String> response = http().send(request.build(), HttpResponse.BodyHandlers.ofString());
            unreachableSince.remove(owner);
            return new Forwarded(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse("application/json"),
                    response.body(), response.headers().firstValue("Retry-After"),
                    response.headers().firstValue(QueryEndpoints.ANSWERED_BY_HEADER));
        } catch (java.io.IOException e) {
            unreachableSince.putIfAbsent(owner, System.nanoTime());
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted forwarding to " + owner);
        }
    }

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                }
                client = http;
            }
        }
        return client;
    }

    private static String storeFor(String partitionKey) {
        return StoreKeys.NETWORK.equals(partitionKey) ? AggregationTopology.NETWORK_DAY_FIGURES : AggregationTopology.TERRITORY_DAY_FIGURES;
    }

    /**
     * True when an exception means the store is (for now) not readable here: not started, not
     * running, rebalancing, or this partition not hosted. Anything else is a bug and surfaces.
     */
    public static boolean isUnavailable(Throwable e) {
        // StreamsNotStartedException, StateStoreMigratedException, InvalidStateStorePartitionException... all extend it
        return e instanceof InvalidStateStoreException;
    }
}
