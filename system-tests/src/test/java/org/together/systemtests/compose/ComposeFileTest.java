package org.together.systemtests.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.together.systemtests.Checkout;
import org.together.systemtests.ComposeFile;
import org.together.systemtests.ComposeSecrets;

/**
 * docker-compose.yml, docker/cluster.env and the Dockerfiles, checked without a Docker engine: what
 * {@code docker compose --env-file docker/secrets/secrets.env up} would start, on which ports, built from which
 * Maven output (secrets.env as docker/make-secrets.sh makes it).
 */
class ComposeFileTest {

    private static final Path CHECKOUT = Checkout.root();
    private static final Map<String, String> SECRETS = ComposeSecrets.shared().variables();
    private static final ComposeFile SINGLE = ComposeFile.load(Checkout.composeFile(), SECRETS);
    private static final Map<String, String> CLUSTER_ENV = ComposeFile.readEnvFile(CHECKOUT.resolve("docker/cluster.env"));
    private static final ComposeFile CLUSTER = ComposeFile.load(Checkout.composeFile(), merged(SECRETS, CLUSTER_ENV));

    /** The host ports the SPEC fixes (the second query instance next to the first). */
    private static final Map<String, Integer> SPEC_PORTS = Map.of(
            "kafka", 9092,
            "schema-registry", 8081,
            "ingest-service", 8080,
            "aggregation-streams-1", 8090,
            "aggregation-streams-2", 8091);

    // a version of at least major.minor.patch, or a digest: never latest, never a moving major tag
    private static final Pattern PINNED = Pattern.compile("[^:@]+(:\\d+\\.\\d+\\.\\d+[^:@]*)?(@sha256:[0-9a-f]{64})?");

    @Test
    void everyServiceRunsAPinnedImageOrADockerfileOfThisRepository() {
        for (String service : SINGLE.serviceNames()) {
            JsonNode build = SINGLE.service(service).path("build");
            if (build.isMissingNode()) {
                String image = SINGLE.image(service).orElse("");
                assertThat(isPinned(image)).as("%s runs image '%s': pin a full version", service, image).isTrue();
            } else {
                Path dockerfile = dockerfileOf(service);
                assertThat(dockerfile).as("%s builds from %s", service, dockerfile).isRegularFile();
                assertThat(SINGLE.image(service)).as("%s tags what it builds", service).isPresent();
            }
        }
        assertThat(SINGLE.image("kafka")).hasValueSatisfying(image -> {
            assertThat(image).startsWith("apache/kafka:");
            assertThat(versionAtLeast(image.substring(image.indexOf(':') + 1), 4, 1)).as(image + " is 4.1 or newer").isTrue();
        });
        assertThat(SINGLE.image("schema-registry")).hasValueSatisfying(image ->
                assertThat(image).startsWith("confluentinc/cp-schema-registry:"));
    }

    @Test
    void serviceDockerfilesStartFromAPinnedJava17RuntimeAndRunAsNonRoot() {
        for (String service : builtServices()) {
            Dockerfile dockerfile = Dockerfile.parse(dockerfileOf(service));
            for (String base : dockerfile.baseImages()) {
                assertThat(isPinned(base)).as("%s: FROM %s is pinned", dockerfile.path(), base).isTrue();
                assertThat(base).as("%s runs on a Java 17 JRE", dockerfile.path()).matches("eclipse-temurin:17\\.[^:]*-jre[^:]*");
            }
            String user = dockerfile.last("USER").map(Dockerfile.Instruction::arguments).orElse("root");
            assertThat(user).as("%s: the process runs as", dockerfile.path()).isNotIn("root", "0", "0:0", "root:root");
        }
    }

    @Test
    void servicesPublishTheSpecPortsAndListenOnWhatTheyPublish() {
        SPEC_PORTS.forEach((service, port) -> {
            List<ComposeFile.Port> ports = SINGLE.ports(service);
            assertThat(ports).as("%s ports", service).extracting(ComposeFile.Port::host).contains(port);
            int container = ports.stream().filter(p -> p.host() == port).findFirst().orElseThrow().container();
            assertThat(listeningPort(SINGLE, service)).as("%s listens where port %d leads", service, port).isEqualTo(container);
        });
        // Kafka's host listener must advertise the published port, or host clients are sent elsewhere
        for (String broker : brokers(CLUSTER)) {
            Map<String, String> env = CLUSTER.environment(broker);
            int published = CLUSTER.ports(broker).get(0).host();
            assertThat(listeners(env.get("KAFKA_ADVERTISED_LISTENERS")))
                    .as("%s advertised listeners", broker).containsEntry("EXTERNAL", "localhost:" + published);
        }
    }

