package org.together.reports.replay;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Replaying the event log is heavy: at most {@code concurrent} replays (snapshots and exports) run at once per
 * instance, at most {@value #MAX_WAITING} more wait; beyond that a request is turned away at once
 * ({@link Busy}: the HTTP routes answer 503 with Retry-After) instead of piling up.
 */
public final class ReplayQueue {

    public static final int MAX_WAITING = 4;

    private final Semaphore running;
    private final AtomicInteger waiting = new AtomicInteger();

    public ReplayQueue(int concurrent) {
        this.running = new Semaphore(concurrent, true);
    }

    /** Thrown when {@value #MAX_WAITING} replays already wait. */
    public static final class Busy extends RuntimeException {
        public Busy() {
            super(MAX_WAITING + " reports already wait for the event log to be replayed; retry shortly");
        }
    }

    public <T> T run(Supplier<T> replay) throws InterruptedException {
        if (!running.tryAcquire()) {
            if (waiting.incrementAndGet() > MAX_WAITING) {
                waiting.decrementAndGet();
                throw new Busy();
            }
            try {
                running.acquire();
            } finally {
                waiting.decrementAndGet();
            }
        }
        try {
            return replay.get();
        } finally {
            running.release();
        }
    }

    /** Replays waiting now (for tests and metrics). */
    public int waiting() {
        return waiting.get();
    }
}
