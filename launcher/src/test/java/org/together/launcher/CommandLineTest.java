package org.together.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.together.aggregation.AggregationConfig;
import org.together.ingest.IngestConfig;
import org.together.launcher.backfill.ImportCommand;
import org.together.launcher.run.AggregationStreamsCommand;
import org.together.launcher.run.IngestServiceCommand;
import org.together.launcher.run.RunCommand;
import org.together.launcher.run.StackSettings;
import org.together.launcher.simulate.SimulateCommand;
import org.together.launcher.simulate.Simulation;
import picocli.CommandLine;

class CommandLineTest {

    @TempDir
    Path dir;

    /** Parses {@code args} with {@code env} as the environment and returns the subcommand object. */
    @SuppressWarnings("unchecked")
    static <T> T parse(Map<String, String> env, String... args) {
        CommandLine.ParseResult result = Together.commandLine(env).parseArgs(args);
        return (T) result.subcommand().commandSpec().userObject();
    }

    @Test
    void helpShowsEachOptionsOwnDefaultNotTheValueOfAVariableSetInTheShell() {
        Map<String, String> shell = Map.of("TOGETHER_INGEST_PORT", "9999", "TOGETHER_RATE_LIMIT", "-5");
        String[] args = {"run", "--help"};
        java.io.StringWriter help = new java.io.StringWriter();
        CommandLine commandLine = Together.commandLine(Together.environmentFor(args, shell));
        commandLine.setOut(new java.io.PrintWriter(help));
        commandLine.execute(args);

        String text = help.toString().replaceAll("\\s+", " ");
        assertThat(text).contains("env TOGETHER_INGEST_PORT; default 8080").doesNotContain("9999").doesNotContain("-5)");
        assertThat(Together.environmentFor(new String[] {"run", "--ingest-port", "1"}, shell)).isEqualTo(shell);
    }

    /** Run settings with the secrets in the environment, so parsing writes no secret file anywhere. */
    static StackSettings runSettings(Map<String, String> env, String... args) {
        Map<String, String> withToken = new HashMap<>(env);
        withToken.putIfAbsent("TOGETHER_ADMIN_TOKEN", "test-admin-token-of-24-chars-or-more");
        withToken.putIfAbsent("TOGETHER_PSEUDONYM_KEY", "test-pseudonym-key-of-at-least-32-characters");
        withToken.putIfAbsent("TOGETHER_VIEWER_TOKEN", "test-viewer-token-of-24-chars-or-more");
        return ((RunCommand) parse(withToken, args)).settings();
    }

    /** The snapshot, and since review 17 the research export, take the moment an earlier one counted up to. */
    @Test
    void snapshotTakesTheMomentAnEarlierReportCountedUpTo() {
        for (String command : List.of("snapshot", "export")) {
            CommandLine.ParseResult result = Together.commandLine(Map.of()).parseArgs(command, "--from", "2021-04-10",
                    "--to", "2021-07-10", "--out", dir.toString(), "--received-until", "2021-07-11T08:00:12Z");
            assertThat(result.subcommand().matchedOptionValue("--received-until", (java.time.Instant) null)).as(command)
                    .isEqualTo(java.time.Instant.parse("2021-07-11T08:00:12Z"));
            assertThatThrownBy(() -> Together.commandLine(Map.of()).parseArgs(command, "--from", "2021-04-10", "--to", "2021-07-10",
                    "--out", dir.toString(), "--received-until", "yesterday"))
                    .as(command).isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--received-until");
        }
    }

    @Test
    void runUsesTheSpecDefaultPortsAndDataDirWithoutFlagsOrEnvironment() {
        RunCommand run = parse(Map.of(), "run", "--data-dir", dir.toString());
        StackSettings s = run.settings();
        assertThat(s.kafkaPort()).isEqualTo(9092);
        assertThat(s.controllerPort()).isEqualTo(9093);
        assertThat(s.registryPort()).isEqualTo(8081);
        assertThat(s.ingestPort()).isEqualTo(8080);
        assertThat(s.queryPort()).isEqualTo(8090);
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.kafka()).isEmpty();
        assertThat(s.registry()).isEmpty();
        assertThat(s.streamsStateDir()).isEqualTo(dir.resolve("streams"));

