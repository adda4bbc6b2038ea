package org.together.launcher.run;

import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;
import org.slf4j.LoggerFactory;

/** Keeps a command alive until Ctrl-C or SIGTERM, then closes what it started before the JVM exits. */
final class Shutdown {
    private Shutdown() {
    }

    static void awaitSignal(String name, AutoCloseable running) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                LoggerFactory.getLogger(Shutdown.class).warn("stopping {} failed: {}", name, e.toString());
            }
            stopped.countDown();
            // log4j's own hook is disabled in log4j2.xml so that the lines above still get logged
            LogManager.shutdown();
        }, name + "-shutdown"));
        stopped.await();
    }
}
