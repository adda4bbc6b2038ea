package org.together.reports.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReplayQueueTest {

    @Test
    void twoRunFourWaitAndTheSeventhIsTurnedAwayAtOnce() throws Exception {
        ReplayQueue queue = new ReplayQueue(2);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> held = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int n = i;
                held.add(pool.submit(() -> queue.run(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return n;
                })));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (queue.waiting() < ReplayQueue.MAX_WAITING) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(10);
            }
            assertThatThrownBy(() -> queue.run(() -> 7)).isInstanceOf(ReplayQueue.Busy.class).hasMessageContaining("retry");
            release.countDown();
            for (Future<Integer> f : held) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isBetween(0, 5);
            }
            assertThat(queue.run(() -> 8)).as("room again once they are done").isEqualTo(8);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }
}
