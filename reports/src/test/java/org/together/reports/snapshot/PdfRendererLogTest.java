package org.together.reports.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.together.figures.disclosure.Audience;

/**
 * Review 8, item 17: every PDF wrote openhtmltopdf's "com.openhtmltopdf.load INFO:: Loading font(Liberation Sans)"
 * lines straight to stderr, outside the log's format. They go through the log, at debug, under openhtmltopdf's names.
 */
class PdfRendererLogTest {

    @Test
    void theRenderersFontLinesGoToTheLogAtDebugNotToStderr() {
        List<LogEvent> events = new CopyOnWriteArrayList<>();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        AbstractAppender capture = new AbstractAppender("capture-openhtmltopdf", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                events.add(event.toImmutable());
            }
        };
        capture.start();
        LoggerConfig openhtmltopdf = new LoggerConfig("com.openhtmltopdf", Level.DEBUG, false);
        openhtmltopdf.addAppender(capture, Level.DEBUG, null);
        config.addLogger("com.openhtmltopdf", openhtmltopdf);
        context.updateLoggers();
        PrintStream stderr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            PdfReport.render(PublicSnapshotTest.snapshot(Audience.PUBLIC), Locale.ENGLISH);
        } finally {
            System.setErr(stderr);
            config.removeLogger("com.openhtmltopdf");
            context.updateLoggers();
            capture.stop();
        }
        assertThat(events).filteredOn(e -> e.getMessage().getFormattedMessage().contains("Loading font"))
                .as("the renderer's font lines, in the log").isNotEmpty()
                .allSatisfy(e -> {
                    assertThat(e.getLevel()).isEqualTo(Level.DEBUG);
                    assertThat(e.getLoggerName()).startsWith("com.openhtmltopdf.");
                });
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("com.openhtmltopdf").doesNotContain("Loading font");
    }
}
