package org.together.systemtests.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.security.auth.login.ConfigFile;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.security.auth.login.AppConfigurationEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.together.systemtests.Checkout;
import org.together.systemtests.ComposeFile;
import org.together.systemtests.ComposeSecrets;
import org.together.systemtests.security.KafkaAclFile;

/**
 * The compose stack's security, checked without a Docker engine, as {@code docker compose --env-file
 * docker/secrets/secrets.env [--env-file docker/cluster.env] up} would run it with what docker/make-secrets.sh makes:
 * no unauthenticated port, SCRAM and ACLs on every broker, the ACL init container, the registry's basic auth, each
 * service with its own credentials, and no secret written in the file.
 */
class ComposeSecurityTest {

    private static final Path CHECKOUT = Checkout.root();
    private static final ComposeSecrets SECRETS = ComposeSecrets.shared();
    private static final Map<String, String> CLUSTER_ENV = ComposeFile.readEnvFile(CHECKOUT.resolve("docker/cluster.env"));
    private static final ComposeFile SINGLE = ComposeFile.load(Checkout.composeFile(), SECRETS.variables());
    private static final ComposeFile CLUSTER = ComposeFile.load(Checkout.composeFile(), merged(SECRETS.variables(), CLUSTER_ENV));
    private static final KafkaAclFile ACLS = KafkaAclFile.read(CHECKOUT.resolve("docker/kafka-acls.conf"));
    private static final Pattern LOGIN_CONFIG = Pattern.compile("-Djava\\.security\\.auth\\.login\\.config=(\\S+)");
    private static final Pattern JAAS_OPTION = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    @Test
    void noBrokerListenerTakesAnonymousClientsAndWhatIsPublishedOnTheHostIsSaslSsl() {
        for (ComposeFile compose : List.of(SINGLE, CLUSTER)) {
            for (String broker : brokers(compose)) {
                Map<String, String> env = compose.environment(broker);
                Map<String, Integer> ports = listenerPorts(env.get("KAFKA_LISTENERS"));
                Map<String, String> protocols = pairs(env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"));
                assertThat(protocols.keySet()).as("%s: every listener has a protocol", broker).containsAll(ports.keySet());
                protocols.forEach((listener, protocol) -> assertThat(protocol)
                        .as("%s listener %s: authenticated", broker, listener).isIn("SASL_PLAINTEXT", "SASL_SSL"));
                for (ComposeFile.Port published : compose.ports(broker)) {
                    String listener = ports.entrySet().stream().filter(e -> e.getValue() == published.container())
                            .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError(
                                    broker + " publishes " + published + ", where no listener is"));
                    assertThat(protocols.get(listener)).as("%s publishes %s on host port %d", broker, listener, published.host())
                            .isEqualTo("SASL_SSL");
                }
            }
        }
    }

    /** Review 18: the plain-HTTP ports are for a TLS proxy on the host, not for the network, unless the operator says so. */
    @Test
    void thePlainHttpPortsArePublishedOnLoopbackUnlessAnAddressIsGiven() {
        List<String> http = List.of("schema-registry", "ingest-service", "aggregation-streams-1", "aggregation-streams-2");
        for (String service : http) {
            assertThat(SINGLE.ports(service)).as("%s ports", service).isNotEmpty()
                    .allSatisfy(port -> assertThat(port.address()).as("%s publishes %d on", service, port.host()).isEqualTo("127.0.0.1"));
        }
        ComposeFile fronted = ComposeFile.load(Checkout.composeFile(),
                merged(SECRETS.variables(), Map.of("TOGETHER_PUBLISH_ADDRESS", "10.0.0.5")));
        for (String service : http) {
            assertThat(fronted.ports(service)).extracting(ComposeFile.Port::address).containsOnly("10.0.0.5");
        }
    }

