package org.together.launcher;

/**
 * The network secret of every stack this JVM's tests run on the shared test broker: one vault, one key. (A stack
 * started there with another key would refuse to serve, as a production instance would.)
 */
public final class SharedBrokerSecrets {

    public static final String PSEUDONYM_KEY = "launcher-tests-pseudonym-key-" + java.util.UUID.randomUUID();

    private SharedBrokerSecrets() {
    }
}
