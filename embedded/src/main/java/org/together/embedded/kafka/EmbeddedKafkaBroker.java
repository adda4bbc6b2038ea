package org.together.embedded.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one), running in this JVM
 * from the Kafka jars. Its log directory is formatted on first start only, so topics and records
 * survive a restart on the same directory. Plain by default; with {@link BrokerSecurity}, clients authenticate with
 * SASL/SCRAM and are authorised by ACLs, as on the compose stack.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
    private static final Duration LOST_MARKERS_EVERY = Duration.ofSeconds(5);

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path logDir;
    private final Optional<Map<String, String>> brokerAdmin;
    private final Optional<String> externalBootstrapServers;
    private final LostTransactionMarkers lostMarkers;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path logDir,
            Optional<Map<String, String>> brokerAdmin, Optional<String> externalBootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.logDir = logDir;
        this.brokerAdmin = brokerAdmin;
        this.externalBootstrapServers = externalBootstrapServers;
        // a single node restarted after a crash can lose a committing transaction's markers (Kafka 4.4): write them
        this.lostMarkers = LostTransactionMarkers.watch(brokerAdmin.orElse(Map.of("bootstrap.servers", bootstrapServers)),
                LOST_MARKERS_EVERY);
    }

    /**
     * Formats {@code logDir} if it is new, then starts the broker.
     *
     * @param host the address to listen on and advertise, e.g. 127.0.0.1
     * @param port the client port, 0 for any free one
     * @param controllerPort the KRaft controller port, 0 for any free one
     */
    public static EmbeddedKafkaBroker start(Path logDir, String host, int port, int controllerPort) {
        return start(logDir, host, port, controllerPort, Optional.empty());
    }

    /**
     * As {@link #start(Path, String, int, int)}; with {@code security}, the client port speaks SASL_PLAINTEXT with
     * SCRAM-SHA-512 only and every request is authorised by ACLs (the broker's own listener takes a free port).
     */
    public static EmbeddedKafkaBroker start(Path logDir, String host, int port, int controllerPort,
            Optional<BrokerSecurity> security) {
        try {
            Files.createDirectories(logDir);
            int clientPort = port == 0 ? FreePorts.pick() : port;
            int quorumPort = controllerPort == 0 ? FreePorts.pick() : controllerPort;
            requireFree(host, clientPort, "client");
            requireFree(host, quorumPort, "controller");
            Properties props = brokerProperties(logDir, host, clientPort, quorumPort);
            Optional<Map<String, String>> brokerAdmin = Optional.empty();
            Optional<String> external = Optional.empty();
            if (security.isPresent()) {
                int interBrokerPort = FreePorts.pick();
                requireFree(host, interBrokerPort, "inter-broker");
                secure(props, security.get(), host, clientPort, interBrokerPort, quorumPort);
                if (security.get().external().isPresent()) {
                    int externalPort = FreePorts.pick();
                    requireFree(host, externalPort, "external");
                    addExternal(props, security.get().external().get(), host, externalPort);
                    external = Optional.of(host + ":" + externalPort);
                }
                brokerAdmin = Optional.of(Map.of(
                        "bootstrap.servers", host + ":" + interBrokerPort,
                        "security.protocol", "SASL_PLAINTEXT",
                        "sasl.mechanism", "PLAIN",
                        "sasl.jaas.config", security.get().plainJaas()));
            }
            formatIfNew(logDir, props);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            String bootstrap = host + ":" + clientPort;
            log.info("Kafka broker (KRaft) listening on {}{} with data in {}", bootstrap,
                    security.isPresent() ? " (SASL/SCRAM, ACLs)" : "", logDir);
            return new EmbeddedKafkaBroker(server, bootstrap, logDir, brokerAdmin, external);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the embedded Kafka broker in " + logDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Kafka reports a port in use as a fatal fault, with a page of stack traces, once it has started its other
     * threads; checked first, the answer is one line.
     */
    private static void requireFree(String host, int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            // only EADDRINUSE means another program: an address that is not this machine's fails here too
            String reason = String.valueOf(e.getMessage());
            throw new IllegalStateException(reason.contains("in use")
                    ? host + ":" + port + ", the embedded Kafka broker's " + what + " port, is in use by another program: "
                            + "stop it, or give the broker another port"
                    : "the embedded Kafka broker cannot listen on " + host + ":" + port + " (its " + what + " port): "
                            + reason + (reason.contains("assign") || reason.contains("nresolved")
                                    ? ": " + host + " is not an address of this machine" : ""));
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path logDir() {
        return logDir;
    }

    /** The SASL_SSL listener of a secured broker started with one ({@link BrokerSecurity#external()}). */
    public Optional<String> externalBootstrapServers() {
        return externalBootstrapServers;
    }

    /**
     * Admin client properties of the broker's own super user on its inter-broker listener: what creates the SCRAM
     * users and ACLs of a secured broker (the compose stack's init container connects the same way).
     *
     * @throws IllegalStateException on a broker started without security
     */
    public Map<String, String> brokerAdminProperties() {
        return brokerAdmin.orElseThrow(() -> new IllegalStateException("this broker runs without SASL: any client is admin"));
    }

    @Override
    public void close() {
        lostMarkers.close();
        server.shutdown();
        server.awaitShutdown();
        log.info("Kafka broker stopped");
    }

    /**
     * The settings of a single-node KRaft broker (broker and controller in one) without security, as this class runs
     * one; also what the fault tests give the broker they run as a separate process.
     */
    public static Properties brokerProperties(Path logDir, String host, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.bootstrap.servers", host + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        // Every topic is created explicitly: an idempotent producer racing auto-creation loses records.
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "8");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "8");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The default 128 MiB cleaner buffer kills small heaps at start.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        return p;
    }

    /**
     * Client listener: SCRAM-SHA-512 for the services; inter-broker and controller listeners: PLAIN for the broker's
     * own principal, whose static credentials need no metadata (SCRAM credentials live in the metadata log, which the
     * controller listener must serve before anything is read).
     */
    private static void secure(Properties p, BrokerSecurity security, String host, int port, int interBrokerPort,
            int controllerPort) {
        p.put("listeners", "CLIENT://" + host + ":" + port + ",BROKER://" + host + ":" + interBrokerPort
                + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "CLIENT://" + host + ":" + port + ",BROKER://" + host + ":" + interBrokerPort);
        p.put("listener.security.protocol.map", "CLIENT:SASL_PLAINTEXT,BROKER:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        p.put("inter.broker.listener.name", "BROKER");
        p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name.client.sasl.enabled.mechanisms", BrokerSecurity.SCRAM_MECHANISM);
        p.put("listener.name.client.scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put("listener.name.broker.sasl.enabled.mechanisms", "PLAIN");
        p.put("listener.name.broker.plain.sasl.jaas.config", security.plainJaas());
        p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.put("listener.name.controller.plain.sasl.jaas.config", security.plainJaas());
        p.put("authorizer.class.name", AUTHORIZER);
        p.put("allow.everyone.if.no.acl.found", "false");
        TreeSet<String> superUsers = new TreeSet<>(security.superUsers());
        superUsers.add("User:" + BrokerSecurity.BROKER_USER);
        p.put("super.users", String.join(";", superUsers));
    }

    /** A SASL_SSL listener for clients off the host: SCRAM-SHA-512 over TLS with the given key store. */
    private static void addExternal(Properties p, BrokerSecurity.TlsListener tls, String host, int port) {
        p.put("listeners", p.getProperty("listeners") + ",EXTERNAL://" + host + ":" + port);
        p.put("advertised.listeners", p.getProperty("advertised.listeners") + ",EXTERNAL://" + host + ":" + port);
        p.put("listener.security.protocol.map", p.getProperty("listener.security.protocol.map") + ",EXTERNAL:SASL_SSL");
        p.put("listener.name.external.sasl.enabled.mechanisms", BrokerSecurity.SCRAM_MECHANISM);
        p.put("listener.name.external.scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put("listener.name.external.ssl.keystore.type", "PKCS12");
        p.put("listener.name.external.ssl.keystore.location", tls.keyStore().toAbsolutePath().toString());
        p.put("listener.name.external.ssl.keystore.password", tls.keyStorePassword());
        p.put("listener.name.external.ssl.key.password", tls.keyStorePassword());
    }

    private static void formatIfNew(Path logDir, Properties props) throws IOException {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        Path config = logDir.resolveSibling(logDir.getFileName() + "-format.properties");
        try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            props.store(w, "used once to format the KRaft log directory");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = StorageTool.execute(
                new String[] {"format", "--standalone", "-t", Uuid.randomUuid().toString(), "-c", config.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8));
        Files.deleteIfExists(config);
        if (rc != 0) {
            throw new IllegalStateException("formatting " + logDir + " failed: " + out.toString(StandardCharsets.UTF_8));
        }
    }
}
