package io.fanscore.bench;

import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.cli.kafka.LocalKafkaBroker;
import io.fanscore.cli.kafka.TopicSetup;
import io.fanscore.config.Durations;
import io.fanscore.connectors.FanscoreKafka;
import io.fanscore.connectors.kafka.EnvelopeDeserializer;
import io.fanscore.connectors.kafka.KafkaClients;
import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.FanScoringJob;
import io.fanscore.jobs.FanScoringPipeline;
import io.fanscore.jobs.FlinkSettings;
import io.fanscore.jobs.JobConfig;
import io.fanscore.jobs.JobOptions;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.TierChange;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.apache.kafka.clients.producer.KafkaProducer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * End-to-end throughput, Kafka → job → Kafka, exactly-once, RocksDB, parallelism 2: the scoring
 * pipeline against the reference job on the same input in the same process, alternating, and
 * reported as rates and their ratio (medians over the runs). The broker runs in its own JVM.
 *
 * <p>Options: {@code --events 1000000 --pairs 200000 --runs 5 --warm-ups 1 --port 19092 --timers
 * rocksdb|heap --checkpoint-interval 1s --pushes true|false --flink.<key> value}; {@code
 * --flink.<key>} is the job's own option, passed to both jobs (for example RocksDB tuning), on top
 * of what the job sets itself.
 */
public final class ThroughputBenchmark {

    private static final String INPUT = "bench.interactions";
    private static final String OUTPUT = "bench.output";
    private static final String DEAD = "bench.deadletter";
    private static final String LIVE = "bench.live";
    private static final String NOTIFICATIONS = "bench.notifications";
    private static final String DELTAS = "bench.audience-deltas";
    private static final String PACKAGE_CONTROL = "bench.audience-packages";
    private static final String PACKAGE_AUDIT = "bench.audience-package-audit";
    private static final String PROFILES = "bench.profiles";
    // Pushes are on as in production: their operators are in the graph, their topic empty (a
    // creator pushes a few times a month, nothing a throughput figure could show).
    private static final String PUSHES = "bench.pushes";
    private static final String PUSH_OUTCOMES = "bench.push-outcomes";
    private static final String PUSH_NOTIFICATIONS = "bench.push-notifications";

    /** Whether the push operators are in the graph ({@code --pushes false} leaves them out). */
    private static boolean pushes;

    /** Audience package definitions to run with ({@code --packages FILE}); none by default. */
    private static String packages;

    private static final int PARTITIONS = 4;

    /** Where RocksDB keeps timers: rocksdb (the production default) or heap. */
    private static String timers;

    /** Whether checkpoint barriers may overtake buffered records. */
    private static String unaligned;

    /** Checkpoint interval of both jobs. */
    private static String checkpointInterval;

    /** Managed memory of the embedded TaskManager, which RocksDB uses. */
    private static String managedMemory;

    /** The benchmark's {@code --flink.<key> value} options: Flink settings of both jobs. */
    private static Map<String, String> flinkOptions;

    /** How many pairs the input spreads over. */
    private static int pairs;

    /** The scoring profile, a file or a built-in name. */
    private static String profile;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        int events = Integer.parseInt(options.getOrDefault("events", "1000000"));
        pairs = Integer.parseInt(options.getOrDefault("pairs", "200000"));
        int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
        int warmUps = Integer.parseInt(options.getOrDefault("warm-ups", "1"));
        int port = Integer.parseInt(options.getOrDefault("port", "19092"));
        timers = options.getOrDefault("timers", "rocksdb");
        profile = options.getOrDefault("profile", "general");
        managedMemory = options.getOrDefault("managed-memory", "1g");
        unaligned = options.getOrDefault("unaligned", "false");
        pushes = Boolean.parseBoolean(options.getOrDefault("pushes", "true"));
        checkpointInterval = options.getOrDefault("checkpoint-interval", "1s");
        packages = options.get("packages");
        flinkOptions = new java.util.TreeMap<>();
        options.forEach(
                (key, value) -> {
                    if (key.startsWith(JobOptions.FLINK_PREFIX)) {
                        flinkOptions.put(key.substring(JobOptions.FLINK_PREFIX.length()), value);
                    }
                });

