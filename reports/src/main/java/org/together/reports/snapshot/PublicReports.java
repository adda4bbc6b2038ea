package org.together.reports.snapshot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The public reports answered over HTTP to requests without the team's token (whole quarters that have ended, every
 * event received), each kept {@link #KEPT} after it was made: the same report asked again is that answer, its moments
 * (made, counted up to) the first one's, instead of another replay of the log (review 18, finding 6). At most
 * {@code maxEntries} answers and {@code maxBytes} of them are kept; the oldest go first.
 */
final class PublicReports {

    static final Duration KEPT = Duration.ofMinutes(5);
    static final int MAX_ENTRIES = 32;
    static final long MAX_BYTES = 32L * 1024 * 1024;

    /** What tells one public report's answer from another: the period, the language (none for JSON), format and table. */
    record Key(LocalDate from, LocalDate to, String lang, SnapshotFormat format, String table) {
    }

    /** An answer as sent: its type, its file name header, its page policy (HTML only, else null), its body. */
    record Answer(String contentType, String disposition, String policy, byte[] body) {
    }

    private record Kept(Answer answer, Instant madeAt) {
    }

    private final Clock clock;
    private final int maxEntries;
    private final long maxBytes;
    /** In the order they were made: the oldest first. */
    private final Map<Key, Kept> kept = new LinkedHashMap<>();
    private long bytes;

    PublicReports(Clock clock) {
        this(clock, MAX_ENTRIES, MAX_BYTES);
    }

    PublicReports(Clock clock, int maxEntries, long maxBytes) {
        this.clock = clock;
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** The answer made less than {@link #KEPT} ago, if any. */
    synchronized Optional<Answer> get(Key key) {
        Kept k = kept.get(key);
        if (k == null) {
            return Optional.empty();
        }
        if (expired(k, clock.instant())) {
            remove(key);
            return Optional.empty();
        }
        return Optional.of(k.answer());
    }

    /** Keeps an answer just made; one larger than all the room is not kept. */
    synchronized void put(Key key, Answer answer) {
        long size = answer.body().length;
        if (size > maxBytes) {
            return;
        }
        remove(key);
        Instant now = clock.instant();
        kept.entrySet().removeIf(e -> {
            boolean expired = expired(e.getValue(), now);
            if (expired) {
                bytes -= e.getValue().answer().body().length;
            }
            return expired;
        });
        Iterator<Map.Entry<Key, Kept>> oldest = kept.entrySet().iterator();
        while (oldest.hasNext() && (kept.size() >= maxEntries || bytes + size > maxBytes)) {
            bytes -= oldest.next().getValue().answer().body().length;
            oldest.remove();
        }
        kept.put(key, new Kept(answer, now));
        bytes += size;
    }

    /** Answers kept now (for tests). */
    synchronized int size() {
        return kept.size();
    }

    private void remove(Key key) {
        Kept k = kept.remove(key);
        if (k != null) {
            bytes -= k.answer().body().length;
        }
    }

    private static boolean expired(Kept k, Instant now) {
        return !now.isBefore(k.madeAt().plus(KEPT));
    }
}