    @Test
    void everyServiceHasAHealthcheckAndOurServicesProbeReadinessOnTheirOwnPort() {
        for (String service : longRunning(SINGLE)) {
            JsonNode test = SINGLE.service(service).path("healthcheck").path("test");
            assertThat(test.isArray() && test.size() > 1).as("%s has a healthcheck command", service).isTrue();
        }
        for (String service : builtServices()) {
            String probe = joined(SINGLE.service(service).path("healthcheck").path("test"));
            assertThat(probe).as("%s healthcheck", service)
                    .contains("/health/ready")
                    .containsPattern("\\D" + listeningPort(SINGLE, service) + "\\D");
        }
    }

    @Test
    void theTwoAggregationInstancesShareOneApplicationIdAndAdvertiseDifferentHosts() {
        List<String> instances = builtServices().stream().filter(s -> subcommandOf(s).equals("aggregation-streams")).toList();
        assertThat(instances).as("aggregation-streams instances").hasSize(2);
        Map<String, String> first = SINGLE.environment(instances.get(0));
        Map<String, String> second = SINGLE.environment(instances.get(1));

        assertThat(first.get("TOGETHER_APPLICATION_ID")).as("application id").isNotBlank()
                .isEqualTo(second.get("TOGETHER_APPLICATION_ID"));
        assertThat(first.get("TOGETHER_KAFKA_BOOTSTRAP")).isEqualTo(second.get("TOGETHER_KAFKA_BOOTSTRAP"));
        assertThat(first.get("TOGETHER_REGISTRY_URL")).isEqualTo(second.get("TOGETHER_REGISTRY_URL"));
        String firstEndpoint = first.get("TOGETHER_ADVERTISED_HOST") + ":" + first.get("TOGETHER_QUERY_PORT");
        String secondEndpoint = second.get("TOGETHER_ADVERTISED_HOST") + ":" + second.get("TOGETHER_QUERY_PORT");
        assertThat(firstEndpoint).as("the endpoints other instances forward queries to").isNotEqualTo(secondEndpoint);
        // the advertised host is the name other containers resolve: the service's own hostname
        for (String instance : instances) {
            assertThat(SINGLE.environment(instance).get("TOGETHER_ADVERTISED_HOST"))
                    .isEqualTo(SINGLE.service(instance).path("hostname").asText(instance));
        }
        assertThat(SINGLE.volumeSources(instances.get(0))).as("each instance keeps its own state stores")
                .doesNotContainAnyElementsOf(SINGLE.volumeSources(instances.get(1)));
    }

    @Test
    void dockerfilesCopyOnlyWhatTheLauncherBuildProduces() {
        LauncherBuild launcher = LauncherBuild.of(CHECKOUT);
        assertThat(launcher.jar()).as("launcher/pom.xml <finalName>").hasValue("launcher/target/launcher.jar");
        assertThat(launcher.dependencyDirectory()).as("launcher/pom.xml copy-dependencies outputDirectory")
                .hasValue("launcher/target/lib");
        Set<String> produced = Set.of(launcher.jar().orElseThrow(), launcher.dependencyDirectory().orElseThrow());

        for (String service : builtServices()) {
            JsonNode build = SINGLE.service(service).path("build");
            assertThat(CHECKOUT.resolve(build.path("context").asText(".")).normalize())
                    .as("%s builds with the checkout as context", service).isEqualTo(CHECKOUT.normalize());
            Dockerfile dockerfile = Dockerfile.parse(dockerfileOf(service));
            List<String> sources = dockerfile.contextSources().stream().map(ComposeFileTest::withoutTrailingSlash).toList();
            assertThat(sources).as("%s COPY sources", dockerfile.path()).isNotEmpty();
            assertThat(produced).as("%s copies only the Maven build's output", dockerfile.path()).containsAll(sources);
            assertThat(sources).as("%s copies the jar and its dependencies", dockerfile.path()).containsAll(produced);

            Path ignore = Path.of(dockerfile.path() + ".dockerignore");
            if (Files.isRegularFile(ignore)) {
                for (String source : sources) {
                    assertThat(ignoredByDockerignore(ignore, source))
                            .as("%s lets %s into the build context", ignore, source).isFalse();
                }
            }
        }
    }

