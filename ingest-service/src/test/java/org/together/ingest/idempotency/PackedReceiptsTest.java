package org.together.ingest.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class PackedReceiptsTest {

    private record Id(long high, long low) {
    }

    @Test
    void packsExactlyTheLowercaseUuidsAndReadsTheirBitsAsUuidDoes() {
        Random random = new Random(7);
        for (int i = 0; i < 1_000; i++) {
            UUID uuid = new UUID(random.nextLong(), random.nextLong());
            String id = uuid.toString();
            assertThat(PackedReceipts.packable(id)).isTrue();
            assertThat(PackedReceipts.high(id)).isEqualTo(uuid.getMostSignificantBits());
            assertThat(PackedReceipts.low(id)).isEqualTo(uuid.getLeastSignificantBits());
        }
        assertThat(PackedReceipts.packable("00000000-0000-0000-0000-000000000000")).isTrue();
        assertThat(PackedReceipts.packable("ffffffff-ffff-ffff-ffff-ffffffffffff")).isTrue();
        assertThat(PackedReceipts.packable("A1B2C3D4-0000-4000-8000-000000000000")).isFalse();
        assertThat(PackedReceipts.packable("a1b2c3d4-0000-4000-8000-00000000000")).isFalse();
        assertThat(PackedReceipts.packable("a1b2c3d40000-4000-8000-0000-00000000")).isFalse();
        assertThat(PackedReceipts.packable("g1b2c3d4-0000-4000-8000-000000000000")).isFalse();
    }

    @Test
    void agreesWithAMapThroughGrowthOverwritesAndRemovals() {
        PackedReceipts table = new PackedReceipts();
        Map<Id, long[]> expected = new HashMap<>();
        List<Id> ids = new ArrayList<>();
        Random random = new Random(42);
        for (int step = 0; step < 300_000; step++) {
            int op = random.nextInt(10);
            if (op < 6 || ids.isEmpty()) {
                // new ids, some of them differing from each other in one bit only
                Id id = ids.isEmpty() || random.nextBoolean() ? new Id(random.nextLong(), random.nextLong())
                        : new Id(ids.get(random.nextInt(ids.size())).high() ^ (1L << random.nextInt(64)), random.nextLong() & 0xff);
                long[] hash = {random.nextLong(), random.nextLong()};
                table.put(id.high(), id.low(), hash[0], hash[1]);
                if (expected.put(id, hash) == null) {
                    ids.add(id);
                }
            } else if (op < 8) {
                Id id = ids.get(random.nextInt(ids.size()));
                long[] hash = {random.nextLong(), random.nextLong()};
                table.put(id.high(), id.low(), hash[0], hash[1]);
                expected.put(id, hash);
            } else {
                int at = random.nextInt(ids.size());
                Id id = ids.get(at);
                ids.set(at, ids.get(ids.size() - 1));
                ids.remove(ids.size() - 1);
                table.remove(id.high(), id.low());
                expected.remove(id);
                // removing what is not there changes nothing
                table.remove(id.high(), id.low());
            }
        }
        assertThat(table.size()).isEqualTo(expected.size());
        assertThat(expected.size()).isGreaterThan(50_000);
        for (Map.Entry<Id, long[]> e : expected.entrySet()) {
            Id id = e.getKey();
            long[] hash = e.getValue();
            assertThat(table.match(id.high(), id.low(), hash[0], hash[1])).isEqualTo(PackedReceipts.Match.SAME);
            assertThat(table.match(id.high(), id.low(), hash[0], hash[1] ^ 1)).isEqualTo(PackedReceipts.Match.DIFFERENT);
            assertThat(table.match(id.high(), id.low(), hash[0] ^ Long.MIN_VALUE, hash[1])).isEqualTo(PackedReceipts.Match.DIFFERENT);
        }
        for (int i = 0; i < 10_000; i++) {
            Id absent = new Id(random.nextLong(), random.nextLong());
            if (!expected.containsKey(absent)) {
                assertThat(table.match(absent.high(), absent.low(), 0, 0)).isEqualTo(PackedReceipts.Match.ABSENT);
            }
        }
    }

    @Test
    void readersRacingWritersNeverSeeAWrongHash() throws Exception {
        PackedReceipts table = new PackedReceipts();
        int writers = 4;
        int perWriter = 50_000;
        Id[][] ids = new Id[writers][perWriter];
        Random random = new Random(3);
        for (Id[] row : ids) {
            for (int i = 0; i < perWriter; i++) {
                row[i] = new Id(random.nextLong(), random.nextLong());
            }
        }
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Id[] row = ids[w];
            threads.add(new Thread(() -> {
                await(start);
                for (Id id : row) {
                    // each id's hash is its own bits reversed: a reader can tell a right hash from a wrong one
                    table.put(id.high(), id.low(), Long.reverse(id.high()), Long.reverse(id.low()));
                }
            }));
            threads.add(new Thread(() -> {
                await(start);
                for (int pass = 0; pass < 3; pass++) {
                    for (Id id : row) {
                        PackedReceipts.Match m = table.match(id.high(), id.low(), Long.reverse(id.high()), Long.reverse(id.low()));
                        if (m == PackedReceipts.Match.DIFFERENT) {
                            wrong.add(id.toString());
                        }
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(wrong).isEmpty();
        assertThat(table.size()).isEqualTo((long) writers * perWriter);
        for (Id[] row : ids) {
            for (Id id : row) {
                assertThat(table.match(id.high(), id.low(), Long.reverse(id.high()), Long.reverse(id.low())))
                        .isEqualTo(PackedReceipts.Match.SAME);
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
