package io.fanscore.cli.testutils;

import io.fanscore.jobs.FanScoringJob;
import io.fanscore.jobs.JobConfig;
import io.fanscore.jobs.JobOptions;
import io.fanscore.testutils.KafkaTestBroker;

import org.apache.flink.configuration.Configuration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A bounded run of the real job with audience packages, on a MiniCluster against the test broker,
 * in topics of its own ({@code <name>.<role>}): the interactions given in, package versions out
 * under {@code <dir>/packages}.
 */
public final class BoundedPackageJob {

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
                    "profiles");

    private final KafkaTestBroker kafka;
    private final String name;
    private final Path dir;

    public BoundedPackageJob(KafkaTestBroker kafka, String name, Path dir) {
        this.kafka = kafka;
        this.name = name;
        this.dir = dir;
    }

    public String topic(String role) {
        return name + "." + role;
    }

    /**
     * Creates the topics, sends {@code interactions} (key and value bytes), runs the job to the end
     * of its input with the packages of {@code definitionsYaml} (and salts, or null), and returns
     * the packages directory.
     */
    public Path run(
            List<Map.Entry<byte[], byte[]>> interactions, String definitionsYaml, String salts)
            throws Exception {
        kafka.createTopics(1, ROLES.stream().map(this::topic).toArray(String[]::new));
        kafka.produce(topic("interactions"), interactions);
        Path definitions = dir.resolve("packages.yaml");
        Files.writeString(definitions, definitionsYaml);
        Path packages = dir.resolve("packages");
        Configuration options =
                new Configuration()
                        .set(JobOptions.BOOTSTRAP, kafka.bootstrapServers())
                        .set(JobOptions.BOUNDED, true)
                        .set(JobOptions.JOB_NAME, name)
                        .set(JobOptions.GROUP_ID, name)
                        .set(JobOptions.TRANSACTIONAL_ID_PREFIX, name)
                        .set(JobOptions.INTERACTIONS_TOPIC, topic("interactions"))
                        .set(JobOptions.LIVE_TOPIC, topic("live"))
                        .set(JobOptions.PROFILES_TOPIC, topic("profiles"))
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
                        .set(JobOptions.PACKAGES_PATH, packages.toUri().toString());
        if (salts != null) {
            Path saltsFile = dir.resolve("salts.properties");
            Files.writeString(saltsFile, salts);
            options.set(JobOptions.PACKAGES_SALTS, saltsFile.toString());
        }
        FanScoringJob.execute(JobConfig.from(options));
        return packages;
    }
}