        FanscoreHome home = BenchHome.of("bench");
        LocalKafkaBroker broker = new LocalKafkaBroker(home);
        LocalKafkaBroker.Running running = broker.start(port, port + 1);
        try {
            String bootstrap = running.bootstrap();
            try (TopicSetup topics = new TopicSetup(bootstrap)) {
                topics.recreate(
                        List.of(
                                INPUT,
                                OUTPUT,
                                DEAD,
                                LIVE,
                                NOTIFICATIONS,
                                DELTAS,
                                PACKAGE_CONTROL,
                                PACKAGE_AUDIT,
                                PROFILES,
                                PUSHES,
                                PUSH_OUTCOMES,
                                PUSH_NOTIFICATIONS),
                        PARTITIONS);
            }
            long produceStart = System.nanoTime();
            try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(bootstrap)) {
                BenchWorkload.produce(producer, INPUT, events, pairs, 42);
            }
            System.out.printf(
                    "input: %,d interactions over %,d pairs, %d partitions (produced in %.1f s)%n",
                    events, pairs, PARTITIONS, (System.nanoTime() - produceStart) / 1e9);
            System.out.printf(
                    "machine: %d cores, Java %s, max heap %d MiB%n",
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"),
                    Runtime.getRuntime().maxMemory() >> 20);

