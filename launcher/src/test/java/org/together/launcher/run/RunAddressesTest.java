package org.together.launcher.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.together.embedded.kafka.EmbeddedKafkaBroker;
import org.together.launcher.Together;

/**
 * {@code run --host} moves the HTTP services only: the embedded broker and registry, which have no authentication,
 * stay on loopback (review 18, findings 3 and 4). Settings only: nothing is bound.
 */
class RunAddressesTest {

    @TempDir
    Path dir;

    private StackSettings settings(String... args) {
        Map<String, String> env = Map.of("TOGETHER_ADMIN_TOKEN", "test-admin-token-of-24-chars-or-more",
                "TOGETHER_PSEUDONYM_KEY", "test-pseudonym-key-of-at-least-32-characters");
        picocli.CommandLine.ParseResult parsed = Together.commandLine(env).parseArgs(args);
        return ((RunCommand) parsed.subcommand().commandSpec().userObject()).settings();
    }

    @ParameterizedTest
    @CsvSource({"0.0.0.0, localhost", "192.168.1.20, 192.168.1.20"})
    void theEmbeddedBrokerAndRegistryStayOnLoopbackWhateverHostSays(String host, String reachable) {
        StackSettings s = settings("run", "--host", host, "--data-dir", dir.toString());
        RunningStack.Addresses where = RunningStack.addresses(s, 51001, 51002);

        assertThat(where.httpHost()).as("ingest and the query API listen there").isEqualTo(host);
        assertThat(where.reachableHost()).as("banner URLs and aggregation's application.server").isEqualTo(reachable);
        assertThat(where.bootstrapServers()).isEqualTo("127.0.0.1:51001");
        assertThat(where.registryUrl()).isEqualTo("http://127.0.0.1:51002");

        // what the stack hands the broker: Kafka refused "advertised.listeners cannot use the nonroutable meta-address"
        Properties broker = EmbeddedKafkaBroker.brokerProperties(dir.resolve("kafka"), RunningStack.Addresses.EMBEDDED_HOST,
                51001, 51003);
        assertThat(broker.getProperty("listeners")).isEqualTo("PLAINTEXT://127.0.0.1:51001,CONTROLLER://127.0.0.1:51003");
        assertThat(broker.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://127.0.0.1:51001");
        assertThat(broker.getProperty("controller.quorum.bootstrap.servers")).isEqualTo("127.0.0.1:51003");
        assertThat(broker.toString()).doesNotContain(host);
        assertThatCode(() -> KafkaConfig.fromProps(broker, false)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource({"0.0.0.0", "192.168.1.20"})
    void externalServicesAreUsedWhereTheyAreWhateverHostSays(String host) {
        StackSettings s = settings("run", "--host", host, "--data-dir", dir.toString(),
                "--kafka", "kafka.example.org:9094", "--registry", "https://registry.example.org:8081");
        RunningStack.Addresses where = RunningStack.addresses(s, 51001, 51002);
        assertThat(where.bootstrapServers()).isEqualTo("kafka.example.org:9094");
        assertThat(where.registryUrl()).isEqualTo("https://registry.example.org:8081");
    }
}
