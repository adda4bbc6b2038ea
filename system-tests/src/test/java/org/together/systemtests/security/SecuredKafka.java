package org.together.systemtests.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.together.embedded.kafka.BrokerSecurity;
import org.together.embedded.kafka.EmbeddedKafkaBroker;
import org.together.systemtests.Checkout;

/**
 * One in-process KRaft broker per JVM set up as the compose stack's brokers: SASL/SCRAM-SHA-512 for clients,
 * StandardAuthorizer, {@code broker} and {@code admin} super users, and the users and ACLs of docker/kafka-acls.conf
 * applied as the kafka-init container applies them. Loopback only; stopped when the JVM ends.
 */
public final class SecuredKafka {
    private static SecuredKafka shared;

    private final EmbeddedKafkaBroker broker;
    private final KafkaAclFile acls;
    private final Map<String, String> passwords;

    private SecuredKafka(EmbeddedKafkaBroker broker, KafkaAclFile acls, Map<String, String> passwords) {
        this.broker = broker;
        this.acls = acls;
        this.passwords = passwords;
    }

    public static synchronized SecuredKafka shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    private static SecuredKafka start() {
        KafkaAclFile acls = KafkaAclFile.read(Checkout.root().resolve("docker/kafka-acls.conf"));
        Map<String, String> passwords = new LinkedHashMap<>();
        acls.users().forEach(user -> passwords.put(user, randomPassword()));
        Path dir;
        try {
            dir = Files.createTempDirectory("together-secured-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), "127.0.0.1", 0, 0,
                Optional.of(new BrokerSecurity(randomPassword(), Set.of("User:admin"))));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            deleteRecursively(dir);
        }, "together-secured-kafka-shutdown"));
        SecuredKafka kafka = new SecuredKafka(broker, acls, Map.copyOf(passwords));
        try (Admin admin = kafka.brokerAdmin()) {
            acls.apply(admin, passwords);
        }
        return kafka;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public KafkaAclFile acls() {
        return acls;
    }

    /** The client properties of a user of docker/kafka-acls.conf, as the compose file gives them to its service. */
    public Map<String, String> client(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException(user + " is not a user of " + acls.file());
        }
        return BrokerSecurity.scramClient(user, password);
    }

    /** An Admin client of the brokers' own super user, as the kafka-init container connects. */
    public Admin brokerAdmin() {
        return Admin.create(new java.util.HashMap<String, Object>(broker.brokerAdminProperties()));
    }

    public static String randomPassword() {
        byte[] bytes = new byte[24];
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
