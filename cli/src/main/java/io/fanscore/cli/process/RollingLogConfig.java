package io.fanscore.cli.process;

import java.util.List;

/** A log4j2 configuration for a local server: INFO and up to a file that rolls at 50 MB. */
public final class RollingLogConfig {

    private RollingLogConfig() {}

    /**
     * The properties lines; {@code fileName} may be a lookup such as {@code ${sys:log.file}}, so
     * that several processes share one configuration.
     */
    public static List<String> lines(String fileName) {
        return List.of(
                "status = error",
                "appender.file.type = RollingFile",
                "appender.file.name = file",
                "appender.file.fileName = " + fileName,
                "appender.file.filePattern = " + fileName + ".%i",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = [%d] %p %m (%c)%n",
                "appender.file.policies.type = Policies",
                "appender.file.policies.size.type = SizeBasedTriggeringPolicy",
                "appender.file.policies.size.size = 50MB",
                "appender.file.strategy.type = DefaultRolloverStrategy",
                "appender.file.strategy.max = 2",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = file");
    }
}
