package org.together.launcher.run;

import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;
import org.slf4j.LoggerFactory;

/** Closes what a command started when the JVM is asked to stop (Ctrl-C, SIGTERM), even while it is still starting. */
final class Shutdown {
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean requested;
    private Thread hook;

    private Shutdown() {
    }

    /** Installs the hook now, before anything starts, so that a Ctrl-C during start-up still stops cleanly. */
    static Shutdown install(String name, AutoCloseable running) {
        Shutdown shutdown = new Shutdown();
        shutdown.hook = new Thread(() -> {
            shutdown.requested = true;
            try {
                running.close();
            } catch (Exception e) {
                LoggerFactory.getLogger(Shutdown.class).warn("stopping {} failed: {}", name, e.toString());
            }
            shutdown.stopped.countDown();
            // log4j's own hook is disabled in log4j2.xml so that the lines above still get logged
            LogManager.shutdown();
        }, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown.hook);
        return shutdown;
    }

    /** Nothing is left to stop (the start failed and cleaned up after itself). */
    void uninstall() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running already
        }
    }

    /** Whether the JVM was asked to stop: a failure to start is then expected, not an error. */
    boolean requested() {
        return requested;
    }

    /** Blocks until the hook has closed everything. */
    void await() throws InterruptedException {
        stopped.await();
    }

    /** Runs {@code service} until the JVM is asked to stop. */
    static void awaitSignal(String name, AutoCloseable service) throws InterruptedException {
        install(name, service).await();
    }
}
