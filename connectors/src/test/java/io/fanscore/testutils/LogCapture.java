package io.fanscore.testutils;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;

import java.util.HashMap;
import java.util.Map;

/**
 * Everything the test JVM logs at INFO and above while open, messages and stack traces, as text: to
 * show that something (a password) never reaches a log. The console keeps its usual level.
 */
public final class LogCapture implements AutoCloseable {

    private final LoggerContext context;
    private final LoggerConfig root;
    private final Level rootLevel;
    private final Map<String, Level> appenderLevels = new HashMap<>();
    private final TextAppender capture = new TextAppender();

    private LogCapture() {
        context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        root = configuration.getRootLogger();
        rootLevel = root.getLevel();
        for (AppenderRef ref : root.getAppenderRefs()) {
            appenderLevels.put(ref.getRef(), ref.getLevel());
        }
        // The existing appenders keep the old root level; the capture gets INFO.
        for (Appender appender : root.getAppenders().values()) {
            root.removeAppender(appender.getName());
            root.addAppender(appender, rootLevel, null);
        }
        capture.start();
        configuration.addAppender(capture);
        root.addAppender(capture, Level.INFO, null);
        if (rootLevel.isMoreSpecificThan(Level.INFO)) {
            root.setLevel(Level.INFO);
        }
        context.updateLoggers();
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    /** What was logged so far. */
    public String text() {
        synchronized (capture.text) {
            return capture.text.toString();
        }
    }

    @Override
    public void close() {
        root.removeAppender(capture.getName());
        for (Appender appender : root.getAppenders().values()) {
            root.removeAppender(appender.getName());
            root.addAppender(appender, appenderLevels.get(appender.getName()), null);
        }
        root.setLevel(rootLevel);
        context.getConfiguration().getAppenders().remove(capture.getName());
        context.updateLoggers();
        capture.stop();
    }

    private static final class TextAppender extends AbstractAppender {

        private final StringBuilder text = new StringBuilder();

        TextAppender() {
            super(
                    "log-capture",
                    null,
                    PatternLayout.newBuilder().withPattern("%-5p %c - %m%n%throwable").build(),
                    true,
                    Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            String line = getLayout().toSerializable(event).toString();
            synchronized (text) {
                text.append(line);
            }
        }
    }
}
