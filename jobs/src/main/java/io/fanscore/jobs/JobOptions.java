package io.fanscore.jobs;

import io.fanscore.connectors.Topics;
import io.fanscore.jobs.scoring.PairScoringOperator;
import io.fanscore.rules.scoring.ProfileLoader;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.util.TimeUtils;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Every option of the scoring job, with its type and default: the one place defaults live. A job is
 * configured with a Flink {@link Configuration} of these (code sets them typed; {@link
 * JobArguments} reads them from {@code --key value} arguments); {@link JobConfig#from} checks it.
 * Durations take Flink's syntax, as everywhere in fanscore. Two families of keys pass through:
 * {@code kafka.<property>} to every Kafka client, {@code flink.<key>} to Flink's configuration.
 */
public final class JobOptions {

    /** Prefix of Kafka client properties, for example {@code kafka.security.protocol}. */
    public static final String KAFKA_PREFIX = "kafka.";

    /** Prefix of Flink settings, for example {@code flink.state.backend.type}. */
    public static final String FLINK_PREFIX = "flink.";

    /** How outputs reach Kafka; named as the options file writes it. */
    public enum Delivery {
        EXACTLY_ONCE(DeliveryGuarantee.EXACTLY_ONCE),
        AT_LEAST_ONCE(DeliveryGuarantee.AT_LEAST_ONCE);

        private final DeliveryGuarantee guarantee;

        Delivery(DeliveryGuarantee guarantee) {
            this.guarantee = guarantee;
        }

        public DeliveryGuarantee guarantee() {
            return guarantee;
        }

        /** The delivery named {@code exactly-once} or {@code at-least-once}. */
        public static Delivery named(String name) {
            for (Delivery delivery : values()) {
                if (delivery.toString().equals(name)) {
                    return delivery;
                }
            }
            throw new IllegalArgumentException(
                    "delivery must be exactly-once or at-least-once, got '" + name + "'");
        }

        /** {@code exactly-once}, {@code at-least-once}: what Flink parses and prints. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Where the sources start when the consumer group has committed nothing (or always). */
    public enum StartFrom {
        /** The group's committed offsets, the earliest where there are none. */
        COMMITTED,
        /** The start of every partition, whatever was committed. */
        EARLIEST;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final ConfigOption<String> BOOTSTRAP =
            ConfigOptions.key("bootstrap")
                    .stringType()
                    .defaultValue("127.0.0.1:9092")
                    .withDescription("Kafka bootstrap servers");

    public static final ConfigOption<String> KAFKA_CONFIG =
            ConfigOptions.key("kafka-config")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("a Kafka client properties file (where SASL secrets live)");

    public static final ConfigOption<String> PROFILE =
            ConfigOptions.key("profile")
                    .stringType()
                    .defaultValue(ProfileLoader.DEFAULT_PROFILE)
                    .withDescription("a scoring profile file, or the name of a shipped one");

    public static final ConfigOption<String> PROFILE_ASSIGNMENTS =
            ConfigOptions.key("profile-assignments")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "a file of creator_id: profile; other creators get 'profile' (SPEC §11)");

    public static final ConfigOption<String> JOB_NAME =
            ConfigOptions.key("job-name").stringType().defaultValue("fanscore-scoring");

    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("group-id").stringType().defaultValue("fanscore-scoring");

    public static final ConfigOption<String> INTERACTIONS_TOPIC =
            ConfigOptions.key("topic.interactions").stringType().defaultValue(Topics.INTERACTIONS);

    public static final ConfigOption<String> TIER_CHANGES_TOPIC =
            ConfigOptions.key("topic.tier-changes").stringType().defaultValue(Topics.TIER_CHANGES);

    public static final ConfigOption<String> DEAD_LETTER_TOPIC =
            ConfigOptions.key("topic.deadletter").stringType().defaultValue(Topics.DEAD_LETTER);

    public static final ConfigOption<String> LIVE_TOPIC =
            ConfigOptions.key("topic.live").stringType().defaultValue(Topics.LIVE);

    public static final ConfigOption<String> LIVE_NOTIFICATIONS_TOPIC =
            ConfigOptions.key("topic.live-notifications")
                    .stringType()
                    .defaultValue(Topics.LIVE_NOTIFICATIONS);

    public static final ConfigOption<String> AUDIENCE_DELTAS_TOPIC =
            ConfigOptions.key("topic.audience-deltas")
                    .stringType()
                    .defaultValue(Topics.AUDIENCE_DELTAS);

    /**
     * Creators whose fan-value metrics also carry a {@code creator} label; every other creator
     * counts only in the totals, so the number of series stays bounded.
     */
    public static final ConfigOption<List<String>> METRICS_CREATORS =
            ConfigOptions.key("metrics.creators").stringType().asList().defaultValues();

    /** Every package definition change (file at start-up, control topic) and its decision. */
    public static final ConfigOption<String> PACKAGE_AUDIT_TOPIC =
            ConfigOptions.key("topic.package-audit")
                    .stringType()
                    .defaultValue(Topics.PACKAGE_AUDIT);

    /** Runtime profile assignments (SPEC §11); an empty value turns them off. */
    public static final ConfigOption<String> PROFILES_TOPIC =
            ConfigOptions.key("topic.profiles")
                    .stringType()
                    .defaultValue(Topics.PROFILES)
                    .withDescription(
                            "Creators moved to another profile at runtime; empty for none.");

    /** Subscription pushes (SPEC §12); an empty value turns them off. */
    public static final ConfigOption<String> PUSHES_TOPIC =
            ConfigOptions.key("topic.pushes")
                    .stringType()
                    .defaultValue(Topics.PUSHES)
                    .withDescription("Subscription pushes creators send; empty for none.");

    public static final ConfigOption<String> PUSH_OUTCOMES_TOPIC =
            ConfigOptions.key("topic.push-outcomes")
                    .stringType()
                    .defaultValue(Topics.PUSH_OUTCOMES);

    public static final ConfigOption<String> PUSH_NOTIFICATIONS_TOPIC =
            ConfigOptions.key("topic.push-notifications")
                    .stringType()
                    .defaultValue(Topics.PUSH_NOTIFICATIONS);

    /** Fans' erasure requests; an empty value turns erasure off. */
    public static final ConfigOption<String> ERASURES_TOPIC =
            ConfigOptions.key("topic.erasures")
                    .stringType()
                    .defaultValue(Topics.ERASURES)
                    .withDescription("Fans asking to be forgotten; empty for none.");

    public static final ConfigOption<String> ERASURE_OUTCOMES_TOPIC =
            ConfigOptions.key("topic.erasure-outcomes")
                    .stringType()
                    .defaultValue(Topics.ERASURE_OUTCOMES);

    /** The salt an erasure outcome hashes the fan id with: set your own in production. */
    public static final ConfigOption<String> ERASURE_SALT =
            ConfigOptions.key("erasure.salt")
                    .stringType()
                    .defaultValue(PairScoringOperator.DEFAULT_ERASURE_SALT)
                    .withDescription("salt of the fan hash in erasure outcomes");

    public static final ConfigOption<String> PACKAGE_CONTROL_TOPIC =
            ConfigOptions.key("topic.package-control")
                    .stringType()
                    .defaultValue(Topics.PACKAGE_CONTROL);

    public static final ConfigOption<String> PACKAGES =
            ConfigOptions.key("packages")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("package definitions file; packages are on when given");

    public static final ConfigOption<String> PACKAGES_SALTS =
            ConfigOptions.key("packages.salts").stringType().noDefaultValue();

    public static final ConfigOption<String> PACKAGES_PATH =
            ConfigOptions.key("packages.path")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("where versions are written: any Flink file system URI");

    public static final ConfigOption<Integer> NOTIFY_BUCKETS =
            ConfigOptions.key("notify.buckets").intType().defaultValue(128);

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
            ConfigOptions.key("out-of-orderness").durationType().defaultValue(seconds(10));

    public static final ConfigOption<Duration> IDLENESS =
            ConfigOptions.key("idleness").durationType().defaultValue(seconds(30));

    public static final ConfigOption<Boolean> FOLLOW_WALL_CLOCK =
            ConfigOptions.key("follow-wall-clock").booleanType().defaultValue(true);

    public static final ConfigOption<Delivery> DELIVERY =
            ConfigOptions.key("delivery")
                    .enumType(Delivery.class)
                    .defaultValue(Delivery.EXACTLY_ONCE);

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            ConfigOptions.key("transactional-id-prefix")
                    .stringType()
                    .defaultValue("fanscore-scoring");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key("checkpoint-interval").durationType().defaultValue(seconds(10));

    public static final ConfigOption<String> CHECKPOINT_DIR =
            ConfigOptions.key("checkpoint-dir").stringType().noDefaultValue();

    public static final ConfigOption<Integer> PARALLELISM =
            ConfigOptions.key("parallelism").intType().noDefaultValue();

    public static final ConfigOption<Boolean> BOUNDED =
            ConfigOptions.key("bounded")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("replay what the topics hold, then end");

    public static final ConfigOption<StartFrom> FROM =
            ConfigOptions.key("from")
                    .enumType(StartFrom.class)
                    .defaultValue(StartFrom.COMMITTED)
                    .withDescription("earliest when bounded, unless given");

    /** Every option, in the order help and documentation list them. */
    public static final List<ConfigOption<?>> ALL =
            List.of(
                    BOOTSTRAP,
                    KAFKA_CONFIG,
                    PROFILE,
                    PROFILE_ASSIGNMENTS,
                    JOB_NAME,
                    GROUP_ID,
                    INTERACTIONS_TOPIC,
                    TIER_CHANGES_TOPIC,
                    DEAD_LETTER_TOPIC,
                    LIVE_TOPIC,
                    LIVE_NOTIFICATIONS_TOPIC,
                    AUDIENCE_DELTAS_TOPIC,
                    PACKAGE_CONTROL_TOPIC,
                    PACKAGE_AUDIT_TOPIC,
                    METRICS_CREATORS,
                    PROFILES_TOPIC,
                    PUSHES_TOPIC,
                    PUSH_OUTCOMES_TOPIC,
                    PUSH_NOTIFICATIONS_TOPIC,
                    ERASURES_TOPIC,
                    ERASURE_OUTCOMES_TOPIC,
                    ERASURE_SALT,
                    PACKAGES,
                    PACKAGES_SALTS,
                    PACKAGES_PATH,
                    NOTIFY_BUCKETS,
                    OUT_OF_ORDERNESS,
                    IDLENESS,
                    FOLLOW_WALL_CLOCK,
                    DELIVERY,
                    TRANSACTIONAL_ID_PREFIX,
                    CHECKPOINT_INTERVAL,
                    CHECKPOINT_DIR,
                    PARALLELISM,
                    BOUNDED,
                    FROM);

    private JobOptions() {}

    /** Sets a Kafka client property for every client of the job. */
    public static Configuration kafkaProperty(Configuration options, String key, String value) {
        options.setString(KAFKA_PREFIX + key, value);
        return options;
    }

    /** Sets a Flink setting of the job ({@code state.backend.type}, ...). */
    public static Configuration flinkSetting(Configuration options, String key, String value) {
        options.setString(FLINK_PREFIX + key, value);
        return options;
    }

    /** An option's default as a user writes it: {@code 10 s}, {@code exactly-once}, (none). */
    public static String defaultText(ConfigOption<?> option) {
        if (!option.hasDefaultValue()) {
            return "(none)";
        }
        Object value = option.defaultValue();
        return value instanceof Duration duration
                ? TimeUtils.formatWithHighestUnit(duration)
                : String.valueOf(value);
    }

    private static Duration seconds(long seconds) {
        return Duration.ofSeconds(seconds);
    }
}
