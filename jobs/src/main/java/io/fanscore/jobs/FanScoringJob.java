package io.fanscore.jobs;

import io.fanscore.connectors.FanscoreKafka;
import io.fanscore.connectors.kafka.EnvelopeDeserializer;
import io.fanscore.jobs.packages.audit.RefusedFileAudit;
import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.ErasureOutcome;
import io.fanscore.schema.LiveNotification;
import io.fanscore.schema.PackageAudit;
import io.fanscore.schema.PushNotification;
import io.fanscore.schema.PushOutcome;
import io.fanscore.schema.TierChange;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The scoring job's entry point, the same on a cluster ({@code flink run fanscore-job.jar
 * --bootstrap ...}) and locally ({@code ./fanscore run}). Wires Kafka to {@link
 * FanScoringPipeline}.
 */
public final class FanScoringJob {

    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(FanScoringJob.class);

    private FanScoringJob() {}

    public static void main(String[] args) throws Exception {
        JobConfig config;
        try {
            config = configure(args);
        } catch (JobConfig.ConfigException e) {
            System.err.println("fanscore: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        execute(config);
    }

    /**
     * The job's configuration from its arguments; a refused package definitions file is also
     * written to the package audit ({@link RefusedFileAudit}) before this throws.
     */
    public static JobConfig configure(String... args) {
        try {
            return JobConfig.fromArgs(args);
        } catch (JobConfig.RefusedPackageFile refused) {
            RefusedFileAudit.tell(refused);
            throw refused;
        }
    }

    /** Builds the job on the environment of this process (a cluster, or a local MiniCluster). */
    public static StreamExecutionEnvironment environment(JobConfig config) {
        Configuration settings = FlinkSettings.forJob(config);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(settings);
        if (env instanceof LocalStreamEnvironment) {
            // In this JVM nobody else sets up Flink's file systems: an s3:// packages.path or
            // checkpoint directory takes its endpoint and credentials from the job's --flink.s3.*
            // settings. On a cluster its own configuration does, and this is not touched.
            FileSystem.initialize(settings, null);
        }
        FanScoringPipeline.of(config)
                .withAudience(config.audience())
                .build(env, inputs(config), outputs(config));
        return env;
    }

    public static JobExecutionResult execute(JobConfig config) throws Exception {
        return environment(config).execute(config.jobName());
    }

    public static JobClient executeAsync(JobConfig config) throws Exception {
        return environment(config).executeAsync(config.jobName());
    }

    public static FanScoringPipeline.Inputs inputs(JobConfig config) {
        FanScoringPipeline.Inputs inputs =
                new FanScoringPipeline.Inputs(
                        FanscoreKafka.source(
                                config.kafka(),
                                config.interactionsTopic(),
                                config.groupId(),
                                EnvelopeDeserializer.interactions(),
                                config.bounded(),
                                config.fromEarliest(),
                                config.eventTimePolicy(),
                                FanScoringPipeline.interactionTimes(config.profile())),
                        FanscoreKafka.source(
                                config.kafka(),
                                config.liveTopic(),
                                config.groupId(),
                                EnvelopeDeserializer.liveEvents(),
                                config.bounded(),
                                config.fromEarliest(),
                                config.eventTimePolicy(),
                                FanScoringPipeline.liveTimes(config.profile())),
                        config.audience() == null
                                ? null
                                : FanscoreKafka.source(
                                        config.kafka(),
                                        config.audience().controlTopic(),
                                        config.groupId(),
                                        EnvelopeDeserializer.packageControls(),
                                        config.bounded(),
                                        // Every job reads all package changes: they live in its
                                        // state.
                                        true),
                        readsProfileAssignments(config)
                                ? FanscoreKafka.source(
                                        config.kafka(),
                                        config.profilesTopic(),
                                        config.groupId(),
                                        EnvelopeDeserializer.profileAssignments(),
                                        config.bounded(),
                                        // Which profile a creator is under is state, like package
                                        // changes.
                                        true,
                                        config.eventTimePolicy(),
                                        FanScoringPipeline.assignmentTimes(config.profiles()))
                                : null);
        if (readsErasures(config)) {
            inputs =
                    inputs.withErasures(
                            FanscoreKafka.source(
                                    config.kafka(),
                                    config.erasures().requests(),
                                    config.groupId(),
                                    EnvelopeDeserializer.erasures(),
                                    config.bounded(),
                                    config.fromEarliest(),
                                    config.eventTimePolicy(),
                                    FanScoringPipeline.erasureTimes(config.profile())));
        }
        return readsPushes(config)
                ? inputs.withPushes(
                        FanscoreKafka.source(
                                config.kafka(),
                                config.pushesTopic(),
                                config.groupId(),
                                EnvelopeDeserializer.pushes(),
                                config.bounded(),
                                config.fromEarliest(),
                                config.eventTimePolicy(),
                                FanScoringPipeline.pushTimes(config.profile())))
                : inputs;
    }

    /** Whether runtime profile assignments are read ({@link #readsOptional}). */
    private static boolean readsProfileAssignments(JobConfig config) {
        return readsOptional(
                config, config.runtimeProfiles(), config.profilesTopic(), "topic.profiles");
    }

    /** Whether erasure requests are read ({@link #readsOptional}). */
    private static boolean readsErasures(JobConfig config) {
        return readsOptional(
                config, config.readsErasures(), config.erasures().requests(), "topic.erasures");
    }

    /** Whether subscription pushes are read ({@link #readsOptional}). */
    private static boolean readsPushes(JobConfig config) {
        return readsOptional(config, config.pushes(), config.pushesTopic(), "topic.pushes");
    }

    /**
     * An optional input is read when its topic is set and exists: a deployment that never created
     * it runs without it rather than failing (its source would), and says so.
     */
    private static boolean readsOptional(
            JobConfig config, boolean enabled, String topic, String option) {
        if (!enabled) {
            return false;
        }
        if (FanscoreKafka.topicExists(config.kafka(), topic)) {
            return true;
        }
        LOG.warn(
                "Topic {} does not exist: not read (create it and restart the job to read it, or"
                        + " set {} empty to silence this)",
                topic,
                option);
        return false;
    }

    public static FanScoringPipeline.Outputs outputs(JobConfig config) {
        DeliveryGuarantee guarantee = config.deliveryGuarantee();
        FanScoringPipeline.Outputs outputs =
                new FanScoringPipeline.Outputs(
                        FanscoreKafka.sink(
                                config.kafka(),
                                config.tierChangesTopic(),
                                TierChange.class,
                                TierChange::getCreatorId,
                                guarantee,
                                config.transactionalIdPrefix() + "-tier-changes"),
                        FanscoreKafka.sink(
                                config.kafka(),
                                config.liveNotificationsTopic(),
                                LiveNotification.class,
                                LiveNotification::getFanId,
                                guarantee,
                                config.transactionalIdPrefix() + "-live-notifications"),
                        FanscoreKafka.sink(
                                config.kafka(),
                                config.deadLetterTopic(),
                                DeadLetter.class,
                                DeadLetter::getSourceTopic,
                                guarantee,
                                config.transactionalIdPrefix() + "-deadletter"),
                        config.audience() == null
                                ? null
                                : FanscoreKafka.sink(
                                        config.kafka(),
                                        config.audience().deltasTopic(),
                                        AudienceDelta.class,
                                        AudienceDelta::getPackageId,
                                        guarantee,
                                        config.transactionalIdPrefix() + "-audience-deltas"));
        if (config.audience() != null) {
            outputs =
                    outputs.withPackageAudit(
                            FanscoreKafka.sink(
                                    config.kafka(),
                                    config.audience().auditTopic(),
                                    PackageAudit.class,
                                    // A change too garbled to name its package: keyed by origin.
                                    a ->
                                            a.getPackageId() == null
                                                    ? a.getOrigin()
                                                    : a.getPackageId(),
                                    guarantee,
                                    config.transactionalIdPrefix() + "-package-audit"));
        }
        if (config.readsErasures()) {
            outputs =
                    outputs.withErasureOutcomes(
                            FanscoreKafka.sink(
                                    config.kafka(),
                                    config.erasures().outcomes(),
                                    ErasureOutcome.class,
                                    ErasureOutcome::getRequestId,
                                    guarantee,
                                    config.transactionalIdPrefix() + "-erasure-outcomes"));
        }
        if (!config.pushes()) {
            return outputs;
        }
        JobConfig.PushTopics topics = config.pushTopics();
        return outputs.withPushes(
                FanscoreKafka.sink(
                        config.kafka(),
                        topics.outcomes(),
                        PushOutcome.class,
                        PushOutcome::getCreatorId,
                        guarantee,
                        config.transactionalIdPrefix() + "-push-outcomes"),
                FanscoreKafka.sink(
                        config.kafka(),
                        topics.notifications(),
                        PushNotification.class,
                        PushNotification::getFanId,
                        guarantee,
                        config.transactionalIdPrefix() + "-push-notifications"));
    }
}
