package org.together.reports.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.together.reports.replay.ReplayQueue.Lane.PUBLIC;
import static org.together.reports.replay.ReplayQueue.Lane.TEAM;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplayQueueTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        release.countDown();
        pool.shutdownNow();
    }

    private <T> Future<T> held(ReplayQueue queue, ReplayQueue.Lane lane, T value) {
        return pool.submit(() -> queue.run(lane, () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return value;
        }));
    }

    private static void await(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void twoRunFourWaitAndTheSeventhIsTurnedAwayAtOnce() throws Exception {
        ReplayQueue queue = new ReplayQueue(2);
        List<Future<Integer>> held = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            held.add(held(queue, PUBLIC, i));
        }
        await(() -> queue.waiting(PUBLIC) == ReplayQueue.MAX_WAITING);
        assertThatThrownBy(() -> queue.run(PUBLIC, () -> 7)).isInstanceOf(ReplayQueue.Busy.class).hasMessageContaining("retry");
        release.countDown();
        for (Future<Integer> f : held) {
            assertThat(f.get(10, TimeUnit.SECONDS)).isBetween(0, 5);
        }
        assertThat(queue.run(PUBLIC, () -> 8)).as("room again once they are done").isEqualTo(8);
        assertThat(queue.replays()).as("every replay that ran, none turned away").isEqualTo(7);
    }

    /** Review 18, finding 6: requests without a token filled the one queue and the team's reports were 503. */
    @Test
    void aFullPublicLaneLeavesTheTeamsLaneItsFourPlacesAndTheTeamGoesFirst() throws Exception {
        ReplayQueue queue = new ReplayQueue(1);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        Future<String> running = held(queue, PUBLIC, "running");
        await(() -> queue.replays() == 1);
        List<Future<?>> waiting = new ArrayList<>();
        for (int i = 0; i < ReplayQueue.MAX_WAITING; i++) {
            String name = "public-" + i;
            waiting.add(pool.submit(() -> queue.run(PUBLIC, () -> order.add(name))));
            int n = i + 1;
            await(() -> queue.waiting(PUBLIC) == n); // each after the one before: their order is known
        }
        assertThatThrownBy(() -> queue.run(PUBLIC, () -> true)).as("the fifth waiting without a token")
                .isInstanceOf(ReplayQueue.Busy.class).hasMessageContaining("without the team's token");

        for (int i = 0; i < ReplayQueue.MAX_WAITING; i++) {
            String name = "team-" + i;
            waiting.add(pool.submit(() -> queue.run(TEAM, () -> order.add(name))));
            int n = i + 1;
            await(() -> queue.waiting(TEAM) == n);
        }
        assertThatThrownBy(() -> queue.run(TEAM, () -> true)).as("the team's own lane has four places too")
                .isInstanceOf(ReplayQueue.Busy.class).hasMessageContaining("of the coordination team");

        release.countDown();
        assertThat(running.get(10, TimeUnit.SECONDS)).isEqualTo("running");
        for (Future<?> f : waiting) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertThat(order).as("one at a time, the team's lane first, each lane in its order").containsExactly(
                "team-0", "team-1", "team-2", "team-3", "public-0", "public-1", "public-2", "public-3");
        assertThat(queue.waiting()).isZero();
    }

    @Test
    void aWaitingRequestInterruptedLeavesItsPlace() throws Exception {
        ReplayQueue queue = new ReplayQueue(1);
        held(queue, TEAM, "running");
        await(() -> queue.replays() == 1);
        Future<Boolean> gaveUp = pool.submit(() -> queue.run(PUBLIC, () -> true));
        await(() -> queue.waiting(PUBLIC) == 1);
        gaveUp.cancel(true);
        await(() -> queue.waiting(PUBLIC) == 0);
        Future<String> next = pool.submit(() -> queue.run(PUBLIC, () -> "next"));
        release.countDown();
        assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("next");
        assertThat(queue.replays()).isEqualTo(2);
    }
}
