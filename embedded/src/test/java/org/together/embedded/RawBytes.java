package org.together.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Looks for strings in everything a broker holds, for tests that prove something never reached Kafka or has left
 * it: every record of every topic (internal ones, changelogs, repartition topics, aborted writes included) through a
 * consumer, and the files of the broker's log directory, each read as raw bytes and, for segment files, record by
 * record (batches decompressed), since a compressed batch hides its records from a raw scan.
 */
public final class RawBytes {

    private RawBytes() {
    }

    /** Where each needle was found in the broker's topics: {@code "<topic>-<partition>@<offset> <where>: <needle>"}. */
    public static List<String> inTopics(String bootstrap, Collection<String> needles) {
        List<byte[]> patterns = patterns(needles);
        List<String> found = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                     ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
                     ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                     ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
            ends.values().removeIf(end -> end == 0);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!ends.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String at = r.topic() + "-" + r.partition() + "@" + r.offset();
                    match(r.key(), patterns, needles, at + " key", found);
                    match(r.value(), patterns, needles, at + " value", found);
                    for (Header h : r.headers()) {
                        match(h.value(), patterns, needles, at + " header " + h.key(), found);
                    }
                }
                ends.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
            if (!ends.isEmpty()) {
                throw new AssertionError("could not read " + ends.keySet() + " to their end");
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return found;
    }

    /**
     * Where each needle was found in the files under a directory (a broker's log directory, or a part of it), raw or
     * in a record of a segment file: {@code "<file> <where>: <needle>"}. Files deleted while reading are skipped.
     */
    public static List<String> inFiles(Path dir, Collection<String> needles) {
        List<byte[]> patterns = patterns(needles);
        List<String> found = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // removed by the broker while walking
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path file : files) {
            try {
                match(Files.readAllBytes(file), patterns, needles, file + " raw", found);
                if (file.getFileName().toString().contains(".log")) {
                    records(file, patterns, needles, found);
                }
            } catch (NoSuchFileException e) {
                // removed by the broker meanwhile (a cleaned or deleted segment): nothing left to find
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }

    private static void records(Path file, List<byte[]> patterns, Collection<String> needles, List<String> found)
            throws IOException {
        // kafka-clients' reader of segment files (what kafka-dump-log uses), internal to Kafka: pinned by these tests
        try (FileRecords records = FileRecords.open(file.toFile(), false)) {
            for (RecordBatch batch : records.batches()) {
                for (Record r : batch) {
                    String at = file + " record@" + r.offset();
                    match(bytes(r.key()), patterns, needles, at + " key", found);
                    match(bytes(r.value()), patterns, needles, at + " value", found);
                    for (Header h : r.headers()) {
                        match(h.value(), patterns, needles, at + " header " + h.key(), found);
                    }
                }
            }
        } catch (RuntimeException e) {
            // a segment being written or replaced can end in a partial batch: what was read before it counts
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static List<byte[]> patterns(Collection<String> needles) {
        return needles.stream().map(n -> n.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static void match(byte[] haystack, List<byte[]> patterns, Collection<String> needles, String where,
                              List<String> found) {
        if (haystack == null) {
            return;
        }
        List<String> names = new ArrayList<>(needles);
        for (int i = 0; i < patterns.size(); i++) {
            if (indexOf(haystack, patterns.get(i)) >= 0) {
                found.add(where + ": " + names.get(i));
            }
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