    @Test
    void everyBrokerAuthenticatesWithScramAndPlainForItselfAndLetsAclsDecide() throws Exception {
        for (ComposeFile compose : List.of(SINGLE, CLUSTER)) {
            for (String broker : brokers(compose)) {
                Map<String, String> env = compose.environment(broker);
                Map<String, String> protocols = pairs(env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"));
                String interBroker = env.get("KAFKA_INTER_BROKER_LISTENER_NAME");
                String controller = env.get("KAFKA_CONTROLLER_LISTENER_NAMES");
                for (String listener : protocols.keySet()) {
                    boolean own = listener.equals(interBroker) || listener.equals(controller);
                    assertThat(env.get("KAFKA_LISTENER_NAME_" + listener + "_SASL_ENABLED_MECHANISMS"))
                            .as("%s %s mechanisms", broker, listener).isEqualTo(own ? "PLAIN" : "SCRAM-SHA-512");
                }
                assertThat(env).as(broker)
                        .containsEntry("KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL", "PLAIN")
                        .containsEntry("KAFKA_SASL_MECHANISM_CONTROLLER_PROTOCOL", "PLAIN")
                        .containsEntry("KAFKA_AUTHORIZER_CLASS_NAME", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                        .containsEntry("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false");
                assertThat(Set.of(env.get("KAFKA_SUPER_USERS").split(";"))).as("%s super users", broker)
                        .containsExactlyInAnyOrder("User:broker", "User:admin");

                // the JAAS file the broker reads is the one make-secrets.sh wrote, and it logs each listener in
                Path jaas = mountedSecret(compose, broker, loginConfig(env.get("KAFKA_OPTS")));
                String brokerPassword = SECRETS.variable("KAFKA_BROKER_PASSWORD");
                for (String listener : protocols.keySet()) {
                    AppConfigurationEntry[] entries = jaas(jaas, listener.toLowerCase(Locale.ROOT) + ".KafkaServer");
                    assertThat(entries).as("%s: %s.KafkaServer", jaas, listener.toLowerCase(Locale.ROOT)).hasSize(1);
                    boolean own = listener.equals(interBroker) || listener.equals(controller);
                    if (own) {
                        assertThat(entries[0].getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.plain.PlainLoginModule");
                        Map<String, Object> options = Map.copyOf(entries[0].getOptions());
                        assertThat(options).containsEntry("username", "broker")
                                .containsEntry("password", brokerPassword).containsEntry("user_broker", brokerPassword);
                    } else {
                        assertThat(entries[0].getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
                        assertThat(entries[0].getOptions()).as("no users in the file: SCRAM users live in Kafka").isEmpty();
                    }
                }
                // the healthcheck logs in as the broker on its own listener
                String probe = String.join(" ", texts(compose.service(broker).path("healthcheck").path("test")));
                assertThat(probe).contains("localhost:" + listenerPorts(env.get("KAFKA_LISTENERS")).get(interBroker));
                assertThat(mountedSecret(compose, broker, argumentAfter(probe, "--command-config")))
                        .isEqualTo(SECRETS.file("broker-client.properties"));
            }
        }
    }

    @Test
    void theExternalListenerServesTheMadeCertificateForTheNameItAdvertises() throws Exception {
        for (ComposeFile compose : List.of(SINGLE, CLUSTER)) {
            for (String broker : brokers(compose)) {
                Map<String, String> env = compose.environment(broker);
                Path keyStore = mountedSecret(compose, broker, env.get("KAFKA_LISTENER_NAME_EXTERNAL_SSL_KEYSTORE_LOCATION"));
                assertThat(keyStore).isEqualTo(SECRETS.file("kafka.keystore.p12"));
                assertThat(env.get("KAFKA_LISTENER_NAME_EXTERNAL_SSL_KEYSTORE_TYPE")).isEqualTo("PKCS12");
                String password = env.get("KAFKA_LISTENER_NAME_EXTERNAL_SSL_KEYSTORE_PASSWORD");
                assertThat(env.get("KAFKA_LISTENER_NAME_EXTERNAL_SSL_KEY_PASSWORD")).isEqualTo(password);
                String advertised = pairs(env.get("KAFKA_ADVERTISED_LISTENERS").replace("://", "=")).get("EXTERNAL");
                String host = advertised.substring(0, advertised.lastIndexOf(':'));
                assertThat(subjectNames(keyStore, password)).as("%s certificate names", broker).contains(host);
            }
        }
    }

    @Test
    void theAclInitContainerAppliesTheDefinitionFileBeforeAnythingTalksToKafka() {
        List<String> init = SINGLE.serviceNames().stream()
                .filter(s -> texts(SINGLE.service(s).path("entrypoint")).stream().anyMatch(w -> w.endsWith("kafka-init.sh")))
                .toList();
        assertThat(init).as("services running kafka-init.sh").hasSize(1);
        String service = init.get(0);
        assertThat(ComposeFileTest.oneShot(SINGLE, service)).as("%s runs once per start", service).isTrue();
        assertThat(SINGLE.image(service)).as("Kafka's own tools").isEqualTo(SINGLE.image("kafka"));
        Map<String, String> env = SINGLE.environment(service);
        Map<String, String> volumes = SINGLE.volumes(service);
        assertThat(volumes).containsEntry("./docker/kafka-acls.conf", env.get("KAFKA_ACLS"));
        String script = texts(SINGLE.service(service).path("entrypoint")).stream().filter(w -> w.endsWith("kafka-init.sh")).findFirst().orElseThrow();
        assertThat(volumes).containsEntry("./docker/kafka-init.sh", script);
        assertThat(mountedSecret(SINGLE, service, env.get("KAFKA_CLIENT_CONFIG"))).isEqualTo(SECRETS.file("broker-client.properties"));
        for (String user : ACLS.users()) {
            String variable = "KAFKA_" + user.toUpperCase(Locale.ROOT).replace('-', '_') + "_PASSWORD";
            assertThat(env).as("%s gets the password of %s", service, user).containsEntry(variable, SECRETS.variable(variable));
        }
        for (ComposeFile compose : List.of(SINGLE, CLUSTER)) {
            Map<String, String> initEnv = compose.environment(service);
            Set<String> brokerListeners = brokers(compose).stream().map(b -> {
                Map<String, String> brokerEnv = compose.environment(b);
                return pairs(brokerEnv.get("KAFKA_ADVERTISED_LISTENERS").replace("://", "=")).get(brokerEnv.get("KAFKA_INTER_BROKER_LISTENER_NAME"));
            }).collect(Collectors.toSet());
            assertThat(Set.of(initEnv.get("KAFKA_BOOTSTRAP").split(","))).as("kafka-init connects to the brokers' own listeners")
                    .isEqualTo(brokerListeners);
            assertThat(compose.dependsOn(service)).containsAll(brokers(compose));
        }
        for (String client : kafkaClients(SINGLE)) {
            assertThat(SINGLE.service(client).path("depends_on").path(service).path("condition").asText())
                    .as("%s waits for the users and ACLs", client).isEqualTo("service_completed_successfully");
        }
    }

    @Test
    void theRegistryTakesBasicAuthWithTheMadeUsersAndReachesKafkaAsRegistry() throws Exception {
        Map<String, String> env = SINGLE.environment("schema-registry");
        assertThat(env).containsEntry("SCHEMA_REGISTRY_AUTHENTICATION_METHOD", "BASIC")
                .containsEntry("SCHEMA_REGISTRY_KAFKASTORE_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                .containsEntry("SCHEMA_REGISTRY_KAFKASTORE_SASL_MECHANISM", "SCRAM-SHA-512");
        assertThat(jaasOptions(env.get("SCHEMA_REGISTRY_KAFKASTORE_SASL_JAAS_CONFIG")))
                .containsEntry("username", "registry").containsEntry("password", SECRETS.variable("KAFKA_REGISTRY_PASSWORD"));
        assertThat(ACLS.users()).contains("registry");

        Path jaas = mountedSecret(SINGLE, "schema-registry", loginConfig(env.get("SCHEMA_REGISTRY_OPTS")));
        AppConfigurationEntry[] realm = jaas(jaas, env.get("SCHEMA_REGISTRY_AUTHENTICATION_REALM"));
        assertThat(realm).as("the realm's section in %s", jaas).hasSize(1);
        // Confluent Platform 8 runs Jetty 12, where the login module moved to this package
        assertThat(realm[0].getLoginModuleName()).isEqualTo("org.eclipse.jetty.security.jaas.spi.PropertyFileLoginModule");
        Path users = mountedSecret(SINGLE, "schema-registry", (String) realm[0].getOptions().get("file"));
        Set<String> roles = Set.of(env.get("SCHEMA_REGISTRY_AUTHENTICATION_ROLES").split(","));
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String line : Files.readAllLines(users)) {
            Matcher user = Pattern.compile("([a-z]+): (\\S+),(\\S+)").matcher(line);
            assertThat(user.matches()).as("%s: '%s'", users, line).isTrue();
            assertThat(roles).as("role of %s", user.group(1)).contains(user.group(3));
            passwords.put(user.group(1), user.group(2));
        }
        assertThat(passwords).containsEntry("admin", SECRETS.variable("REGISTRY_ADMIN_PASSWORD"));

        // the healthcheck logs in too, or it would see 401 and keep the registry unhealthy
        String probe = String.join(" ", texts(SINGLE.service("schema-registry").path("healthcheck").path("test")));
        assertThat(probe).contains("Authorization: %s").contains("$REGISTRY_HEALTHCHECK_AUTHORIZATION");
        assertThat(env.get("REGISTRY_HEALTHCHECK_AUTHORIZATION")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString(("admin:" + passwords.get("admin")).getBytes(StandardCharsets.UTF_8)));

        for (String service : builtServices()) {
            String userInfo = SINGLE.environment(service).get("TOGETHER_KAFKA_BASIC_AUTH_USER_INFO");
            assertThat(userInfo).as("%s registry credentials", service).isNotNull();
            String user = userInfo.substring(0, userInfo.indexOf(':'));
            assertThat(passwords).as("%s logs in to the registry as %s", service, user)
                    .containsEntry(user, userInfo.substring(userInfo.indexOf(':') + 1));
        }
    }

    @Test
    void eachServiceConnectsToKafkaAsItsOwnPrincipal() {
        Map<String, String> principals = Map.of("ingest-service", "ingest", "aggregation-streams", "aggregation");
        for (String service : builtServices()) {
            String principal = principals.get(service.replaceAll("-\\d+$", ""));
            assertThat(principal).as("the principal of %s", service).isNotNull();
            Map<String, String> env = SINGLE.environment(service);
            assertThat(env).as(service).containsEntry("TOGETHER_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                    .containsEntry("TOGETHER_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
            assertThat(jaasOptions(env.get("TOGETHER_KAFKA_SASL_JAAS_CONFIG"))).as(service)
                    .containsEntry("username", principal)
                    .containsEntry("password", SECRETS.variable("KAFKA_" + principal.toUpperCase(Locale.ROOT) + "_PASSWORD"));
            assertThat(ACLS.grantsOf(principal)).as("grants of %s", principal).isNotEmpty();
            assertThat(env.get("TOGETHER_ADMIN_TOKEN")).isEqualTo(SECRETS.variable("TOGETHER_ADMIN_TOKEN"));
            assertThat(env.get("TOGETHER_METRICS_TOKEN")).as("%s's /metrics behind the one metrics token", service)
                    .isEqualTo(SECRETS.variable("TOGETHER_METRICS_TOKEN")).isNotBlank();
            // the pseudonym vault's key goes to ingest alone: aggregation only ever sees pseudonyms
            assertThat(env.get("TOGETHER_PSEUDONYM_KEY")).as("%s's pseudonym key", service)
                    .isEqualTo(principal.equals("ingest") ? SECRETS.variable("TOGETHER_PSEUDONYM_KEY") : null);
        }
    }

    @Test
    void noSecretIsWrittenInTheComposeFileAndTheSecretsStayOutOfGit() throws Exception {
        Pattern secretSetting = Pattern.compile("^\\s+([A-Z0-9_]*(PASSWORD|TOKEN|USER_INFO|AUTHORIZATION|JAAS_CONFIG|PSEUDONYM_KEY)[A-Z0-9_]*):\\s*(.*)$");
        List<String> literal = new ArrayList<>();
        for (String line : Files.readAllLines(Checkout.composeFile())) {
            Matcher setting = secretSetting.matcher(line);
            if (setting.matches() && !setting.group(3).isBlank() && !setting.group(3).contains("${")) {
                literal.add(line.strip());
            }
            if (line.contains("password=\"") && !line.contains("password=\"${")) {
                literal.add(line.strip());
            }
        }
        assertThat(literal).as("secret settings not read from secrets.env").isEmpty();
        assertThat(Files.readAllLines(CHECKOUT.resolve(".gitignore"))).contains("/docker/secrets/");
    }

    @Test
    void aComposeUpWithoutTheSecretsStopsAndSaysWhatToRun() {
        assertThatThrownBy(() -> ComposeFile.load(Checkout.composeFile(), Map.of()))
                .hasMessageContaining("docker/make-secrets.sh").hasMessageContaining("--env-file docker/secrets/secrets.env");
        assertThatThrownBy(() -> ComposeFile.load(Checkout.composeFile(), CLUSTER_ENV))
                .as("docker/cluster.env alone").hasMessageContaining("docker/make-secrets.sh");
    }

    @Test
    void makeSecretsMakesEveryVariableAndFileTheStackReadsReadableByTheOwnerOnly() throws Exception {
        Set<String> required = new TreeSet<>();
        Matcher variable = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?").matcher(Files.readString(Checkout.composeFile()));
        while (variable.find()) {
            required.add(variable.group(1));
        }
        assertThat(SECRETS.variables().keySet()).as("secrets.env").containsAll(required);
        for (Map.Entry<String, String> secret : SINGLE.secretFiles().entrySet()) {
            assertThat(secret.getValue()).as(secret.getKey()).startsWith("docker/secrets/");
            assertThat(SECRETS.file(secret.getValue().substring("docker/secrets/".length()))).as(secret.getKey()).isRegularFile();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(SECRETS.dir()))).isEqualTo("rwx------");
        for (String own : List.of("secrets.env", "ca.p12")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(SECRETS.file(own)))).as(own).isEqualTo("rw-------");
        }
    }

    @Test
    void makeSecretsKeepsWhatExistsRotatesOneVariableAndCertifiesTheGivenHosts(@TempDir Path work) throws Exception {
        Path dir = work.resolve("secrets");
        ComposeSecrets first = ComposeSecrets.make(dir, "kafka.example.org");
        assertThat(subjectNames(dir.resolve("kafka.keystore.p12"), first.variable("KAFKA_KEYSTORE_PASSWORD")))
                .contains("kafka.example.org", "localhost", "127.0.0.1", "kafka", "kafka-2", "kafka-3");
        byte[] keyStore = Files.readAllBytes(dir.resolve("kafka.keystore.p12"));
        String jaas = Files.readString(dir.resolve("kafka-jaas.conf"));

        ComposeSecrets again = ComposeSecrets.make(dir);
        assertThat(again.variables()).isEqualTo(first.variables());
        assertThat(Files.readAllBytes(dir.resolve("kafka.keystore.p12"))).isEqualTo(keyStore);

        ComposeSecrets rotated = ComposeSecrets.make(dir, "--rotate", "KAFKA_INGEST_PASSWORD");
        assertThat(rotated.variable("KAFKA_INGEST_PASSWORD")).isNotEqualTo(first.variable("KAFKA_INGEST_PASSWORD"));
        Map<String, String> others = new LinkedHashMap<>(rotated.variables());
        others.remove("KAFKA_INGEST_PASSWORD");
        Map<String, String> before = new LinkedHashMap<>(first.variables());
        before.remove("KAFKA_INGEST_PASSWORD");
        assertThat(others).isEqualTo(before);
        assertThat(Files.readString(dir.resolve("kafka-jaas.conf"))).isEqualTo(jaas);

        for (String[] refused : List.of(new String[] {"--rotate", "NOT_A_SECRET"}, new String[] {"--rotate", "KAFKA_KEYSTORE_PASSWORD"},
                new String[] {"--rotate", "TOGETHER_PSEUDONYM_KEY"}, new String[] {"not a host"})) {
            ComposeSecrets.Result result = ComposeSecrets.run(dir, refused);
            assertThat(result.exitCode()).as("%s: %s", Arrays.toString(refused), result.output()).isEqualTo(2);
        }
        assertThat(ComposeSecrets.make(dir).variable("TOGETHER_PSEUDONYM_KEY")).as("the vault's key, never rotated")
                .isEqualTo(first.variable("TOGETHER_PSEUDONYM_KEY")).hasSizeGreaterThanOrEqualTo(32);
    }

    @Test
    void makeSecretsKeepsLinesAddedByHandAcrossARotationAndMakesTheViewerTokenOnlyWhenAskedFor(@TempDir Path work) throws Exception {
        Path dir = work.resolve("secrets");
        ComposeSecrets first = ComposeSecrets.make(dir);
        assertThat(first.variables()).as("optional: without it the query API is public by design")
                .doesNotContainKey("TOGETHER_VIEWER_TOKEN");
        Path env = dir.resolve("secrets.env");
        List<String> byHand = List.of("# the coordination team's token, added by hand", "TOGETHER_VIEWER_TOKEN=team-token-added-by-hand-0001",
                "TOGETHER_RATE_LIMIT=500");
        Files.write(env, byHand, java.nio.file.StandardOpenOption.APPEND);

        ComposeSecrets rotated = ComposeSecrets.make(dir, "--rotate", "TOGETHER_METRICS_TOKEN");
        assertThat(rotated.variable("TOGETHER_METRICS_TOKEN")).isNotEqualTo(first.variable("TOGETHER_METRICS_TOKEN"));
        assertThat(rotated.variable("TOGETHER_VIEWER_TOKEN")).isEqualTo("team-token-added-by-hand-0001");
        assertThat(rotated.variable("TOGETHER_RATE_LIMIT")).isEqualTo("500");
        assertThat(Files.readAllLines(env)).containsSubsequence(byHand.get(0), "TOGETHER_RATE_LIMIT=500")
                .filteredOn(line -> line.startsWith("TOGETHER_VIEWER_TOKEN=")).hasSize(1);
        assertThat(ComposeSecrets.make(dir).variables()).as("run again: nothing added twice").isEqualTo(rotated.variables());

        ComposeSecrets viewerRotated = ComposeSecrets.make(dir, "--rotate", "TOGETHER_VIEWER_TOKEN");
        assertThat(viewerRotated.variable("TOGETHER_VIEWER_TOKEN")).isNotEqualTo("team-token-added-by-hand-0001").hasSize(32);
        Map<String, String> others = new LinkedHashMap<>(viewerRotated.variables());
        others.remove("TOGETHER_VIEWER_TOKEN");
        Map<String, String> before = new LinkedHashMap<>(rotated.variables());
        before.remove("TOGETHER_VIEWER_TOKEN");
        assertThat(others).isEqualTo(before);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env))).isEqualTo("rw-------");

