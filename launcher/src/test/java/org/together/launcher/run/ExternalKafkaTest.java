package org.together.launcher.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.together.embedded.kafka.FreePorts;

class ExternalKafkaTest {

    @Test
    void aKafkaThatDoesNotAnswerIsReportedWithTheAddressAndWhyNeverWithNull() {
        String nothingThere = "127.0.0.1:" + FreePorts.pick();
        assertThatThrownBy(() -> ExternalKafka.ensureTopics(nothingThere, Map.of(), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot reach Kafka at " + nothingThere + ": ")
                .hasMessageNotContaining("null")
                .hasMessageContaining("no broker answered within 2 s");
    }

    @Test
    void anExceptionWithoutAMessageIsDescribedByItsClass() {
        assertThat(ExternalKafka.described(new TimeoutException())).isEqualTo("TimeoutException");
        assertThat(ExternalKafka.described(new IllegalStateException("broker gone"))).isEqualTo("IllegalStateException: broker gone");
    }
}
