package io.fanscore.cli.testutils;

import io.fanscore.jobs.FanScoringJob;
import io.fanscore.jobs.JobConfig;
import io.fanscore.jobs.JobOptions;
import io.fanscore.testutils.KafkaTestBroker;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real job with audience packages, on a MiniCluster against the test broker, in topics of its
 * own ({@code <name>.<role>}): bounded to the end of the interactions given in ({@link #run}), or
 * running until stopped ({@link #start}); package versions out under {@code <dir>/packages}.
 */
public final class PackageJob {

    private static final List<String> ROLES =
            List.of(
                    "interactions",
                    "live",
                    "tier-changes",
                    "notifications",
                    "deadletter",
                    "audience-deltas",
                    "package-control",
                    "package-audit",
                    "profiles",
                    "erasures",
                    "erasure-outcomes");

    private final KafkaTestBroker kafka;
    private final String name;
    private final Path dir;
    private final String packagesPath;
    private final Map<String, String> flinkSettings;

    public PackageJob(KafkaTestBroker kafka, String name, Path dir) {
        this(kafka, name, dir, dir.resolve("packages").toUri().toString(), Map.of());
    }

    private PackageJob(
            KafkaTestBroker kafka,
            String name,
            Path dir,
            String packagesPath,
            Map<String, String> flinkSettings) {
        this.kafka = kafka;
        this.name = name;
        this.dir = dir;
        this.packagesPath = packagesPath;
        this.flinkSettings = flinkSettings;
    }

    /**
     * The same job writing its package versions to {@code packagesPath} (an {@code s3://} URI),
     * with Flink settings of its own (the S3 file system's endpoint and credentials).
     */
    public PackageJob writingPackagesTo(String packagesPath, Map<String, String> flinkSettings) {
        return new PackageJob(kafka, name, dir, packagesPath, Map.copyOf(flinkSettings));
    }

    public String topic(String role) {
        return name + "." + role;
    }

    public Path packagesDir() {
        return dir.resolve("packages");
    }

    /** Creates the job's topics (one partition each), so input can be sent before it starts. */
    public void createTopics() throws Exception {
        kafka.createTopics(1, ROLES.stream().map(this::topic).toArray(String[]::new));
    }

    /**
     * Creates the topics, sends {@code interactions} (key and value bytes), runs the job to the end
     * of its input with the packages of {@code definitionsYaml} (and salts, or null), and returns
     * the packages directory.
     */
    public Path run(
            List<Map.Entry<byte[], byte[]>> interactions, String definitionsYaml, String salts)
            throws Exception {
        createTopics();
        kafka.produce(topic("interactions"), interactions);
        runBounded(definitionsYaml, salts, "general");
        return packagesDir();
    }

    /**
     * Runs the job to the end of what its topics ({@link #createTopics}) hold, every creator under
     * {@code profile}.
     */
    public JobExecutionResult runBounded(String definitionsYaml, String salts, String profile)
            throws Exception {
        Configuration options =
                options(definitionsYaml, salts)
                        .set(JobOptions.BOUNDED, true)
                        .set(JobOptions.PROFILE, profile);
        return FanScoringJob.execute(JobConfig.from(options));
    }

    /**
     * Starts the job on topics {@link #createTopics} made, running from their start, its event time
     * advanced by the records it reads only (not the wall clock), a caught-up idle input set aside
     * after a second.
     */
    public JobClient start(String definitionsYaml, String salts) throws Exception {
        return FanScoringJob.executeAsync(runningConfig(definitionsYaml, salts));
    }

    /** The configuration {@link #start} runs with, for a cluster the caller starts itself. */
    public JobConfig runningConfig(String definitionsYaml, String salts) throws Exception {
        return runningConfig(definitionsYaml, salts, Map.of());
    }

    /** As {@link #runningConfig(String, String)}, with Flink settings of the job's own. */
    public JobConfig runningConfig(
            String definitionsYaml, String salts, Map<String, String> flinkSettings)
            throws Exception {
        Configuration options =
                options(definitionsYaml, salts)
                        .set(JobOptions.FOLLOW_WALL_CLOCK, false)
                        .set(JobOptions.IDLENESS, Duration.ofSeconds(1))
                        .set(JobOptions.FROM, JobOptions.StartFrom.EARLIEST);
        flinkSettings.forEach((key, value) -> JobOptions.flinkSetting(options, key, value));
        return JobConfig.from(options);
    }

    private Configuration options(String definitionsYaml, String salts) throws Exception {
        Path definitions = dir.resolve("packages.yaml");
        Files.writeString(definitions, definitionsYaml);
        Configuration options =
                new Configuration()
                        .set(JobOptions.BOOTSTRAP, kafka.bootstrapServers())
                        .set(JobOptions.JOB_NAME, name)
                        .set(JobOptions.GROUP_ID, name)
                        .set(JobOptions.TRANSACTIONAL_ID_PREFIX, name)
                        .set(JobOptions.INTERACTIONS_TOPIC, topic("interactions"))
                        .set(JobOptions.LIVE_TOPIC, topic("live"))
                        .set(JobOptions.PROFILES_TOPIC, topic("profiles"))
                        .set(JobOptions.ERASURES_TOPIC, topic("erasures"))
                        .set(JobOptions.ERASURE_OUTCOMES_TOPIC, topic("erasure-outcomes"))
                        .set(JobOptions.TIER_CHANGES_TOPIC, topic("tier-changes"))
                        .set(JobOptions.LIVE_NOTIFICATIONS_TOPIC, topic("notifications"))
                        .set(JobOptions.DEAD_LETTER_TOPIC, topic("deadletter"))
                        .set(JobOptions.AUDIENCE_DELTAS_TOPIC, topic("audience-deltas"))
                        .set(JobOptions.PACKAGE_CONTROL_TOPIC, topic("package-control"))
                        .set(JobOptions.PACKAGE_AUDIT_TOPIC, topic("package-audit"))
                        .set(JobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1))
                        .set(
                                JobOptions.CHECKPOINT_DIR,
                                dir.resolve("checkpoints").toUri().toString())
                        .set(JobOptions.PARALLELISM, 2)
                        .set(JobOptions.PACKAGES, definitions.toString())
                        .set(JobOptions.PACKAGES_PATH, packagesPath);
        flinkSettings.forEach((key, value) -> JobOptions.flinkSetting(options, key, value));
        if (salts != null) {
            Path saltsFile = dir.resolve("salts.properties");
            Files.writeString(saltsFile, salts);
            options.set(JobOptions.PACKAGES_SALTS, saltsFile.toString());
        }
        return options;
    }
}
