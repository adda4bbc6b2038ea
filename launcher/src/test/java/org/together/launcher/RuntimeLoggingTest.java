package org.together.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.junit.jupiter.api.Test;

/** The log4j2.xml ./together and the containers run with (not the tests' log4j2-test.xml). */
class RuntimeLoggingTest {

    @Test
    void anUndecodableRecordIsLoggedOnlyByOurHandlerNotAsKafkasSkippingRecordWithAStackTrace() throws Exception {
        LoggerContext context = new LoggerContext("runtime-logging-test");
        try (var in = RuntimeLoggingTest.class.getResourceAsStream("/log4j2.xml")) {
            XmlConfiguration runtime = new XmlConfiguration(context, new ConfigurationSource(in));
            runtime.initialize();
            // Kafka Streams' RecordDeserializer warns "Skipping record due to deserialization error" with the trace
            // after every handler that resumes: it reads as "dropped" while the record went to the dead letters
            assertThat(runtime.getLoggerConfig("org.apache.kafka.streams.processor.internals.RecordDeserializer").getLevel())
                    .isEqualTo(Level.ERROR);
            // ours says where it went, one line
            assertThat(runtime.getLoggerConfig("org.together.aggregation.topology.DeadLetterUndecodableRecords").getLevel()
                    .isLessSpecificThan(Level.WARN)).isTrue();
            assertThat(runtime.getLoggerConfig("org.apache.kafka.streams.processor.internals.StreamThread").getLevel())
                    .as("the rest of Kafka Streams still warns").isEqualTo(Level.WARN);
        } finally {
            context.stop();
        }
    }
}
