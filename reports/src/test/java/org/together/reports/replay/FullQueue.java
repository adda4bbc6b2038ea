package org.together.reports.replay;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A queue of one running replay kept full: one replay held running and {@value ReplayQueue#MAX_WAITING} waiting, until closed. */
public final class FullQueue implements AutoCloseable {

    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService pool = Executors.newFixedThreadPool(1 + ReplayQueue.MAX_WAITING);

    /** @param queue a queue of one replay at a time */
    public FullQueue(ReplayQueue queue) throws InterruptedException {
        for (int i = 0; i < 1 + ReplayQueue.MAX_WAITING; i++) {
            pool.submit(() -> queue.run(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queue.waiting() < ReplayQueue.MAX_WAITING) {
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("the queue did not fill within 10 s");
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
