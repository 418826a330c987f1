package io.fanscore.jobs.deployment;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keys Flink itself defines, collected from its option classes: a key in our files that is not
 * among them is a typo, and one that is only an old name of an option is deprecated.
 */
public final class FlinkOptionKeys {

    private static final List<String> OPTION_CLASSES =
            List.of(
                    "org.apache.flink.configuration.CheckpointingOptions",
                    "org.apache.flink.configuration.ClusterOptions",
                    "org.apache.flink.configuration.CoreOptions",
                    "org.apache.flink.configuration.DeploymentOptions",
                    "org.apache.flink.configuration.ExecutionOptions",
                    "org.apache.flink.configuration.HighAvailabilityOptions",
                    "org.apache.flink.configuration.JobManagerOptions",
                    "org.apache.flink.configuration.MetricOptions",
                    "org.apache.flink.configuration.NettyShuffleEnvironmentOptions",
                    "org.apache.flink.configuration.PipelineOptions",
                    "org.apache.flink.configuration.RestOptions",
                    "org.apache.flink.configuration.RestartStrategyOptions",
                    "org.apache.flink.configuration.SecurityOptions",
                    "org.apache.flink.configuration.StateBackendOptions",
                    "org.apache.flink.configuration.StateRecoveryOptions",
                    "org.apache.flink.configuration.TaskManagerOptions",
                    "org.apache.flink.configuration.WebOptions",
                    "org.apache.flink.state.rocksdb.RocksDBOptions",
                    "org.apache.flink.state.rocksdb.RocksDBConfigurableOptions");

    /**
     * What may follow {@code metrics.reporter.<name>.}: the generic reporter options, plus the
     * Prometheus reporter's own {@code port} (PrometheusReporterFactory reads it as a plain
     * argument, it has no ConfigOption).
     */
    private static final Set<String> REPORTER_KEYS = new HashSet<>(Set.of("port"));

    private static final Set<String> CURRENT = new HashSet<>();
    private static final Map<String, String> DEPRECATED = new HashMap<>();

    static {
        for (String className : OPTION_CLASSES) {
            for (Field field : load(className).getFields()) {
                if (!Modifier.isStatic(field.getModifiers())
                        || !ConfigOption.class.isAssignableFrom(field.getType())) {
                    continue;
                }
                ConfigOption<?> option = read(field);
                if (className.endsWith(".MetricOptions")
                        && field.getName().startsWith("REPORTER_")) {
                    REPORTER_KEYS.add(option.key());
                    continue;
                }
                if (field.isAnnotationPresent(Deprecated.class)) {
                    DEPRECATED.putIfAbsent(option.key(), "deprecated");
                } else {
                    CURRENT.add(option.key());
                }
                for (FallbackKey fallback : option.fallbackKeys()) {
                    DEPRECATED.putIfAbsent(fallback.getKey(), "an old name of " + option.key());
                }
            }
        }
    }

    private FlinkOptionKeys() {}

    /** Empty if {@code key} is a current Flink option, else what is wrong with it. */
    public static Optional<String> problemWith(String key) {
        if (key.startsWith("metrics.reporter.")) {
            String[] nameAndSetting = key.substring("metrics.reporter.".length()).split("\\.", 2);
            return nameAndSetting.length == 2 && REPORTER_KEYS.contains(nameAndSetting[1])
                    ? Optional.empty()
                    : Optional.of("not a metric reporter setting");
        }
        if (CURRENT.contains(key)) {
            return Optional.empty();
        }
        return Optional.of(DEPRECATED.getOrDefault(key, "not a Flink option"));
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not on the test classpath", e);
        }
    }

    private static ConfigOption<?> read(Field field) {
        try {
            return (ConfigOption<?>) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
