package io.fanscore.jobs;

import io.fanscore.config.Durations;
import io.fanscore.connectors.Topics;
import io.fanscore.connectors.kafka.KafkaClientSecurity;
import io.fanscore.connectors.kafka.KafkaEndpoint;
import io.fanscore.connectors.kafka.eventtime.EventTimePolicy;
import io.fanscore.jobs.packages.AudienceConfig;
import io.fanscore.rules.packages.PackageCatalog;
import io.fanscore.rules.packages.PackageCatalogLoader;
import io.fanscore.rules.packages.PackageException;
import io.fanscore.rules.scoring.ProfileLoader;
import io.fanscore.rules.scoring.ScoringProfile;

import org.apache.flink.connector.base.DeliveryGuarantee;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Typed configuration of the scoring job, with every default in one place. Parsed from {@code --key
 * value} arguments (the same on a cluster and locally); an unknown key or a bad value fails at
 * start-up with a message naming the key. Kafka client properties are passed as {@code
 * --kafka.<property> value} (for example {@code --kafka.security.protocol SASL_SSL}) or in a client
 * properties file ({@code --kafka-config FILE}); credentials come from that file or the
 * environment, never from arguments (see {@link KafkaClientSecurity}).
 */
public record JobConfig(
        KafkaEndpoint kafka,
        ScoringProfile profile,
        String jobName,
        String groupId,
        String interactionsTopic,
        String tierChangesTopic,
        String deadLetterTopic,
        String liveTopic,
        String liveNotificationsTopic,
        int notifyBuckets,
        Duration outOfOrderness,
        Duration idleness,
        boolean followWallClock,
        DeliveryGuarantee deliveryGuarantee,
        String transactionalIdPrefix,
        Duration checkpointInterval,
        String checkpointDir,
        Integer parallelism,
        boolean bounded,
        boolean fromEarliest,
        Map<String, String> flinkSettings,
        AudienceConfig audience)
        implements Serializable {

    /**
     * Every key with its default ("" = none); the documentation of options in README mirrors it.
     */
    public static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("bootstrap", "127.0.0.1:9092");
        d.put("kafka-config", "");
        d.put("profile", ProfileLoader.DEFAULT_PROFILE);
        d.put("job-name", "fanscore-scoring");
        d.put("group-id", "fanscore-scoring");
        d.put("topic.interactions", Topics.INTERACTIONS);
        d.put("topic.tier-changes", Topics.TIER_CHANGES);
        d.put("topic.deadletter", Topics.DEAD_LETTER);
        d.put("topic.live", Topics.LIVE);
        d.put("topic.live-notifications", Topics.LIVE_NOTIFICATIONS);
        d.put("topic.audience-deltas", Topics.AUDIENCE_DELTAS);
        d.put("topic.package-control", Topics.PACKAGE_CONTROL);
        d.put("packages", "");
        d.put("packages.salts", "");
        d.put("packages.path", "");
        d.put("notify.buckets", "128");
        d.put("out-of-orderness", "10s");
        d.put("idleness", "30s");
        d.put("follow-wall-clock", "true");
        d.put("delivery", "exactly-once");
        d.put("transactional-id-prefix", "fanscore-scoring");
        d.put("checkpoint-interval", "10s");
        d.put("checkpoint-dir", "");
        d.put("parallelism", "");
        d.put("bounded", "false");
        d.put("from", "committed");
        return java.util.Collections.unmodifiableMap(d);
    }

    private static final Set<String> FLAGS = Set.of("bounded");

    /**
     * How the sources' event time advances: a running job lets caught-up live partitions follow the
     * wall clock; a bounded replay advances only with the events it reads (SPEC §6).
     */
    public EventTimePolicy eventTimePolicy() {
        return bounded || !followWallClock
                ? EventTimePolicy.replay(outOfOrderness, idleness)
                : EventTimePolicy.running(outOfOrderness, idleness);
    }

    public static JobConfig fromArgs(String... args) {
        return fromArgs(System.getenv(), args);
    }

    /** As {@link #fromArgs(String...)}, with Kafka credentials from {@code environment}. */
    public static JobConfig fromArgs(Map<String, String> environment, String... args) {
        Map<String, String> values = new HashMap<>(DEFAULTS);
        Map<String, String> kafkaProperties = new LinkedHashMap<>();
        Map<String, String> flinkSettings = new LinkedHashMap<>();
        boolean fromGiven = false;
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
            if (key.startsWith("kafka.")) {
                kafkaProperties.put(key.substring("kafka.".length()), value);
            } else if (key.startsWith("flink.")) {
                flinkSettings.put(key.substring("flink.".length()), value);
            } else if (values.containsKey(key)) {
                values.put(key, value);
                fromGiven |= key.equals("from");
            } else {
                throw new ConfigException(
                        "'" + key + "' is not a known option (known: " + DEFAULTS.keySet() + ")");
            }
        }
        boolean bounded = bool(values, "bounded");
        if (bounded && !fromGiven) {
            // A replay or backfill reads the topics from the start into fresh state.
            values.put("from", "earliest");
        }
        return new JobConfig(
                kafkaEndpoint(values, kafkaProperties, environment),
                loadProfile(values.get("profile")),
                required(values, "job-name"),
                required(values, "group-id"),
                required(values, "topic.interactions"),
                required(values, "topic.tier-changes"),
                required(values, "topic.deadletter"),
                required(values, "topic.live"),
                required(values, "topic.live-notifications"),
                positive(values, "notify.buckets"),
                duration(values, "out-of-orderness"),
                duration(values, "idleness"),
                bool(values, "follow-wall-clock"),
                delivery(values.get("delivery")),
                required(values, "transactional-id-prefix"),
                duration(values, "checkpoint-interval"),
                values.get("checkpoint-dir").isBlank() ? null : values.get("checkpoint-dir"),
                parallelism(values.get("parallelism")),
                bounded,
                from(values.get("from")),
                Map.copyOf(flinkSettings),
                audience(values));
    }

    /** Audience packages are on when a definitions file is given. */
    private static AudienceConfig audience(Map<String, String> values) {
        String definitions = values.get("packages");
        if (definitions.isBlank()) {
            return null;
        }
        String path = values.get("packages.path");
        if (path.isBlank()) {
            throw new ConfigException(
                    "'packages.path' is required with 'packages' (where versions are written)");
        }
        String salts = values.get("packages.salts");
        PackageCatalog catalog;
        try {
            catalog =
                    PackageCatalogLoader.load(
                            Path.of(definitions), salts.isBlank() ? null : Path.of(salts));
        } catch (PackageException e) {
            throw new ConfigException("'packages' " + e.getMessage());
        }
        return new AudienceConfig(
                catalog,
                path,
                required(values, "topic.audience-deltas"),
                required(values, "topic.package-control"));
    }

    private static KafkaEndpoint kafkaEndpoint(
            Map<String, String> values,
            Map<String, String> kafkaProperties,
            Map<String, String> environment) {
        String configFile = values.get("kafka-config");
        try {
            return KafkaClientSecurity.endpoint(
                    required(values, "bootstrap"),
                    configFile.isBlank() ? null : Path.of(configFile),
                    kafkaProperties,
                    environment);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Kafka client settings: " + e.getMessage());
        }
    }

    private static ScoringProfile loadProfile(String pathOrName) {
        try {
            return ProfileLoader.load(pathOrName);
        } catch (RuntimeException e) {
            throw new ConfigException("'profile' " + e.getMessage());
        }
    }

    private static String required(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            throw new ConfigException("'" + key + "' must not be empty");
        }
        return value;
    }

    private static boolean bool(Map<String, String> values, String key) {
        String value = values.get(key);
        if (!value.equals("true") && !value.equals("false")) {
            throw new ConfigException("'" + key + "' must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    static Duration duration(Map<String, String> values, String key) {
        String value = required(values, key);
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("'" + key + "': " + e.getMessage());
        }
    }

    private static DeliveryGuarantee delivery(String value) {
        return switch (value) {
            case "exactly-once" -> DeliveryGuarantee.EXACTLY_ONCE;
            case "at-least-once" -> DeliveryGuarantee.AT_LEAST_ONCE;
            default ->
                    throw new ConfigException(
                            "'delivery' must be exactly-once or at-least-once, got '"
                                    + value
                                    + "'");
        };
    }

    private static int positive(Map<String, String> values, String key) {
        try {
            int value = Integer.parseInt(values.get(key));
            if (value < 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(
                    "'" + key + "' must be a positive integer, got '" + values.get(key) + "'");
        }
    }

    private static Integer parallelism(String value) {
        if (value.isBlank()) {
            return null;
        }
        try {
            int parallelism = Integer.parseInt(value);
            if (parallelism < 1) {
                throw new NumberFormatException();
            }
            return parallelism;
        } catch (NumberFormatException e) {
            throw new ConfigException(
                    "'parallelism' must be a positive integer, got '" + value + "'");
        }
    }

    private static boolean from(String value) {
        return switch (value) {
            case "earliest" -> true;
            case "committed" -> false;
            default ->
                    throw new ConfigException(
                            "'from' must be earliest or committed, got '" + value + "'");
        };
    }

    /** A configuration that cannot be used; the message names the key. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
