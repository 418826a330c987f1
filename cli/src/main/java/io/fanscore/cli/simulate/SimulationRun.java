package io.fanscore.cli.simulate;

import io.fanscore.cli.kafka.CommittedTopicReader;
import io.fanscore.cli.kafka.TopicSetup;
import io.fanscore.connectors.avro.DecodeException;
import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.connectors.kafka.KafkaEndpoint;
import io.fanscore.jobs.FanScoringJob;
import io.fanscore.jobs.JobConfig;
import io.fanscore.jobs.scoring.PairScoringOperator;
import io.fanscore.packageformat.FormatException;
import io.fanscore.packageformat.LocalPackageTree;
import io.fanscore.packageformat.VersionManifest;
import io.fanscore.schema.PushOutcome;
import io.fanscore.schema.TierChange;

import org.apache.flink.api.common.JobExecutionResult;

import org.apache.avro.specific.SpecificRecordBase;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One replay of the recorded input under one profile: the real job, bounded, on this process's
 * MiniCluster, its outputs in topics of its own (never the live ones) and its package versions in a
 * directory of its own; then the figures of what it wrote.
 */
public final class SimulationRun {

    /**
     * What is replayed.
     *
     * @param pushes the pushes topic, null for none
     * @param packages a package definitions file, null for none
     * @param salts its salts file, null for none
     * @param kafkaConfig Kafka client properties for the job, null for none
     */
    public record Input(
            String interactions,
            String live,
            String pushes,
            Path packages,
            Path salts,
            Path kafkaConfig) {}

    private final KafkaEndpoint kafka;
    private final String bootstrap;
    private final Path workDir;
    private final String prefix;

    /**
     * @param prefix names this run's topics ({@code <prefix>.tier-changes}, ...), group and
     *     transactional ids
     */
    public SimulationRun(KafkaEndpoint kafka, String bootstrap, Path workDir, String prefix) {
        this.kafka = kafka;
        this.bootstrap = bootstrap;
        this.workDir = workDir;
        this.prefix = prefix;
    }

    /** Replays {@code input} with every creator under {@code profile}. */
    public SimulationFigures run(String profile, Input input) throws Exception {
        try (TopicSetup topics = new TopicSetup(kafka)) {
            topics.createMissing(outputTopics(), TopicSetup.REPLAY_PARTITIONS);
        }
        JobConfig config = FanScoringJob.configure(jobArgs(profile, input).toArray(String[]::new));
        JobExecutionResult result = FanScoringJob.execute(config);
        long candidates = 0;
        for (Map.Entry<String, Object> accumulator : result.getAllAccumulatorResults().entrySet()) {
            if (accumulator.getKey().startsWith(PairScoringOperator.ACCUMULATOR_PREFIX)) {
                candidates += ((Number) accumulator.getValue()).longValue();
            }
        }
        return SimulationFigures.of(
                read(topic("tier-changes"), TierChange.class),
                config.profile().clock(),
                candidates,
                count(topic("live-notifications")),
                input.pushes() == null
                        ? List.of()
                        : read(topic("push-outcomes"), PushOutcome.class),
                input.pushes() == null ? 0 : count(topic("push-notifications")),
                input.packages() == null ? Map.of() : packageVersions(packagesDir()),
                count(topic("deadletter")));
    }

    /** The topics this run writes, to create before and delete after. */
    public List<String> outputTopics() {
        return Stream.of(
                        "tier-changes",
                        "live-notifications",
                        "deadletter",
                        "push-outcomes",
                        "push-notifications",
                        "audience-deltas",
                        "package-control",
                        "package-audit")
                .map(this::topic)
                .toList();
    }

    private List<String> jobArgs(String profile, Input input) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--bootstrap=" + bootstrap,
                                "--bounded=true",
                                "--profile=" + profile,
                                "--job-name=" + prefix,
                                "--group-id=" + prefix,
                                "--transactional-id-prefix=" + prefix,
                                "--topic.interactions=" + input.interactions(),
                                "--topic.live=" + input.live(),
                                "--topic.profiles=",
                                "--topic.erasures=",
                                "--topic.pushes=" + (input.pushes() == null ? "" : input.pushes()),
                                "--topic.tier-changes=" + topic("tier-changes"),
                                "--topic.live-notifications=" + topic("live-notifications"),
                                "--topic.deadletter=" + topic("deadletter"),
                                "--topic.push-outcomes=" + topic("push-outcomes"),
                                "--topic.push-notifications=" + topic("push-notifications"),
                                "--checkpoint-dir=" + workDir.resolve("checkpoints").toUri(),
                                "--checkpoint-interval=2s"));
        if (input.kafkaConfig() != null) {
            args.add("--kafka-config=" + input.kafkaConfig());
        }
        if (input.packages() != null) {
            args.addAll(
                    List.of(
                            "--packages=" + input.packages(),
                            "--packages.path=" + packagesDir().toUri(),
                            "--topic.audience-deltas=" + topic("audience-deltas"),
                            "--topic.package-control=" + topic("package-control"),
                            "--topic.package-audit=" + topic("package-audit")));
            if (input.salts() != null) {
                args.add("--packages.salts=" + input.salts());
            }
        }
        return args;
    }

    private Path packagesDir() {
        return workDir.resolve("packages");
    }

    private String topic(String role) {
        return prefix + "." + role;
    }

    private <T extends SpecificRecordBase> List<T> read(String topic, Class<T> type) {
        SingleObjectCodec<T> codec = new SingleObjectCodec<>(type);
        List<T> records = new ArrayList<>();
        new CommittedTopicReader(kafka)
                .readAll(
                        topic,
                        record -> {
                            try {
                                records.add(codec.decode(record.value()));
                            } catch (DecodeException e) {
                                throw new IllegalStateException(
                                        "the job wrote an undecodable record to " + topic, e);
                            }
                        });
        return records;
    }

    private long count(String topic) {
        return new CommittedTopicReader(kafka).readAll(topic, record -> {});
    }

    /** Each package's members at every version's cut-off (0 for one below its minimum size). */
    public static Map<String, NavigableMap<Long, Long>> packageVersions(Path root)
            throws IOException {
        Map<String, NavigableMap<Long, Long>> history = new TreeMap<>();
        LocalPackageTree tree = new LocalPackageTree(root);
        for (VersionManifest latest : tree.latestVersions()) {
            NavigableMap<Long, Long> versions = new TreeMap<>();
            for (int version : tree.versions(latest.packageId())) {
                try {
                    tree.manifest(latest.packageId(), version)
                            .ifPresent(m -> versions.put(m.cutoff(), m.memberCount()));
                } catch (FormatException e) {
                    throw new IOException(e);
                }
            }
            history.put(latest.packageId().value(), versions);
        }
        return history;
    }
}
