package org.together.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.together.embedded.EmbeddedStack;

class KafkaReachabilityTest {

    @Test
    void aBrokerThatAnsweredIsReachableUntilItsAnswerIsStale() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        Map<String, Object> admin = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                EmbeddedStack.sharedForTests().bootstrapServers());
        try (KafkaReachability kafka = new KafkaReachability(admin, now::get)) {
            assertThat(kafka.reachable()).as("before any check").isFalse();
            kafka.check();
            assertThat(kafka.reachable()).as("just answered").isTrue();
            now.addAndGet(KafkaReachability.STALE_AFTER.toNanos());
            assertThat(kafka.reachable()).as("answered %s ago", KafkaReachability.STALE_AFTER).isTrue();
            // no check since (say the thread that checks is held up): the broker may have died meanwhile
            now.addAndGet(1_000_000L);
            assertThat(kafka.reachable()).as("last answer older than %s", KafkaReachability.STALE_AFTER).isFalse();
            kafka.check();
            assertThat(kafka.reachable()).as("answered again").isTrue();
        }
    }

    @Test
    void aBrokerThatDoesNotAnswerIsUnreachableAfterOneCheck() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> admin = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        try (KafkaReachability kafka = new KafkaReachability(admin)) {
            kafka.check();
            assertThat(kafka.reachable()).isFalse();
        }
    }
}
