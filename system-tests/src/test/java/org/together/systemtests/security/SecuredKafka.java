package org.together.systemtests.security;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.together.embedded.kafka.BrokerSecurity;
import org.together.embedded.kafka.EmbeddedKafkaBroker;
import org.together.systemtests.Checkout;
import org.together.systemtests.ComposeSecrets;
import org.together.systemtests.TempDirectory;

/**
 * One in-process KRaft broker per JVM set up as the compose stack's brokers, from what docker/make-secrets.sh makes:
 * SASL/SCRAM-SHA-512 for the services, a SASL_SSL listener with the made certificate for clients off the host,
 * StandardAuthorizer with {@code broker} and {@code admin} super users, and the users and ACLs of
 * docker/kafka-acls.conf applied as the kafka-init container applies them, connected with broker-client.properties.
 * Loopback only; stopped when the JVM ends.
 */
public final class SecuredKafka {
    private static SecuredKafka shared;

    private final EmbeddedKafkaBroker broker;
    private final KafkaAclFile acls;
    private final ComposeSecrets secrets;

    private SecuredKafka(EmbeddedKafkaBroker broker, KafkaAclFile acls, ComposeSecrets secrets) {
        this.broker = broker;
        this.acls = acls;
        this.secrets = secrets;
    }

    public static synchronized SecuredKafka shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    private static SecuredKafka start() {
        KafkaAclFile acls = KafkaAclFile.read(Checkout.root().resolve("docker/kafka-acls.conf"));
        ComposeSecrets secrets = ComposeSecrets.shared();
        BrokerSecurity security = new BrokerSecurity(secrets.variable("KAFKA_BROKER_PASSWORD"), Set.of("User:admin"),
                Optional.of(new BrokerSecurity.TlsListener(secrets.file("kafka.keystore.p12"), secrets.variable("KAFKA_KEYSTORE_PASSWORD"))));
        AtomicReference<EmbeddedKafkaBroker> started = new AtomicReference<>();
        Path dir = TempDirectory.create("together-secured-kafka-", () -> {
            if (started.get() != null) {
                started.get().close();
            }
        });
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), "127.0.0.1", 0, 0, Optional.of(security));
        started.set(broker);
        SecuredKafka kafka = new SecuredKafka(broker, acls, secrets);
        try (Admin admin = kafka.brokerAdmin()) {
            acls.apply(admin, kafka.passwords());
        }
        return kafka;
    }

    /** The services' listener (the compose stack's INTERNAL). */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The SASL_SSL listener for clients off the host (the compose stack's EXTERNAL). */
    public String externalBootstrapServers() {
        return broker.externalBootstrapServers().orElseThrow();
    }

    /** The brokers' own listener (the compose stack's BROKER), where kafka-init connects. */
    public String brokerListener() {
        return broker.brokerAdminProperties().get("bootstrap.servers");
    }

    public KafkaAclFile acls() {
        return acls;
    }

    public ComposeSecrets secrets() {
        return secrets;
    }

    /** Each user's password, from secrets.env's KAFKA_<USER>_PASSWORD as kafka-init reads it. */
    public Map<String, String> passwords() {
        Map<String, String> passwords = new LinkedHashMap<>();
        acls.users().forEach(user -> passwords.put(user, secrets.variable(passwordVariable(user))));
        return passwords;
    }

    public static String passwordVariable(String user) {
        return "KAFKA_" + user.toUpperCase(Locale.ROOT).replace('-', '_') + "_PASSWORD";
    }

    /** The client properties of a user on the services' listener, as the compose file gives them to its service. */
    public Map<String, String> client(String user) {
        String password = passwords().get(user);
        if (password == null) {
            throw new IllegalArgumentException(user + " is not a user of " + acls.file());
        }
        return BrokerSecurity.scramClient(user, password);
    }

    /** The client properties of a user off the host: SASL_SSL, trusting the made CA (docs/operations.md). */
    public Map<String, String> externalClient(String user) {
        Map<String, String> client = new HashMap<>(client(user));
        client.put("security.protocol", "SASL_SSL");
        client.put("ssl.truststore.location", secrets.file("kafka.truststore.p12").toString());
        client.put("ssl.truststore.password", secrets.variable("KAFKA_TRUSTSTORE_PASSWORD"));
        client.put("ssl.truststore.type", "PKCS12");
        return Map.copyOf(client);
    }

    /** An Admin client of the brokers' own super user with broker-client.properties, as the kafka-init container connects. */
    public Admin brokerAdmin() {
        Properties config = new Properties();
        try (Reader reader = Files.newBufferedReader(secrets.file("broker-client.properties"))) {
            config.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.put("bootstrap.servers", brokerListener());
        return Admin.create(config);
    }
}
