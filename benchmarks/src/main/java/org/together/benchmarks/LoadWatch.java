package org.together.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine's one-minute load average, sampled every two seconds: a run on a machine busy with other work
 * says so next to its numbers (its ratios still compare like with like, its absolute rates do not).
 */
final class LoadWatch implements AutoCloseable {

    private record Sample(long nanos, double load) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    LoadWatch() {
        sampler = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-load-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    static double now() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private synchronized void sample() {
        samples.add(new Sample(System.nanoTime(), now()));
    }

    /** The highest load average seen since {@code fromNanos} (a System.nanoTime value). */
    synchronized double maxSince(long fromNanos) {
        double max = now();
        for (Sample s : samples) {
            if (s.nanos() >= fromNanos) {
                max = Math.max(max, s.load());
            }
        }
        return max;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
