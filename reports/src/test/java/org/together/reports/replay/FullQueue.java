package org.together.reports.replay;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A queue of one running replay kept full: one replay held running and {@value ReplayQueue#MAX_WAITING} waiting in each
 * lane given (both unless told), until closed.
 */
public final class FullQueue implements AutoCloseable {

    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService pool;

    /** @param queue a queue of one replay at a time, both lanes filled */
    public FullQueue(ReplayQueue queue) throws InterruptedException {
        this(queue, ReplayQueue.Lane.values());
    }

    /** @param queue a queue of one replay at a time, the given lanes filled */
    public FullQueue(ReplayQueue queue, ReplayQueue.Lane... lanes) throws InterruptedException {
        pool = Executors.newFixedThreadPool(1 + lanes.length * ReplayQueue.MAX_WAITING);
        CountDownLatch running = new CountDownLatch(1);
        pool.submit(() -> queue.run(lanes[0], () -> {
            running.countDown();
            return held();
        }));
        await(() -> running.getCount() == 0, "the held replay did not start");
        for (ReplayQueue.Lane lane : lanes) {
            for (int i = 0; i < ReplayQueue.MAX_WAITING; i++) {
                pool.submit(() -> queue.run(lane, this::held));
            }
        }
        for (ReplayQueue.Lane lane : lanes) {
            await(() -> queue.waiting(lane) == ReplayQueue.MAX_WAITING, "the " + lane + " lane did not fill");
        }
    }

    private Object held() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private void await(BooleanSupplier done, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException(failure + " within 10 s");
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        release.countDown();
        pool.shutdownNow();
    }
}
