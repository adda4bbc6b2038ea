package org.together.aggregation.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The public decision is computed by one question at a time, and shared. */
class SharedComputationTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final AtomicReference<String> day = new AtomicReference<>("2026-12-06");
    private final SharedComputation<Integer> shared = new SharedComputation<>(100, 0, clock::get, day::get);
    private final AtomicInteger computations = new AtomicInteger();

    @Test
    void questionsArrivingWhileItIsComputedWaitForItAndShareItInsteadOfComputingItAgain() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            answers.add(threads.submit(() -> shared.get(() -> {
                started.countDown();
                await(release);
                return computations.incrementAndGet();
            }, false)));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 7; i++) {
                answers.add(threads.submit(() -> shared.get(computations::incrementAndGet, false)));
            }
            Thread.sleep(100); // they are waiting, not computing
            assertThat(computations.get()).isZero();
            release.countDown();
            for (Future<Integer> a : answers) {
                assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            }
            assertThat(computations.get()).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void itIsSharedForItsTimeAndTheDayItWasMadeOn() {
        assertThat(shared.get(computations::incrementAndGet, false)).isEqualTo(1);
        clock.addAndGet(100);
        assertThat(shared.get(computations::incrementAndGet, false)).as("shared for 100 ns").isEqualTo(1);
        clock.addAndGet(1);
        assertThat(shared.get(computations::incrementAndGet, false)).as("older: computed again").isEqualTo(2);
        day.set("2026-12-07");
        assertThat(shared.get(computations::incrementAndGet, false)).as("another day").isEqualTo(3);
    }

    @Test
    void aQuestionNeedingFiguresReadAfterItGetsANewComputationEvenWhileOneIsShared() {
        assertThat(shared.get(computations::incrementAndGet, false)).isEqualTo(1);
        clock.addAndGet(1);
        assertThat(shared.get(computations::incrementAndGet, true)).isEqualTo(2);
        assertThat(shared.get(computations::incrementAndGet, false)).as("and shares it").isEqualTo(2);
    }

    @Test
    void anOlderValueIsRenewedInTheBackgroundWhileQuestionsTakeTheLastOneUntilItIsTooOld() throws Exception {
        SharedComputation<Integer> renewed = new SharedComputation<>(100, 1_000, clock::get, day::get);
        assertThat(renewed.get(computations::incrementAndGet, false)).isEqualTo(1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        clock.addAndGet(101);
        assertThat(renewed.get(() -> {
            started.countDown();
            await(release);
            return computations.incrementAndGet();
        }, false)).as("the last value, at once, while it is renewed").isEqualTo(1);
        assertThat(started.await(10, TimeUnit.SECONDS)).as("renewal started").isTrue();
        assertThat(renewed.get(computations::incrementAndGet, false)).as("still the last one: one renewal at a time").isEqualTo(1);
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int seen = 1;
        while (seen == 1 && System.nanoTime() < deadline) {
            seen = renewed.get(computations::incrementAndGet, false);
            Thread.sleep(5);
        }
        assertThat(seen).as("the renewed value once made").isEqualTo(2);
        assertThat(computations.get()).isEqualTo(2);

        clock.addAndGet(1_001);
        assertThat(renewed.get(computations::incrementAndGet, false)).as("too old to serve: computed while it waits")
                .isEqualTo(3);
        clock.addAndGet(1);
        assertThat(renewed.get(computations::incrementAndGet, true)).as("figures read after the question: never the last one")
                .isEqualTo(4);
    }

    @Test
    void aFailedComputationFailsItsWaitersAndTheNextQuestionComputesAgain() {
        assertThatThrownBy(() -> shared.get(() -> {
            throw new IllegalStateException("store moving");
        }, false)).isInstanceOf(IllegalStateException.class).hasMessage("store moving");
        assertThat(shared.get(computations::incrementAndGet, false)).isEqualTo(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
