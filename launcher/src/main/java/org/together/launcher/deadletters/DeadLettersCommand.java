package org.together.launcher.deadletters;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.together.launcher.LocalStack;
import org.together.launcher.LocalStackOptions;
import org.together.launcher.Together;
import org.together.schemas.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code together dead-letters}: what went to {@code together.dead-letters}, newest last, with the reason the
 * aggregation gave. Never a value's bytes: a dead letter holds what the event topics hold (a pseudonym at most), so
 * only its size is printed.
 */
@Command(name = "dead-letters", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lists the records aggregation-streams sent to together.dead-letters (kept 30 days), newest last:",
                "where each came from (topic-partition@offset), its time, the reason (exception and message) and its key;",
                "of the value, only its size. Reads the Kafka of --kafka if given, else the stack running on the local",
                "ports (those ./together run recorded in the data dir)."})
public final class DeadLettersCommand implements Callable<Integer> {

    private static final Duration READ_FOR_AT_MOST = Duration.ofSeconds(30);
    private static final int KEY_SHOWN = 80;

    @ParentCommand
    Together together;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--max", defaultValue = "50", paramLabel = "N",
            description = "The newest N dead letters at most (default ${DEFAULT-VALUE}).")
    int max;

    @Option(names = "--kafka", paramLabel = "BOOTSTRAP", description = "Kafka to read (env TOGETHER_KAFKA_BOOTSTRAP).")
    String kafka;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "Kafka client property, repeatable; also env TOGETHER_KAFKA_<KEY> (the compose stack's SASL_SSL settings).")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Mixin
    LocalStackOptions local;

    /** One dead letter as printed: where it came from and why, never its value. */
    record DeadLetter(long offset, Instant time, String topic, String partition, String sourceOffset, String exception,
                      String message, String key, int valueSize, String application) {

        static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
            String exception = header(record, "__streams.errors.exception");
            return new DeadLetter(record.offset(), Instant.ofEpochMilli(record.timestamp()),
                    header(record, "__streams.errors.topic"), header(record, "__streams.errors.partition"),
                    header(record, "__streams.errors.offset"), exception.substring(exception.lastIndexOf('.') + 1),
                    header(record, "__streams.errors.message"), shown(record.key()),
                    record.value() == null ? -1 : record.value().length, header(record, "together.application"));
        }

        /** Where it came from, then why; and which application wrote it, when it says (each writes its own). */
        String lines() {
            return topic + "-" + partition + "@" + sourceOffset + "  " + time + "  key " + key + "  value "
                    + (valueSize < 0 ? "none" : valueSize + " bytes") + (application.equals("?") ? "" : "  by " + application)
                    + "\n  " + exception + ": " + message;
        }
    }

    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        if (max < 1) {
            throw new CommandLine.ParameterException(commandLine, "--max must be at least 1, was " + max);
        }
        PrintWriter err = commandLine.getErr();
        PrintWriter out = commandLine.getOut();
        String bootstrap = kafka;
        if (bootstrap == null) {
            // the stack of ./together run on this data dir, where it said it listens, unless the user chose the address
            Optional<LocalStack> recorded = LocalStack.chosen(spec, "--host", "--kafka-port") ? Optional.empty()
                    : LocalStack.recorded(local.dataDir()).filter(r -> r.port("--kafka-port").isPresent());
            String tryHost = recorded.map(LocalStack::kafkaHost).orElse(local.host());
            int tryPort = recorded.flatMap(r -> r.port("--kafka-port")).orElse(local.kafkaPort());
            String tried = tryHost + ":" + tryPort + recorded.map(r -> " (" + r.source() + ")")
                    .or(() -> LocalStack.staleNote(local.dataDir()).map(n -> " (" + n + ")")).orElse("");
            if (!LocalStack.listening(tryHost, tryPort)) {
                err.println("dead-letters: no Kafka answers at " + tried + ": start ./together run, or pass --kafka");
                err.flush();
                return 3;
            }
            bootstrap = tryHost + ":" + tryPort;
            err.println("dead-letters: reading the stack running at " + tried);
        }
        try {
            List<DeadLetter> read = new ArrayList<>();
            boolean all = read(bootstrap, together.env().kafkaProperties(kafkaProperties), read);
            for (DeadLetter letter : read) {
                out.println(letter.lines());
            }
            out.flush();
            err.println("dead-letters: " + read.size() + " in " + Topics.DEAD_LETTERS.name() + (all ? ", all it holds"
                    : ", the newest (there may be older ones: raise --max)") + "; newest last");
            return 0;
        } catch (KafkaException | IllegalStateException e) {
            err.println("dead-letters: cannot read " + Topics.DEAD_LETTERS.name() + " at " + bootstrap + ": " + e.getMessage());
            return 3;
        } finally {
            err.flush();
        }
    }

    /** Reads the newest {@link #max} dead letters into {@code into}; answers whether that is all the topic holds. */
    private boolean read(String bootstrap, Map<String, String> properties, List<DeadLetter> into) {
        Map<String, Object> config = new HashMap<>(properties);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false); // no group: nothing of the operator's reading is kept
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // written in the aggregation's transactions
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "together-dead-letters");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READ_FOR_AT_MOST.toMillis());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(Topics.DEAD_LETTERS.name(), READ_FOR_AT_MOST);
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("the topic does not exist (the services create it at their start)");
            }
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(assigned);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(assigned, READ_FOR_AT_MOST);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, READ_FOR_AT_MOST);
            long deadline = System.nanoTime() + READ_FOR_AT_MOST.toNanos();
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            boolean all = true;
            for (TopicPartition partition : assigned) {
                // backwards, a window at a time: transaction markers and aborted records take offsets too, so the
                // newest N records may lie further back than N offsets
                List<ConsumerRecord<byte[], byte[]>> newest = new ArrayList<>();
                long from = end.get(partition);
                while (newest.size() < max && from > begin.get(partition)) {
                    long to = from;
                    from = Math.max(begin.get(partition), to - 2L * (max - newest.size()));
                    newest.addAll(0, window(consumer, partition, from, to, deadline));
                }
                all &= newest.size() <= max && from <= begin.get(partition);
                records.addAll(newest.subList(Math.max(0, newest.size() - max), newest.size()));
            }
            records.sort(java.util.Comparator.comparingLong(ConsumerRecord<byte[], byte[]>::timestamp)
                    .thenComparingLong(ConsumerRecord::offset));
            all &= records.size() <= max;
            records.subList(0, Math.max(0, records.size() - max)).clear();
            records.forEach(r -> into.add(DeadLetter.of(r)));
            return all;
        }
    }

    /** The committed records of {@code partition} from offset {@code from} (inclusive) to {@code to} (exclusive). */
    private static List<ConsumerRecord<byte[], byte[]>> window(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition,
                                                             long from, long to, long deadline) {
        consumer.assign(List.of(partition));
        consumer.seek(partition, from);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        while (consumer.position(partition) < to) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not all read in " + READ_FOR_AT_MOST.toSeconds() + " s");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < to) {
                    records.add(record);
                }
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? "?" : printable(new String(header.value(), StandardCharsets.UTF_8), 500);
    }

    /** A key as text when it is UTF-8, quoted, control characters escaped and cut to a line; else its size. */
    static String shown(byte[] key) {
        if (key == null) {
            return "none";
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(key)).toString();
            return "\"" + printable(text, KEY_SHOWN) + "\"";
        } catch (CharacterCodingException e) {
            return "(" + key.length + " bytes, not UTF-8)";
        }
    }

    private static String printable(String text, int atMost) {
        StringBuilder shown = new StringBuilder();
        text.codePoints().limit(atMost).forEach(c -> {
            if (Character.isISOControl(c) || c == '"' || c == '\\') {
                shown.append(c == '"' || c == '\\' ? "\\" + (char) c : String.format("\\u%04x", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return text.codePointCount(0, text.length()) > atMost ? shown + "..." : shown.toString();
    }
}