            // A discarded warm-up of each job first: the first job of a JVM pays for class
            // loading and JIT, which made the first-running job look slower.
            for (int warmUp = 1; warmUp <= warmUps; warmUp++) {
                measure(bootstrap, home, events, "warm-reference-" + warmUp, true);
                measure(bootstrap, home, events, "warm-scoring-" + warmUp, false);
            }
            List<double[]> reference = new ArrayList<>();
            List<double[]> pipeline = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                // Alternate which job goes first, so neither always inherits the other's heat.
                boolean referenceFirst = run % 2 == 1;
                double[] first =
                        measure(bootstrap, home, events, "run-" + run + "-a", referenceFirst);
                double[] second =
                        measure(bootstrap, home, events, "run-" + run + "-b", !referenceFirst);
                double[] ref = referenceFirst ? first : second;
                double[] fan = referenceFirst ? second : first;
                reference.add(ref);
                pipeline.add(fan);
                System.out.printf(
                        "run %d (%s first): steady reference %,.0f, scoring %,.0f events/s (%.2f);"
                                + " whole run reference %,.0f, scoring %,.0f events/s (%.2f)%n",
                        run,
                        referenceFirst ? "reference" : "scoring",
                        ref[1],
                        fan[1],
                        fan[1] / ref[1],
                        ref[0],
                        fan[0],
                        fan[0] / ref[0]);
            }
            System.out.printf(
                    "median of %d: steady reference %,.0f, scoring %,.0f events/s, ratio %.2f;"
                            + " whole run reference %,.0f, scoring %,.0f events/s, ratio %.2f%n",
                    runs,
                    median(reference, 1),
                    median(pipeline, 1),
                    median(pipeline, 1) / median(reference, 1),
                    median(reference, 0),
                    median(pipeline, 0),
                    median(pipeline, 0) / median(reference, 0));
        } finally {
            if (!running.reused()) {
                broker.stop();
            }
        }
    }

    private static JobExecutionResult run(
            String bootstrap,
            FanscoreHome home,
            String name,
            BiConsumer<StreamExecutionEnvironment, JobConfig> graph)
            throws Exception {
        Configuration options =
                new Configuration()
                        .set(JobOptions.BOOTSTRAP, bootstrap)
                        .set(JobOptions.BOUNDED, true)
                        .set(JobOptions.JOB_NAME, name)
                        .set(JobOptions.GROUP_ID, name)
                        .set(JobOptions.TRANSACTIONAL_ID_PREFIX, name)
                        .set(JobOptions.INTERACTIONS_TOPIC, INPUT)
                        .set(JobOptions.TIER_CHANGES_TOPIC, OUTPUT)
                        .set(JobOptions.DEAD_LETTER_TOPIC, DEAD)
                        .set(JobOptions.LIVE_TOPIC, LIVE)
                        .set(JobOptions.LIVE_NOTIFICATIONS_TOPIC, NOTIFICATIONS)
                        .set(JobOptions.AUDIENCE_DELTAS_TOPIC, DELTAS)
                        .set(JobOptions.PACKAGE_CONTROL_TOPIC, PACKAGE_CONTROL)
                        .set(JobOptions.PACKAGE_AUDIT_TOPIC, PACKAGE_AUDIT)
                        .set(JobOptions.PROFILES_TOPIC, PROFILES)
                        .set(JobOptions.PUSHES_TOPIC, pushes ? PUSHES : "")
                        .set(JobOptions.PUSH_OUTCOMES_TOPIC, PUSH_OUTCOMES)
                        .set(JobOptions.PUSH_NOTIFICATIONS_TOPIC, PUSH_NOTIFICATIONS)
                        .set(JobOptions.PROFILE, profile)
                        .set(JobOptions.CHECKPOINT_INTERVAL, Durations.parse(checkpointInterval))
                        .set(JobOptions.CHECKPOINT_DIR, home.checkpointsUri())
                        .set(JobOptions.PARALLELISM, 2);
        if (packages != null) {
            options.set(JobOptions.PACKAGES, packages)
                    .set(
                            JobOptions.PACKAGES_PATH,
                            home.dataDir().resolve("packages-" + name).toUri().toString());
        }
        flinkOptions.forEach((key, value) -> JobOptions.flinkSetting(options, key, value));
        JobConfig config = JobConfig.from(options);
        Configuration conf = FlinkSettings.forJob(config);
        conf.setString("state.backend.rocksdb.timer-service.factory", timers.toUpperCase());
        // The embedded cluster's default of 128 MiB managed memory starves RocksDB; a real
        // TaskManager gives it a share of several GiB (flink-conf/config.yaml).
        conf.setString("taskmanager.memory.managed.size", managedMemory);
        conf.setString("execution.checkpointing.unaligned.enabled", unaligned);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        graph.accept(env, config);
        return env.execute(name);
    }

    private static void reference(StreamExecutionEnvironment env, JobConfig config) {
        ReferenceJob.build(
                env,
                source(config),
                FanscoreKafka.sink(
                        config.kafka(),
                        OUTPUT,
                        TierChange.class,
                        TierChange::getCreatorId,
                        DeliveryGuarantee.EXACTLY_ONCE,
                        config.transactionalIdPrefix()));
    }

    private static void scoring(StreamExecutionEnvironment env, JobConfig config) {
        FanScoringPipeline.of(config)
                .withAudience(config.audience())
                .build(env, FanScoringJob.inputs(config), FanScoringJob.outputs(config));
    }

    /** The reference reads with Flink's own Kafka source: the engine floor, no wrapper. */
    private static KafkaSource<SourceEnvelope<InteractionEvent>> source(JobConfig config) {
        return FanscoreKafka.source(
                config.kafka(),
                config.interactionsTopic(),
                config.groupId(),
                EnvelopeDeserializer.interactions(),
                config.bounded(),
                config.fromEarliest());
    }

    private static double rate(int events, JobExecutionResult result) {
        return events / (result.getNetRuntime(TimeUnit.MILLISECONDS) / 1000.0);
    }

    /** Whole-run and steady-state rates of one bounded run of one of the two jobs. */
    private static double[] measure(
            String bootstrap, FanscoreHome home, int events, String name, boolean reference)
            throws Exception {
        String job = (reference ? "reference-" : "scoring-") + name;
        try (ConsumedProgress progress = new ConsumedProgress(bootstrap, job);
                CheckpointSizeProbe state =
                        new CheckpointSizeProbe(
                                java.nio.file.Path.of(
                                        java.net.URI.create(home.checkpointsUri())))) {
            JobExecutionResult result =
                    run(
                            bootstrap,
                            home,
                            job,
                            reference
                                    ? ThroughputBenchmark::reference
                                    : ThroughputBenchmark::scoring);
            long bytes = state.lastCheckpointBytes();
            List<Double> durations =
                    state.durationsMillis().stream().map(Long::doubleValue).toList();
            System.out.printf(
                    "  %s: last checkpoint %,d bytes, %.0f bytes per pair; %d checkpoints timed,"
                            + " trigger → complete median %.0f ms, max %.0f ms%n",
                    job,
                    bytes,
                    bytes / (double) pairs,
                    durations.size(),
                    durations.isEmpty() ? Double.NaN : median(durations),
                    durations.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
            return new double[] {rate(events, result), progress.steadyRate(events)};
        }
    }

    private static double median(List<double[]> rates, int which) {
        List<Double> values = new ArrayList<>();
        for (double[] rate : rates) {
            values.add(rate[which]);
        }
        return median(values);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
