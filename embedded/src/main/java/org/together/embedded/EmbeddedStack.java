package org.together.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.together.embedded.kafka.EmbeddedKafkaBroker;
import org.together.embedded.kafka.FreePorts;
import org.together.embedded.registry.EmbeddedSchemaRegistry;
import org.together.schemas.TogetherSerdes;
import org.together.schemas.TopicSpec;
import org.together.schemas.Topics;

/**
 * A single-node Kafka broker plus a schema registry, with every pipeline topic created and every value
 * schema registered: what {@code together run} and the integration tests stand on. The broker has no authentication
 * and no ACLs, so the stack listens on loopback only: a deployment across machines uses the compose stack.
 */
public final class EmbeddedStack implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedStack.class);
    /** The one address the embedded broker and registry listen on and advertise. */
    public static final String LOOPBACK = "127.0.0.1";
    private static final String HOST = LOOPBACK;
    private static EmbeddedStack shared;

    private final EmbeddedKafkaBroker broker;
    private final EmbeddedSchemaRegistry registry;
    private final Path dataDir;
    private final DataDirectoryLock lock; // null when the caller holds it

    private EmbeddedStack(EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry, Path dataDir, DataDirectoryLock lock) {
        this.broker = broker;
        this.registry = registry;
        this.dataDir = dataDir;
        this.lock = lock;
    }

    /**
     * Starts the broker (data under {@code dataDir/kafka}) and the registry on {@code host}, creates the
     * topics and registers the schemas. Ports of 0 mean any free port. Only loopback clients may change the registry.
     *
     * @param host a loopback address ({@link #LOOPBACK}): any other is refused, see {@link #requireLoopback(String)}
     * @throws DataDirectoryInUseException when another stack holds {@code dataDir}
     */
    public static EmbeddedStack start(Path dataDir, String host, int kafkaPort, int controllerPort, int registryPort) {
        return start(dataDir, host, kafkaPort, controllerPort, registryPort, Optional.empty());
    }

    /**
     * As {@link #start(Path, String, int, int, int)}; clients elsewhere than loopback may change the registry with
     * {@code adminToken} (see {@link EmbeddedSchemaRegistry#clientCredentials(String)}).
     */
    public static EmbeddedStack start(Path dataDir, String host, int kafkaPort, int controllerPort, int registryPort,
            Optional<String> adminToken) {
        requireLoopback(host); // before the data dir is locked
        return start(DataDirectoryLock.acquire(dataDir), true, host, kafkaPort, controllerPort, registryPort, adminToken);
    }

    /**
     * As {@link #start(Path, String, int, int, int, Optional)} on the data directory of a lock the caller took first
     * and keeps: closing the stack, or a failed start, leaves the lock held.
     */
    public static EmbeddedStack start(DataDirectoryLock held, String host, int kafkaPort, int controllerPort, int registryPort,
            Optional<String> adminToken) {
        return start(held, false, host, kafkaPort, controllerPort, registryPort, adminToken);
    }

    private static EmbeddedStack start(DataDirectoryLock lock, boolean ownLock, String host, int kafkaPort,
            int controllerPort, int registryPort, Optional<String> adminToken) {
        requireLoopback(host);
        long started = System.nanoTime();
        Path dataDir = lock.dataDir();
        // the stack registers the schemas itself, whatever address it listens on: with the given token, or one of its own
        String registryToken = adminToken.filter(t -> !t.isBlank()).orElseGet(EmbeddedStack::randomToken);
        EmbeddedKafkaBroker broker = null;
        EmbeddedSchemaRegistry registry = null;
        try {
            broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), host, kafkaPort, controllerPort);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                Topics.ensureCreated(admin, (short) 1, Optional.empty());
                awaitLeaders(admin);
            }
            registry = EmbeddedSchemaRegistry.start(broker.bootstrapServers(), Map.of(), host, registryPort,
                    Optional.of(registryToken));
            TogetherSerdes.forRegistry(registry.url(), EmbeddedSchemaRegistry.clientCredentials(registryToken)).registerAll();
            log.info("embedded stack up in {} ms: kafka {} registry {}",
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), broker.bootstrapServers(), registry.url());
            return new EmbeddedStack(broker, registry, dataDir, ownLock ? lock : null);
        } catch (RuntimeException e) {
            try {
                if (registry != null) {
                    registry.close();
                }
                if (broker != null) {
                    broker.close();
                }
            } finally {
                if (ownLock) {
                    lock.close();
                }
            }
            throw e;
        }
    }

    /**
     * Refuses an address other than loopback: anyone who reaches the broker could read the pseudonym vault and write
     * events past every check, and a wildcard address cannot be advertised to Kafka clients anyway (review 18).
     *
     * @throws IllegalArgumentException {@code host} is not a loopback address (checked without binding or DNS for a literal)
     */
    public static void requireLoopback(String host) {
        boolean loopback;
        try {
            loopback = host != null && java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            throw new IllegalArgumentException("the embedded Kafka broker and schema registry have no authentication and listen"
                    + " on loopback only, not on " + host + ": give " + LOOPBACK + ", or use the compose stack (SASL, ACLs)"
                    + " to reach Kafka from other machines");
        }
    }

    /**
     * One stack per JVM for integration tests: started on first use on free ports in a temporary
     * directory, stopped (and the directory removed) by a shutdown hook. Never close it yourself.
     */
    public static synchronized EmbeddedStack sharedForTests() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("together-test-stack-");
                EmbeddedStack stack = start(dir, HOST, FreePorts.pick(), FreePorts.pick(), 0);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    stack.close();
                    deleteRecursively(dir);
                }, "together-test-stack-shutdown"));
                shared = stack;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary directory for the test stack", e);
            }
        }
        return shared;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the registry, then the broker, then lets go of the data directory (unless its lock was given). */
    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            try {
                broker.close();
            } finally {
                if (lock != null) {
                    lock.close();
                }
            }
        }
    }

    /**
     * Returns once the broker's metadata shows a leader for every partition of every pipeline topic: a producer
     * writing to a topic whose leader is not known yet gets NOT_LEADER_OR_FOLLOWER and, idempotent, can lose records.
     */
    private static void awaitLeaders(Admin admin) {
        List<String> names = Topics.all().stream().map(TopicSpec::name).toList();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                boolean ready = admin.describeTopics(names).allTopicNames().get().values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                if (ready) {
                    return;
                }
            } catch (ExecutionException e) {
                // a topic not visible yet: try again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for topic leaders", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + names + " have no leader after 60 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for topic leaders", e);
            }
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp dir is harmless
        }
    }
}
