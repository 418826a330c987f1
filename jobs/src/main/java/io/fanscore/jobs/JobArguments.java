package io.fanscore.jobs;

import io.fanscore.jobs.JobConfig.ConfigException;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * The job's command line, {@code --key value} or {@code --key=value} (a boolean option alone means
 * true), read into a Flink {@link Configuration} of {@link JobOptions}. Only entry points read
 * arguments; everything else builds the configuration itself.
 */
public final class JobArguments {

    private static final Set<String> FLAGS =
            JobOptions.ALL.stream()
                    .filter(option -> option.defaultValue() instanceof Boolean)
                    .map(ConfigOption::key)
                    .collect(Collectors.toUnmodifiableSet());

    private JobArguments() {}

    public static Configuration parse(String... args) {
        Configuration options = new Configuration();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new ConfigException("unexpected argument '" + arg + "'");
            }
            String key = arg.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (FLAGS.contains(key)
                    && (i + 1 >= args.length || args[i + 1].startsWith("--"))) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new ConfigException("'" + key + "' needs a value");
            }
            options.setString(key, value);
        }
        return options;
    }
}
