package org.together.aggregation.query;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A costly value computed by one caller at a time and shared: callers arriving while it is computed wait for it and
 * take it; it is computed again when older than {@code sharedNanos} or made in another era (another day). Once there
 * is a value, it is renewed in the background: until the new one is made, questions that need nothing newer take the
 * last one (at most {@code renewingNanos} old), so none waits seconds for a computation over 100,000 territories.
 */
final class SharedComputation<T> {

    private record Made<T>(Object era, long at, T value) {
    }

    private final long sharedNanos;
    private final long renewingNanos;
    private final LongSupplier nanoClock;
    private final Supplier<?> era;
    private Made<T> last;
    private CompletableFuture<Made<T>> underWay;

    SharedComputation(long sharedNanos, long renewingNanos, LongSupplier nanoClock, Supplier<?> era) {
        this.sharedNanos = sharedNanos;
        this.renewingNanos = renewingNanos;
        this.nanoClock = nanoClock;
        this.era = era;
    }

    /**
     * The value, shared, or computed by {@code compute} (here, or by the caller already computing it). With
     * {@code afterNow}, only a value whose computation started after this call is taken.
     */
    T get(Supplier<T> compute, boolean afterNow) {
        long asked = nanoClock.getAsLong();
        while (true) {
            Object now = era.get();
            CompletableFuture<Made<T>> current;
            boolean mine = false;
            synchronized (this) {
                boolean sameEra = last != null && Objects.equals(last.era(), now);
                long age = sameEra ? nanoClock.getAsLong() - last.at() : Long.MAX_VALUE;
                if (sameEra && (afterNow ? last.at() - asked >= 0 : age <= sharedNanos)) {
                    return last.value();
                }
                if (underWay == null) {
                    underWay = new CompletableFuture<>();
                    mine = true;
                }
                current = underWay;
                if (!afterNow && age <= renewingNanos) {
                    if (mine) {
                        renewInBackground(current, now, compute);
                    }
                    return last.value();
                }
            }
            if (mine) {
                return compute(current, now, compute).value();
            }
            Made<T> made;
            try {
                made = current.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e;
            }
            if (!afterNow || made.at() - asked >= 0) {
                return made.value();
            }
        }
    }

    private void renewInBackground(CompletableFuture<Made<T>> current, Object now, Supplier<T> compute) {
        Thread renewing = new Thread(() -> {
            try {
                compute(current, now, compute);
            } catch (RuntimeException | Error e) {
                // its waiters got the failure; the next question computes again
            }
        }, "shared-computation-renewal");
        renewing.setDaemon(true);
        renewing.start();
    }

    private Made<T> compute(CompletableFuture<Made<T>> current, Object now, Supplier<T> compute) {
        try {
            long startedAt = nanoClock.getAsLong(); // what it reads is as of its start
            Made<T> made = new Made<>(now, startedAt, compute.get());
            synchronized (this) {
                last = made;
                underWay = null;
            }
            current.complete(made);
            return made;
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                underWay = null;
            }
            current.completeExceptionally(e);
            throw e;
        }
    }
}