    @Test
    void dockerfilesStartATogetherSubcommandTheLauncherDeclares() {
        LauncherBuild launcher = LauncherBuild.of(CHECKOUT);
        for (String service : builtServices()) {
            Dockerfile dockerfile = Dockerfile.parse(dockerfileOf(service));
            List<String> entrypoint = dockerfile.entrypoint();
            assertThat(entrypoint.get(0)).isEqualTo("java");
            int cp = Math.max(entrypoint.indexOf("-cp"), entrypoint.indexOf("-classpath"));
            assertThat(cp).as("%s sets the class path", dockerfile.path()).isPositive();
            assertThat(entrypoint).as("%s ends with the main class: the service's command follows it", dockerfile.path())
                    .hasSize(cp + 3);
            String mainClass = entrypoint.get(cp + 2);
            assertThat(mainClass).as("main class").isEqualTo(launcher.manifestMainClass().orElse("<no mainClass in launcher/pom.xml>"));
            assertThat(launcher.hasMainClass(mainClass)).as("%s has a main method in launcher sources", mainClass).isTrue();
            String subcommand = subcommandOf(service);
            assertThat(launcher.declaresSubcommand(subcommand))
                    .as("the launcher declares and registers `together %s`", subcommand).isTrue();

            List<String> destinations = dockerfile.all("COPY").stream()
                    .map(i -> i.arguments().split("\\s+")).map(w -> w[w.length - 1]).toList();
            for (String entry : entrypoint.get(cp + 1).split(":")) {
                String copied = entry.endsWith("/*") ? entry.substring(0, entry.length() - 1) : entry;
                assertThat(destinations).as("class path entry %s was copied into the image", entry).contains(copied);
            }
        }
    }

    @Test
    void everyTogetherVariableTheContainersSetIsOneTheLauncherReads() {
        LauncherBuild launcher = LauncherBuild.of(CHECKOUT);
        Map<String, String> unread = new LinkedHashMap<>();
        for (String service : builtServices()) {
            Map<String, String> variables = new LinkedHashMap<>(dockerfileEnvironment(Dockerfile.parse(dockerfileOf(service))));
            variables.putAll(SINGLE.environment(service));
            for (String variable : variables.keySet()) {
                if (!variable.startsWith("TOGETHER_")) {
                    continue;
                }
                boolean read = launcher.readsVariable(variable)
                        || (variable.startsWith("TOGETHER_KAFKA_") && launcher.passesKafkaPropertiesThrough());
                if (!read) {
                    unread.put(variable, service);
                }
            }
        }
        assertThat(unread).as("variables the compose file or a Dockerfile sets that the launcher never reads").isEmpty();
    }

