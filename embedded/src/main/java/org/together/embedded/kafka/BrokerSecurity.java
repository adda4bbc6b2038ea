package org.together.embedded.kafka;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * SASL and ACLs on the embedded broker, laid out as on the compose stack's brokers: clients authenticate with
 * SCRAM-SHA-512 on the client listener; the broker's own traffic (inter-broker, controller) authenticates with PLAIN
 * as {@code User:broker} on listeners of its own; Kafka's {@code StandardAuthorizer} allows only what an ACL allows
 * (and everything to super users). SCRAM users and ACLs are created afterwards through {@link EmbeddedKafkaBroker#brokerAdminProperties()},
 * as the compose stack's init container does.
 *
 * @param brokerPassword the password of {@code User:broker}, a super user
 * @param superUsers further principals allowed everything, e.g. {@code User:admin}
 * @param external a SASL_SSL listener for clients off the host, as the compose stack's EXTERNAL listener
 */
public record BrokerSecurity(String brokerPassword, Set<String> superUsers, Optional<TlsListener> external) {

    public static final String BROKER_USER = "broker";
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
    /** What a JAAS option value in double quotes may hold without escaping. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._~+/=-]+");

    /**
     * SCRAM-SHA-512 over TLS with the broker's key and certificate from a PKCS12 key store.
     *
     * @param keyStorePassword the store's password, which is also the key's
     */
    public record TlsListener(Path keyStore, String keyStorePassword) {
    }

    public BrokerSecurity(String brokerPassword, Set<String> superUsers) {
        this(brokerPassword, superUsers, Optional.empty());
    }

    public BrokerSecurity {
        requireSafe("broker password", brokerPassword);
        superUsers = Set.copyOf(superUsers);
        for (String principal : superUsers) {
            if (!principal.startsWith("User:") || principal.contains(";")) {
                throw new IllegalArgumentException("super user '" + principal + "' must be User:<name>");
            }
        }
    }

    /** The client properties of a SCRAM-SHA-512 user on the client listener (what the services get). */
    public static Map<String, String> scramClient(String user, String password) {
        requireSafe("user name", user);
        requireSafe("password of " + user, password);
        return Map.of("security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", SCRAM_MECHANISM,
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                        + "\" password=\"" + password + "\";");
    }

    String plainJaas() {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + BROKER_USER
                + "\" password=\"" + brokerPassword + "\" user_" + BROKER_USER + "=\"" + brokerPassword + "\";";
    }

    private static void requireSafe(String what, String value) {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be non-empty and of [A-Za-z0-9._~+/=-]");
        }
    }
}