        // on request, where there is none yet: --viewer, or --rotate of the token
        for (String asked : List.of("--viewer", "--rotate")) {
            Path fresh = work.resolve("fresh" + asked);
            ComposeSecrets made = asked.equals("--viewer") ? ComposeSecrets.make(fresh, "--viewer")
                    : ComposeSecrets.make(fresh, "--rotate", "TOGETHER_VIEWER_TOKEN");
            assertThat(made.variable("TOGETHER_VIEWER_TOKEN")).as(asked).hasSize(32)
                    .isNotEqualTo(made.variable("TOGETHER_ADMIN_TOKEN"));
            assertThat(ComposeSecrets.make(fresh).variable("TOGETHER_VIEWER_TOKEN")).as(asked + ", then kept")
                    .isEqualTo(made.variable("TOGETHER_VIEWER_TOKEN"));
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static List<String> brokers(ComposeFile compose) {
        String profiles = compose == CLUSTER ? CLUSTER_ENV.getOrDefault("COMPOSE_PROFILES", "") : "";
        return compose.activeServices(profiles.isBlank() ? Set.of() : Set.of(profiles.split(","))).stream()
                .filter(s -> compose.environment(s).containsKey("KAFKA_PROCESS_ROLES")).toList();
    }

    private static List<String> builtServices() {
        return SINGLE.serviceNames().stream().filter(s -> !SINGLE.service(s).path("build").isMissingNode()).toList();
    }

    /** Services with Kafka credentials of their own: the registry and ours. */
    private static List<String> kafkaClients(ComposeFile compose) {
        return compose.serviceNames().stream().filter(s -> compose.environment(s).keySet().stream()
                .anyMatch(k -> k.endsWith("SASL_JAAS_CONFIG"))).toList();
    }

    /** The made file behind a path a service reads under /run/secrets. */
    private static Path mountedSecret(ComposeFile compose, String service, String path) {
        assertThat(path).as("%s reads a compose secret", service).startsWith("/run/secrets/");
        String name = path.substring("/run/secrets/".length());
        assertThat(compose.secrets(service)).as("%s mounts %s", service, name).contains(name);
        String file = compose.secretFiles().get(name);
        assertThat(file).as("secret %s", name).startsWith("docker/secrets/");
        return SECRETS.file(file.substring("docker/secrets/".length()));
    }

    private static String loginConfig(String jvmOptions) {
        Matcher option = LOGIN_CONFIG.matcher(String.valueOf(jvmOptions));
        assertThat(option.find()).as("JVM options name a JAAS file: %s", jvmOptions).isTrue();
        return option.group(1);
    }

    /** The login modules of one section of a JAAS file, as the JDK reads it. */
    private static AppConfigurationEntry[] jaas(Path file, String section) {
        AppConfigurationEntry[] entries = new ConfigFile(file.toUri()).getAppConfigurationEntry(section);
        return entries == null ? new AppConfigurationEntry[0] : entries;
    }

    private static Map<String, String> jaasOptions(String line) {
        Map<String, String> options = new LinkedHashMap<>();
        Matcher option = JAAS_OPTION.matcher(String.valueOf(line));
        while (option.find()) {
            options.put(option.group(1), option.group(2));
        }
        return options;
    }

    /** The DNS names and IP addresses the key store's certificate is valid for. */
    private static Set<String> subjectNames(Path keyStore, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, password.toCharArray());
        }
        Set<String> names = new TreeSet<>();
        for (String alias : java.util.Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                X509Certificate certificate = (X509Certificate) store.getCertificate(alias);
                for (List<?> name : certificate.getSubjectAlternativeNames()) {
                    names.add(String.valueOf(name.get(1)));
                }
            }
        }
        return names;
    }

    /** {@code NAME://host:port,...} or {@code NAME:PROTOCOL,...} (with {@code ://} turned into {@code =}) as a map. */
    private static Map<String, String> pairs(String spec) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            int separator = entry.indexOf('=') > 0 ? entry.indexOf('=') : entry.indexOf(':');
            result.put(entry.substring(0, separator), entry.substring(separator + 1));
        }
        return result;
    }

    private static Map<String, Integer> listenerPorts(String listeners) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String listener : listeners.split(",")) {
            ports.put(listener.substring(0, listener.indexOf("://")), Integer.parseInt(listener.substring(listener.lastIndexOf(':') + 1)));
        }
        return ports;
    }

    private static String argumentAfter(String command, String option) {
        List<String> words = List.of(command.split("\\s+"));
        return words.get(words.indexOf(option) + 1);
    }

    private static List<String> texts(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> words = new ArrayList<>();
        array.forEach(w -> words.add(w.asText()));
        return words;
    }

    private static Map<String, String> merged(Map<String, String> first, Map<String, String> second) {
        Map<String, String> merged = new LinkedHashMap<>(first);
        merged.putAll(second);
        return merged;
    }
}