    @Test
    void byDefaultOneBrokerIsItsOwnQuorumAndTopicsHaveOneReplica() {
        List<String> brokers = brokers(SINGLE);
        assertThat(brokers).containsExactly("kafka");
        Map<String, String> env = SINGLE.environment("kafka");
        assertThat(env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat(voters(env)).isEqualTo(Set.of(expectedVoter(SINGLE, "kafka")));
        assertThat(replicationSettings(SINGLE, "kafka")).containsOnly(Map.entry("replicas", "1"), Map.entry("minIsr", "1"));
        assertThat(env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).as("topics are pre-created by the services").isEqualTo("false");
    }

    @Test
    void theClusterEnvFileStartsThreeControllerBrokersWithReplicationThreeAndMinIsrTwo() {
        assertThat(CLUSTER_ENV).containsEntry("COMPOSE_PROFILES", "cluster");
        List<String> brokers = brokers(CLUSTER);
        assertThat(brokers).hasSize(3);

        Set<String> expectedVoters = brokers.stream().map(b -> expectedVoter(CLUSTER, b)).collect(Collectors.toSet());
        assertThat(brokers.stream().map(b -> CLUSTER.environment(b).get("KAFKA_NODE_ID")).distinct()).hasSize(3);
        assertThat(brokers.stream().map(b -> CLUSTER.environment(b).get("CLUSTER_ID")).distinct()).as("one cluster id").hasSize(1);
        for (String broker : brokers) {
            Map<String, String> env = CLUSTER.environment(broker);
            assertThat(env.get("KAFKA_PROCESS_ROLES")).as(broker).isEqualTo("broker,controller");
            assertThat(voters(env)).as("%s knows the quorum of three", broker).isEqualTo(expectedVoters);
            assertThat(replicationSettings(CLUSTER, broker)).as(broker)
                    .containsOnly(Map.entry("replicas", "3"), Map.entry("minIsr", "2"));
        }
        assertThat(CLUSTER.environment("schema-registry"))
                .containsEntry("SCHEMA_REGISTRY_KAFKASTORE_TOPIC_REPLICATION_FACTOR", "3");
        Set<String> internalListeners = brokers.stream()
                .map(b -> listeners(CLUSTER.environment(b).get("KAFKA_ADVERTISED_LISTENERS")).get("INTERNAL"))
                .collect(Collectors.toSet());
        for (String service : builtServices()) {
            assertThat(Set.of(CLUSTER.environment(service).get("TOGETHER_KAFKA_BOOTSTRAP").split(",")))
                    .as("%s bootstraps from every broker", service).isEqualTo(internalListeners);
            assertThat(CLUSTER.dependsOn(service)).as("%s waits for every broker", service).containsAll(brokers);
        }
    }

    @Test
    void everyDependencyVolumeAndAddressNamesSomethingTheFileDefines() {
        for (ComposeFile compose : List.of(SINGLE, CLUSTER)) {
            List<String> active = compose.activeServices(profiles(compose == CLUSTER ? CLUSTER_ENV : Map.of()));
            Set<String> internalListeners = brokers(compose).stream()
                    .map(b -> listeners(compose.environment(b).get("KAFKA_ADVERTISED_LISTENERS")).get("INTERNAL"))
                    .collect(Collectors.toSet());
            for (String service : active) {
                for (String dependency : compose.dependsOn(service)) {
                    assertThat(compose.serviceNames()).as("%s depends on", service).contains(dependency);
                    boolean optional = !compose.service(service).path("depends_on").path(dependency).path("required").asBoolean(true);
                    assertThat(active.contains(dependency) || optional)
                            .as("%s waits for %s, which is not started and not optional", service, dependency).isTrue();
                }
                for (String volume : compose.volumeSources(service)) {
                    if (!volume.startsWith(".") && !volume.startsWith("/")) {
                        assertThat(compose.declaredVolumes()).as("%s mounts", service).contains(volume);
                    }
                }
                Map<String, String> env = compose.environment(service);
                for (String key : List.of("TOGETHER_KAFKA_BOOTSTRAP", "SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS")) {
                    if (env.containsKey(key)) {
                        assertThat(internalListeners).as("%s %s", service, key)
                                .containsAll(Arrays.asList(env.get(key).replace("PLAINTEXT://", "").split(",")));
                    }
                }
                if (env.containsKey("TOGETHER_REGISTRY_URL")) {
                    String registry = "http://" + compose.service("schema-registry").path("hostname").asText("schema-registry")
                            + ":" + listeningPort(compose, "schema-registry");
                    assertThat(env.get("TOGETHER_REGISTRY_URL")).as("%s registry URL", service).isEqualTo(registry);
                }
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Services that keep running: all but one-shot jobs, which every dependent awaits with service_completed_successfully. */
    static List<String> longRunning(ComposeFile compose) {
        return compose.serviceNames().stream().filter(service -> !oneShot(compose, service)).toList();
    }

    static boolean oneShot(ComposeFile compose, String service) {
        List<String> conditions = new ArrayList<>();
        for (String dependent : compose.serviceNames()) {
            JsonNode dependency = compose.service(dependent).path("depends_on").path(service);
            if (!dependency.isMissingNode()) {
                conditions.add(dependency.path("condition").asText("service_started"));
            }
        }
        return !conditions.isEmpty() && conditions.stream().allMatch("service_completed_successfully"::equals)
                && compose.service(service).path("restart").asText("no").equals("no");
    }

    private static Map<String, String> merged(Map<String, String> first, Map<String, String> second) {
        Map<String, String> merged = new LinkedHashMap<>(first);
        merged.putAll(second);
        return merged;
    }

    private static List<String> builtServices() {
        return SINGLE.serviceNames().stream().filter(s -> !SINGLE.service(s).path("build").isMissingNode()).toList();
    }

    private static Path dockerfileOf(String service) {
        JsonNode build = SINGLE.service(service).path("build");
        Path context = CHECKOUT.resolve(build.isTextual() ? build.asText() : build.path("context").asText("."));
        return context.resolve(build.path("dockerfile").asText("Dockerfile")).normalize();
    }

    /** The `together` subcommand a built service runs: its compose {@code command:} (the image is one for all). */
    private static String subcommandOf(String service) {
        JsonNode command = SINGLE.service(service).path("command");
        assertThat(command.isArray() && command.size() > 0)
                .as("%s names its subcommand in exec form (command: [\"...\"])", service).isTrue();
        return command.get(0).asText();
    }

    static List<String> brokers(ComposeFile compose) {
        Set<String> profiles = profiles(compose == CLUSTER ? CLUSTER_ENV : Map.of());
        return compose.activeServices(profiles).stream()
                .filter(s -> compose.image(s).orElse("").startsWith("apache/kafka:"))
                .filter(s -> compose.environment(s).containsKey("KAFKA_PROCESS_ROLES")).toList();
    }

    private static Set<String> profiles(Map<String, String> variables) {
        String profiles = variables.getOrDefault("COMPOSE_PROFILES", "");
        return profiles.isBlank() ? Set.of() : Set.of(profiles.split(","));
    }

    /** The port a service's process listens on inside its container. */
    private static int listeningPort(ComposeFile compose, String service) {
        Map<String, String> env = compose.environment(service);
        if (env.containsKey("KAFKA_LISTENERS")) {
            return portOf(listeners(env.get("KAFKA_LISTENERS")).get("EXTERNAL"));
        }
        if (env.containsKey("SCHEMA_REGISTRY_LISTENERS")) {
            return portOf(env.get("SCHEMA_REGISTRY_LISTENERS").split(",")[0]);
        }
        String subcommand = subcommandOf(service);
        String variable = switch (subcommand) {
            case "ingest-service" -> "TOGETHER_INGEST_PORT";
            case "aggregation-streams" -> "TOGETHER_QUERY_PORT";
            default -> throw new IllegalArgumentException("unknown subcommand " + subcommand);
        };
        assertThat(env).as("%s sets its port explicitly", service).containsKey(variable);
        return Integer.parseInt(env.get(variable));
    }

    /** {@code NAME://host:port,...} as NAME -> host:port. */
    private static Map<String, String> listeners(String spec) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String listener : spec.split(",")) {
            int sep = listener.indexOf("://");
            result.put(listener.substring(0, sep), listener.substring(sep + 3));
        }
        return result;
    }

    private static int portOf(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    private static Set<String> voters(Map<String, String> env) {
        return new TreeSet<>(Arrays.asList(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").split(",")));
    }

    private static String expectedVoter(ComposeFile compose, String broker) {
        Map<String, String> env = compose.environment(broker);
        String host = compose.service(broker).path("hostname").asText(broker);
        String controllerPort = String.valueOf(portOf(listeners(env.get("KAFKA_LISTENERS")).get("CONTROLLER")));
        return env.get("KAFKA_NODE_ID") + "@" + host + ":" + controllerPort;
    }

    /** The broker's replication defaults, all of which must agree: replicas and min ISR. */
    private static Map<String, String> replicationSettings(ComposeFile compose, String broker) {
        Map<String, String> env = compose.environment(broker);
        Map<String, String> result = new LinkedHashMap<>();
        for (String key : List.of("KAFKA_DEFAULT_REPLICATION_FACTOR", "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
                "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR")) {
            String previous = result.put("replicas", env.get(key));
            assertThat(previous == null || previous.equals(env.get(key))).as("%s %s agrees with the other factors", broker, key).isTrue();
        }
        for (String key : List.of("KAFKA_MIN_INSYNC_REPLICAS", "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR",
                "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR")) {
            String previous = result.put("minIsr", env.get(key));
            assertThat(previous == null || previous.equals(env.get(key))).as("%s %s agrees with the other min ISRs", broker, key).isTrue();
        }
        return result;
    }

    private static Map<String, String> dockerfileEnvironment(Dockerfile dockerfile) {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)").matcher("");
        for (Dockerfile.Instruction instruction : dockerfile.all("ENV")) {
            pair.reset(instruction.arguments());
            while (pair.find()) {
                env.put(pair.group(1), pair.group(2));
            }
        }
        return env;
    }

    /** Docker's rule: the last pattern matching the path or one of its parents decides; {@code !} re-includes. */
    private static boolean ignoredByDockerignore(Path ignoreFile, String source) {
        List<String> patterns = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(ignoreFile)) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    patterns.add(trimmed);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Path path = Path.of(source);
        boolean ignored = false;
        for (String pattern : patterns) {
            boolean include = pattern.startsWith("!");
            String glob = withoutTrailingSlash(include ? pattern.substring(1) : pattern);
            var matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            for (Path p = path; p != null; p = p.getParent()) {
                if (matcher.matches(p)) {
                    ignored = !include;
                    break;
                }
            }
        }
        return ignored;
    }

    private static String withoutTrailingSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String joined(JsonNode array) {
        List<String> words = new ArrayList<>();
        array.forEach(w -> words.add(w.asText()));
        return String.join(" ", words);
    }

    private static boolean isPinned(String image) {
        return PINNED.matcher(image).matches() && (image.contains("@sha256:") || image.matches(".*:\\d+\\.\\d+\\.\\d+.*"));
    }

    private static boolean versionAtLeast(String version, int major, int minor) {
        String[] parts = version.split("[^0-9]+");
        int actualMajor = Integer.parseInt(parts[0]);
        int actualMinor = Integer.parseInt(parts[1]);
        return actualMajor > major || (actualMajor == major && actualMinor >= minor);
    }
}
