package org.together.systemtests.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.together.embedded.kafka.EmbeddedKafkaBroker;
import org.together.embedded.kafka.FreePorts;

/**
 * A single-node KRaft Kafka broker in a JVM of its own, from the Kafka jars ({@code kafka.Kafka}), configured like the
 * embedded one of {@code together run}. Its log directory is formatted once; killed and started again, it recovers
 * from it like a broker after a power cut.
 */
final class BrokerProcess implements AutoCloseable {

    /** What {@code kafka.server.KafkaRaftServer} logs (INFO) once its broker's listeners take connections. */
    private static final String STARTED = "Kafka Server started";

    private final ChildProcess process;
    private final String bootstrap;

    private BrokerProcess(ChildProcess process, String bootstrap) {
        this.process = process;
        this.bootstrap = bootstrap;
    }

    static BrokerProcess start(Path dir) throws InterruptedException {
        int port = FreePorts.pick();
        int controllerPort = FreePorts.pick();
        Path logDir = dir.resolve("kafka");
        Path config = dir.resolve("server.properties");
        Path logging = dir.resolve("broker-log4j2.xml");
        try {
            Files.createDirectories(logDir);
            Properties p = EmbeddedKafkaBroker.brokerProperties(logDir, "127.0.0.1", port, controllerPort);
            try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
                p.store(w, "a broker of the fault tests");
            }
            Files.writeString(logging, """
                    <Configuration status="WARN"><Appenders><Console name="out" target="SYSTEM_OUT">
                    <PatternLayout pattern="%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}{UTC} %-5level %c{1} - %msg%n"/></Console></Appenders>
                    <Loggers><Logger name="kafka.server.KafkaRaftServer" level="INFO"/>
                    <Root level="WARN"><AppenderRef ref="out"/></Root></Loggers></Configuration>
                    """, StandardCharsets.UTF_8);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int rc = StorageTool.execute(new String[] {"format", "--standalone", "-t", Uuid.randomUuid().toString(),
                    "-c", config.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException("formatting " + logDir + " failed: " + out.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildProcess process = ChildProcess.start("kafka", List.of(Launcher.java(), "-Xmx256m",
                "-Dlog4j2.configurationFile=" + logging, "-cp", Launcher.libClasspath(), "kafka.Kafka", config.toString()),
                Map.of(), dir.resolve("kafka.log"));
        BrokerProcess broker = new BrokerProcess(process, "127.0.0.1:" + port);
        broker.awaitAnswering(Duration.ofMinutes(2));
        return broker;
    }

    String bootstrap() {
        return bootstrap;
    }

    /** kill -9. */
    void kill() {
        process.kill();
    }

    /** Starts the killed broker again on the same log directory. */
    void restart() {
        process.start();
    }

    ChildProcess process() {
        return process;
    }

    /**
     * Waits until the broker's own log says it serves clients again since its last start, and returns when it said
     * so: the moment its listeners took connections, as the services' clients could see it, not when a client of the
     * test's notices (which may take seconds more on a loaded machine). After a crash, the broker first waits out its
     * former self's registration.
     */
    Instant awaitServing(Duration timeout) throws InterruptedException {
        String line = process.awaitOutput(STARTED, timeout);
        return Instant.parse(line.substring(0, line.indexOf(' ')));
    }

    /** Waits until the broker answers a client (after a crash, it first waits out its former self's registration). */
    void awaitAnswering(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        throw (InterruptedException) e;
                    }
                }
                if (!process.alive()) {
                    throw new AssertionError("the broker exited:\n" + process.tail(40));
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the broker did not answer within " + timeout + ":\n" + process.tail(40));
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(30));
    }
}
