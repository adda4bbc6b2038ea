package org.together.ingest.pseudonyms;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.together.schemas.TopicSpec;
import org.together.schemas.Topics;

/**
 * Keeps erasure on time on a quiet vault. Kafka rolls a segment only when a record is appended after
 * {@code segment.ms}, and never compacts the active segment: a tombstone written to a partition that then receives
 * nothing would keep the claim it erases on disk for as long. So each instance appends a tick (a tombstone of the key
 * {@code tick}, which means nothing to the vault) to every partition at least every {@link TopicSpec.Erasure#TICK_MS},
 * and twice per {@code segment.ms} when that is shorter. It reads the topic's settings at every round, publishes the
 * worst case they give ({@link #erasureBoundSeconds()}) and says once when they let an erased mapping stay on disk
 * longer than the 24 hours docs/privacy.md promises, or when it cannot read them.
 */
public final class VaultTicks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VaultTicks.class);
    static final String TICK = "tick";
    static final long PROMISE_MS = Duration.ofHours(24).toMillis();

    private final Admin admin;
    private final Producer<byte[], byte[]> producer;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile double boundSeconds = Double.NaN;
    private boolean warned;
    private boolean unreadable;

    public VaultTicks(Admin admin, Producer<byte[], byte[]> producer) {
        this.admin = admin;
        this.producer = producer;
        this.thread = new Thread(this::run, "ingest-vault-ticks");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        while (running) {
            long interval = TopicSpec.Erasure.TICK_MS;
            try {
                Map<String, String> settings = settings();
                long segmentMs = number(settings, TopicConfig.SEGMENT_MS_CONFIG, TopicSpec.Erasure.SEGMENT_MS);
                interval = Math.max(10, Math.min(TopicSpec.Erasure.TICK_MS, segmentMs / 2));
                checkPromise(settings, segmentMs, interval);
                byte[] key = TICK.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                for (int p = 0; p < Topics.PSEUDONYMS.partitions(); p++) {
                    producer.send(new ProducerRecord<>(Topics.PSEUDONYMS.name(), p, key, null));
                }
            } catch (RuntimeException e) {
                log.debug("vault tick failed, trying again later: {}", e.toString());
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return; // closing
            }
        }
    }

    private Map<String, String> settings() {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.PSEUDONYMS.name());
        try {
            Config config = admin.describeConfigs(List.of(topic)).all().get(5, TimeUnit.SECONDS).get(topic);
            Map<String, String> out = new java.util.HashMap<>();
            for (ConfigEntry e : config.entries()) {
                if (e.value() != null) {
                    out.put(e.name(), e.value());
                }
            }
            unreadable = false;
            return out;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (!unreadable) {
                unreadable = true;
                log.warn("cannot read the settings of the vault topic {} (ingest needs DescribeConfigs on it): the "
                        + "erasure delay they give is not checked: {}", Topics.PSEUDONYMS.name(), e.toString());
            }
            boundSeconds = Double.NaN;
            return Map.of();
        }
    }

    /**
     * The worst case, in seconds, from an erasure until the mapping it erases is gone from the broker's disk, as the
     * vault topic's settings give it; +Inf when they never remove it, NaN until they could be read.
     */
    public double erasureBoundSeconds() {
        return boundSeconds;
    }

    private void checkPromise(Map<String, String> settings, long segmentMs, long tickMs) {
        if (settings.isEmpty()) {
            return;
        }
        long lag = number(settings, TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, Long.MAX_VALUE);
        long deleteDelay = number(settings, TopicConfig.FILE_DELETE_DELAY_MS_CONFIG, 60_000);
        long worst = TopicSpec.Erasure.worstCaseMs(segmentMs, lag, tickMs, deleteDelay);
        boolean compacted = settings.getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, "").contains(TopicConfig.CLEANUP_POLICY_COMPACT);
        boundSeconds = !compacted || lag == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : worst / 1000.0;
        if (warned) {
            return;
        }
        if (!compacted || lag == Long.MAX_VALUE || worst > PROMISE_MS) {
            warned = true;
            log.warn("the vault topic {} is set so that an erased participant's mapping may stay on the broker's disk "
                            + "{}: longer than the 24 h docs/privacy.md promises (cleanup.policy={}, segment.ms={}, "
                            + "max.compaction.lag.ms={}); set them as docs/operations.md says",
                    Topics.PSEUDONYMS.name(), compacted && lag != Long.MAX_VALUE ? "up to " + worst / 3_600_000 + " h" : "for ever",
                    settings.get(TopicConfig.CLEANUP_POLICY_CONFIG), segmentMs, lag);
        }
    }

    private static long number(Map<String, String> settings, String name, long otherwise) {
        try {
            return settings.containsKey(name) ? Long.parseLong(settings.get(name)) : otherwise;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
