package org.together.systemtests.containers;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.together.schemas.Topics;
import org.together.systemtests.Checkout;
import org.together.systemtests.ComposeFile;
import org.together.systemtests.ComposeSecrets;

/**
 * Kafka ({@code apache/kafka}) and Confluent's own Schema Registry ({@code confluentinc/cp-schema-registry}) in
 * containers, with the images and registry settings docker-compose.yml pins, started once per test JVM.
 * Only classes annotated {@code @Testcontainers(disabledWithoutDocker = true)} call {@link #shared()}, so
 * nothing here runs where no Docker engine answers.
 */
final class ConfluentContainers {

    /** Where containers on the test network reach the broker, as in docker-compose.yml. */
    private static final String INTERNAL_LISTENER = "kafka:19092";
    private static final int REGISTRY_PORT = 8081;

    private static ConfluentContainers shared;

    private final KafkaContainer kafka;
    private final GenericContainer<?> registry;

    private ConfluentContainers(KafkaContainer kafka, GenericContainer<?> registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    static synchronized ConfluentContainers shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    private static ConfluentContainers start() {
        ComposeFile compose = ComposeFile.load(Checkout.composeFile(), ComposeSecrets.shared().variables());
        Network network = Network.newNetwork();
        KafkaContainer kafka = new KafkaContainer(compose.image("kafka").orElseThrow())
                .withNetwork(network)
                .withListener(INTERNAL_LISTENER)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        kafka.start();

        // the compose file's registry settings but its security: this broker is the plain one Testcontainers starts
        // (SecuredKafkaIntegrationTest and ComposeSecurityTest cover the secured stack without Docker)
        Map<String, String> registryEnv = new java.util.LinkedHashMap<>(compose.environment("schema-registry"));
        registryEnv.keySet().removeIf(key -> key.contains("SECURITY") || key.contains("SASL") || key.contains("AUTHENTICATION")
                || key.endsWith("_OPTS") || key.startsWith("REGISTRY_HEALTHCHECK"));
        @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM ends, like the broker
        GenericContainer<?> registry = new GenericContainer<>(compose.image("schema-registry").orElseThrow())
                .withNetwork(network)
                .withNetworkAliases("schema-registry")
                .withEnv(registryEnv)
                .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", INTERNAL_LISTENER)
                .withExposedPorts(REGISTRY_PORT)
                .dependsOn(kafka)
                .waitingFor(Wait.forHttp("/subjects").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));
        registry.start();

        ConfluentContainers containers = new ConfluentContainers(kafka, registry);
        // the services expect their topics to exist, as the launcher creates them before starting any
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, containers.bootstrapServers()))) {
            Topics.ensureCreated(admin, (short) 1, Optional.empty());
        }
        return containers;
    }

    String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    String registryUrl() {
        return "http://" + registry.getHost() + ":" + registry.getMappedPort(REGISTRY_PORT);
    }
}
