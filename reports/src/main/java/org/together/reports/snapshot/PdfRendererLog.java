package org.together.reports.snapshot;

import com.openhtmltopdf.util.Diagnostic;
import com.openhtmltopdf.util.XRLog;
import com.openhtmltopdf.util.XRLogger;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * openhtmltopdf's messages through the product's log (SLF4J), under their own names ({@code com.openhtmltopdf.load}
 * ...): left to itself it prints them to stderr through java.util.logging, outside the log's format, among them six
 * "Loading font" lines for every PDF. Its informative lines go to debug, warnings to warn, errors to error.
 */
final class PdfRendererLog implements XRLogger {

    private PdfRendererLog() {
    }

    /** Sends openhtmltopdf's messages to the log; its one logger is process-wide, so once is enough. */
    static synchronized void install() {
        if (!(XRLog.getLoggerImpl() instanceof PdfRendererLog)) {
            XRLog.setLoggerImpl(new PdfRendererLog());
        }
    }

    @Override
    public void log(String where, Level level, String message) {
        log(where, level, message, null);
    }

    @Override
    public void log(String where, Level level, String message, Throwable error) {
        Logger log = LoggerFactory.getLogger(where);
        if (level.intValue() >= Level.SEVERE.intValue()) {
            log.error(message, error);
        } else if (level.intValue() >= Level.WARNING.intValue()) {
            log.warn(message, error);
        } else {
            log.debug(message, error);
        }
    }

    /** Levels are the log's configuration, not the renderer's. */
    @Override
    public void setLevel(String logger, Level level) {
    }

    @Override
    public boolean isLogLevelEnabled(Diagnostic diagnostic) {
        Logger log = LoggerFactory.getLogger(diagnostic.getLogMessageId().getWhere());
        int level = diagnostic.getLevel().intValue();
        return level >= Level.SEVERE.intValue() ? log.isErrorEnabled()
                : level >= Level.WARNING.intValue() ? log.isWarnEnabled() : log.isDebugEnabled();
    }
}
