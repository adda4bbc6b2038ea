package org.together.launcher.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.together.embedded.EmbeddedStack;
import org.together.embedded.kafka.FreePorts;
import org.together.launcher.Together;
import org.together.schemas.Topics;
import picocli.CommandLine;

/** Review 14, finding 4: an operator lists the dead letters with their reasons, never their values' bytes. */
class DeadLettersCommandTest {

    private static final EmbeddedStack KAFKA = EmbeddedStack.sharedForTests();

    @Test
    void listsTheNewestDeadLettersWithWhereTheyCameFromTheirReasonAndKeyButOnlyTheSizeOfTheirValue() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        send(deadLetter("lyon-" + run, "not avro at all, with p-secret-" + run, "org.apache.kafka.common.errors.SerializationException",
                        "Unknown magic byte!", Topics.PARTICIPANT_JOINED.name(), 3, 17),
                by("together-aggregation", deadLetter("gent-" + run, "x".repeat(412), "org.together.figures.UnusableEventException",
                        "record key gent is not the event's territoryId lyon", Topics.TOOL_USED.name(), 0, 5)),
                deadLetter("evil\u001b[31m-" + run, "v", "org.apache.kafka.common.errors.SerializationException",
                        "Error retrieving Avro schema for id 9999: Schema 9999 not found; error code: 40403",
                        Topics.FOOTPRINT_ASSESSED.name(), 7, 2));

        Result listed = execute("dead-letters", "--kafka", KAFKA.bootstrapServers(), "--max", "2");

        assertThat(listed.exitCode()).as(listed.err()).isZero();
        List<String> lines = listed.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith(Topics.TOOL_USED.name() + "-0@5  20").contains("Z  key \"gent-" + run + "\"  value 412 bytes")
                .as("the application that wrote it, when it says (review 16)").endsWith("value 412 bytes  by together-aggregation");
        assertThat(lines.get(1)).isEqualTo("  UnusableEventException: record key gent is not the event's territoryId lyon");
        assertThat(lines.get(2)).startsWith(Topics.FOOTPRINT_ASSESSED.name() + "-7@2  ")
                .contains("key \"evil\\u001b[31m-" + run + "\"  value 1 bytes").doesNotContain("\u001b").doesNotContain(" by ");
        assertThat(lines.get(3)).isEqualTo("  SerializationException: Error retrieving Avro schema for id 9999: Schema 9999 not found; error code: 40403");
        assertThat(listed.out()).as("--max 2: the newest two only").doesNotContain("lyon-" + run)
                .as("never a value's bytes").doesNotContain("xxxx").doesNotContain("p-secret");
        assertThat(listed.err()).contains("dead-letters: 2 in together.dead-letters, the newest (there may be older ones: raise --max)");

        Result more = execute("dead-letters", "--kafka", KAFKA.bootstrapServers(), "--max", "3");
        assertThat(more.out()).contains(Topics.PARTICIPANT_JOINED.name() + "-3@17  ", "key \"lyon-" + run + "\"  value " + ("not avro at all, with p-secret-" + run).length() + " bytes",
                "  SerializationException: Unknown magic byte!").doesNotContain("p-secret");
    }

    @Test
    void findsTheKafkaOfTheStackRunningOnTheDataDirAndSaysSoWhenNoneAnswers(@TempDir Path dataDir) throws Exception {
        String kafkaPort = KAFKA.bootstrapServers().substring(KAFKA.bootstrapServers().lastIndexOf(':') + 1);
        String kafkaHost = KAFKA.bootstrapServers().substring(0, KAFKA.bootstrapServers().lastIndexOf(':'));
        Files.writeString(dataDir.resolve("stack.ports"), "process=" + ProcessHandle.current().pid() + "\nhost=" + kafkaHost
                + "\nkafka-port=" + kafkaPort + "\n");
        Result recorded = execute("dead-letters", "--data-dir", dataDir.toString(), "--max", "1");
        assertThat(recorded.exitCode()).as(recorded.err()).isZero();
        assertThat(recorded.err()).contains("dead-letters: reading the stack running at " + kafkaHost + ":" + kafkaPort
                + " (recorded by ./together run");

        int nothing = FreePorts.pick();
        Result none = execute("dead-letters", "--data-dir", dataDir.resolve("empty").toString(), "--kafka-port", String.valueOf(nothing));
        assertThat(none.exitCode()).isEqualTo(3);
        assertThat(none.err()).contains("dead-letters: no Kafka answers at 127.0.0.1:" + nothing + ": start ./together run, or pass --kafka");

        Result refused = execute("dead-letters", "--max", "0");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("--max must be at least 1, was 0");
    }

    private static ProducerRecord<byte[], byte[]> deadLetter(String key, String value, String exception, String message,
                                                             String topic, int partition, long offset) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("__streams.errors.exception", exception.getBytes(StandardCharsets.UTF_8));
        headers.add("__streams.errors.message", message.getBytes(StandardCharsets.UTF_8));
        headers.add("__streams.errors.topic", topic.getBytes(StandardCharsets.UTF_8));
        headers.add("__streams.errors.partition", String.valueOf(partition).getBytes(StandardCharsets.UTF_8));
        headers.add("__streams.errors.offset", String.valueOf(offset).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(Topics.DEAD_LETTERS.name(), null, key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** With the header naming the application that wrote it, as the aggregation's handlers add it. */
    private static ProducerRecord<byte[], byte[]> by(String application, ProducerRecord<byte[], byte[]> record) {
        record.headers().add("together.application", application.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** As the aggregation writes them: in a transaction (its markers take offsets too). */
    @SafeVarargs
    private static void send(ProducerRecord<byte[], byte[]>... records) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "dead-letters-test-" + UUID.randomUUID());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.beginTransaction();
                producer.send(record);
                producer.commitTransaction();
            }
        }
    }

    private record Result(int exitCode, String out, String err) {
    }

    private static Result execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Together.commandLine(new HashMap<>());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
