package org.together.ingest.idempotency;

import java.util.concurrent.locks.StampedLock;

/**
 * Event ids in canonical form (a lowercase UUID) with the first 128 bits of their content hash, packed in primitive
 * arrays. The index keeps one entry per event ever accepted, so the cost of an entry bounds how long an instance
 * runs in its heap: a slot here is 33 bytes (about 70 per entry at the table's load), where a map entry with a
 * String key and a byte array took about 170.
 * Open addressing with linear probing, in segments that each have their own lock; reads are optimistic.
 */
final class PackedReceipts {

    /** What the table says about an id and a hash. */
    enum Match { ABSENT, SAME, DIFFERENT }

    private static final int SEGMENT_BITS = 8;
    private static final int INITIAL_SLOTS = 16;

    private final Segment[] segments = new Segment[1 << SEGMENT_BITS];

    PackedReceipts() {
        for (int i = 0; i < segments.length; i++) {
            segments[i] = new Segment();
        }
    }

    /** True for a lowercase UUID, the only form packed: it maps back to exactly one string. */
    static boolean packable(String id) {
        if (id.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = id.charAt(i);
            boolean ok = (i == 8 || i == 13 || i == 18 || i == 23) ? c == '-' : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The first 64 bits of a packable id (hex digits 1 to 16, dashes skipped). */
    static long high(String id) {
        return (Long.parseUnsignedLong(id, 0, 8, 16) << 32) | (Long.parseUnsignedLong(id, 9, 13, 16) << 16)
                | Long.parseUnsignedLong(id, 14, 18, 16);
    }

    /** The last 64 bits of a packable id. */
    static long low(String id) {
        return (Long.parseUnsignedLong(id, 19, 23, 16) << 48) | Long.parseUnsignedLong(id, 24, 36, 16);
    }

    Match match(long high, long low, long hash0, long hash1) {
        long mixed = mix(high, low);
        Segment s = segments[segmentOf(mixed)];
        long stamp = s.lock.tryOptimisticRead();
        Match m = s.table.match(mixed, high, low, hash0, hash1);
        if (!s.lock.validate(stamp)) {
            stamp = s.lock.readLock();
            try {
                m = s.table.match(mixed, high, low, hash0, hash1);
            } finally {
                s.lock.unlockRead(stamp);
            }
        }
        return m;
    }

    void put(long high, long low, long hash0, long hash1) {
        long mixed = mix(high, low);
        Segment s = segments[segmentOf(mixed)];
        long stamp = s.lock.writeLock();
        try {
            if (s.table.put(mixed, high, low, hash0, hash1)) {
                s.size++;
                if (s.size > s.table.capacity() / 4 * 3) {
                    s.table = s.table.doubled();
                }
            }
        } finally {
            s.lock.unlockWrite(stamp);
        }
    }

    void remove(long high, long low) {
        long mixed = mix(high, low);
        Segment s = segments[segmentOf(mixed)];
        long stamp = s.lock.writeLock();
        try {
            if (s.table.remove(mixed, high, low)) {
                s.size--;
            }
        } finally {
            s.lock.unlockWrite(stamp);
        }
    }

    long size() {
        long n = 0;
        for (Segment s : segments) {
            n += s.size;
        }
        return n;
    }

    private static int segmentOf(long mixed) {
        return (int) (mixed >>> (64 - SEGMENT_BITS));
    }

    /** UUIDs are random in most bits, but not in all (version, variant) and apps may make them up: mix them. */
    private static long mix(long high, long low) {
        long h = high * 0x9E3779B97F4A7C15L ^ low;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    private static final class Segment {
        final StampedLock lock = new StampedLock();
        Table table = new Table(INITIAL_SLOTS);
        volatile int size;
    }

    /**
     * One segment's slots; replaced whole when it grows, so a reader always sees arrays of one size. Four arrays of
     * longs rather than one: each stays under G1's humongous size (half a region) up to 32,768 slots, where a
     * larger array would be given whole regions.
     */
    private static final class Table {
        private final long[] highs;
        private final long[] lows;
        private final long[] hashes0;
        private final long[] hashes1;
        private final boolean[] used;
        private final int mask;

        Table(int slots) {
            highs = new long[slots];
            lows = new long[slots];
            hashes0 = new long[slots];
            hashes1 = new long[slots];
            used = new boolean[slots];
            mask = slots - 1;
        }

        int capacity() {
            return used.length;
        }

        /** The slot of the id, or -1. Bounded by the capacity, so a read racing a write cannot loop forever. */
        private int find(long mixed, long high, long low) {
            int i = (int) mixed & mask;
            for (int probes = 0; probes <= mask && used[i]; probes++) {
                if (highs[i] == high && lows[i] == low) {
                    return i;
                }
                i = (i + 1) & mask;
            }
            return -1;
        }

        Match match(long mixed, long high, long low, long hash0, long hash1) {
            int i = find(mixed, high, low);
            if (i < 0) {
                return Match.ABSENT;
            }
            return hashes0[i] == hash0 && hashes1[i] == hash1 ? Match.SAME : Match.DIFFERENT;
        }

        /** @return true when the id was not there before */
        boolean put(long mixed, long high, long low, long hash0, long hash1) {
            int i = (int) mixed & mask;
            while (used[i]) {
                if (highs[i] == high && lows[i] == low) {
                    hashes0[i] = hash0;
                    hashes1[i] = hash1;
                    return false;
                }
                i = (i + 1) & mask;
            }
            set(i, high, low, hash0, hash1);
            return true;
        }

        private void set(int i, long high, long low, long hash0, long hash1) {
            highs[i] = high;
            lows[i] = low;
            hashes0[i] = hash0;
            hashes1[i] = hash1;
            used[i] = true;
        }

        /** Removes by shifting the entries after it back, so that no probe sequence is broken (no tombstones). */
        boolean remove(long mixed, long high, long low) {
            int hole = find(mixed, high, low);
            if (hole < 0) {
                return false;
            }
            used[hole] = false;
            for (int j = (hole + 1) & mask; used[j]; j = (j + 1) & mask) {
                int home = (int) mix(highs[j], lows[j]) & mask;
                // the entry at j may fill the hole only if its home is not cyclically within (hole, j]
                boolean homeAfterHole = hole <= j ? hole < home && home <= j : hole < home || home <= j;
                if (homeAfterHole) {
                    continue;
                }
                set(hole, highs[j], lows[j], hashes0[j], hashes1[j]);
                used[j] = false;
                hole = j;
            }
            return true;
        }

        Table doubled() {
            Table bigger = new Table(2 * used.length);
            for (int i = 0; i < used.length; i++) {
                if (used[i]) {
                    bigger.put(mix(highs[i], lows[i]), highs[i], lows[i], hashes0[i], hashes1[i]);
                }
            }
            return bigger;
        }
    }
}
