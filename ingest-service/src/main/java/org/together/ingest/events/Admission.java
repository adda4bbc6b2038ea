package org.together.ingest.events;

import java.util.concurrent.Semaphore;

/**
 * Bounds the request bytes being worked on at once, so a flood is answered 503 instead of filling the heap
 * (a parsed body takes several times its size).
 */
public final class Admission {

    private static final int MIN_COST = 4 * 1024;
    private final Semaphore bytes;
    private final int maxCost;

    public Admission(int budgetBytes, int maxRequestBytes) {
        this.bytes = new Semaphore(budgetBytes);
        this.maxCost = Math.min(maxRequestBytes, budgetBytes);
    }

    /** The permits a request costs: its declared length, or the maximum when it is unknown. */
    public int cost(long declaredLength) {
        if (declaredLength < 0 || declaredLength > maxCost) {
            return maxCost;
        }
        return (int) Math.max(MIN_COST, Math.min(declaredLength, maxCost));
    }

    public boolean tryAcquire(int cost) {
        return bytes.tryAcquire(cost);
    }

    public void release(int cost) {
        bytes.release(cost);
    }
}