        assertThat(runSettings(Map.of(), "run").dataDir()).isEqualTo(Path.of("data"));
    }

    @Test
    void runWithoutAPseudonymKeyGeneratesOneIntoTheDataDirAndKeepsIt() throws Exception {
        StackSettings first = ((RunCommand) parse(Map.of(), "run", "--data-dir", dir.toString())).settings();
        StackSettings again = ((RunCommand) parse(Map.of(), "run", "--data-dir", dir.toString())).settings();
        StackSettings fromEnv = ((RunCommand) parse(Map.of("TOGETHER_PSEUDONYM_KEY", "the-network-pseudonym-key-of-32-chars-or-more"),
                "run", "--data-dir", dir.toString())).settings();

        Path file = dir.resolve("pseudonym-key");
        assertThat(first.pseudonymKey().origin()).isEqualTo(KeptSecret.Origin.CREATED);
        assertThat(first.pseudonymKey().file()).contains(file);
        assertThat(Files.readString(file).strip()).isEqualTo(first.pseudonymKey().value());
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(first.pseudonymKey().value()).isNotEqualTo(first.adminToken().value());
        assertThat(again.pseudonymKey().value()).as("the same key at the next start").isEqualTo(first.pseudonymKey().value());
        assertThat(fromEnv.pseudonymKey().value()).isEqualTo("the-network-pseudonym-key-of-32-chars-or-more");

        Path fresh = dir.resolve("fresh");
        ((RunCommand) parse(Map.of(), "run", "--data-dir", fresh.toString())).settings();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)))
                .as("the data dir its secrets created is its owner's only").isEqualTo("rwx------");
    }

    @Test
    void environmentOverridesDefaultsAndFlagsOverrideEnvironment() {
        Map<String, String> env = Map.of(
                "TOGETHER_DATA_DIR", dir.resolve("from-env").toString(),
                "TOGETHER_KAFKA_PORT", "19092",
                "TOGETHER_REGISTRY_PORT", "18081",
                "TOGETHER_INGEST_PORT", "18080",
                "TOGETHER_QUERY_PORT", "18090",
                "TOGETHER_HOST", "0.0.0.0");
        StackSettings fromEnv = runSettings(env, "run");
        assertThat(fromEnv.dataDir()).isEqualTo(dir.resolve("from-env"));
        assertThat(fromEnv.kafkaPort()).isEqualTo(19092);
        assertThat(fromEnv.registryPort()).isEqualTo(18081);
        assertThat(fromEnv.ingestPort()).isEqualTo(18080);
        assertThat(fromEnv.queryPort()).isEqualTo(18090);
        assertThat(fromEnv.host()).isEqualTo("0.0.0.0");

        StackSettings flags = runSettings(env, "run", "--data-dir", dir.resolve("from-flag").toString(),
                "--kafka-port", "29092", "--ingest-port", "28080", "--host", "127.0.0.2");
        assertThat(flags.dataDir()).isEqualTo(dir.resolve("from-flag"));
        assertThat(flags.kafkaPort()).isEqualTo(29092);
        assertThat(flags.ingestPort()).isEqualTo(28080);
        assertThat(flags.host()).isEqualTo("127.0.0.2");
        assertThat(flags.registryPort()).as("not given as a flag: still from the environment").isEqualTo(18081);
    }

    @Test
    void blankEnvironmentVariablesCountAsUnset() {
        StackSettings s = runSettings(Map.of("TOGETHER_KAFKA_PORT", " ", "TOGETHER_KAFKA_BOOTSTRAP", ""), "run");
        assertThat(s.kafkaPort()).isEqualTo(9092);
        assertThat(s.kafka()).isEmpty();
    }

    @Test
    void externalKafkaAndRegistryComeFromFlagsOrEnvironment() {
        StackSettings env = runSettings(Map.of("TOGETHER_KAFKA_BOOTSTRAP", "broker-1:9092",
                "TOGETHER_REGISTRY_URL", "http://registry:8081"), "run");
        assertThat(env.kafka()).contains("broker-1:9092");
        assertThat(env.registry()).contains("http://registry:8081");

        StackSettings flags = runSettings(Map.of("TOGETHER_KAFKA_BOOTSTRAP", "broker-1:9092"),
                "run", "--kafka", "other:9092");
        assertThat(flags.kafka()).contains("other:9092");
        assertThat(flags.registry()).as("only Kafka external: the embedded registry runs on it").isEmpty();
    }

    @Test
    void aRegistryWithoutKafkaIsRefusedWithTheReason() {
        assertThatThrownBy(() -> runSettings(Map.of(), "run", "--registry", "http://registry:8081"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--registry needs --kafka");
    }

    @Test
    void kafkaClientPropertiesPassThroughTheEnvironmentPrefixAndFlagsWin() {
        Map<String, String> env = Map.of(
                "TOGETHER_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "TOGETHER_KAFKA_SASL_MECHANISM", "PLAIN",
                "TOGETHER_KAFKA_BOOTSTRAP", "broker:9092",
                "TOGETHER_KAFKA_PORT", "19092",
                "TOGETHER_REGISTRY_URL", "http://registry:8081",
                "TOGETHER_ADMIN_TOKEN", "admin-secret-of-24-chars-or-more",
                "TOGETHER_PSEUDONYM_KEY", "the-network-pseudonym-key-of-32-chars-or-more");
        IngestServiceCommand ingest = parse(env, "ingest-service", "--kafka-property", "sasl.mechanism=SCRAM-SHA-512");
        IngestConfig config = ingest.config();
        assertThat(config.kafkaProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512"));
        assertThat(config.bootstrapServers()).isEqualTo("broker:9092");
        assertThat(config.schemaRegistryUrl()).isEqualTo("http://registry:8081");
        assertThat(config.adminToken()).isEqualTo("admin-secret-of-24-chars-or-more");
        assertThat(config.pseudonymKey()).isEqualTo("the-network-pseudonym-key-of-32-chars-or-more");
        assertThat(config.kafkaProperties()).doesNotContainKey("pseudonym.key");
        assertThat(config.host()).as("containers listen on every interface").isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(8080);
    }

    @Test
    void theRateLimitIs2000ByDefaultComesFromTheEnvironmentOrTheFlagAndReachesIngestOfRunAndOfItsContainer() {
        Map<String, String> secrets = Map.of("TOGETHER_ADMIN_TOKEN", "admin-secret-of-24-chars-or-more",
                "TOGETHER_PSEUDONYM_KEY", "the-network-pseudonym-key-of-32-chars-or-more");
        String[] container = {"ingest-service", "--kafka", "broker:9092", "--registry", "http://registry:8081"};
        assertThat(runSettings(Map.of(), "run", "--data-dir", dir.toString()).rateLimit()).isEqualTo(2_000);
        assertThat(((IngestServiceCommand) parse(secrets, container)).config().rateLimit()).isEqualTo(2_000);

        Map<String, String> env = new HashMap<>(secrets);
        env.put("TOGETHER_RATE_LIMIT", "500");
        assertThat(runSettings(env, "run", "--data-dir", dir.toString()).rateLimit()).isEqualTo(500);
        assertThat(runSettings(env, "run", "--data-dir", dir.toString(), "--rate-limit", "0").rateLimit()).isZero();
        assertThat(((IngestServiceCommand) parse(env, container)).config().rateLimit()).isEqualTo(500);

        env.put("TOGETHER_RATE_LIMIT", "-5");
        assertThatThrownBy(() -> runSettings(env, "run", "--data-dir", dir.toString()))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("TOGETHER_RATE_LIMIT");
        assertThatThrownBy(() -> ((IngestServiceCommand) parse(env, container)).config())
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--rate-limit");
        env.put("TOGETHER_RATE_LIMIT", "fast");
        assertThatThrownBy(() -> runSettings(env, "run", "--data-dir", dir.toString()))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--rate-limit");
    }

    /** Review 18, finding 13: a token the operator gives is at least 24 characters, or nothing starts. */
    @Test
    void aTokenVariableShorterThan24CharactersIsRefusedNamingTheVariableBeforeAnythingIsMade() {
        Map<String, String> services = Map.of("TOGETHER_KAFKA_BOOTSTRAP", "kafka:19092", "TOGETHER_REGISTRY_URL",
                "http://schema-registry:8081", "TOGETHER_PSEUDONYM_KEY", "the-network-pseudonym-key-of-32-chars-or-more");
        String shortToken = "x".repeat(23);
        for (String variable : List.of("TOGETHER_ADMIN_TOKEN", "TOGETHER_VIEWER_TOKEN", "TOGETHER_METRICS_TOKEN")) {
            Map<String, String> env = new HashMap<>(services);
            env.put("TOGETHER_ADMIN_TOKEN", "admin-secret-of-24-chars-or-more");
            env.put(variable, shortToken);
            assertThatThrownBy(() -> runSettings(env, "run", "--data-dir", dir.toString()))
                    .as("run, %s", variable).isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageStartingWith(variable + " is 23 characters long: a token needs at least 24")
                    .hasMessageNotContaining(shortToken);
            assertThatThrownBy(() -> ((AggregationStreamsCommand) parse(env, "aggregation-streams")).config())
                    .as("aggregation-streams, %s", variable).isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageStartingWith(variable + " is 23 characters long");
            if (!variable.equals("TOGETHER_VIEWER_TOKEN")) { // ingest-service reads no viewer token
                assertThatThrownBy(() -> ((IngestServiceCommand) parse(env, "ingest-service")).config())
                        .as("ingest-service, %s", variable).isInstanceOf(CommandLine.ParameterException.class)
                        .hasMessageStartingWith(variable + " is 23 characters long");
            }
            env.put(variable, "y".repeat(24));
            assertThat(runSettings(env, "run", "--data-dir", dir.toString())).as("24 characters: taken").isNotNull();
            assertThat(((AggregationStreamsCommand) parse(env, "aggregation-streams")).config()).isNotNull();
        }
        Refused refused = refused(Map.of("TOGETHER_ADMIN_TOKEN", "admin"), args(List.of("run", "--data-dir",
                dir.resolve("short").toString()), freePortFlags()));
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("TOGETHER_ADMIN_TOKEN is 5 characters long");
        assertThat(dir.resolve("short").resolve("pseudonym-key")).as("refused before any secret is made").doesNotExist();
    }

    @Test
    void runKeepsAViewerTokenForTheDashboardUnlessTheVariableGivesOne() {
        Map<String, String> secrets = Map.of("TOGETHER_ADMIN_TOKEN", "admin-secret-of-24-chars-or-more",
                "TOGETHER_PSEUDONYM_KEY", "the-network-pseudonym-key-of-32-chars-or-more");
        StackSettings generated = ((RunCommand) parse(secrets, "run", "--data-dir", dir.toString())).settings();
        assertThat(generated.viewerToken().origin()).isEqualTo(KeptSecret.Origin.CREATED);
        assertThat(generated.viewerToken().file()).contains(dir.resolve("viewer-token"));
        assertThat(generated.viewerToken().value()).isNotEqualTo(generated.adminToken().value());
        StackSettings later = ((RunCommand) parse(secrets, "run", "--data-dir", dir.toString())).settings();
        assertThat(later.viewerToken().value()).isEqualTo(generated.viewerToken().value());
        assertThat(later.viewerToken().origin()).isEqualTo(KeptSecret.Origin.STORED);
        StackSettings given = runSettings(Map.of("TOGETHER_VIEWER_TOKEN", "viewer-secret-of-24-chars-or-more"), "run",
                "--data-dir", dir.toString());
        assertThat(given.viewerToken().value()).isEqualTo("viewer-secret-of-24-chars-or-more");
        assertThat(given.viewerToken().origin()).isEqualTo(KeptSecret.Origin.ENVIRONMENT);
    }

    @Test
    void ingestServiceNeedsTheSharedAdminTokenFromTheEnvironment() {
        IngestServiceCommand ingest = parse(Map.of("TOGETHER_ADMIN_TOKEN", ""), "ingest-service",
                "--kafka", "broker:9092", "--registry", "http://registry:8081");
        assertThatThrownBy(ingest::config)
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("TOGETHER_ADMIN_TOKEN must be set");
    }

    @Test
    void ingestServiceNeedsTheSharedPseudonymKeyFromTheEnvironment() {
        IngestServiceCommand ingest = parse(Map.of("TOGETHER_ADMIN_TOKEN", "admin-secret-of-24-chars-or-more"), "ingest-service",
                "--kafka", "broker:9092", "--registry", "http://registry:8081");
        assertThatThrownBy(ingest::config)
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("TOGETHER_PSEUDONYM_KEY must be set");
    }

    @Test
    void containerEntryPointsNeedKafkaAndRegistry() {
        assertThatThrownBy(() -> parse(Map.of(), "aggregation-streams", "--registry", "http://r:8081"))
                .isInstanceOf(CommandLine.MissingParameterException.class)
                .hasMessageContaining("--kafka");
        AggregationStreamsCommand fromEnv = parse(Map.of("TOGETHER_KAFKA_BOOTSTRAP", "k:9092",
                "TOGETHER_REGISTRY_URL", "http://r:8081"), "aggregation-streams");
        assertThat(fromEnv.config().bootstrapServers()).isEqualTo("k:9092");
    }

    @Test
    void aggregationStreamsKeepsStateUnderTheDataDirAndReadsTokensAndAdvertisedHost() {
        Map<String, String> env = new HashMap<>(Map.of(
                "TOGETHER_KAFKA_BOOTSTRAP", "kafka:19092",
                "TOGETHER_REGISTRY_URL", "http://schema-registry:8081",
                "TOGETHER_ADVERTISED_HOST", "aggregation-streams-2",
                "TOGETHER_QUERY_PORT", "8091",
                "TOGETHER_DATA_DIR", "/var/lib/together",
                "TOGETHER_VIEWER_TOKEN", "viewer-secret-of-24-chars-or-more"));
        AggregationConfig config = ((AggregationStreamsCommand) parse(env, "aggregation-streams")).config();
        assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/together/streams"));
        assertThat(config.advertisedHost()).isEqualTo("aggregation-streams-2");
        assertThat(config.port()).isEqualTo(8091);
        assertThat(config.applicationId()).isEqualTo("together-aggregation");
        assertThat(config.viewerToken()).contains("viewer-secret-of-24-chars-or-more");
        assertThat(config.adminToken()).isEmpty();
    }

    @Test
    void theSmallestPublishedCountAndTheMetricsTokenReachTheServicesOfRunAndTheirContainers() {
        Map<String, String> env = Map.of("TOGETHER_MIN_PUBLISHED_COUNT", "10", "TOGETHER_METRICS_TOKEN", "scrape-secret-of-24-chars-or-more",
                "TOGETHER_KAFKA_BOOTSTRAP", "kafka:19092", "TOGETHER_REGISTRY_URL", "http://schema-registry:8081",
                "TOGETHER_ADMIN_TOKEN", "admin-secret-of-24-chars-or-more", "TOGETHER_PSEUDONYM_KEY", "the-network-pseudonym-key-of-32-chars-or-more");
        StackSettings run = runSettings(env, "run", "--data-dir", dir.toString());
        assertThat(run.disclosure().minPublishedCount()).isEqualTo(10);
        assertThat(run.metricsToken()).contains("scrape-secret-of-24-chars-or-more");
        AggregationConfig config = ((AggregationStreamsCommand) parse(env, "aggregation-streams")).config();
        assertThat(config.disclosure().minPublishedCount()).isEqualTo(10);
        assertThat(config.metricsToken()).contains("scrape-secret-of-24-chars-or-more");
        assertThat(((IngestServiceCommand) parse(env, "ingest-service")).config().metricsToken()).contains("scrape-secret-of-24-chars-or-more");
        assertThat(((IngestServiceCommand) parse(Map.of("TOGETHER_ADMIN_TOKEN", "admin-secret-of-24-chars-or-more", "TOGETHER_PSEUDONYM_KEY",
                "the-network-pseudonym-key-of-32-chars-or-more", "TOGETHER_METRICS_TOKEN", ""), "ingest-service",
                "--kafka", "k:9092", "--registry", "http://r:8081")).config().metricsToken()).as("blank: /metrics open").isEmpty();

        assertThat(runSettings(Map.of(), "run", "--data-dir", dir.toString()).disclosure().minPublishedCount()).isEqualTo(5);
        assertThatThrownBy(() -> runSettings(Map.of("TOGETHER_MIN_PUBLISHED_COUNT", "few"), "run", "--data-dir", dir.toString()))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("TOGETHER_MIN_PUBLISHED_COUNT");
    }

    @Test
    void aSmallestPublishedCountBelowTwoIsRefusedWhereverItIsGivenNamingWhereAndWritingNothing() {
        // k = 1 hides nothing: every entry point refuses it, and the error names the flag or variable actually given
        Map<String, String> envOne = Map.of("TOGETHER_MIN_PUBLISHED_COUNT", "1");
        assertThatThrownBy(() -> runSettings(envOne, "run", "--data-dir", dir.toString()))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("TOGETHER_MIN_PUBLISHED_COUNT must be at least 2: with 1 nothing would be hidden");
        assertThatThrownBy(() -> ((AggregationStreamsCommand) parse(Map.of("TOGETHER_MIN_PUBLISHED_COUNT", "0"),
                "aggregation-streams", "--kafka", "k:9092", "--registry", "http://r:8081")).config())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("TOGETHER_MIN_PUBLISHED_COUNT must be at least 2");

        Path out = dir.resolve("out");
        for (String command : List.of("snapshot", "export")) {
            for (String k : List.of("1", "0", "-3")) {
                // the flag is wrong, the environment is fine: the error names the flag
                Refused flag = refused(Map.of("TOGETHER_MIN_PUBLISHED_COUNT", "5"), command, "--from", "2021-01-01",
                        "--to", "2021-04-01", "--out", out.toString(), "--data-dir", dir.toString(), "--min-published-count", k);
                assertThat(flag.exit()).as("%s --min-published-count %s", command, k).isEqualTo(2);
                assertThat(flag.err().lines().findFirst()).as("the error, before the usage")
                        .contains("--min-published-count must be at least 2: with 1 nothing would be hidden (was " + k + ")");
            }
            Refused variable = refused(envOne, command, "--from", "2021-01-01", "--to", "2021-04-01", "--out", out.toString(),
                    "--data-dir", dir.toString());
            assertThat(variable.exit()).isEqualTo(2);
            assertThat(variable.err().lines().findFirst())
                    .contains("TOGETHER_MIN_PUBLISHED_COUNT must be at least 2: with 1 nothing would be hidden (was 1)");
        }
        assertThat(out).as("nothing written").doesNotExist();
        assertThat(dir.resolve("kafka")).as("no stack started").doesNotExist();
    }

    @Test
    void theExportLicenceReachesRunAndTheAggregationContainerAndNoneIsChosenWhenUnset() {
        Map<String, String> env = Map.of("TOGETHER_EXPORT_LICENSE", "CC0-1.0", "TOGETHER_KAFKA_BOOTSTRAP", "kafka:19092",
                "TOGETHER_REGISTRY_URL", "http://schema-registry:8081");
        assertThat(runSettings(env, "run", "--data-dir", dir.toString()).exportLicence()).map(l -> l.path())
                .contains("https://creativecommons.org/publicdomain/zero/1.0/");
        assertThat(((AggregationStreamsCommand) parse(env, "aggregation-streams")).config().exportLicence()).map(l -> l.name())
                .contains("CC0-1.0");
        assertThat(runSettings(Map.of(), "run", "--data-dir", dir.toString()).exportLicence()).as("the network's choice: no default")
                .isEmpty();
    }

    @Test
    void anExportLicenceThatIsNoSpdxIdIsRefusedAtStartNamingTheVariableAndWritingNothing() {
        Map<String, String> env = Map.of("TOGETHER_EXPORT_LICENSE", "Creative Commons");
        String rule = "TOGETHER_EXPORT_LICENSE must be an SPDX licence id such as CC-BY-4.0";
        assertThatThrownBy(() -> runSettings(env, "run", "--data-dir", dir.toString()))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining(rule);
        assertThatThrownBy(() -> ((AggregationStreamsCommand) parse(env, "aggregation-streams", "--kafka", "k:9092",
                "--registry", "http://r:8081")).config())
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining(rule);
        Path out = dir.resolve("out");
        Refused export = refused(env, "export", "--from", "2021-01-01", "--to", "2021-04-01", "--out", out.toString(),
                "--data-dir", dir.toString());
        assertThat(export.exit()).isEqualTo(2);
        assertThat(export.err().lines().findFirst()).hasValueSatisfying(line -> assertThat(line).startsWith(rule)
                .endsWith("was 'Creative Commons'"));
        assertThat(out).as("nothing written").doesNotExist();
        assertThat(dir.resolve("kafka")).as("no stack started").doesNotExist();
    }

    record Refused(int exit, String err) {
    }

    static Refused refused(Map<String, String> env, String... args) {
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine commandLine = Together.commandLine(env);
        commandLine.setErr(new java.io.PrintWriter(err));
        commandLine.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
        int exit = commandLine.execute(args);
        return new Refused(exit, err.toString());
    }

    @Test
    void exportNeedsItsPeriodAndDirectoryAndTakesKFromFlagOverEnvironment() {
        assertThatThrownBy(() -> Together.commandLine(Map.of()).parseArgs("export", "--from", "2021-01-01", "--out", dir.toString()))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--to");
        CommandLine.ParseResult result = Together.commandLine(Map.of()).parseArgs("export", "--from", "2021-01-01",
                "--to", "2022-01-01", "--out", dir.toString(), "--min-published-count", "3");
        assertThat(result.subcommand().matchedOptionValue("--min-published-count", 0)).isEqualTo(3);
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine backwards = Together.commandLine(Map.of());
        backwards.setErr(new java.io.PrintWriter(err));
        assertThat(backwards.execute("export", "--from", "2022-01-01", "--to", "2021-01-01", "--out", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--to must be after --from");
    }

    /** Review 14, finding 6: the export, like the snapshot, may end with today (--to tomorrow), not later. */
    @Test
    void exportTakesAPeriodEndingWithTodayAndRefusesOneEndingLaterNamingToAndWritesNothing() {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        Path out = dir.resolve("research");
        Refused future = refused(Map.of(), "export", "--from", today.minusMonths(3).toString(), "--to", today.plusDays(2).toString(),
                "--out", out.toString(), "--data-dir", dir.toString());
        assertThat(future.exit()).isEqualTo(2);
        assertThat(future.err().lines().findFirst().orElse("")).startsWith("--to must be " + today.plusDays(1) + " or earlier"
                + " (to is exclusive: the period ends with today, " + today + ", at the latest), was " + today.plusDays(2));
        assertThat(out).as("nothing written").doesNotExist();

        // --to tomorrow: the period ends with today, as a snapshot's may (here no log is found: exit 3, not 2)
        Refused withToday = refused(Map.of(), "export", "--from", today.minusMonths(3).toString(), "--to", today.plusDays(1).toString(),
                "--out", out.toString(), "--data-dir", dir.toString(), "--kafka-port", String.valueOf(
                        org.together.embedded.kafka.FreePorts.pick()));
        assertThat(withToday.exit()).as(withToday.err()).isEqualTo(3);
    }

    @Test
    void clientCommandsTakeTheTokenFromFlagThenEnvironmentThenTheDataDir() throws Exception {
        Files.writeString(dir.resolve("admin-token"), "kept-token\n");
        ImportCommand fromFile = parse(Map.of("TOGETHER_DATA_DIR", dir.toString()), "import", "events.jsonl");
        assertThat(clientOf(fromFile).adminToken()).isEqualTo("kept-token");

        ImportCommand fromEnv = parse(Map.of("TOGETHER_DATA_DIR", dir.toString(), "TOGETHER_ADMIN_TOKEN", "env-token"),
                "import", "events.jsonl");
        assertThat(clientOf(fromEnv).adminToken()).isEqualTo("env-token");

        ImportCommand fromFlag = parse(Map.of("TOGETHER_DATA_DIR", dir.toString(), "TOGETHER_ADMIN_TOKEN", "env-token"),
                "import", "events.jsonl", "--token", "flag-token", "--ingest", "http://ingest:9999");
        assertThat(clientOf(fromFlag).adminToken()).isEqualTo("flag-token");
        assertThat(clientOf(fromFlag).ingest).hasToString("http://ingest:9999");

        ImportCommand none = parse(Map.of("TOGETHER_DATA_DIR", dir.resolve("empty").toString()), "import", "events.jsonl");
        assertThatThrownBy(() -> clientOf(none).adminToken())
                .hasMessageContaining("--token")
                .hasMessageContaining("TOGETHER_ADMIN_TOKEN");
    }

    @Test
    void aTokenFileKeepsTheTokenOffTheCommandLineAndWinsOverTheVariable() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("alpha.token"), "tgt_alpha-secret\n");
        Map<String, String> env = Map.of("TOGETHER_DATA_DIR", dir.toString(), "TOGETHER_ADMIN_TOKEN", "env-token");
        ImportCommand fromFile = parse(env, "import", "events.jsonl", "--token-file", tokenFile.toString());
        assertThat(clientOf(fromFile).adminToken()).isEqualTo("tgt_alpha-secret");

        ImportCommand both = parse(env, "import", "events.jsonl", "--token-file", tokenFile.toString(), "--token", "flag-token");
        assertThatThrownBy(() -> clientOf(both).adminToken()).hasMessageContaining("--token or --token-file, not both");

        ImportCommand missing = parse(env, "import", "events.jsonl", "--token-file", dir.resolve("nope").toString());
        assertThatThrownBy(() -> clientOf(missing).adminToken()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--token-file " + dir.resolve("nope")).hasMessageContaining("no such file");

        Path empty = Files.writeString(dir.resolve("empty.token"), "\n");
        ImportCommand blank = parse(env, "import", "events.jsonl", "--token-file", empty.toString());
        assertThatThrownBy(() -> clientOf(blank).adminToken()).hasMessageContaining("is empty");
    }

    @Test
    void simulateParsesSizeRateDurationAndSeed() {
        SimulateCommand simulate = parse(Map.of(), "simulate", "--territories", "12", "--rate", "250",
                "--duration", "90s", "--seed", "42", "--history-days", "30");
        Simulation.Settings s = simulate.settings();
        assertThat(s.territories()).isEqualTo(12);
        assertThat(s.rate()).isEqualTo(250);
        assertThat(s.duration()).contains(Duration.ofSeconds(90));
        assertThat(s.seed()).isEqualTo(42);
        assertThat(s.historyDays()).isEqualTo(30);

        SimulateCommand defaults = parse(Map.of(), "simulate");
        assertThat(defaults.settings().territories()).isEqualTo(36);
        assertThat(defaults.settings().duration()).isEmpty();

        SimulateCommand tooOld = parse(Map.of(), "simulate", "--history-days", "500");
        assertThatThrownBy(tooOld::settings).hasMessageContaining("400 days");
    }

    @Test
    void aBadRateOrADemoOptionWithoutDemoIsAUsageErrorNamingTheFlagBeforeAnythingStarts() {
        // review 10: --demo-rate -5 started the whole stack, then stopped with exit 1 and "rate must be more than 0"
        Path data = dir.resolve("data");
        for (String rate : List.of("-5", "0", "NaN", "Infinity", "fast")) {
            Refused refused = refused(Map.of(), args(List.of("run", "--data-dir", data.toString(), "--demo", "--demo-rate", rate),
                    freePortFlags()));
            assertThat(refused.exit()).as(rate).isEqualTo(2);
            assertThat(refused.err().lines().findFirst().orElse("")).as(rate)
                    .contains("--demo-rate").contains("'" + rate + "' is not a rate: a rate is a number of events per second above 0");
        }
        Refused withoutDemo = refused(Map.of(), args(List.of("run", "--data-dir", data.toString(), "--demo-rate", "10"),
                freePortFlags()));
        assertThat(withoutDemo.exit()).isEqualTo(2);
        assertThat(withoutDemo.err().lines().findFirst().orElse(""))
                .isEqualTo("--demo-rate needs --demo: add --demo to run the simulator, or leave --demo-rate out");
        Refused rateLimit = refused(Map.of(), args(List.of("run", "--data-dir", data.toString(), "--rate-limit", "-1"),
                freePortFlags()));
        assertThat(rateLimit.exit()).isEqualTo(2);
        assertThat(rateLimit.err()).contains("--rate-limit (TOGETHER_RATE_LIMIT) must be 0");
        assertThat(data).as("nothing started or written, not even the data dir").doesNotExist();
        assertThat(runSettings(Map.of(), "run", "--data-dir", data.toString(), "--demo", "--demo-rate", "0.5").dataDir())
                .as("a fractional rate is a rate").isEqualTo(data);

        Map<List<String>, String> simulate = Map.of(
                List.of("--rate", "-5"), "Invalid value for option '--rate': '-5' is not a rate",
                List.of("--rate", "0"), "Invalid value for option '--rate': '0' is not a rate",
                List.of("--territories", "0"), "--territories must be at least 1, got 0",
                List.of("--history-days", "-1"), "--history-days must be 0 to 365",
                List.of("--history-days", "500"), "--history-days must be 0 to 365",
                List.of("--duration", "0s"), "--duration must be more than 0");
        simulate.forEach((flags, error) -> {
            Refused refused = refused(Map.of("TOGETHER_DATA_DIR", data.toString()),
                    args(List.of("simulate", "--ingest", "http://127.0.0.1:1"), flags));
            assertThat(refused.exit()).as("simulate %s", flags).isEqualTo(2);
            assertThat(refused.err().lines().findFirst().orElse("")).as("simulate %s", flags).contains(error);
        });
    }

    @Test
    void durationsAcceptHumanAndIsoForms() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.convert("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.convert("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(c.convert("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(c.convert("PT15M")).isEqualTo(Duration.ofMinutes(15));
        assertThatThrownBy(() -> c.convert("soon")).hasMessageContaining("not a duration");
    }

    @Test
    void unknownOptionsAreAUsageErrorWithExitCode2() {
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cl = Together.commandLine(Map.of());
        cl.setErr(new java.io.PrintWriter(err));
        assertThat(cl.execute("run", "--no-such-flag")).isEqualTo(2);
        assertThat(err.toString()).contains("--no-such-flag");
    }

    /** The ports of a run, all free, as flags. */
    private static List<String> freePortFlags() {
        return List.of("--kafka-port", String.valueOf(org.together.embedded.kafka.FreePorts.pick()),
                "--controller-port", String.valueOf(org.together.embedded.kafka.FreePorts.pick()),
                "--registry-port", String.valueOf(org.together.embedded.kafka.FreePorts.pick()),
                "--ingest-port", String.valueOf(org.together.embedded.kafka.FreePorts.pick()),
                "--query-port", String.valueOf(org.together.embedded.kafka.FreePorts.pick()));
    }

    private static String[] args(List<String> first, List<String> then) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(then);
        return all.toArray(String[]::new);
    }

    @Test
    void aPortOutOfRangeIsRefusedWhileTheCommandLineIsReadNamingTheFlagOrTheVariableAndTheRule() {
        Path data = dir.resolve("data");
        for (String flag : List.of("--kafka-port", "--controller-port", "--registry-port", "--ingest-port", "--query-port")) {
            Refused refused = refused(Map.of(), "run", "--data-dir", data.toString(), flag, "70000");
            assertThat(refused.exit()).as(flag).isEqualTo(2);
            assertThat(refused.err().lines().findFirst().orElse("")).as(flag)
                    .contains(flag).contains("'70000' is not a port: a port is 1 to 65535 (0: any free port)");
        }
        Refused negative = refused(Map.of(), "snapshot", "--from", "2021-01-01", "--to", "2021-04-01", "--out",
                dir.resolve("out").toString(), "--data-dir", data.toString(), "--kafka-port", "-1");
        assertThat(negative.exit()).isEqualTo(2);
        assertThat(negative.err()).contains("--kafka-port", "'-1' is not a port");

        Refused variable = refused(Map.of("TOGETHER_INGEST_PORT", "70000"), "run", "--data-dir", data.toString());
        assertThat(variable.exit()).isEqualTo(2);
        assertThat(variable.err().lines().findFirst().orElse(""))
                .contains("TOGETHER_INGEST_PORT").contains("'70000' is not a port: a port is 1 to 65535");
        Refused container = refused(Map.of("TOGETHER_QUERY_PORT", "8o90"), "aggregation-streams", "--kafka", "k:9092",
                "--registry", "http://r:8081");
        assertThat(container.exit()).isEqualTo(2);
        assertThat(container.err()).contains("TOGETHER_QUERY_PORT", "'8o90' is not a port");

        assertThat(data).as("nothing started or written").doesNotExist();
        assertThat(runSettings(Map.of(), "run", "--ingest-port", "0", "--data-dir", data.toString()).ingestPort())
                .as("0: any free port").isZero();
    }

    @Test
    void aBadEnvironmentValueIsNamedAndOneErrorIsNotFollowedByTheWholeHelp() {
        Refused rate = refused(Map.of("TOGETHER_RATE_LIMIT", "fast"), "run", "--data-dir", dir.toString());
        assertThat(rate.exit()).isEqualTo(2);
        assertThat(rate.err().lines().findFirst().orElse("")).contains("TOGETHER_RATE_LIMIT", "'fast'");
        assertThat(rate.err()).as("not 40 lines of help, which would show 'default fast'")
                .doesNotContain("Usage:").doesNotContain("default fast")
                .contains("See 'together run --help' for the options.");
        assertThat(rate.err().lines().count()).isLessThanOrEqualTo(3);

        Refused negative = refused(Map.of("TOGETHER_RATE_LIMIT", "-5"), "run", "--data-dir", dir.toString());
        assertThat(negative.exit()).isEqualTo(2);
        assertThat(negative.err()).contains("TOGETHER_RATE_LIMIT").doesNotContain("default -5");

        // the flag given on the command line is named as the flag, even with the variable set
        Refused flag = refused(Map.of("TOGETHER_INGEST_PORT", "18080"), "run", "--data-dir", dir.toString(), "--ingest-port", "x");
        assertThat(flag.err().lines().findFirst().orElse("")).contains("option '--ingest-port'").doesNotContain("TOGETHER_INGEST_PORT");
    }

    @Test
    void aDataDirThatIsAFileIsRefusedAtOnceNamingTheFlagOrTheVariableAndTheFileIsLeftAsItIs() throws Exception {
        Path file = Files.createFile(dir.resolve("r8file"));
        java.util.Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);

        Refused flag = refused(Map.of(), args(List.of("run", "--data-dir", file.toString()), freePortFlags()));
        assertThat(flag.exit()).isEqualTo(2);
        assertThat(flag.err().lines().findFirst().orElse(""))
                .startsWith("--data-dir " + file + " is a file, not a directory");
        Refused variable = refused(Map.of("TOGETHER_DATA_DIR", file.toString()), args(List.of("run"), freePortFlags()));
        assertThat(variable.exit()).isEqualTo(2);
        assertThat(variable.err().lines().findFirst().orElse("")).startsWith("TOGETHER_DATA_DIR " + file + " is a file");
        Refused container = refused(Map.of("TOGETHER_ADMIN_TOKEN", "admin-secret-of-24-chars-or-more"), "ingest-service", "--kafka", "k:9092",
                "--registry", "http://r:8081", "--data-dir", file.toString());
        assertThat(container.exit()).isEqualTo(2);
        assertThat(container.err()).contains("--data-dir " + file + " is a file");

        assertThat(Files.getPosixFilePermissions(file)).as("its mode untouched (it was made rwx------ before)").isEqualTo(mode);
        assertThat(Files.size(file)).isZero();
    }

    @Test
    void anAddressThatIsNotThisMachinesIsRefusedAsSuchNotAsAPortInUse() {
        Path data = dir.resolve("data");
        Refused notAnAddress = refused(Map.of(), args(List.of("run", "--data-dir", data.toString(), "--host", "999.1.1.1"),
                freePortFlags()));
        assertThat(notAnAddress.exit()).isEqualTo(2);
        assertThat(notAnAddress.err().lines().findFirst().orElse(""))
                .startsWith("--host 999.1.1.1 is not an address, nor a host name this machine can resolve")
                .doesNotContain("in use");

        // TEST-NET-1 (RFC 5737): an address, but never this machine's
        Refused elsewhere = refused(Map.of("TOGETHER_HOST", "192.0.2.1"), args(List.of("run", "--data-dir", data.toString()),
                freePortFlags()));
        assertThat(elsewhere.exit()).isEqualTo(2);
        assertThat(elsewhere.err().lines().findFirst().orElse(""))
                .startsWith("TOGETHER_HOST 192.0.2.1 (192.0.2.1) cannot be listened on, it is not an address of this machine")
                .doesNotContain("in use");
        assertThat(data.resolve("admin-token")).as("no secret made by a start that cannot come up").doesNotExist();
        assertThat(data.resolve("pseudonym-key")).doesNotExist();
    }

    @Test
    void aPortInUseForIngestOrTheQueryApiIsReportedBeforeAnythingStartsNamingItsFlag() throws Exception {
        Path data = dir.resolve("data");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            List<String> ports = new java.util.ArrayList<>(freePortFlags());
            ports.set(ports.indexOf("--ingest-port") + 1, String.valueOf(port));
            Refused ingest = refused(Map.of(), args(List.of("run", "--data-dir", data.toString()), ports));
            assertThat(ingest.exit()).isEqualTo(1);
            assertThat(ingest.err().lines().findFirst().orElse("")).isEqualTo("together run: 127.0.0.1:" + port
                    + " (the ingest API, --ingest-port) is in use by another program: stop it, or give --ingest-port another port");

            Refused query = refused(Map.of("TOGETHER_QUERY_PORT", String.valueOf(port)), args(List.of("run", "--data-dir",
                    data.toString()), freePortFlags().subList(0, 8)));
            assertThat(query.exit()).isEqualTo(1);
            assertThat(query.err()).contains("(the query API and dashboard, TOGETHER_QUERY_PORT) is in use by another program");

            Refused container = refused(Map.of("TOGETHER_ADMIN_TOKEN", "admin-secret-of-24-chars-or-more"), "ingest-service", "--kafka", "k:9092",
                    "--registry", "http://r:8081", "--data-dir", data.toString(), "--host", "127.0.0.1",
                    "--ingest-port", String.valueOf(port));
            assertThat(container.exit()).isEqualTo(1);
            assertThat(container.err()).contains("(the ingest API, --ingest-port) is in use by another program");
        }
        assertThat(data.resolve("admin-token")).as("no secret made by a start that cannot come up").doesNotExist();
        assertThat(data.resolve("kafka")).as("no broker started").doesNotExist();

        List<String> twice = new java.util.ArrayList<>(freePortFlags());
        twice.set(twice.indexOf("--query-port") + 1, twice.get(twice.indexOf("--ingest-port") + 1));
        Refused same = refused(Map.of(), args(List.of("run", "--data-dir", data.toString()), twice));
        assertThat(same.exit()).isEqualTo(2);
        assertThat(same.err().lines().findFirst().orElse("")).contains("--ingest-port and --query-port are both");
    }

    @Test
    void aPseudonymKeyTooShortIsRefusedBeforeAnythingStarts() {
        Path data = dir.resolve("data");
        Refused refused = refused(Map.of("TOGETHER_PSEUDONYM_KEY", "short"), args(List.of("run", "--data-dir", data.toString()),
                freePortFlags()));
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err().lines().findFirst().orElse(""))
                .startsWith("the pseudonym key (TOGETHER_PSEUDONYM_KEY) must be at least 32 characters");
        assertThat(data.resolve("kafka")).as("no broker started").doesNotExist();
        assertThat(data.resolve("admin-token")).doesNotExist();
    }

    private static ClientOptions clientOf(ImportCommand command) {
        return command.client();
    }
}
