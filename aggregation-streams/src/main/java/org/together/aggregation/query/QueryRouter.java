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
import org.together.reference.Territory;
import org.together.schemas.TerritoryPartitions;

/**
 * Finds which instance holds a territory's (or the network's) figures, through Kafka Streams
 * metadata, and forwards the question there over HTTP when it is not this one.
 *
 * <p>Reads allow stale stores: during a rebalance, a standby replica on this instance (or an active
 * task still restoring) answers rather than nobody. When no copy is reachable the answer is
 * "unavailable" (503 with Retry-After), never an error.
 */
public final class QueryRouter {

    /** Marks a forwarded request, so the owner answers it itself and requests never bounce. */
    public static final String FORWARDED_HEADER = "X-Together-Forwarded-By";

    private volatile KafkaStreams streams;
    private volatile HostInfo self;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

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

    /** Where a scope's figures are: this instance, another one, or (mid-rebalance) unknown. */
    public record Location(boolean local, Optional<HostInfo> owner, boolean standbyHere) {
    }

    public Location locate(String partitionKey) {
        String store = storeFor(partitionKey);
        KafkaStreams streams = this.streams;
        if (streams == null) {
            return new Location(false, Optional.empty(), false);
        }
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(store, partitionKey, Serdes.String().serializer());
        } catch (IllegalStateException | InvalidStateStoreException e) {
            metadata = null; // not running yet / any more
        }
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            return new Location(false, Optional.empty(), true);
        }
        boolean here = self.equals(metadata.activeHost());
        return new Location(here, here ? Optional.empty() : Optional.of(metadata.activeHost()), metadata.standbyHosts().contains(self));
    }

    /** The stores of this instance, read at the partition holding each key. */
    public StoreReader localStores() {
        return new StoreReader() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> store(String storeName, String partitionKey) {
                return storeOf(StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore())
                        .withPartition(partitionOf(storeName, partitionKey))
                        .enableStaleStores());
            }

            @Override
            public ReadOnlyKeyValueStore<String, Territory> territories() {
                return storeOf(StoreQueryParameters.fromNameAndType(AggregationTopology.TERRITORIES,
                        QueryableStoreTypes.<String, Territory>keyValueStore()));
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
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Forwarded(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse("application/json"),
                    response.body(), response.headers().firstValue("Retry-After"),
                    response.headers().firstValue(QueryEndpoints.ANSWERED_BY_HEADER));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted forwarding to " + owner);
        }
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
