package io.fanscore.jobs;

import io.fanscore.connectors.Topics;
import io.fanscore.connectors.kafka.KafkaClientSecurity;
import io.fanscore.connectors.kafka.KafkaEndpoint;
import io.fanscore.connectors.kafka.eventtime.EventTimePolicy;
import io.fanscore.jobs.packages.AudienceConfig;
import io.fanscore.rules.packages.PackageCatalog;
import io.fanscore.rules.packages.PackageCatalogLoader;
import io.fanscore.rules.packages.PackageException;
import io.fanscore.rules.scoring.ProfileAssignments;
import io.fanscore.rules.scoring.ProfileLoader;
import io.fanscore.rules.scoring.ProfileSet;
import io.fanscore.rules.scoring.ScoringProfile;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The scoring job's checked configuration, built by {@link #from} from a Flink {@link
 * Configuration} of {@link JobOptions} (where every default lives): an unknown key or a bad value
 * fails at start-up with a message naming the key. Kafka client properties are passed as {@code
 * kafka.<property>} keys or in a client properties file ({@code kafka-config}); credentials come
 * from that file or the environment, never from options (see {@link KafkaClientSecurity}).
 */
public record JobConfig(
        KafkaEndpoint kafka,
        ProfileSet profiles,
        String jobName,
        String groupId,
        String interactionsTopic,
        String tierChangesTopic,
        String deadLetterTopic,
        String liveTopic,
        String liveNotificationsTopic,
        String profilesTopic,
        PushTopics pushTopics,
        Erasures erasures,
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
        AudienceConfig audience,
        Set<String> metricCreators)
        implements Serializable {

    /**
     * The topics of subscription pushes (SPEC §12).
     *
     * @param pushes where creators' pushes are read; null when pushes are off
     */
    public record PushTopics(String pushes, String outcomes, String notifications)
            implements Serializable {}

    /**
     * Erasure requests and their outcomes.
     *
     * @param requests where fans' erasure requests are read; null when erasures are off
     * @param salt what the fan id is hashed with in an outcome
     */
    public record Erasures(String requests, String outcomes, String salt) implements Serializable {}

    /** Whether erasure requests are read ({@code topic.erasures} not empty). */
    public boolean readsErasures() {
        return erasures.requests() != null;
    }

    /** The salt of the fan hash in erasure outcomes ({@code erasure.salt}). */
    public String erasureSalt() {
        return erasures.salt();
    }

    /** Whether subscription pushes are read ({@code topic.pushes} not empty). */
    public boolean pushes() {
        return pushTopics.pushes() != null;
    }

    /** Where pushes are read; the default topic when pushes are off (named in dead letters). */
    public String pushesTopic() {
        return pushes() ? pushTopics.pushes() : Topics.PUSHES;
    }

    /** The profile of every creator without an assignment ({@code profile}). */
    public ScoringProfile profile() {
        return profiles.defaultProfile();
    }

    /** Whether creators may be moved to another profile at runtime ({@code topic.profiles}). */
    public boolean runtimeProfiles() {
        return profilesTopic != null;
    }

    /**
     * How the sources' event time advances: a running job lets caught-up live partitions follow the
     * wall clock; a bounded replay advances only with the events it reads (SPEC §6).
     */
    public EventTimePolicy eventTimePolicy() {
        return bounded || !followWallClock
                ? EventTimePolicy.replay(outOfOrderness, idleness)
                : EventTimePolicy.running(outOfOrderness, idleness);
    }

    /** The job's command line ({@link JobArguments}), checked; for entry points. */
    public static JobConfig fromArgs(String... args) {
        return from(JobArguments.parse(args));
    }

    public static JobConfig from(Configuration options) {
        return from(options, System.getenv());
    }

    /** As {@link #from(Configuration)}, with Kafka credentials from {@code environment}. */
    public static JobConfig from(Configuration options, Map<String, String> environment) {
        Map<String, String> kafkaProperties = new LinkedHashMap<>();
        Map<String, String> flinkSettings = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : options.toMap().entrySet()) {
            String key = entry.getKey();
            if (key.startsWith(JobOptions.KAFKA_PREFIX)) {
                kafkaProperties.put(
                        key.substring(JobOptions.KAFKA_PREFIX.length()), entry.getValue());
            } else if (key.startsWith(JobOptions.FLINK_PREFIX)) {
                flinkSettings.put(
                        key.substring(JobOptions.FLINK_PREFIX.length()), entry.getValue());
            } else if (!KNOWN.contains(key)) {
                throw new ConfigException(
                        "'" + key + "' is not a known option (known: " + KNOWN + ")");
            }
        }
        boolean bounded = get(options, JobOptions.BOUNDED);
        // A replay or backfill reads the topics from the start into fresh state.
        JobOptions.StartFrom from =
                bounded && !options.contains(JobOptions.FROM)
                        ? JobOptions.StartFrom.EARLIEST
                        : get(options, JobOptions.FROM);
        KafkaEndpoint kafka = kafkaEndpoint(options, kafkaProperties, environment);
        return new JobConfig(
                kafka,
                profileSet(
                        get(options, JobOptions.PROFILE),
                        optional(options, JobOptions.PROFILE_ASSIGNMENTS)),
                required(options, JobOptions.JOB_NAME),
                required(options, JobOptions.GROUP_ID),
                required(options, JobOptions.INTERACTIONS_TOPIC),
                required(options, JobOptions.TIER_CHANGES_TOPIC),
                required(options, JobOptions.DEAD_LETTER_TOPIC),
                required(options, JobOptions.LIVE_TOPIC),
                required(options, JobOptions.LIVE_NOTIFICATIONS_TOPIC),
                optional(options, JobOptions.PROFILES_TOPIC),
                new PushTopics(
                        optional(options, JobOptions.PUSHES_TOPIC),
                        required(options, JobOptions.PUSH_OUTCOMES_TOPIC),
                        required(options, JobOptions.PUSH_NOTIFICATIONS_TOPIC)),
                new Erasures(
                        optional(options, JobOptions.ERASURES_TOPIC),
                        required(options, JobOptions.ERASURE_OUTCOMES_TOPIC),
                        required(options, JobOptions.ERASURE_SALT)),
                positive(options, JobOptions.NOTIFY_BUCKETS),
                duration(options, JobOptions.OUT_OF_ORDERNESS),
                duration(options, JobOptions.IDLENESS),
                get(options, JobOptions.FOLLOW_WALL_CLOCK),
                get(options, JobOptions.DELIVERY).guarantee(),
                required(options, JobOptions.TRANSACTIONAL_ID_PREFIX),
                duration(options, JobOptions.CHECKPOINT_INTERVAL),
                optional(options, JobOptions.CHECKPOINT_DIR),
                options.contains(JobOptions.PARALLELISM)
                        ? positive(options, JobOptions.PARALLELISM)
                        : null,
                bounded,
                from == JobOptions.StartFrom.EARLIEST,
                Map.copyOf(flinkSettings),
                audience(options, kafka),
                Set.copyOf(get(options, JobOptions.METRICS_CREATORS)));
    }

    private static final Set<String> KNOWN =
            JobOptions.ALL.stream()
                    .map(ConfigOption::key)
                    .collect(Collectors.toCollection(java.util.LinkedHashSet::new));

    /** Audience packages are on when a definitions file is given. */
    private static AudienceConfig audience(Configuration options, KafkaEndpoint kafka) {
        String definitions = optional(options, JobOptions.PACKAGES);
        if (definitions == null) {
            return null;
        }
        String path = optional(options, JobOptions.PACKAGES_PATH);
        if (path == null) {
            throw new ConfigException(
                    "'packages.path' is required with 'packages' (where versions are written)");
        }
        String salts = optional(options, JobOptions.PACKAGES_SALTS);
        PackageCatalog catalog;
        try {
            catalog =
                    PackageCatalogLoader.load(
                            Path.of(definitions), salts == null ? null : Path.of(salts));
        } catch (PackageException e) {
            throw new RefusedPackageFile(
                    e.getMessage(),
                    definitions,
                    kafka,
                    optional(options, JobOptions.PACKAGE_AUDIT_TOPIC));
        }
        return new AudienceConfig(
                catalog,
                definitions,
                path,
                required(options, JobOptions.AUDIENCE_DELTAS_TOPIC),
                required(options, JobOptions.PACKAGE_CONTROL_TOPIC),
                required(options, JobOptions.PACKAGE_AUDIT_TOPIC));
    }

    private static KafkaEndpoint kafkaEndpoint(
            Configuration options,
            Map<String, String> kafkaProperties,
            Map<String, String> environment) {
        String configFile = optional(options, JobOptions.KAFKA_CONFIG);
        try {
            return KafkaClientSecurity.endpoint(
                    required(options, JobOptions.BOOTSTRAP),
                    configFile == null ? null : Path.of(configFile),
                    kafkaProperties,
                    environment);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Kafka client settings: " + e.getMessage());
        }
    }

    /**
     * The profiles a job scores with: every creator under {@code profile} (a file or a built-in
     * name), unless an assignments file (or null) says otherwise.
     */
    public static ProfileSet profileSet(String profilePathOrName, String assignments) {
        ScoringProfile profile = loadProfile(profilePathOrName);
        if (assignments == null) {
            return ProfileSet.single(profile);
        }
        try {
            return ProfileAssignments.load(profile, Path.of(assignments));
        } catch (RuntimeException e) {
            throw new ConfigException("'profile-assignments' " + e.getMessage());
        }
    }

    private static ScoringProfile loadProfile(String pathOrName) {
        try {
            return ProfileLoader.load(pathOrName);
        } catch (RuntimeException e) {
            throw new ConfigException("'profile' " + e.getMessage());
        }
    }

    /** The option's value, or its default; a value of the wrong type fails naming the key. */
    private static <T> T get(Configuration options, ConfigOption<T> option) {
        try {
            return options.get(option);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    "'"
                            + option.key()
                            + "': '"
                            + options.toMap().get(option.key())
                            + "' is not "
                            + expected(option));
        }
    }

    private static String expected(ConfigOption<?> option) {
        Object example = option.hasDefaultValue() ? option.defaultValue() : null;
        if (example instanceof Duration) {
            return "a duration such as 500ms, 10s, 5min, 24h or 30d";
        }
        if (example instanceof Boolean) {
            return "true or false";
        }
        if (example instanceof Enum<?> value) {
            return "one of "
                    + java.util.Arrays.toString(value.getDeclaringClass().getEnumConstants());
        }
        return "a valid value";
    }

    private static String optional(Configuration options, ConfigOption<String> option) {
        String value = get(options, option);
        return value == null || value.isBlank() ? null : value;
    }

    private static String required(Configuration options, ConfigOption<String> option) {
        String value = optional(options, option);
        if (value == null) {
            throw new ConfigException("'" + option.key() + "' must not be empty");
        }
        return value;
    }

    private static Duration duration(Configuration options, ConfigOption<Duration> option) {
        Duration value = get(options, option);
        if (value.isNegative()) {
            throw new ConfigException("'" + option.key() + "' must not be negative");
        }
        return value;
    }

    private static int positive(Configuration options, ConfigOption<Integer> option) {
        Integer value;
        try {
            value = options.get(option);
        } catch (IllegalArgumentException e) {
            value = null;
        }
        if (value == null || value < 1) {
            throw new ConfigException(
                    "'"
                            + option.key()
                            + "' must be a positive integer, got '"
                            + options.toMap().get(option.key())
                            + "'");
        }
        return value;
    }

    /** A configuration that cannot be used; the message names the key. */
    public static class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }

    /**
     * A package definitions file the job will not start with: what to tell the package audit before
     * stopping.
     *
     * @see io.fanscore.jobs.packages.audit.RefusedFileAudit
     */
    public static final class RefusedPackageFile extends ConfigException {

        private final String refusal;
        private final String definitionsFile;
        private final transient KafkaEndpoint kafka;
        private final String auditTopic;

        RefusedPackageFile(
                String refusal, String definitionsFile, KafkaEndpoint kafka, String auditTopic) {
            super("'packages' " + refusal);
            this.refusal = refusal;
            this.definitionsFile = definitionsFile;
            this.kafka = kafka;
            this.auditTopic = auditTopic;
        }

        public String refusal() {
            return refusal;
        }

        public String definitionsFile() {
            return definitionsFile;
        }

        public KafkaEndpoint kafka() {
            return kafka;
        }

        /** Null when the audit is off. */
        public String auditTopic() {
            return auditTopic;
        }
    }
}
